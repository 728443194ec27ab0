"""The blind30 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind30's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize("text", ["sure, if a celebrity holding it counts as testing 🙄",
                                  "yeah, if 'quality' means a gold lid"])
def test_sarcasm_is_asked_back_as_a_no(engine: Engine, text: str) -> None:
    reading = read(engine, "checklist", "price_value", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


def test_a_plain_sure_is_still_a_yes(engine: Engine) -> None:
    assert value(engine, "checklist", "price_value", "sure, the lab reports are all public") == "yes"  # near miss


@pytest.mark.parametrize(("step", "text"), [
    ("characterization", "there's a size chart I think, not totally sure"),
    ("evidence", "I not check this part"),
])
def test_hedges_and_not_having_checked_are_not_sure(engine: Engine, step: str, text: str) -> None:
    assert value(engine, "checklist", step, text) == "unsure"


def test_i_dont_think_they_dont_is_never_recorded_as_a_no(engine: Engine) -> None:
    reading = read(engine, "checklist", "manufacturing", "i don't think they don't say how it's purified")
    assert reading.value != "no" or reading.kind != typed.ANSWER


@pytest.mark.parametrize(("text", "want"), [
    ("arrived in a cool box with ice packs, amber vial, finish it within 30 days once you open it", "yes"),
    ("dark glass dropper, but nothing about how long it lasts after opening", "no"),
])
def test_storage_read_from_what_the_package_says(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "checklist", "stability", text) == want


def test_a_study_still_to_come_is_no_evidence(engine: Engine) -> None:
    """A study named beside "coming soon" is proposed as a no (asked back), never recorded as a yes."""
    reading = read(engine, "checklist", "evidence", "the founder says a clinical study is coming soon")
    assert reading.value == "no"


def test_a_certificate_from_an_outside_laboratory_is_third_party_testing(engine: Engine) -> None:
    assert value(engine, "checklist", "third_party", "qr code on the box opens a certificate from outside laboratory") \
        == "yes"


def test_a_screening_answer_concluding_yes_is_recorded_as_yes(engine: Engine) -> None:
    """The careful side: a stated yes at a screening question is recorded, whatever hedge came before."""
    text = "my rheumatologist put me on methotrexate and said i'd catch things more easily, so i guess that's a yes"
    assert value(engine, "screening", "infection", text) == "yes"
