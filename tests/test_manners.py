"""Manners, as dialogues through the engine: acknowledgements, simpler answers, no repeats, context."""

import pytest

from bot.engine.render import to_plain

ACKS = ["ok", "cool", "lol", "👍", "🙏🏽", "got it"]


@pytest.mark.parametrize("ack", ACKS)
def test_an_acknowledgement_gets_a_short_natural_reply(chat, ack: str) -> None:
    chat.push("why are exosome serums so expensive")
    turn = chat.push(ack)
    assert turn.analysis.intent == "acknowledge"
    assert len(turn.text) < 120 and "welcome" not in turn.text.lower()
    assert {b.data for b in turn.buttons} == {f"i:{r}" for r in chat.engine.intents["price"].related}


def test_an_acknowledgement_is_not_the_fallback(chat) -> None:
    assert "outside what I know" not in chat.push("hmm").text


@pytest.mark.parametrize("ask", ["i dont get it", "can you explain simpler", "what?"])
def test_explain_simpler_gives_the_short_version_of_the_last_answer(chat, ask: str) -> None:
    full = chat.push("what does plated mean").text
    turn = chat.push(ask)
    assert turn.text == chat.engine.manners.short("plated_exosomes")
    assert len(turn.text) < len(full) / 2


def test_explain_simpler_with_nothing_before_asks_which_topic(chat) -> None:
    turn = chat.push("i don't get it")
    assert "Which topic" in turn.text and turn.buttons


def test_a_question_naming_a_topic_is_not_taken_for_explain_simpler(chat) -> None:
    turn = chat.push("can you tell me what exosomes are in simple words")
    assert turn.analysis.intent == "what_are_exosomes"


def test_the_same_answer_is_never_sent_twice_in_a_row(chat) -> None:
    texts = [chat.push("why are exosomes so expensive").text for _ in range(4)]
    assert all(a != b for a, b in zip(texts, texts[1:], strict=False))
    assert chat.engine.manners.short("price") in texts[1]
    assert {b.data for b in chat.turns[1].buttons} == {f"i:{r}" for r in chat.engine.intents["price"].related}


def test_a_repeat_after_another_topic_gets_the_full_answer(chat) -> None:
    first = chat.push("why are exosomes so expensive").text
    chat.push("what are exosomes")
    assert chat.push("why are exosomes so expensive").text == first


def test_a_referral_and_its_own_topic_answer_never_repeat_each_other(chat) -> None:
    turn = chat.push("I'm pregnant, can I use exosomes?")
    assert len(turn.replies) == 1 and "obstetrician" in turn.text
    assert "i:pregnancy_breastfeeding" in {b.data for b in turn.buttons}


@pytest.mark.parametrize("text", ["back", "no idea", "idk"])
def test_back_and_no_idea_are_never_read_as_follow_ups(chat, text: str) -> None:
    chat.push("should I use exosomes after microneedling")
    turn = chat.push(text)
    assert turn.analysis is None and not any(b.data.startswith("fb:") for b in turn.buttons)
    assert turn.buttons == chat.engine.menu


def test_a_question_about_the_bot_is_not_captured_by_the_context(chat) -> None:
    chat.push("how do exosomes work")
    assert chat.push("who made you").analysis.intent == "bot_identity"
    assert chat.push("what can you do").analysis.intent == "help"


def test_is_that_normal_after_a_procedure_is_a_safety_question(chat) -> None:
    chat.push("what should I put on after microneedling")
    turn = chat.push("is that normal?")
    assert turn.analysis.intent == "skin_reaction"
    assert "dermatologist" in to_plain(turn.text)


def test_a_reaction_described_with_is_that_normal_is_a_safety_question(chat) -> None:
    turn = chat.push("my face is still kind of red and a bit tight, is that normal?")
    assert turn.analysis.intent == "skin_reaction"


def test_is_that_normal_about_prices_stays_about_prices(chat) -> None:
    chat.push("why are exosomes so expensive")
    assert chat.push("is it normal that exosome prices vary so much between brands").analysis.intent == "price"


def test_a_second_question_is_offered_as_a_button(chat) -> None:
    turn = chat.push("why is exosome serum so expensive and is it even safe?")
    assert turn.analysis.intent == "price"
    assert "You also asked about" in turn.replies[-1].text
    assert turn.replies[-1].buttons[0].data == "i:safety_overview"


def test_a_bare_product_name_is_offered_the_checklist(chat) -> None:
    turn = chat.push("Benev exosome ampoule")
    assert turn.analysis.outcome == "suggest" and turn.analysis.suggestions[0] == "start_checklist"


def test_old_state_without_the_new_keys_still_works(chat) -> None:
    chat.state = {"v": 1, "flow": None, "topic_at": None}
    assert chat.push("what are exosomes").analysis.intent == "what_are_exosomes"
    chat.state = dict(chat.state, last="no_such_intent", repeat="x")
    assert chat.push("ok").analysis.intent == "acknowledge"


@pytest.mark.parametrize(("text", "intent"), [
    ("you explained the plated thing better than any video i watched, so grateful", "thanks"),
    ("i was about to spend 250 on that serum, you saved me the money, thank you", "thanks"),
    ("merci beaucoup, you explain it better than my pharmacist haha", "thanks"),
    ("gracias, that was clear", "thanks"),
    ("Salamat po! very helpful talaga", "thanks"),
    ("ok my tea is getting cold and i have an early shift tomorrow, bye for now", "goodbye"),
    ("i will stop here for today, goodbye and have a nice day", "goodbye"),
])
def test_a_remark_that_asks_nothing_is_answered_as_that_remark(chat, text: str, intent: str) -> None:
    assert chat.push(text).analysis.intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    ("thanks. plated exosomes", "plated_exosomes"),
    ("thank you, and how long until results show?", "results_timeline"),
    # a question about "it" after the thank-you: the question, read on its own
    ("thanks! how do i store it?", "storage_stability"),
    ("ok thanks! how should i store it", "storage_stability"),
    ("thank you! how long does it take to work?", "results_timeline"),
    ("merci beaucoup! and is plated legit?", "plated_exosomes"),
])
def test_a_remark_beside_a_question_leaves_the_question_answered(chat, text: str, intent: str) -> None:
    assert chat.push(text).analysis.intent == intent


@pytest.mark.parametrize(("text", "intent"), [
    # the classifier alone would refuse these for the pharmacist or the dermatologist they name
    ("thanks a lot, going to ask my pharmacist about that sunscreen tomorrow", "thanks"),
    ("see ya, my dermatologist appointment is in ten minutes", "goodbye"),
    ("thank you!! gonna go book that hydrafacial now", "thanks"),
])
def test_a_message_that_opens_with_the_remark_is_that_remark(chat, text: str, intent: str) -> None:
    assert chat.push(text).analysis.intent == intent


@pytest.mark.parametrize("text", ["send my team a message saying thanks for today",
                                  "bye message for my coworker who is leaving, can you write it",
                                  "thanks! can you book me a facial for friday?"])
def test_an_errand_that_names_the_remark_is_still_refused(chat, text: str) -> None:
    assert chat.push(text).analysis.refused


def test_a_remark_inside_an_errand_is_not_a_goodbye(chat) -> None:
    turn = chat.push("please text my sister saying have a good day")
    assert turn.analysis.intent not in {"goodbye", "thanks"}
