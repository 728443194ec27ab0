"""Risk in questions about other people and about conditions in general (issue 10, a fourth round, from the
chat-style sets, whose writers named health conditions only in general or about someone else).

Every example here is written for this file (none is copied from a data set). Each family holds the
third-person or general wording beside the near first-person wording that must still be flagged.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

PEOPLE = [
    # grandparents named in the user's own language, and a common misspelling of "friend"
    ("my lolo is on methotrexate, can he use the serum", "-"),
    ("im on methotrexate, can i use the serum", "immunocompromised"),
    ("my frend had lymphoma years ago, is it ok for her", "-"),
    ("i had lymphoma, is it ok for me", "cancer"),
    # "ppl" is people
    ("can ppl on biologics use exosomes", "-"),
    ("im on biologics, can i use exosomes", "immunocompromised"),
    # a client, an athlete, a client "with" something: someone the user looks after
    ("client with lupus wants a facial, what do i tell her", "-"),
    ("as a patient with lupus, can i get the facial", "immunocompromised"),
    ("a client came in with a cold sore yesterday", "-"),
    ("i came in with a cold sore yesterday", "infection"),
    ("one of my athletes has shingles on his back", "-"),
    ("i have shingles on my back", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), PEOPLE)
def test_other_people(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


MY_PLACES = [
    # the user's salon or clinic names no person: the client is still the subject
    ("a customer at my spa had what looked like impetigo", "-"),
    ("at my spa they said i had what looked like impetigo", "infection"),
    ("my skin had what looked like impetigo", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), MY_PLACES)
def test_the_users_places_name_no_person(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


READING_THE_CLAUSE = [
    # a relative clause is about the person just named, an object too
    ("i got a serum for my mum, who had melanoma", "-"),
    ("i got a serum for my mum, because i had melanoma", "cancer"),
    # the user among the people named, not a verb of theirs before them
    ("we discussed pregnant clients in training", "-"),
    ("we pregnant women get no clear answers", "pregnancy"),
    # a question word's "might" or "could" is no uncertainty of the user's
    ("why might exosomes be a problem with shingles", "-"),
    ("might exosomes be a problem with shingles, i think", "infection"),
    # two terms joined by "or" share the cue before the first
    ("any data for pregnancy or lactation", "-"),
    ("any data for pregnancy? i am lactating", "breastfeeding"),
]


@pytest.mark.parametrize(("text", "flags"), READING_THE_CLAUSE)
def test_reading_the_clause(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
