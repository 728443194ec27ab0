"""The conversation engine: one pure function from (state, message) to (replies, state).

Order of work for free text: clean it, detect risk flags (always, first), then
commands, then the guided flow in progress, then the matcher. Button presses are
routed by their data prefix. Nothing here does I/O beyond reading content at load.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.engine import callbacks
from bot.engine.actions import COMMAND, Actions
from bot.engine.content import Content
from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST, Analysis, Button, Incoming, Reply, Turn
from bot.engine.events import Asked, Event, FlowStarted, RiskCheckFailed
from bot.engine.flows import FlowOutcome, FlowRunner
from bot.engine.labels import KEYS as LABEL_KEYS
from bot.engine.labels import Labels
from bot.engine.manners import MannerRules, Manners, last_answer, remember, repeats
from bot.engine.referrals import Referrals
from bot.engine.render import Renderer
from bot.nlu.intent import Intent
from bot.nlu.label import LabelReader
from bot.nlu.matcher import Match, Matcher
from bot.nlu.reader import Reader
from bot.nlu.risk import RiskDetector, RiskReading
from bot.nlu.semantic import SemanticIndex
from bot.nlu.text import Vocabulary, clean

#: Outcome reported for free text consumed by a guided flow (never stored as text).
FLOW = "flow"
#: Outcome reported for a pasted label or a photo's text (never stored as text).
LABEL = "label"
#: Outcomes whose text a content editor needs (to write new examples); longest text kept.
TEXT_OUTCOMES = frozenset({SUGGEST, FALLBACK})
MAX_KEPT_TEXT = 500
#: Typed words that leave a guided flow.
CANCEL_WORDS = frozenset({"cancel", "stop", "quit", "exit", "abort", "cancel it", "stop it"})
#: For this long after an exchange about skincare, a follow-up with no skincare word in it
#: ("how often?", "is it worth it?") is still read as being about skincare.
CONTEXT_SECONDS = 15 * 60
#: When a risk flag's own topic is the best match, another question in the same message is
#: answered instead if it scores at least this much and trails by at most this much.
RISK_SWITCH_MIN_SCORE, RISK_SWITCH_MAX_GAP = 65.0, 25.0
#: Most inline results offered for one query.
INLINE_LIMIT = 3


class Engine(Actions):
    """Answer messages from the content catalogue; hold no per-user state."""

    def __init__(self, content: Content, *, retention_days: int = 30, flow_timeout_hours: float = 24,
                 semantic: SemanticIndex | None = None) -> None:
        self.root = content.root
        self.intents: dict[str, Intent] = content.intents
        self.vocabulary = Vocabulary(**content.vocabulary)
        self.matcher = Matcher(self.intents, self.vocabulary, semantic=semantic)
        self.reader = Reader(self.matcher, self.intents, tuple(content.navigation.get("product_name") or ()))
        self.risk = RiskDetector(content.risk_rules, content.risk_words)
        self.renderer = Renderer(content.templates)
        self.flows = FlowRunner.load(content.flows, self.renderer.render, content.flow_words, content.glossary)
        navigation = content.navigation
        self.menu = tuple(Button(b["label"], b["data"]) for b in navigation["menu"])
        self.flag_topics: dict[str, str] = dict(navigation.get("flag_topics") or {})
        self.manners = Manners(MannerRules.from_content(content.manners), self.intents, self.renderer,
                               self._answer, self.menu)
        self.referrals = Referrals(self.renderer, self.intents, self.flag_topics,
                                   frozenset(navigation.get("risk_refusals") or ()))
        self.retention_days = retention_days
        self.flow_timeout_s = flow_timeout_hours * 3600
        self.labels = (Labels(LabelReader(content.label_rules), self.flows, self.renderer.render)
                       if content.label_rules and "checklist" in self.flows.flows else None)

    # -- public API ------------------------------------------------------------
    def new_state(self) -> dict[str, Any]:
        """Return the state of a conversation that has not started."""
        return {"flow": None, "topic_at": None, "last": None, "repeat": 0}

    def analyse(self, text: str) -> Analysis:
        """Classify one message without any conversation state."""
        text = clean(text)
        reading = self.risk.read_safely(text)
        if self._english_only(text, reading):
            return Analysis(FALLBACK, risks=reading.flags)
        return self._analysis(self._match(text, reading.flags), reading.flags)

    def handle(self, state: dict[str, Any] | None, incoming: Incoming) -> Turn:
        """Answer one incoming message and return the replies, the new state and the events."""
        turn = self._handle(self._current_state(state, incoming.now), incoming)
        if self.labels is not None:
            turn.replies, turn.state = self.labels.after(turn.state, turn.replies)
        return turn

    def _handle(self, state: dict[str, Any], incoming: Incoming) -> Turn:
        """Answer one message in a current state (the label reading and products are handled around it)."""
        if incoming.button is not None:
            return self._on_button(state, incoming.button, incoming.now)
        state.pop("label", None)  # a typed message leaves a label reading's card
        text = clean(incoming.text or "")
        photo = incoming.photo and self.labels is not None
        if photo and not text:
            return Turn([self.system_reply("photo_unreadable")], state)
        if not text and self.flows.active(state["flow"]):
            return self._in_flow(state, text, (), incoming.now)  # an empty line re-asks the question
        if not text:
            return Turn([self.system_reply("empty", buttons=self.menu)], state)
        checked = self.labels.risk_text(text, photo, state["flow"]) if self.labels is not None else text
        reading = self.risk.read_safely(checked)
        risks = reading.flags
        if photo:
            turn = self._on_label(state, text, risks)
        elif text.startswith("/"):
            turn = self._on_command(state, text, risks, incoming.now)
        elif state["flow"]:
            turn = self._in_flow(state, text, risks, incoming.now)
        elif self._english_only(text, reading):
            turn = self._on_foreign(state, reading)
        else:
            turn = self._on_question(state, text, risks, incoming.now, general=reading.general_flags)
            self._remind(turn, reading)
        if reading.failed:
            turn.replies.insert(0, self.referrals.unchecked())
            turn.events.insert(0, RiskCheckFailed(reading.error))
        if turn.analysis is not None:
            in_flow = self.flows.active(state["flow"]) or self.flows.active(turn.state["flow"]) or bool(
                state["flow"] and self.flows.is_closed(state["flow"]))
            turn.events.insert(0, self._asked(turn.analysis, text, in_flow, reading))
        return turn

    def _on_label(self, state: dict[str, Any], text: str, risks: tuple[str, ...]) -> Turn:
        """Show what a pasted label (or a photo's text) shows, ready to pre-fill the checklist; never keep the text."""
        assert self.labels is not None
        if "urgent" in risks:  # an emergency is the emergency line alone
            return Turn([self._referral(risks)], dict(state, flow=None), Analysis(LABEL, risks=risks))
        card, state = self.labels.on_text(state, text)
        lead = [self._referral(risks)] if risks else []
        return Turn([*lead, card], state, Analysis(LABEL, risks=risks))

    def _asked(self, analysis: Analysis, text: str, in_flow: bool, reading: RiskReading | None = None) -> Asked:
        """Describe a free-text message for the store; keep its text only when an editor needs it and may see it."""
        # Never inside a flow, nor when the message sets a flag, names a health condition, medicine or
        # procedure (flagged or not), is not in English, or could not be checked.
        health = reading is not None and (reading.flags or reading.general_flags or reading.health_mention
                                          or reading.foreign or reading.failed)
        keep = analysis.outcome in TEXT_OUTCOMES and not analysis.risks and not in_flow and not health
        return Asked(analysis.outcome, analysis.intent, float(analysis.score), analysis.risks,
                     text.strip()[:MAX_KEPT_TEXT] if keep else None)

    def system_reply(self, name: str, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
        """Render one of the fixed replies in answers/system/."""
        return Reply(self.renderer.render(f"system/{name}.j2", context), buttons)

    def inline_answers(self, text: str, limit: int = INLINE_LIMIT) -> list[tuple[str, str]]:
        """Return (title, html) answers to offer for an inline query; a risky query gets only the referral."""
        text = clean(text)
        if not text:
            return []
        reading = self.risk.read_safely(text)
        if reading.failed:
            return [("Talk to a clinician first", self.referrals.unchecked().text)]
        if reading.flags:
            return [("Talk to a clinician first", self.referrals.text(reading.flags))]
        if reading.foreign:
            return []
        match = self.reader.read(text)
        ids = [match.intent] if match.outcome == ANSWER else list(match.suggestions)
        ids = [i for i in ids if i in self.intents and i not in self.reader.out_of_scope]
        return [(self.intents[i].title, self.answer_text(i)) for i in ids[:limit]]

    def answer_text(self, intent_id: str) -> str:
        """Return the rendered answer of an intent."""
        return self.renderer.static(f"{intent_id}.j2")

    # -- state -------------------------------------------------------------------
    def _current_state(self, state: dict[str, Any] | None, now: float) -> dict[str, Any]:
        """Copy the state, upgrading anything malformed and dropping an abandoned flow."""
        fresh = self.new_state()
        if isinstance(state, dict):
            kept = set(fresh) | {k for k in LABEL_KEYS if isinstance(state.get(k), dict | list) and state[k]}
            fresh.update(copy.deepcopy({k: v for k, v in state.items() if k in kept}))
        flow = fresh.get("flow")
        if flow is not None and (not isinstance(flow, dict) or flow.get("flow") not in self.flows.flow_ids):
            fresh["flow"] = None
        elif flow is not None and self.flows.expired(flow, now, self.flow_timeout_s):
            fresh["flow"] = self.flows.after_expiry(flow, now)  # a flow in progress says once that it closed
        return fresh

    def _match(self, text: str, risks: tuple[str, ...], context: bool = False) -> Match:
        """Match a message; when a risk flag's own topic wins or ties, prefer a strong other question.

        "I'm breastfeeding. Should I keep my serum in the fridge?" gets the breastfeeding referral anyway
        (with a button to that topic), so the answer should be about storage; unless the classifier clearly
        prefers the flag's topic ("in remission from cancer, can i use exosomes"). A health refusal of a
        message about exosomes gives way to the flag's topic: the referral answers it.
        """
        match = self.reader.read(text, context=context)
        topics = {self.flag_topics.get(flag) for flag in risks}
        if (answered := self.referrals.refusal_match(match, risks)) is not match:
            return answered
        if match.outcome == FALLBACK or (match.outcome == ANSWER and match.intent not in topics):
            return match
        if match.intent in topics and match.also:  # the other question, asked in a clause of its own
            score = dict(match.ranked).get(match.also[0], match.score)
            return Match(ANSWER, match.also[0], round(score, 1), ranked=match.ranked, in_domain=match.in_domain)
        others = [(i, score) for i, score in match.ranked
                  if i not in topics and self.intents[i].kind == "knowledge"]
        close_call = match.outcome == SUGGEST and bool(topics & set(match.suggestions))
        # A "did you mean" with no skincare word is never turned into another topic's answer.
        if (match.intent in topics or close_call) and others and (match.outcome == ANSWER or match.in_domain):
            best, score = others[0]
            runner_up = others[1][1] if len(others) > 1 else 0.0
            if (score >= RISK_SWITCH_MIN_SCORE and match.score - score <= RISK_SWITCH_MAX_GAP
                    and score - runner_up >= self.matcher.t["margin"]
                    and not (match.intent and self.reader.prefers(text, match.intent, best))):
                return Match(ANSWER, best, round(score, 1), ranked=match.ranked, in_domain=match.in_domain)
        return match

    def _in_context(self, state: dict[str, Any], now: float) -> bool:
        """Tell whether the conversation was about skincare a moment ago."""
        last = state.get("topic_at")
        return isinstance(last, int | float) and 0 <= now - last <= CONTEXT_SECONDS

    def _with_flow(self, state: dict[str, Any], outcome: FlowOutcome) -> dict[str, Any]:
        """Return the state after a flow step."""
        return dict(state, flow=outcome.fstate)

    def _settled(self, match: Match) -> bool:
        """Whether a reading stands in a conversation: an answer, unless a refusal made on the words alone."""
        return match.outcome == ANSWER and (bool(match.nearest) or match.intent not in self.reader.out_of_scope)

    # -- free text ---------------------------------------------------------------
    def _on_question(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float,
                     general: tuple[str, ...] = ()) -> Turn:
        """Answer a free-text question outside any flow."""
        recent = self._in_context(state, now)
        last = last_answer(state, self.intents, recent)
        if self.labels is not None and self.labels.is_compare(text):
            return Turn([self.labels.compare(state)], state, Analysis(COMMAND, risks=risks))
        if self.labels is not None and self.labels.looks_like(text):
            return self._on_label(state, text, risks)
        if not risks and (typed := self.manners.typed(text)):  # "back", "no idea": not questions
            return self.manners.typed_turn(typed, state)
        if not risks and self.manners.is_emoji_ack(text):
            return self.manners.ack_turn(state, last)
        match = self._match(text, risks)
        if recent and not self._settled(match):  # a follow-up ("how often?") is read in context, but a request
            again = self._match(text, risks, context=True)  # the classifier would refuse gets no topic from it
            match = match if again.intent not in self.reader.out_of_scope and self.reader.refuses(text) else again
        match = self.manners.normality(text, match, last)
        match = self.referrals.general_match(match, general) if general and not risks else match
        analysis = self._analysis(match, risks)
        if match.outcome in (ANSWER, SUGGEST) and match.intent and self.intents[match.intent].kind == "knowledge":
            state = dict(state, topic_at=now)
        replies: list[Reply] = []
        if risks:
            replies.append(self._referral(risks))
            if "urgent" in risks:
                return Turn(replies, state, analysis)
        intent = self.intents.get(match.intent or "")
        if match.outcome == ANSWER and intent is not None:
            if intent.flow:
                return self._start_flow(state, intent.flow, now, replies, analysis, risks)
            topics = [self.flag_topics.get(flag) for flag in risks]
            replies += self.manners.answer(intent, last, topics, analysis.also, repeats(state, last))
            state = remember(state, intent, last)
        elif match.outcome == SUGGEST:
            replies.append(self._suggestions(match))
        elif not risks:
            replies.append(self.system_reply("fallback", buttons=self._fallback_buttons()))
        return Turn(replies, state, analysis)

    def _in_flow(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float) -> Turn:
        """Handle free text while a guided flow waits for an answer (or shows its result card)."""
        fstate = state["flow"]
        analysis = Analysis(FLOW, risks=risks)
        if self.flows.is_closed(fstate):
            return self._after_closed(state, text, risks, now)
        if self.flows.is_card(fstate):
            outcome = self.flows.on_card_text(fstate, text, now)
            if outcome is None:  # anything but "change …" closes the card and is read as usual
                return self._on_question(dict(state, flow=None), text, risks, now)
            return self._flow_turn(state, [], outcome, analysis)
        if "urgent" in risks:
            return Turn([self._referral(risks)], dict(state, flow=None), analysis)
        if text.lower().strip(" .!") in CANCEL_WORDS:
            outcome = self.flows.cancel(fstate)
            return Turn(outcome.replies, self._with_flow(state, outcome), analysis)
        if self.labels is not None and fstate.get("flow") == "checklist" and self.labels.looks_like(text):
            return self._on_label(state, text, risks)
        outcome = self.flows.on_text(fstate, text, risks, now)
        if outcome.quiet:  # a question about the question's words: not the person's own risk
            analysis = Analysis(FLOW)
        if not outcome.ask_matcher:
            return self._flow_turn(state, [], outcome, analysis)
        match = self.matcher.match(text, context=True)  # a guided flow is about skincare
        intent = self.intents.get(match.intent or "")
        if match.outcome == ANSWER and intent is not None and intent.kind == "knowledge":
            # A question asked mid-flow: answer it, then offer to carry on.
            fstate = outcome.fstate or fstate
            replies = [*outcome.replies, self._answer(intent)]
            offer = self.flows.continue_offer(fstate)
            if offer is not None:
                replies.append(offer)
                fstate = self.flows.offered(fstate)
            return Turn(replies, dict(state, flow=fstate), self._analysis(match, risks))
        unclear = self.flows.on_unclear(outcome.fstate or fstate, now, notice=outcome.notice)
        unclear.replies[:0] = outcome.replies
        return self._flow_turn(state, [], unclear, analysis)

    def _after_closed(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float) -> Turn:
        """Say once that a flow left too long was closed; a real question still gets its answer."""
        notice = self.flows.closed_notice(state["flow"], now)
        state = dict(state, flow=None)
        if self.flows.looks_like_answer(text) and not risks:
            return Turn(notice.replies, state, Analysis(FLOW))
        turn = self._on_question(state, text, risks, now)
        turn.replies[:0] = notice.replies
        return turn

    def _start_flow(self, state: dict[str, Any], flow_id: str, now: float, lead: list[Reply] | None = None,
                    analysis: Analysis | None = None, risks: tuple[str, ...] = ()) -> Turn:
        """Start a guided flow after any leading replies; a screening records the flags just typed."""
        outcome = self.flows.start(flow_id, now)
        if risks and outcome.fstate is not None:
            outcome.fstate = self.flows.on_risks(outcome.fstate, risks, now)
        return Turn((lead or []) + outcome.replies, self._with_flow(state, outcome), analysis,
                    events=[FlowStarted(flow_id)])

    def _flow_turn(self, state: dict[str, Any], replies: list[Reply], outcome: FlowOutcome,
                   analysis: Analysis | None = None) -> Turn:
        """Wrap a flow step as a turn, passing on a finished flow's result."""
        events: list[Event] = [outcome.result] if outcome.result else []
        return Turn(replies + outcome.replies, self._with_flow(state, outcome), analysis, events=events)

    # -- building replies ----------------------------------------------------------
    def _analysis(self, match: Match, risks: tuple[str, ...]) -> Analysis:
        """Describe a match for adapters, the CLI and the store."""
        refused = match.outcome == ANSWER and match.intent in self.reader.out_of_scope
        also = tuple(getattr(match, "also", ()))
        return Analysis(match.outcome, match.intent, match.score, match.suggestions, risks, refused, also)

    def _answer(self, intent: Intent) -> Reply:
        """Render an intent's answer with its follow-up (and feedback) buttons."""
        buttons = [Button(self.intents[r].title, callbacks.answer(r)) for r in intent.related if r in self.intents]
        if not buttons:
            buttons = list(self.menu)
        if intent.wants_feedback:
            buttons += [Button("👍", callbacks.feedback(1, intent.id)), Button("👎", callbacks.feedback(-1, intent.id))]
        return Reply(self.answer_text(intent.id), tuple(buttons))

    def _suggestions(self, match: Match) -> Reply:
        """Offer up to three 'did you mean' buttons."""
        buttons = [Button(self.intents[i].title, callbacks.answer(i)) for i in match.suggestions if i in self.intents]
        buttons.append(Button("None of these", callbacks.menu()))
        return self.system_reply("suggest", buttons=tuple(buttons))

    def _fallback_buttons(self) -> tuple[Button, ...]:
        """Buttons offered when nothing matched: the guided flows and the menu."""
        flows = tuple(b for b in self.menu if (press := callbacks.parse(b.data)) and press.kind == callbacks.START)
        return flows + (Button("Main menu", callbacks.menu()),)

    def _referral(self, risks: tuple[str, ...]) -> Reply:
        """Build the clinician referral that leads any reply to a risky message."""
        return self.referrals.reply(risks)

    # -- general mentions and other languages ------------------------------------
    def _remind(self, turn: Turn, reading: RiskReading) -> None:
        """Add the one-line reminder to see a clinician under the answer to a general question."""
        if reading.general_flags and not reading.flags and turn.replies and not turn.state.get("flow"):
            first = turn.replies[0]
            line = self.referrals.reminder(reading.general_flags)
            turn.replies[0] = Reply(f"{first.text}\n\n{line}", first.buttons, first.edit)

    def _english_only(self, text: str, reading: RiskReading) -> bool:
        """Whether a message gets "I read English only": in another language, and not small talk the words know.

        "danke schön", "ciao ciao" or "merci beaucoup" are answered like "thanks" or "bye"; a risk word
        or anything else in another language is not read further.
        """
        if not reading.foreign or reading.flags:
            return reading.foreign
        match = self.matcher.match(text)
        intent = self.intents.get(match.intent or "")
        return not (match.outcome == ANSWER and intent is not None and intent.kind == "conversation"
                    and not intent.flow)

    def _on_foreign(self, state: dict[str, Any], reading: RiskReading) -> Turn:
        """A message in another language: the referral its risk words call for, then "I read English only"."""
        analysis = Analysis(FALLBACK, risks=reading.flags)
        replies = [self._referral(reading.flags)] if reading.flags else []
        if reading.urgent:
            return Turn(replies, state, analysis)
        reminder = self.referrals.reminder(reading.general_flags) if reading.general_flags and not reading.flags else ""
        replies.append(self.system_reply("english_only", buttons=self.menu, reminder=reminder))
        return Turn(replies, state, analysis)
