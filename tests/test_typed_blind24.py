"""The blind24 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind24's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("flow_id", "step", "text", "want"), [
    ("checklist", "source", "is made from grape", "plant"),
    ("checklist", "source", "are from human stem cells", "human"),
    ("checklist", "third_party", "is tested by SGS lab independent", "yes"),
    ("screening", "procedure_when", "was 3 days ago", "d0_3"),
    ("screening", "procedure", "did laser yesterday", "yes"),
    ("screening", "actives", "do use retinol every night", "yes"),
])
def test_a_statement_with_its_subject_left_out_is_an_answer(engine: Engine, flow_id: str, step: str, text: str,
                                                            want: str) -> None:
    assert value(engine, flow_id, step, text) == want


@pytest.mark.parametrize(("flow_id", "step", "text"), [
    ("checklist", "source", "is it from cows?"), ("checklist", "source", "is that human?"),
    ("screening", "pregnancy", "is pregnancy a problem"), ("screening", "procedure", "did a peel hurt?"),
])
def test_a_question_with_its_subject_stays_a_question(engine: Engine, flow_id: str, step: str, text: str) -> None:
    assert read(engine, flow_id, step, text).kind == typed.QUESTION  # near misses


@pytest.mark.parametrize("text", ["I am not understand this question", "i not understand", "didnt understand"])
def test_not_understanding_in_second_language_english_is_explained_never_a_no(engine: Engine, text: str) -> None:
    reading = read(engine, "checklist", "characterization", text)
    assert (reading.kind, reading.value) == (typed.ABOUT, "explain")


@pytest.mark.parametrize(("step", "text", "want"), [
    ("actives", "ei", "no"), ("pregnancy", "ei ole", "no"), ("actives", "ne znam", "unsure"),
    ("actives", "nu stiu", "unsure"), ("actives", "不知道", "unsure"),
])
def test_yes_no_and_not_knowing_in_more_languages(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


@pytest.mark.parametrize(("text", "want"), [("植物", "plant"), ("動物", "animal"), ("thực vật", "plant")])
def test_a_source_named_in_another_script(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "checklist", "source", text) == want


@pytest.mark.parametrize("text", ["i dont have the box with me rn", "im at work, will check when i get home"])
def test_a_product_not_at_hand_waits_for_the_answer(engine: Engine, text: str) -> None:
    assert read(engine, "checklist", "third_party", text).kind == typed.STALL


def test_a_box_thrown_away_is_still_not_sure(engine: Engine) -> None:
    assert value(engine, "checklist", "stability", "tbh i threw the box away") == "unsure"  # near miss


@pytest.mark.parametrize("text", ["I had covid last month but now is ok", "had covid last month, fine now"])
def test_an_illness_that_is_over_is_a_no_at_a_question_about_now(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "infection", text) == "no"


def test_not_knowing_whether_something_counts_is_asked_back_as_a_yes(engine: Engine) -> None:
    reading = read(engine, "screening", "infection", "dunno if this counts but i have a rash")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")
    # near miss: the content settles it
    settled = "not sure if it counts, i have a pimple that looks infected"
    assert value(engine, "screening", "infection", settled) == "yes"


def test_probably_no_is_proposed_as_a_no(engine: Engine) -> None:
    reading = read(engine, "checklist", "manufacturing", "probably no, it is supermarket brand")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


@pytest.mark.parametrize(("step", "text", "want"), [
    ("procedure_type", "it was micro kneeling", "microneedling"), ("actives", "tree tinoin 0.025", "yes"),
])
def test_words_typed_as_heard(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


@pytest.mark.parametrize(("step", "text", "want"), [
    ("price", "nearly 50", "low"), ("price", "almost 200", "high"), ("price", "just under 150", "mid"),
])
def test_almost_an_amount_is_a_little_under_it(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "checklist", step, text) == want


@pytest.mark.parametrize(("text", "want"), [("almost two weeks ago", "d4_14"), ("almost 3 days", "d0_3"),
                                            ("hace casi dos semanas", "d4_14")])
def test_almost_a_time_is_a_little_under_it(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "screening", "procedure_when", text) == want


@pytest.mark.parametrize(("text", "want"), [("cuarenta dolares", "low"), ("cien euros", "mid"),
                                            ("trescientos dolares", "high"), ("duzentos reais", "low")])
def test_prices_in_spanish_and_portuguese_words(engine: Engine, text: str, want: str) -> None:
    assert value(engine, "checklist", "price", text) == want


@pytest.mark.parametrize(("step", "text"), [
    ("guidance", "it tells you how to apply it but there are no warnings"),
    ("stability", "dark glass dropper, though no expiry date anywhere"),
    ("guidance", "Is say apply after toner, but nothing about who can not use"),
])
def test_one_half_there_and_the_other_said_missing_is_a_no(engine: Engine, step: str, text: str) -> None:
    """blind25's round: the criterion asks for both halves, so one said to be missing is a no."""
    assert value(engine, "checklist", step, text) == "no"


def test_one_half_there_and_the_other_not_mentioned_is_asked_back(engine: Engine) -> None:
    reading = read(engine, "checklist", "guidance", "yes, it says apply twice a day")  # near miss
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")


@pytest.mark.parametrize("text", ["No cold sores at the moment", "no cold sores", "i have no cold sores right now"])
def test_a_no_to_one_example_of_the_question_is_asked_back(engine: Engine, text: str) -> None:
    """blind25's round: "no cold sores" says nothing of the immune system the question also asks about."""
    reading = read(engine, "screening", "infection", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


@pytest.mark.parametrize("text", ["no cold sores, immune system fine", "nope, no infections"])
def test_a_no_to_the_whole_question_is_recorded(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "infection", text) == "no"  # near misses


@pytest.mark.parametrize("text", ["I stopped birth control last month to try for a baby", "came off the pill, we try"])
def test_coming_off_contraception_to_conceive_is_trying(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "pregnancy", text) == "yes"


def test_on_the_pill_is_still_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "no, on birth control") == "no"  # near miss


@pytest.mark.parametrize("text", ["Ang balat ko ay hindi sensitive, okay lang", "kulit saya tidak sensitif"])
def test_a_negation_in_tagalog_or_indonesian(engine: Engine, text: str) -> None:
    assert value(engine, "screening", "sensitive", text) == "no"


@pytest.mark.parametrize(("step", "text", "want"), [
    ("sensitive", "skin of steel lol", "no"), ("infection", "Neg, all clear", "no"),
    ("infection", "only a cold, runny nose", "no"), ("procedure_when", "sicks weeks ago", "over_14"),
    ("pregnancy", "just found out, 6 wks", "yes"), ("breastfeeding", "emzirmiyorum", "no"),
    ("pregnancy", "hamileyim", "yes"), ("pregnancy", "hamile değilim", "no"),
])
def test_answers_the_tuning_parts_left_not_understood(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


def test_acne_prone_but_not_sensitive_is_proposed_as_a_no(engine: Engine) -> None:
    reading = read(engine, "screening", "sensitive", "Oily and acne prone but not sensitive")
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


def test_skip_this_one_at_the_price_skips_it(engine: Engine) -> None:
    """blind26's round: "one" in "skip this one" is no price of $1."""
    assert read(engine, "checklist", "price", "skip this one").kind == typed.SKIP


@pytest.mark.parametrize(("flow_id", "step", "text", "want"), [
    ("screening", "cancer", 'had a spot removed, derm said "suspicious", never heard more', "unsure"),
    ("checklist", "third_party", "all test they make inside own company", "no"),
    ("checklist", "price_value", "I pay for the name of brand, haha", "no"),
    ("checklist", "product", "is call Exocell Plus crema", "Exocell Plus crema"),
    ("screening", "actives", "I stop retinol 2 weeks ago, now nothing", "no"),
    ("screening", "sensitive", "I have allergy to perfume in creams", "yes"),
])
def test_the_blind26_tuning_half(engine: Engine, flow_id: str, step: str, text: str, want: str) -> None:
    assert value(engine, flow_id, step, text) == want


def test_a_bare_never_at_the_cancer_question_is_still_a_no(engine: Engine) -> None:
    assert value(engine, "screening", "cancer", "never") == "no"  # near miss of "never heard more"


@pytest.mark.parametrize("text", ["im not sure if combo feeding counts", "not sure whether pumping counts"])
def test_not_knowing_whether_a_named_thing_counts_is_asked_back(engine: Engine, text: str) -> None:
    reading = read(engine, "screening", "breastfeeding", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")


def test_a_count_claimed_on_the_label_alone_is_not_lab_data(engine: Engine) -> None:
    reading = read(engine, "checklist", "characterization", 'only says "2 billion exosomes per ml"')
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")
    assert value(engine, "checklist", "characterization", "10 billion particles per ml measured by NTA") == "yes"
