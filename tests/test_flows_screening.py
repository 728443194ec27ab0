"""Scripted screening dialogues through the flow runner: its questions, flags and result card."""

from __future__ import annotations

import json

import pytest

from bot.engine.events import FlowFinished
from tests.flow_chat import BANNED, RUNNER, Chat, checklist_at_criteria, finish_screening


def test_screening_all_no_raises_no_flags_and_gives_conservative_use():
    chat = finish_screening({})
    assert chat.outcome.result == FlowFinished("screening", flags=())
    text = chat.text
    assert "These questions raised no flags" in text and "general information" in text
    for advice in ["single exosome product", "Patch test", "sunscreen", "see a dermatologist"]:
        assert advice in text
    assert not any(word in text.lower() for word in BANNED)


def test_screening_asks_seven_questions_with_progress():
    chat = Chat("screening")
    seen = []
    while not chat.fstate.get("done"):
        seen.append(chat.text.split("<b>Question ")[1].split("</b>")[0])
        chat.press("no")
    assert seen == [f"{n} of 7" for n in range(1, 8)]


@pytest.mark.parametrize("step, flag, expected", [
    ("pregnancy", "pregnancy", "obstetrician"),
    ("breastfeeding", "breastfeeding", "obstetrician"),
    ("cancer", "cancer", "oncology team"),
    ("infection", "infection_or_immunity", "dermatologist or your doctor"),
    ("actives", "actives", "advises against using an exosome product together with strong exfoliating acids"),
    ("sensitive", "sensitive_skin", "Patch test first"),
])
@pytest.mark.parametrize("answer", ["yes", "unsure"])
def test_screening_each_factor_gets_its_section(step, flag, expected, answer):
    chat = finish_screening({step: answer})
    assert chat.outcome.result.flags == (flag,)
    assert expected in chat.text
    referral = "Please talk to a clinician before you use any exosome product" in chat.text
    assert referral is (flag not in ("actives", "sensitive_skin"))
    assert "raised no flags" not in chat.text


def test_screening_recent_procedure_asks_which_and_when_with_buttons():
    chat = Chat("screening")
    for _ in range(4):
        chat.press("no")
    chat.press("yes")
    assert chat.step == "procedure_type" and "Question 5 of 7" in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons][:4] == [
        "Laser", "Microneedling", "Chemical peel", "Other / not sure"]
    chat.press("microneedling")
    assert chat.step == "procedure_when"
    chat.press("d0_3")
    assert chat.step == "actives" and "Question 6 of 7" in chat.text
    chat.press("no")
    chat.press("no")
    assert chat.outcome.result.flags == ("recent_procedure",)
    assert "Recent procedure (microneedling)" in chat.text
    assert "clinic's aftercare protocol" in chat.text and "Avoid acids, retinoids" in chat.text
    assert "first days of healing" in chat.text


def test_screening_procedure_typed_answers_keep_only_categories():
    chat = Chat("screening")
    for text in ["nope", "no", "no", "nah", "not sure", "I had a chemical peel", "8 days ago", "yes", "no"]:
        chat.say(text)
    assert chat.outcome.result.flags == ("recent_procedure", "actives")
    assert "Recent procedure (chemical peel)" in chat.text


def test_screening_fstate_keeps_only_answer_values():
    chat = Chat("screening")
    allowed = {"yes", "no", "unsure", "laser", "microneedling", "peel", "other", "d0_3", "d4_14", "over_14"}
    for text in ["no", "no", "no", "no", "yes", "my dermatologist did a fractional laser", "yesterday"]:
        chat.say(text)
        assert {value for _, value in chat.fstate["path"]} <= allowed
        assert "laser" not in json.dumps({k: v for k, v in chat.fstate.items() if k != "path"})
    assert chat.fstate["path"][-2:] == [["procedure_type", "laser"], ["procedure_when", "d0_3"]]


def test_checklist_fstate_keeps_the_typed_words_for_the_card():
    chat = checklist_at_criteria()
    chat.say("umbilical cord MSCs")
    assert chat.fstate["typed"] == {"source": "umbilical cord MSCs"}


def test_screening_procedure_over_two_weeks_ago_is_not_flagged():
    chat = finish_screening({"procedure": "yes", "procedure_type": "laser", "procedure_when": "over_14"})
    assert chat.outcome.result.flags == ()


def test_screening_no_procedure_skips_follow_up_and_back_returns_to_it():
    chat = Chat("screening")
    for _ in range(5):
        chat.press("no")
    assert chat.step == "actives"
    chat.press("back")
    assert chat.step == "procedure"
    chat.press("unsure")
    assert chat.step == "procedure_type"
    chat.press("back")
    assert chat.step == "procedure"


def test_screening_records_risks_typed_mid_flow_as_flags():
    chat = Chat("screening")
    chat.press("no")
    chat.fstate = RUNNER.on_risks(chat.fstate, ["pregnancy", "immunocompromised", "urgent"], chat.now + 1)
    assert chat.fstate["risks"] == ["pregnancy", "infection_or_immunity"]
    while not chat.fstate.get("done"):
        chat.press("no")
    assert chat.outcome.result.flags == ("pregnancy", "infection_or_immunity")
    assert "obstetrician" in chat.text


def test_screening_every_flag_card_avoids_forbidden_words_and_fits():
    answers = {"pregnancy": "yes", "breastfeeding": "yes", "cancer": "yes", "infection": "yes",
               "procedure": "yes", "procedure_type": "other", "procedure_when": "unsure", "actives": "yes",
               "sensitive": "yes"}
    chat = finish_screening(answers)
    assert len(chat.outcome.result.flags) == 7
    assert len(chat.text) < 4096
    assert "Recent procedure</b>" in chat.text  # "other" names no procedure
    assert not any(word in chat.text.lower() for word in BANNED)
