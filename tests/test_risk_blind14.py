"""Risk wordings found missed or over-read in the blind14 tuning halves (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

IMAGINED = [
    # "suppose", "what if my ...", "if i got / were": imagined, so general
    ("suppose im on methotrexate someday, would that matter", "-"),
    ("what if my throat swells after using it", "-"),
    ("if i got pregnant would i need to stop the serum", "-"),
    ("in case i end up breastfeeding later on, is the serum fine", "-"),
    # a condition about now, or "what if" with no "my", stays as it was
    ("if im pregnant can i use it", "pregnancy"),
    ("my throat is swelling, what do i do", "urgent"),
]


@pytest.mark.parametrize(("text", "flags"), IMAGINED)
def test_imagined_situations(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


SHORT = [
    # everyday short forms
    ("still feeding the baby myself, serum ok?", "breastfeeding"),
    ("feeding the baby formula, serum ok?", "-"),
    ("my lips are going huge", "urgent"),
    ("lips going back to normal now", "-"),
    ("my immunity is really low, doctor said", "immunocompromised"),
    ("my immunity is fine", "-"),
    # a no right after the question mark
    ("pregnant? nah, just bloated", "-"),
    ("cold sore? yes, since monday", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), SHORT)
def test_short_forms(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


NEAR_MISSES = [
    ("totally infected with the kbeauty bug", "-"),
    ("my cut got infected with something, its hot", "infection"),
    ("is it ok for couples trying to conceive", "-"),
    ("we are a couple trying to conceive", "pregnancy"),
    ("my kids are teens now, my pregnancy days are long over", "-"),
    ("pregnancy days are rough, 30 weeks now", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), NEAR_MISSES)
def test_near_misses(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
