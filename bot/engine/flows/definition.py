"""Flow definitions: steps, options and flows, read from ``intents/flows/*.yml``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Where a step goes when it is the last one.
END = "end"

#: How a step takes its answer.
CHOICE, TEXT, PRICE, DAYS = "choice", "text", "price", "days"

#: Special button values every question understands.
BACK, CANCEL, CONTINUE, SKIP = "back", "cancel", "continue", "skip"

#: The value a text step records when a name was given.
GIVEN = "given"

#: The shared yes / no / not sure answers of ``options: yesno`` (the words come from words.yml).
YESNO: tuple[dict[str, Any], ...] = (
    {"value": "yes", "label": "Yes", "status": "met"},
    {"value": "no", "label": "No", "status": "missing"},
    {"value": "unsure", "label": "Not sure", "status": "unknown"},
)


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
    #: The answer's name on the result card ("Source", "Breastfeeding").
    short: str = ""
    #: What "what do you mean?" / "does that count?" is answered with (else the glossary).
    explain: str = ""
    #: What a typed answer may state, by the value it gives: (value, phrases) pairs.
    says: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: The parts a yes stated in content must cover (each a list of `says` phrases), else it is asked back.
    needs: tuple[tuple[str, ...], ...] = ()
    #: Phrases that mean not sure unless the answer says more ("my period is late").
    maybe: tuple[str, ...] = ()
    #: Examples of one part of an "or" question: a no to them alone ("no cold sores") is asked back.
    partial_no: tuple[str, ...] = ()
    #: Phrases that only suggest a value ("botox" at the procedure question): proposed back, never recorded.
    asks: tuple[tuple[str, tuple[str, ...]], ...] = ()
    #: Phrases that settle a no even beside the person's risk in their words ("benign").
    resolves: tuple[str, ...] = ()
    #: Phrases that say yes with the child as their subject ("she still latches"): a "she" before them is the baby.
    by_child: tuple[str, ...] = ()
    #: Phrases that say yes even when still ahead ("starting ivf next month": trying to conceive now).
    even_ahead: tuple[str, ...] = ()
    #: What a plain yes / no / not sure means where the buttons are categories ("ask": ask which).
    polar: tuple[tuple[str, str], ...] = ()
    ask_which: str = ""
    #: Something over ("weaned", "long gone") means no: the question is about now.
    present_only: bool = False
    #: Follow-up steps whose answers may be read from this step's answer ("laser 6 days ago").
    fills: tuple[str, ...] = ()
    #: A time typed at this step further back than this many days answers no.
    window_days: float | None = None
    #: Words that suggest a value without giving it ("expensive"): asked back, never recorded alone.
    vague: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def polar_map(self) -> dict[str, str]:
        """Return what plain yes / no / not sure mean at this step."""
        return dict(self.polar)

    @property
    def yes_no(self) -> bool:
        """Tell whether the step's answers are yes / no / not sure."""
        return {o.value for o in self.options} == {"yes", "no", "unsure"}

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
    #: Whether what is typed for each answer is kept in the session to be shown on the card.
    keep_typed: bool = True

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


def _phrase_lists(raw: Any, where: str, key: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Read a value -> phrases mapping (``says``, ``vague``); values must be quoted text."""
    raw = raw or {}
    if not all(isinstance(k, str) and all(isinstance(w, str) for w in v) for k, v in raw.items()):
        raise ValueError(f"{where}: {key} needs quoted values and text phrases")
    return tuple((k, tuple(v)) for k, v in raw.items())


def _step(raw: dict[str, Any], where: str, yesno: tuple[dict[str, Any], ...] = YESNO) -> Step:
    """Build a step from its YAML mapping."""
    options = raw.get("options", ())
    if options == "yesno":
        options = yesno
    where = f"{where}:{raw.get('id')}"
    input_kind = raw.get("input", CHOICE)
    hint = raw.get("hint") or ("Please answer yes, no or not sure, or choose a button." if raw.get("options") == "yesno"
                               else "Please choose one of the buttons.")
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
        short=str(raw.get("short") or raw.get("criterion") or raw["id"]).strip(),
        explain=str(raw.get("explain", "")).strip(),
        says=_phrase_lists(raw.get("says"), where, "says"),
        resolves=tuple(str(p) for p in raw.get("resolves", ())),
        by_child=tuple(str(p) for p in raw.get("by_child", ())),
        even_ahead=tuple(str(p) for p in raw.get("even_ahead", ())),
        needs=tuple(tuple(str(p) for p in part) for part in raw.get("needs", ())),
        polar=tuple((str(k), str(v)) for k, v in (raw.get("polar") or {}).items()),
        ask_which=str(raw.get("ask_which", "")).strip(),
        present_only=bool(raw.get("present_only", False)),
        fills=tuple(str(f) for f in raw.get("fills", ())),
        window_days=float(raw["window_days"]) if raw.get("window_days") is not None else None,
        vague=_phrase_lists(raw.get("vague"), where, "vague"),
        asks=_phrase_lists(raw.get("asks"), where, "asks"),
        maybe=tuple(str(p) for p in raw.get("maybe", ())),
        partial_no=tuple(str(p) for p in raw.get("partial_no", ())),
    )


def load_flow(raw: dict[str, Any], name: str, yesno: tuple[dict[str, Any], ...] = YESNO) -> Flow:
    """Build one flow definition from its YAML mapping (``name`` is its file, for messages)."""
    return Flow(
        id=str(raw["id"]),
        title=str(raw["title"]),
        intro=str(raw.get("intro", "")).strip(),
        result_template=str(raw["result_template"]),
        steps=tuple(_step(s, name, yesno) for s in raw["steps"]),
        risk_flags=tuple((raw.get("risk_flags") or {}).items()),
        keep_typed=bool(raw.get("keep_typed", True)),
    )


def bucket(step: Step, amount: float) -> str:
    """Return the option value whose range (by the step's thresholds) holds ``amount``."""
    index = sum(1 for t in step.thresholds if amount > t)
    return step.options[min(index, len(step.options) - 1)].value

