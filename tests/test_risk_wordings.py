"""Risk wordings studied in each round's tuning half (issue 10), read from tests/cases/risk_wordings.yml.

Each family holds a few variants of one kind of wording beside the near wording that must keep its reading;
every message is written for the tests, none is copied from a data set.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.nlu.risk import RiskDetector
from tests.risk_cases import expected_flags

FAMILIES = yaml.safe_load((Path(__file__).parent / "cases" / "risk_wordings.yml").read_text(encoding="utf-8"))
CASES = [pytest.param(text, flags, id=f"{family['round']}-{n}-{text[:40]}")
         for family in FAMILIES for n, (text, flags) in enumerate(family["cases"])]


def test_every_family_is_named_and_holds_a_case() -> None:
    assert all(family["family"] and family["round"] and family["cases"] for family in FAMILIES)


def test_no_message_is_listed_twice() -> None:
    texts = [text for family in FAMILIES for text, _ in family["cases"]]
    assert len(texts) == len(set(texts))


@pytest.mark.parametrize(("text", "flags"), CASES)
def test_risk_wording(detector: RiskDetector, text: str, flags: str) -> None:
    assert detector.detect(text) == expected_flags(flags)
