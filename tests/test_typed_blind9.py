"""The fifth careful pass over typed answers (data/blind9): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The blind9 typed set's tuning part
was studied; its measure part is only ever counted (tests/test_typed_floors.py keeps the floors).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value

# -- words: not knowing, a slang yes, content in plain words ------------------------------------


@pytest.mark.parametrize(("flow_id", "step", "text", "want"), [
    ("checklist", "stability", "never read the box tbh", "unsure"),  # never read is not knowing, not a no
    ("checklist", "guidance", "tossed the box ages ago", "unsure"),
    ("screening", "cancer", "waiting on a test for a mole", "unsure"),
    ("checklist", "evidence", "yeh", "yes"),
    ("screening", "sensitive", "my face flares up with most creams", "yes"),
    ("screening", "procedure_when", "yday afternoon", "d0_3"),
    ("checklist", "guidance", "tells you to use it twice a day and warns against broken skin", "yes"),
])
def test_plain_words_are_read_by_their_meaning(engine: Engine, flow_id: str, step: str, text: str,
                                               want: str) -> None:
    assert value(engine, flow_id, step, text) == want


def test_a_near_miss_of_not_knowing_keeps_its_no(engine: Engine) -> None:
    assert value(engine, "checklist", "guidance", "i read it, there are no warnings at all") != "unsure"
    assert value(engine, "screening", "sensitive", "no flare ups ever") == "no"


def test_not_knowing_what_a_gift_cost_skips_the_price(engine: Engine) -> None:
    assert read(engine, "checklist", "price", "a present from my aunt, no idea what it cost").kind == typed.SKIP
    assert read(engine, "checklist", "price", "a present from my aunt, about $40").kind == typed.ANSWER


# -- a no and what follows it -------------------------------------------------------------------


@pytest.mark.parametrize(("step", "text"), [
    ("actives", "nope i put adapalene on most nights"),  # the no is contradicted by what is stated
    ("infection", "no im on methotrexate for my joints"),
])
def test_a_no_followed_by_a_statement_of_the_risk_is_asked_back(engine: Engine, step: str, text: str) -> None:
    assert read(engine, "screening", step, text).kind == typed.CONFIRM


def test_a_no_that_negates_the_content_stays_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "no i dont use adapalene anymore") == "no"
    assert value(engine, "screening", "actives", "no adapalene, no acids") == "no"


def test_a_past_year_makes_an_event_over_at_a_question_about_now(engine: Engine,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from bot.engine.flows import clock
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 1))
    assert value(engine, "screening", "infection", "nope, but i got a cold sore back in 2019") == "no"
    assert value(engine, "screening", "pregnancy", "no, but i was pregnant in 2021") == "no"
    assert value(engine, "screening", "cancer", "no, but i had a melanoma removed in 2019") == "yes"  # the past counts
    assert value(engine, "screening", "infection", "i have a cold sore since monday") == "yes"


# -- one part of a two-part question, a list after a no, "it just says" ------------------------------------


def test_a_yes_to_one_test_with_another_denied_is_asked_back(engine: Engine) -> None:
    assert read(engine, "checklist", "third_party", "endotoxins yes, but nothing on sterility").kind == typed.CONFIRM
    assert value(engine, "checklist", "third_party", "an independent lab checked sterility and endotoxins") == "yes"


def test_a_negation_reaches_every_item_of_a_list(engine: Engine) -> None:
    assert value(engine, "checklist", "guidance", "no directions and warnings anywhere") == "no"
    assert read(engine, "checklist", "guidance", "no directions, but warnings on the side").kind == typed.CONFIRM


def test_only_a_bare_word_at_the_source_question_is_not_stated(engine: Engine) -> None:
    assert value(engine, "checklist", "source", "the jar only says exosome serum haha") == "not_stated"
    assert value(engine, "checklist", "source", "it just says grape exosomes") == "plant"


# -- prices: dollars and cents in words, euros and pounds near an edge ---------------------------------


@pytest.mark.parametrize(("text", "want"), [
    ("thirty nine ninety five", "low"),  # $39.95
    ("forty nine fifty", "low"),  # $49.50
    ("one forty nine", "mid"),  # $149, not 1.49
    ("a hundred forty nine ninety nine", "mid"), ("two hundred and five", "high"),  # $149.99, $205
    ("€35", "low"), ("90 euros", "mid"), ("£150", "high"), ("about a tenner", "low"),
    ("47 euros", None), ("€140", None), ("£38", None),  # near an edge at some plausible rate: asked back
])
def test_prices_in_words_and_in_euros_or_pounds(engine: Engine, text: str, want: str | None) -> None:
    reading = read(engine, "checklist", "price", text)
    assert (reading.value if reading.kind == typed.ANSWER else None) == want


# -- dates counted from today (pinned: Thursday 2027-03-18) ---------------------------------------------


@pytest.fixture
def pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pin today's date, the one calendar dates are counted from."""
    from datetime import date

    from bot.engine.flows import clock
    monkeypatch.setattr(clock, "today", lambda: date(2027, 3, 18))


@pytest.mark.parametrize(("text", "want"), [
    ("march 16", "d0_3"), ("the 9th of march", "d4_14"), ("feb 20th", "over_14"),
    ("3/16", "d0_3"), ("16/3", "d0_3"), ("3/2", "over_14"),  # 2 March or 3 February: both over two weeks
    ("3/10", None),  # 10 March (d4_14) or 3 October, too far back to be meant: asked
    ("in february", "over_14"), ("valentines day", "over_14"),
    ("last week", "d4_14"),  # Monday 8 to Sunday 14 March: 4 to 10 days ago, inside one range
    ("last month", "over_14"),  # February: 18 to 45 days ago
    ("in march", None),  # 0 to 17 days ago: across two edges
    ("march 3rd 2025", "over_14"), ("in the last week", None),
])
def test_calendar_dates_are_counted_from_today(engine: Engine, pinned: None, text: str, want: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == want


def test_a_span_across_an_edge_depends_on_the_day_it_is(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from bot.engine.flows import clock
    monkeypatch.setattr(clock, "today", lambda: date(2027, 3, 16))  # a Tuesday: last week is 2 to 8 days ago
    assert value(engine, "screening", "procedure_when", "last week") is None
    assert value(engine, "screening", "procedure", "microneedling last week") == "yes"  # inside two weeks anyway
    monkeypatch.setattr(clock, "today", lambda: date(2027, 3, 5))  # last month: 5 to 32 days ago
    assert read(engine, "screening", "procedure", "a peel last month").kind == typed.CONFIRM


def test_a_date_at_the_two_week_question_decides_it(engine: Engine, pinned: None) -> None:
    assert value(engine, "screening", "procedure", "laser on march 10") == "yes"
    assert value(engine, "screening", "procedure", "fraxel back in january") == "no"
    assert read(engine, "screening", "procedure", "yes, in january").kind == typed.CONFIRM  # a yes, dated outside
    assert read(engine, "screening", "procedure", "tattoo touch up on march 12").kind == typed.CONFIRM  # counts?


# -- a hedge that leans yes: one policy -----------------------------------------------------------------


@pytest.mark.parametrize("step", ["pregnancy", "infection", "procedure", "sensitive"])
def test_a_lean_to_yes_alone_is_the_cautious_yes_at_a_screening_question(engine: Engine, step: str) -> None:
    assert value(engine, "screening", step, "i believe so") == "yes"
    reading = read(engine, "screening", step, "probably not")  # a lean to no: proposed, never recorded (blind11)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


@pytest.mark.parametrize("step", ["manufacturing", "third_party", "guidance"])
def test_a_lean_to_yes_alone_is_asked_back_at_a_checklist_criterion(engine: Engine, step: str) -> None:
    reading = read(engine, "checklist", step, "i believe so")
    assert reading.kind == typed.CONFIRM and reading.value == "yes"


def test_a_lean_to_yes_beside_doubtful_content_stays_not_sure(engine: Engine) -> None:
    assert value(engine, "screening", "cancer", "i guess so? nobody has told me anything for sure yet") == "unsure"


# -- pregnancy in weeks, fertility treatment ahead ---------------------------------------------------


def test_weeks_of_pregnancy_in_figures_are_a_yes(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "i am 14 weeks") == "yes"
    assert value(engine, "screening", "pregnancy", "nope, had my baby 9 weeks ago") == "no"


def test_fertility_treatment_still_ahead_is_asked_back_as_a_yes(engine: Engine) -> None:
    reading = read(engine, "screening", "pregnancy", "egg retrieval is scheduled for january")
    assert reading.kind == typed.CONFIRM and reading.value == "yes"
    assert read(engine, "screening", "pregnancy", "we might try for a baby next year").kind != typed.ANSWER


# -- not knowing the price, someone else's product ----------------------------------------------------


def test_not_knowing_the_price_at_all_skips_it(engine: Engine) -> None:
    assert read(engine, "checklist", "price", "no clue tbh").kind == typed.SKIP
    assert value(engine, "checklist", "price", "no clue, about 30 bucks i guess") == "low"  # an amount answers


def test_the_source_of_someone_elses_product_is_not_recorded(engine: Engine) -> None:
    assert value(engine, "checklist", "source", "my sisters serum is goat milk based") is None
    assert value(engine, "checklist", "source", "goat milk, my sister recommended it") == "animal"


@pytest.mark.parametrize("text", ["had a peel in september", "microneedling on the 3rd of october",
                                  "laser back in june"])
def test_a_month_long_past_is_outside_the_two_weeks(engine: Engine, pinned: None, text: str) -> None:
    assert value(engine, "screening", "procedure", text) == "no"


def test_a_date_long_past_is_asked_back_at_when_was_it(engine: Engine, pinned: None) -> None:
    assert value(engine, "screening", "procedure_when", "the 3rd of october") is None  # last October or the next


@pytest.mark.parametrize(("text", "want"), [("got microneedled on the 16th", "yes"), ("had a peel on the 2nd", "no")])
def test_a_day_of_the_month_said_in_the_past_is_the_latest_one(engine: Engine, pinned: None, text: str,
                                                               want: str) -> None:
    assert value(engine, "screening", "procedure", text) == want  # 16 March: 2 days ago; 2 March: 16 days ago


def test_a_bare_day_of_the_month_without_a_past_verb_is_still_asked(engine: Engine, pinned: None) -> None:
    assert value(engine, "screening", "procedure", "laser on the 16th") is None  # had, or booked?
