"""`exobot lint`: check the content catalogue before it ships."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from bot.content import load_engine
from bot.content.loader import ContentError, read_raw
from bot.content.schema import validate
from bot.engine import Engine
from bot.engine.render import to_plain
from bot.nlu.intent import Intent
from bot.nlu.text import fold
from bot.ops.lint_content import content_problems

#: Longest rendered answer, in characters.
MAX_ANSWER_CHARS = 900
#: Follow-up buttons a knowledge answer offers.
RELATED_RANGE = (2, 3)
#: Longest button label.
MAX_TITLE_CHARS = 28
#: Words that must never reach a user.
FORBIDDEN = re.compile(r"\b(safe for you|diagnos\w*|treats|cures?)\b", re.IGNORECASE)
#: Tags Telegram's HTML mode accepts that our templates may use.
ALLOWED_TAGS = frozenset({"b", "i"})
#: The line every health answer ends with (answers/partials/not_advice.j2).
FOOTER_TEMPLATE = "partials/not_advice.j2"
#: A run of this many words shared with the guide counts as copied.
COPY_RUN_WORDS = 12
#: How many of the weakest intents the self-check prints.
WEAKEST_SHOWN = 5


@dataclass
class Report:
    """Errors fail the lint; warnings and notes are printed."""

    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


class _TagChecker(HTMLParser):
    """Collect problems with the HTML subset of a rendered answer."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        """Record an opening tag."""
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}> is not allowed")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        """Match a closing tag."""
        if not self.stack or self.stack.pop() != tag:
            self.problems.append(f"unbalanced </{tag}>")


def html_problems(text: str) -> list[str]:
    """Return what Telegram would reject in a rendered reply."""
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    problems = checker.problems + [f"unclosed <{t}>" for t in checker.stack]
    if re.search(r"&(?!(?:amp|lt|gt|quot|#\d+|#x[0-9a-fA-F]+);)", text):
        problems.append("bare '&' (write &amp;)")
    return problems


def catalogue_ids(spec: Path) -> list[str]:
    """Read the intent ids of the catalogue's Knowledge and Conversation tables."""
    ids, section = [], ""
    for line in spec.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            section = line[3:].strip().lower()
        elif section in ("knowledge", "conversation") and line.startswith("| "):
            cell = line.split("|")[1].strip()
            if re.fullmatch(r"[a-z_]+", cell) and cell != "id":
                ids.append(cell)
    return ids


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", to_plain(text).lower())


def copied_runs(answer: str, guide_runs: set[tuple[str, ...]]) -> int:
    """Count runs of COPY_RUN_WORDS words an answer shares with the guide."""
    words = _words(answer)
    return sum(1 for i in range(len(words) - COPY_RUN_WORDS + 1) if tuple(words[i:i + COPY_RUN_WORDS]) in guide_runs)


def self_check(engine: Engine) -> dict[str, tuple[int, int, int]]:
    """Classify each example with itself left out: intent -> (right, within reach, total); out of scope: refused."""
    results: dict[str, list[int]] = {}
    refusals = engine.reader.out_of_scope
    for position, (intent, text) in enumerate(engine.matcher.examples()):
        match = engine.matcher.match(text, held_out=position)
        row = results.setdefault(intent, [0, 0, 0])
        right = match.outcome == "answer" and match.intent == intent
        if intent in refusals:  # an out-of-scope example is right when it is refused, by any refusal
            right = match.outcome == "fallback" or (match.outcome == "answer" and match.intent in refusals)
        row[0] += right
        row[1] += right or intent in match.suggestions
        row[2] += 1
    return {k: (v[0], v[1], v[2]) for k, v in results.items()}


def lint(root: Path, spec: Path | None = None, guide: Path | None = None, *, self_check_too: bool = True) -> Report:
    """Check every intent, template and flow under ``root``: the schema first, then what the engine builds."""
    report = Report()
    engine = _load_checked(root, report)
    if engine is None:
        return report
    _check_catalogue_ids(engine, spec, report)
    guide_runs = _guide_runs(guide, report)
    _check_intents(engine, guide_runs, report)
    _check_template_files(root, report)
    report.errors += [f"flow: {p}" for p in flow_problems(engine)]
    report.errors += content_problems(engine)
    if self_check_too:
        report.notes += self_check_notes(engine)
    return report


def _load_checked(root: Path, report: Report) -> Engine | None:
    """Check the content against the schema, then load the engine; None when either fails."""
    try:
        raw, unreadable = read_raw(root)
    except ContentError as exc:
        report.errors.append(str(exc))
        return None
    problems = validate(raw)
    report.errors += unreadable + [str(p) for p in problems if p.error]
    report.warnings += [str(p) for p in problems if not p.error]
    if report.errors:
        return None
    try:
        return load_engine(root)
    except (jinja2.TemplateError, ValueError, KeyError) as exc:
        report.errors.append(f"content does not load: {exc}")
        return None


def _check_catalogue_ids(engine: Engine, spec: Path | None, report: Report) -> None:
    """Check that every intent the catalogue lists exists."""
    if spec is not None and spec.exists():
        for missing in sorted(set(catalogue_ids(spec)) - set(engine.intents)):
            report.errors.append(f"catalogue intent {missing!r} is missing")
    elif spec is not None:
        report.warnings.append(f"catalogue not found at {spec}: the catalogue-id check did not run")


def _guide_runs(guide: Path | None, report: Report) -> set[tuple[str, ...]]:
    """Return the guide's runs of COPY_RUN_WORDS words, for the copied-passage check (none without a guide)."""
    if guide is not None and guide.exists():
        words = _words(guide.read_text(encoding="utf-8"))
        return {tuple(words[i:i + COPY_RUN_WORDS]) for i in range(len(words) - COPY_RUN_WORDS + 1)}
    if guide is not None:
        report.warnings.append(f"guide not found at {guide}: the copied-passage check did not run")
    return set()


def _check_intents(engine: Engine, guide_runs: set[tuple[str, ...]], report: Report) -> None:
    """Check each intent in turn: its answer, its buttons and its examples."""
    footer = engine.renderer.render(FOOTER_TEMPLATE)
    seen: dict[str, str] = {}
    for intent in engine.intents.values():
        where = f"{intent.id} ({intent.source})"
        text = _rendered_answer(engine, intent, where, report)
        if text is None:
            continue
        _check_answer(intent, where, text, footer, guide_runs, report)
        _check_buttons(intent, where, report)
        _check_examples(intent, where, seen, report)


def _rendered_answer(engine: Engine, intent: Intent, where: str, report: Report) -> str | None:
    """Render an intent's answer template; None when it is missing or does not render."""
    try:
        return engine.renderer.render(f"{intent.id}.j2")
    except jinja2.TemplateNotFound:
        report.errors.append(f"{where}: no template answers/{intent.id}.j2")
    except jinja2.TemplateError as exc:
        report.errors.append(f"{where}: template does not render: {exc}")
    return None


def _check_answer(intent: Intent, where: str, text: str, footer: str, guide_runs: set[tuple[str, ...]],
                  report: Report) -> None:
    """Check a rendered answer: its length, its HTML, its wording, its footer and what it copies."""
    if len(text) > MAX_ANSWER_CHARS:
        report.errors.append(f"{where}: answer is {len(text)} characters (max {MAX_ANSWER_CHARS})")
    for problem in html_problems(text):
        report.errors.append(f"{where}: {problem}")
    if said := FORBIDDEN.search(to_plain(text)):
        report.errors.append(f"{where}: answer says {said.group(0)!r}")
    if intent.health and footer not in text:
        report.errors.append(f"{where}: health answer lacks the not-medical-advice footer")
    if guide_runs and (runs := copied_runs(text, guide_runs)):
        report.warnings.append(f"{where}: {runs} run(s) of {COPY_RUN_WORDS} words copied from the guide")


def _check_buttons(intent: Intent, where: str, report: Report) -> None:
    """Check an intent's button label and how many follow-ups it offers."""
    if len(intent.title) > MAX_TITLE_CHARS:
        report.errors.append(f"{where}: title longer than {MAX_TITLE_CHARS} characters")
    low, high = RELATED_RANGE
    if intent.kind == "knowledge" and not low <= len(intent.related) <= high:
        report.errors.append(f"{where}: {len(intent.related)} follow-ups (want {low}-{high})")


def _check_examples(intent: Intent, where: str, seen: dict[str, str], report: Report) -> None:
    """Check that no example is under two intents (``seen``: folded example -> intent) or repeated in one."""
    for example in intent.examples:
        key = fold(example)
        if key in seen and seen[key] != intent.id:
            report.errors.append(f"example {example!r} is under both {seen[key]} and {intent.id}")
        seen.setdefault(key, intent.id)
    counts = Counter(fold(e) for e in intent.examples)
    for example, count in counts.items():
        if count > 1:
            report.warnings.append(f"{where}: example {example!r} appears {count} times")


def _check_template_files(root: Path, report: Report) -> None:
    """Check that no template file under answers/ contains a forbidden phrase, rendered or not."""
    for template in sorted((root / "answers").rglob("*.j2")):
        name = template.relative_to(root / "answers").as_posix()
        if FORBIDDEN.search(template.read_text(encoding="utf-8")):
            report.errors.append(f"answers/{name}: contains a forbidden phrase")


def self_check_notes(engine: Engine) -> list[str]:
    """Classify every example with itself left out; describe the score and the weakest intents."""
    notes = []
    scores = self_check(engine)
    total = sum(v[2] for v in scores.values())
    right = sum(v[0] for v in scores.values())
    reach = sum(v[1] for v in scores.values())
    notes.append(f"self-check (leave one out): {right}/{total} examples answered right "
                 f"({100 * right / max(total, 1):.0f}%), {100 * reach / max(total, 1):.0f}% within reach")
    weakest = sorted(scores.items(), key=lambda kv: (kv[1][0] / kv[1][2], kv[0]))[:WEAKEST_SHOWN]
    for intent_id, (r, w, n) in weakest:
        notes.append(f"  weakest: {intent_id:24} {r}/{n} right, {w}/{n} within reach")
    return notes


def flow_problems(engine: Engine) -> list[str]:
    """Check each flow: every step reachable and answerable, every template renders."""
    from bot.engine.flows.validate import validate_flows

    return validate_flows(engine.flows)
