"""Typed messages inside a flow: record what was meant, confirm what is unclear, never guess.

``on_text`` reads a message at the pending question (see ``typed.py``) and acts on it: an
answer is recorded with what was typed (and details kept for the follow-ups), a proposal
is confirmed once with buttons, a question about the question's words is explained, and
anything else goes back to the engine, which may answer it as a side question.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from bot.engine.conversation import Reply
from bot.engine.flows.definition import BACK, PRICE, SKIP, TEXT, Flow, Step, bucket
from bot.engine.flows.lexicon import MARKS, tokens_of
from bot.engine.flows.typed import (
    ABOUT,
    ANSWER,
    ASK_WHICH,
    CONFIRM,
    CONTINUE,
    ELSEWHERE,
    EMPTY,
    NO_SKIP,
    NOT_NAME,
    PRICE_HERE,
    QUESTION,
    STALL,
    STOP,
    Reading,
)
from bot.engine.flows.typed import BACK as READ_BACK
from bot.engine.flows.typed import SKIP as READ_SKIP

if TYPE_CHECKING:
    from bot.engine.flows.runner import FlowOutcome

#: Replies to "Did you mean …?".
_AGREE = frozenset({"yes", "yep", "yeah", "yup", "ya", "y", "correct", "right", "exactly", "sure", "ok", "okay",
                    "thats right", "yes please", "si", "oui", "ja", "da", "sim"})
_DISAGREE = frozenset({"no", "nope", "nah", "n", "wrong", "not really", "no i didnt", "nein", "non", "nee", "nao"})


class TypedTurns:
    """Handle typed messages at a flow question (mixed into :class:`FlowRunner`)."""

    def on_text(self, fstate: dict[str, Any], text: str, risks: Iterable[str], now: float) -> FlowOutcome:
        """Act on a typed message at the pending question."""

        found = self._current(fstate)
        if found is None:
            return self._restart(fstate, now)
        flow, step = found
        risks = tuple(risks)
        mapping = dict(flow.risk_flags)
        own_risk = bool(step.flag) and any(mapping.get(r) == step.flag for r in risks)
        proposal = fstate.get("confirm") if (fstate.get("confirm") or {}).get("step") == step.id else None
        reading = self._confirmation(proposal, text) if proposal else None
        reading = reading or self.reader.read(flow, step, text, fstate, risk=own_risk)
        fstate = {k: v for k, v in fstate.items() if k not in ("confirm", "offered")}
        fstate["updated"] = now
        if risks and step.input == TEXT and reading.kind == ANSWER:
            reading = Reading(NOT_NAME)  # a message about the person's health is never a product's name
        if reading.kind == ABOUT:
            outcome = self._with_notice(flow, fstate, reading.text)
            outcome.quiet = True
            return outcome
        if reading.kind == ANSWER and own_risk:  # the answer records it; "no" means the detector misread
            risks = tuple(r for r in risks if mapping.get(r) != step.flag or reading.value != "no")
            kept = tuple(r for r in risks if mapping.get(r) != step.flag)
        else:
            kept = risks
        lead = self.referral(fstate, risks, flow) if risks else None
        if kept:
            fstate = self.on_risks(fstate, kept, now)
        outcome = self._act(flow, step, fstate, reading, text, now, proposal, risky=bool(risks))
        if lead:
            outcome.replies.insert(0, lead)
        return outcome

    def _act(self, flow: Flow, step: Step, fstate: dict[str, Any], reading: Reading, text: str, now: float,
             proposal: dict[str, Any] | None, risky: bool = False) -> FlowOutcome:
        """Turn a reading into the flow's next move."""
        from bot.engine.flows.runner import FlowOutcome

        kind = reading.kind
        if kind == ANSWER:
            return self._record(flow, step, fstate, reading, text, now)
        if kind == CONTINUE:
            return self.resume(fstate, now)
        if kind == STOP:
            return self.cancel(fstate)
        if kind in (READ_BACK, READ_SKIP):
            return self.on_answer(fstate, BACK if kind == READ_BACK else SKIP, now)
        if kind == EMPTY:
            return self._with_notice(flow, fstate, "")
        if kind == NO_SKIP:
            return self._with_notice(flow, fstate, "This question can't be skipped; choose Not sure if you can't tell.")
        if kind == STALL:
            return self._with_notice(flow, fstate, "Take your time; answer when you're ready.")
        if kind in (ASK_WHICH, ELSEWHERE):
            return self._with_notice(flow, fstate, reading.text)
        if kind == PRICE_HERE and reading.price:
            return self._price_here(flow, fstate, reading.price)
        if kind == CONFIRM and reading.value:
            return self._propose(flow, step, fstate, reading.value, text, proposal)
        if kind == NOT_NAME and not risky:
            return self.on_unclear(fstate, now, notice=step.hint)
        if risky and kind != QUESTION:
            return self._with_notice(flow, fstate, "")  # the referral said it; this question still waits
        if proposal:
            return FlowOutcome([self.buttons_only(flow, step, fstate)], fstate)
        if kind != QUESTION:  # a statement that answers nothing here: no lecture, the question again
            return self.on_unclear(fstate, now, notice=reading.text or step.hint)
        return FlowOutcome([], fstate, ask_matcher=True, notice=reading.text)

    def _record(self, flow: Flow, step: Step, fstate: dict[str, Any], reading: Reading, text: str,
                now: float) -> FlowOutcome:
        """Record an answer (with what was typed); keep its details and any price for the questions ahead."""
        typed = " ".join(text.split())
        if step.input == PRICE and reading.shown:
            fstate.update(price=reading.shown, price_pending=True)
        known = dict(reading.details)
        if reading.price:
            price_step = next((s for s in flow.steps if s.input == PRICE), None)
            if price_step is not None:
                known[price_step.id] = bucket(price_step, reading.price[0])
                fstate.update(price=reading.price[1], price_pending=True)
        fstate = self.with_known(fstate, known, typed) if known else fstate
        return self.on_answer(fstate, reading.value or "", now, typed=typed)

    def _price_here(self, flow: Flow, fstate: dict[str, Any], price: tuple[float, str]) -> FlowOutcome:
        """Keep a price typed at the name question for the price question; ask for the name again."""
        price_step = next((s for s in flow.steps if s.input == PRICE), None)
        if price_step is None:
            return self._with_notice(flow, fstate, flow.step(fstate["step"]).hint)
        fstate = self.with_known(dict(fstate, price=price[1], price_pending=True),
                                 {price_step.id: bucket(price_step, price[0])}, price[1])
        notice = f"Noted the price, {price[1]}. And the product's name? (Or choose Skip.)"
        return self._with_notice(flow, fstate, notice)

    def _propose(self, flow: Flow, step: Step, fstate: dict[str, Any], value: str, text: str,
                 proposal: dict[str, Any] | None) -> FlowOutcome:
        """Ask once "Did you mean …?" with the question's buttons; a second unclear answer gets buttons only."""
        from bot.engine.flows.runner import FlowOutcome

        asked = list(fstate.get("asked", []))
        if proposal or step.id in asked:
            return FlowOutcome([self.buttons_only(flow, step, fstate)], fstate)
        option = step.option(value)
        label = option.label if option else ("Skip" if value == SKIP else value)
        proposal = {"step": step.id, "value": value}
        if flow.keep_typed:
            proposal["typed"] = " ".join(text.split())[:80]
        fstate = dict(fstate, confirm=proposal, asked=[*asked, step.id])
        return FlowOutcome([self._question(flow, fstate, proposal=label)], fstate)

    def _confirmation(self, proposal: dict[str, Any], text: str) -> Reading | None:
        """Read the reply to "Did you mean …?": yes records the proposal, no asks for a button."""
        flat = " ".join(t for t in tokens_of(text) if t not in MARKS)
        if flat in _AGREE:
            return Reading(ANSWER, value=proposal["value"], shown=proposal.get("typed", ""))
        if flat in _DISAGREE:
            return Reading("declined")
        return None

    def _with_notice(self, flow: Flow, fstate: dict[str, Any], notice: str) -> FlowOutcome:
        """Ask the pending question again with a line above it."""
        from bot.engine.flows.runner import FlowOutcome

        return FlowOutcome([self._question(flow, fstate, notice=notice)], fstate)

    def parse_answer(self, fstate: dict[str, Any], text: str) -> str | None:
        """Return the value a typed text surely gives the current step, or None (a name at the name step)."""
        found = self._current(fstate)
        if found is None:
            return None
        flow, step = found
        reading = self.reader.read(flow, step, text, fstate)
        if reading.kind == ANSWER:
            return reading.value
        return {READ_BACK: BACK, READ_SKIP: SKIP}.get(reading.kind)

    def takes_free_text(self, fstate: dict[str, Any]) -> bool:
        """Tell whether the current step keeps typed text as given (the product name)."""
        found = self._current(fstate)
        return found is not None and found[1].input == TEXT

    def on_risks(self, fstate: dict[str, Any], risks: Iterable[str], now: float) -> dict[str, Any]:
        """Record risk flags typed mid-flow (kept as flags only by flows that map them)."""
        found = self._current(fstate)
        if found is None:
            return fstate
        mapping = dict(found[0].risk_flags)
        if not mapping:
            return dict(fstate, updated=now)
        recorded = list(fstate.get("risks", []))
        for risk in risks:
            flag = mapping.get(risk)
            if flag and flag not in recorded:
                recorded.append(flag)
        return dict(fstate, risks=recorded, updated=now)

    def referral(self, fstate: dict[str, Any], risks: Iterable[str], flow: Flow | None = None) -> Reply | None:
        """Return the short referral for flags not yet referred in this flow (and mark them referred)."""
        risks = [r for r in risks if r != "urgent" and r not in fstate.get("referred", [])]
        if not risks:
            return None
        fstate["referred"] = [*fstate.get("referred", []), *risks]
        noted = bool(flow and flow.risk_flags)
        return Reply(self.render("flows/referral.j2", {"flags": risks, "noted": noted}))

    def offered(self, fstate: dict[str, Any]) -> dict[str, Any]:
        """Return fstate marked as waiting for an answer to "Shall we carry on?"."""
        return dict(fstate, offered=True)
