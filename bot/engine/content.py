"""What the engine is built from: the content folder, already read into plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.nlu.intent import Intent


@dataclass(frozen=True)
class Content:
    """Everything the engine knows, read from disk: the engine itself never opens a file."""

    root: Path
    intents: dict[str, Intent]
    vocabulary: dict[str, Any]
    risk_rules: dict[str, Any]
    navigation: dict[str, Any]
    #: Raw flow definitions by file name (intents/flows/*.yml).
    flows: dict[str, dict[str, Any]]
    #: Template sources by path under answers/ ("referrals/urgent.j2").
    templates: dict[str, str] = field(default_factory=dict)
    #: Label-reading rules (intents/label_rules.yml), checked by the loader; empty when the folder has none.
    label_rules: dict[str, Any] = field(default_factory=dict)
    #: How the engine behaves between answers (intents/manners.yml).
    manners: dict[str, Any] = field(default_factory=dict)
    #: Risk words in other languages (intents/risk_words_multilingual.yml).
    risk_words: dict[str, Any] = field(default_factory=dict)
    #: The words typed flow answers are read by (intents/flows/words.yml).
    flow_words: dict[str, Any] = field(default_factory=dict)
    #: One-line explanations of the words in the flow questions (intents/flows/glossary.yml).
    glossary: list[dict[str, Any]] = field(default_factory=list)
    #: Messages people wrote, by intent, that only the intent classifier learns from (intents/training.yml).
    training: dict[str, list[str]] = field(default_factory=dict)
