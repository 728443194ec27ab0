"""The blind32 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind32's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize("text", ["I saw nothing about it on the box", "found nothing on their site",
                                  "i could not find nothing about this", "the label says nothing"])
def test_nothing_found_at_a_criterion_is_a_no(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "manufacturing", text) == "no"


def test_finding_something_is_still_not_a_no(engine: Engine) -> None:
    assert value(engine, "checklist", "manufacturing", "I saw a page about their GMP lab") != "no"


@pytest.mark.parametrize(("step", "text", "want"), [
    ("breastfeeding", "yes i still breastfeed him", "yes"),
    ("breastfeeding", "we weened in the summer", "no"),
    ("pregnancy", "my test was positive on sunday", "yes"),
    ("sensitive", "perfume bothers my skin a lot", "yes"),
])
def test_screening_answers_in_everyday_words_are_recorded(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


@pytest.mark.parametrize("text", ["i breastfed both kids, long ago", "nothing bothers my skin"])
def test_their_near_misses_keep_their_reading(engine: Engine, text: str) -> None:
    step = "breastfeeding" if "breastfed" in text else "sensitive"
    assert value(engine, "screening", step, text) == "no"


def test_no_positive_test_yet_says_nothing_of_trying(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "no positive test yet") is None


@pytest.mark.parametrize("text", ["lost the box, so i dont know", "no idea what it is called, a pink bottle",
                                  "I have not the name, it came in a bottle without label"])
def test_not_knowing_the_name_offers_to_skip_it(engine: Engine, text: str) -> None:
    reading = read(engine, "checklist", "product", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "skip")


def test_a_name_beside_a_doubt_about_the_maker_is_never_recorded_as_a_skip(engine: Engine) -> None:
    assert value(engine, "checklist", "product", "Glow Drops, no idea who makes it") != "skip"
