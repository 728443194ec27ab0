"""Read the content folder (intents/, answers/) once into plain data for the pure engine."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.content.catalogue import build_intents, intent_files
from bot.content.schema import REQUEST_PART, RawContent, validate
from bot.engine.content import Content

#: libyaml's loader when PyYAML was built with it (about 10x faster, same safe types), else the pure-Python one.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

#: Files in intents/flows/ that hold the words flows are read by, not flows.
FLOW_WORDS, FLOW_GLOSSARY = "words.yml", "glossary.yml"
#: Messages only the intent classifier learns from (see bot/nlu/semantic.py).
TRAINING = "training.yml"
#: Parts shared by the refusals' request patterns, written out where a pattern names them ("{shops}").
REQUEST_WORDS = "request_words.yml"


def load_yaml(path: Path) -> Any:
    """Read one YAML file."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)


def load_templates(answers_dir: Path) -> dict[str, str]:
    """Read every Jinja2 template under answers/."""
    return {p.relative_to(answers_dir).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(answers_dir.rglob("*.j2"))}


class ContentError(ValueError):
    """The content folder is missing, unreadable or fails the schema; the message lists every problem."""


def _read_yaml(path: Path, problems: list[str]) -> Any:
    """Read one YAML file, noting a missing or malformed file instead of raising."""
    try:
        return load_yaml(path)
    except FileNotFoundError:
        problems.append(f"{path.name}: missing")
    except (OSError, yaml.YAMLError) as exc:
        problems.append(f"{path.name}: cannot be read: {exc}")
    return None


def read_raw(root: Path) -> tuple[RawContent, list[str]]:
    """Read every content file as it is on disk, with the files that could not be read."""
    intents_dir, unreadable = root / "intents", list[str]()
    labels, manners = intents_dir / "label_rules.yml", intents_dir / "manners.yml"
    training = intents_dir / TRAINING
    words, glossary = intents_dir / "flows" / FLOW_WORDS, intents_dir / "flows" / FLOW_GLOSSARY
    if not intents_dir.is_dir() or not (root / "answers").is_dir():
        raise ContentError(f"{root} holds no intents/ and answers/ folders")
    parts = _read_yaml(intents_dir / REQUEST_WORDS, unreadable) if (intents_dir / REQUEST_WORDS).exists() else {}
    raw = RawContent(
        intent_files=fill_requests({p.name: _read_yaml(p, unreadable) for p in intent_files(intents_dir)}, parts),
        vocabulary=_read_yaml(intents_dir / "vocabulary.yml", unreadable),
        risk_rules=_read_yaml(intents_dir / "risk_rules.yml", unreadable),
        risk_words=_read_yaml(intents_dir / "risk_words_multilingual.yml", unreadable),
        navigation=_read_yaml(intents_dir / "navigation.yml", unreadable),
        flows={p.name: _read_yaml(p, unreadable) for p in sorted((intents_dir / "flows").glob("*.yml"))
               if p.name not in (FLOW_WORDS, FLOW_GLOSSARY)},
        flow_words=_read_yaml(words, unreadable) if words.exists() else {},
        glossary=_read_yaml(glossary, unreadable) if glossary.exists() else [],
        templates=load_templates(root / "answers"),
        label_rules=_read_yaml(labels, unreadable) if labels.exists() else {},
        manners=_read_yaml(manners, unreadable) if manners.exists() else {},
        training=_read_yaml(training, unreadable) if training.exists() else {},
    )
    return raw, unreadable


def fill_requests(files: dict[str, Any], parts: Any) -> dict[str, Any]:
    """Write each "{name}" in a refusal's request patterns as the alternation of that list of request_words.yml.

    A name with no list stays as it is, and the schema reports it (bot/content/schema.py).
    """
    alternations = {str(name): "(?:" + "|".join(str(item) for item in items) + ")"
                    for name, items in (parts.items() if isinstance(parts, dict) else ()) if isinstance(items, list)}
    for items in files.values():
        for intent in items if isinstance(items, list) else ():
            if isinstance(intent, dict) and isinstance(intent.get("requests"), list):
                intent["requests"] = [REQUEST_PART.sub(lambda m: alternations.get(m.group(1), m.group(0)), str(p))
                                      for p in intent["requests"]]
    return files


def load_content(root: Path) -> Content:
    """Read a content folder, check it against the schema, and return it; any error raises ContentError."""
    raw, unreadable = read_raw(root)
    errors = unreadable + [str(p) for p in validate(raw) if p.error]
    if errors:
        raise ContentError(f"{len(errors)} problem(s) in {root}: " + "; ".join(errors[:10]))
    return Content(
        root=root,
        intents=build_intents(raw.intent_files),
        vocabulary=raw.vocabulary,
        risk_rules=raw.risk_rules,
        navigation=raw.navigation,
        flows=raw.flows,
        templates=raw.templates,
        label_rules=raw.label_rules or {},
        manners=raw.manners or {},
        risk_words=raw.risk_words or {},
        flow_words=raw.flow_words or {},
        glossary=raw.glossary or [],
        training={intent: [str(text) for text in texts] for intent, texts in (raw.training or {}).items()},
    )

