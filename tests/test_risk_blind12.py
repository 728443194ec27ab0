"""Risk wordings found missed or over-read in the blind12 tuning half (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

TREATMENTS = [
    # skin surgery is a procedure as well as a cancer treatment
    ("had mohs on my temple three days ago, can the serum go on the wound", "cancer,recent_procedure"),
    ("my skin surgery was on monday and the stitches are still in", "recent_procedure"),
    ("mohs surgery is booked for next month, should i stop the serum before", "cancer"),
    ("my uncle had mohs surgery yesterday, can he use it", "-"),
    # counts at zero are weak immunity
    ("between chemo rounds my neutrophils are practically zero", "cancer,immunocompromised"),
    ("my white count is nearly nil this week, is a face mask ok", "immunocompromised"),
    ("my bloods are all normal, is the serum ok", "-"),
    # off a steroid for years is over; back on it is not
    ("came off prednisone for good, off it for six years now, any worry", "-"),
    ("been off prednisolone for 3 years, which serum", "-"),
    ("been off prednisone for 4 years but back on it since the flare", "immunocompromised"),
    ("off prednisone for ten days now, is my skin still fragile", "immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), TREATMENTS)
def test_treatments(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


NURSING = [
    # "give the breast" with no object, in learner English
    ("my girl is four months and i give the breast all night, is the cream ok", "breastfeeding"),
    ("i am still giving the breast to my son, is the mask safe", "breastfeeding"),
    ("can this serum give breast cancer", "-"),
    # the baby is "on the boob": the user nurses, unless another mother is named beside a baby
    ("had my son in spring. hes still on the boob twice a night", "breastfeeding"),
    ("shes on the breast constantly these days, ok to use retinol-free serum", "breastfeeding"),
    ("my cousin had a baby in may and shes always on the boob", "-"),
    ("my friend gave birth last month, her baby is on the breast all day", "-"),
    # not able to nurse, or nursed and done now
    ("my son is six weeks and on formula, i was not able to breastfeed", "-"),
    ("my twins are three months and i never managed to breastfeed them", "-"),
    ("my baby is six weeks and i breastfeed him", "breastfeeding"),
    ("nursed my first for a year, all done now, can i try exosomes", "-"),
    ("breastfeeding my second, is the serum ok", "breastfeeding"),
]


@pytest.mark.parametrize(("text", "flags"), NURSING)
def test_nursing(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


OVER = [
    # a test a few words before its result
    ("had an hiv test at the clinic on monday for peace of mind, negative, so which serum", "-"),
    ("my hiv test at the clinic came back positive last year and i take meds", "immunocompromised"),
    # healed and over, a few words on
    ("my last cold sore was ages back in spring, completely healed now", "-"),
    ("i have a cold sore right now and it has not healed yet", "infection"),
    # a period scare that ended
    ("period was late so i took two tests, both negatives, then it came today, panic over", "-"),
    ("my period is late and one test was negative, could i still be pregnant", "pregnancy"),
    # catching every bug while the tests are normal
    ("i catch colds a lot but all my tests came back normal, does the serum boost immunity", "-"),
    ("i get sick all the time because of my transplant meds", "immunocompromised"),
    # a pregnancy already over or still to come
    ("my skin was clear before my pregnancy, now it is dull", "-"),
    ("bought the serum before the pregnancy, is it still good", "-"),
    ("im pregnant and my skin was clear before", "pregnancy"),
    # a first fertility consultation is a plan
    ("our ivf consultation is in february, nothing started yet, what should i avoid", "-"),
    ("we started ivf injections this week, is the serum ok", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), OVER)
def test_over(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


URGENT = [
    # a blistering cold sore is the sore, not an emergency
    ("my cold sore is blistering and tingling, can i use the lip mask", "infection"),
    ("my fever blister blistered overnight, any balm", "infection"),
    ("my cheeks are blistering after the serum", "urgent"),
    # hives a pronoun says are spreading; lightheaded with it
    ("hives came up on my neck and now theyre everywhere on my back", "urgent"),
    ("got hives on my chin after the mask, it is getting worse by the hour", "urgent"),
    ("i had a few hives on my chin last summer, they went away", "-"),
    ("i feel light headed since i put the mask on", "urgent"),
    ("light headed at the price of this serum lol", "-"),
    # a child's infection that spread to the user's own skin
    ("my daughters impetigo has spread to my face, can i use exosomes", "infection"),
    ("his cold sore passed to my lip, any serum", "infection"),
    ("my sons impetigo spread to his neck, can i still use my serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), URGENT)
def test_urgent_and_spread(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
