"""Risk through the engine, as dialogues: emergencies alone, general questions, other languages, failing safe."""

from __future__ import annotations

import pytest

from bot.engine.events import Asked, RiskCheckFailed
from bot.engine.render import to_plain
from bot.ops.lint import FORBIDDEN, html_problems


def asked(turn) -> Asked:
    """The Asked event of a turn (what the store may keep)."""
    [event] = [e for e in turn.events if isinstance(e, Asked)]
    return event


# -- 2. urgent means the emergency line alone ------------------------------------------


@pytest.mark.parametrize("text", [
    "I had microneedling yesterday and now my face is really swollen",
    "my lips are swelling and I have trouble breathing after the serum, also I'm pregnant",
    "I used the serum and now my tongue feels thick",
])
def test_an_emergency_gets_the_emergency_line_alone_and_one_button(chat, text):
    turn = chat.push(text)
    assert turn.analysis.urgent
    [reply] = turn.replies
    assert reply.text == chat.engine.renderer.static("referrals/urgent.j2")
    [button] = reply.buttons
    assert button.data.startswith("r:")


def test_the_one_button_shows_the_rest_of_the_referral(chat):
    chat.push("I had microneedling yesterday and now my face is really swollen")
    turn = chat.press("After emergency care")
    [reply] = turn.replies
    assert reply.text.startswith(chat.engine.renderer.static("referrals/after_emergency.j2"))
    assert chat.engine.renderer.static("referrals/recent_procedure.j2") in reply.text
    assert "go:screening" in {b.data for b in reply.buttons}
    assert "emergency" not in to_plain(reply.text).splitlines()[0].lower()


@pytest.mark.parametrize("data", ["r:", "r:9", "r:abc", "r:0123456789", "r:-1"])
def test_a_forged_after_emergency_button_gets_the_expired_reply(chat, data):
    assert "expired" in chat.press(data).text


def test_an_emergency_typed_in_a_flow_ends_it_with_the_line_alone(chat):
    chat.push("/checklist")
    turn = chat.push("my throat is closing up")
    assert len(turn.replies) == 1 and turn.replies[0].text == chat.engine.renderer.static("referrals/urgent.j2")
    assert chat.state["flow"] is None


def test_an_emergency_inside_a_command_gets_the_line_alone(chat):
    turn = chat.push("/start my face is swelling and i can't breathe")
    assert len(turn.replies) == 1 and len(turn.replies[0].buttons) == 1


def test_an_emergency_inline_query_offers_only_the_emergency_line(engine):
    [(title, body)] = engine.inline_answers("my lips are swelling after the serum and i had a peel yesterday")
    assert body == engine.renderer.static("referrals/urgent.j2")


# -- 3. general questions get the general answer and a one-line reminder ----------------


@pytest.mark.parametrize(("text", "topic"), [
    ("I work at a beauty counter, what do I tell customers who are pregnant?", "pregnancy_breastfeeding"),
    ("Asking generally, is exosome serum ok for someone with cancer?", "cancer_history"),
    ("I'm a caregiver at a care home. Are exosome creams ok for residents with weak immunity?",
     "infection_immunity"),
    ("for a school project: can breastfeeding mothers use exosome creams?", "pregnancy_breastfeeding"),
])
def test_a_general_question_gets_the_general_answer_and_a_reminder(chat, text, topic):
    turn = chat.push(text)
    assert turn.analysis.risks == () and not turn.analysis.referral
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", topic)
    first = turn.replies[0]
    assert first.text.startswith(chat.engine.answer_text(topic))
    reminder = first.text[len(chat.engine.answer_text(topic)):].strip()
    assert reminder.startswith("<i>") and "\n" not in reminder and "first" in reminder
    assert "go:screening" not in {b.data for b in first.buttons}, "no personal referral"


def test_a_general_question_the_matcher_misses_still_gets_the_flag_topic(chat):
    turn = chat.push("hypothetically, shingles?")
    assert turn.analysis.risks == ()
    assert turn.analysis.intent == "infection_immunity"


@pytest.mark.parametrize("text", ["is it safe if i'm pregnant", "I might be pregnant, are exosomes ok?",
                                  "asking for my clients, but also i'm pregnant myself"])
def test_personal_or_ambiguous_stays_a_referral(chat, text):
    turn = chat.push(text)
    assert turn.analysis.risks == ("pregnancy",)
    assert "obstetrician" in turn.replies[0].text


# -- 4. other languages --------------------------------------------------------------------


def test_a_message_in_another_language_gets_a_short_english_reply(chat):
    turn = chat.push("¿Qué son los exosomas?")
    [reply] = turn.replies
    assert "only read English" in reply.text
    assert asked(turn).text is None


@pytest.mark.parametrize(("text", "intent"), [("danke schön", "thanks"), ("ciao ciao", "goodbye"),
                                              ("merci beaucoup !", "thanks"), ("¡hola!", "greeting")])
def test_small_talk_in_another_language_is_answered_like_small_talk(chat, text, intent):
    turn = chat.push(text)
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", intent)
    assert not any("only read English" in reply.text for reply in turn.replies)
    assert asked(turn).text is None  # still not English: never kept


def test_a_foreign_message_that_only_starts_like_small_talk_is_not_read(chat):
    turn = chat.push("hola, ¿qué son los exosomas y cuánto cuestan?")
    assert turn.analysis.outcome == "fallback" and "only read English" in turn.replies[-1].text


@pytest.mark.parametrize(("text", "flag"), [("estoy embarazada", "pregnancy"), ("je suis enceinte", "pregnancy"),
                                            ("ich bin schwanger", "pregnancy"), ("我怀孕了", "pregnancy"),
                                            ("Ich stille noch meinen Sohn", "breastfeeding"),
                                            ("抗がん剤治療中です", "cancer")])
def test_a_foreign_message_with_a_risk_word_gets_the_referral_first(chat, text, flag):
    turn = chat.push(text)
    assert flag in turn.analysis.risks
    assert turn.replies[0].text.startswith(chat.engine.renderer.static(f"referrals/{flag}.j2"))
    assert "only read English" in turn.replies[-1].text


def test_a_foreign_emergency_gets_the_emergency_line_alone(chat):
    turn = chat.push("用了外泌体精华以后嘴唇和舌头都肿了，呼吸有点困难")
    [reply] = turn.replies
    assert reply.text == chat.engine.renderer.static("referrals/urgent.j2")


def test_a_foreign_general_question_gets_the_reminder_line(chat):
    turn = chat.push("¿Los exosomas son seguros durante el embarazo?")
    [reply] = turn.replies
    assert turn.analysis.risks == ()
    assert "only read English" in reply.text and "obstetrician" in reply.text


# -- 5. failing safe and loud --------------------------------------------------------------


@pytest.fixture
def broken_risk(engine, monkeypatch):
    """Make the risk check raise, the way a bug in a rule would."""
    def boom(text):
        raise ValueError("a bug in a rule")

    monkeypatch.setattr(engine.risk, "read", boom)
    return engine


def test_a_failed_check_sends_the_general_referral_first_and_logs_an_error(chat, broken_risk, caplog):
    with caplog.at_level("ERROR"):
        turn = chat.push("what does plated mean?")
    assert turn.replies[0].text.startswith("<b>I couldn't check this message for health risks")
    assert "emergency" in turn.replies[0].text
    assert RiskCheckFailed("ValueError") in turn.events
    assert asked(turn).text is None
    assert any(r.levelname == "ERROR" and "Risk check failed" in r.getMessage() for r in caplog.records)


def test_a_failed_check_is_never_read_as_no_risk(chat, broken_risk):
    for text in ["I'm pregnant", "/start", "what are exosomes"]:
        turn = chat.push(text)
        assert "couldn't check" in turn.replies[0].text


def test_a_failed_check_inline_offers_only_the_general_referral(broken_risk):
    [(title, body)] = broken_risk.inline_answers("plated exosomes")
    assert "couldn't check" in body


# -- 6. privacy: what the store may keep ---------------------------------------------------


@pytest.mark.parametrize("text", ["i take prednisone every day for my lupus", "huge hives on my neck after using it",
                                  "estoy embarazada", "my eczema is bad, will exosomes fix it?",
                                  "my sister is pregnant, what about exosomes for her", "I'm not pregnant, hi"])
def test_a_message_naming_a_health_matter_is_never_kept_as_text(chat, text):
    assert asked(chat.push(text)).text is None


def test_a_plain_fallback_is_still_kept_for_editors(chat):
    assert asked(chat.push("what time does the train to paris leave")).text == "what time does the train to paris leave"


# -- every reply stays within the content rules --------------------------------------------


@pytest.mark.parametrize("text", ["I had microneedling yesterday and now my face is really swollen", "estoy embarazada",
                                  "I work at a beauty counter, what do I tell customers who are pregnant?",
                                  "¿Qué son los exosomas?"])
def test_risk_replies_are_clean_html_without_forbidden_claims(chat, text):
    for reply in chat.push(text).replies:
        assert html_problems(reply.text) == []
        assert not FORBIDDEN.search(to_plain(reply.text))
        assert len(reply.text) <= 4096


# -- a health refusal gives way to the referral -----------------------------------------------------


def test_a_health_question_about_exosomes_with_a_risk_gets_the_referral_and_its_topic(chat):
    turn = chat.push("I take methotrexate for RA, exosomes okay or no")
    assert turn.analysis.risks == ("immunocompromised",)
    assert turn.analysis.intent == "infection_immunity"
    text = " ".join(to_plain(r.text) for r in turn.replies)
    assert "outside my guide" not in text


def test_a_health_question_without_exosomes_is_still_refused_after_the_referral(chat):
    turn = chat.push("I take methotrexate for RA, what diet helps the joints")  # near miss
    assert turn.analysis.risks == ("immunocompromised",)
    assert turn.analysis.intent == "oos_other_health"
