"""The blind18 pass over typed answers (answers written to be hard): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind18's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


def test_a_weak_yes_is_proposed_and_a_queried_one_is_not_sure(engine: Engine) -> None:
    reading = read(engine, "checklist", "price_value", "i believe so, they break down the costs")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")
    assert value(engine, "checklist", "price_value", "i believe so? no idea really") == "unsure"  # near miss


def test_still_pregnant_at_the_breastfeeding_question_is_asked_back_as_a_no(engine: Engine) -> None:
    reading = read(engine, "screening", "breastfeeding", "im 30 weeks pregnant")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")
    assert value(engine, "screening", "breastfeeding", "yes, and expecting number two") == "yes"  # near miss


def test_a_sarcastic_yes_is_asked_back_as_a_no(engine: Engine) -> None:
    reading = read(engine, "checklist", "price_value", "sure, if you call a gold lid quality")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")
    assert value(engine, "checklist", "price_value", "sure, the price pays for testing") == "yes"  # near miss


def test_two_negations_are_asked_back_as_a_yes(engine: Engine) -> None:
    reading = read(engine, "screening", "sensitive", "i wouldn't say my skin isn't sensitive")
    assert reading.kind == typed.CONFIRM
    reading = read(engine, "checklist", "guidance", "i wouldn't say they don't give directions and warnings")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")
    assert value(engine, "checklist", "guidance", "they don't give directions") == "no"  # near miss


@pytest.mark.parametrize(("step", "text", "want"), [
    ("infection", "you wish", "no"), ("cancer", "yeah nah", "no"), ("sensitive", "nah yeah", "yes"),
    ("pregnancy", "không", "no"), ("procedure", "لا", "no"), ("actives", "có", "yes"),
])
def test_idioms_and_more_languages(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want



def test_passing_on_the_name_skips_it(engine: Engine) -> None:
    assert read(engine, "checklist", "product", "i'll pass on that").kind == typed.SKIP
    assert read(engine, "checklist", "product", "Passionfruit Glow Serum").kind != typed.SKIP  # near miss: a name


# The set's floors are in tests/test_typed_floors.py (FRESH_FLOORS).
