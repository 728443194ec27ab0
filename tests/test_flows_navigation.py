"""Scripted checklist dialogues through the flow runner: back, cancel, unclear replies, stale buttons, resuming."""

from __future__ import annotations

import json

import pytest

from tests.flow_chat import DAY, RUNNER, Chat, checklist_at_criteria


def test_back_returns_to_previous_question_and_forgets_its_answer():
    chat = checklist_at_criteria("Exo Glow", "$80")
    chat.press("animal")
    chat.press("yes")
    assert chat.step == "characterization"
    chat.press("back")
    assert chat.step == "manufacturing" and "Question 2 of 8" in chat.text
    assert chat.outcome.replies[0].edit is True
    chat.say("back")
    assert chat.step == "source"
    assert chat.fstate["path"] == [["product", "given"], ["price", "mid"]]
    chat.press("back")
    assert chat.step == "price" and "price" not in chat.fstate
    chat.press("back")
    assert chat.step == "product" and "product" not in chat.fstate
    with pytest.raises(AssertionError):
        chat.data("back")  # no Back on the first question
    assert RUNNER.on_button(chat.fstate, "f:product:back", chat.now) is None


def test_cancel_button_leaves_the_flow():
    chat = checklist_at_criteria()
    chat.press("human")
    outcome = chat.press("cancel")
    assert outcome.fstate is None and outcome.result is None
    assert "stopped the product checklist" in outcome.replies[0].text


def test_cancel_from_the_engine():
    chat = Chat("screening")
    outcome = RUNNER.cancel(chat.fstate)
    assert outcome.fstate is None and "stopped the safety screening" in outcome.replies[0].text


def test_nonsense_reasks_with_hint_then_offers_buttons_only():
    chat = checklist_at_criteria()
    chat.press("human")
    chat.say("purple elephants")
    assert "didn't catch that" in chat.text and "Please answer yes, no or not sure" in chat.text
    assert "Question 2 of 8" in chat.text
    chat.say("banana bread")
    assert "choose one of the buttons" in chat.text and "question 2 of 8" in chat.text
    assert "isolated and purified" not in chat.text
    assert [b.label for b in chat.outcome.replies[0].buttons][:3] == ["Yes", "No", "Not sure"]
    chat.say("yep")
    assert chat.step == "characterization" and chat.fstate["unclear"] == 0


def test_unclear_on_source_step_uses_its_own_hint():
    chat = checklist_at_criteria()
    chat.say("whatever lol")
    assert "human, animal, plant or not stated" in chat.text


def test_stale_unknown_and_forged_buttons_return_none():
    chat = checklist_at_criteria()
    old = chat.data("human")
    chat.press("human")
    now = chat.now + 1
    assert RUNNER.on_button(chat.fstate, old, now) is None  # stale: an earlier question
    assert RUNNER.on_button(chat.fstate, "f:manufacturing:banana", now) is None  # forged value
    assert RUNNER.on_button(chat.fstate, "f:manufacturing:skip", now) is None  # not optional
    assert RUNNER.on_button(chat.fstate, "f:pregnancy:yes", now) is None  # another flow's step
    assert RUNNER.on_button(chat.fstate, "f:manufacturing", now) is None
    assert RUNNER.on_button(chat.fstate, "x:manufacturing:yes", now) is None
    assert RUNNER.on_button(None, "f:manufacturing:yes", now) is None
    assert chat.step == "manufacturing"


def test_continue_offer_and_continue_button_resume_the_question():
    chat = checklist_at_criteria()
    chat.press("human")
    chat.press("yes")
    offer = RUNNER.continue_offer(chat.fstate)
    assert "carry on with the product checklist (question 3 of 8)" in offer.text
    assert [b.data for b in offer.buttons] == ["f:characterization:continue", "f:characterization:cancel"]
    outcome = chat.press_data("f:characterization:continue")
    assert "Question 3 of 8" in outcome.replies[0].text and chat.step == "characterization"


def test_continue_offer_on_optional_step_names_the_flow():
    chat = Chat("checklist")
    assert "carry on with the product checklist" in RUNNER.continue_offer(chat.fstate).text


def test_resume_reshows_current_question():
    chat = checklist_at_criteria()
    outcome = RUNNER.resume(chat.fstate, chat.now + 5)
    assert "Question 1 of 8" in outcome.replies[0].text and outcome.fstate["step"] == "source"


def test_expiry_counts_from_the_last_answer():
    chat = Chat("checklist", now=0.0)
    assert not RUNNER.expired(chat.fstate, DAY - 1, DAY)
    assert RUNNER.expired(chat.fstate, DAY + 1, DAY)
    chat.now = DAY - 10
    chat.press("skip")
    assert not RUNNER.expired(chat.fstate, DAY + 1, DAY)
    assert RUNNER.expired({"flow": "checklist"}, 10.0, DAY) is True  # no timestamp: start afresh
    assert RUNNER.expired({"updated": "garbage"}, 10.0, DAY) is True


def test_fstate_from_a_removed_step_restarts_cleanly():
    chat = checklist_at_criteria()
    broken = dict(chat.fstate, step="no_such_step")
    assert RUNNER.on_button(broken, "f:no_such_step:yes", 1.0) is None
    outcome = RUNNER.resume(broken, 2.0)
    assert outcome.fstate["step"] == "product" and outcome.fstate["path"] == []


def test_fstate_is_plain_json_data_at_every_step():
    chat = Chat("checklist")
    states = [chat.fstate]
    for action in ["Exo <Glow>", "$120", "plant", "yes", "no", "idk", "yes", "no", "yes"]:
        chat.say(action)
        states.append(chat.fstate)
    for state in states:
        assert json.loads(json.dumps(state)) == state
        assert isinstance(state["updated"], float)


def test_checklist_ignores_risks_but_keeps_going():
    chat = checklist_at_criteria()
    fstate = RUNNER.on_risks(chat.fstate, ["pregnancy"], chat.now + 1)
    assert "risks" not in fstate and fstate["step"] == "source"

