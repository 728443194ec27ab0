"""Tests for bot.nlu.risk on any input: long and bad messages, flag order, normalisation, rules checked at load."""

from __future__ import annotations

import pytest
import yaml

from bot.nlu.risk import FLAGS, RiskDetector, normalise
from tests.risk_cases import RULES, expected_flags

FILLER = (
    "I have been reading about exosome serums for a while and my routine is "
    "cleanser, toner, vitamin C and sunscreen in the morning. "
)

BURIED = [
    ("Also I am 14 weeks pregnant.", "pregnancy"),
    ("Oh and I'm still breastfeeding my little one.", "breastfeeding"),
    ("I finished chemo for lymphoma in the spring.", "cancer,immunocompromised"),
    ("Right now I have a cold sore on my lip.", "infection"),
    ("I take tacrolimus since my kidney transplant.", "immunocompromised"),
    ("I had microneedling two days ago.", "recent_procedure"),
    ("Now my lips are swelling up!", "urgent"),
    ("I am not pregnant and never had cancer.", "-"),
    ("My sister is pregnant.", "-"),
]


@pytest.mark.parametrize(("middle", "flags"), BURIED)
@pytest.mark.parametrize("repeat", [1, 20])
def test_flag_buried_in_long_message(detector: RiskDetector, middle: str, flags: str, repeat: int) -> None:
    """A flag in the middle of a long message is still found."""
    text = FILLER * repeat + middle + " " + FILLER * repeat + "What do you think?"
    assert detector.detect(text) == expected_flags(flags)


BAD_INPUT = [
    "",
    " ",
    "\n\n\t",
    "\x00\x01\x02\x1b[31m",
    "🙂🙂🙂",
    "Я беременна",
    "أنا حامل",
    "我怀孕了",
    "<script>alert('x')</script>",
    "<b>bold</b> &amp; <i>it</i>",
    "a" * 10_000,
    "pregnant " * 2_000,
    "face " * 3_000,
    "(((((((((((((((",
    "\\d+ [a-z]* .* $^",
    "\ud800",
    "\u0301\u0301\u0301",
    "not " * 3_000 + "pregnant",
    "i had laser " * 1_000,
    "spread " * 2_000 + "fever",
]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises(detector: RiskDetector, text: str) -> None:
    """Any string gives a tuple of known flags without raising."""
    result = detector.detect(text)
    assert isinstance(result, tuple)
    assert set(result) <= set(FLAGS)


@pytest.mark.parametrize("value", [None, 42, b"pregnant", ["pregnant"]])
def test_non_string_input(detector: RiskDetector, value: object) -> None:
    """Non-string input is tolerated and sets no flag."""
    assert detector.detect(value) == ()  # type: ignore[arg-type]


def test_result_order_follows_flags(detector: RiskDetector) -> None:
    """Flags come back in FLAGS order, whatever the order in the message."""
    text = "my lips are swelling, i had a peel yesterday and i am pregnant"
    assert detector.detect(text) == ("pregnancy", "recent_procedure", "urgent")


def test_normalise() -> None:
    """Normalisation lowers case, strips accents, quotes and spacing."""
    assert normalise("I\u2019m  PREGN\u00c1NT\n\tnow") == "im pregnant . now"
    assert normalise("we\u2019re expecting") == "we are expecting"
    assert normalise("") == ""


def test_terms_are_data() -> None:
    """A term added in the YAML (no Python change) is picked up."""
    rules = yaml.safe_load(RULES.read_text(encoding="utf-8"))
    text = "i have erythrasma on my cheek"
    assert RiskDetector(rules).detect(text) == ()
    rules["flags"]["infection"]["terms"].append("erythrasma")
    assert RiskDetector(rules).detect(text) == ("infection",)
    assert RiskDetector(rules).detect("my son has erythrasma") == ()


def test_unknown_flag_in_rules_is_rejected() -> None:
    """A typo in a flag name fails loudly at load time."""
    with pytest.raises(ValueError):
        RiskDetector({"flags": {"pregnacy": {"terms": ["x"]}}})
