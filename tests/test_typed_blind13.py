"""The eighth careful pass over typed answers (data/blind13): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning parts of blind13's two typed sets
were studied; their measure parts are only ever counted, in aggregate (the floors at the end).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.ops import evaluate
from tests.test_typed_careful import read, value

BLIND13 = Path(__file__).resolve().parent.parent / "data" / "blind13"

# -- knowing of none: asked back as a no, never recorded --------------------------------------------------


@pytest.mark.parametrize(("flow", "step", "text"), [
    ("screening", "infection", "not that I'm aware of"), ("screening", "cancer", "not to my knowledge"),
    ("checklist", "third_party", "not as far as i know"),
])
def test_knowing_of_none_is_asked_back_as_a_no(engine: Engine, flow: str, step: str, text: str) -> None:
    reading = read(engine, flow, step, text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


def test_seeing_none_is_still_a_no(engine: Engine) -> None:
    assert value(engine, "checklist", "characterization", "not that i can see") == "no"  # near miss


# -- "how would i know": not sure, only as the whole answer --------------------------------------------------


def test_how_would_i_know_alone_is_not_sure(engine: Engine) -> None:
    assert value(engine, "checklist", "stability", "how am i supposed to know?") == "unsure"
    assert value(engine, "checklist", "third_party", "how would i know which lab they used") is None  # near miss


# -- a part of the question said missing, after the part that is there ----------------------------------------


@pytest.mark.parametrize("text", ["sterility yes, endotoxins not mentioned",
                                  "sterile yes but endotoxins and counts not shown"])
def test_a_part_said_missing_keeps_a_yes_from_being_recorded(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "third_party", text) is None


def test_a_content_word_denied_after_it_is_a_no(engine: Engine) -> None:
    assert value(engine, "checklist", "characterization", "cd63 and cd81 aren't listed") == "no"
    assert value(engine, "checklist", "characterization", "cd63 is listed") == "yes"  # near miss


# -- money and dates ------------------------------------------------------------------------------------------


def test_reais_are_not_dollars(engine: Engine) -> None:
    assert value(engine, "checklist", "price", "R$ 500") == "mid"  # about $90 ($68-113 at the margin)
    assert value(engine, "checklist", "price", "$500") == "high"  # near miss


def test_a_clause_opening_with_which_after_a_price_is_no_question(engine: Engine) -> None:
    assert value(engine, "checklist", "price", "paid $180, which hurt") == "high"
    assert read(engine, "checklist", "price", "which size is it, the 30 or the 50?").kind == typed.QUESTION


@pytest.mark.parametrize(("text", "want"), [("am 27.11.", "d4_14"), ("15.11.2026", "over_14"),
                                            ("30.11.", "d0_3")])
def test_a_date_with_points_is_day_first(engine: Engine, written_day: None, text: str, want: str) -> None:
    assert value(engine, "screening", "procedure_when", text) == want


def test_a_decimal_is_no_date(engine: Engine, written_day: None) -> None:
    assert value(engine, "screening", "procedure_when", "2.5 weeks ago") == "over_14"  # near miss: 17 days


# -- words ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("step", "text", "want"), [
    ("pregnancy", "haan", "yes"), ("infection", "tidak", "no"), ("sensitive", "hassas değil", "no"),
    ("pregnancy", "we've been trying for a while", "yes"), ("breastfeeding", "nahi", "no"),
])
def test_more_languages_and_forms(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


def test_other_languages_name_animal_sources(engine: Engine) -> None:
    assert value(engine, "checklist", "source", "de cerdo") == "animal"
    assert value(engine, "checklist", "source", "células humanas") == "human"  # near miss: read before


# -- the blind13 typed-answer sets ----------------------------------------------------------------------------

#: (part, right at least, wrong at most). On arrival, typed: tuning 185 right and 0 wrong, measure (only ever
#: counted) 186 and 7; typed2 (written to be hard): tuning 171 and 4, measure 169 and 11.
BLIND13_FLOORS = [("typed_tune.tsv", 190, 0), ("typed_measure.tsv", 187, 2),
                  ("typed2_tune.tsv", 178, 1), ("typed2_measure.tsv", 171, 10)]


@pytest.mark.parametrize(("part", "right", "wrong"), BLIND13_FLOORS, ids=[f[0] for f in BLIND13_FLOORS])
def test_the_blind13_typed_sets_keep_their_floors(engine: Engine, written_day: None, part: str, right: int,
                                                  wrong: int) -> None:
    fig = evaluate.eval_typed(evaluate.read_typed(BLIND13 / part), engine)
    assert fig.total == 210
    assert fig.counts[evaluate.RIGHT] >= right, dict(fig.counts)
    assert fig.counts[evaluate.WRONG] <= wrong, dict(fig.counts)


def test_knowing_of_none_at_the_source_question_proposes_not_stated(engine: Engine) -> None:
    reading = read(engine, "checklist", "source", "not as far as i know")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "not_stated")
    assert value(engine, "checklist", "source", "not stated") == "not_stated"  # near miss: said outright
