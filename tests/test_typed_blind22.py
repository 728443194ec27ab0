"""The blind22 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind22's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("text", "want"), [
    ("roughly two weeks ago", "d4_14"), ("like 3 days back", "d0_3"), ("around 14 days ago", "d4_14"),
])
def test_a_rough_time_on_the_edge_between_two_buttons_is_asked_back(engine: Engine, text: str, want: str) -> None:
    reading = read(engine, "screening", "procedure_when", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, want)


@pytest.mark.parametrize(("text", "want"), [("two weeks ago", "d4_14"), ("about ten days ago", "d4_14"),
                                            ("about a month ago", "over_14")])
def test_an_exact_time_or_a_rough_one_inside_a_button_is_recorded(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "screening", "procedure_when", text) == want  # near misses


def test_skin_that_peels_is_not_a_peel(engine: Engine) -> None:
    assert value(engine, "screening", "procedure", "my cousin went and now her skin is peeling") is None
    assert value(engine, "screening", "procedure", "had a peel on monday") == "yes"  # near miss (dated: 2 days)


@pytest.mark.parametrize(("step", "text"), [
    ("stability", "ships chilled, and the box says good for 2 months once opened"),
    ("stability", "lyophilized, you mix it and use in 3 weeks"),
    ("guidance", "explains when and how, and says not for kids"),
])
def test_content_that_covers_both_halves_of_a_question_is_a_yes(engine: Engine, step: str, text: str) -> None:
    assert value(engine, "checklist", step, text) == "yes"


def test_one_half_only_is_still_asked_back(engine: Engine) -> None:
    assert read(engine, "checklist", "stability", "frosted glass bottle, nothing about how long").kind in (
        typed.CONFIRM, typed.ANSWER)
    assert value(engine, "checklist", "stability", "frosted glass bottle, nothing about how long") != "yes"


def test_studies_of_exosomes_in_general_are_asked_back(engine: Engine) -> None:
    reading = read(engine, "checklist", "evidence", "they link papers, but on exosomes in general, not this product")
    assert reading.kind == typed.CONFIRM
    assert value(engine, "checklist", "evidence", "they link two pubmed papers on this serum") == "yes"  # near miss


@pytest.mark.parametrize(("flow", "step", "text", "want"), [
    ("checklist", "characterization", "did not check yet sorry", "unsure"),
    ("checklist", "price_value", "hmm, they post the batch tests so i'd say yes", "yes"),
    ("checklist", "price", "was 40 euro at the chemist", "low"),
    ("screening", "pregnancy", "weve been trying for a while", "yes"),
    ("screening", "breastfeeding", "only nighttime feeds now", "yes"),
    ("screening", "sensitive", "it gets shiny, is not sensitive at all", "no"),
])
def test_answers_typed_the_way_people_type_them(engine: Engine, flow: str, step: str, text: str, want: str) -> None:
    assert value(engine, flow, step, text) == want


def test_a_misspelt_probably_reads_as_probably(engine: Engine) -> None:
    assert read(engine, "checklist", "third_party", "propably not") == read(engine, "checklist", "third_party",
                                                                          "probably not")
    assert read(engine, "checklist", "third_party", "propably not").kind != typed.NONE


def test_a_price_asked_about_is_still_a_question(engine: Engine) -> None:
    assert read(engine, "checklist", "price", "was 40 euro a lot for this?").kind == typed.QUESTION  # near miss


# The set's floors are in tests/test_typed_floors.py (FRESH_FLOORS).
