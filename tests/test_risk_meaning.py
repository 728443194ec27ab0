"""Risk caught by meaning, not by one wording: word classes per flag, time, scope and look-alikes.

Every example here is written for this file (none is copied from a data set). Each family holds a
positive case and, where the family is about scope, the negative it must not turn into.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

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
    ("baby number three is on the way, any serum advice", "pregnancy"),
    ("about 24 weeks with my second and so itchy", "pregnancy"),
    ("our gender reveal is saturday, want my skin glowing", "pregnancy"),
    ("pregnant with excitement about the new launch", "-"),
    # after birth, in other words
    ("our little girl arrived 9 days ago, is the balm ok", "breastfeeding"),
    ("the baby was born on sunday", "breastfeeding"),
    ("my son was born in 2011 and i still get dry skin", "-"),
    ("my neighbour's baby was born yesterday, gift idea?", "-"),
    # cancer: short forms
    ("stage 3 breast ca, on treatment, serum ok?", "cancer"),
    # a result that clears it
    ("the biopsy results were fine, phew", "-"),
    ("my hiv test turned out to be a false positive", "-"),
    # procedures and immunity in other words
    ("skin needling at the salon yesterday, serum tonight?", "recent_procedure"),
    ("my white blood cells are really low this month", "immunocompromised"),
    ("i catch everything so easily since starting my new meds", "immunocompromised"),
    ("no immune problems, no meds, just dry skin", "-"),
    ("my lips feel massive and it is getting harder to breathe", "urgent"),
    ("the doctor wants the spot on my arm removed and sent to the lab", "cancer"),
    # cancer: the star sign is no cancer
    ("my star sign is cancer, so i am moody, which serum calms redness", "-"),
    ("zodiac cancer here, love a water sign glow serum", "-"),
]


@pytest.mark.parametrize(("text", "flags"), WORD_CLASSES)
def test_flag_words_are_read_by_meaning(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


SCOPE = [
    # negation: "nothing", "-free"
    ("the scan found a cyst, nothing cancerous, all good", "-"),
    ("im cancer-free and just curious about the research", "-"),
    ("cancer free for two years now, exosomes ok?", "cancer"),
    # someone else's, possessive without its apostrophe
    ("if someone's eyelids swell after a mask, what should they do", "-"),
    ("can a person's throat close up from a serum", "-"),
    ("eczema and cold sores run in my family, which cream?", "-"),
    ("my aunt, who is on chemo, asked me for a gentle serum", "-"),
    ("my cousin, who just had lip filler, wants to borrow my serum", "-"),
    ("i get cold sores now and then, but not right now", "-"),
    ("im pregnant and my skin is not currently great", "pregnancy"),
    ("im pregnant, but not currently using any actives", "pregnancy"),
    ("my husband and his brother are on methotrexate", "-"),
    # the people a business looks after
    ("i own a little beauty studio and a few of my regulars are expecting a baby", "-"),
    ("our practice treats lots of transplant patients, which serum could we stock", "-"),
    ("i run a small spa, also im 20 weeks pregnant", "pregnancy"),
    ("many residents are immunocompromised at the home where i volunteer", "-"),
    # over and healed
    ("got a cold sore 10 days ago but it has completely healed", "-"),
    ("cold sore since monday and it hasnt healed", "infection"),
    ("im clear of any infection now", "-"),
    # a general mention the user then owns
    ("is it risky if you have lupus? because i do", "immunocompromised"),
    ("is the mask ok for people on methotrexate like me", "immunocompromised"),
    ("my sister is pregnant. I have been reading about serums all week", "-"),
    # a professional asking about their work, not their own story
    ("im a nurse putting together a handout on laser aftercare for patients", "-"),
    ("im a nurse so i know the drill, anyway i am 30 weeks pregnant now", "pregnancy"),
    # a clause that opens with a verb is the user's own ("going through chemo")
    ("going through chemo at the moment, what can i use", "cancer,immunocompromised"),
    ("on antivirals for a cold sore, can i use the balm", "infection"),
    ("had a question about using it during pregnancy", "-"),
    ("getting lots of questions from clients about use while breastfeeding", "-"),
    # what a word or a rule means
    ("what does recent chemotherapy mean in the guide", "-"),
    ("is a cold sore considered an active infection", "-"),
    ("my cold sore came up today, is that an active infection", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), SCOPE)
def test_scope_of_a_mention(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


TIME = [
    # a bare year long ago, a child of school age: the pregnancy or the nursing is over
    ("the last time i was pregnant was 2004, so none of this applies", "-"),
    ("i breastfed both boys, the youngest is 11 now, will exosomes firm things up", "-"),
    ("i breastfed my first, she is 7 now, and im breastfeeding my newborn", "breastfeeding"),
    ("on methotrexate since 2015 for my joints", "immunocompromised"),
    # "again" is now, not back then
    ("i was pregnant 6 years ago and now im pregnant again", "pregnancy"),
    # a present claim outweighs an old time in the same sentence
    ("my daughter is 8 and im pregnant with our second", "pregnancy"),
    ("my son is 6 and i am breastfeeding his baby brother", "breastfeeding"),
    # a mention repeated later is the same old event, unless it is dated anew or said to be back
    ("i had ivf in my thirties. would having had ivf change anything for a serum i use now", "-"),
    ("i got a cold sore 4 years ago. would a cold sore matter for this serum", "-"),
    ("i got a cold sore 4 years ago. i have a cold sore on my lip", "infection"),
    ("i had shingles years ago. shingles came back on my neck", "infection"),
    ("i had a peel 2 years ago. i had a peel yesterday too", "recent_procedure"),
    ("ive had laser in the past, nothing lately", "-"),
    ("had a laser session in the past few days", "recent_procedure"),
]


@pytest.mark.parametrize(("text", "flags"), TIME)
def test_time_of_a_mention(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


BIRTH_AND_PRACTITIONERS = [
    # a birth the user reports ends the pregnancy; nursing is assumed
    ("gave birth 10 days ago, the melasma from my second trimester is still there", "breastfeeding"),
    ("my sister gave birth last week and im 20 weeks pregnant myself", "pregnancy"),
    ("i gave birth 3 weeks ago and i think im pregnant again", "pregnancy,breastfeeding"),
    # a practitioner doing a procedure to the user
    ("came straight from the spa, they did a chemical peel and sent me home", "recent_procedure"),
    ("my derm lasered the spots on my cheeks this morning", "recent_procedure"),
    ("my sister had a chemical peel yesterday", "-"),
]


@pytest.mark.parametrize(("text", "flags"), BIRTH_AND_PRACTITIONERS)
def test_births_and_practitioners(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


LANGUAGES = [
    ("Tomo prednisona todos los días por la artritis, ¿puedo usar exosomas?", "immunocompromised"),
    ("Ich nehme jeden Tag Prednisolon wegen Asthma", "immunocompromised"),
    # a star sign is no cancer, in any language; a cancer next to it still is
    ("Mi signo es Cáncer, ¿qué sérum me recomiendas para la piel grasa?", "-"),
    ("Mein Sternzeichen ist Krebs, welches Serum passt zu mir?", "-"),
    ("Mon signe astrologique est le Cancer, quel sérum choisir ?", "-"),
    ("Ho un tumore al seno e il mio segno è il Cancro, posso usare il siero?", "cancer"),
]


@pytest.mark.parametrize(("text", "flags"), LANGUAGES)
def test_other_languages(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
