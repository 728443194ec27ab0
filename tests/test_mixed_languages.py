"""A message in another language that also asks in plain English: read as English, risk rules included."""

import pytest

from bot.nlu.risk import RiskDetector


@pytest.mark.parametrize("text", [
    "Hallo zusammen. what are exosomes exactly",
    "Olá, tudo bem? is it safe to keep my exosome serum in a hot car",
])
def test_a_foreign_greeting_before_an_english_question_is_no_foreign_message(detector: RiskDetector,
                                                                            text: str) -> None:
    assert not detector.read(text).foreign


@pytest.mark.parametrize("text", ["Ich habe eine Frage zu Exosomen, ist das sicher für mich?", "Hola, ¿qué tal? ok"])
def test_a_message_with_no_english_clause_stays_foreign(detector: RiskDetector, text: str) -> None:
    assert detector.read(text).foreign


def test_the_english_clause_of_a_mixed_message_is_read_for_risk(detector: RiskDetector) -> None:
    assert detector.read("Hola, buenos días. I am pregnant, can I use an exosome serum?").flags == ("pregnancy",)


def test_the_english_question_of_a_mixed_message_is_answered(chat) -> None:
    turn = chat.push("Olá, tudo bem? is it safe to keep my exosome serum in a hot car")
    assert turn.analysis.intent == "storage_stability"
    assert "English" not in turn.text


def test_a_mixed_message_about_pregnancy_gets_the_referral_first(chat) -> None:
    turn = chat.push("Hola, buenos días. I am pregnant, can I use an exosome serum?")
    assert "pregnancy" in turn.analysis.risks and "obstetrician" in turn.text


def test_a_message_wholly_in_another_language_still_says_it_reads_english_only(chat) -> None:
    turn = chat.push("Ich habe eine Frage zu Exosomen, ist das sicher für mich?")
    assert turn.analysis.outcome == "fallback" and "English" in turn.text


@pytest.mark.parametrize(("text", "intent"), [
    ("kalimera! 🌞", "greeting"),
    ("selamat pagi", "greeting"),
    ("ok paalam", "goodbye"),
    ("do widzenia", "goodbye"),
    ("maraming salamat", "thanks"),
    ("efharisto poli", "thanks"),
])
def test_small_talk_in_the_writers_other_languages_is_small_talk(chat, text: str, intent: str) -> None:
    assert chat.push(text).analysis.intent == intent
