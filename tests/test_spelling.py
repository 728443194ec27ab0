"""Typo correction."""

import pytest

from bot.nlu.spelling import SpellingIndex

INDEX = SpellingIndex({"plated": "plated", "money": "money", "many": "many", "dangers": "danger",
                       "lactation": "breastfeed", "exosomes": "exosome"})
STRICT = SpellingIndex({"lotion": "lotion", "lactation": "breastfeed", "exosomes": "exosome"},
                       min_length=5, same_first_letter=True)


@pytest.mark.parametrize("typo, target", [
    ("palted", "plated"),      # a transposition is one edit
    ("mony", "money"),         # ties go to the closest spelling overall
    ("danges", "danger"),
    ("exsosomess", "exosome"),  # long words may have two edits
])
def test_one_typo_is_forgiven(typo, target):
    assert INDEX.correct(typo) == target


@pytest.mark.parametrize("word", ["pla", "zzzzzz", "platypus", "12345"])
def test_far_or_short_words_are_left_alone(word):
    assert INDEX.correct(word) is None


def test_curated_corrections_keep_the_first_letter():
    assert STRICT.correct("location") is None
    assert STRICT.correct("vacation") is None
    assert STRICT.correct("lotoin") == "lotion"
