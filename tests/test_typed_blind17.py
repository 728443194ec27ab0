"""The blind17 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind17's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("flow", "step", "text"), [
    ("screening", "sensitive", "not that i've seen"), ("checklist", "guidance", "not that I have noticed"),
])
def test_having_noticed_none_is_asked_back_as_a_no(engine: Engine, flow: str, step: str, text: str) -> None:
    reading = read(engine, flow, step, text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


def test_an_answer_from_a_skim_is_not_sure(engine: Engine) -> None:
    assert value(engine, "checklist", "stability", "not that i saw, but i only skimmed the box") == "unsure"
    assert value(engine, "checklist", "stability", "not that i saw") == "no"  # near miss


def test_a_no_after_a_yes_taken_back_is_the_answer(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "yes no wait, the tretinoin was my previous routine") == "no"
    assert value(engine, "screening", "actives", "no wait, i do use tretinoin") == "yes"  # near miss: no taken back


def test_an_old_routine_is_not_the_current_one(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "glycolic toner was my old routine") == "no"
    assert value(engine, "screening", "actives", "glycolic toner every night") == "yes"  # near miss


def test_studies_on_the_brands_own_product_count(engine: Engine) -> None:
    assert value(engine, "checklist", "evidence", "they link a pubmed paper on their own cream") == "yes"
    assert value(engine, "checklist", "evidence", "only their own survey of customers") == "no"  # near miss


@pytest.mark.parametrize(("step", "text", "want"), [
    ("pregnancy", "buntis po ako", "yes"), ("infection", "hindi naman", "no"), ("cancer", "hindi ko alam", "unsure"),
])
def test_tagalog_answers(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


def test_more_ways_to_skip_a_name_and_more_dollar_signs(engine: Engine) -> None:
    assert read(engine, "checklist", "product", "skip that one").kind == typed.SKIP
    assert read(engine, "checklist", "product", "skincare one").kind != typed.SKIP  # near miss: a name
    assert value(engine, "checklist", "price", "CA$40") == "low"
    assert value(engine, "checklist", "price", "AU$300") == "high"


# The set's floors are in tests/test_typed_floors.py (FRESH_FLOORS).
