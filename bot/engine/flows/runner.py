"""Run the guided flows: a small step machine over the flow YAML.

A flow is data (``intents/flows/*.yml``): steps with a question, a "why this matters"
line and accepted answers. The runner keeps its progress in ``fstate``, a plain dict
the store can persist, and turns button presses and typed answers into replies.
The step and flow definitions live in ``definition.py``; typed answers are read in
``typed.py`` (with ``lexicon``, ``reading``, ``amounts``, ``naming``, ``questions``) and
handled in ``turns.py``; the result card and its corrections are in ``card.py`` with
each flow's scoring in ``checklist.py`` and ``screening.py``; ``exobot lint`` runs ``validate.py``.

What ``fstate`` holds besides the step and the answers (``path``): ``typed`` (what was
typed for each answer, shown on the card; session only), ``known`` (answers given ahead,
recorded when their question comes), ``confirm`` (a value proposed back), ``offered``
("Shall we carry on?" is showing), ``done`` (the result card is showing) and ``change``
(one answer is being changed from the card).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.engine import callbacks
from bot.engine.conversation import Button, Reply
from bot.engine.events import FlowFinished
from bot.engine.flows import checklist, screening
from bot.engine.flows.card import Cards
from bot.engine.flows.definition import (
    BACK,
    CANCEL,
    CONTINUE,
    END,
    GIVEN,
    PRICE,
    SKIP,
    TEXT,
    YESNO,
    Flow,
    Step,
    load_flow,
)
from bot.engine.flows.lexicon import Lexicon, load_glossary
from bot.engine.flows.turns import TypedTurns
from bot.engine.flows.typed import Reader

Render = Callable[[str, dict[str, Any]], str]

#: Unclear answers after which a step offers its buttons only.
BUTTONS_ONLY_AFTER = 2
#: Longest typed answer kept in the session to show on the card.
MAX_TYPED = 80


@dataclass
class FlowOutcome:
    """What a flow did with one message: replies, the new fstate and, when finished, the result.

    ``ask_matcher``: the message was not an answer; the engine may answer it as a question.
    ``notice``: what to say if it cannot. ``quiet``: the message was about the question's
    words, so any risk flag the detector saw in it is not the person's own.
    """

    replies: list[Reply]
    fstate: dict[str, Any] | None
    result: FlowFinished | None = None
    ask_matcher: bool = False
    notice: str = ""
    quiet: bool = False


#: Result builders by flow id: (flow, fstate) -> (template context, result event).
RESULTS: dict[str, Callable[[Flow, dict[str, Any]], tuple[dict[str, Any], FlowFinished]]] = {
    "checklist": checklist.build,
    "screening": screening.build,
}


class FlowRunner(TypedTurns, Cards):
    """Run every flow defined under ``intents/flows``."""

    def __init__(self, flows: dict[str, Flow], render: Render, lexicon: Lexicon | None = None) -> None:
        """Keep the flow definitions, the template renderer and the typed-answer reader."""
        self.flows = flows
        self._render = render
        self.lexicon = lexicon or Lexicon({})
        self.reader = Reader(self.lexicon)

    def render(self, template: str, context: dict[str, Any]) -> str:
        """Render a template, trimmed, with at most one blank line in a row."""
        return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", self._render(template, context)).strip()

    @classmethod
    def load(cls, raw_flows: dict[str, dict[str, Any]], render: Render, words: Mapping[str, Any] | None = None,
             glossary: list[dict[str, Any]] | None = None) -> FlowRunner:
        """Build the runner from the flow definitions, words and glossary read by the content loader."""
        words = words or {}
        yesno = tuple(words.get("yesno") or YESNO)
        flows = {}
        for name, raw in raw_flows.items():
            flow = load_flow(raw, name, yesno)
            flows[flow.id] = flow
        return cls(flows, render, Lexicon(words, load_glossary(glossary or [])))

    @property
    def flow_ids(self) -> tuple[str, ...]:
        """Return the ids of the loaded flows."""
        return tuple(self.flows)

    # -- entry points ----------------------------------------------------------

    def start(self, flow_id: str, now: float, known: Mapping[str, str] | None = None,
              source: str = "", extra: Mapping[str, Any] | None = None) -> FlowOutcome:
        """Start a flow: the intro and its first question (answers already ``known`` are not asked)."""
        # ``known`` pre-fills answers from evidence (step id -> option value, for example read from a
        # pasted label): each is recorded when its question comes, with ``source`` shown beside it on
        # the card, and only the other questions are asked.
        flow = self.flows[flow_id]
        # ``extra``: fields kept beside the answers (a label's price as written, its claims and words).
        fstate = {"flow": flow.id, "step": flow.steps[0].id, "path": [], "unclear": 0,
                  "started": now, "updated": now, **(extra or {})}
        fstate = self.with_known(fstate, known or {}, source)
        known_now = fstate.get("known")
        known_now = known_now if isinstance(known_now, dict) else {}
        if known_now.get(flow.steps[0].id):
            return self._advance(flow, fstate, intro=True)
        return FlowOutcome([self._question(flow, fstate, intro=True)], fstate)

    def with_known(self, fstate: dict[str, Any], known: Mapping[str, str], source: str = "") -> dict[str, Any]:
        """Return fstate with answers given ahead; values a step does not accept are left out."""
        flow = self.flows[fstate["flow"]]
        kept = dict(fstate.get("known", {}))
        typed = dict(fstate.get("typed", {}))
        source = source if flow.keep_typed else ""
        for step_id, value in known.items():
            try:
                step = flow.step(step_id)
            except KeyError:
                continue
            if step.option(value) or (step.optional and value == SKIP):
                kept[step_id] = value
                if source:
                    typed[step_id] = source[:MAX_TYPED]
        return dict(fstate, known=kept, typed=typed) if kept else fstate

    def advance(self, fstate: dict[str, Any], now: float) -> FlowOutcome:
        """Record the answers given ahead that come next and ask the first question still open."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        return self._advance(found[0], dict(fstate, path=[list(p) for p in fstate["path"]], updated=now))

    def on_button(self, fstate: dict[str, Any] | None, data: str, now: float) -> FlowOutcome | None:
        """Apply a pressed "f:<step>:<value>" button; None when it is stale, unknown or forged."""
        parts = data.split(":")
        if not fstate or len(parts) != 3 or parts[0] != "f":
            return None
        if fstate.get("closed"):
            return self.closed_notice(fstate, now)
        _, step_id, value = parts
        found = self._current(fstate)
        if found is None or found[1].id != step_id or fstate.get("done"):
            return None
        step = found[1]
        fstate = {k: v for k, v in fstate.items() if k not in ("confirm", "offered")}
        if value == CONTINUE:
            return self.resume(fstate, now, edit=True)
        if value == CANCEL:
            return self.cancel(fstate, edit=True)
        if value == BACK and not fstate["path"] and not fstate.get("change"):
            return None
        if value in (BACK, SKIP) or step.option(value):
            if value == SKIP and not step.optional:
                return None
            return self.on_answer(fstate, value, now, edit=True)
        return None

    def on_answer(self, fstate: dict[str, Any], value: str, now: float, edit: bool = False, typed: str = "",
                  notes: list[str] | None = None) -> FlowOutcome:
        """Apply an answer to the current step and move on (or finish)."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, step = found
        if value == BACK:
            return self._back(flow, fstate, now, edit)
        fstate = dict(fstate, path=[list(p) for p in fstate["path"]], unclear=0, updated=now)
        stored = self._accept(step, value, fstate)
        if stored is None:
            return self.on_unclear(fstate, now)
        self._store(flow, fstate, step, stored, typed)
        return self._advance(flow, fstate, edit=edit, notes=notes)

    def on_unclear(self, fstate: dict[str, Any], now: float, notice: str = "") -> FlowOutcome:
        """Re-ask once with a hint; after two unclear answers offer the buttons only."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, step = found
        fstate = dict(fstate, unclear=int(fstate.get("unclear", 0)) + 1, updated=now)
        if fstate["unclear"] >= BUTTONS_ONLY_AFTER:
            return FlowOutcome([self.buttons_only(flow, step, fstate)], fstate)
        return FlowOutcome([self._question(flow, fstate, notice=notice or step.hint, sorry=True)], fstate)

    def buttons_only(self, flow: Flow, step: Step, fstate: dict[str, Any]) -> Reply:
        """Ask for a button press only (after unclear answers, or a proposal turned down)."""
        text = self.render("flows/buttons_only.j2", {"progress": self._progress(flow, step), "title": flow.title})
        return Reply(text.strip(), self._buttons(flow, step, fstate))

    def continue_offer(self, fstate: dict[str, Any]) -> Reply | None:
        """Offer to carry on with the current question: Continue / Cancel (None when no question waits)."""
        found = self._current(fstate)
        if found is None or fstate.get("done") or fstate.get("closed"):
            return None
        flow, step = found
        text = self.render("flows/continue.j2", {"title": flow.title, "progress": self._progress(flow, step)})
        return Reply(text.strip(), (Button("Continue", callbacks.flow(step.id, CONTINUE)),
                                    Button("Cancel", callbacks.flow(step.id, CANCEL))))

    def resume(self, fstate: dict[str, Any], now: float, edit: bool = False) -> FlowOutcome:
        """Show the current question again."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, _ = found
        fstate = dict(fstate, unclear=0, updated=now)
        return FlowOutcome([self._question(flow, fstate, edit=edit)], fstate)

    def cancel(self, fstate: dict[str, Any], edit: bool = False) -> FlowOutcome:
        """Leave the flow (or close its result card) with a short confirmation."""
        flow = self.flows.get(str(fstate.get("flow"))) if fstate else None
        text = self.render("flows/cancelled.j2", {"title": flow.title if flow else "guided questions",
                                                  "card": bool(fstate and fstate.get("done"))})
        return FlowOutcome([Reply(text.strip(), (Button("Main menu", callbacks.menu()),), edit=edit)], None)

    def expired(self, fstate: dict[str, Any], now: float, max_age_s: float) -> bool:
        """Tell whether the flow was left alone longer than ``max_age_s``."""
        try:
            return now - float(fstate["updated"]) > max_age_s
        except (KeyError, TypeError, ValueError):
            return True

    def active(self, fstate: dict[str, Any] | None) -> bool:
        """Tell whether a question is waiting for an answer (not a result card, not a closed flow)."""
        return fstate is not None and bool(fstate) and not fstate.get("done") and not fstate.get("closed")

    # -- helpers ---------------------------------------------------------------

    def _current(self, fstate: dict[str, Any] | None) -> tuple[Flow, Step] | None:
        """Return the flow and step ``fstate`` points at, or None when it no longer exists."""
        if not isinstance(fstate, dict):
            return None
        flow = self.flows.get(str(fstate.get("flow")))
        if flow is None or not _well_formed(fstate):
            return None
        try:
            return flow, flow.step(str(fstate.get("step")))
        except KeyError:
            return None

    def _restart(self, fstate: dict[str, Any] | None, now: float) -> FlowOutcome:
        """Start over when a stored fstate no longer fits the flow definitions."""
        flow_id = str((fstate or {}).get("flow"))
        if flow_id in self.flows:
            return self.start(flow_id, now)
        return self.cancel(fstate or {})

    def _accept(self, step: Step, value: str, fstate: dict[str, Any]) -> str | None:
        """Check a value against the step; store side data (name, price); return the path value."""
        if value == SKIP and step.optional:
            if step.input == TEXT:
                fstate.pop("product", None)
            if step.input == PRICE:
                fstate.pop("price", None)
            return SKIP
        if step.input == TEXT:
            name = " ".join(str(value).split())[: step.max_length].strip()
            if not name:
                return None
            fstate["product"] = name
            return GIVEN
        if step.option(value):
            if step.input == PRICE and not fstate.pop("price_pending", None):
                fstate.pop("price", None)
            return value
        return None

    def _store(self, flow: Flow, fstate: dict[str, Any], step: Step, stored: str, typed: str) -> None:
        """Put an answer on the path (in flow order, replacing an earlier one) and keep what was typed."""
        order = {s.id: i for i, s in enumerate(flow.steps)}
        path = [p for p in fstate["path"] if p[0] != step.id] + [[step.id, stored]]
        fstate["path"] = sorted(path, key=lambda p: order.get(p[0], len(order)))
        shown = dict(fstate.get("typed", {}))
        known = dict(fstate.get("known", {}))
        if typed and flow.keep_typed:
            shown[step.id] = " ".join(typed.split())[:MAX_TYPED]
        elif known.get(step.id) != stored:
            shown.pop(step.id, None)
        known.pop(step.id, None)
        fstate["typed"], fstate["known"] = shown, known
        for key in ("typed", "known"):
            if not fstate[key]:
                fstate.pop(key)

    def _advance(self, flow: Flow, fstate: dict[str, Any], edit: bool = False, notes: list[str] | None = None,
                 intro: bool = False) -> FlowOutcome:
        """Ask the next unanswered question of the walk; answers given ahead are recorded on the way."""
        notes = list(notes or [])
        read: list[str] = []
        label = fstate.get("label")
        label_steps = label.get("words", {}) if isinstance(label, dict) else {}  # answers read from a label
        while True:
            following = self.next_unanswered(flow, fstate)
            if following == END or (fstate.get("change") and not self.same_question(flow, fstate, following)):
                return self.finish(flow, fstate, edit)
            known = fstate.get("known", {}).get(following)
            if known is None:
                break
            step = flow.step(following)
            self._accept(step, known, fstate)
            self._store(flow, fstate, step, known, fstate.get("typed", {}).get(following, ""))
            option = step.option(known)
            shown = fstate.get("price") if step.input == PRICE and fstate.get("price") else (
                option.label if option else known)
            (read if following in label_steps else notes).append(f"{step.short}: {shown}")
        fstate["step"] = following
        notice = " ".join(f"Noted from {said}: " + "; ".join(lines) + "."
                          for said, lines in (("the label", read), ("what you said", notes)) if lines)
        return FlowOutcome([self._question(flow, fstate, notice=notice, edit=edit, intro=intro)], fstate)

    def next_unanswered(self, flow: Flow, fstate: dict[str, Any]) -> str:
        """Walk the flow by the recorded answers; return the first step without one (or END)."""
        answers = {step_id: value for step_id, value in fstate["path"]}
        step_id = flow.steps[0].id
        for _ in range(len(flow.steps) + 1):
            if step_id == END or step_id not in answers:
                return step_id
            step_id = flow.next_step(flow.step(step_id), answers[step_id])
        return END

    def _back(self, flow: Flow, fstate: dict[str, Any], now: float, edit: bool) -> FlowOutcome:
        """Go back to the previous question, forgetting its answer (from a change: back to the card)."""
        if fstate.get("change"):
            return self.abandon_change(flow, fstate, now, edit)
        path = [list(p) for p in fstate["path"]]
        if not path:
            return FlowOutcome([self._question(flow, fstate, edit=edit, notice="This is the first question.")],
                               dict(fstate, updated=now))
        step_id, _ = path.pop()
        fstate = dict(fstate, path=path, step=step_id, unclear=0, updated=now)
        step = flow.step(step_id)
        if step.input in (TEXT, PRICE):
            fstate.pop("product" if step.input == TEXT else "price", None)
        return FlowOutcome([self._question(flow, fstate, edit=edit)], fstate)

    @staticmethod
    def _progress(flow: Flow, step: Step) -> str:
        """Return "3 of 8", or "" for an unnumbered (optional) step."""
        return f"{step.number} of {flow.total}" if step.number else ""

    def _buttons(self, flow: Flow, step: Step, fstate: dict[str, Any]) -> tuple[Button, ...]:
        """Return the answer buttons, then Skip, Back and Cancel."""
        buttons = [Button(o.label, callbacks.flow(step.id, o.value)) for o in step.options]
        if step.optional:
            buttons.append(Button("Skip", callbacks.flow(step.id, SKIP)))
        if fstate["path"] or fstate.get("change"):
            buttons.append(Button("« Back", callbacks.flow(step.id, BACK)))
        buttons.append(Button("Cancel", callbacks.flow(step.id, CANCEL)))
        return tuple(buttons)

    def _question(self, flow: Flow, fstate: dict[str, Any], intro: bool = False, notice: str = "",
                  edit: bool = False, sorry: bool = False, proposal: str = "") -> Reply:
        """Render the current question with its progress, why-line and buttons."""
        step = flow.step(fstate["step"])
        context = {
            "title": flow.title,
            "intro": flow.intro if intro else "",
            "progress": self._progress(flow, step),
            "question": step.question,
            "why": step.why,
            "notice": notice,
            "sorry": sorry,
            "proposal": proposal,
            "optional": step.optional,
            "changing": bool(fstate.get("change")),
        }
        text = self.render("flows/question.j2", context).strip()
        return Reply(text, self._buttons(flow, step, fstate), edit=edit)


def _well_formed(fstate: dict[str, Any]) -> bool:
    """Tell whether a stored flow state has the shape the runner writes (a damaged one restarts the flow)."""
    path, risks = fstate.get("path"), fstate.get("risks", [])
    return (isinstance(path, list)
            and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in path)
            and type(fstate.get("unclear", 0)) is int
            and isinstance(risks, list) and all(isinstance(r, str) for r in risks)
            and all(isinstance(fstate.get(k, ""), str) for k in ("product", "price")))
