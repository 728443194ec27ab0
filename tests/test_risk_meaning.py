"""Risk caught by meaning, not by one wording: word classes per flag, time, scope and look-alikes.

Every example here is written for this file (none is copied from a data set). Each family holds a
positive case and, where the family is about scope, the negative it must not turn into.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import FLAGS, RiskDetector
from tests.test_risk import load_default


@pytest.fixture(scope="module")
def detector() -> RiskDetector:
    """Load the detector once for the module."""
    return load_default()


def _expected(flags: str) -> tuple[str, ...]:
    """Turn 'a,b' or '-' into a tuple of flags in FLAGS order."""
    wanted = set() if flags.strip() == "-" else {f.strip() for f in flags.split(",")}
    return tuple(f for f in FLAGS if f in wanted)


WORD_CLASSES = [
    # pregnancy: a home test, carrying for someone else, unsure "expecting", early signs
    ("the stick showed a faint positive this morning, what now with my serum", "pregnancy"),
    ("positive test last night, still in shock, do i stop my ampoule", "pregnancy"),
    ("my covid test came back positive, can i still use the cream", "-"),
    ("the patch test was positive so i returned it", "-"),
    ("i am a surrogate for my cousin, 22 weeks along with her baby", "pregnancy"),
    ("is the serum ok for the twins i am carrying for a friend", "pregnancy"),
    ("we are using a surrogate next year, which serum for me?", "-"),
    ("not sure but i could be expecting?? should i pause the mask", "pregnancy"),
    ("i might be expecting too much from one serum", "-"),
    ("queasy every morning for a week and my hcg is up, can i use exosomes", "pregnancy"),
    # infection: yeast at the mouth corners, skin antibiotics, a boil of any size
    ("my gp says the split corners of my lips are a yeast infection", "infection"),
    ("a serum with yeast extract and niacinamide, any good?", "-"),
    ("angular cheilitis again, can i put the balm on", "infection"),
    ("on cephalexin since monday for a spot on my jaw, serum ok?", "infection"),
    ("i have a nasty little boil under my chin", "infection"),
    ("bring the water to a rolling boil before you sterilise the jar", "-"),
    # spreading redness with a fever: a patch that keeps growing
    ("there is a red sore patch on my temple that keeps on spreading and i have a fever",
     "infection,urgent"),
    # cancer: the star sign is no cancer
    ("my star sign is cancer, so i am moody, which serum calms redness", "-"),
    ("zodiac cancer here, love a water sign glow serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), WORD_CLASSES)
def test_flag_words_are_read_by_meaning(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == _expected(flags)


SCOPE = [
    # negation: "nothing", "-free"
    ("the scan found a cyst, nothing cancerous, all good", "-"),
    ("im cancer-free and just curious about the research", "-"),
    ("cancer free for two years now, exosomes ok?", "cancer"),
    # someone else's, possessive without its apostrophe
    ("if someone's eyelids swell after a mask, what should they do", "-"),
    ("can a person's throat close up from a serum", "-"),
    # a general mention the user then owns
    ("is it risky if you have lupus? because i do", "immunocompromised"),
    ("is the mask ok for people on methotrexate like me", "immunocompromised"),
    ("my sister is pregnant. I have been reading about serums all week", "-"),
    # a professional asking about their work, not their own story
    ("im a nurse putting together a handout on laser aftercare for patients", "-"),
    ("im a nurse so i know the drill, anyway i am 30 weeks pregnant now", "pregnancy"),
    # what a word or a rule means
    ("what does recent chemotherapy mean in the guide", "-"),
    ("is a cold sore considered an active infection", "-"),
    ("my cold sore came up today, is that an active infection", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), SCOPE)
def test_scope_of_a_mention(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == _expected(flags)


TIME = [
    # a bare year long ago, a child of school age: the pregnancy or the nursing is over
    ("the last time i was pregnant was 2004, so none of this applies", "-"),
    ("i breastfed both boys, the youngest is 11 now, will exosomes firm things up", "-"),
    ("i breastfed my first, she is 7 now, and im breastfeeding my newborn", "breastfeeding"),
    ("on methotrexate since 2015 for my joints", "immunocompromised"),
    # "again" is now, not back then
    ("i was pregnant 6 years ago and now im pregnant again", "pregnancy"),
]


@pytest.mark.parametrize(("text", "flags"), TIME)
def test_time_of_a_mention(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == _expected(flags)


LANGUAGES = [
    ("Tomo prednisona todos los días por la artritis, ¿puedo usar exosomas?", "immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), LANGUAGES)
def test_other_languages(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == _expected(flags)
