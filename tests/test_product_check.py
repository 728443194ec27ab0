"""A question about one product at hand ("the bottle's right here, $140, is it any good?") gets the checklist."""

from __future__ import annotations

import pytest

from bot.engine.render import to_plain
from bot.nlu.product_check import asks_about_one_product

#: Written for this test: a verdict asked on one product made concrete by a price, a name or the bottle at hand.
ONE_PRODUCT = [
    "I have the jar right here in my hand, NovaExo exosome night cream, is it any good?",
    'my aunt sells "Lumina Exosome Drops" on facebook, is this one legit?',
    "found an exosome ampoule on Shopee for $38, should I trust it?",
    "the brand is Vesicla, 200 euros for 30ml. this one good or not?",
    'Looking at "ExoPure Serum" in the shop, $72. Is it a decent one to grab?',
    "got a $95 exosome cream called Virelle from a pop-up, can we go through it together?",
    'my friend sells "Aurexa Exosome Mist" at $120, can you help me see if it holds up?',
]
#: Near misses: a general question, a price question with no verdict asked, a quoted claim, a plant-vs-human choice.
NOT_ONE_PRODUCT = [
    "how can I tell if an exosome product is legit",
    "is a $300 exosome serum worth it?",
    'the ad says "clinically proven exosomes", is that a real thing?',
    "the plant serum is $25 and the human one $180, is the cheap plant one any good or a waste",
    "I paid $200 for it, is it safe while breastfeeding?",
]


@pytest.mark.parametrize("text", ONE_PRODUCT)
def test_a_verdict_on_one_product_at_hand_is_recognised(text: str) -> None:
    assert asks_about_one_product(text)


@pytest.mark.parametrize("text", NOT_ONE_PRODUCT)
def test_general_or_other_questions_are_not(text: str) -> None:
    assert not asks_about_one_product(text)


@pytest.mark.parametrize("text", ONE_PRODUCT)
def test_the_checklist_is_offered_at_once(chat, text: str) -> None:
    turn = chat.push(text)
    assert turn.analysis.outcome == "answer" and turn.analysis.intent == "start_checklist"
    assert "checklist" in to_plain(turn.text).lower()
