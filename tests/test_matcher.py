"""The matcher on its own: normalisation, misspellings, the three outcomes."""

import pytest

from bot.engine import Engine
from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST


@pytest.mark.parametrize("text, intent", [
    ("what are exosmes", "what_are_exosomes"),
    ("wat r exozomes", "what_are_exosomes"),
    ("what does plate exosomes mean", "plated_exosomes"),
    ("WHY SO PRICEY?!", "price"),
    ("exosome serum in the fridge??", "storage_stability"),
    ("mixing exosomes with retinol", "layering_actives"),
    ("thx", "thanks"),
    ("hiiii", "greeting"),
    ("what does palted mean", "plated_exosomes"),
    ("is exosmoe serum worth the mony", "worth_it"),
    ("can i use exosomes while breastfeading", "pregnancy_breastfeeding"),
])
def test_misspelt_and_shouted_questions_are_answered(engine: Engine, text: str, intent: str) -> None:
    match = engine.matcher.match(text)
    assert (match.outcome, match.intent) == (ANSWER, intent)


@pytest.mark.parametrize("text", [
    "what's the weather in paris", "book a table for two at 8", "how do i reset my bank password",
    "when does my milk expire", "share my location with steve", "what time is it", "play some jazz",
    "i would really like to know if i can go on vacation", "how do you make dumplings", "give my location to stan",
])
def test_everyday_requests_fall_back(engine: Engine, text: str) -> None:
    assert engine.matcher.match(text).outcome == FALLBACK


def test_a_close_call_offers_suggestions(engine: Engine) -> None:
    candidates = ("exosome skin", "exosomes and skin", "exosome safety for me", "plant or human exosome serum")
    suggested = [m for m in (engine.matcher.match(t) for t in candidates) if m.outcome == SUGGEST]
    assert suggested, "no close call among the candidates"
    assert all(1 <= len(m.suggestions) <= 3 for m in suggested)


def test_suggestions_are_ranked_and_capped(engine: Engine) -> None:
    for text in ("plant or human exosome serum", "exosome cream worth the price", "exosome safety for me"):
        match = engine.matcher.match(text)
        assert len(match.suggestions) <= 3
        assert list(match.suggestions) == sorted(match.suggestions, key=lambda i: -dict(match.ranked)[i])


def test_scores_stay_between_0_and_100(engine: Engine) -> None:
    for text in ("plated plated plated exosomes exosomes", "a" * 5000, "exosome " * 300, "?!"):
        match = engine.matcher.match(text)
        assert 0.0 <= match.score <= 100.0


def test_leave_one_out_hides_the_example_itself(engine: Engine) -> None:
    examples = engine.matcher.examples()
    position = next(i for i, (intent, text) in enumerate(examples) if intent == "plated_exosomes")
    text = examples[position][1]
    with_it = engine.matcher.scores(text).by_intent["plated_exosomes"]
    without = engine.matcher.scores(text, held_out=position).by_intent.get("plated_exosomes", 0.0)
    assert without <= with_it
