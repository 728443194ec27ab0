"""Risk wordings from the blind17 tuning half (issue 10): feeding, weeks along, a practitioner doing it to the
user's body, a treatment named before its cancer, a question answered in the message, dates that belong to an
earlier event, hives that keep coming, German swelling and swallowing, and a figurative cancer.

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

CASES = [
    # feeding in other words
    ("we still comfort feed at bedtime, which serum", "breastfeeding"),
    ("comfort feeds ended, she is on formula now", "-"),
    ("still going with the breast twice a day at 8 months", "breastfeeding"),
    ("my toddler still wants milk from me at night", "breastfeeding"),
    # weeks along with a second child
    ("20 weeks with our second, can i use it", "pregnancy"),
    ("20 weeks with my new routine and no change", "-"),
    # a practitioner doing it to the user's own body
    ("the nurse did a glycolic peel on my face this morning", "recent_procedure"),
    ("she did a glycolic peel on her client yesterday", "-"),
    # a treatment named before its cancer, in a statement
    ("surgery for melanoma last spring, can i use it", "cancer"),
    ("is it fine for melanoma?", "-"),
    # a birth, then a comma and the skin
    ("had my baby 3 weeks ago, skin is so dry, serum ok?", "breastfeeding"),
    # a question the user answers
    ("pregnant? definitely not. which serum is best", "-"),
    ("pregnant? not sure yet", "pregnancy"),
    # a date that belongs to an earlier event
    ("had my lip pierced two weeks ago and it got infected, still sore", "infection"),
    ("had a cold sore two weeks ago, all healed now", "-"),
    ("years ago (2016?) i did a laser, skin fine since", "-"),
    # hives that keep coming
    ("hives keep popping up on my arms after the serum", "urgent"),
    ("more welts every few minutes on my chest", "urgent"),
    ("more orders every few minutes at the shop, love it", "-"),
    # German swelling and swallowing (a separable verb)
    ("nach dem serum schwellen meine lippen stark an", "urgent"),
    ("das schlucken fällt mir schwer seit dem serum", "urgent"),
    # a figurative cancer, and a real one
    ("influencer hype is a cancer on the skincare industry", "-"),
    ("i have a cancer on the side of my nose", "cancer"),
]


@pytest.mark.parametrize(("text", "flags"), CASES)
def test_blind17_wordings(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
