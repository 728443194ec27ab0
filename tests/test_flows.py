"""Scripted checklist dialogues through the flow runner: its questions, typed answers and result card."""

from __future__ import annotations

import pytest

from bot.engine.events import FlowFinished
from tests.flow_chat import RUNNER, Chat, checklist_at_criteria, finish_checklist


def test_checklist_starts_with_intro_and_optional_product_name():
    chat = Chat("checklist")
    assert "Product checklist" in chat.text and "eight things" in chat.text
    assert "What&#39;s the product called?" in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons] == ["Skip", "Cancel"]


def test_checklist_all_met_with_buttons():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "human", ["yes"] * 7)
    assert outcome.result == FlowFinished("checklist", met=8, total=8, verdict="most_met", source="human")
    card = outcome.replies[0]
    assert "8/8 criteria met" in card.text and card.text.count("✅") >= 8
    assert "more likely to deliver meaningful exosome content" in card.text
    assert "Before you buy, remember" in card.text
    assert ("Run the safety screening", "go:screening") in [(b.label, b.data) for b in card.buttons]


def test_checklist_progress_shows_question_number_of_eight():
    chat = checklist_at_criteria()
    assert "Question 1 of 8" in chat.text
    chat.press("plant")
    chat.press("yes")
    assert "Question 3 of 8" in chat.text and "CD63" in chat.text
    assert "Why this matters" in chat.text
    labels = [b.label for b in chat.outcome.replies[0].buttons]
    assert labels == ["Yes", "No", "Not sure", "« Back", "Cancel"]


def test_checklist_typed_dialogue_with_name_price_and_typos():
    chat = Chat("checklist")
    chat.say("Glow Lab Exo Serum")
    assert "Roughly what does it cost?" in chat.text
    chat.say("$299")
    for text in ["goat milk", "yess", "noo", "nto sure", "yep", "idk", "nope", "they do"]:
        chat.say(text)
    result = chat.outcome.result
    assert result == FlowFinished("checklist", met=4, total=8, verdict="mixed", source="animal")
    card = chat.text
    assert "Glow Lab Exo Serum" in card and "Price: $299" in card
    assert "4/8 criteria met" in card
    assert "✅ Source disclosure" in card and "❌ Characterization data" in card
    assert "❔ Third-party testing" in card
    assert "animal-derived" in card


def test_checklist_result_never_carries_product_name_or_price():
    chat = checklist_at_criteria("Secret Brand Serum", "$450")
    outcome = finish_checklist(chat, "plant", ["no"] * 7)
    dumped = repr(outcome.result)
    assert "Secret" not in dumped and "450" not in dumped
    assert outcome.fstate["done"]


def test_checklist_product_name_is_escaped_and_truncated_in_card():
    chat = checklist_at_criteria("<b>Evil</b> & Sons " + "x" * 200)
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert "&lt;b&gt;Evil&lt;/b&gt; &amp; Sons" in card
    assert "<b>Evil</b>" not in card
    assert "x" * 61 in card and "x" * 63 not in card  # 80 characters kept in all


def test_checklist_plant_source_and_high_price_with_little_transparency_notes():
    chat = checklist_at_criteria(price="$299")
    outcome = finish_checklist(chat, "plant", ["no", "unsure", "no", "yes", "unsure", "yes", "no"])
    card = outcome.replies[0].text
    assert "less likely to engage the human skin pathways" in card
    assert "Price note" in card and "negligible exosomes" in card


def test_checklist_high_price_with_good_transparency_has_no_price_note():
    chat = checklist_at_criteria(price="$299")
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert "Price: $299" in card and "Price note" not in card


def test_checklist_undisclosed_source_is_a_red_flag():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "not_stated", ["yes"] * 7)
    assert outcome.result.verdict == "red_flag" and outcome.result.met == 7
    assert "Verdict: red flag." in outcome.replies[0].text
    assert "missing disclosure should worry you" in outcome.replies[0].text
    assert outcome.replies[0].text.count("red flag") == 1
    assert "❌ Source disclosure" in outcome.replies[0].text


def test_checklist_mostly_unknown_is_unclear():
    chat = checklist_at_criteria()
    outcome = finish_checklist(chat, "unsure", ["unsure"] * 7)
    assert outcome.result.verdict == "unclear" and outcome.result.met == 0
    assert outcome.replies[0].text.count("❔") >= 8


@pytest.mark.parametrize("typed, value", [
    ("plant", "plant"), ("Plant-derived", "plant"), ("plant stem cells", "plant"), ("human-derived", "human"),
    ("goat milk", "animal"), ("from cows milk", "animal"), ("humna", "human"), ("not stated", "not_stated"),
    ("it doesn't say", "not_stated"), ("no idea", "unsure"),
])
def test_checklist_source_understands_option_words(typed, value):
    chat = checklist_at_criteria()
    assert RUNNER.parse_answer(chat.fstate, typed) == value


@pytest.mark.parametrize("typed, value", [
    *[(w, "yes") for w in ["yes", "Yep!", "yeah", "yup", "y", "sure", "it does", "they do", "correct", "yess",
                           "Yes, they do list CD63"]],
    *[(w, "no") for w in ["no", "nope", "nah", "n", "not really", "doesn't", "noo", "No they don't", "not stated"]],
    *[(w, "unsure") for w in ["not sure", "idk", "dunno", "no idea", "maybe", "unsure", "don't know",
                              "nto sure", "I don't know"]],
])
def test_yes_no_unsure_typed_answers(typed, value):
    chat = checklist_at_criteria()
    chat.press("human")
    assert RUNNER.parse_answer(chat.fstate, typed) == value


@pytest.mark.parametrize("typed", ["what is CD63?", "how do I find the lab data for this", "banana",
                                   "yes and no", "", "🙂"])
def test_questions_and_nonsense_are_not_answers(typed):
    chat = checklist_at_criteria()
    chat.press("human")
    assert RUNNER.parse_answer(chat.fstate, typed) is None


def test_product_name_step_leaves_questions_to_the_engine():
    chat = Chat("checklist")
    assert RUNNER.parse_answer(chat.fstate, "what is a good exosome serum?") is None
    assert RUNNER.parse_answer(chat.fstate, "skip") == "skip"
    assert RUNNER.parse_answer(chat.fstate, "  Exo   Glow  ") == "Exo Glow"


@pytest.mark.parametrize("typed", ["what is CD63?", "is a CD63 marker test enough for 2 brands?"])
def test_price_step_does_not_read_numbers_out_of_questions(typed):
    chat = Chat("checklist")
    chat.press("skip")
    assert RUNNER.parse_answer(chat.fstate, typed) is None


def test_only_the_product_name_step_takes_free_text():
    chat = Chat("checklist")
    assert RUNNER.takes_free_text(chat.fstate)
    chat.press("skip")
    assert not RUNNER.takes_free_text(chat.fstate)


@pytest.mark.parametrize("typed, bucket, shown", [
    ("$299", "high", "$299"), ("about 40 dollars", "low", "$40"), ("£100", "mid", "£100"),
    ("Over $150", "high", "Over $150"), ("$50-150", "mid", "$50-150"),
])
def test_price_typed_or_named_sets_bucket(typed, bucket, shown):
    chat = Chat("checklist")
    chat.press("skip")
    chat.say(typed)
    assert chat.fstate["path"][-1] == ["price", bucket]
    card = finish_checklist(chat, "human", ["yes"] * 7).replies[0].text
    assert f"Price: {shown}" in card

