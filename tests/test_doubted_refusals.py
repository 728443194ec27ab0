"""A refusal the intent classifier disputes: questioned when it reads a covered topic far above the refusal."""

import pytest

from bot.nlu.arbiter import doubt
from bot.nlu.thresholds import THRESHOLDS
from bot.nlu.verdict import Match

T = {t.name: t.value for t in THRESHOLDS}
COVERED = frozenset({"plated_exosomes", "layering_actives", "alternatives"})


def refusal() -> Match:
    return Match("answer", "oos_creative_meta", 60.0, (), (), True)


def test_a_refusal_far_below_a_clear_topic_answers_that_topic() -> None:
    verdict = doubt(refusal(), {"plated_exosomes": 1.5, "oos_creative_meta": 0.7, "alternatives": 0.6}, T, COVERED)
    assert (verdict.outcome, verdict.intent) == ("answer", "plated_exosomes")


def test_a_disputed_refusal_without_a_clear_topic_becomes_a_did_you_mean() -> None:
    learned = {"layering_actives": 1.3, "alternatives": 1.27, "oos_creative_meta": 0.8}
    verdict = doubt(refusal(), learned, T, COVERED)
    assert verdict.outcome == "suggest" and verdict.suggestions == ("layering_actives", "alternatives")


@pytest.mark.parametrize("learned", [
    {"plated_exosomes": 1.5, "oos_creative_meta": 1.3},  # the classifier half agrees with the refusal
    {"oos_creative_meta": 1.4, "plated_exosomes": 0.7},  # it agrees outright
    {"plated_exosomes": 0.6, "oos_creative_meta": 0.1},  # it is unsure of everything
])
def test_a_refusal_the_classifier_does_not_clearly_dispute_stands(learned: dict[str, float]) -> None:
    assert doubt(refusal(), learned, T, COVERED) == refusal()


# -- as dialogues ----------------------------------------------------------------------------------------------

def test_asking_for_plated_in_plain_english_is_explained_not_refused(chat) -> None:
    turn = chat.push("can u translate the word plated into plain english for me")
    assert not turn.analysis.refused and turn.analysis.intent == "plated_exosomes"


def test_another_active_beside_the_serum_is_offered_the_layering_topic(chat) -> None:
    turn = chat.push("niacinamide fine alongside?")
    assert not turn.analysis.refused  # answered with the topic (since train12) or offered it
    assert "layering_actives" in (turn.analysis.intent, *turn.analysis.suggestions)


@pytest.mark.parametrize(("text", "intent"), [
    ("translate this exosome serum label into spanish please", "oos_creative_meta"),
    ("where can I book an exosome facial in Lima", "oos_find_provider"),
    ("where do i order exosome serum online cheapest", "oos_shop_order"),
])
def test_a_real_errand_about_exosomes_is_still_refused(chat, text: str, intent: str) -> None:
    turn = chat.push(text)
    assert turn.analysis.refused and turn.analysis.intent == intent
