"""Risk wordings from the blind21 tuning half (issue 10): pregnancy, breastfeeding and emergencies said without
their textbook words (riskL).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

INDIRECT = [
    # IVF steps, gestation, hyperemesis
    ("my fet is on thursday, can i keep my serum", "pregnancy"),
    ("beta test tomorrow morning, so nervous, serum ok?", "pregnancy"),
    ("im in the two week wait right now, is exosome cream ok", "pregnancy"),
    ("I am 9 weeks of gestation, is this cream ok", "pregnancy"),
    ("the hyperemesis has wrecked my skin, anything safe?", "pregnancy"),
    ("the fet results for the software team are in", "-"),
    # showing, a baby due, feeling kicks
    ("my tummy is starting to show, is the serum fine", "pregnancy"),
    ("baby due in april, which serum is ok", "pregnancy"),
    ("baby could come any day now, facial this week?", "pregnancy"),
    ("feeling tiny kicks at night, still using my serum", "pregnancy"),
    ("my sister's baby is due in april, gift ideas for her skin?", "-"),
    # trying for a baby, said by learners and after a loss
    ("i stop the pill for try baby, serum ok?", "pregnancy"),
    ("came off birth control to get pregnant, do i stop exosomes", "pregnancy"),
    ("we are trying again after a loss, is the serum ok while we try", "pregnancy"),
    ("stopped the pill because of headaches, serum ok?", "-"),
    # a positive test, but not a covid one
    ("just got a positive test!! can i still use my serum", "pregnancy"),
    ("got a positive covid test, can i still use my serum", "-"),
    # learner English for breastfeeding; a stop said in the present tense
    ("i feed my daughter from me, she is 3 month", "breastfeeding"),
    ("i finish breastfeeding last spring, now ok to start?", "-"),
    # blisters forming after the product
    ("my skin is coming off and making blisters where i put it", "urgent"),
    ("the serum bottle came in bubble wrap with blisters of air", "-"),
    # Russian week of pregnancy, Arabic breastfeeding
    ("я на 20 неделе, можно сыворотку?", "pregnancy"),
    ("انا ارضع بنتي, is the serum ok?", "breastfeeding"),
    ("انا مش حامل", "-"),
]


@pytest.mark.parametrize(("text", "flags"), INDIRECT)
def test_risk_said_without_its_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
