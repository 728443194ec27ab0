"""Risk wordings found missed or over-read in the blind9 tuning half (issue 10).

Every example here is written for this file (none is copied from a data set). Each family holds a few
variants of one kind of wording, with the near wording that must keep its reading beside it.
"""

from __future__ import annotations

import pytest

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

TERMS = [
    # "period's" loses its apostrophe
    ("periods late this month and i just started the serum", "pregnancy"),
    ("my periods about a week late, is the exosome cream ok", "pregnancy"),
    ("periods never late for me, just asking about retinol", "-"),
    # a baby fed from the user, with a few words between
    ("shes 4 months and still feeds every couple of hours from me", "breastfeeding"),
    ("he still drinks at night from me, can i use the mask", "breastfeeding"),
    # a typo of microneedling, and a weekday cut short after "on"
    ("had microneedlign on thurs, is it too soon for exosomes", "recent_procedure"),
    ("got a peel on sat and my skin is still tight", "recent_procedure"),
    ("booking microneedling for next month, any prep tips", "-"),
    # a lab result still to come
    ("the gp sent a mole off to the lab last week, waiting to hear", "cancer"),
    ("my derm sent that spot for testing, no results yet", "cancer"),
    # leukaemias by their initials, and the drugs for them
    ("i have cll and my doctor says to be careful with skin stuff", "cancer"),
    ("on ibrutinib at the moment, can i use exosome serum", "cancer,immunocompromised"),
    ("my immunity is lower since the new treatment, is the serum ok", "immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), TERMS)
def test_terms(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


REACTIONS = [
    # hives or welts going down the body are spreading
    ("big red welts going down my arms after the mask", "urgent"),
    ("hives creeping down my neck since i put the cream on", "urgent"),
    ("raised welts across my chest twenty minutes after the serum", "urgent"),
    # blisters that have spread
    ("the blisters have spread to my chin and neck overnight", "urgent"),
    ("a couple of blisters on my lip, that's all", "-"),
    # swelling is read within its sentence, and of the person whose face it is
    ("had filler on my lips last week. swelling is down now, can i use exosomes", "recent_procedure"),
    ("got botox on my forehead yesterday. swelling is mostly down", "recent_procedure"),
    ("in the movie she gets lip filler and her face blows up, how likely is that with a serum", "-"),
    ("my lips got filler and my face blew up this morning", "recent_procedure,urgent"),
    # a fever with spreading redness the user puts down to a reaction is urgent, not an infection
    ("i think im reacting to the mask, fever and the redness is spreading down my neck", "urgent"),
    ("fever and the redness around the cut is spreading", "infection,urgent"),
]


@pytest.mark.parametrize(("text", "flags"), REACTIONS)
def test_reactions(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


WHO_AND_WHEN = [
    # "told anyone": an indefinite pronoun after a verb of telling is no subject
    ("found out im expecting, havent told anyone yet, and a cold sore came up today", "pregnancy,infection"),
    ("we havent asked anyone, but i got a cold sore this week", "infection"),
    ("anyone else get a cold sore after the serum?", "-"),
    # an ex is someone else; the idiom "my ex is cancer" sets no flag
    ("my ex has herpes, should i worry about using exosomes", "-"),
    ("my ex is literally cancer lol, anyway which serum", "-"),
    ("im an ex smoker with lung cancer, is the serum safe", "cancer"),
    # a comparison is no treatment of the user's
    ("my infusions are the same kind of drug as chemo, though i dont have cancer", "-"),
    ("is it similar to chemo in how it works", "-"),
    ("im on chemo, same as my sister was", "cancer,immunocompromised"),
    # the word itself
    ("cancer is such a loaded word, do exosomes have any link to it", "-"),
    # a medicine started or switched to is taken now
    ("my doctor switched me to humira a couple of months ago", "immunocompromised"),
    ("started methotrexate three months ago for my psoriasis", "immunocompromised"),
    ("took methotrexate three years ago, stopped since", "-"),
    # a short steroid course that ended
    ("was on prednisone for five days in march, finished it long ago", "-"),
    ("on prednisone for a week now for my asthma", "immunocompromised"),
    # stoppable flags: unable to, or a habit of the past
    ("i couldnt breastfeed after my c section so its formula", "-"),
    ("i used to get lots of cold sores as a student", "-"),
    ("i used to get a lot of cold sores, and theres a cold sore on my lip today", "infection"),
]


@pytest.mark.parametrize(("text", "flags"), WHO_AND_WHEN)
def test_who_and_when(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


OTHER_LANGUAGES = [
    # a birth in Portuguese counts for breastfeeding (long ago it does not)
    ("Tive um bebê há duas semanas, posso usar o sérum?", "breastfeeding"),
    ("Meu filho nasceu há cinco dias.", "breastfeeding"),
    ("Tive bebê há quatro anos, posso usar?", "-"),
    # a fever with redness that spreads
    ("Tengo fiebre y la rojez se está extendiendo por el cuello.", "urgent"),
    ("J'ai de la fièvre et la rougeur s'étend vers l'oreille.", "urgent"),
    ("Ich habe Fieber und der Ausschlag breitet sich aus.", "urgent"),
    ("Estou com febre e a vermelhidão está se espalhando.", "urgent"),
    ("Ho la febbre e il rossore si sta allargando.", "urgent"),
    # swelling in Italian, in the plural
    ("Mi si stanno gonfiando gli occhi dopo la crema!", "urgent"),
]


@pytest.mark.parametrize(("text", "flags"), OTHER_LANGUAGES)
def test_other_languages(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


READINGS = [
    # a label in single quotes after a determiner is quoted, as with double quotes
    ("does a cold sore put me in the 'active infection' group?", "infection"),
    ("which products carry the 'not for pregnancy' warning", "-"),
    ("my doctor says im 'immunocompromised' because of my meds", "immunocompromised"),
    ("our freezer is pregnant with bottles of serum lol", "-"),
    # a stop written after the term
    ("breastfed my first for a year, then stopped, now back into skincare", "-"),
    ("nursed him until 10 months and weaned him at christmas", "-"),
    ("im still breastfeeding, stopped pumping at work though", "breastfeeding"),
    ("my cold sore came back after i stopped.", "infection"),
    # a pronoun taking up the user's baby
    ("im on my own with the baby tonight, shes still nursing and my lips are swelling", "breastfeeding,urgent"),
    ("sitting here with the baby, hes still nursing every two hours", "breastfeeding"),
    ("my sister has a baby, shes still nursing, is the serum ok for her", "-"),
    # a relation described by the term right after it
    ("is the serum fine for my dad in remission", "-"),
    ("buying it for my aunt after chemo, is it ok", "-"),
    ("im in remission myself, is the serum fine", "cancer"),
    # a consultation is no procedure
    ("had a laser consult this morning, booked the treatment for next month", "-"),
    ("went to a filler consultation yesterday, nothing done yet", "-"),
    ("had laser this morning after the consult last week", "recent_procedure"),
]


@pytest.mark.parametrize(("text", "flags"), READINGS)
def test_readings(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
