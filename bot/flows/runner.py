"""Run the guided flows: a small step machine over the flow YAML.

A flow is data (``intents/flows/*.yml``): steps with a question, a "why this matters"
line and accepted answers. The runner keeps its progress in ``fstate``, a plain dict
the store can persist, and turns button presses and typed answers into replies.
The result card of each flow is built by its own module (checklist, screening).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from bot.conversation import Button, Reply
from bot.flows import checklist, screening

Render = Callable[[str, dict[str, Any]], str]

#: Where a step goes when it is the last one.
END = "end"

#: How a step takes its answer.
CHOICE, TEXT, PRICE, DAYS = "choice", "text", "price", "days"

#: Special button values every question understands.
BACK, CANCEL, CONTINUE, SKIP = "back", "cancel", "continue", "skip"

#: Unclear answers after which a step offers its buttons only.
BUTTONS_ONLY_AFTER = 2

#: Fuzzy matching: minimum rapidfuzz ratio for a near miss ("yess", "nto sure").
FUZZY_CUTOFF = 80
#: Typed answers longer than this (in words) must start with the answer.
SHORT_ANSWER_WORDS = 6
#: Near misses are only tried on answers of at most this many words.
FUZZY_MAX_WORDS = 3

#: Words that make a longer message a question rather than an answer.
QUESTION_WORDS = frozenset({
    "what", "whats", "how", "why", "which", "where", "when", "who", "whos",
    "is", "are", "can", "could", "does", "do", "should", "would", "will",
})

#: The shared yes / no / not sure answers (``options: yesno`` in the flow YAML).
YESNO: tuple[dict[str, Any], ...] = (
    {
        "value": "yes",
        "label": "Yes",
        "status": "met",
        "words": ["yes", "yep", "yeah", "yup", "y", "ya", "yea", "yah", "sure", "it does", "they do",
                  "correct", "yes it does", "yes they do", "it is", "they are", "they have", "it has",
                  "affirmative", "definitely", "absolutely", "of course", "i think so", "true", "right"],
    },
    {
        "value": "no",
        "label": "No",
        "status": "missing",
        "words": ["no", "nope", "nah", "n", "not really", "doesnt", "it doesnt", "they dont", "dont",
                  "it isnt", "they arent", "not at all", "never", "negative", "i dont think so", "false",
                  "no they dont", "no it doesnt", "none", "not that i can see"],
    },
    {
        "value": "unsure",
        "label": "Not sure",
        "status": "unknown",
        "words": ["not sure", "idk", "dunno", "no idea", "maybe", "unsure", "dont know", "i dont know",
                  "not stated", "not certain", "cant tell", "cant find", "perhaps", "possibly",
                  "no clue", "im not sure", "dont remember", "cant remember"],
    },
)

#: Typed words that skip an optional step, or go back a step.
SKIP_WORDS = ("skip", "pass", "skip it", "rather not", "no thanks", "next", "none", "no name", "dont know",
              "idk", "not sure", "no idea")
BACK_WORDS = ("back", "go back", "previous", "undo")


@dataclass(frozen=True)
class Option:
    """One accepted answer of a step."""

    value: str
    label: str
    words: tuple[str, ...] = ()
    status: str | None = None
    flag: str | None = None
    unflag: str | None = None


@dataclass(frozen=True)
class Step:
    """One question of a flow."""

    id: str
    question: str
    why: str
    hint: str
    input: str = CHOICE
    options: tuple[Option, ...] = ()
    number: int | None = None
    optional: bool = False
    criterion: str | None = None
    records: str | None = None
    flag: str | None = None
    next: str | None = None
    next_by_value: tuple[tuple[str, str], ...] = ()
    thresholds: tuple[float, ...] = ()
    max_length: int = 80

    def option(self, value: str) -> Option | None:
        """Return the option with this value, if any."""
        for option in self.options:
            if option.value == value:
                return option
        return None


@dataclass(frozen=True)
class Flow:
    """A flow definition read from YAML."""

    id: str
    title: str
    intro: str
    result_template: str
    steps: tuple[Step, ...]
    risk_flags: tuple[tuple[str, str], ...] = ()

    @property
    def total(self) -> int:
        """Return the number of numbered questions (the "of 8")."""
        return max((s.number or 0) for s in self.steps)

    def step(self, step_id: str) -> Step:
        """Return the step with this id (KeyError when there is none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def next_step(self, step: Step, value: str) -> str:
        """Return the id of the step after answering ``step`` with ``value`` (or END)."""
        by_value = dict(step.next_by_value)
        if value in by_value:
            return by_value[value]
        if step.next:
            return step.next
        index = self.steps.index(step)
        return self.steps[index + 1].id if index + 1 < len(self.steps) else END


@dataclass
class FlowOutcome:
    """What a flow did with one message: replies, the new fstate and, when finished, the result."""

    replies: list[Reply]
    fstate: dict | None
    result: dict | None = None


# -- loading -------------------------------------------------------------------


def _option(raw: dict[str, Any], where: str) -> Option:
    """Build an option from its YAML mapping."""
    words = raw.get("words", [])
    if not all(isinstance(w, str) for w in words):
        raise ValueError(f"{where}: option {raw.get('value')!r} has a non-text word (quote yes/no in YAML)")
    return Option(
        value=str(raw["value"]),
        label=str(raw["label"]),
        words=tuple(words),
        status=raw.get("status"),
        flag=raw.get("flag"),
        unflag=raw.get("unflag"),
    )


def _step(raw: dict[str, Any], where: str) -> Step:
    """Build a step from its YAML mapping."""
    options = raw.get("options", ())
    if options == "yesno":
        options = YESNO
    where = f"{where}:{raw.get('id')}"
    input_kind = raw.get("input", CHOICE)
    hint = raw.get("hint") or ("Please answer yes, no or not sure, or tap a button." if raw.get("options") == "yesno"
                               else "Please tap one of the buttons.")
    next_by_value = raw.get("next_by_value") or {}
    if not all(isinstance(k, str) for k in next_by_value):
        raise ValueError(f"{where}: next_by_value keys must be quoted text")
    return Step(
        id=str(raw["id"]),
        question=str(raw["question"]).strip(),
        why=str(raw.get("why", "")).strip(),
        hint=str(hint).strip(),
        input=input_kind,
        options=tuple(_option(o, where) for o in options),
        number=raw.get("number"),
        optional=bool(raw.get("optional", False)),
        criterion=raw.get("criterion"),
        records=raw.get("records"),
        flag=raw.get("flag"),
        next=raw.get("next"),
        next_by_value=tuple(next_by_value.items()),
        thresholds=tuple(float(t) for t in raw.get("thresholds", ())),
        max_length=int(raw.get("max_length", 80)),
    )


def load_flow(path: Path) -> Flow:
    """Read one flow definition."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    return Flow(
        id=str(raw["id"]),
        title=str(raw["title"]),
        intro=str(raw.get("intro", "")).strip(),
        result_template=str(raw["result_template"]),
        steps=tuple(_step(s, path.name) for s in raw["steps"]),
        risk_flags=tuple((raw.get("risk_flags") or {}).items()),
    )


# -- typed answers -------------------------------------------------------------


def normalise(text: str) -> str:
    """Lower-case, drop apostrophes and punctuation, collapse spaces ("Don't-know!" -> "dont know")."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    text = re.sub(r"[^\w$£€.]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    return " ".join(text.split())


def _looks_like_question(text: str, tokens: list[str]) -> bool:
    """Tell whether a message is a question to answer rather than an answer."""
    if len(tokens) <= 2:
        return False
    return text.rstrip().endswith("?") or tokens[0] in QUESTION_WORDS and len(tokens) > 3


def match_words(choices: Iterable[tuple[str, str]], text: str, fuzzy: bool = True) -> str | None:
    """Return the one value whose words the text contains (longest phrases first), else None.

    ``choices`` are (phrase, value) pairs. Long messages must start with the answer;
    short ones may be near misses ("yess", "nto sure"); two different answers at once
    ("yes and no") are not an answer.
    """
    tokens = normalise(text).split()
    if not tokens or _looks_like_question(text, tokens):
        return None
    phrases = sorted(((normalise(p).split(), v) for p, v in choices), key=lambda pv: -len(pv[0]))
    used = [False] * len(tokens)
    found: set[str] = set()
    for words, value in phrases:
        size = len(words)
        for i in range(len(tokens) - size + 1):
            if tokens[i:i + size] != words or any(used[i:i + size]):
                continue
            if len(tokens) > SHORT_ANSWER_WORDS and i > 1:
                continue
            used[i:i + size] = [True] * size
            found.add(value)
    scanned = found.pop() if len(found) == 1 else None
    if all(used) or not fuzzy or len(tokens) > FUZZY_MAX_WORDS:
        return scanned
    near = _near_miss(" ".join(tokens), {" ".join(w): v for w, v in phrases})
    return near if near is not None else scanned


def _near_miss(text: str, by_phrase: dict[str, str]) -> str | None:
    """Return the value of the one phrase the text is a near miss of ("nto sure" -> not sure)."""
    if len(text) < 2:
        return None
    hits = process.extract(text, list(by_phrase), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=6)
    if not hits:
        return None
    best = hits[0][1]
    values = {by_phrase[phrase] for phrase, score, _ in hits if score == best}
    return values.pop() if len(values) == 1 else None


_AMOUNT = re.compile(r"(?<![\w.])([$£€])?\s*(\d+(?:[.,]\d{3})*(?:\.\d+)?)(?![\d.,]*\d)\s*(k\b)?(?![a-z])")


def parse_price(text: str) -> tuple[float, str] | None:
    """Return (amount, display text) for a typed price such as "$299" or "about 80 dollars"."""
    match = _AMOUNT.search(text.lower())
    if not match:
        return None
    amount = float(re.sub(r"[.,](?=\d{3}\b)", "", match.group(2)).replace(",", "."))
    if match.group(3):
        amount *= 1000
    symbol = match.group(1) or ("€" if "eur" in text.lower() else "£" if "pound" in text.lower() else "$")
    return amount, f"{symbol}{amount:,.0f}" if amount.is_integer() else f"{symbol}{amount:,.2f}"


_DAYS = re.compile(r"(\d+|a|an|one|two|three|four|five|six)\s*(day|days|week|weeks|wk|wks|month|months)\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def parse_days(text: str) -> float | None:
    """Return how many days ago a typed time ("5 days ago", "two weeks") means."""
    match = _DAYS.search(normalise(text))
    if not match:
        return None
    count = float(_NUMBERS.get(match.group(1)) or match.group(1))
    unit = match.group(2)
    days = count * (30 if unit.startswith("month") else 7 if unit.startswith("w") else 1)
    return days + 1 if re.search(r"\b(more than|over|longer than)\b", normalise(text)) else days


def bucket(step: Step, amount: float) -> str:
    """Return the option value whose range (by the step's thresholds) holds ``amount``."""
    index = sum(1 for t in step.thresholds if amount > t)
    return step.options[min(index, len(step.options) - 1)].value


# -- checking definitions ------------------------------------------------------

#: The value a text step records when a name was given.
GIVEN = "given"
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
            walk, step_id = [], flow.steps[0].id
            ids = {s.id for s in flow.steps}
            while step_id in ids and len(walk) <= len(flow.steps):
                step = flow.step(step_id)
                value = chosen if step is target else step_values(step)[0]
                walk.append((step.id, value))
                step_id = flow.next_step(step, value)
            if (target.id, chosen) in walk:
                result.append(walk)
    return result


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
    def load(cls, root: Path, render: Render) -> FlowRunner:
        """Read ``root/intents/flows/*.yml``."""
        flows = {}
        for path in sorted((Path(root) / "intents" / "flows").glob("*.yml")):
            flow = load_flow(path)
            flows[flow.id] = flow
        return cls(flows, render)

    @property
    def flow_ids(self) -> tuple[str, ...]:
        """Return the ids of the loaded flows."""
        return tuple(self.flows)

    def problems(self) -> list[str]:
        """List what is wrong with the flow definitions (for ``exobot lint``); empty when all is well."""
        found: list[str] = []
        owners: dict[str, str] = {}
        for flow in self.flows.values():
            ids = [step.id for step in flow.steps]
            for step in flow.steps:
                where = f"{flow.id}:{step.id}"
                if step.id in owners:
                    found.append(f"{where}: step id also used in {owners[step.id]}")
                owners[step.id] = flow.id
                found.extend(self._step_problems(flow, step, ids, where))
            found.extend(f"{flow.id}:{s}: unreachable" for s in sorted(set(ids) - reachable(flow)))
            for walk in walks(flow):
                try:
                    outcome = self.start(flow.id, 0.0)
                    for step_id, value in walk:
                        answer = "Test product" if value == GIVEN else value
                        outcome = self.on_answer(outcome.fstate, answer, 0.0)
                        if outcome.fstate and outcome.fstate["path"][-1][0] != step_id:
                            found.append(f"{flow.id}:{step_id}: answer {value!r} was not accepted")
                            break
                    if outcome.fstate is not None:
                        found.append(f"{flow.id}: walk {walk} does not finish")
                except Exception as exc:  # noqa: BLE001 - lint reports, never crashes
                    found.append(f"{flow.id}: walk {walk} fails: {exc!r}")
        return found

    def _step_problems(self, flow: Flow, step: Step, ids: list[str], where: str) -> list[str]:
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
                Button(value, f"f:{step.id}:{value}")
            except ValueError as exc:
                found.append(f"{where}: {exc}")
        owner: dict[str, str] = {}
        fstate = {"flow": flow.id, "step": step.id, "path": []}
        for option in step.options:
            for word in (*option.words, option.label):
                key = normalise(word)
                if owner.setdefault(key, option.value) != option.value:
                    found.append(f"{where}: {word!r} means both {owner[key]!r} and {option.value!r}")
                elif self.parse_answer(fstate, word) != option.value:
                    found.append(f"{where}: typing {word!r} does not give {option.value!r}")
        return found

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
        if not tokens or _looks_like_question(text, tokens):
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
        if flow is None or not isinstance(fstate.get("path"), list):
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
