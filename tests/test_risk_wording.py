"""Risk in the way people say it (issue 10, a third round): chat shorthand for times, the people named,
negations inside a term, births, signs of infection and other languages.

Every example here is written for this file (none is copied from a data set). Each family holds the
positive cases beside the innocent sentence it must not turn into.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

SHORTHAND_TIMES = [
    # chat shorthand for a day or two away ("tmrw", "yday") dates a procedure
    ("microneedling yday and still red, which serum", "recent_procedure"),
    ("ipl 2moro, can i use the ampoule tonight", "recent_procedure"),
    ("thinking about a peel next year, any tips", "-"),
    # "its been 5 days since" is days ago; weeks or years since is past it
    ("its been 5 days since i had my son", "breastfeeding"),
    ("its been 5 years since i had my son", "-"),
    ("two days since my microneedling, still red", "recent_procedure"),
    ("three weeks since my microneedling, all calm", "-"),
    # "N hours after" a procedure says it happened (not "how many hours after")
    ("2 hours after the laser my cheeks sting", "recent_procedure"),
    ("how many hours after microneedling can exosomes go on", "-"),
]

LONG_AGO_WORDS = [
    # "years back", "6 years later" are long ago
    ("had shingles years back", "-"),
    ("had shingles last week", "infection"),
    ("pregnancy brain hit me hard, even 6 years later", "-"),
    ("pregnancy brain is hitting hard at 30 weeks", "pregnancy"),
    # a hedge or a short form after "in" is still the distant future
    ("might get pregnant in about 3 yrs, is retinol ok till then", "-"),
    ("might be pregnant, is retinol ok", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), SHORTHAND_TIMES + LONG_AGO_WORDS)
def test_times_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
