"""The content schema: every check the loader and `exobot lint` run on the raw content.

Each check is one function taking the raw content and returning problems; :data:`CHECKS`
lists them in order. Types are checked, never coerced: ``health: "false"`` is an error,
not a true. The loader refuses content with any error; lint prints errors and warnings.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bot.engine.commands import COMMANDS
from bot.nlu.label_rules import LabelRules, LabelRulesError
from bot.nlu.risk import (  # the one list of risk flags: rules, navigation and referrals must cover it
    FLAGS,
    RiskDetector,
)

#: Fewest examples an intent may have.
MIN_EXAMPLES = 12
INTENT_KINDS = ("knowledge", "conversation", "out_of_scope")
#: A shared part named in a refusal's request pattern ("{shops}"): written out by the loader from
#: intents/request_words.yml, so one left in a pattern is a name that file does not list.
REQUEST_PART = re.compile(r"\{([a-z_]+)\}")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the content: where, what, and whether it blocks loading."""

    where: str
    message: str
    error: bool = True

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class RawContent:
    """The content as read from disk, before anything is built from it."""

    intent_files: dict[str, Any] = field(default_factory=dict)
    vocabulary: Any = None
    risk_rules: Any = None
    navigation: Any = None
    flows: dict[str, Any] = field(default_factory=dict)
    templates: dict[str, str] = field(default_factory=dict)
    label_rules: Any = None
    flow_words: Any = None
    glossary: Any = None
    risk_words: Any = None
    manners: Any = None
    training: Any = None

    def intents(self) -> list[tuple[str, dict[str, Any]]]:
        """Return (file name, raw intent) pairs for every intent that is a mapping."""
        return [(name, raw) for name, items in self.intent_files.items() if isinstance(items, list)
                for raw in items if isinstance(raw, dict)]

    def intent_ids(self) -> set[str]:
        """Return the ids of every intent that has a string id."""
        return {raw["id"] for _, raw in self.intents() if isinstance(raw.get("id"), str)}

    def flow_ids(self) -> set[str]:
        """Return the ids of every flow definition."""
        return {raw["id"] for raw in self.flows.values() if isinstance(raw, dict) and isinstance(raw.get("id"), str)}


# -- Field types ------------------------------------------------------------------


def _type_problem(value: Any, kind: str) -> str | None:
    """Describe how a value fails a field type ("str", "bool", "str list"), or None."""
    if kind == "str":
        return None if isinstance(value, str) and value.strip() else "must be non-empty text"
    if kind == "bool":
        return None if isinstance(value, bool) else f"must be true or false, not {value!r}"
    if kind == "str list":
        if not isinstance(value, list):
            return f"must be a list, not {type(value).__name__}"
        bad = [v for v in value if not isinstance(v, str | int | float) or isinstance(v, bool) or not str(v).strip()]
        return f"has items that are not text: {bad[:3]!r}" if bad else None
    raise ValueError(kind)


#: Intent fields: name -> (type, required).
INTENT_FIELDS: dict[str, tuple[str, bool]] = {
    "id": ("str", True), "title": ("str", False), "health": ("bool", False), "related": ("str list", False),
    "keywords": ("str list", False), "examples": ("str list", True), "kind": ("str", False), "flow": ("str", False),
    "refines": ("str list", False), "alone": ("bool", False), "yields_to_exosomes": ("bool", False),
    "requests": ("str list", False),
}
VOCABULARY_FIELDS: dict[str, str] = {
    "stopwords": "str list", "domain": "str list", "generic": "str list", "generic_intent": "str",
    "chat": "str list", "not_skincare": "str list", "other_products": "str list", "anchors": "str list",
}


# -- Checks: one rule each ----------------------------------------------------------


def check_intent_files(raw: RawContent) -> list[Problem]:
    """Every intent file is a list of mappings."""
    problems = []
    for name, items in raw.intent_files.items():
        if not isinstance(items, list):
            problems.append(Problem(f"intents/{name}", "must be a list of intents"))
        else:
            problems += [Problem(f"intents/{name}", f"item {i} is not a mapping") for i, item in enumerate(items)
                         if not isinstance(item, dict)]
    return problems


def check_intent_fields(raw: RawContent) -> list[Problem]:
    """Every intent has the required fields, each of the right type, and no unknown field."""
    problems = []
    for name, intent in raw.intents():
        where = f"intents/{name}: {intent.get('id', '?')}"
        for key in sorted(set(intent) - set(INTENT_FIELDS)):
            problems.append(Problem(where, f"unknown field {key!r}"))
        for key, (kind, required) in INTENT_FIELDS.items():
            if key not in intent:
                if required:
                    problems.append(Problem(where, f"missing {key!r}"))
                continue
            if (why := _type_problem(intent[key], kind)) is not None:
                problems.append(Problem(where, f"{key} {why}"))
        if isinstance(intent.get("kind"), str) and intent["kind"] not in INTENT_KINDS:
            problems.append(Problem(where, f"kind must be one of {', '.join(INTENT_KINDS)}"))
        problems += _request_problems(where, intent)
    return problems


def _request_problems(where: str, intent: dict[str, Any]) -> list[Problem]:
    """Request patterns belong to refusals only, and each must be a valid regular expression."""
    requests = intent.get("requests")
    if not isinstance(requests, list):
        return []
    if intent.get("kind") != "out_of_scope":
        return [Problem(where, "requests are only for kind out_of_scope")]
    problems = []
    for pattern in requests:
        if (part := REQUEST_PART.search(str(pattern))) is not None:
            problems.append(Problem(where, f"request {pattern!r} names {part.group()}, which intents/request_words.yml"
                                           " does not list"))
            continue
        try:
            re.compile(str(pattern))
        except re.error as exc:
            problems.append(Problem(where, f"request {pattern!r} is not a valid pattern: {exc}"))
    return problems


def check_intent_ids_unique(raw: RawContent) -> list[Problem]:
    """No intent id is defined twice."""
    seen: dict[str, str] = {}
    problems = []
    for name, intent in raw.intents():
        ident = intent.get("id")
        if isinstance(ident, str):
            if ident in seen:
                problems.append(Problem(f"intents/{name}", f"intent {ident!r} is also defined in {seen[ident]}"))
            seen.setdefault(ident, name)
    return problems


def check_examples_minimum(raw: RawContent) -> list[Problem]:
    """Every intent has at least MIN_EXAMPLES examples (a list, not a string split into letters)."""
    return [Problem(f"intents/{name}: {intent.get('id')}",
                    f"{len(intent['examples'])} examples (min {MIN_EXAMPLES})")
            for name, intent in raw.intents()
            if isinstance(intent.get("examples"), list) and len(intent["examples"]) < MIN_EXAMPLES]


def check_references(raw: RawContent) -> list[Problem]:
    """Follow-ups name intents and flows name flows."""
    ids, flows = raw.intent_ids(), raw.flow_ids()
    problems = []
    for name, intent in raw.intents():
        where = f"intents/{name}: {intent.get('id')}"
        related: list[Any] = intent["related"] if isinstance(intent.get("related"), list) else []
        problems += [Problem(where, f"follow-up {r!r} is not an intent") for r in related if r not in ids]
        if isinstance(intent.get("flow"), str) and intent["flow"] not in flows:
            problems.append(Problem(where, f"flow {intent['flow']!r} does not exist"))
    return problems


def check_vocabulary(raw: RawContent) -> list[Problem]:
    """The vocabulary's lists are lists of text and its synonyms a mapping of lists."""
    vocabulary = raw.vocabulary
    if not isinstance(vocabulary, dict):
        return [Problem("intents/vocabulary.yml", "must be a mapping")]
    problems = [Problem("intents/vocabulary.yml", f"unknown key {key!r}")
                for key in sorted(set(vocabulary) - set(VOCABULARY_FIELDS) - {"synonyms"})]
    for key, kind in VOCABULARY_FIELDS.items():
        if key in vocabulary and (why := _type_problem(vocabulary[key], kind)) is not None:
            problems.append(Problem("intents/vocabulary.yml", f"{key} {why}"))
    synonyms = vocabulary.get("synonyms", {})
    if not isinstance(synonyms, dict):
        return problems + [Problem("intents/vocabulary.yml", "synonyms must be a mapping")]
    for canonical, variants in synonyms.items():
        if (why := _type_problem(variants, "str list")) is not None:
            problems.append(Problem("intents/vocabulary.yml", f"synonyms.{canonical} {why}"))
    return problems


def check_synonym_conflicts(raw: RawContent) -> list[Problem]:
    """No word or phrase is listed under two different canonical words."""
    synonyms = raw.vocabulary.get("synonyms") if isinstance(raw.vocabulary, dict) else None
    if not isinstance(synonyms, dict):
        return []
    owner: dict[str, str] = {}
    problems = []
    for canonical, variants in synonyms.items():
        for variant in [canonical, *(variants if isinstance(variants, list) else [])]:
            key = " ".join(str(variant).lower().split())
            if key in owner and owner[key] != canonical:
                problems.append(Problem("intents/vocabulary.yml",
                                        f"{variant!r} is a synonym of both {owner[key]!r} and {canonical!r}"))
            owner.setdefault(key, str(canonical))
    return problems


def check_navigation(raw: RawContent) -> list[Problem]:
    """Menu buttons, flag topics and commands point at intents, flags and flows that exist."""
    nav = raw.navigation
    if not isinstance(nav, dict):
        return [Problem("intents/navigation.yml", "must be a mapping")]
    ids, flows, where = raw.intent_ids(), raw.flow_ids(), "intents/navigation.yml"
    known = {"menu", "flag_topics", "product_name", "risk_refusals"}
    problems = [Problem(where, f"unknown key {key!r}") for key in sorted(set(nav) - known)]
    for button in nav.get("menu") or []:
        data = button.get("data", "") if isinstance(button, dict) else ""
        kind, _, target = str(data).partition(":")
        if not (isinstance(button, dict) and isinstance(button.get("label"), str)):
            problems.append(Problem(where, f"menu button {button!r} needs a label and data"))
        elif not ((kind == "i" and target in ids) or (kind == "go" and target in flows)):
            problems.append(Problem(where, f"menu button {button['label']!r} points at unknown {data!r}"))
    for topic in nav.get("product_name") or []:
        if topic not in ids:
            problems.append(Problem(where, f"product_name: {topic!r} is not an intent"))
    for topic in nav.get("risk_refusals") or []:
        if topic not in ids:
            problems.append(Problem(where, f"risk_refusals: {topic!r} is not an intent"))
    for flag, topic in (nav.get("flag_topics") or {}).items():
        if flag not in FLAGS:
            problems.append(Problem(where, f"flag_topics: {flag!r} is not a risk flag"))
        if topic not in ids:
            problems.append(Problem(where, f"flag_topics: {flag} -> {topic!r} is not an intent"))
    return problems


def check_command_flows(raw: RawContent) -> list[Problem]:
    """Every flow a /command starts is defined under intents/flows."""
    flows = raw.flow_ids()
    return [Problem("bot/engine/commands.py", f"/{c.name} starts {c.flow!r}, which is not a flow")
            for c in COMMANDS if c.flow and c.flow not in flows]


def check_risk_rules(raw: RawContent) -> list[Problem]:
    """The risk rules are a mapping whose flags are exactly the known risk flags."""
    rules = raw.risk_rules
    if not isinstance(rules, dict) or not isinstance(rules.get("flags"), dict):
        return [Problem("intents/risk_rules.yml", "must be a mapping with a 'flags' mapping")]
    flags = set(rules["flags"])
    problems = [Problem("intents/risk_rules.yml", f"unknown flag {f!r}") for f in sorted(flags - set(FLAGS))]
    problems += [Problem("intents/risk_rules.yml", f"no rules for flag {f!r}") for f in FLAGS if f not in flags]
    if problems:
        return problems
    try:  # the detector checks its own keys and compiles every pattern
        RiskDetector(rules, raw.risk_words if isinstance(raw.risk_words, dict) else None)
    except (ValueError, TypeError, KeyError) as exc:
        return [Problem("intents/risk_rules.yml", f"does not compile: {exc}")]
    return []


def check_flow_files(raw: RawContent) -> list[Problem]:
    """Every flow file is a mapping with an id, a title, a result template and a list of steps."""
    problems = []
    for name, flow in raw.flows.items():
        where = f"intents/flows/{name}"
        if not isinstance(flow, dict):
            problems.append(Problem(where, "must be a mapping"))
            continue
        for key in ("id", "title", "result_template"):
            if (why := _type_problem(flow.get(key), "str")) is not None:
                problems.append(Problem(where, f"{key} {why}"))
        if not isinstance(flow.get("steps"), list) or not flow["steps"]:
            problems.append(Problem(where, "steps must be a non-empty list"))
    return problems


def check_templates(raw: RawContent) -> list[Problem]:
    """Every intent, risk flag and flow result has its template."""
    needed = {f"{raw_intent['id']}.j2": f"intent {raw_intent['id']}" for _, raw_intent in raw.intents()
              if isinstance(raw_intent.get("id"), str)}
    needed.update({f"referrals/{flag}.j2": f"risk flag {flag}" for flag in FLAGS})
    needed.update({str(flow["result_template"]): f"flow {flow.get('id')}" for flow in raw.flows.values()
                   if isinstance(flow, dict) and isinstance(flow.get("result_template"), str)})
    return [Problem(f"answers/{name}", f"missing (needed by {owner})")
            for name, owner in sorted(needed.items()) if name not in raw.templates]


def check_label_rules(raw: RawContent) -> list[Problem]:
    """The label-reading rules compile: known criteria and claims, valid patterns, no banned words."""
    if not raw.label_rules:
        return []
    try:
        LabelRules.from_mapping(raw.label_rules)
    except LabelRulesError as exc:
        return [Problem("intents/label_rules.yml", str(exc))]
    return []


def check_training(raw: RawContent) -> list[Problem]:
    """The classifier's training messages: a mapping of known intent ids to lists of non-empty texts."""
    where = "intents/training.yml"
    if not raw.training:
        return []
    if not isinstance(raw.training, dict):
        return [Problem(where, "must map intent ids to lists of messages")]
    known, problems = raw.intent_ids(), []
    for intent, texts in raw.training.items():
        if intent not in known:
            problems.append(Problem(where, f"{intent!r} is not an intent"))
        elif not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            problems.append(Problem(where, f"{intent}: must be a list of non-empty messages"))
    return problems


#: Every check, in the order they run.
CHECKS: tuple[Callable[[RawContent], list[Problem]], ...] = (
    check_intent_files, check_intent_fields, check_intent_ids_unique, check_examples_minimum, check_references,
    check_vocabulary, check_synonym_conflicts, check_navigation, check_command_flows, check_risk_rules,
    check_flow_files, check_templates, check_label_rules, check_training,
)


def validate(raw: RawContent) -> list[Problem]:
    """Run every check and return every problem found."""
    return [problem for check in CHECKS for problem in check(raw)]
