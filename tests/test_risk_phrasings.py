"""Risk in more of people's own words (issue 10): ways of nursing, a named cause, the time of a treatment.

Every example here is written for this file (none is copied from a data set). Each family holds the
positive cases and the innocent sentence it must not turn into.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

NURSING = [
    # offering the breast, expressing milk, exclusively pumping
    ("i still give her the breast before bed, is the cream ok", "breastfeeding"),
    ("offering him the breast every few hours, skin is so dry", "breastfeeding"),
    ("ive been expressing milk at work since my leave ended", "breastfeeding"),
    ("hand expressing a little for the bottle, can i use the mask", "breastfeeding"),
    ("ep mum of twins here, any serum tips", "breastfeeding"),
    ("she was expressing her worries about the price", "-"),
    ("i gave my sister the breast pump we no longer need", "-"),
    # the baby feeds from the user, milk the user leaks
    ("she still feeds from me at night, can i use retinol", "breastfeeding"),
    ("leaking milk through every top i own", "breastfeeding"),
    ("my puppy is drinking from the tap", "-"),
    # a baby's age, said the way many learners of English say it, or in words past ten
    ("my baby has 3 months, can i use the serum", "breastfeeding"),
    ("our daughter is fourteen weeks old and i want my glow back", "breastfeeding"),
    ("my daughter is fourteen and wants a serum", "-"),
]

CAUSES = [
    # a rash the doctor names fungal or bacterial is an infection
    ("the gp says the rash on my chin is fungal", "infection"),
    ("turned out my spots were bacterial, serum ok?", "infection"),
    ("is fungal acne a real thing", "-"),
    ("this serum has gone viral, is it any good", "-"),
    # an oozing spot with a fever is an infection
    ("this spot is weeping and i have had a temperature all day", "infection"),
    ("the blemish is oozing a bit, can i dab serum on it", "-"),
    # fever and spreading redness after a procedure: urgent and the procedure, an infection only when named
    ("microneedling on monday, now a fever and the redness keeps spreading", "recent_procedure,urgent"),
    ("had a peel 2 days ago, fever now and the red area is spreading and looks infected",
     "infection,recent_procedure,urgent"),
    ("fever since this morning and the redness on my cheek is spreading", "infection,urgent"),
]

TREATMENT_TIME = [
    # chemo that ended long ago is a cancer history, not weak immunity now; chemo now is both
    ("i had chemo for lymphoma in 2009 and have been clear since", "cancer"),
    ("my chemo for breast cancer ended four years ago", "cancer"),
    ("on chemo for bowel cancer since march", "cancer,immunocompromised"),
    # a past year something lasted until is over
    ("i breastfed both girls until 2016", "-"),
    ("on methotrexate since 2016 for my joints", "immunocompromised"),
    ("i had radiation for a thyroid tumour last year, still on chemo pills now", "cancer,immunocompromised"),
]


SLANG = [
    # short forms people use for medicines, teams and treatments
    ("i take tacro every day since my liver transplant", "immunocompromised"),
    ("my onco team says my counts are low this week", "cancer,immunocompromised"),
    ("my blood counts have dropped again after treatment", "immunocompromised"),
    ("had tox on friday, serum tonight?", "recent_procedure"),
    ("got a lip flip yesterday", "recent_procedure"),
    ("the tox screen at work came back clean", "-"),
    # puffy lips or tongue, a tongue that feels wrong (puffy eyes in the morning are not urgent)
    ("my lips went numb and puffy after the mask", "urgent"),
    ("my tongue feels weird and big", "urgent"),
    ("my eyes are puffy in the morning", "-"),
    # "me and my husband" is one subject with the user
    ("me and my husband are ttc, is the serum ok", "pregnancy"),
    ("me and my partner are expecting in may", "pregnancy"),
    ("me and my sister went shopping, she had botox yesterday", "-"),
    # asking on someone's behalf
    ("my mum asked me to check if the serum is ok with her biologics", "-"),
    ("my doctor asked me to check, been ttc for a year", "pregnancy"),
]

GENERAL = [
    # a term right before a plural of people names those people; the user may count themself in
    ("how do i explain the risks to pregnant customers at my counter", "-"),
    ("our spa sees a lot of cancer patients, which mask is gentlest", "-"),
    ("as breastfeeding mums we all want our glow back", "breastfeeding"),
    ("im one of those pregnant women who breaks out everywhere", "pregnancy"),
    ("im a cancer patient, is the serum ok", "cancer"),
    # "your doctor" is advice to someone, not the user's own doctor
    ("people say ask your oncologist first, is that what the guide says", "-"),
    ("my oncologist said the serum is fine", "cancer"),
    ("the biopsy on my back came back fine", "-"),
    # teaching skincare, a slide, the forms of a practice
    ("i teach a beauty course, what are the contraindications: pregnancy, cancer, infection", "-"),
    ("need a slide covering breastfeeding and recent peels for my trainees", "-"),
    ("how should we word our consent form for clients on methotrexate", "-"),
    ("i teach a yoga class and had botox yesterday", "recent_procedure"),
    ("the consent form for my laser tomorrow asks about meds", "recent_procedure"),
    ("the intake form at my clinic asks if im pregnant, and i am", "pregnancy"),
]

FUTURE = [
    # becoming pregnant months or years from now is a plan, not a pregnancy or trying now
    ("we want to get pregnant next year, is the serum fine until then", "-"),
    ("hoping to fall pregnant in a few years, any lasting effects?", "-"),
    ("i would like to get pregnant someday, does exosome use matter", "-"),
    ("we are trying to get pregnant right now", "pregnancy"),
    ("hoping to get pregnant soon, is it safe", "pregnancy"),
    ("im pregnant and due in a few months", "pregnancy"),
    ("getting pregnant took ages, im 10 weeks now", "pregnancy"),
]

SOURCES_AND_LEARNERS = [
    # an animal named as what a product is made from is no one else (blind32's risk round) ...
    ("used a goat milk exosome cream and woke up with huge blisters all over my cheeks", "urgent"),
    ("my horse exosome serum gave me a fever blister on my lip", "infection"),
    ("my goat has an infection, can i use the cream on it", "-"),
    ("my cat is pregnant", "-"),
    # ... and a learner's nursing
    ("Madam I am giving breastfeed, this cream ok?", "breastfeeding"),
    ("i am feeding breast to my first baby, is the serum fine", "breastfeeding"),
    ("does the serum give you cancer", "-"),
    ("i am feeding my baby formula only", "-"),
]


@pytest.mark.parametrize(("text", "flags"), NURSING + CAUSES + TREATMENT_TIME + SLANG + GENERAL + FUTURE
                         + SOURCES_AND_LEARNERS)
def test_risk_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
