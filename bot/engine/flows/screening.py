"""Turn the safety screening's answers into flags and the sections of its result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.engine import callbacks
from bot.engine.events import FlowFinished

if TYPE_CHECKING:
    from bot.engine.flows.definition import Flow

#: Answers that set a step's flag ("not sure" counts as yes).
FLAGGING_VALUES = frozenset({"yes", "unsure"})

#: Flags whose section sends the user to a clinician before any exosome product.
REFERRAL_FLAGS = ("pregnancy", "breastfeeding", "cancer", "infection_or_immunity")


def flag_order(flow: Flow) -> list[str]:
    """Return every flag the flow can set, in question order."""
    order: list[str] = []
    for step in flow.steps:
        for flag in [step.flag, *(o.flag for o in step.options)]:
            if flag and flag not in order:
                order.append(flag)
    for _, flag in flow.risk_flags:
        if flag not in order:
            order.append(flag)
    return order


def flags(flow: Flow, fstate: dict[str, Any]) -> list[str]:
    """Return the flags the answers (and risks typed mid-flow) set, in question order."""
    found: set[str] = set(fstate.get("risks", []))
    answered: set[str] = set()
    for step_id, value in fstate["path"]:
        step = flow.step(step_id)
        option = step.option(value)
        if option and option.flag:
            answered.add(option.flag)
        elif step.flag and value in FLAGGING_VALUES:
            answered.add(step.flag)
        if option and option.unflag:
            answered.discard(option.unflag)
    found |= answered
    return [f for f in flag_order(flow) if f in found]


def answer_lines(flow: Flow, fstate: dict[str, Any]) -> list[dict[str, Any]]:
    """Return each answer for the card: its question's number and name, the answer and what was typed."""
    typed = fstate.get("typed", {})
    lines: list[dict[str, Any]] = []
    for step_id, value in fstate["path"]:
        step = flow.step(step_id)
        option = step.option(value)
        line = {"number": step.number, "name": step.short, "answer": option.label if option else value,
                "typed": typed.get(step_id, "")}
        if lines and lines[-1]["number"] == step.number:
            lines[-1]["details"].append(line)
        else:
            lines.append(dict(line, details=[]))
    return lines


def build(flow: Flow, fstate: dict[str, Any]) -> tuple[dict[str, Any], FlowFinished]:
    """Return the result's template context and the result event (flags only)."""
    answers = {step_id: value for step_id, value in fstate["path"]}
    labels = {}
    for step in flow.steps:
        if step.records and answers.get(step.id):
            option = step.option(answers[step.id])
            labels[step.records] = option.value if option else ""
    found = flags(flow, fstate)
    context = {
        "answers": answer_lines(flow, fstate),
        "flags": found,
        "referral": [f for f in found if f in REFERRAL_FLAGS],
        "procedure": labels.get("procedure", ""),
        "procedure_when": labels.get("procedure_when", ""),
        "buttons": [("Check a product", callbacks.start("checklist")), ("Main menu", callbacks.menu())],
    }
    return context, FlowFinished(flow.id, flags=tuple(found))
