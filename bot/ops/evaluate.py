"""`exobot eval`: measure the matcher and the risk rules on labelled sets."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from bot.engine.conversation import ANSWER, SUGGEST, Analysis
from bot.nlu.risk import FLAGS

Classify = Callable[[str], Analysis]

#: The quality targets of the project (issue 2), as fractions.
TARGETS = {
    "questions.answered_right": (">=", 0.90),
    "questions.within_reach": (">=", 0.97),
    "questions.wrong_answer": ("<=", 0.02),
    "out_of_scope.fallback": (">=", 0.99),
    "out_of_scope.answered": ("<=", 0.005),
    "risk.recall": (">=", 1.0),
    "risk.false_flags": ("<=", 0),
}


class DataError(ValueError):
    """A labelled file cannot be read or holds a label the bot does not know."""


def read_lines(path: Path) -> list[str]:
    """Read non-empty, non-comment lines."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return [line for line in lines if line.strip() and not line.startswith("#")]


def read_labelled(path: Path, known: Iterable[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Read `text<TAB>label,label` lines ("-" means no label); a label not in ``known`` is an error."""
    allowed = set(known) if known is not None else None
    rows = []
    for number, line in enumerate(read_lines(path), 1):
        text, tab, labels = line.partition("\t")
        found = tuple(x.strip() for x in labels.split(",") if x.strip() not in ("", "-"))
        if not tab or not text.strip():
            raise DataError(f"{path}: line {number} is not text<TAB>labels: {line[:60]!r}")
        unknown = [x for x in found if allowed is not None and x not in allowed]
        if unknown:
            raise DataError(f"{path}: line {number} has unknown label(s) {', '.join(unknown)}")
        rows.append((text.strip(), found))
    return rows


@dataclass
class QuestionFigures:
    """How in-scope questions fared."""

    total: int = 0
    answered_right: int = 0
    suggested_right: int = 0
    wrong_answer: int = 0
    suggested_wrong: int = 0
    fallback: int = 0
    confusions: Counter = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    @property
    def within_reach(self) -> int:
        """Questions answered right or with the right intent among the suggestions."""
        return self.answered_right + self.suggested_right


@dataclass
class OutOfScopeFigures:
    """How out-of-scope messages fared."""

    total: int = 0
    fallback: int = 0
    suggested: int = 0
    answered: int = 0
    leaks: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)


@dataclass
class RiskFigures:
    """How the risk rules fared."""

    lines: int = 0
    expected: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    false_flags: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        """Share of expected flags that were found."""
        total = sum(self.expected.values())
        return sum(self.found.values()) / total if total else 1.0


def eval_questions(rows: Iterable[tuple[str, tuple[str, ...]]], classify: Classify) -> QuestionFigures:
    """Classify labelled questions and count the outcomes."""
    fig = QuestionFigures()
    for text, accepted in rows:
        fig.total += 1
        a = classify(text)
        if a.outcome == ANSWER and a.intent in accepted:
            fig.answered_right += 1
            continue
        if a.outcome == ANSWER:
            fig.wrong_answer += 1
            fig.confusions[(accepted[0], a.intent)] += 1
            fig.misses.append(f"wrong     {text!r}: {a.intent} (want {','.join(accepted)})")
        elif a.outcome == SUGGEST and set(a.suggestions) & set(accepted):
            fig.suggested_right += 1
        elif a.outcome == SUGGEST:
            fig.suggested_wrong += 1
            fig.confusions[(accepted[0], a.intent)] += 1
            fig.misses.append(f"suggested {text!r}: {','.join(a.suggestions)} (want {','.join(accepted)})")
        else:
            fig.fallback += 1
            fig.misses.append(f"fallback  {text!r} (want {','.join(accepted)})")
    return fig


def eval_out_of_scope(lines: Iterable[str], classify: Classify) -> OutOfScopeFigures:
    """Classify out-of-scope messages: each should fall back."""
    fig = OutOfScopeFigures()
    for text in lines:
        fig.total += 1
        a = classify(text)
        if a.outcome == ANSWER:
            fig.answered += 1
        elif a.outcome == SUGGEST:
            fig.suggested += 1
        else:
            fig.fallback += 1
            continue
        fig.leaks[a.intent] += 1
        fig.examples.append(f"{a.outcome:8} {text!r} -> {a.intent}")
    return fig


def eval_risk(rows: Iterable[tuple[str, tuple[str, ...]]], detect: Callable[[str], tuple[str, ...]]) -> RiskFigures:
    """Run the risk rules over labelled messages."""
    fig = RiskFigures()
    for text, expected in rows:
        fig.lines += 1
        got = set(detect(text))
        for flag in expected:
            fig.expected[flag] += 1
            if flag in got:
                fig.found[flag] += 1
        extra = got - set(expected)
        fig.false_flags += len(extra)
        if extra or set(expected) - got:
            fig.errors.append(f"{text!r}: got {','.join(sorted(got)) or '-'}, want {','.join(expected) or '-'}")
    return fig


def _pct(part: int, whole: int) -> str:
    """Format a share as a percentage."""
    return f"{100.0 * part / whole:5.1f}%" if whole else "  n/a"


def format_questions(fig: QuestionFigures, verbose: bool = False) -> str:
    """Render question figures."""
    n = fig.total
    lines = [
        f"Questions: {n}",
        f"  answered right      {_pct(fig.answered_right, n)}  ({fig.answered_right})   target >= 90%",
        f"  suggested right     {_pct(fig.suggested_right, n)}  ({fig.suggested_right})",
        f"  within reach        {_pct(fig.within_reach, n)}  ({fig.within_reach})   target >= 97%",
        f"  wrong answer        {_pct(fig.wrong_answer, n)}  ({fig.wrong_answer})   target <= 2%",
        f"  suggested, none right {_pct(fig.suggested_wrong, n)}  ({fig.suggested_wrong})",
        f"  fallback            {_pct(fig.fallback, n)}  ({fig.fallback})",
    ]
    if fig.confusions:
        lines.append("  top confusions (wanted -> got):")
        for (want, got), count in fig.confusions.most_common(8):
            lines.append(f"    {count:3}  {want} -> {got}")
    if verbose:
        lines += ["  misses:"] + [f"    {m}" for m in fig.misses]
    return "\n".join(lines)


def format_out_of_scope(fig: OutOfScopeFigures, verbose: bool = False) -> str:
    """Render out-of-scope figures."""
    n = fig.total
    lines = [
        f"Out of scope: {n}",
        f"  fallback            {_pct(fig.fallback, n)}  ({fig.fallback})   target >= 99%",
        f"  suggested           {_pct(fig.suggested, n)}  ({fig.suggested})",
        f"  wrongly answered    {_pct(fig.answered, n)}  ({fig.answered})   target <= 0.5%",
    ]
    if fig.leaks:
        leaks = ", ".join(f"{intent} {count}" for intent, count in fig.leaks.most_common(6))
        lines.append(f"  leaked into: {leaks}")
    if verbose:
        lines += [f"    {e}" for e in fig.examples]
    return "\n".join(lines)


def format_risk(fig: RiskFigures, verbose: bool = False) -> str:
    """Render risk figures."""
    lines = [f"Risk: {fig.lines} messages, recall {100 * fig.recall:.1f}%, false flags {fig.false_flags}"]
    for flag in FLAGS:
        if fig.expected[flag]:
            lines.append(f"  {flag:18} {fig.found[flag]}/{fig.expected[flag]}")
    if verbose or fig.errors:
        lines += [f"  miss: {e}" for e in fig.errors]
    return "\n".join(lines)


def check_targets(questions: QuestionFigures | None, oos: OutOfScopeFigures | None,
                  risk: RiskFigures | None) -> list[str]:
    """Return the targets that are not met."""
    values: dict[str, float] = {}
    if questions and questions.total:
        values["questions.answered_right"] = questions.answered_right / questions.total
        values["questions.within_reach"] = questions.within_reach / questions.total
        values["questions.wrong_answer"] = questions.wrong_answer / questions.total
    if oos and oos.total:
        values["out_of_scope.fallback"] = oos.fallback / oos.total
        values["out_of_scope.answered"] = oos.answered / oos.total
    if risk and risk.lines:
        values["risk.recall"] = risk.recall
        values["risk.false_flags"] = risk.false_flags
    failed = []
    for name, value in values.items():
        op, target = TARGETS[name]
        if (op == ">=" and value < target) or (op == "<=" and value > target):
            failed.append(f"{name} = {value:.4g} (target {op} {target})")
    return failed
