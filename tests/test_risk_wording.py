"""Risk in the way people say it (issue 10, a third round): chat shorthand for times, the people named,
negations inside a term, births, signs of infection and other languages.

Every example here is written for this file (none is copied from a data set). Each family holds the
positive cases beside the innocent sentence it must not turn into.
"""

from __future__ import annotations

import pytest
import yaml

from bot.nlu.risk import RiskDetector, RiskRulesError
from tests.risk_cases import RULES, expected_flags

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


PEOPLE = [
    # more relations: grandads, grans, in-laws
    ("my grandad had melanoma, does that matter for me", "-"),
    ("i had melanoma, like my grandad", "cancer"),
    ("my sister-in-law is pregnant, gift ideas?", "-"),
    ("a gift for my mother in law who is on chemo", "-"),
    ("my sister-in-law and i are both pregnant", "pregnancy"),
    # someone else's condition passed on "to me" is the user's too
    ("my son passed his cold sore to me", "infection"),
    ("my son has a cold sore, to me it looks mild", "-"),
]

ASKED_FOR_ADVICE = [
    # people who ask the user for advice: the user asks in general
    ("mums ask me all the time about breastfeeding and serums", "-"),
    ("im a doula, is there a leaflet on pregnancy i could point them to", "-"),
    ("my friends ask me all the time why im so tired, im breastfeeding twins", "breastfeeding"),
]


@pytest.mark.parametrize(("text", "flags"), PEOPLE + ASKED_FOR_ADVICE)
def test_who_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


NEGATED_INSIDE = [
    # a negation between the two parts of a term negates it...
    ("my lips arent swollen, just chapped", "-"),
    ("my lips are swollen and tingling", "urgent"),
    ("my period is not late, is retinol fine", "-"),
    ("my period is 5 days late", "pregnancy"),
    ("tongue doesnt feel thick or anything", "-"),
    ("my tongue feels thick after the mask", "urgent"),
    ("throat is not tight, just sore", "-"),
    # ...in its own clause only, and not in a term that holds a negation itself
    ("my face isnt red, its swollen", "urgent"),
    ("i can not breathe properly", "urgent"),
    ("my immune system isnt great since the transplant", "immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), NEGATED_INSIDE)
def test_negation_inside_a_term(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


BIRTHS = [
    # a baby's age in weeks or months is a birth the user reports: it ends the pregnancy...
    ("my baby is 7 weeks, the melasma from my last trimester is still here", "breastfeeding"),
    ("our 6 week old is asleep, the stretch marks from my pregnancy itch", "breastfeeding"),
    # ...unless the user says they are pregnant now
    ("my baby is 5 months and im pregnant", "pregnancy,breastfeeding"),
    ("i gave birth in may and im pregnant", "pregnancy,breastfeeding"),
    # nursing in chat words ("on the boob"), not the tape
    ("newborn on the boob all night, is the serum ok", "breastfeeding"),
    ("i wear boob tape on the boob area, rash?", "-"),
]


@pytest.mark.parametrize(("text", "flags"), BIRTHS)
def test_births_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


INFECTION_SIGNS = [
    # "+" joins two things like "and" ("anti" before it is a medicine, not a question about fighting one)
    ("on anti rejection meds + an infected scratch on my arm", "infection,immunocompromised"),
    ("on anti rejection meds + dry skin, which serum", "immunocompromised"),
    ("had clear + brilliant yesterday", "recent_procedure"),
    # yellow crusting is a sign of infection
    ("the spot on my chin has gone yellow and crusty", "infection"),
    ("my lips are crusty and dry", "-"),
    # contagious rashes caught from a child
    ("caught hand foot and mouth from my toddler, sores on my lips", "infection"),
    ("my toddler has hand foot and mouth, can i use the serum on myself", "-"),
]


@pytest.mark.parametrize(("text", "flags"), INFECTION_SIGNS)
def test_infection_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


OTHER_LANGUAGES = [
    # a clause opening with a relative pronoun is about the person named before it
    ("Compré un sérum para mi hermana, que está embarazada. ¿Es seguro?", "-"),
    ("Mi madre, que tiene cáncer de mama, quiere usar el sérum. ¿Puede?", "-"),
    ("Tengo cáncer de mama, que me trataron con quimioterapia. ¿Puedo usar el sérum?", "cancer,immunocompromised"),
    # more relatives in other scripts (a husband, a mother-in-law)
    ("老公做完化疗了，他能用吗", "-"),
    ("我在化疗，可以用吗", "cancer,immunocompromised"),
    # biologics by name in a foreign message
    ("Faço infliximabe a cada oito semanas, posso usar o sérum?", "immunocompromised"),
    ("Meu marido faz infliximabe, ele pode usar o sérum?", "-"),
]


@pytest.mark.parametrize(("text", "flags"), OTHER_LANGUAGES)
def test_other_languages_in_peoples_words(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


WHOSE_TIME = [
    # a time in the term's own clause dates it before one in the next clause ("still red")
    ("last week i do microneedling, my skin still red", "recent_procedure"),
    ("i do microneedling sometimes, my skin is still red from a sunburn", "-"),
    # a time in another flag's own earlier clause dates that mention, not a later one
    ("finished radiotherapy a month ago and my gp thinks the patch is infected", "cancer,infection"),
    ("i had chemo and a cold sore three weeks ago", "cancer,immunocompromised"),
    ("had a cold sore a month ago", "-"),
]


@pytest.mark.parametrize(("text", "flags"), WHOSE_TIME)
def test_whose_time_it_is(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


KINDS_OF_PERSON = [
    # a kind of person after an article and a term is someone else, unless the user is that person
    ("i met a cancer survivor at the spa, what can she use", "-"),
    ("im a cancer survivor, what can i use", "cancer"),
    ("as an individual with lupus, is it ok during treatment", "immunocompromised"),
    # "im" and "a" may have a word between them ("i am also a", "im currently a")
    ("i am also a cancer survivor, can i use it", "cancer"),
    ("im currently a cancer patient, is it ok", "cancer"),
    ("im with a cancer patient, can she use it", "-"),
]


@pytest.mark.parametrize(("text", "flags"), KINDS_OF_PERSON)
def test_kinds_of_person(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


def test_kinds_of_person_are_one_data_list() -> None:
    """One word list names the kinds of person for both readings: someone described, and the user themself."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    described, herself = "i know a pregnant nun, what can she use", "as a nun with lupus, is it ok during treatment"
    assert RiskDetector(rules).detect(described) == ("pregnancy",)
    assert RiskDetector(rules).detect(herself) == ()
    rules["shared"]["kinds_of_person"] += " nun"
    assert RiskDetector(rules).detect(described) == ()
    assert RiskDetector(rules).detect(herself) == ("immunocompromised",)


def test_a_word_list_holds_plain_words_only() -> None:
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    rules["shared"]["kinds_of_person"] += " wo(man"
    with pytest.raises(RiskRulesError, match="kinds_of_person"):
        RiskDetector(rules)
