"""Read the content folder (intents/, answers/) once into plain data for the pure engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.catalogue import load_intents
from bot.engine.content import Content

#: Files in intents/flows/ that hold the words flows are read by, not flows.
FLOW_WORDS, FLOW_GLOSSARY = "words.yml", "glossary.yml"


def load_yaml(path: Path) -> Any:
    """Read one YAML file."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_templates(answers_dir: Path) -> dict[str, str]:
    """Read every Jinja2 template under answers/."""
    return {p.relative_to(answers_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(answers_dir.rglob("*.j2"))}


def load_content(root: Path) -> Content:
    """Read a content folder (the project's, an installed copy, or EXOBOT_CONTENT_DIR)."""
    intents_dir = root / "intents"
    return Content(
        root=root,
        intents=load_intents(intents_dir),
        vocabulary=load_yaml(intents_dir / "vocabulary.yml") or {},
        risk_rules=load_yaml(intents_dir / "risk_rules.yml") or {},
        navigation=load_yaml(intents_dir / "navigation.yml") or {},
        flows={p.name: load_yaml(p) for p in sorted((intents_dir / "flows").glob("*.yml"))
               if p.name not in (FLOW_WORDS, FLOW_GLOSSARY)},
        templates=load_templates(root / "answers"),
        flow_words=_optional(intents_dir / "flows" / FLOW_WORDS) or {},
        glossary=_optional(intents_dir / "flows" / FLOW_GLOSSARY) or [],
    )


def _optional(path: Path) -> Any:
    """Read a YAML file that may be missing (an older content folder)."""
    return load_yaml(path) if path.is_file() else None
