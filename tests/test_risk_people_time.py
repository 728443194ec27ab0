"""Who and when, in more of people's words (issue 10): the user describing themself, people named by
an article or "of mine", test results and plans, seasons and treatments with their reasons.

Every example here is written for this file (none is copied from a data set). Each family holds the
positive cases beside the innocent sentence it must not turn into.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

SELF_DESCRIBED = [
    # "im a 45 year old man", "as a mum": the person named is the user
    ("im a 38 year old guy taking humira for my gut", "immunocompromised"),
    ("I'm a 60-year-old woman on weekly methotrexate", "immunocompromised"),
    ("as a woman with lupus, can i use this", "immunocompromised"),
    ("im a mum of three and still breastfeeding the youngest", "breastfeeding"),
    ("i am a 29 yo lady and pregnant with twins", "pregnancy"),
    ("im a daughter whose mom has leukemia", "-"),
    ("i am a neighbour of a woman on chemo", "-"),
]

DESCRIBED_PEOPLE = [
    # an article, the term, then the person it describes ("a pregnant woman") is someone else
    ("i am a friend of a pregnant woman, what should she avoid", "-"),
    ("we share an office with a breastfeeding colleague", "-"),
    ("i'm a pregnant woman, is the cream fine", "pregnancy"),
    ("as a breastfeeding mum i want to be careful", "breastfeeding"),
    ("i have a nursing toddler who wakes at night", "breastfeeding"),
    # "a client of mine", "two friends of ours"
    ("a client of mine has shingles on her neck, can i treat her", "-"),
    ("two friends of ours had fillers last week", "-"),
    ("i have shingles and a client of mine asked about it", "infection"),
]

WRITERS = [
    # people who write for others ("i write a skincare blog") ask in general
    ("i write a beauty blog and want to cover exosomes and pregnancy", "-"),
    ("we run a skin podcast, an episode on breastfeeding is next", "-"),
    ("drafting a newsletter about nursing mothers and serums", "-"),
    ("i write a blog and im pregnant myself, is it ok for me", "pregnancy"),
]

RESULTS = [
    # a test that came back negative, a condition that is no longer a thing for the user
    ("got my hiv test results back this morning, negative", "-"),
    ("the doctor ran tests for lupus and they came back negative", "-"),
    ("im 55 and pregnancy is not a thing for me anymore", "-"),
    ("menopause is done, pregnancy is off the table", "-"),
    ("got my hiv test results today, positive", "immunocompromised"),
    ("i have hiv and my viral load test came back negative", "immunocompromised"),
    ("my biopsy results came back and it is melanoma", "cancer"),
]

LOOKALIKES = [
    # a cancer charity's ribbon or pin is no cancer
    ("why is there a breast cancer ribbon on the box", "-"),
    ("i wear a cancer pin for my aunt", "-"),
    ("breast cancer survivor here, is the serum ok", "cancer"),
]

SUSCEPTIBLE = [
    # catching infections easily is weak immunity, not an infection now
    ("on humira and i get little infections easily", "immunocompromised"),
    ("i catch infections so easily since the transplant", "immunocompromised"),
    ("the cut on my chin got infected, red and sore", "infection"),
]

TIMES = [
    # a season past is months ago for a reaction, a procedure or an outbreak...
    ("last summer my lips swelled up from a lipstick, it's long over now", "-"),
    ("i had microneedling last winter, is exosome ok", "-"),
    ("had a cold sore over the summer", "-"),
    ("my lips are swelling up right now after the serum", "urgent"),
    # ...but a birth last summer may still be a nursing baby
    ("i gave birth last summer, which serum is ok", "breastfeeding"),
    # a reason shares its treatment's time
    ("in 2012 i was given methotrexate once for an ectopic pregnancy", "-"),
    ("i took methotrexate once for an ectopic pregnancy last week", "pregnancy,immunocompromised"),
    ("back in 2015 i had chemo for breast cancer", "cancer"),
]

PLANS = [
    # a step one plans, months or years away, is no pregnancy now
    ("thinking of ivf maybe in a year or two", "-"),
    ("ivf in the far future maybe, any tips", "-"),
    ("we want to start trying to conceive next year", "-"),
    ("we're doing ivf now, the transfer is in a few months", "pregnancy"),
    ("we start ivf next month", "pregnancy"),
    ("been trying to conceive for a year", "pregnancy"),
]

MEDICINES = [
    # immunosuppressing medicines by generic name, and what they do to the user's immunity
    ("im on ocrelizumab infusions for ms", "immunocompromised"),
    ("my ms infusions lower my immune system", "immunocompromised"),
    ("my neuro says my immune system is dampened", "immunocompromised"),
    ("will this serum lower my immune system", "-"),
    ("my vitamin pills boost my immune system", "-"),
]

OTHER_LANGUAGES = [
    # Italian swelling in the masculine plural, breathing badly
    ("ieri ho fatto un peeling e oggi ho gli occhi gonfi", "recent_procedure,urgent"),
    ("dopo la maschera respiro male, cosa faccio", "urgent"),
    ("ho la pelle secca, quale siero posso usare", "-"),
]


@pytest.mark.parametrize(("text", "flags"), SELF_DESCRIBED + DESCRIBED_PEOPLE + WRITERS + RESULTS + LOOKALIKES
                         + SUSCEPTIBLE + TIMES + PLANS + MEDICINES + OTHER_LANGUAGES)
def test_who_and_when(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
