"""The content catalogue: intents read from intents/*.yml."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.nlu.intent import Intent

#: YAML files in intents/ that hold settings for other parts rather than intents.
NOT_INTENT_FILES = frozenset({"vocabulary.yml", "risk_rules.yml", "risk_words_multilingual.yml", "navigation.yml"})


class CatalogueError(ValueError):
    """The content files are malformed."""


def _intent(raw: dict[str, Any], source: str) -> Intent:
    """Build one intent from its YAML mapping."""
    try:
        return Intent(
            id=str(raw["id"]),
            title=str(raw.get("title") or raw["id"].replace("_", " ").capitalize()),
            examples=tuple(str(e) for e in raw.get("examples") or ()),
            keywords=tuple(str(k) for k in raw.get("keywords") or ()),
            related=tuple(str(r) for r in raw.get("related") or ()),
            health=bool(raw.get("health", False)),
            kind=str(raw.get("kind", "knowledge")),
            flow=str(raw["flow"]) if raw.get("flow") else None,
            source=source,
        )
    except (KeyError, TypeError, AttributeError) as exc:
        raise CatalogueError(f"{source}: malformed intent {raw!r}: {exc}") from exc


def intent_files(intents_dir: Path) -> list[Path]:
    """Return the YAML files that hold intents, in a stable order."""
    return sorted(p for p in intents_dir.glob("*.yml") if p.name not in NOT_INTENT_FILES)


def load_intents(intents_dir: Path) -> dict[str, Intent]:
    """Read every intent file; a duplicate id is an error."""
    intents: dict[str, Intent] = {}
    for path in intent_files(intents_dir):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list):
            raise CatalogueError(f"{path.name}: expected a list of intents")
        for raw in data:
            intent = _intent(raw, path.name)
            if intent.id in intents:
                raise CatalogueError(f"{path.name}: intent {intent.id!r} is defined twice")
            intents[intent.id] = intent
    return intents


def load_yaml(path: Path) -> Any:
    """Read one YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))
