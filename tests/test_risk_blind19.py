"""Risk wordings from the blind19 tuning halves (issue 10): risk said indirectly (riskI), and hard negatives with
the positives that sit next to them (riskJ).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

INDIRECT = [
    # chemotherapy by its regimen or drug (cyclophosphamide also treats vasculitis: weak immunity only)
    ("cycle 4 of folfirinox this week, is the serum ok", "cancer,immunocompromised"),
    ("on cyclophosphamide for my lupus, serum ok?", "immunocompromised"),
    ("started tamoxifin last month, skin is so dry", "cancer"),
    # a cold sore on its way, pus on its way out
    ("my lip is tingling and i know exactly what comes next", "infection"),
    ("squeezed a spot and yellow stuff keeps coming out of it", "infection"),
    ("yellow stuff on the label, what is it", "-"),
    # pregnancy said as months or weeks
    ("i am in my sixth month, can i use it", "pregnancy"),
    ("im only at 12 weeks but my skin is awful", "pregnancy"),
    ("im at 12 weeks postpartum, serum ok?", "breastfeeding"),
    ("due in may, and the doctor says it fades after delivery", "pregnancy"),
    ("expecting a delivery and a baby in march, serum ok?", "pregnancy"),
    ("we are expecting a kitten on sunday, which serum", "-"),
    # the same diagnosis as a parent; feeding still going
    ("my dad had melanoma and now i have the same diagnosis", "cancer"),
    ("my mum stopped feeding at 3 months, im still going at 10 months with mine", "breastfeeding"),
    ("im still going to the gym, which serum", "-"),
    # a procedure in other words, in Portuguese
    ("the clinic burned off the top layer on tuesday", "recent_procedure"),
    ("fiz laser na sexta-feira, posso usar o sérum?", "recent_procedure"),
]

NEAR = [
    # an imagined reaction, an imagined outbreak
    ("what do i do if my lips ever swell from a serum?", "-"),
    ("my lips swell every time i use it", "urgent"),
    ("say i got a cold sore someday, would i stop the serum", "-"),
    # over and done
    ("the ringworm was treated months ago and it is gone", "-"),
    ("pregnancy and nursing are well behind me now", "-"),
    # a list after a negation
    ("i don't have cold sores, infections or anything like that", "-"),
    ("no cold sores, but my cut is infected", "infection"),
    # someone else's infection that the user caught
    ("my daughter has impetigo and i think i caught it", "infection"),
    ("my daughter has impetigo, should i worry", "-"),
    # done to oneself, in a message about clients; a grudge, then the baby
    ("asking for my clients, well actually i microneedled myself this morning", "recent_procedure"),
    ("nursing a grudge against my boss and nursing my newborn, serum ok?", "breastfeeding"),
    # what the user's work sees
    ("at work we see infected wounds every day, do clinics use exosomes", "-"),
    # figurative
    ("this price is a cancer on my bank account", "-"),
]


@pytest.mark.parametrize(("text", "flags"), INDIRECT)
def test_risk_said_indirectly(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


@pytest.mark.parametrize(("text", "flags"), NEAR)
def test_near_misses_and_their_positives(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
