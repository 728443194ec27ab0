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


# -- the weekend (today pinned: Tuesday 2026-12-01, tests/conftest.py) ---------------------------------------


@pytest.mark.parametrize("text", ["it was the weekend", "am Wochenende"])
def test_the_weekend_is_offered_back_as_the_latest_one(engine: Engine, written_day: None, text: str) -> None:
    reading = read(engine, "screening", "procedure_when", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "d0_3")  # 28-29 November, offered like a weekday


@pytest.mark.parametrize("text", ["last weekend", "this weekend"])
def test_last_or_this_weekend_records_nothing(engine: Engine, written_day: None, text: str) -> None:
    assert read(engine, "screening", "procedure_when", text).kind != typed.ANSWER  # near miss: 2 to 10 days, or ahead


# -- an illness kept in check, findings and tests at the cancer question ---------------------------------


@pytest.mark.parametrize("text", ["I have HIV but my viral load is fine", "lupus, well controlled these days"])
def test_an_illness_kept_in_check_is_asked_back_as_a_yes(engine: Engine, text: str) -> None:
    reading = read(engine, "screening", "infection", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")


def test_the_illness_named_alone_is_still_a_yes(engine: Engine) -> None:
    assert value(engine, "screening", "infection", "HIV") == "yes"  # near miss
    assert value(engine, "screening", "infection", "on methotrexate") == "yes"


@pytest.mark.parametrize("text", ["had a cyst removed", "a fibroid, nothing else", "only some skin tags"])
def test_a_benign_finding_is_not_a_malignancy(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "cancer", text) == "no"


def test_a_malignancy_named_is_still_a_yes(engine: Engine) -> None:
    assert value(engine, "screening", "cancer", "melanoma in 2019") == "yes"  # near miss


def test_more_tests_to_come_is_not_knowing(engine: Engine) -> None:
    assert value(engine, "screening", "cancer", "they want to do more tests") == "unsure"
    assert value(engine, "screening", "cancer", "tests came back negative") == "no"  # near miss


def test_treatment_without_saying_what_for_is_asked_back(engine: Engine) -> None:
    reading = read(engine, "screening", "cancer", "still in treatment")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")
    assert value(engine, "screening", "cancer", "chemo finished in may") == "yes"  # near miss: named


# -- ordinary skin conditions at the infection question, appointments that are not procedures --------------


@pytest.mark.parametrize("text", ["rosacea flare", "eczema patches on my arms", "acne, the usual kind"])
def test_an_ordinary_skin_condition_is_not_an_infection(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "infection", text) == "no"


@pytest.mark.parametrize("text", ["infected eczema", "acne but one spot got infected"])
def test_the_same_condition_infected_is_a_yes(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "infection", text) == "yes"


@pytest.mark.parametrize("text", ["just a manicure", "massage yesterday", "got my hair dyed, hair colour only"])
def test_an_appointment_that_does_not_work_the_skin_is_no_procedure(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "procedure", text) == "no"


def test_a_procedure_beside_such_an_appointment_is_still_a_yes(engine: Engine) -> None:
    assert value(engine, "screening", "procedure", "a chemical peel 3 days ago and a manicure") == "yes"


@pytest.mark.parametrize("text", ["microagujas", "mikronakłuwanie twarzy"])
def test_microneedling_in_other_languages(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "procedure_type", text) == "microneedling"


def test_microneedling_in_another_language_answers_the_procedure_question(engine: Engine) -> None:
    assert value(engine, "screening", "procedure", "microaiguilles il y a 5 jours") == "yes"
    assert value(engine, "screening", "procedure_type", "peeling químico") == "peel"  # near miss


# -- some feeds, a late period, a strong degree, an independent report -------------------------------------


def test_only_some_feeds_is_still_breastfeeding(engine: Engine) -> None:
    assert value(engine, "screening", "breastfeeding", "just the night feeds") == "yes"
    assert value(engine, "screening", "breastfeeding", "stopped the night feeds, fully weaned") == "no"  # near miss


def test_a_late_period_written_short_is_not_knowing(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "my period's late") == "unsure"
    assert value(engine, "screening", "pregnancy", "period came, not pregnant") == "no"  # near miss


@pytest.mark.parametrize("text", ["extremely", "super sensitive", "very much"])
def test_a_strong_degree_is_sensitive_skin(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "sensitive", text) == "yes"


@pytest.mark.parametrize("text", ["a little", "not very"])
def test_a_weak_or_negated_degree_is_still_asked_back(engine: Engine, text: str) -> None:
    assert read(engine, "screening", "sensitive", text).kind == typed.CONFIRM  # writers disagree on "a bit"


def test_an_independent_report_is_third_party_testing(engine: Engine) -> None:
    assert value(engine, "checklist", "third_party", "an independent lab report is on their site") == "yes"
    assert value(engine, "checklist", "third_party", "not independent, they did it in house") == "no"  # near miss


# -- the blind12 typed-answer set -----------------------------------------------------------------------------

#: (part, right at least, wrong at most). On arrival the tuning part gave 180 right and 2 wrong, the measure
#: part (only ever counted) 187 and 8; 188 after its round, 186 since blind13's round asks back "not that I
#: know of" and its kin, where writers disagree (no for most, not sure for some).
BLIND12_FLOORS = [("typed_tune.tsv", 195, 0), ("typed_measure.tsv", 186, 8)]


@pytest.mark.parametrize(("part", "right", "wrong"), BLIND12_FLOORS, ids=[f[0] for f in BLIND12_FLOORS])
def test_the_blind12_typed_set_keeps_its_floors(engine: Engine, written_day: None, part: str, right: int,
                                                wrong: int) -> None:
    fig = evaluate.eval_typed(evaluate.read_typed(BLIND12 / part), engine)
    assert fig.total == 210
    assert fig.counts[evaluate.RIGHT] >= right, dict(fig.counts)
    assert fig.counts[evaluate.WRONG] <= wrong, dict(fig.counts)
