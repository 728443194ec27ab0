"""What the risk tests share: the detector built from the shipped rules, and expected flags written as 'a,b' or '-'."""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.nlu.risk import FLAGS, RiskDetector

ROOT = Path(__file__).resolve().parent.parent
RULES = ROOT / "intents" / "risk_rules.yml"
WORDS = ROOT / "intents" / "risk_words_multilingual.yml"


def load_default() -> RiskDetector:
    """Build the detector from the project's rules and word lists."""
    return RiskDetector(yaml.safe_load(RULES.read_text(encoding="utf-8")),
                        yaml.safe_load(WORDS.read_text(encoding="utf-8")))


def expected_flags(flags: str) -> tuple[str, ...]:
    """Turn 'a,b' or '-' into a tuple of flags in FLAGS order (an unknown flag is a mistake in the test)."""
    if flags.strip() == "-":
        return ()
    wanted = {f.strip() for f in flags.split(",")}
    assert wanted <= set(FLAGS), wanted
    return tuple(f for f in FLAGS if f in wanted)
