"""A careful reader of typed answers: it records what was clearly said and asks back the rest.

The rules one by one, in examples of our own (double negatives, someone else's situation, a time
that is still ahead, days of the week, one half of a two-part question, a "but" it cannot read),
the words it learnt (other alphabets, money slang, other currencies, registration numbers), and
the blind4 typed-answer set through the real engine: its tuning part may be studied, its
measure part is only counted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.engine.flows.corrections import after_correction
from bot.engine.flows.lexicon import cancel_double_negatives, tokens_of
from bot.ops import evaluate
from tests.test_flow_dialogues import User

BLIND4 = Path(__file__).resolve().parent.parent / "data" / "blind4"


def read(engine: Engine, flow_id: str, step_id: str, text: str) -> typed.Reading:
    """Read a message at one question, with nothing else going on."""
    flow = engine.flows.flows[flow_id]
    return engine.flows.reader.read(flow, flow.step(step_id), text, {})


def value(engine: Engine, flow_id: str, step_id: str, text: str) -> str | None:
    """Return the value the message surely gives the question, or None."""
    reading = read(engine, flow_id, step_id, text)
    return reading.value if reading.kind == typed.ANSWER else None


# -- the blind4 typed-answer set -------------------------------------------------------------

@pytest.fixture(scope="module")
def blind4(engine: Engine, written_day: None) -> dict[str, evaluate.TypedFigures]:
    """Run both parts of the blind4 typed-answer set (420 lines) at their questions."""
    return {part: evaluate.eval_typed(evaluate.read_typed(BLIND4 / f"typed_{part}.tsv"), engine)
            for part in ("tune", "measure")}


#: Measured once at the end of issue 9's second pass on the measure part (never read): floors, not targets.
#: (At the start of the pass: 182/210 right, 10 wrong; at its end: 186/210 right, 10 wrong.)
#: (After the third pass, with blind5 and blind7: 187/210 right, 9 wrong; after the fourth, blind8: 187 and 8.)
BLIND4_MEASURE_WRONG_AT_MOST = 8
BLIND4_MEASURE_RIGHT_AT_LEAST = 0.89


def test_no_typed_answer_of_the_blind4_tuning_part_is_recorded_wrong(blind4: dict[str, evaluate.TypedFigures]) -> None:
    fig = blind4["tune"]
    assert fig.total == 210
    assert fig.counts[evaluate.WRONG] == 0, [m for m in fig.misses if m.startswith("wrong")]
    # 206: "last week" is 2-8 days ago as of its day; "not that I know of" is asked back as a no, and so is a
    # baby still due at the breastfeeding question (since blind18)
    assert fig.share(evaluate.RIGHT) >= 0.98, fig.misses


def test_the_blind4_measure_part_keeps_its_floors(blind4: dict[str, evaluate.TypedFigures]) -> None:
    fig = blind4["measure"]
    assert fig.total == 210
    assert fig.counts[evaluate.WRONG] <= BLIND4_MEASURE_WRONG_AT_MOST, dict(fig.counts)
    assert fig.share(evaluate.RIGHT) >= BLIND4_MEASURE_RIGHT_AT_LEAST, dict(fig.counts)


# -- never record a guess --------------------------------------------------------------------

@pytest.mark.parametrize("flow_id, step, text", [
    ("screening", "infection", "no infection, but my immunity has been rubbish since the surgery"),
    ("screening", "cancer", "nope, although my dermatologist froze something off"),
    ("screening", "procedure", "a peel 3 weeks ago, and laser on tuesday"),
    ("screening", "procedure", "microneedling on thursday"),
    ("checklist", "price_value", "kinda yeah"),
    ("checklist", "guidance", "yes to the directions part"),
    ("checklist", "guidance", "yes, it says apply twice a day"),
    ("checklist", "characterization", "I wish they listed CD9"),
    ("checklist", "evidence", "they really should publish a clinical trial"),
    ("screening", "pregnancy", "no, but we hope to start soon"),
    ("screening", "procedure", "my last peel was in 2023"), ("screening", "procedure", "fraxel on the 2nd"),
    ("checklist", "third_party", "batch tested, but it doesn't say by whom"),
    ("checklist", "evidence", "no and yes"), ("screening", "sensitive", "not very"),
    ("checklist", "evidence", "yeah right"),
])
def test_mixed_or_half_answers_are_asked_back(engine: Engine, flow_id: str, step: str, text: str) -> None:
    assert read(engine, flow_id, step, text).kind == typed.CONFIRM


def test_a_plain_yes_still_answers_a_two_part_question(engine: Engine) -> None:
    assert value(engine, "checklist", "guidance", "yes") == "yes"
    assert value(engine, "checklist", "guidance", "yes, directions twice a day and a warnings box") == "yes"


def test_a_word_only_the_risk_detector_knows_is_asked_back_not_recorded(engine: Engine) -> None:
    flow = engine.flows.flows["screening"]
    reading = engine.flows.reader.read(flow, flow.step("cancer"), "the dermatologist wants to look at a mole", {},
                                       risk=True)
    assert reading.kind == typed.CONFIRM and reading.value == "yes"


def test_a_no_then_an_answer_to_another_question_is_still_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "no but I am breastfeeding") == "no"


@pytest.mark.parametrize("step, text", [
    ("infection", "my little boy has impetigo"), ("cancer", "my roommate had lymphoma"),
    ("breastfeeding", "my daughter is nursing her baby"), ("infection", "my kids have chickenpox"),
])
def test_someone_elses_situation_records_nothing(engine: Engine, step: str, text: str) -> None:
    assert value(engine, "screening", step, text) is None


def test_she_at_the_breastfeeding_question_is_the_baby_only_in_the_babys_own_state(engine: Engine) -> None:
    assert value(engine, "screening", "breastfeeding", "she's fully on formula since march") == "no"
    assert value(engine, "screening", "breastfeeding", "she is breastfeeding, I'm her grandma") is None


@pytest.mark.parametrize("text, expected", [
    ("I'm afraid not", "no"), ("zilch", "no"), ("sadly not", "no"), ("unfortunately yes", "yes"),
    ("dunno if that counts but they show a western blot", "yes"),
])
def test_regret_and_asides_do_not_change_the_answer(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "checklist", "characterization", text) == expected


@pytest.mark.parametrize("text", ["possibly", "hard to know"])  # "likely not" leans no: tests/test_typed_blind11.py
def test_more_hedges_are_not_sure(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "manufacturing", text) == "unsure"


@pytest.mark.parametrize("text", ["guess so", "most likely"])
def test_more_leans_to_yes_are_asked_back_at_a_criterion(engine: Engine, text: str) -> None:
    reading = read(engine, "checklist", "manufacturing", text)
    assert reading.kind == typed.CONFIRM and reading.value == "yes"  # the policy: tests/test_typed_blind9.py


def test_instead_of_is_a_negation(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "rosehip oil instead of tretinoin") == "no"


def test_something_paused_is_not_in_the_routine_now(engine: Engine) -> None:
    assert value(engine, "screening", "actives", "tretinoin, but I'm taking a break from it") == "no"


@pytest.mark.parametrize("text, expected", [
    ("my son is three and weaned", "no"), ("he still latches at bedtime", "yes"),
    ("only pumping twice a day now", "yes"),
])
def test_the_child_at_the_breastfeeding_question_is_not_someone_else(engine: Engine, text: str,
                                                                      expected: str) -> None:
    assert value(engine, "screening", "breastfeeding", text) == expected


def test_a_baby_still_due_at_the_breastfeeding_question_is_asked_back_as_a_no(engine: Engine) -> None:
    # (some nurse an older child through a pregnancy: blind18's writer leaves "I'm pregnant" unrecorded)
    reading = read(engine, "screening", "breastfeeding", "baby is due in august")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


# -- negation, time and tense -----------------------------------------------------------------

@pytest.mark.parametrize("step, text, expected", [
    ("pregnancy", "not not trying, let's put it that way", "yes"),
    ("sensitive", "i can't not react to fragrance", "yes"),
    ("actives", "it's not like I don't use retinol", "yes"),
])
def test_double_negatives_cancel(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "screening", step, text) == expected


def test_the_double_negative_rule_leaves_a_plain_no_alone() -> None:
    negators = frozenset({"not", "no", "dont"})
    assert cancel_double_negatives(["no", "not", "really"], negators) == ["no", "not", "really"]
    assert cancel_double_negatives(["i", "dont", "not", "care"], negators) == ["i", "care"]


@pytest.mark.parametrize("text, expected", [
    ("microneedling appointment on the 20th, nothing before", None), ("laser next saturday", "no"),
    ("a peel booked for the spring", "no"), ("4 weeks back, a TCA peel", "no"), ("a peel, 5 weeks ago", "no"),
    ("had fraxel on monday", "yes"), ("laser last wednesday", "yes"),
    ("nothing in the past two weeks, had CO2 in march", "no"),
    ("peel six weeks ago and microneedling yesterday", "yes"),
])
def test_a_procedure_is_dated_by_the_time_typed_with_it(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "screening", "procedure", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("last monday", None), ("on sunday", None), ("just got back from the clinic", "d0_3"), ("2wks", "d4_14"),
    ("9d ago", "d4_14"),
    ("around 6 or 7 days, not sure exactly", "d4_14"), ("not sure, maybe 6 days", None),
])
def test_days_of_the_week_and_rough_estimates(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == expected


@pytest.mark.parametrize("text, offered", [
    ("on friday", "d4_14"), ("saturday night", "d0_3"), ("mon", "d0_3"), ("last friday", "d4_14"),
    ("sunday i think", "d0_3"), ("on tuesday", None), ("last monday", None), ("next friday", None),
])
def test_a_day_of_the_week_is_offered_back_counted_from_today(engine: Engine, text: str,
                                                              offered: str | None) -> None:
    # Tuesday 1 December: "friday" is the 27th, 4 days ago; "last friday" the 27th or the 20th, both 4-14 days.
    # Today's own name and "last monday" (1 or 8 days) straddle a range's edge: nothing is offered.
    # Writers without a calendar label a weekday "?", so the day is confirmed, never recorded on its own.
    reading = read(engine, "screening", "procedure_when", text)
    assert (reading.value if reading.kind == typed.CONFIRM else None) == offered


def test_the_offered_day_is_recorded_once_the_user_says_yes() -> None:
    user = User()
    for text in ["/screen", "no", "no", "no", "no", "yes", "peel", "peel on friday"]:
        user.say(text)
    assert "4-14 days ago" in user.turn.text and user.flow["step"] == "procedure_when"
    user.say("yes")
    assert ["procedure_when", "d4_14"] in user.flow["path"]


def test_none_right_now_settles_a_question_about_now(engine: Engine) -> None:
    assert value(engine, "screening", "infection", "I get fever blisters every winter but none at the moment") == "no"
    assert value(engine, "screening", "actives", "I use glycolic pads, but not currently") == "no"


def test_a_hedge_on_the_exact_day_keeps_the_range_but_a_real_hedge_does_not(engine: Engine) -> None:
    assert read(engine, "screening", "procedure_when", "about 10 days, don't know exactly").value == "d4_14"
    assert read(engine, "screening", "procedure_when", "no idea, 10 days maybe").kind == typed.CONFIRM


# -- words -----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("да", "yes"), ("нет", "no"), ("όχι", "no"), ("ναι", "yes"), ("はい", "yes"), ("いいえ", "no"),
    ("네", "yes"), ("아니요", "no"), ("是的", "yes"), ("没有", "no"), ("evet", "yes"), ("hayır", "no"),
])
def test_yes_and_no_beyond_the_latin_alphabet(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "checklist", "third_party", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("2000 yen", "low"), ("¥30,000", "high"), ("8000 yen", None), ("12000 yen", "mid"), ("1500 rupees", "low"),
    ("a tenner", "low"),
    ("three benjamins", "high"), ("a grand, sadly", "high"), ("400 kronor", "low"),
])
def test_other_currencies_and_money_slang(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "price", text) == expected


@pytest.mark.parametrize("text, expected", [
    ("about 150", None), ("50ish", None), ("roughly 148 dollars", None), ("around 70", "mid"), ("like 20 bucks", "low"),
    ("$150", "mid"), ("about 300", "high"),
])
def test_a_rough_amount_at_a_range_boundary_is_asked(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "checklist", "price", text) == expected


def test_an_amount_in_another_currency_is_shown_in_it(engine: Engine) -> None:
    assert read(engine, "checklist", "price", "5000 won").shown == "₩5,000"


@pytest.mark.parametrize("step, text, expected", [
    ("evidence", "they give the registration number ISRCTN11112222", "yes"),
    ("evidence", "the trial is on clinicaltrials, NCT01234567", "yes"),
    ("evidence", "they cite two papers", "yes"), ("evidence", "they don't cite anything", "no"),
    ("characterization", "cd 81 and cd 9 are listed", "yes"),
    ("source", "nothing on the label about it", "not_stated"),
    ("price_value", "can't really judge", "unsure"), ("price_value", "i'd say so", "yes"),
])
def test_content_statements_at_the_checklist(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "checklist", step, text) == expected


@pytest.mark.parametrize("step, text, expected", [
    ("procedure_type", "Clear + Brilliant", "laser"),
    ("procedure_type", "hydrafacial with a light glycolic peel", "peel"),
    ("infection", "infected spott on my chin", "yes"), ("procedure", "chemical peal 4 days ago", "yes"),
    ("actives", "salycilic acid face wash", "yes"), ("pregnancy", "we're trying for a baby", "yes"),
    ("cancer", "still waiting on the biopsy", "unsure"),
])
def test_typos_joined_words_and_contractions(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "screening", step, text) == expected


def test_contractions_fold_into_words_not_other_words() -> None:
    assert tokens_of("we're sure, he'll see") == ["we", "are", "sure", ",", "he", "will", "see"]
    assert tokens_of("AHA+BHA & PHA") == ["aha", "and", "bha", "and", "pha"]


@pytest.mark.parametrize("step, text, kind", [
    ("product", "honestly I forgot, the box is gone", typed.SKIP), ("price", "can't remember", typed.SKIP),
    ("price", "my sister bought it for me", typed.SKIP),
])
def test_not_remembering_leaves_out_an_optional_question(engine: Engine, step: str, text: str, kind: str) -> None:
    assert read(engine, "checklist", step, text).kind == kind


def test_not_remembering_a_required_answer_is_not_sure_never_skipped(engine: Engine) -> None:
    assert value(engine, "screening", "procedure_when", "can't remember") == "unsure"
    assert value(engine, "checklist", "price", "don't remember exactly, about $80") == "mid"


# -- in a conversation -----------------------------------------------------------------------

def test_a_no_with_an_unread_but_is_asked_back_in_the_dialogue() -> None:
    user = User()
    user.say("/screen")
    user.press("no")
    user.press("no")
    user.press("no")
    user.say("no infection, but my immunity has been rubbish since the surgery")
    assert "did you mean" in user.turn.text and user.flow["step"] == "infection"
    assert not any(step == "infection" for step, _ in user.flow["path"])
    user.press("yes")
    assert user.flow["step"] == "procedure"


def test_a_procedure_still_ahead_is_a_no_and_the_flow_moves_on() -> None:
    user = User()
    user.say("/screen")
    for _ in range(4):
        user.press("no")
    user.say("laser next saturday")
    assert user.flow["step"] == "actives" and ("procedure", "no") in [tuple(p) for p in user.flow["path"]]


def test_the_console_asks_back_an_unread_but_and_takes_a_typed_yes_for_the_proposal(console) -> None:
    console.push("/screen")
    for _ in range(3):
        console.press("No")
    console.push("nope, though my immune system has been off since the surgery")
    assert "did you mean" in console.text and "Question 4 of 7" in console.text
    console.push("yes")
    assert "Question 5 of 7" in console.text


@pytest.mark.parametrize(("flow_id", "step_id", "text", "expected"), [
    ("screening", "procedure_when", "a fortnight ago", "d4_14"),
    ("screening", "procedure_type", "collagen induction therapy", "microneedling"),
    ("checklist", "stability", "i havent checked", "unsure"),
    ("checklist", "manufacturing", "I have not looked", "unsure"),
    ("checklist", "guidance", "i'd need to look again", "unsure"),
    ("screening", "actives", "i'd have to check the labels", "unsure"),
    ("checklist", "price", "2500 CZK", "mid"),
    ("checklist", "price", "300 kr (swedish)", "low"),
    ("screening", "pregnancy", "not now, maybe in a few years", "no"),
])
def test_words_found_in_the_blind5_tuning_part_are_read(engine: Engine, flow_id: str, step_id: str, text: str,
                                                         expected: str) -> None:
    assert value(engine, flow_id, step_id, text) == expected


def test_not_knowing_the_product_name_is_asked_back_as_a_skip_and_a_yes_takes_it() -> None:
    user = User()
    user.say("/checklist")
    user.say("no idea tbh")
    assert "did you mean</i> <b>Skip</b>" in user.turn.text and user.flow["step"] == "product"
    user.say("yes")
    assert user.flow["step"] == "price"


@pytest.mark.parametrize(("flow_id", "step_id", "text"), [
    ("screening", "procedure_type", "IPL"),  # light, not a laser: the person chooses
    ("screening", "procedure", "new tattoo"),  # may or may not count: asked back
    ("screening", "cancer", "cancer is my star sign lol"),  # the sign, not the illness
])
def test_look_alikes_from_the_blind7_tuning_part_are_never_recorded(engine: Engine, flow_id: str, step_id: str,
                                                                   text: str) -> None:
    assert value(engine, flow_id, step_id, text) is None


@pytest.mark.parametrize(("text", "read"), [
    ("no... actually yes, there's a PDF", "yes, there's a PDF"),
    ("no wait they do", "they do"),
    ("under 50... no sorry, just checked, it was 65", "just checked, it was 65"),
    ("actually yes", "actually yes"),  # nothing before it is taken back
    ("yes, sorry", "yes, sorry"),  # nothing after it
    ("they list CD63", "they list CD63"),
])
def test_a_correction_replaces_what_came_before(text: str, read: str) -> None:
    assert after_correction(text) == read


@pytest.mark.parametrize(("flow_id", "step_id", "text", "expected"), [
    ("checklist", "manufacturing", "no... actually yes, there's a PDF about their purification steps", "yes"),
    ("checklist", "evidence", "no wait they do, a 2022 randomized trial is linked", "yes"),
    ("checklist", "price", "under 50... no sorry, just checked, it was 65", "mid"),
    ("screening", "procedure", "no... actually yes, I did a glycolic peel at the salon on saturday", "yes"),
])
def test_the_corrected_answer_is_the_one_recorded(engine: Engine, flow_id: str, step_id: str, text: str,
                                                  expected: str) -> None:
    assert value(engine, flow_id, step_id, text) == expected
