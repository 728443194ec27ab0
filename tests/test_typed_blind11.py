"""The sixth careful pass over typed answers (data/blind11): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The blind11 typed set's tuning part
was studied; its measure part is only ever counted (tests/test_typed_floors.py keeps the floors).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.engine.flows.lexicon import fold
from tests.test_typed_careful import read, value

# -- letters with a bar or a stroke, other languages' "I don't know", nothing either way ----------------


def test_a_barred_letter_folds_to_its_plain_letter(engine: Engine) -> None:
    assert fold("Złoty Søren") == "zloty soren"
    assert value(engine, "checklist", "price", "120 zł") == "low"  # about $30, not $120
    assert value(engine, "checklist", "price", "120") == "mid"  # near miss: no currency is dollars


@pytest.mark.parametrize(("flow_id", "step", "text"), [
    ("screening", "actives", "não faço a mínima ideia"),
    ("screening", "procedure_when", "no lo recuerdo"),
    ("screening", "infection", "ich weiß es nicht"),
    ("screening", "sensitive", "non mi ricordo"),
])
def test_not_knowing_in_another_language_is_not_read_as_its_no(engine: Engine, flow_id: str, step: str,
                                                               text: str) -> None:
    assert value(engine, flow_id, step, text) == "unsure"


def test_the_plain_no_of_those_languages_is_still_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "não, nada disso") == "no"
    assert value(engine, "screening", "infection", "nein") == "no"


def test_nothing_seen_either_way_is_not_knowing(engine: Engine) -> None:
    assert value(engine, "checklist", "third_party", "no info either way on the box") == "unsure"
    assert value(engine, "checklist", "third_party", "no info on the box") == "no"  # near miss


@pytest.mark.parametrize(("flow_id", "step", "text"), [
    ("checklist", "evidence", "prob not"), ("screening", "pregnancy", "probably not"),
    ("screening", "cancer", "creo que no"), ("checklist", "guidance", "most likely not tbh"),
])
def test_a_hedge_that_leans_no_is_proposed_as_a_no(engine: Engine, flow_id: str, step: str, text: str) -> None:
    reading = read(engine, flow_id, step, text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


def test_a_firm_no_and_a_plain_hedge_keep_their_readings(engine: Engine) -> None:
    assert value(engine, "checklist", "evidence", "definitely not") == "no"
    assert value(engine, "screening", "pregnancy", "maybe") == "unsure"


# -- a product described by whose it is, cells found abnormal ------------------------------------------


@pytest.mark.parametrize("text", ["the serum my derm gave me", "an essence my esthetician recommends",
                                  "the toner my aunt swears by"])
def test_a_product_described_by_whose_it_is_is_not_a_name(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "product", text) is None


def test_a_name_beside_whose_it_is_is_still_a_name(engine: Engine) -> None:
    assert value(engine, "checklist", "product", "the ordinary serum") == "the ordinary serum"  # near miss
    assert value(engine, "checklist", "product", "my derm sells Lumiva Exo") is not None


def test_cells_found_abnormal_are_asked_back_at_the_cancer_question(engine: Engine) -> None:
    reading = read(engine, "screening", "cancer", "the smear showed atypical cells, they never called it cancer")
    assert reading.kind == typed.CONFIRM
    assert value(engine, "screening", "cancer", "nope, never had cancer") == "no"  # near miss


# -- part of a month (today pinned: Tuesday 2026-12-01, tests/conftest.py) ------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("beginning of oct", "over_14"), ("end of october", "over_14"), ("the start of november", "over_14"),
    ("mid november", None),  # the 11th to the 20th: 11 to 20 days ago, across the two-week edge
    ("in november", None),  # near miss: the whole month still straddles
])
def test_part_of_a_month_dates_a_procedure(engine: Engine, text: str, want: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == want


def test_a_late_part_of_this_month_is_inside_the_window(engine: Engine) -> None:
    assert value(engine, "screening", "procedure", "microneedling late november") == "yes"
    assert value(engine, "screening", "procedure", "laser at the start of october") == "no"
