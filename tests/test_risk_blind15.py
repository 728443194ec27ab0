"""Risk said indirectly, and whose risk it is: wordings from the blind15 tuning halves (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

INDIRECT = [
    # the baby feeds from the user
    ("my girl only takes from the breast, is the cream ok", "breastfeeding"),
    ("he still latches every night, can i use the serum", "breastfeeding"),
    ("shes on me every three hours, any serum advice", "breastfeeding"),
    ("i pump twice a day at work for my son, is it fine", "breastfeeding"),
    ("the gate latches badly, unrelated, which serum is best", "-"),
    ("my friend's baby only takes the bottle", "-"),
    # a cold sore on its way, a spot full of gunk, antibiotics for a skin problem
    ("my lip is tingling again, i know what's coming", "infection"),
    ("the bump on my chin is full of gunk and throbbing", "infection"),
    ("on antibiotics for a boil on my neck, serum ok?", "infection"),
    ("on antibiotics for my acne for three months now", "-"),
    # weak immunity in other words
    ("my rheumatologist gives me injections every two weeks", "immunocompromised"),
    ("i take tablets so my body will not reject my new liver", "immunocompromised"),
    ("undetectable on biktarvy for years, any concern", "immunocompromised"),
    ("my rheumatologist said my joints look better", "-"),
    # procedures in other words
    ("did a 35% glycolic at home last night, face is pink", "recent_procedure"),
    ("used a 10% glycolic toner this morning", "-"),
    ("the injector did my cheeks on thursday, any serum ok", "recent_procedure"),
    ("did the needling pen yesterday evening", "recent_procedure"),
    # an emergency in other words
    ("my eyes are so swollen i can barely see after the mask", "urgent"),
    ("my eyes were puffy this morning from crying", "-"),
    # cancer in other words
    ("the pathology on my mole came back malignant", "cancer"),
    ("radiation ended two weeks ago, skin still red", "cancer"),
    ("the tumour in the film was so sad, are exosomes stem cells", "-"),
    # not a pregnancy
    ("my covid test showed two lines last week, better now", "-"),
    ("in my second trimester of learning skincare lol", "-"),
    ("our gestational carrier is 25 weeks along", "-"),
    ("im in my second trimester, serum ok?", "pregnancy"),
    ("third trimester of pregnancy now, serum ok?", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), INDIRECT)
def test_risk_said_indirectly(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


WHOSE = [
    # a general question, then "asking because i ..." makes it the user's
    ("can people on steroids for years use it? asking because i have been on prednisone since 2019",
     "immunocompromised"),
    ("is it fine while nursing in general? i ask because i am", "breastfeeding"),
    ("is it fine while nursing in general? asking because im writing a leaflet", "-"),
    # the user is the patient now
    ("i work on a cancer ward, and now im the patient, diagnosed with breast cancer in may", "cancer"),
    # pets, pairs, scares
    ("my parrot has an infected claw, can exosomes help birds", "-"),
    ("neither of us are pregnant, which cream for oily skin", "-"),
    ("had a pregnancy scare but im not pregnant, which source is best", "-"),
    ("still bf my toddler at night, is it ok", "breastfeeding"),
]


@pytest.mark.parametrize(("text", "flags"), WHOSE)
def test_whose_risk_it_is(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


HINTS = [
    # blind16: a due date, an arrival ahead, weeks along
    ("my due date is the 4th of june, is the serum fine", "pregnancy"),
    ("our little one arrives in april, can i keep my routine", "pregnancy"),
    ("im 30 weeks, can i use it", "pregnancy"),
    ("im 8 weeks pp and nursing", "breastfeeding"),
    ("im 6 weeks into my new routine, any tips", "-"),
    ("the project is due in april, quick serum question", "-"),
    # feeding in other words
    ("still on me for every feed at 3 months, serum ok?", "breastfeeding"),
    ("giving him only my milk, can i use the cream", "breastfeeding"),
    ("my nipples are sore from the latch, will a balm help", "breastfeeding"),
    ("my let-down is strong, does it pass into milk", "breastfeeding"),
    # cancer in other words
    ("i ring the bell next week, then can i use it", "cancer"),
    ("the school bell rang at nine, unrelated question", "-"),
    ("lost my eyebrows from treatment, any serum", "cancer"),
    ("infusions at md anderson every three weeks", "cancer"),
    # infection and procedures in other words
    ("blister on my lip since yesterday that tingles", "infection"),
    ("my ear piercing is gunky and smells off", "infection"),
    ("antibiotic ointment for the crusty patch on my chin", "infection"),
    ("did my lips yesterday, serum tonight?", "recent_procedure"),
    ("did my lips with a new gloss, which serum under it", "-"),
]


@pytest.mark.parametrize(("text", "flags"), HINTS)
def test_hints(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
