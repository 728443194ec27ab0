"""The content catalogue: intents read from intents/*.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.nlu.intent import Intent

#: YAML files in intents/ that hold settings for other parts rather than intents.
NOT_INTENT_FILES = frozenset({"vocabulary.yml", "risk_rules.yml", "risk_words_multilingual.yml", "navigation.yml",
                              "label_rules.yml", "manners.yml", "training.yml", "request_words.yml"})


def _intent(raw: dict[str, Any], source: str) -> Intent:
    """Build one intent from its YAML mapping (checked by the schema first)."""
    return Intent(
        id=raw["id"],
        title=raw.get("title") or raw["id"].replace("_", " ").capitalize(),
        examples=tuple(str(e) for e in raw["examples"]),
        keywords=tuple(str(k) for k in raw.get("keywords") or ()),
        related=tuple(raw.get("related") or ()),
        health=raw.get("health", False),
        kind=raw.get("kind", "knowledge"),
        flow=raw.get("flow"),
        source=source,
        refines=tuple(raw.get("refines") or ()),
        alone=raw.get("alone", False),
        yields_to_exosomes=raw.get("yields_to_exosomes", False),
        requests=tuple(str(r) for r in raw.get("requests") or ()),
    )


def intent_files(intents_dir: Path) -> list[Path]:
    """Return the YAML files that hold intents, in a stable order."""
    return sorted(p for p in intents_dir.glob("*.yml") if p.name not in NOT_INTENT_FILES)


def build_intents(files: dict[str, Any]) -> dict[str, Intent]:
    """Build the intents of every file (already checked against the schema), in file order."""
    intents: dict[str, Intent] = {}
    for name, items in files.items():
        for raw in items:
            intent = _intent(raw, name)
            intents.setdefault(intent.id, intent)
    return intents
