"""Check flow definitions for ``exobot lint``: every step reachable, every answer leads somewhere,
every word parses back to its answer, every walk through a flow finishes and renders."""

from __future__ import annotations

from bot.engine import callbacks
from bot.engine.conversation import Button
from bot.engine.flows.definition import END, GIVEN, SKIP, TEXT, Flow, Step
from bot.engine.flows.lexicon import tokens_of
from bot.engine.flows.runner import FlowRunner

#: Status words a criterion option may carry.
STATUSES = frozenset({"met", "missing", "unknown"})


def step_values(step: Step) -> list[str]:
    """Return every value that answers a step (options, Skip, a typed name)."""
    values = [o.value for o in step.options]
    if step.input == TEXT:
        values.append(GIVEN)
    if step.optional:
        values.append(SKIP)
    return values


def reachable(flow: Flow) -> set[str]:
    """Return the ids of the steps reachable from the first one."""
    seen, todo = set(), [flow.steps[0].id]
    while todo:
        step_id = todo.pop()
        if step_id in seen or step_id not in {s.id for s in flow.steps}:
            continue
        seen.add(step_id)
        step = flow.step(step_id)
        todo.extend(flow.next_step(step, value) for value in step_values(step))
    return seen


def walks(flow: Flow) -> list[list[tuple[str, str]]]:
    """Return answer sequences that, between them, give every step every one of its answers.

    Each walk answers one step with one value and every other step with its first value.
    """
    result = []
    for target in flow.steps:
        for chosen in step_values(target):
            walk: list[tuple[str, str]] = []
            step_id = flow.steps[0].id
            ids = {s.id for s in flow.steps}
            while step_id in ids and len(walk) <= len(flow.steps):
                step = flow.step(step_id)
                value = chosen if step is target else step_values(step)[0]
                walk.append((step.id, value))
                step_id = flow.next_step(step, value)
            if (target.id, chosen) in walk:
                result.append(walk)
    return result


def problems(runner: FlowRunner) -> list[str]:
    """List what is wrong with the flow definitions (for ``exobot lint``); empty when all is well."""
    found: list[str] = []
    owners: dict[str, str] = {}
    for flow in runner.flows.values():
        ids = [step.id for step in flow.steps]
        for step in flow.steps:
            where = f"{flow.id}:{step.id}"
            if step.id in owners:
                found.append(f"{where}: step id also used in {owners[step.id]}")
            owners[step.id] = flow.id
            found.extend(_step_problems(runner, flow, step, ids, where))
        found.extend(f"{flow.id}:{s}: unreachable" for s in sorted(set(ids) - reachable(flow)))
        for walk in walks(flow):
            try:
                outcome = runner.start(flow.id, 0.0)
                for step_id, value in walk:
                    answer = "Test product" if value == GIVEN else value
                    if outcome.fstate is None:
                        break
                    outcome = runner.on_answer(outcome.fstate, answer, 0.0)
                    if outcome.fstate and outcome.fstate["path"][-1][0] != step_id and not outcome.fstate.get("done"):
                        found.append(f"{flow.id}:{step_id}: answer {value!r} was not accepted")
                        break
                if outcome.fstate is not None and not outcome.fstate.get("done"):
                    found.append(f"{flow.id}: walk {walk} does not finish")
            except Exception as exc:  # noqa: BLE001 - lint reports, never crashes
                found.append(f"{flow.id}: walk {walk} fails: {exc!r}")
    return found

def _step_problems(runner: FlowRunner, flow: Flow, step: Step, ids: list[str], where: str) -> list[str]:
    """Check one step: it has answers, they lead somewhere, words are unambiguous and parse."""
    found = []
    if step.input != TEXT and not step.options:
        found.append(f"{where}: no options")
    if step.criterion and any(o.status not in STATUSES for o in step.options):
        found.append(f"{where}: every option of a criterion needs a status (met/missing/unknown)")
    for value in step_values(step):
        target = flow.next_step(step, value)
        if target != END and target not in ids:
            found.append(f"{where}: answer {value!r} leads to unknown step {target!r}")
        try:
            Button(value, callbacks.flow(step.id, value))
        except ValueError as exc:
            found.append(f"{where}: {exc}")
    owner: dict[str, str] = {}
    fstate = {"flow": flow.id, "step": step.id, "path": []}
    for option in step.options:
        for word in (*option.words, option.label):
            key = " ".join(tokens_of(word))
            if owner.setdefault(key, option.value) != option.value:
                found.append(f"{where}: {word!r} means both {owner[key]!r} and {option.value!r}")
            elif runner.parse_answer(fstate, word) != option.value:
                found.append(f"{where}: typing {word!r} does not give {option.value!r}")
    return found


def validate_flows(runner: FlowRunner) -> list[str]:
    """List every problem in the loaded flows and their word lists (empty when all is well)."""
    return list(runner.lexicon.problems) + problems(runner)
