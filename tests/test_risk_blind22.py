"""Risk wordings from the blind22 tuning half (issue 10): a natural mix of short and chat-style lines (riskM).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

CASES = [
    # a word asked about, with nothing personal beside it; the same word said of oneself
    ("what's a malignancy? the guide uses it", "-"),
    ("what is an infected spot", "-"),
    ("what is this on my lip, i think its a cold sore", "infection"),
    ("what is happening, my tongue is swelling", "urgent"),
    # a birth some weeks "before" (learner English); a birth long before
    ("my daughter born 2 weeks before, can i use exosome again", "breastfeeding"),
    ("my son born 2 weeks before my sisters wedding, he is 6 now", "-"),
    # back from maternity leave is not a pregnancy; still pumping is breastfeeding
    ("back from maternity leave this week, still pumping at work", "breastfeeding"),
    ("im on maternity leave, due in three weeks", "pregnancy"),
    # "no more" ends the feeding
    ("no more breastfeeding since spring, which serum?", "-"),
    ("i still breastfeed, no more night feeds though", "breastfeeding"),
    # bumps that spread to new places, in learner English
    ("itchy bumps on my chest after the serum, more and more, now also on my neck", "urgent"),
    ("hives from the cream, and now also on my arms and back", "urgent"),
    ("red bumps on my chin for years, which serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), CASES)
def test_risk_said_the_way_riskm_writes_it(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
