"""Risk wordings from the blind18 tuning halves (issue 10): short telegraphic lines (riskH) and risk buried in
chat-style product questions (riskG).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

SHORT = [
    # shorthand for feeding and a recent birth
    ("bf the twins every 3 hrs, serum ok", "breastfeeding"),
    ("my bf has eczema, serum ok for him", "-"),
    ("pp 5 wks, exosomes fine?", "breastfeeding"),
    ("new mum here, baby is tiny, serum ok?", "breastfeeding"),
    ("gift for a new mom, which serum", "-"),
    # radiation as "rads"
    ("doing rads on my chest this month", "cancer"),
    ("those shoes are rad, anyway serum question", "-"),
    # figurative words
    ("instagram is cancer but is the serum real", "-"),
    ("infected by the exosome craze lol", "-"),
    ("my cut is infected, can i use it", "infection"),
]

BURIED = [
    # pregnancy in everyday words
    ("which serum keeps longer? our baby comes in spring so i want to stock up", "pregnancy"),
    ("my doctor confirmed i am in the family way, is storage in the fridge ok", "pregnancy"),
    ("still nursing my toddler and baby number 2 is on the way, which brand is tested", "pregnancy,breastfeeding"),
    ("the plant one or the human one? i dey 5 months now, price first", "pregnancy"),
    ("i no get belle, just want to know the price", "-"),
    # a birth said with a pronoun after "not pregnant anymore"
    ("not pregnant anymore, she was born two weeks ago! which exosome for dark circles", "breastfeeding"),
    ("my sister is not pregnant anymore and she arrived healthy", "-"),
    ("my baby girl is 5 weeks and i feed her myself, marks from the pregnancy, which serum", "breastfeeding"),
    ("giving feed to my baby of 2 months, is the cream halal", "breastfeeding"),
    # cancer in everyday words
    ("the mole they took off turned out to be the bad kind, eye cream ok?", "cancer"),
    ("the spot on my ear came back as a squamous one", "cancer"),
    # infection: honey crust, a lump drained
    ("crusty honey-coloured patch on my lip, which moisturiser first", "infection"),
    ("the doctor drained the lump on my jaw yesterday, when can i start my serum", "infection"),
    # urgent: blisters everywhere, redness growing with a temperature
    ("woke up and my cheeks are full of blisters after the serum", "urgent"),
    ("my lip is full of blisters, cold sore season again", "infection"),
    ("infected scratch, the red keeps going bigger and i have shivering", "infection,urgent"),
    # over and done
    ("years ago my eyes swelled from a perfume, but now is fine, how to patch test", "-"),
    # someone else's cold sore that became the user's
    ("my boyfriend gave me his cold sore, mine popped up today, which serum", "infection"),
    # needled
    ("had my face needled on friday, can i use any serum after the vial", "recent_procedure"),
]


@pytest.mark.parametrize(("text", "flags"), SHORT)
def test_short_lines(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


@pytest.mark.parametrize(("text", "flags"), BURIED)
def test_risk_buried_in_a_product_question(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
