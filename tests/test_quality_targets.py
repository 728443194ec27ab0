"""Quality targets, asserted over the shipped development data (issue 2)."""

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.ops import evaluate

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.fixture(scope="module")
def question_figures(engine: Engine) -> evaluate.QuestionFigures:
    rows = evaluate.read_labelled(DATA / "dev" / "dev_questions.tsv")
    return evaluate.eval_questions(rows, engine.analyse)


@pytest.fixture(scope="module")
def oos_figures(engine: Engine) -> evaluate.OutOfScopeFigures:
    return evaluate.eval_out_of_scope(evaluate.read_lines(DATA / "clinc150" / "out_of_scope_dev.txt"), engine.analyse)


def test_dev_questions_are_read(question_figures: evaluate.QuestionFigures) -> None:
    assert question_figures.total >= 120


def test_at_least_90_percent_answered_right(question_figures: evaluate.QuestionFigures) -> None:
    assert question_figures.answered_right / question_figures.total >= 0.90, question_figures.misses


def test_at_least_97_percent_one_tap_away(question_figures: evaluate.QuestionFigures) -> None:
    assert question_figures.within_reach / question_figures.total >= 0.97, question_figures.misses


def test_at_most_2_percent_wrong_answers(question_figures: evaluate.QuestionFigures) -> None:
    assert question_figures.wrong_answer / question_figures.total <= 0.02, question_figures.misses


def test_out_of_scope_set_is_complete(oos_figures: evaluate.OutOfScopeFigures) -> None:
    assert oos_figures.total == 2600


def test_at_least_99_percent_of_out_of_scope_falls_back(oos_figures: evaluate.OutOfScopeFigures) -> None:
    assert oos_figures.declined / oos_figures.total >= 0.99, oos_figures.examples


def test_at_most_half_a_percent_of_out_of_scope_is_answered(oos_figures: evaluate.OutOfScopeFigures) -> None:
    assert oos_figures.answered / oos_figures.total <= 0.005, oos_figures.examples


def test_every_dev_risk_flag_found_and_no_false_flag(engine: Engine) -> None:
    fig = evaluate.eval_risk(evaluate.read_labelled(DATA / "dev" / "dev_risk.tsv"), engine.risk.detect)
    assert fig.lines >= 26
    assert fig.recall == 1.0, fig.errors
    assert fig.false_flags == 0, fig.errors


def test_targets_check_notices_a_miss() -> None:
    fig = evaluate.QuestionFigures(total=100, answered_right=80, suggested_right=10, wrong_answer=5)
    failed = evaluate.check_targets(fig, None, None)
    assert len(failed) == 3


def test_the_blind_set_stays_close_to_the_targets(engine: Engine) -> None:
    """A regression floor on the independent set in data/blind (written without seeing any example)."""
    blind = DATA / "blind"
    q = evaluate.eval_questions(evaluate.read_labelled(blind / "questions.tsv"), engine.analyse)
    o = evaluate.eval_out_of_scope(evaluate.read_lines(blind / "out_of_scope.txt"), engine.analyse)
    r = evaluate.eval_risk(evaluate.read_labelled(blind / "risk.tsv"), engine.risk.detect)
    assert q.total == 200 and o.total == 200 and r.lines == 80
    assert q.answered_right / q.total >= 0.85, q.misses
    assert q.within_reach / q.total >= 0.95, q.misses
    assert q.wrong_answer / q.total <= 0.02, q.misses
    assert o.declined / o.total >= 0.99, o.examples
    assert r.recall == 1.0, r.errors
