"""Risk wordings from the blind20 tuning half (issue 10): risk buried in chat and said indirectly (riskK).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

INDIRECT = [
    # a chemotherapy regimen by its letters; radiation for a named organ
    ("two rounds of AC-T left, skin is paper dry", "cancer,immunocompromised"),
    ("im halfway through AC-T, which serum is gentle", "cancer,immunocompromised"),
    ("the ac adapter for my lamp broke, unrelated but which serum", "-"),
    ("all clear since the radiation for my prostate, is exosome cream ok", "cancer"),
    ("the radiation exposure from my phone worries me, which serum", "-"),
    # a test with two lines; a period late by many words
    ("two faint lines on my test this morning, is the serum ok", "pregnancy"),
    ("my period is about ten days or so late, serum ok?", "pregnancy"),
    ("two lines on the label say organic, is that real", "-"),
    # feeding said in learner English and at night
    ("my boy is 9 month and still i give breast in the night", "breastfeeding"),
    ("the baby still wakes twice for a feed, can i use it at night", "breastfeeding"),
    ("we do formula only, but the baby wakes for a feed at 4, serum ok?", "-"),
    ("still doing the boob at bedtime with my toddler", "breastfeeding"),
    ("my skin has gone downhill since the baby arrived", "breastfeeding"),
    # a fungus on the face; a squeezed spot with a yellow head
    ("got the fungus on my chin, the doctor gave a cream", "infection"),
    ("popped a zit and now its yellow in the middle and throbs", "infection"),
    ("the fungus in my shower is gross, which serum", "-"),
    # eyelid and face surgery
    ("had my lower lids done 6 days ago, stitches still in", "recent_procedure"),
    ("bleph last friday, can i use the serum round the eyes", "recent_procedure"),
    ("thinking about a facelift in a few years, serum in the meantime?", "-"),
    # learner English: a closing throat; Hinglish
    ("my throat is close since i put the cream", "urgent"),
    ("cream lagane ke baad face bahut swell ho gaya", "urgent"),
    ("mujhe saans lene mein problem ho rahi hai after the mask", "urgent"),
]

NEAR = [
    # an imagined outbreak; a worry that ended
    ("what if i get hives from it one day?", "-"),
    ("what if i have a cold sore right now, is it ok", "infection"),
    ("my period came, so i can stop worrying that im pregnant", "-"),
    ("i keep worrying that im pregnant, my period is late", "pregnancy"),
    # a lump that was benign; one still waiting
    ("the lump in my breast was checked and the scan say benign", "-"),
    ("found a lump in my breast, waiting on the results", "cancer"),
    # figurative remission
    ("my bank account is in remission after that serum", "-"),
    ("i am in remission from lymphoma, serum ok?", "cancer"),
    # a customer, in learner English; the screening of a practice; the bot's own questions
    ("a customer of me had a peel on monday, i ask only for her", "-"),
    ("what should we ask clients before microneedling, pregnancy is one i know", "-"),
    ("why does the bot ask about cancer first? i just want the price", "-"),
]


@pytest.mark.parametrize(("text", "flags"), INDIRECT)
def test_risk_said_indirectly(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


@pytest.mark.parametrize(("text", "flags"), NEAR)
def test_near_misses_and_their_positives(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
