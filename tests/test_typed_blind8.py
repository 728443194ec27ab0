"""The fourth careful pass over typed answers (data/blind8): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The blind8 typed set's tuning part
was studied; its measure part is only ever counted (tests/test_typed_floors.py keeps the floors).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.engine.flows.corrections import after_correction
from tests.test_flow_dialogues import User
from tests.test_typed_careful import read, value

# -- corrections and what is still ahead ----------------------------------------------------------


@pytest.mark.parametrize(("text", "read_as"), [
    ("next week actually, a peel", "next week actually, a peel"),  # "actually" stresses the word before it
    ("no actually, they do", "they do"),  # an answer word before it is taken back
    ("yes, laser... wait no, it was a peel", "it was a peel"),  # "wait no" takes back like "no wait"
    ("no... actually yes, there's a PDF", "yes, there's a PDF"),
])
def test_an_actually_that_stresses_a_word_takes_nothing_back(text: str, read_as: str) -> None:
    assert after_correction(text) == read_as


def test_a_procedure_dated_only_by_a_future_clause_beside_it_is_asked_back_as_a_no(engine: Engine) -> None:
    reading = read(engine, "screening", "procedure", "next friday actually, getting microneedling")
    assert reading.kind == typed.CONFIRM and reading.value == "no"
    assert value(engine, "screening", "procedure", "microneedling yesterday, another one next week") == "yes"
    assert value(engine, "screening", "procedure", "getting microneedling") == "yes"


def test_the_dialogue_proposes_no_for_a_procedure_still_ahead_in_another_clause() -> None:
    user = User()
    user.say("/screen")
    for _ in range(4):
        user.press("no")
    user.say("tomorrow actually, getting a chemical peel")
    assert "did you mean" in user.turn.text and user.flow["step"] == "procedure"
    user.press("no")
    assert user.flow["step"] == "actives"


# -- a question back about the answer's own content -----------------------------------------------


@pytest.mark.parametrize(("step", "text"), [
    ("actives", "peptides, that's basically a retinoid right?"),  # the question names a yes beside a no
    ("actives", "just a cleanser, is that like salicylic?"),
])
def test_a_question_back_naming_another_value_makes_the_answer_a_proposal(engine: Engine, step: str,
                                                                          text: str) -> None:
    reading = read(engine, "screening", step, text)
    assert reading.kind == typed.CONFIRM and reading.value == "no"


@pytest.mark.parametrize(("flow_id", "step", "text", "expected"), [
    ("screening", "cancer", "skin cancer? no. any other? also no", "no"),  # sub-questions answered in turn
    ("checklist", "third_party", "independent? no, they test it themselves", "no"),  # an echo of the question
    ("screening", "actives", "niacinamide. what else is there?", "no"),  # the question names nothing
])
def test_an_answered_or_echoed_question_leaves_the_answer_alone(engine: Engine, flow_id: str, step: str, text: str,
                                                              expected: str) -> None:
    assert value(engine, flow_id, step, text) == expected


def test_a_short_content_answer_with_a_question_mark_is_proposed_not_dropped_as_an_echo(engine: Engine) -> None:
    reading = read(engine, "checklist", "source", "goat colostrum?? odd")
    assert reading.kind == typed.CONFIRM and reading.value == "animal"


# -- a date counted from today's date typed with it ------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("done on the 4th, today is the 9th", "d4_14"),
    ("the 1st; today's the 30th", "over_14"),
    ("the 30th, and today is the 1st", "d0_3"),  # across a month's end: 1 or 2 days
    ("microneedling thursday, today is saturday", "d0_3"),  # a plain day of the week is the latest one
    ("last thursday, today is saturday", None),  # "last thursday": 2 or 9 days ago
    ("on the 4th", None),  # no reference: asked
    ("today", "d0_3"),
])
def test_a_date_is_counted_from_the_day_typed_as_today(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("fraxel on sunday, today is wednesday", "yes"),
    ("a peel on the 1st, today is the 25th", "no"),
    ("laser on the 3rd", None),  # a date without today's: how long ago is unknown
])
def test_a_procedure_dated_from_today_is_inside_or_outside_the_window(engine: Engine, text: str,
                                                                      expected: str | None) -> None:
    assert value(engine, "screening", "procedure", text) == expected


# -- someone else's time, and thousands typed apart -------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("my sister had hers 2 days ago, I went the week before", None),  # the only time typed is hers
    ("my sister's was 2 days ago", None),
    ("mine was 2 days ago, my sister's a week later", "d0_3"),  # the time in the person's own clause
    ("2 days ago", "d0_3"),
])
def test_a_time_said_of_someone_else_does_not_date_the_persons_procedure(engine: Engine, text: str,
                                                                         expected: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("1 100 kr", "mid"),  # 1100 kronor, about $105
    ("2 500 yen", "low"),  # 2500 yen, about $17
    ("45 100", None),  # two amounts, not a thousand
    ("120", "mid"),
])
def test_thousands_typed_apart_with_a_space_are_one_amount(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "price", text) == expected


# -- words: an even split, never looked, the next question, precancerous changes -----------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("fifty-fifty", None),  # an even split is asked back, never recorded as not sure
    ("50/50 tbh", None),
    ("meh, fifty fifty", "unsure"),  # the "meh" is a not sure of its own
    ("not sure", "unsure"),
])
def test_an_even_split_is_asked_back(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "price_value", text) == expected


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("evidence", "never looked, to be honest", "unsure"),  # not looked is not sure
    ("guidance", "there's a leaflet but I never opened it", "unsure"),
    ("characterization", "never seen any lab data", "no"),  # not seen is a no
    ("third_party", "never", "no"),
])
def test_never_looked_is_not_sure_but_never_seen_is_no(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "checklist", step, text) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("next question plz", typed.SKIP), ("skip this question please", typed.SKIP),
    ("Next Level Exosome Serum", typed.ANSWER),  # a name that starts like "next"
])
def test_asking_for_the_next_question_skips_the_name(engine: Engine, text: str, kind: str) -> None:
    assert read(engine, "checklist", "product", text).kind == kind


@pytest.mark.parametrize(("text", "expected"), [
    ("precancerous mole removed last year", None),  # may or may not count: proposed, never recorded
    ("actinic keratosis on my scalp", None),
    ("basal cell carcinoma removed in 2019", "yes"),
])
def test_precancerous_changes_are_asked_back(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "screening", "cancer", text) == expected


# -- a hedge that leans yes, beside content that says yes -----------------------------------------------


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("characterization", "I think so, they list CD63 and CD81", "yes"),  # the content settles the lean
    ("evidence", "probably, there's a pubmed link", "yes"),
    ("manufacturing", "I believe yes, ultracentrifugation", "yes"),
    ("characterization", "I think so", None),  # a lean alone is a yes to confirm (the policy: test_typed_blind9)
    ("characterization", "not sure, maybe they list CD63", "unsure"),  # plain doubt is not a lean
    ("characterization", "I think so, but no particle size", "unsure"),  # content that says no: still not sure
])
def test_a_leaning_hedge_is_settled_by_the_content_beside_it(engine: Engine, step: str, text: str,
                                                             expected: str | None) -> None:
    assert value(engine, "checklist", step, text) == expected


# -- a negation the reader cannot read, and an answer that varies --------------------------------------


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("pregnancy", "not planning it, not avoiding it either", None),  # "not avoiding": maybe the opposite
    ("pregnancy", "no, not pregnant, not trying", "no"),  # every part read
    ("actives", "no, not using anything like that", "no"),  # "not using" is a plain no
    ("infection", "no", "no"),
])
def test_a_no_beside_a_negated_activity_the_reader_does_not_know_is_asked_back(
        engine: Engine, step: str, text: str, expected: str | None) -> None:
    assert value(engine, "screening", step, text) == expected


@pytest.mark.parametrize(("flow_id", "step", "text", "expected"), [
    ("screening", "sensitive", "depends on the product", None),  # varies: asked back, never not sure
    ("checklist", "price_value", "it depends", None),
    ("checklist", "price_value", "hard to say", "unsure"),
])
def test_an_answer_that_depends_is_asked_back(engine: Engine, flow_id: str, step: str, text: str,
                                              expected: str | None) -> None:
    assert value(engine, flow_id, step, text) == expected


# -- not sure whether the thing named counts -------------------------------------------------------


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("procedure", "got botox last week, not sure if that's a procedure", None),  # whether it counts: asked
    ("procedure", "dermaplaning, not sure whether it counts as one", None),
    ("infection", "not sure if its infected", "unsure"),  # whether the person has it: not sure
    ("cancer", "had a mole removed, not sure if it was cancer", "unsure"),
    ("procedure", "botox, not sure", "unsure"),
])
def test_not_sure_whether_a_named_thing_counts_is_asked_back(engine: Engine, step: str, text: str,
                                                             expected: str | None) -> None:
    assert value(engine, "screening", step, text) == expected


# -- a checklist criterion only partly met ---------------------------------------------------------------


@pytest.mark.parametrize(("step", "text", "expected"), [
    ("manufacturing", "sort of, they name TFF", None),  # partly met: asked back, whatever the rest says
    ("characterization", "kinda? they show a particle size but nothing else", None),
    ("manufacturing", "yes, they name TFF", "yes"),
])
def test_a_checklist_criterion_met_only_partly_is_asked_back(engine: Engine, step: str, text: str,
                                                             expected: str | None) -> None:
    assert value(engine, "checklist", step, text) == expected


def test_a_degree_at_a_screening_question_is_still_the_condition(engine: Engine) -> None:
    assert value(engine, "screening", "sensitive", "a little, stings with new products") == "yes"


# -- words: numbers in other languages, shelf life once mixed, treatments by their kind -------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("hace cinco días", "d4_14"), ("il y a huit jours", "d4_14"), ("vor zehn Tagen", "d4_14"),
    ("dois dias atrás", "d0_3"), ("non lo so", "unsure"), ("nao sei", "unsure"),  # "sei" is no number
])
def test_numbers_in_other_languages_date_a_procedure(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "screening", "procedure_when", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("lyophilized vials, good for 10 days once mixed", "yes"),  # both halves: packed, and how long once made up
    ("amber bottle, keeps for 3 months after opening", "yes"),
    ("lyophilized vials", None),  # only one half
])
def test_shelf_life_once_mixed_answers_the_second_half(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "stability", text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("a mandelic one", "peel"), ("LED mask at the clinic", "other"), ("mesotherapy", "other"),
    ("dermapen", "microneedling"),
])
def test_treatments_are_read_by_their_kind(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "screening", "procedure_type", text) == expected


def test_breastfeeding_shorthand_is_read(engine: Engine) -> None:
    assert value(engine, "screening", "breastfeeding", "still ebfing") == "yes"
    assert value(engine, "checklist", "manufacturing", "honestly it's all marketing") == "no"


# -- a name typed in quotes -------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "shown"), [
    ('the white one, box says "Lumi Exo"', "Lumi Exo"),  # the quoted name, not what leads to it
    ('a generic one, the listing says “anti aging night serum”', "anti aging night serum"),
])
def test_a_name_typed_in_quotes_is_the_name_shown(engine: Engine, text: str, shown: str) -> None:
    reading = read(engine, "checklist", "product", text)
    assert reading.kind == typed.ANSWER and reading.shown == shown


@pytest.mark.parametrize("text", ['"no"', 'it just says "serum"'])
def test_quotes_around_an_answer_word_or_one_plain_word_are_no_name(engine: Engine, text: str) -> None:
    assert read(engine, "checklist", "product", text).shown not in ("no", "serum")


# -- words: directions and warnings in other wordings, rolling at home, answers only someone else has --------


@pytest.mark.parametrize(("text", "expected"), [
    ("a leaflet-free box, but warnings on the side and a how-to on the back", "yes"),
    ("twice daily, and it says not recommended for pregnant women", "yes"),
    ("there's a how-to diagram", None),  # directions only: half the question
])
def test_directions_and_warnings_in_other_wordings(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "guidance", text) == expected


def test_rolling_at_home_is_microneedling(engine: Engine) -> None:
    assert value(engine, "screening", "procedure", "some derma rolling at home, 2 days ago") == "yes"
    assert value(engine, "screening", "procedure_type", "dermarolling") == "microneedling"


@pytest.mark.parametrize("text", ["I'd have to ask them", "would have to ask the brand", "I'll have to check later"])
def test_an_answer_only_someone_else_has_is_not_sure(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "third_party", text) == "unsure"


def test_a_moment_to_look_is_still_waited_for(engine: Engine) -> None:
    assert read(engine, "checklist", "third_party", "hold on, I'll check").kind == typed.STALL


def test_a_dictionary_word_is_not_corrected_into_a_shorter_word_it_starts_with(engine: Engine) -> None:
    lexicon = engine.flows.reader.lexicon
    flow = engine.flows.flows["screening"]
    key = engine.flows.reader._key(flow, flow.step("actives"))
    assert lexicon.correct("plant", key) == "plant"  # not "plan" (of "plan to")
    assert lexicon.correct("retinoll", key) in ("retinoll", "retinol")
