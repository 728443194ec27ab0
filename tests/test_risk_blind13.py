"""Risk wordings found missed or over-read in the blind13 tuning half (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

IMAGINED = [
    # a situation only imagined is general: "if i ever", or a far-off time after an "if i"
    ("if i ever had to have chemo would the serum be a problem", "-"),
    ("should i ever get a cold sore, do i stop the cream", "-"),
    ("if i got pregnant someday could i keep using it", "-"),
    ("in case we ever do ivf, is it ok", "-"),
    # an "if" about now stays personal
    ("if im pregnant can i still use the serum", "pregnancy"),
    ("if i get a cold sore should i stop", "infection"),
    ("if i had botox yesterday can i put it on tonight", "recent_procedure"),
]


@pytest.mark.parametrize(("text", "flags"), IMAGINED)
def test_imagined_situations(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


TIMES = [
    # "since last year" is still going on
    ("ive been on methotrexate since last year for my psoriasis", "immunocompromised"),
    ("on humira since last year, is the mask fine", "immunocompromised"),
    ("i took methotrexate last year for a few months", "-"),
    # a point inside a number ends no sentence
    ("used a 0.5mm derma roller last night, can i put it on", "recent_procedure"),
    ("the 1.5 ml vial says apply nightly, had a peel yesterday", "recent_procedure"),
    # pregnant "when i was": over, unless the user says so now
    ("the melasma i got when i was pregnant is still there, will exosomes fade it", "-"),
    ("stretch marks from while i was pregnant with my twins", "-"),
    ("im pregnant again and the spots from when i was pregnant last time came back", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), TIMES)
def test_times(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


SCOPE = [
    # someone else's infection the user caught
    ("my son came home with impetigo and now i have it too, on my chin", "infection"),
    ("my partner had a cold sore last week and ive caught it as well", "infection"),
    ("my son came home with impetigo, hope i dont catch it", "-"),
    # a negation reaches over "stuff" and "issues" to the next term
    ("i dont have any autoimmune issues or take immunosuppressants", "-"),
    ("no autoimmune problems or cancer in my history", "-"),
    ("i dont have autoimmune issues but i do take methotrexate", "immunocompromised"),
    # a lecture the user sat through is a general topic
    ("we had a seminar on vesicles in cancer last week, how does that fit with face creams", "-"),
    ("i went to a talk about pregnancy skincare and im pregnant myself", "pregnancy"),
    # a reaction the user says is over
    ("my lips swelled after a serum in 2020, totally fine now, which one is gentle", "-"),
    ("my lips swelled up an hour ago, all fine now?", "urgent"),
]


@pytest.mark.parametrize(("text", "flags"), SCOPE)
def test_scope(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
