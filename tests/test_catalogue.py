"""The content catalogue, parametrized over the catalogue itself."""

from pathlib import Path

import pytest

from bot.content.schema import MIN_EXAMPLES
from bot.engine import Engine
from bot.engine.render import to_plain
from bot.ops.lint import FORBIDDEN, MAX_ANSWER_CHARS, catalogue_ids, html_problems, lint

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "data" / "spec" / "intents.md"
CATALOGUE = catalogue_ids(SPEC)


def test_catalogue_is_read_in_full() -> None:
    assert len(CATALOGUE) == 37
    assert {"what_are_exosomes", "plated_exosomes", "start_screening", "greeting"} <= set(CATALOGUE)


@pytest.mark.parametrize("intent_id", CATALOGUE)
def test_every_catalogue_intent_is_answerable(engine: Engine, intent_id: str) -> None:
    intent = engine.intents[intent_id]
    answer = engine.answer_text(intent_id)
    assert 0 < len(answer) <= MAX_ANSWER_CHARS
    assert html_problems(answer) == []
    assert not FORBIDDEN.search(to_plain(answer))
    assert len(intent.examples) >= MIN_EXAMPLES
    assert all(r in engine.intents for r in intent.related)
    if intent.health:
        assert "not medical advice" in answer


def test_lint_passes_on_the_shipped_content() -> None:
    # The self-check (every example matched with itself left out) is run once, by tests/test_cli.py.
    report = lint(ROOT, SPEC, None, self_check_too=False)
    assert report.errors == []


def test_lint_catches_broken_content(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "intents", tmp_path / "intents")
    shutil.copytree(ROOT / "answers", tmp_path / "answers")
    (tmp_path / "answers" / "price.j2").write_text("Prices {{ missing }} & more <u>x</u>")
    (tmp_path / "answers" / "worth_it.j2").write_text("This cures everything. " * 50)
    report = lint(tmp_path, SPEC, None, self_check_too=False)
    text = "\n".join(report.errors)
    assert "price" in text and "does not render" in text
    assert "worth_it" in text and "characters" in text
    assert "forbidden" in text


def test_lint_reports_a_missing_catalogue_intent(tmp_path: Path) -> None:
    spec = tmp_path / "intents.md"
    spec.write_text("## Knowledge\n| id | x |\n|---|---|\n| no_such_intent | y |\n")
    report = lint(ROOT, spec, None, self_check_too=False)
    assert any("no_such_intent" in e for e in report.errors)


def test_html_checker_rejects_what_telegram_rejects() -> None:
    assert html_problems("<b>fine</b> &amp; <i>ok</i>") == []
    assert html_problems("<b>open")
    assert html_problems("a & b")
    assert html_problems("<div>x</div>")
