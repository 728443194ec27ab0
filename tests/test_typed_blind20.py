"""The blind20 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind20's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("text", "want"), [
    ("fiddy dollars", "mid"), ("like fitty five bucks", "mid"), ("fifteen dollars", "low"),
])
def test_fifty_said_the_way_people_say_it(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "checklist", "price", text) == want


def test_an_acid_typed_as_heard_is_an_acid_and_an_unknown_acid_cleanser_is_asked(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "a salsa lick acid face wash") == "yes"
    assert read(engine, "screening", "actives", "some mystery acid cleanser").kind == typed.CONFIRM
    assert value(engine, "screening", "actives", "just a gentle cleanser") == "no"  # near miss


def test_fine_at_the_sensitive_question_is_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "sensitive", "nope, i'm fine") == "no"
    assert value(engine, "screening", "sensitive", "it stings but i'm fine") == "yes"  # near miss


def test_hives_once_from_a_product_is_a_past_reaction_not_an_emergency(engine: Engine) -> None:
    assert value(engine, "screening", "sensitive", "got hives from a toner once, ages ago") == "yes"
    assert value(engine, "screening", "sensitive", "i broke out in hives from a mask once") == "yes"


def test_a_cold_sore_typed_as_heard(engine: Engine) -> None:
    assert value(engine, "screening", "infection", "got a coal sore on my lip") == "yes"
    assert value(engine, "screening", "infection", "no cold sores or anything") == "no"  # near miss


@pytest.mark.parametrize(("text", "kind", "days"), [
    ("on the 24th", typed.ANSWER, "d4_14"), ("the 18th", typed.ANSWER, "d4_14"),
    ("it was on the 2nd", typed.CONFIRM, "over_14")])
def test_a_bare_day_of_the_month_is_taken_when_recent_and_offered_back_when_not(
        engine: Engine, text: str, kind: str, days: str) -> None:
    """Written on 2026-12-01: the 24th is November's, 7 days ago, and the 18th 13 days: within the two weeks the
    user has just said, so taken; the 2nd is November's too, 29 days back, so offered back."""
    reading = read(engine, "screening", "procedure_when", text)
    assert (reading.kind, reading.value) == (kind, days)


def test_a_day_of_a_named_month_is_read_as_before(engine: Engine) -> None:
    assert value(engine, "screening", "procedure_when", "the 10th of November") == "over_14"  # near miss


# The set's floors are in tests/test_typed_floors.py (FRESH_FLOORS).
