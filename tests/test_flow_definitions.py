"""Every flow definition is sound: each step reachable and answerable, every template renders."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from bot.content import load_content
from bot.engine.events import FlowFinished
from bot.engine.flows import FlowRunner
from bot.engine.flows.definition import END, GIVEN, SKIP
from bot.engine.flows.lexicon import tokens_of
from bot.engine.flows.validate import reachable, step_values, validate_flows, walks
from bot.engine.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
BANNED = ("safe for you", "diagnose", "treats", "cures")
ALLOWED_TAGS = {"b", "i"}
TELEGRAM_LIMIT = 4096


def make_runner(root: Path) -> FlowRunner:
    """Load the runner with the engine's renderer (autoescape, strict undefined, trimmed blocks)."""
    content = load_content(root)
    return FlowRunner.load(content.flows, Renderer(content.templates).render, content.flow_words,
                           content.glossary)


RUNNER = make_runner(ROOT)
FLOWS = list(RUNNER.flows.values())
STEPS = [(flow, step) for flow in FLOWS for step in flow.steps]
WALKS = [(flow, walk) for flow in FLOWS for walk in walks(flow)]


def assert_telegram_html(text: str) -> None:
    """Check a reply: short enough, only <b>/<i> tags and balanced, no forbidden words."""
    assert len(text) < TELEGRAM_LIMIT
    tags = re.findall(r"<(/?)([a-zA-Z]+)[^>]*>", text)
    assert {name for _, name in tags} <= ALLOWED_TAGS, tags
    for name in ALLOWED_TAGS:
        assert text.count(f"<{name}>") == text.count(f"</{name}>")
    assert not re.search(r"&(?!(amp|lt|gt|quot|#\d+);)", text), "unescaped ampersand"
    assert not any(word in text.lower() for word in BANNED)


def drive(flow_id: str, walk: list[tuple[str, str]]):
    """Answer a flow step by step through the runner; return every outcome."""
    outcomes = [RUNNER.start(flow_id, 0.0)]
    for step_id, value in walk:
        assert outcomes[-1].fstate["step"] == step_id
        answer = "Test & <Product>" if value == GIVEN else value
        outcomes.append(RUNNER.on_answer(outcomes[-1].fstate, answer, 1.0))
    return outcomes


def test_both_flows_are_loaded():
    assert RUNNER.flow_ids == ("checklist", "screening")


def test_runner_reports_no_problems():
    assert validate_flows(RUNNER) == []


def test_step_ids_are_unique_across_flows():
    ids = [step.id for _, step in STEPS]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("flow, expected", [("checklist", 8), ("screening", 7)])
def test_numbered_questions_run_from_one_to_total(flow, expected):
    numbers = sorted({s.number for s in RUNNER.flows[flow].steps if s.number})
    assert numbers == list(range(1, expected + 1)) and RUNNER.flows[flow].total == expected


def test_checklist_has_the_guides_eight_criteria():
    criteria = [s.criterion for s in RUNNER.flows["checklist"].steps if s.criterion]
    assert criteria == ["Source disclosure", "Manufacturing transparency", "Characterization data",
                        "Third-party testing", "Stability and shelf life", "Clinical evidence",
                        "Usage guidance and warnings", "Price relative to transparency"]


@pytest.mark.parametrize("flow, step", STEPS, ids=[f"{f.id}:{s.id}" for f, s in STEPS])
def test_step_is_reachable_and_every_answer_leads_somewhere(flow, step):
    assert step.id in reachable(flow)
    ids = {s.id for s in flow.steps}
    for value in step_values(step):
        target = flow.next_step(step, value)
        assert target == END or target in ids
    assert step.question and step.why and step.hint


@pytest.mark.parametrize("flow, step", STEPS, ids=[f"{f.id}:{s.id}" for f, s in STEPS])
def test_step_reaches_the_end(flow, step):
    seen, todo = set(), [step.id]
    while todo:
        current = todo.pop()
        if current == END:
            return
        if current not in seen:
            seen.add(current)
            todo.extend(flow.next_step(flow.step(current), v) for v in step_values(flow.step(current)))
    pytest.fail(f"{step.id} never reaches the end")


@pytest.mark.parametrize("flow, step", STEPS, ids=[f"{f.id}:{s.id}" for f, s in STEPS])
def test_step_is_answerable_by_button_and_by_typing(flow, step):
    first = flow.steps[0]
    fstate = {"flow": flow.id, "step": step.id, "path": [[first.id, step_values(first)[0]]], "unclear": 0,
              "started": 0.0, "updated": 0.0}  # one answer given, so Back is offered
    question = RUNNER.resume(fstate, 0.0).replies[0]
    assert_telegram_html(question.text)
    if step.number:
        assert f"Question {step.number} of {flow.total}" in question.text
    data = [b.data for b in question.buttons]
    assert data[-2:] == [f"f:{step.id}:back", f"f:{step.id}:cancel"]
    for value in step_values(step):
        if value != GIVEN:
            assert f"f:{step.id}:{value}" in data
            assert RUNNER.on_button(fstate, f"f:{step.id}:{value}", 1.0) is not None
    owner: dict[str, str] = {}
    for option in step.options:
        for word in (*option.words, option.label):
            assert owner.setdefault(" ".join(tokens_of(word)), option.value) == option.value, word
            assert RUNNER.parse_answer(fstate, word) == option.value, word
    if step.optional:
        assert RUNNER.parse_answer(fstate, "skip") == SKIP


@pytest.mark.parametrize("flow, walk", WALKS, ids=[f"{f.id}-{i}" for i, (f, _) in enumerate(WALKS)])
def test_every_answer_of_every_step_finishes_and_renders(flow, walk):
    outcomes = drive(flow.id, walk)
    for outcome in outcomes[:-1]:
        assert outcome.fstate is not None and outcome.result is None
        for reply in outcome.replies:
            assert_telegram_html(reply.text)
    final = outcomes[-1]
    assert final.fstate["done"] and isinstance(final.result, FlowFinished) and final.result.flow == flow.id
    assert_telegram_html(final.replies[0].text)
    assert "Product" not in str(final.result)
    assert final.replies[0].buttons


@pytest.mark.parametrize("name", ["buttons_only.j2", "continue.j2", "cancelled.j2"])
@pytest.mark.parametrize("flow", FLOWS, ids=[f.id for f in FLOWS])
def test_small_templates_render(flow, name):
    text = RUNNER.render(f"flows/{name}", {"title": flow.title, "progress": "3 of 8", "card": False})
    assert flow.title.lower() in text
    assert_telegram_html(text)


def test_flow_text_avoids_forbidden_words():
    for path in (ROOT / "intents" / "flows").glob("*.yml"):
        assert not any(word in path.read_text(encoding="utf-8").lower() for word in BANNED), path
    for path in (ROOT / "answers" / "flows").glob("*.j2"):
        assert not any(word in path.read_text(encoding="utf-8").lower() for word in BANNED), path


@pytest.fixture
def broken_root(tmp_path: Path) -> Path:
    """A copy of the content with a flow whose step leads nowhere and another that is never reached."""
    shutil.copytree(ROOT / "answers", tmp_path / "answers")
    shutil.copytree(ROOT / "intents", tmp_path / "intents")
    raw = yaml.safe_load((ROOT / "intents" / "flows" / "screening.yml").read_text(encoding="utf-8"))
    raw["steps"][4]["next_by_value"] = {"yes": "nowhere", "unsure": "actives", "no": "actives"}
    raw["steps"][0]["options"] = [{"value": "yes", "label": "Yes", "words": ["yes", "sure"]},
                                  {"value": "no", "label": "No", "words": ["no", "sure"]}]
    (tmp_path / "intents" / "flows" / "screening.yml").write_text(yaml.safe_dump(raw), encoding="utf-8")
    return tmp_path


def test_problems_reports_broken_definitions(broken_root: Path):
    problems = validate_flows(make_runner(broken_root))
    assert any("leads to unknown step 'nowhere'" in p for p in problems)
    assert any("procedure_type: unreachable" in p for p in problems)
    assert any("'sure' means both 'yes' and 'no'" in p for p in problems)
