"""Issue 9 through the engine: push a message or press a button, pop the reply, assert.

Never guess, the continue prompt, risks at their own question, questions about a question's
words, the product name, flow edges, the result card and its corrections, and texts.
"""

from __future__ import annotations

import json

import pytest

from bot.engine.events import Asked, FlowFinished

DAY = 24 * 3600


def walk(chat, *presses: str) -> None:
    """Press buttons by label, one after the other."""
    for label in presses:
        chat.press(label)


def at_screening(chat, step: str) -> None:
    """Start the screening and answer No until ``step`` is asked."""
    chat.push("/screen")
    while chat.state["flow"]["step"] != step:
        chat.press("No")


def recorded(chat) -> dict[str, str]:
    """Return the answers recorded so far."""
    return dict(chat.state["flow"]["path"])


def finished(chat) -> list[FlowFinished]:
    """Return every flow result reported so far."""
    return [e for t in chat.turns for e in t.events if isinstance(e, FlowFinished)]


# -- never guess ------------------------------------------------------------------------


def test_an_unclear_answer_is_asked_once_with_buttons_and_recorded_only_when_confirmed(chat):
    at_screening(chat, "procedure")
    turn = chat.push("had a hydrafacial last week")
    assert "did you mean" in turn.text and "Yes" in turn.text and "procedure" not in recorded(chat)
    assert [b.label for b in turn.buttons][:3] == ["Yes", "No", "Not sure"]
    chat.push("yes")
    assert recorded(chat)["procedure"] == "yes" and chat.state["flow"]["step"] == "procedure_type"


def test_a_second_unclear_answer_gets_the_buttons_only(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip", "Human")
    chat.push("yes, a proprietary process")
    turn = chat.push("hmm kind of both")
    assert "choose one of the buttons" in turn.text and "manufacturing" not in recorded(chat)


def test_a_declined_proposal_records_nothing(chat):
    at_screening(chat, "sensitive")
    chat.push("a bit")
    chat.push("no")
    assert "sensitive" not in recorded(chat) and "choose one of the buttons" in chat.last.text


def test_carry_on_is_never_an_answer(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip", "Animal")
    chat.push("what does plated mean")
    assert "Shall we carry on with the product checklist (question 2 of 8)?" in chat.last.text
    for word in ("yes", "ok", "go on"):
        turn = chat.push(word)
        assert "Question 2 of 8" in turn.text and "manufacturing" not in recorded(chat)
        chat.push("what does plated mean")
    turn = chat.push("no")
    assert chat.state["flow"] is None and "stopped the product checklist" in turn.text


def test_stop_at_the_carry_on_prompt_leaves(chat):
    at_screening(chat, "cancer")
    chat.push("can exosomes cause cancer?")
    chat.push("stop")
    assert chat.state["flow"] is None


def test_a_risk_typed_at_its_own_question_is_recorded_with_one_short_referral(chat):
    at_screening(chat, "infection")
    turn = chat.push("I have a cold sore right now")
    assert recorded(chat)["infection"] == "yes" and chat.state["flow"]["step"] == "procedure"
    assert turn.text.startswith("A skin infection: please see a dermatologist") and "Question 5 of 7" in turn.text
    assert "carry on" not in turn.text and len(turn.replies) == 2 and len(turn.replies[0].text) < 200
    turn = chat.push("the cold sore is still there, no procedures though")
    assert "A skin infection" not in turn.text  # referred once


def test_a_risk_typed_at_another_question_is_noted_and_that_question_stays(chat):
    at_screening(chat, "cancer")
    turn = chat.push("im breastfeeding right now")
    assert "cancer" not in recorded(chat) and chat.state["flow"]["step"] == "cancer"
    assert "Breastfeeding: please ask" in turn.text and "Question 3 of 7" in turn.text
    chat.push("never had cancer")
    while not chat.state["flow"].get("done"):
        chat.press("No")
    assert finished(chat)[-1].flags == ("breastfeeding",)
    assert "Cancer now or in the past</b>" not in chat.last.text


def test_a_question_about_a_word_is_explained_and_sets_no_flag(chat):
    at_screening(chat, "cancer")
    for text in ("what does malignancy mean?", "what is a cold sore", "what counts as a weakened immune system?"):
        turn = chat.push(text)
        assert "Question 3 of 7" in turn.text and "please ask" not in turn.text and "cancer" not in recorded(chat)
        assert turn.analysis.risks == () and "risks" not in chat.state["flow"]
    assert "malignancy is a cancer" in chat.turns[-3].text
    while not chat.state["flow"].get("done"):
        chat.press("No")
    assert finished(chat)[-1].flags == ()


def test_the_source_question_asks_which_after_a_yes(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip")
    turn = chat.push("yes")
    assert "Which source does the brand name" in turn.text and "source" not in recorded(chat)


# -- the product name and the price --------------------------------------------------


def test_only_a_product_name_is_taken_as_the_name(chat):
    chat.push("/checklist")
    for text in ("no", "yes", "idk", "what?"):
        chat.push(text)
        assert "product" not in chat.state["flow"] and chat.state["flow"]["step"] == "product"
    chat.push("Glow Lab Exo Serum")
    assert chat.state["flow"]["product"] == "Glow Lab Exo Serum"


@pytest.mark.parametrize("text", ["the box is in the bathroom lol", "I bought it at Sephora", "From Amazon",
                                  "Some Korean Brand", "I don't remember exactly, something with Exo in it",
                                  "Not sure, Korean Writing", "its just called exosome serum", "Not Important"])
def test_a_sentence_about_the_product_is_not_its_name(chat, text):
    chat.push("/checklist")
    chat.push(text)
    assert "product" not in chat.state["flow"], chat.state["flow"]


@pytest.mark.parametrize("text, name", [("i use Noa Exo Lift, the blue one", "i use Noa Exo Lift"),
                                        ("not sure, I think it's Medicube Exosome Ampoule",
                                         "Medicube Exosome Ampoule"),
                                        ("the one from my facialist, it's 'Cellumis Exo Glow' I think",
                                         "Cellumis Exo Glow")])
def test_a_name_inside_a_sentence_is_kept(chat, text, name):
    chat.push("/checklist")
    chat.push(text)
    assert name in chat.state["flow"].get("product", ""), chat.state["flow"]


@pytest.mark.parametrize("text", ["Skipp", "Nevermind", "keep it private", "saltar", "weiter", "prefiero no decirlo"])
def test_skip_in_typos_and_other_languages_skips_the_name(chat, text):
    chat.push("/checklist")
    chat.push(text)
    assert chat.state["flow"]["step"] == "price" and "product" not in chat.state["flow"]


def test_a_price_typed_at_the_name_question_fills_the_price_question(chat):
    chat.push("/checklist")
    turn = chat.push("It's $120")
    assert "Noted the price, $120" in turn.text and chat.state["flow"]["step"] == "product"
    turn = chat.push("Glow Lab Exo Serum")
    assert chat.state["flow"]["step"] == "source" and recorded(chat)["price"] == "mid"
    assert "Price: $120" in turn.text


def test_prices_in_words_and_a_gift(chat):
    chat.push("/checklist")
    chat.press("Skip")
    chat.push("two hundred dollars")
    assert recorded(chat)["price"] == "high" and chat.state["flow"]["price"] == "$200"
    chat.press("« Back")
    chat.push("it was a gift")
    assert recorded(chat)["price"] == "skip"


# -- flow edges ---------------------------------------------------------------------------


def test_an_empty_line_re_asks_the_question(chat):
    at_screening(chat, "breastfeeding")
    turn = chat.push("   ")
    assert "Question 2 of 7" in turn.text and chat.state["flow"]["step"] == "breastfeeding"


def test_a_flow_that_expired_says_so_once(chat):
    chat.push("/screen")
    chat.press("No")
    chat.wait(DAY + 3600)
    turn = chat.push("no")
    assert "safety screening from yesterday was closed" in turn.text and chat.state["flow"] is None
    assert ("Start the safety screening again", "go:screening") in [(b.label, b.data) for b in turn.buttons]
    assert "closed" not in chat.push("no").text


def test_a_question_after_an_expired_flow_still_gets_its_answer(chat):
    chat.push("/checklist")
    chat.wait(3 * DAY)
    turn = chat.push("what are exosomes")
    assert "was closed" in turn.text and turn.analysis.intent == "what_are_exosomes"


def test_back_after_a_side_question_goes_to_the_previous_question(chat):
    at_screening(chat, "cancer")
    chat.push("what does plated mean")
    turn = chat.push("back")
    assert chat.state["flow"]["step"] == "breastfeeding" and "Question 2 of 7" in turn.text


# -- the card -----------------------------------------------------------------------


def test_the_card_shows_what_was_typed_and_events_never_carry_it(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip")
    chat.push("umbilical cord MSCs")
    for _ in range(7):
        chat.press("Yes")
    card = chat.last.text
    assert "✅ Source disclosure: Human <i>(you typed “umbilical cord MSCs”)</i>" in card
    events = [e for t in chat.turns for e in t.events]
    assert "umbilical" not in repr(events)
    assert all(e.text is None for e in events if isinstance(e, Asked))


def test_one_answer_can_be_changed_from_the_card_and_the_result_is_recomputed(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip", "Human", *["Yes"] * 7)
    assert "8/8 criteria met" in chat.last.text and len(finished(chat)) == 1
    chat.press("✏️ Change an answer")
    labels = [b.label for b in chat.last.buttons]
    assert "3 Lab data" in labels and "Name" in labels
    chat.press("3 Lab data")
    assert "Changing question 3 of 8" in chat.last.text and "Your answer was: Yes" in chat.last.text
    chat.push("no lab data at all")
    card = chat.last.text
    assert "7/8 criteria met" in card and "❌ Characterization data: No" in card
    assert len(finished(chat)) == 1  # the result was reported once


def test_change_typed_at_the_card(chat):
    at_screening(chat, "sensitive")
    chat.press("No")
    chat.push("change 1")
    assert chat.state["flow"]["step"] == "pregnancy"
    chat.push("yes, 12 weeks")
    assert "Pregnancy or trying to conceive" in chat.last.text and "obstetrician" in chat.last.text
    assert chat.state["flow"]["done"]


def test_changing_the_procedure_asks_its_follow_ups_then_shows_the_card(chat):
    at_screening(chat, "sensitive")
    chat.press("No")
    chat.push("change 5")
    chat.push("microneedling 10 days ago")
    assert "Recent procedure (microneedling)" in chat.last.text


def test_back_while_changing_keeps_the_old_answer(chat):
    at_screening(chat, "sensitive")
    chat.press("No")
    chat.push("change 3")
    chat.press("« Back")
    assert chat.state["flow"]["done"] and recorded(chat)["cancer"] == "no"


def test_anything_else_at_the_card_closes_it_and_is_answered(chat):
    at_screening(chat, "sensitive")
    chat.press("No")
    turn = chat.push("what are exosomes")
    assert turn.analysis.intent == "what_are_exosomes" and chat.state["flow"] is None


def test_the_screening_keeps_no_words_only_answers_and_flags(chat):
    chat.push("/screen")
    chat.press("No")
    chat.push("still nursing")
    while not chat.state["flow"].get("done"):
        chat.press("No")
        assert "nursing" not in json.dumps(chat.state)
    assert finished(chat)[-1] == FlowFinished("screening", flags=("breastfeeding",))
    assert "2. Breastfeeding: Yes" in chat.last.text and "you typed" not in chat.last.text


# -- answers already known (the entry point for reading a label) ------------------------


def test_answers_known_ahead_are_recorded_and_only_the_rest_is_asked(engine):
    outcome = engine.flows.start("checklist", 0.0, known={"source": "human", "characterization": "yes"},
                                 source="from the label")
    fstate = outcome.fstate
    for value in ("skip", "skip", "yes"):
        outcome = engine.flows.on_answer(fstate, value, 1.0)
        fstate = outcome.fstate
    assert fstate["step"] == "third_party" and dict(fstate["path"])["characterization"] == "yes"
    assert "Noted from what you said: Lab data: Yes." in outcome.replies[0].text


# -- texts ----------------------------------------------------------------------------


def test_texts_keep_to_the_guide_and_say_which_rules_are_the_bots(chat):
    chat.push("/checklist")
    assert "Why this matters: Optional" not in chat.last.text and "Optional question" in chat.last.text
    walk(chat, "Skip", "Skip")
    assert "plant ones the least" not in chat.last.text
    chat.push("/screen")
    walk(chat, "No", "No", "No", "No")
    assert "two weeks is this bot&#39;s own cautious cut-off" in chat.last.text
    walk(chat, "No", "Yes", "No")
    card = chat.last.text
    assert "right after a procedure or when your skin barrier is compromised" in card
    assert "Don't combine" not in card


def test_an_answer_to_another_question_is_not_recorded_here(chat):
    at_screening(chat, "breastfeeding")
    turn = chat.push("never had cancer")
    assert "breastfeeding" not in recorded(chat) and "sounds like an answer to question 3" in turn.text
    chat.push("nope, not pregnant either")
    assert recorded(chat)["breastfeeding"] == "no"


def test_nah_with_a_reason_is_a_no(chat):
    chat.push("/checklist")
    walk(chat, "Skip", "Skip", "Human", *["Yes"] * 6)
    chat.push("nah its marketing")
    assert chat.state["flow"]["done"] and "7/8 criteria met" in chat.last.text
