"""The seventh careful pass over typed answers (data/blind12): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The blind12 typed set's tuning part
was studied; its measure part is only ever counted, in aggregate (the floors at the end).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.ops import evaluate
from tests.test_typed_careful import read, value

BLIND12 = Path(__file__).resolve().parent.parent / "data" / "blind12"

# -- money: a dot that groups thousands, the rupee's narrower margin -------------------------------------


@pytest.mark.parametrize(("text", "want"), [("€2.400", "high"), ("kr 1.100", "mid")])
def test_a_dot_before_three_digits_groups_thousands(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "checklist", "price", text) == want


def test_a_dot_before_two_digits_is_still_cents(engine: Engine) -> None:
    assert value(engine, "checklist", "price", "$2.40") == "low"  # near miss
    assert value(engine, "screening", "actives", "tretinoin 0.025") == "yes"  # a strength, not a price


def test_rupees_are_read_at_a_narrower_margin(engine: Engine) -> None:
    assert value(engine, "checklist", "price", "₹6,500") == "mid"  # $70-86
    assert value(engine, "checklist", "price", "3000 rupees") == "low"
    assert value(engine, "checklist", "price", "4,200 rupees") is None  # near miss: about $50, either side


# -- German "a week ago" ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("das war vor einer Woche", "d4_14"), ("vor zwei Wochen", "d4_14"),
    ("vor einem Monat", "over_14"),  # near miss: the form that was already read
])
def test_einer_counts_one_in_a_german_time(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "screening", "procedure_when", text) == want


# -- an illness kept in check -------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["I have HIV but my viral load is fine", "lupus, well controlled these days"])
def test_an_illness_kept_in_check_is_asked_back_as_a_yes(engine: Engine, text: str) -> None:
    reading = read(engine, "screening", "infection", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")


def test_the_illness_named_alone_is_still_a_yes(engine: Engine) -> None:
    assert value(engine, "screening", "infection", "HIV") == "yes"  # near miss
    assert value(engine, "screening", "infection", "on methotrexate") == "yes"


# -- the blind12 typed-answer set -----------------------------------------------------------------------------

#: (part, right at least, wrong at most). On arrival the tuning part gave 180 right and 2 wrong, the measure
#: part (only ever counted) 187 and 8.
BLIND12_FLOORS = [("typed_tune.tsv", 184, 0), ("typed_measure.tsv", 187, 8)]


@pytest.mark.parametrize(("part", "right", "wrong"), BLIND12_FLOORS, ids=[f[0] for f in BLIND12_FLOORS])
def test_the_blind12_typed_set_keeps_its_floors(engine: Engine, written_day: None, part: str, right: int,
                                                wrong: int) -> None:
    fig = evaluate.eval_typed(evaluate.read_typed(BLIND12 / part), engine)
    assert fig.total == 210
    assert fig.counts[evaluate.RIGHT] >= right, dict(fig.counts)
    assert fig.counts[evaluate.WRONG] <= wrong, dict(fig.counts)
