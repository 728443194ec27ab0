"""The lab-testing words as one synonym class: "characterised", particle size distribution, NTA."""

import pytest


@pytest.mark.parametrize("text", [
    "particle size distribution, what does that even tell me",
    "is nta the test that counts them",
    "what does characterised mean on a serum box",
])
def test_a_lab_testing_term_alone_finds_the_lab_testing_topic(chat, text: str) -> None:
    assert chat.push(text).analysis.intent == "characterization"


def test_characterisation_with_a_chatty_tail_is_within_reach(chat) -> None:
    analysis = chat.push("what's characterisation data and why should i care").analysis
    assert analysis.intent == "characterization" or "characterization" in analysis.suggestions
