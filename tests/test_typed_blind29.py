"""The blind29 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind29's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("step", "text", "want"), [
    ("price_value", "yes because their test results are all published", "yes"),
    ("price_value", "yes since the lab data is public", "yes"),
    ("evidence", "no because there's no lab data, just ads", "no"),
])
def test_a_yes_or_no_given_a_reason_answers_the_question_asked(engine: Engine, step: str, text: str,
                                                               want: str) -> None:
    """The reason may name another criterion; the yes or no before it is still this question's answer."""
    assert value(engine, "checklist", step, text) == want


def test_content_of_another_question_without_a_reason_is_still_sent_there(engine: Engine) -> None:
    reading = read(engine, "screening", "breastfeeding", "never had cancer")
    assert reading.kind == typed.ELSEWHERE  # near miss


@pytest.mark.parametrize(("step", "text", "want"), [
    ("stability", "airless pump yes, but no word on shelf life after opening, so i'd say no", "no"),
    ("guidance", "directions yes, warnings no, so no", "no"),
])
def test_a_checklist_answer_that_concludes_its_own_value_is_recorded(engine: Engine, step: str, text: str,
                                                                     want: str) -> None:
    assert value(engine, "checklist", step, text) == want


def test_a_screening_answer_that_concludes_no_against_its_own_history_is_not_recorded_as_no(engine: Engine) -> None:
    """"had a melanoma removed, so i'd say no" states a history of cancer: never recorded as a no."""
    assert value(engine, "screening", "cancer", "had a melanoma removed, so i'd say no") != "no"


@pytest.mark.parametrize("text", ["my period is late and i didn't take a test yet", "late period, didnt test yet"])
def test_a_late_period_without_a_test_is_not_sure(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "pregnancy", text) == "unsure"
