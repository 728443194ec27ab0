"""Conversations with the engine, read as dialogues: push a message, pop the reply, assert."""

import pytest

from bot.engine.commands import COMMANDS
from bot.engine.conversation import MAX_BUTTON_DATA
from bot.engine.events import EraseRequested, Feedback
from bot.engine.render import to_plain
from bot.ops.lint import FORBIDDEN, html_problems
from tests.harness import EngineChat


def test_start_greets_and_offers_the_menu(chat):
    turn = chat.push("/start")
    assert "exobot" in turn.text
    assert "not medical advice" in turn.text
    assert {"go:checklist", "go:screening"} <= {b.data for b in turn.buttons}


def test_a_question_gets_its_answer_with_follow_ups_and_feedback(chat):
    turn = chat.push("what does plated mean?")
    assert turn.analysis.outcome == "answer" and turn.analysis.intent == "plated_exosomes"
    assert "cell culture" in turn.text
    data = [b.data for b in turn.buttons]
    assert 2 <= sum(d.startswith("i:") for d in data) <= 3
    assert "fb:+:plated_exosomes" in data and "fb:-:plated_exosomes" in data


def test_a_follow_up_button_answers_that_topic(chat):
    chat.push("what does plated mean?")
    follow_up = next(b for b in chat.last.buttons if b.data.startswith("i:"))
    turn = chat.press(follow_up.label)
    assert turn.text == chat.engine.answer_text(follow_up.data[2:])


def test_feedback_is_recorded_as_an_event(chat):
    chat.push("why are exosome serums so expensive")
    turn = chat.press("👎")
    assert turn.events == [Feedback("price", -1)]
    assert "Thanks" in turn.text


CLOSE_CALLS = ("exosome skin", "exosomes and skin", "exosome safety for me", "plant or human exosome serum",
               "exosome cream worth the price", "exosome serum question")


def test_did_you_mean_offers_buttons_that_answer(chat, engine):
    text = next((t for t in CLOSE_CALLS if engine.analyse(t).outcome == "suggest"), None)
    assert text is not None, "none of the close calls is a close call any more: pick new ones"
    turn = chat.push(text)
    suggestion = turn.analysis.suggestions[0]
    assert "Did you mean" in turn.text
    answer = chat.press(f"i:{suggestion}")
    assert answer.text == engine.answer_text(suggestion)


def test_out_of_scope_falls_back_honestly_and_offers_the_flows(chat):
    turn = chat.push("what's the weather like in paris tomorrow")
    assert turn.analysis.outcome == "fallback" or turn.analysis.refused  # never a skincare answer
    assert "exosome" in turn.text  # says what exobot covers instead
    assert {"go:checklist", "go:screening"} <= {b.data for b in turn.buttons}
    assert chat.push("can you help me jump start my car").analysis.outcome == "fallback"
    assert "outside what I know" in chat.last.text


def test_risk_leads_with_a_referral_that_offers_its_topic_without_repeating_it(chat):
    turn = chat.push("I'm 11 weeks pregnant, is exosome serum ok while pregnant?")
    assert turn.analysis.risks == ("pregnancy",)
    assert turn.analysis.referral
    assert "obstetrician" in turn.replies[0].text
    assert "i:pregnancy_breastfeeding" in {b.data for b in turn.replies[0].buttons}
    assert chat.engine.answer_text("pregnancy_breastfeeding") not in turn.text


def test_asking_to_be_screened_while_pregnant_refers_then_screens(chat):
    turn = chat.push("I'm pregnant, can you screen me to see if exosomes are ok for me?")
    assert "obstetrician" in turn.replies[0].text
    assert chat.state["flow"]["flow"] == "screening"
    assert "pregnancy" in chat.state["flow"].get("risks", [])


def test_urgent_comes_first_and_alone(chat):
    turn = chat.push("my lips are swelling and I have trouble breathing after the serum, also I'm pregnant")
    assert turn.analysis.urgent
    first_line = to_plain(turn.text).splitlines()[0]
    assert "emergency" in first_line.lower()
    assert len(turn.replies) == 1, "nothing but the referral when it is an emergency"
    assert "go:screening" not in {b.data for b in turn.buttons}


@pytest.mark.parametrize("text", ["I'm not pregnant, what are exosomes?", "my sister is pregnant, are exosomes ok?",
                                  "does exosome serum cause cancer?"])
def test_negated_or_third_person_mentions_set_no_flag(chat, text):
    turn = chat.push(text)
    assert turn.analysis.risks == ()
    assert not turn.analysis.referral


def test_help_lists_the_guided_tools(chat):
    turn = chat.push("/help")
    assert "/checklist" in turn.text and "/screen" in turn.text


def test_privacy_says_what_is_kept_and_how_to_erase(chat):
    text = chat.push("/privacy").text
    assert "30 days" in text and "/forget" in text and "Telegram keeps its own copy" in text


def test_forget_asks_first_then_asks_the_adapter_to_erase(chat):
    turn = chat.push("/forget")
    assert not turn.erase
    assert [b.data for b in turn.buttons] == ["forget:yes", "forget:no"]
    done = chat.press("forget:yes")
    assert done.erase and done.events == [EraseRequested()]
    assert done.state == chat.engine.new_state()


def test_forget_can_be_called_off(chat):
    chat.push("/forget")
    assert not chat.press("forget:no").erase


@pytest.mark.parametrize("data", ["i:no_such_intent", "f:source:yes", "garbage", "fb:+:nope", "go:nowhere", "",
                                  "forget:maybe", "i:" + "x" * 200])
def test_forged_or_stale_buttons_get_the_expired_reply(chat, data):
    turn = chat.press(data)
    assert "expired" in turn.text
    assert turn.buttons


def test_unknown_command_gets_a_plain_answer(chat):
    assert "don't know that command" in chat.push("/stats").text


def test_an_abandoned_flow_restarts_cleanly(chat):
    chat.push("/checklist")
    assert chat.state["flow"]
    chat.wait(2 * 24 * 3600)
    turn = chat.push("what are exosomes")
    assert turn.analysis.intent == "what_are_exosomes"
    assert chat.state["flow"] is None


def test_a_malformed_state_is_repaired(engine):
    from bot.engine.conversation import Incoming

    turn = engine.handle({"flow": "garbage", "v": 99, "junk": [1]}, Incoming(text="hello"))
    assert turn.state == engine.new_state()


BAD_INPUTS = [
    "", "   \n\t ", "a" * 10_000, "😀😀😀", "🔥💉✨?", "Что такое экзосомы?", "ما هي الإكسوسومات؟", "外泌体是什么",
    "\x00\x01\x02 exosomes \x1b[31m", "<script>alert(1)</script>", "<b>bold</b> & <i>plated</i>",
    "**plated** _exosomes_ `x`",
    "[link](http://example.com)", "&amp; &lt; &#0;", "/", "//", "/start@exobot extra words", "\u202etxet",
]


@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_gets_a_sensible_reply(chat, text):
    turn = chat.push(text)
    assert turn.replies, "every message gets a reply"
    for reply in turn.replies:
        assert reply.text.strip()
        assert html_problems(reply.text) == []
        assert "<script>" not in reply.text
        assert not FORBIDDEN.search(to_plain(reply.text))
        assert len(reply.text) <= 4096
        assert all(len(b.data.encode()) <= MAX_BUTTON_DATA for b in reply.buttons)


def test_a_follow_up_without_a_skincare_word_is_read_in_context(chat):
    assert chat.engine.analyse("what about at my age?").outcome != "answer"
    chat.push("why are exosome serums so expensive")
    turn = chat.push("what about at my age?")
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", "worth_it")


def test_context_fades_and_never_turns_everyday_talk_into_skincare(chat):
    chat.push("why are exosome serums so expensive")
    weather = chat.push("what is the weather like").analysis
    assert weather.outcome == "fallback" or weather.refused  # small talk, never a skincare answer
    chat.wait(3600)
    assert chat.push("what about at my age?").analysis.outcome != "answer"


def test_a_question_beside_a_risk_gets_its_own_answer_after_the_referral(chat):
    turn = chat.push("I'm breastfeeding. Should I keep my exosome serum in the fridge?")
    assert turn.analysis.risks == ("breastfeeding",)
    assert "obstetrician" in turn.replies[0].text
    assert turn.analysis.intent == "storage_stability"
    assert "i:pregnancy_breastfeeding" in {b.data for b in turn.replies[0].buttons}


@pytest.mark.parametrize(("text", "flag", "intent"), [
    ("in remission from breast cancer, can i use exosomes", "cancer", "cancer_history"),
    ("chemo for leukemia, exosome cream ok?", "cancer", "cancer_history")])
def test_a_risk_question_the_classifier_reads_as_its_own_topic_keeps_that_topic(chat, text, flag, intent):
    turn = chat.push(text)  # the words alone lean to another topic ("do exosomes cause cancer", safety in general)
    assert flag in turn.analysis.risks
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", intent)


def test_a_risk_alone_gets_the_answer_on_that_topic(chat):
    turn = chat.push("I'm pregnant, can I use exosomes?")
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", "pregnancy_breastfeeding")


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.operator], ids=lambda c: c.name)
def test_every_user_command_is_answered(chat, engine, command):
    turn = chat.push(f"/{command.name}")
    assert turn.text and turn.text != engine.system_reply("unknown_command").text
    if command.flow:
        assert turn.state["flow"]["flow"] == command.flow


@pytest.mark.parametrize(("alias", "command"), [(a, c) for c in COMMANDS for a in c.aliases],
                         ids=lambda v: v if isinstance(v, str) else v.name)
def test_an_alias_does_what_its_command_does(engine, alias, command):
    by_alias = EngineChat(engine).push(f"/{alias}")
    by_name = EngineChat(engine).push(f"/{command.name}")
    assert by_alias.text == by_name.text and by_alias.buttons == by_name.buttons


@pytest.mark.parametrize(("typed", "meant"), [("/chekclist", "/checklist"), ("/scren", "/screen"),
                                             ("/forgte", "/forget"), ("/pirvacy", "/privacy"),
                                             ("/xyz", None), ("/ch", None), ("/weather", None)])
def test_a_mistyped_command_is_offered_the_one_it_most_likely_meant(chat, typed, meant):
    text = chat.push(typed).text
    assert text.startswith("I don't know that command")
    assert (f"Did you mean {meant}?" in text) if meant else ("Did you mean" not in text)


@pytest.mark.parametrize("command", [c for c in COMMANDS if c.operator], ids=lambda c: c.name)
def test_operator_commands_are_unknown_to_the_engine(chat, engine, command):
    assert chat.push(f"/{command.name}").text == engine.system_reply("unknown_command").text


@pytest.mark.parametrize("data", ["i:", "i:nope", "go:", "go:nope", "m:x", "f:a", "fb:+", "fb:*:price", "forget:maybe",
                                  "zz:top", "", ":", "i:price:extra:bits"])
def test_malformed_or_unknown_button_data_gets_the_expired_reply(chat, engine, data):
    assert chat.press(data).text == engine.system_reply("expired").text
