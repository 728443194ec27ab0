"""The content schema: each check catches the breakage it exists for, and the loader refuses it."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from bot.content import load_content
from bot.content.loader import ContentError, read_raw
from bot.content.schema import CHECKS, RawContent, validate
from bot.ops.lint import lint

ROOT = Path(__file__).resolve().parent.parent
RAW, _ = read_raw(ROOT)


def first_intent(raw: RawContent) -> dict:
    """Return the first intent of the first intent file."""
    return next(iter(raw.intent_files.values()))[0]


def set_field(key: str, value: object) -> Callable[[RawContent], None]:
    """Return a breakage that sets one field of the first intent."""
    return lambda raw: first_intent(raw).__setitem__(key, value)


def duplicate_first_intent(raw: RawContent) -> None:
    """Define the first intent twice."""
    items = next(iter(raw.intent_files.values()))
    items.append(copy.deepcopy(items[0]))


def synonym_twice(raw: RawContent) -> None:
    """List 'pricey' under a second canonical word."""
    raw.vocabulary["synonyms"]["legit"].append("pricey")


def renamed_flow(raw: RawContent) -> None:
    """Rename the screening flow, so /screen points at a flow that does not exist."""
    next(f for f in raw.flows.values() if f["id"] == "screening")["id"] = "screenin"


def broken_request(raw: RawContent) -> None:
    """Give a refusal a request pattern that is not a valid regular expression."""
    refusal = next(i for items in raw.intent_files.values() for i in items if i.get("kind") == "out_of_scope")
    refusal["requests"] = ["where (can i"]


def unknown_request_part(raw: RawContent) -> None:
    """Give a refusal a request pattern naming a shared part that intents/request_words.yml does not list."""
    refusal = next(i for items in raw.intent_files.values() for i in items if i.get("kind") == "out_of_scope")
    refusal["requests"] = [r"{no_such_part}.*\bsale\b"]


#: (breakage, the check that must catch it, words of the message)
BREAKAGES = [
    (lambda raw: raw.intent_files.__setitem__("x.yml", {"id": "x"}), "check_intent_files", "list of intents"),
    (set_field("health", "false"), "check_intent_fields", "health must be true or false"),
    (set_field("colour", "red"), "check_intent_fields", "unknown field 'colour'"),
    (set_field("yields_to_exosomes", "yes"), "check_intent_fields", "yields_to_exosomes must be true or false"),
    (set_field("kind", "chatter"), "check_intent_fields", "kind must be one of"),
    (set_field("requests", [r"\bnear me\b"]), "check_intent_fields", "requests are only for kind out_of_scope"),
    (broken_request, "check_intent_fields", "is not a valid pattern"),
    (unknown_request_part, "check_intent_fields", "which intents/request_words.yml does not list"),
    (set_field("examples", "what is this"), "check_intent_fields", "examples must be a list"),
    (duplicate_first_intent, "check_intent_ids_unique", "also defined"),
    (set_field("examples", ["one", "two"]), "check_examples_minimum", "2 examples"),
    (set_field("related", ["no_such_intent"]), "check_references", "'no_such_intent' is not an intent"),
    (lambda raw: raw.vocabulary.__setitem__("stopwords", "the"), "check_vocabulary", "stopwords must be a list"),
    (synonym_twice, "check_synonym_conflicts", "synonym of both"),
    (renamed_flow, "check_command_flows", "'screening', which is not a flow"),
    (lambda raw: raw.navigation["menu"].append({"label": "X", "data": "go:nope"}), "check_navigation", "unknown"),
    (lambda raw: raw.navigation["menu"].append({"label": "X", "data": "i:nope"}), "check_navigation", "unknown"),
    (lambda raw: raw.navigation["flag_topics"].__setitem__("pregnacy", "price"), "check_navigation",
     "not a risk flag"),
    (lambda raw: raw.risk_rules["flags"].pop("urgent"), "check_risk_rules", "no rules for flag 'urgent'"),
    (lambda raw: next(iter(raw.flows.values())).pop("steps"), "check_flow_files", "steps must be"),
    (lambda raw: raw.templates.pop("referrals/urgent.j2"), "check_templates", "referrals/urgent.j2"),
    (lambda raw: raw.label_rules.pop("price"), "check_label_rules", "price"),
    (lambda raw: raw.__setattr__("training", {"no_such_intent": ["hi"]}), "check_training", "is not an intent"),
    (lambda raw: raw.__setattr__("training", {"price": ["", 3]}), "check_training", "non-empty messages"),
    (lambda raw: raw.__setattr__("training", ["why so expensive"]), "check_training", "must map intent ids"),
]


def test_the_shipped_content_passes_every_check() -> None:
    assert validate(RAW) == []


def test_every_check_has_a_breakage_test() -> None:
    assert {check.__name__ for check in CHECKS} == {name for _, name, _ in BREAKAGES}


@pytest.mark.parametrize(("breakage", "check_name", "words"), BREAKAGES, ids=[b[1] + ":" + b[2] for b in BREAKAGES])
def test_a_breakage_is_caught_by_its_check(breakage, check_name: str, words: str) -> None:
    raw = copy.deepcopy(RAW)
    breakage(raw)
    check = next(c for c in CHECKS if c.__name__ == check_name)
    assert any(words in str(problem) for problem in check(raw)), [str(p) for p in check(raw)]


@pytest.fixture
def broken_copy(tmp_path: Path) -> Path:
    """A copy of the content whose menu's screening button points at a misspelt flow."""
    shutil.copytree(ROOT / "intents", tmp_path / "intents")
    shutil.copytree(ROOT / "answers", tmp_path / "answers")
    nav = tmp_path / "intents" / "navigation.yml"
    data = yaml.safe_load(nav.read_text(encoding="utf-8"))
    data["menu"][-1]["data"] = "go:screenin"
    nav.write_text(yaml.safe_dump(data), encoding="utf-8")
    return tmp_path


def test_the_loader_refuses_broken_content(broken_copy: Path) -> None:
    with pytest.raises(ContentError, match="screenin"):
        load_content(broken_copy)


def test_lint_reports_the_same_breakage(broken_copy: Path) -> None:
    assert any("screenin" in e for e in lint(broken_copy, None, None, self_check_too=False).errors)


def test_lint_says_when_the_guide_check_cannot_run(tmp_path: Path) -> None:
    report = lint(ROOT, None, tmp_path / "no-guide.txt", self_check_too=False)
    assert any("did not run" in w for w in report.warnings)
