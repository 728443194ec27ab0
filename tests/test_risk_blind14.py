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


CHAT = [
    # hormone therapy after breast cancer (not the same pill for a fertility cycle)
    ("halfway through five years of letrozole and my skin feels paper thin", "cancer"),
    ("my clinic put me on letrozole to help me ovulate for our ivf round", "pregnancy"),
    ("my onc nurse said to ask you about serums, im on treatment", "cancer"),
    # a condition named after a pregnancy, long after it
    ("my son is six now and the pregnancy mask never faded, will exosomes help", "-"),
    ("im pregnant and my pregnancy mask is getting darker", "pregnancy"),
    # done with breastfeeding after a birth
    ("postpartum a year and a half, finished breastfeeding in june, serum ok?", "-"),
    ("postpartum 3 weeks, serum ok?", "breastfeeding"),
    # learner English for breastfeeding
    ("i give my milk to the baby, he is five month, can i use cream", "breastfeeding"),
    ("i give the baby formula milk only, can i use cream", "-"),
    # figures of speech
    ("this app has infected my brain with serum ads", "-"),
    ("the ad says nursing your complexion back to life, what is in it", "-"),
    ("nursing my daughter at night still, what is in it", "breastfeeding"),
    # a scratch that oozes, a mole taken off
    ("i got a scratch from the cat, it is hot, swollen and weeping a bit now", "infection"),
    ("i got a scratch from the cat, it healed fine", "-"),
    ("had a skin tag snipped, no wait, a mole shaved off yesterday, can serum go near it", "recent_procedure"),
    ("a mole was shaved off my back three years ago", "-"),
]


@pytest.mark.parametrize(("text", "flags"), CHAT)
def test_chat_wordings(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


QUOTED = [
    # a person named inside quotes is no subject: the deal's name, not a friend
    ('did a "bring a friend" laser deal yesterday, skin still warm', "recent_procedure"),
    ("my cousin and i did the 'girls day' peel on monday", "recent_procedure"),
    ('my sister got the "friend discount" laser yesterday', "-"),
]


@pytest.mark.parametrize(("text", "flags"), QUOTED)
def test_a_person_in_quotes_is_no_subject(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
