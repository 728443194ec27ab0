"""The typed risk reading: personal flags, general mentions and health mentions; rules checked at load;
the issue's examples and one case per wording family."""

from __future__ import annotations

import pytest
import yaml

from bot.nlu.risk import RiskDetector, RiskRulesError
from tests.risk_cases import RULES, expected_flags


@pytest.mark.parametrize("rules", [
    {"flag": {}},                                                         # unknown top-level key
    {"flags": {"pregnancy": {"terms": ["x"], "long_agoo": True}}},        # unknown flag option
    {"flags": {"pregnancy": {"terms": [{"pattern": "x", "evnt": True}]}}},  # unknown term option
    {"flags": {"pregnancy": {"terms": [{"event": True}]}}},               # a term without a pattern
    {"flags": {"pregnancy": {"terms": ["(unclosed"]}}},                   # a pattern that does not compile
    {"shared": {"negation_cue": ["not"]}},                                # unknown shared key
    {"shared": {"negation_cues": ["(bad"]}},                              # a cue that does not compile
    {"health_terms": ["[bad"]},                                           # a health word that does not compile
])
def test_malformed_rules_are_rejected_at_load(rules) -> None:
    with pytest.raises(RiskRulesError):
        RiskDetector(rules)


@pytest.mark.parametrize("words", [
    {"languages": {"es": {"flags": {"pregnancy": ["x"]}, "markerz": "y"}}},  # unknown language key
    {"languages": {"es": {"flags": {"pregnacy": ["x"]}}}},                 # unknown flag
    {"shared_words": {"cancer": ["(bad"]}},                                # a word that does not compile
    {"languagez": {}},                                                     # unknown top-level key
])
def test_malformed_word_lists_are_rejected_at_load(words) -> None:
    with pytest.raises(RiskRulesError):
        RiskDetector(yaml.safe_load(RULES.read_text(encoding="utf-8")), words)


# --- the typed reading ---------------------------------------------------


@pytest.mark.parametrize(("text", "flags", "general"), [
    ("I'm pregnant", ("pregnancy",), ()),
    ("is it safe during pregnancy?", (), ("pregnancy",)),
    ("my sister is pregnant", (), ("pregnancy",)),
    ("in general, should people on chemo avoid exosomes?", (), ("cancer", "immunocompromised")),
    ("I'm asking for my clients: is it ok after a chemical peel?", (), ("recent_procedure",)),
    ("for a school project: do exosomes cause cancer?", (), ("cancer",)),
    ("what do you tell customers who are breastfeeding?", (), ("breastfeeding",)),
    ("I'm not pregnant", (), ()),
    ("i had shingles 10 years ago", (), ()),
    ("I'm pregnant and asking for my sister who has cancer", ("pregnancy",), ("cancer",)),
])
def test_a_reading_tells_personal_flags_from_general_mentions(detector: RiskDetector, text, flags, general) -> None:
    reading = detector.read(text)
    assert (reading.flags, reading.general_flags) == (flags, general)
    assert reading.health_mention


@pytest.mark.parametrize(("text", "health"), [
    ("i take prednisone every day for my lupus", True),
    ("huge hives on my neck after using it", True),
    ("my eczema flares in winter, will exosomes help?", True),
    ("I'm not pregnant", True),
    ("what does plated mean", False),
    ("why are exosome serums so expensive", False),
])
def test_any_health_word_counts_as_a_health_mention(detector: RiskDetector, text: str, health: bool) -> None:
    assert detector.read(text).health_mention is health


def test_a_bug_inside_the_check_is_reported_as_a_failure_and_logged(detector, monkeypatch, caplog) -> None:
    def broken(text: str):
        raise RuntimeError("boom while reading " + text)

    monkeypatch.setattr(detector, "read", broken)
    with caplog.at_level("ERROR", logger="bot.nlu.risk"):
        reading = detector.read_safely("i am pregnant")
    assert reading.failed and reading.error == "RuntimeError" and reading.flags == ()
    [record] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "RuntimeError" in record.getMessage()
    assert "pregnant" not in record.getMessage(), "the log never holds the message text"


def test_detect_no_longer_hides_a_bug(detector, monkeypatch) -> None:
    monkeypatch.setattr(detector, "_read_english", lambda text: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        detector.detect("i am pregnant")


# The issue's examples of ordinary wording that used to get no referral.
ISSUE_EXAMPLES = [
    ("I used the serum and now my tongue feels thick", "urgent"),
    ("huge hives on my neck after using it", "urgent"),
    ("my whole face is burning and red after applying", "urgent"),
    ("i found out im having a baby", "pregnancy"),
    ("i just gave birth 3 weeks ago", "breastfeeding"),
    ("my baby is 2 months and still on the breast", "breastfeeding"),
    ("i take prednisone every day for my lupus", "immunocompromised"),
    ("botox yesterday", "recent_procedure"),
    ("fillers two days ago", "recent_procedure"),
    ("estoy embarazada", "pregnancy"),
    ("je suis enceinte", "pregnancy"),
    ("ich bin schwanger", "pregnancy"),
    ("我怀孕了", "pregnancy"),
    ("I had microneedling yesterday and now my face is really swollen", "recent_procedure,urgent"),
    ("My white counts are really low from the chemo for my lymphoma", "cancer,immunocompromised"),
]


@pytest.mark.parametrize(("text", "flags"), ISSUE_EXAMPLES)
def test_the_issue_examples_are_flagged(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)


# Meaning, in people's words: one case per wording family, and the look-alikes kept out.
BY_MEANING = [
    ("we're expecting!", "pregnancy"),
    ("im 16 weeks", "pregnancy"),
    ("due in 5 weeks, is this serum fine", "pregnancy"),
    ("my period is 9 days late and i haven't tested yet", "pregnancy"),
    ("embryo transfer last week", "pregnancy"),
    ("knocked up and my skin is a mess", "pregnancy"),
    ("i'm 6 weeks postpartum", "breastfeeding"),
    ("i pump at work", "breastfeeding"),
    ("i had a c-section 2 weeks ago", "breastfeeding"),
    ("i'm formula feeding my 2 week old", "-"),
    ("waiting for biopsy results on a mole", "cancer"),
    ("radioactive iodine for thyroid cancer last spring", "cancer"),
    ("boil on my jaw, starting antibiotics", "infection"),
    ("red pus bumps all over my beard", "infection"),
    ("on methotrexate and humira", "immunocompromised"),
    ("steroid taper after a flare", "immunocompromised"),
    ("my white blood cell count has been low for months", "immunocompromised"),
    ("had a 5 day course of prednisone last month", "-"),
    ("i use hydrocortisone cream sometimes", "-"),
    ("lip filler 3 days ago", "recent_procedure"),
    ("prp facial on thursday, exosome add-on worth it?", "recent_procedure"),
    ("i'm getting botox next month", "-"),
    ("my lips have gotten bigger over the last hour", "urgent"),
    ("my throat feels scratchy and tight", "urgent"),
    ("hives are spreading down my neck", "urgent"),
    ("i can barely swallow after the mask", "urgent"),
    ("little blisters like my usual cold sore", "infection"),
    ("i'm a cancer zodiac sign lol", "-"),
    ("currently nursing a brutal hangover", "-"),
    ("need new shingles on the roof", "-"),
    ("we're expecting a heatwave this week", "-"),
    ("my cat is pregnant", "-"),
    ("I'm a transplant from Texas, my skin hates Oregon", "-"),
    ("I'm an oncology nurse and patients ask me about exosomes", "-"),
    ("my brother calls my serum collection \"the infection\"", "-"),
    ("took a pregnancy test, it was negative", "-"),
    ("My mother had a bad allergic reaction years ago, face swelling and all", "-"),
    ("buying a gift for my pregnant friend", "-"),
    ("i love my laser printer", "-"),
]


@pytest.mark.parametrize(("text", "flags"), BY_MEANING)
def test_coverage_by_meaning(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
