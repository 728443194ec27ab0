"""Run the guided flows: a small step machine over the flow YAML.

A flow is data (``intents/flows/*.yml``): steps with a question, a "why this matters"
line and accepted answers. The runner keeps its progress in ``fstate``, a plain dict
the store can persist, and turns button presses and typed answers into replies.
The step and flow definitions live in ``definition.py``, typed-answer parsing in
``answers.py``, the result card of each flow in its own module (``checklist.py``,
``screening.py``), and the checks ``exobot lint`` runs in ``validate.py``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from bot.engine.conversation import Button, Reply
from bot.engine.flows import checklist, screening
from bot.engine.flows.answers import (
    BACK_WORDS,
    SKIP_WORDS,
    looks_like_question,
    match_words,
    normalise,
    parse_days,
    parse_price,
)
from bot.engine.flows.definition import (
    BACK,
    CANCEL,
    CONTINUE,
    DAYS,
    END,
    GIVEN,
    PRICE,
    SKIP,
    TEXT,
    Flow,
    Step,
    bucket,
    load_flow,
)

Render = Callable[[str, dict[str, Any]], str]

#: Unclear answers after which a step offers its buttons only.
BUTTONS_ONLY_AFTER = 2


@dataclass
class FlowOutcome:
    """What a flow did with one message: replies, the new fstate and, when finished, the result."""

    replies: list[Reply]
    fstate: dict | None
    result: dict | None = None



# -- the runner ----------------------------------------------------------------

#: Result builders by flow id: (flow, fstate) -> (template context, result event).
RESULTS: dict[str, Callable[[Flow, dict], tuple[dict, dict]]] = {
    "checklist": checklist.build,
    "screening": screening.build,
}


class FlowRunner:
    """Run every flow defined under ``intents/flows``."""

    def __init__(self, flows: dict[str, Flow], render: Render) -> None:
        """Keep the flow definitions and the template renderer."""
        self.flows = flows
        self._render = render

    def render(self, template: str, context: dict[str, Any]) -> str:
        """Render a template, trimmed, with at most one blank line in a row."""
        return re.sub(r"\n\s*\n(\s*\n)+", "\n\n", self._render(template, context)).strip()

    @classmethod
    def load(cls, raw_flows: dict[str, dict[str, Any]], render: Render) -> FlowRunner:
        """Build the runner from the flow definitions read by the content loader (by file name)."""
        flows = {}
        for name, raw in raw_flows.items():
            flow = load_flow(raw, name)
            flows[flow.id] = flow
        return cls(flows, render)

    @property
    def flow_ids(self) -> tuple[str, ...]:
        """Return the ids of the loaded flows."""
        return tuple(self.flows)

    # -- entry points ----------------------------------------------------------

    def start(self, flow_id: str, now: float) -> FlowOutcome:
        """Start a flow: the intro and its first question."""
        flow = self.flows[flow_id]
        fstate = {"flow": flow.id, "step": flow.steps[0].id, "path": [], "unclear": 0,
                  "started": now, "updated": now}
        return FlowOutcome([self._question(flow, fstate, intro=True)], fstate)

    def on_button(self, fstate: dict | None, data: str, now: float) -> FlowOutcome | None:
        """Apply a pressed "f:<step>:<value>" button; None when it is stale, unknown or forged."""
        parts = data.split(":")
        if not fstate or len(parts) != 3 or parts[0] != "f":
            return None
        _, step_id, value = parts
        found = self._current(fstate)
        if found is None or found[1].id != step_id:
            return None
        step = found[1]
        if value == CONTINUE:
            return self.resume(fstate, now, edit=True)
        if value == CANCEL:
            return self.cancel(fstate, edit=True)
        if value == BACK and not fstate["path"]:
            return None
        if value in (BACK, SKIP) or step.option(value):
            if value == SKIP and not step.optional:
                return None
            return self.on_answer(fstate, value, now, edit=True)
        return None

    def parse_answer(self, fstate: dict, text: str) -> str | None:
        """Turn typed text into an accepted value of the current step, or None if it isn't an answer."""
        found = self._current(fstate)
        if found is None:
            return None
        _, step = found
        tokens = normalise(text).split()
        if not tokens or looks_like_question(text, tokens):
            return None
        special = {normalise(w): BACK for w in BACK_WORDS}
        if step.optional:
            special.update({normalise(w): SKIP for w in SKIP_WORDS})
        if " ".join(tokens) in special:
            return special[" ".join(tokens)]
        if step.input == TEXT:
            name = " ".join(text.split())[: step.max_length].strip()
            return name or None
        choices = [(w, o.value) for o in step.options for w in (*o.words, o.label)]
        if step.input in (PRICE, DAYS) and (exact := match_words(choices, text, fuzzy=False)):
            return exact
        if step.input == PRICE and (price := parse_price(text)):
            return price[1]
        if step.input == DAYS and (days := parse_days(text)) is not None:
            return bucket(step, days)
        return match_words(choices, text)

    def takes_free_text(self, fstate: dict) -> bool:
        """Tell whether the current step keeps typed text as given (the product name).

        The engine should not pass a risk-flagged message to ``parse_answer`` at such a step,
        or the message would be kept as the product's name.
        """
        found = self._current(fstate)
        return found is not None and found[1].input == TEXT

    def on_answer(self, fstate: dict, value: str, now: float, edit: bool = False) -> FlowOutcome:
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
        fstate["path"].append([step.id, stored])
        following = flow.next_step(step, stored)
        if following == END:
            return self._finish(flow, fstate, edit)
        fstate["step"] = following
        return FlowOutcome([self._question(flow, fstate, edit=edit)], fstate)

    def on_unclear(self, fstate: dict, now: float) -> FlowOutcome:
        """Re-ask once with a hint; after two unclear answers offer the buttons only."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, step = found
        fstate = dict(fstate, unclear=int(fstate.get("unclear", 0)) + 1, updated=now)
        if fstate["unclear"] >= BUTTONS_ONLY_AFTER:
            text = self.render("flows/buttons_only.j2", {"progress": self._progress(flow, step),
                                                          "title": flow.title})
            return FlowOutcome([Reply(text.strip(), self._buttons(flow, step, fstate))], fstate)
        return FlowOutcome([self._question(flow, fstate, notice=step.hint)], fstate)

    def on_risks(self, fstate: dict, risks: Iterable[str], now: float) -> dict:
        """Record risk flags typed mid-flow (kept as flags only by flows that map them)."""
        found = self._current(fstate)
        if found is None:
            return fstate
        mapping = dict(found[0].risk_flags)
        recorded = list(fstate.get("risks", []))
        for risk in risks:
            flag = mapping.get(risk)
            if flag and flag not in recorded:
                recorded.append(flag)
        if not mapping:
            return dict(fstate, updated=now)
        return dict(fstate, risks=recorded, updated=now)

    def continue_offer(self, fstate: dict) -> Reply:
        """Offer to carry on with the current question: Continue / Cancel."""
        found = self._current(fstate)
        if found is None:
            return Reply("Shall we carry on?")
        flow, step = found
        text = self.render("flows/continue.j2", {"title": flow.title, "progress": self._progress(flow, step)})
        return Reply(text.strip(), (Button("Continue", f"f:{step.id}:{CONTINUE}"),
                                    Button("Cancel", f"f:{step.id}:{CANCEL}")))

    def resume(self, fstate: dict, now: float, edit: bool = False) -> FlowOutcome:
        """Show the current question again."""
        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, _ = found
        fstate = dict(fstate, unclear=0, updated=now)
        return FlowOutcome([self._question(flow, fstate, edit=edit)], fstate)

    def cancel(self, fstate: dict, edit: bool = False) -> FlowOutcome:
        """Leave the flow with a short confirmation."""
        flow = self.flows.get(str(fstate.get("flow"))) if fstate else None
        text = self.render("flows/cancelled.j2", {"title": flow.title if flow else "guided questions"})
        return FlowOutcome([Reply(text.strip(), (Button("Main menu", "m:menu"),), edit=edit)], None)

    def expired(self, fstate: dict, now: float, max_age_s: float) -> bool:
        """Tell whether the flow was left alone longer than ``max_age_s``."""
        try:
            return now - float(fstate["updated"]) > max_age_s
        except (KeyError, TypeError, ValueError):
            return True

    # -- helpers ---------------------------------------------------------------

    def _current(self, fstate: dict | None) -> tuple[Flow, Step] | None:
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

    def _restart(self, fstate: dict | None, now: float) -> FlowOutcome:
        """Start over when a stored fstate no longer fits the flow definitions."""
        flow_id = str((fstate or {}).get("flow"))
        if flow_id in self.flows:
            return self.start(flow_id, now)
        return self.cancel(fstate or {})

    def _accept(self, step: Step, value: str, fstate: dict) -> str | None:
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
            if step.input == PRICE:
                fstate.pop("price", None)
            return value
        if step.input == PRICE and (price := parse_price(value)):
            fstate["price"] = price[1]
            return bucket(step, price[0])
        return None

    def _back(self, flow: Flow, fstate: dict, now: float, edit: bool) -> FlowOutcome:
        """Go back to the previous question, forgetting its answer."""
        path = [list(p) for p in fstate["path"]]
        if not path:
            return self.resume(fstate, now, edit)
        step_id, _ = path.pop()
        fstate = dict(fstate, path=path, step=step_id, unclear=0, updated=now)
        step = flow.step(step_id)
        if step.input == TEXT:
            fstate.pop("product", None)
        if step.input == PRICE:
            fstate.pop("price", None)
        return FlowOutcome([self._question(flow, fstate, edit=edit)], fstate)

    def _finish(self, flow: Flow, fstate: dict, edit: bool) -> FlowOutcome:
        """Build the result card; the flow ends (fstate None)."""
        context, result = RESULTS[flow.id](flow, fstate)
        text = self.render(flow.result_template, context).strip()
        buttons = tuple(Button(label, data) for label, data in context.get("buttons", ()))
        return FlowOutcome([Reply(text, buttons, edit=edit)], None, result)

    @staticmethod
    def _progress(flow: Flow, step: Step) -> str:
        """Return "3 of 8", or "" for an unnumbered (optional) step."""
        return f"{step.number} of {flow.total}" if step.number else ""

    def _buttons(self, flow: Flow, step: Step, fstate: dict) -> tuple[Button, ...]:
        """Return the answer buttons, then Skip, Back and Cancel."""
        buttons = [Button(o.label, f"f:{step.id}:{o.value}") for o in step.options]
        if step.optional:
            buttons.append(Button("Skip", f"f:{step.id}:{SKIP}"))
        if fstate["path"]:
            buttons.append(Button("« Back", f"f:{step.id}:{BACK}"))
        buttons.append(Button("Cancel", f"f:{step.id}:{CANCEL}"))
        return tuple(buttons)

    def _question(self, flow: Flow, fstate: dict, intro: bool = False, notice: str = "",
                  edit: bool = False) -> Reply:
        """Render the current question with its progress, why-line and buttons."""
        step = flow.step(fstate["step"])
        context = {
            "title": flow.title,
            "intro": flow.intro if intro else "",
            "progress": self._progress(flow, step),
            "question": step.question,
            "why": step.why,
            "notice": notice,
            "optional": step.optional,
        }
        text = self.render("flows/question.j2", context).strip()
        return Reply(text, self._buttons(flow, step, fstate), edit=edit)


def _well_formed(fstate: dict) -> bool:
    """Tell whether a stored flow state has the shape the runner writes (a damaged one restarts the flow)."""
    path, risks = fstate.get("path"), fstate.get("risks", [])
    return (isinstance(path, list)
            and all(isinstance(p, list) and len(p) == 2 and all(isinstance(x, str) for x in p) for p in path)
            and type(fstate.get("unclear", 0)) is int
            and isinstance(risks, list) and all(isinstance(r, str) for r in risks)
            and all(isinstance(fstate.get(k, ""), str) for k in ("product", "price")))
