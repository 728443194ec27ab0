"""Each conversation-content lint check passes on the shipped content and catches content broken on purpose."""

import shutil
from pathlib import Path

import pytest

from bot.content import load_engine
from bot.ops import lint_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the content folders to break."""
    shutil.copytree(ROOT / "intents", tmp_path / "intents")
    shutil.copytree(ROOT / "answers", tmp_path / "answers")
    return tmp_path


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("check", lint_content.CHECKS, ids=lambda c: c.__name__)
def test_every_check_passes_on_the_shipped_content(engine, check) -> None:
    assert check(engine) == []


def test_a_missing_or_long_short_answer_is_caught(content: Path) -> None:
    (content / "answers" / "short" / "price.j2").unlink()
    (content / "answers" / "short" / "worth_it.j2").write_text("Worth it? " * 60)
    (content / "answers" / "short" / "safety_overview.j2").write_text("Be careful.")
    problems = "\n".join(lint_content.short_answer_problems(load_engine(content)))
    assert "price: no short answer" in problems
    assert "worth_it: short answer is" in problems
    assert "safety_overview: short health answer lacks" in problems


def test_a_long_answer_without_a_one_sentence_lead_is_caught(content: Path) -> None:
    _edit(content / "answers" / "price.j2", "<b>Prices vary", "Prices vary")
    _edit(content / "answers" / "regulation.j2", "not a drug,", "not a drug. So it is different and")
    problems = "\n".join(lint_content.lead_problems(load_engine(content)))
    assert "price: a long answer must open" in problems
    assert "regulation: the opening answer must be one sentence" in problems


def test_an_out_of_scope_intent_offered_as_a_follow_up_is_caught(content: Path) -> None:
    _edit(content / "intents" / "products.yml", "related: [worth_it, characterization, alternatives]",
          "related: [worth_it, characterization, oos_shop_order]")
    (content / "answers" / "oos_chitchat.j2").write_text("I only talk about exosomes. " * 20)
    problems = "\n".join(lint_content.refusal_problems(load_engine(content)))
    assert "price: follow-up 'oos_shop_order' is out of scope" in problems
    assert "oos_chitchat: refusal is" in problems


def test_manners_naming_a_missing_intent_or_template_is_caught(content: Path) -> None:
    _edit(content / "intents" / "manners.yml", "normal_intent: skin_reaction", "normal_intent: no_such_intent")
    _edit(content / "intents" / "conversation.yml", "  alone: true\n", "")
    (content / "answers" / "system" / "repeat.j2").unlink()
    problems = "\n".join(lint_content.manner_problems(load_engine(content)))
    assert "normal_intent 'no_such_intent'" in problems
    assert "acknowledge: must be marked 'alone: true'" in problems
    assert "system/repeat.j2 is missing" in problems


def test_refining_an_intent_that_is_not_knowledge_is_caught(content: Path) -> None:
    _edit(content / "intents" / "safety.yml", "refines: [cancer_history, safety_overview]", "refines: [greeting]")
    problems = lint_content.refinement_problems(load_engine(content))
    assert problems == ["cancer_risk: refines 'greeting', which is not a knowledge intent"]
