"""Risk wordings found missed or over-read in the blind11 tuning half (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

PEOPLE = [
    # a child called "kiddo" is someone else
    ("my kiddo brought home impetigo from nursery, can i still use my serum", "-"),
    ("the kiddos both have cold sores this week, should i keep my jar away", "-"),
    ("i caught impetigo from my kiddo, is the serum ok", "infection"),
    # the baby taken up by "she" in the same clause nurses from the user
    ("i had my baby in june and hes still breastfed, is the mask ok", "breastfeeding"),
    ("we had the baby last spring and shes still breastfed at night", "breastfeeding"),
    ("my sister had a baby and shes still breastfeeding, is the serum ok for her", "-"),
    # the French past "a eu" is not the Portuguese "eu"
    ("mon père a eu un cancer, est-ce risqué pour lui ?", "-"),
    ("ma sœur a eu un zona, elle peut utiliser la crème ?", "-"),
    ("minha mãe teve cancer e eu também tive cancer", "cancer"),
]


@pytest.mark.parametrize(("text", "flags"), PEOPLE)
def test_people(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


LOOK_ALIKES = [
    # the star sign: "as a cancer", "im a cancer so" (not "as a cancer survivor"); its emoji
    ("as a cancer i take everything personally, which cleanser", "-"),
    ("im a cancer so naturally i overthink my skincare", "-"),
    ("typical cancer, i bought three serums in one week", "-"),
    ("my moon is in \u264b and i love masks", "-"),
    ("as a cancer survivor i want to be careful with new serums", "cancer"),
    ("im a cancer patient, is the serum ok", "cancer"),
    # breathless with laughter
    ("i cant breathe lol that ad for the exosome jar is wild", "-"),
    ("cant breathe \U0001f602\U0001f602 my mate put the serum on his beard", "-"),
    ("i cant breathe properly since i used the spray", "urgent"),
    ("i cant breathe, my throat feels tight after the mask", "urgent"),
    # topic nouns right after a term, not past a comma
    ("we are ttc, week 3 of the cycle, should i stop the serum", "pregnancy"),
    ("im trying to conceive, month 4, any serum to avoid", "pregnancy"),
    ("is it ok during breast cancer awareness month to promote the serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), LOOK_ALIKES)
def test_look_alikes(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


OVER = [
    # a pregnancy still to come or already over
    ("would the serum matter for a future pregnancy", "-"),
    ("thinking about my next pregnancy, should i stock up now", "-"),
    ("dark patches after pregnancy, will exosomes fade them", "-"),
    ("post pregnancy melasma is driving me mad, which serum", "-"),
    ("im pregnant with my second and worried about melasma", "pregnancy"),
    # a scare that ended: the test was negative and the period came
    ("i was worried i was pregnant, but the test came back negative and my period arrived today", "-"),
    ("i thought i might be pregnant because my period was late, then the test was negative and i got my period",
     "-"),
    ("i thought i might be pregnant, the test was negative but my period still hasnt come", "pregnancy"),
    ("i might be pregnant, my period is late", "pregnancy"),
    # an infection once, long ago, and never since
    ("had shingles once when i was about 12 and havent had it since, is the serum ok", "-"),
    ("got a cold sore when i was like 9 and never had one since, does that still mean i have herpes", "-"),
    ("i have a cold sore on my lip right now, is the serum ok", "infection"),
    ("got a cold sore last week, does that mean i have herpes", "infection"),
    # a medicine stopped for years, another disease in remission
    ("i used to be on enbrel for arthritis but ive been off it for five years, still need to worry", "-"),
    ("i was on methotrexate for years but ive been off it since 2018, is the serum ok", "-"),
    ("i take humira for crohns, is the serum ok", "immunocompromised"),
    ("my crohns flared last year but my disease has been in remission since spring, is the serum ok", "-"),
    ("my lymphoma is in remission, is the serum ok", "cancer"),
    ("im in remission, finished chemo in may", "cancer,immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), OVER)
def test_over(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


WORDINGS = [
    # a warning or a part of the guide named after a flag
    ("does the pregnancy warning on the box apply if i had my baby a year ago", "-"),
    ("where is the breastfeeding section of the guide", "-"),
    ("im pregnant, warning me about retinol would help", "pregnancy"),
    ("im breastfeeding, any guidance", "breastfeeding"),
    # "hiv neg" is negative
    ("on prep, hiv neg, anything to know about the serum", "-"),
    ("hiv positive and on meds, is the serum ok", "immunocompromised"),
    # a birth in learner English
    ("i just give birth last week, can i use the mask", "breastfeeding"),
    ("i give birth 2 weeks ago and my face is dry", "breastfeeding"),
    ("when i give birth in spring can i use exosomes", "-"),
    # a site that oozes is infected; redness that creeps with a fever spreads
    ("my piercing is swollen and oozing, can i put serum on it", "infection"),
    ("the wound on my knee keeps weeping, is the cream ok", "infection"),
    ("my eyes are weeping from hay fever, which eye cream", "-"),
    ("a cut on my hand is weeping and i have a fever", "infection"),
    ("the redness is creeping up my leg and i have a fever", "infection,urgent"),
    ("red streaks crept up my arm overnight and now i have chills", "infection,urgent"),
    ("the redness is creeping up my leg, no idea why", "-"),
]


@pytest.mark.parametrize(("text", "flags"), WORDINGS)
def test_wordings(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
