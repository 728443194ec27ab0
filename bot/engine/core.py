"""The conversation engine: one pure function from (state, message) to (replies, state).

Order of work for free text: clean it, detect risk flags (always, first), then
commands, then the guided flow in progress, then the matcher. Button presses are
routed by their data prefix. Nothing here does I/O beyond reading content at load.
"""

from __future__ import annotations

import copy
from typing import Any

from bot.engine.content import Content
from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST, Analysis, Button, Incoming, Reply, Turn
from bot.engine.events import Asked, EraseRequested, Feedback, FlowStarted
from bot.engine.flows import FlowOutcome, FlowRunner
from bot.engine.render import Renderer
from bot.nlu.intent import Intent
from bot.nlu.matcher import Match, Matcher
from bot.nlu.risk import FLAGS, RiskDetector
from bot.nlu.text import Vocabulary, clean

STATE_VERSION = 1
#: Outcome reported for free text consumed by a guided flow (never stored as text).
FLOW = "flow"
#: Outcome reported for commands.
COMMAND = "command"
#: Outcomes whose text a content editor needs (to write new examples); longest text kept.
TEXT_OUTCOMES = frozenset({SUGGEST, FALLBACK})
MAX_KEPT_TEXT = 500
#: Typed words that leave a guided flow.
CANCEL_WORDS = frozenset({"cancel", "stop", "quit", "exit", "abort", "/cancel", "cancel it", "stop it"})
#: For this long after an exchange about skincare, a follow-up with no skincare word in it
#: ("how often?", "is it worth it?") is still read as being about skincare.
CONTEXT_SECONDS = 15 * 60
#: When a risk flag's own topic is the best match, another question in the same message is
#: answered instead if it scores at least this much and trails by at most this much.
RISK_SWITCH_MIN_SCORE, RISK_SWITCH_MAX_GAP = 65.0, 25.0
#: Most inline results offered for one query.
INLINE_LIMIT = 3


class Engine:
    """Answer messages from the content catalogue; hold no per-user state."""

    def __init__(self, content: Content, *, retention_days: int = 30, flow_timeout_hours: float = 24) -> None:
        self.root = content.root
        self.intents: dict[str, Intent] = content.intents
        self.vocabulary = Vocabulary(**content.vocabulary)
        self.matcher = Matcher(self.intents, self.vocabulary)
        self.risk = RiskDetector(content.risk_rules)
        self.renderer = Renderer(content.templates)
        self.flows = FlowRunner.load(content.flows, self.renderer.render, content.flow_words, content.glossary)
        navigation = content.navigation
        self.menu = tuple(Button(b["label"], b["data"]) for b in navigation["menu"])
        self.flag_topics: dict[str, str] = dict(navigation.get("flag_topics") or {})
        self.flow_commands: dict[str, str] = dict(navigation.get("commands") or {})
        self.retention_days = retention_days
        self.flow_timeout_s = flow_timeout_hours * 3600

    # -- public API ------------------------------------------------------------
    def new_state(self) -> dict[str, Any]:
        """Return the state of a conversation that has not started."""
        return {"v": STATE_VERSION, "flow": None, "topic_at": None}

    def analyse(self, text: str) -> Analysis:
        """Classify one message without any conversation state."""
        text = clean(text)
        risks = self.risk.detect(text)
        return self._analysis(self._match(text, risks), risks)

    def handle(self, state: dict[str, Any] | None, incoming: Incoming) -> Turn:
        """Answer one incoming message and return the replies, the new state and the events."""
        state = self._current_state(state, incoming.now)
        if incoming.button is not None:
            return self._on_button(state, incoming.button, incoming.now)
        text = clean(incoming.text or "")
        if not text and self.flows.active(state["flow"]):
            return self._in_flow(state, text, (), incoming.now)  # an empty line re-asks the question
        if not text:
            return Turn([self.system_reply("empty", buttons=self.menu)], state)
        risks = self.risk.detect(text)
        if text.startswith("/"):
            turn = self._on_command(state, text, risks, incoming.now)
        elif state["flow"]:
            turn = self._in_flow(state, text, risks, incoming.now)
        else:
            turn = self._on_question(state, text, risks, incoming.now)
        if turn.analysis is not None:
            in_flow = self.flows.active(state["flow"]) or self.flows.active(turn.state["flow"]) or bool(
                state["flow"] and self.flows.is_closed(state["flow"]))
            turn.events.insert(0, self._asked(turn.analysis, text, in_flow=in_flow))
        return turn

    def _asked(self, analysis: Analysis, text: str, in_flow: bool) -> Asked:
        """Describe a free-text message for the store; keep its text only when an editor needs it and may see it."""
        keep = analysis.outcome in TEXT_OUTCOMES and not analysis.risks and not in_flow
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
        risks = self.risk.detect(text)
        if risks:
            return [("Talk to a clinician first", self._referral_text(risks))]
        match = self.matcher.match(text)
        ids = [match.intent] if match.outcome == ANSWER else list(match.suggestions)
        return [(self.intents[i].title, self.answer_text(i)) for i in ids[:limit] if i in self.intents]

    def answer_text(self, intent_id: str) -> str:
        """Return the rendered answer of an intent."""
        return self.renderer.static(f"{intent_id}.j2")

    # -- state -------------------------------------------------------------------
    def _current_state(self, state: dict[str, Any] | None, now: float) -> dict[str, Any]:
        """Copy the state, upgrading anything malformed and dropping an abandoned flow."""
        fresh = self.new_state()
        if isinstance(state, dict):
            fresh.update(copy.deepcopy({k: v for k, v in state.items() if k in fresh and k != "v"}))
        flow = fresh.get("flow")
        if flow is not None and (not isinstance(flow, dict) or flow.get("flow") not in self.flows.flow_ids):
            fresh["flow"] = None
        elif flow is not None and self.flows.expired(flow, now, self.flow_timeout_s):
            fresh["flow"] = self.flows.after_expiry(flow, now)  # a flow in progress says once that it closed
        return fresh

    def _match(self, text: str, risks: tuple[str, ...], context: bool = False) -> Match:
        """Match a message; when a risk flag's own topic wins or ties, prefer a strong other question.

        "I'm breastfeeding. Should I keep my serum in the fridge?" gets the breastfeeding
        referral anyway (with a button to that topic), so the answer should be about storage.
        """
        match = self.matcher.match(text, context=context)
        topics = {self.flag_topics.get(flag) for flag in risks}
        if match.outcome == FALLBACK or (match.outcome == ANSWER and match.intent not in topics):
            return match
        others = [(i, score) for i, score in match.ranked
                  if i not in topics and self.intents[i].kind == "knowledge"]
        close_call = match.outcome == SUGGEST and bool(topics & set(match.suggestions))
        if (match.intent in topics or close_call) and others:
            best, score = others[0]
            runner_up = others[1][1] if len(others) > 1 else 0.0
            if (score >= RISK_SWITCH_MIN_SCORE and match.score - score <= RISK_SWITCH_MAX_GAP
                    and score - runner_up >= self.matcher.t["margin"]):
                return Match(ANSWER, best, round(score, 1), ranked=match.ranked, in_domain=match.in_domain)
        return match

    def _in_context(self, state: dict[str, Any], now: float) -> bool:
        """Tell whether the conversation was about skincare a moment ago."""
        last = state.get("topic_at")
        return isinstance(last, int | float) and 0 <= now - last <= CONTEXT_SECONDS

    def _with_flow(self, state: dict[str, Any], outcome: FlowOutcome) -> dict[str, Any]:
        """Return the state after a flow step."""
        return dict(state, flow=outcome.fstate)

    # -- free text ---------------------------------------------------------------
    def _on_question(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float) -> Turn:
        """Answer a free-text question outside any flow."""
        match = self._match(text, risks, context=self._in_context(state, now))
        analysis = self._analysis(match, risks)
        if match.outcome in (ANSWER, SUGGEST) and self.intents[match.intent].kind == "knowledge":
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
            replies.append(self._answer(intent))
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
        outcome = self.flows.on_text(fstate, text, risks, now)
        if outcome.quiet:  # a question about the question's words: not the person's own risk
            analysis = Analysis(FLOW)
        if not outcome.ask_matcher:
            return self._flow_turn(state, [], outcome, analysis)
        match = self.matcher.match(text, context=True)  # a guided flow is about skincare
        intent = self.intents.get(match.intent or "")
        if match.outcome == ANSWER and intent is not None and intent.kind == "knowledge":
            # A question asked mid-flow: answer it, then offer to carry on.
            fstate = outcome.fstate
            replies = [*outcome.replies, self._answer(intent)]
            offer = self.flows.continue_offer(fstate)
            if offer is not None:
                replies.append(offer)
                fstate = self.flows.offered(fstate)
            return Turn(replies, dict(state, flow=fstate), self._analysis(match, risks))
        unclear = self.flows.on_unclear(outcome.fstate, now, notice=outcome.notice)
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
        events = [outcome.result] if outcome.result else []
        return Turn(replies + outcome.replies, self._with_flow(state, outcome), analysis, events=events)

    # -- commands ----------------------------------------------------------------
    def _on_command(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float) -> Turn:
        """Run a /command."""
        name = text[1:].split(maxsplit=1)[0].split("@", 1)[0].lower() if len(text) > 1 else ""
        # A command is not a question: nothing to record unless it carried a risk flag.
        analysis = Analysis(COMMAND, risks=risks) if risks else None
        lead = [self._referral(risks)] if risks else []
        if name == "start":
            reply = self.system_reply("welcome", buttons=self.menu)
            return Turn(lead + [reply], dict(state, flow=None), analysis)
        if name == "help":
            return Turn(lead + [Reply(self.answer_text("help"), self.menu)], state, analysis)
        if name in self.flow_commands:
            return self._start_flow(state, self.flow_commands[name], now, lead, analysis, risks)
        if name == "cancel":
            if state["flow"]:
                outcome = self.flows.cancel(state["flow"])
                return Turn(lead + outcome.replies, self._with_flow(state, outcome), analysis)
            return Turn(lead + [self.system_reply("nothing_to_cancel", buttons=self.menu)], state, analysis)
        if name == "privacy":
            reply = self.system_reply("privacy", retention_days=self.retention_days,
                                      flow_timeout_hours=round(self.flow_timeout_s / 3600))
            return Turn(lead + [reply], state, analysis)
        if name == "forget":
            buttons = (Button("Yes, erase everything", "forget:yes"), Button("No, keep it", "forget:no"))
            return Turn(lead + [self.system_reply("forget_confirm", buttons=buttons)], state, analysis)
        return Turn(lead + [self.system_reply("unknown_command")], state, analysis)

    # -- buttons -----------------------------------------------------------------
    def _on_button(self, state: dict[str, Any], data: str, now: float) -> Turn:
        """Act on a pressed button; anything unknown or stale gets the 'expired' reply."""
        kind, _, rest = data.partition(":")
        if kind == "i" and rest in self.intents:
            intent = self.intents[rest]
            if intent.flow:
                return self._start_flow(state, intent.flow, now)
            replies = [self._answer(intent)]
            offer = self.flows.continue_offer(state["flow"]) if state["flow"] else None
            if offer is not None:
                replies.append(offer)
                state = dict(state, flow=self.flows.offered(state["flow"]))
            return Turn(replies, dict(state, topic_at=now))
        if kind == "go" and rest in self.flows.flow_ids:
            return self._start_flow(state, rest, now)
        if kind == "m" and rest == "menu":
            return Turn([self.system_reply("menu", buttons=self.menu)], state)
        if kind in ("f", "fc") and state["flow"]:
            press = self.flows.on_button if kind == "f" else self.flows.on_card_button
            outcome = press(state["flow"], data, now)
            if outcome is not None:
                return self._flow_turn(state, [], outcome)
        if kind == "fb":
            vote, _, intent_id = rest.partition(":")
            if vote in ("+", "-") and intent_id in self.intents:
                value = 1 if vote == "+" else -1
                event = Feedback(intent_id, value)
                return Turn([self.system_reply("feedback_thanks", vote=value)], state, events=[event])
        if kind == "forget" and rest in ("yes", "no"):
            if rest == "yes":
                return Turn([self.system_reply("forget_done")], self.new_state(), events=[EraseRequested()])
            return Turn([self.system_reply("forget_cancelled")], state)
        return Turn([self.system_reply("expired", buttons=self.menu)], state)

    # -- building replies ----------------------------------------------------------
    def _analysis(self, match: Match, risks: tuple[str, ...]) -> Analysis:
        """Describe a match for adapters, the CLI and the store."""
        return Analysis(match.outcome, match.intent, match.score, match.suggestions, risks)

    def _answer(self, intent: Intent) -> Reply:
        """Render an intent's answer with its follow-up (and feedback) buttons."""
        buttons = [Button(self.intents[r].title, f"i:{r}") for r in intent.related if r in self.intents]
        if not buttons:
            buttons = list(self.menu)
        if intent.wants_feedback:
            buttons += [Button("👍", f"fb:+:{intent.id}"), Button("👎", f"fb:-:{intent.id}")]
        return Reply(self.answer_text(intent.id), tuple(buttons))

    def _suggestions(self, match: Match) -> Reply:
        """Offer up to three 'did you mean' buttons."""
        buttons = [Button(self.intents[i].title, f"i:{i}") for i in match.suggestions if i in self.intents]
        buttons.append(Button("None of these", "m:menu"))
        return self.system_reply("suggest", buttons=tuple(buttons))

    def _fallback_buttons(self) -> tuple[Button, ...]:
        """Buttons offered when nothing matched: the guided flows and the menu."""
        return tuple(b for b in self.menu if b.data.startswith("go:")) + (Button("Main menu", "m:menu"),)

    def _referral_text(self, risks: tuple[str, ...]) -> str:
        """Join the referral paragraphs for the flags, emergency first."""
        ordered = sorted(risks, key=lambda f: (f != "urgent", FLAGS.index(f) if f in FLAGS else len(FLAGS)))
        return "\n\n".join(self.renderer.static(f"referrals/{flag}.j2") for flag in ordered)

    def _referral(self, risks: tuple[str, ...]) -> Reply:
        """Build the clinician referral that leads any reply to a risky message."""
        topics: list[str] = []
        for flag in risks:
            topic = self.flag_topics.get(flag)
            if topic in self.intents and topic not in topics:
                topics.append(topic)
        buttons = tuple(Button(self.intents[t].title, f"i:{t}") for t in topics)
        if "urgent" not in risks:
            buttons += (Button("Safety screening", "go:screening"),)
        return Reply(self._referral_text(risks), buttons)
