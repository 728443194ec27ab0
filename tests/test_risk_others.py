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


GENERAL_QUESTIONS = [
    # a condition described as a rule or a category
    ("why is shingles a contraindication for microneedling serums", "-"),
    ("my shingles is a contraindication, so which serum", "infection"),
    ("autoimmune diseases and exosomes, any guidance", "-"),
    ("i have autoimmune diseases, any guidance", "immunocompromised"),
    ("any advice from a pregnancy point of view", "-"),
    ("could exosomes make a melanoma spread", "-"),
    ("could exosomes make my melanoma spread", "cancer"),
    # a word of time or a history between the cue and the term
    ("is the serum ok with an active cold sore", "-"),
    ("i have an active cold sore, is the serum ok", "infection"),
    ("is there guidance for those with a history of lymphoma", "-"),
    # skin in general, or things that got infected
    ("what goes wrong when exosomes go on red or infected skin", "-"),
    ("what goes wrong when exosomes go on my red infected skin", "infection"),
    ("what if the skin is infected after a scratch", "-"),
    ("what if my skin is infected after a scratch", "infection"),
    ("blisters that got infected, can exosomes go on them", "-"),
    ("my blisters got infected, can exosomes go on them", "infection"),
    # not a kind of ingredient, and not a nursing course
    ("is a biologic ingredient in a cream regulated as a drug", "-"),
    ("i take a biologic, is the cream ok", "immunocompromised"),
    ("in my nursing placement we saw pregnant clients", "-"),
    ("nursing and tired, which serum", "breastfeeding"),
]

WHO_ASKS = [
    # a general question said as such
    ("general skincare question: how long after a chemical peel can serums go back on", "-"),
    ("my chemical peel was yesterday, how long until serums go back on", "recent_procedure"),
    ("how long do people usually wait after microneedling before exosomes", "-"),
    ("how long should i wait after microneedling yesterday before exosomes", "recent_procedure"),
    # the user's work: writing, making content, running a group, being asked
    ("im writing a breastfeeding skincare guide for my blog, what is safe", "-"),
    ("im breastfeeding, what is safe for my skin", "breastfeeding"),
    ("we make videos for new mums about skincare during pregnancy and breastfeeding", "-"),
    ("i run a support group for transplant recipients, what can i tell them", "-"),
    ("i am a transplant recipient, what can i use", "immunocompromised"),
    ("she asked me whether retinol is ok during pregnancy", "-"),
    ("my sister asked me to look up what is safe while breastfeeding", "-"),
    ("i asked whether retinol is ok, im pregnant", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), GENERAL_QUESTIONS + WHO_ASKS)
def test_general_questions(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


ON_SOMEONES_BEHALF = [
    # asking for a named person of theirs; "asking for a friend" is often the user and stays referred
    ("pregnant woman can use retinol? asking for my sister", "-"),
    ("pregnant, can i use retinol? asking for a friend", "pregnancy"),
    # who treats it, beside a mention about someone else, is about that person
    ("should an oncologist sign off before a cancer patient uses exosomes", "-"),
    ("my oncologist has to sign off before i use exosomes", "cancer"),
    ("oncologist appt tomorrow, will ask about the serum", "cancer"),
    # what the user read or heard, unless a situation they may be in is named
    ("ive heard transplants need lifelong meds, is that true", "-"),
    ("ive heard that during pregnancy retinol is out, what about exosomes", "pregnancy"),
    ("i watched a video saying lymphoma can show on the skin", "-"),
    ("i watched a video and i think my lymphoma shows on the skin", "cancer"),
]


@pytest.mark.parametrize(("text", "flags"), ON_SOMEONES_BEHALF)
def test_on_someones_behalf_and_hearsay(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
