"""The guided flows through the Engine: push a message or press a button, pop the reply, assert."""

from __future__ import annotations

import json

import pytest

from bot.content import load_engine
from bot.engine.conversation import Incoming, Turn
from bot.engine.events import FlowFinished

NOW = 1_800_000_000.0
DAY = 24 * 3600
BANNED = ("safe for you", "diagnose", "treats", "cures")
ENGINE = load_engine()


class User:
    """One person chatting with the engine; the state goes through JSON like the store keeps it."""

    def __init__(self) -> None:
        """Start with a fresh session."""
        self.state = ENGINE.new_state()
        self.now = NOW
        self.turn: Turn | None = None
        self.events: list[FlowFinished] = []

    def _handle(self, incoming: Incoming) -> Turn:
        """Send one message and keep the new state."""
        self.turn = ENGINE.handle(self.state, incoming)
        self.state = json.loads(json.dumps(self.turn.state))
        self.events += [e for e in self.turn.events if isinstance(e, FlowFinished)]
        return self.turn

    def say(self, text: str, later: float = 1.0) -> Turn:
        """Type a message."""
        self.now += later
        return self._handle(Incoming(text=text, now=self.now))

    def press(self, value: str, later: float = 1.0) -> Turn:
        """Press the button of the last reply whose data is or ends with ``value``."""
        for button in self.turn.buttons:
            if button.data == value or button.data.endswith(f":{value}"):
                return self.press_data(button.data, later)
        raise AssertionError(f"no {value!r} button in {[b.data for b in self.turn.buttons]}")

    def press_data(self, data: str, later: float = 1.0) -> Turn:
        """Press a button by its data (maybe an old one)."""
        self.now += later
        return self._handle(Incoming(button=data, now=self.now))

    @property
    def flow(self) -> dict | None:
        """Return the flow in progress."""
        return self.state["flow"]


def test_checklist_by_command_with_buttons_ends_with_result_event():
    user = User()
    user.say("/checklist")
    assert "What&#39;s the product called?" in user.turn.text
    user.press("skip")
    user.press("skip")
    user.press("human")
    for _ in range(7):
        user.press("yes")
    assert user.flow["done"]  # the card stays open for corrections; nothing else changed
    assert "8/8 criteria met" in user.turn.text
    assert user.turn.events == [FlowFinished("checklist", met=8, total=8, verdict="most_met", source="human")]
    user.press("go:screening")
    assert "Question 1 of 7" in user.turn.text


def test_checklist_typed_with_escaped_product_name():
    user = User()
    user.say("/checklist")
    user.say("<b>HTML</b> & Sons Exo Serum")
    user.say("$320")
    for text in ["plant", "nope", "idk", "no", "nah", "not sure", "yes", "no"]:
        user.say(text)
    card = user.turn.text
    assert "&lt;b&gt;HTML&lt;/b&gt; &amp; Sons Exo Serum" in card and "<b>HTML</b>" not in card
    assert "2/8 criteria met" in card and "Price note" in card and "less likely to engage" in card
    assert "HTML" not in repr(user.events) and "320" not in repr(user.events)
    assert user.events[-1].verdict == "red_flag"


def test_checklist_started_by_asking_in_words():
    user = User()
    user.say("can you check this exosome serum i found")
    assert user.flow is not None and user.flow["flow"] == "checklist"


def test_question_mid_flow_is_answered_then_offers_to_continue():
    user = User()
    user.say("/checklist")
    user.press("skip")
    user.press("skip")
    user.press("animal")
    user.say("what does plated mean")
    assert "Plated" in user.turn.text and "carry on with the product checklist (question 2 of 8)" in user.turn.text
    assert user.flow["step"] == "manufacturing"
    user.press("continue")
    assert "Question 2 of 8" in user.turn.text
    user.say("yes")
    assert user.flow["step"] == "characterization"


def test_question_mid_flow_with_a_number_is_not_taken_as_the_price():
    user = User()
    user.say("/checklist")
    user.press("skip")
    user.say("what is CD63?")
    assert user.flow["step"] == "price" and "price" not in user.flow


def test_nonsense_mid_flow_reasks_then_offers_buttons_only():
    user = User()
    user.say("/screen")
    user.say("purple monkey dishwasher")
    assert "didn't catch that" in user.turn.text and "Question 1 of 7" in user.turn.text
    user.say("zzzz qqqq")
    assert "choose one of the buttons" in user.turn.text
    user.press("no")
    assert user.flow["step"] == "breastfeeding"


@pytest.mark.parametrize("text", ["cancel", "stop", "/cancel"])
def test_cancel_leaves_the_flow(text):
    user = User()
    user.say("/screen")
    user.press("no")
    user.say(text)
    assert user.flow is None and "stopped the safety screening" in user.turn.text
    assert user.events == []


def test_back_button_through_the_engine():
    user = User()
    user.say("/screen")
    user.press("yes")
    user.press("back")
    assert user.flow["step"] == "pregnancy" and user.flow["path"] == []


def test_stale_button_gets_the_expired_reply():
    user = User()
    user.say("/screen")
    user.press("no")
    user.press_data("f:pregnancy:yes")
    assert "expired" in user.turn.text
    assert user.flow["step"] == "breastfeeding"


def test_screening_typed_dialogue_with_procedure_follow_up():
    user = User()
    user.say("/screen")
    for text in ["no", "nope", "no", "nah", "yes", "microneedling", "yesterday", "yep", "no"]:
        user.say(text)
    assert user.flow["done"]
    assert user.events == [FlowFinished("screening", flags=("recent_procedure", "actives"))]
    assert "Recent procedure (microneedling)" in user.turn.text


def test_screening_nothing_flagged_says_so_without_promises():
    user = User()
    user.say("/screen")
    for _ in range(7):
        user.press("no")
    text = user.turn.text
    assert "These questions raised no flags" in text and "patch test" in text.lower()
    assert not any(word in text.lower() for word in BANNED)


def test_risk_typed_mid_screening_gets_a_short_referral_is_recorded_and_the_question_stays():
    user = User()
    user.say("/screen")
    user.press("no")
    user.say("I'm on immunosuppressants after a kidney transplant")
    assert user.turn.text.startswith("A weakened immune system: please see your doctor")
    assert "Question 2 of 7" in user.turn.text and user.flow["step"] == "breastfeeding"
    assert "carry on" not in user.turn.text and len(user.turn.text) < 600
    assert user.turn.analysis.risks
    for _ in range(6):
        user.press("no")
    assert user.events[-1].flags == ("infection_or_immunity",)


def test_risk_in_an_answer_is_recorded_and_the_answer_counts():
    user = User()
    user.say("/screen")
    user.say("yes I'm pregnant")
    assert "obstetrician" in user.turn.text and user.flow["step"] == "breastfeeding"
    while not user.flow.get("done"):
        user.press("no")
    assert user.events[-1].flags == ("pregnancy",)


def test_urgent_symptom_ends_the_flow():
    user = User()
    user.say("/screen")
    user.press("no")
    user.say("my lips are swelling and I can't breathe")
    assert user.flow is None and "emergency" in user.turn.text.lower()


def test_risky_message_is_never_kept_as_the_product_name():
    user = User()
    user.say("/checklist")
    user.say("I'm pregnant, is this one ok")
    assert user.flow["step"] == "product" and "product" not in user.flow


def test_flow_abandoned_for_more_than_a_day_restarts_cleanly():
    user = User()
    user.say("/checklist")
    user.press("skip")
    user.press("skip")
    user.say("yes", later=DAY + 60)
    assert user.flow is None
    user.say("/checklist")
    assert user.flow["step"] == "product" and user.flow["path"] == []


def test_flow_survives_a_restart_of_the_bot():
    user = User()
    user.say("/screen")
    user.press("no")
    saved = json.dumps(user.state)
    restarted = load_engine()
    turn = restarted.handle(json.loads(saved), Incoming(text="not sure", now=user.now + 5))
    assert turn.state["flow"]["step"] == "cancer"
