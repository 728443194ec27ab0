"""The operator's report over a real SQLite file: grouping, counts, tables and the /stats summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST, Turn
from bot.engine.events import Asked, Feedback, FlowFinished, FlowStarted
from bot.ops.report import (
    build_report,
    format_report,
    group_questions,
    normalise,
    similarity,
    summary_text,
)
from bot.store import DAY, Store

NOW = 1_800_000_000.0


@pytest.fixture
def store(tmp_path: Path):
    """Open a store on a real file and close it afterwards."""
    store = Store.open(tmp_path / "exobot.db", key=b"report-secret")
    yield store
    store.close()


def ask(store: Store, text: str | None, outcome: str | None = FALLBACK, *, user: int = 1, intent=None,
        risks=(), state=None, events=(), when: float = NOW) -> None:
    """Record one turn from a user, as the Telegram adapter does."""
    kept = text if outcome in (SUGGEST, FALLBACK) and not risks else None  # what the engine lets the store keep
    asked = [Asked(outcome, intent=intent, score=0.4, flags=tuple(risks), text=kept)] if outcome else []
    started = [FlowStarted(state["flow"])] if state and state.get("flow") else []
    turn = Turn(replies=[], state=state or {}, events=asked + started + list(events))
    store.record_turn(user_id=user, chat_id=user, turn=turn, now=when)


def vote(store: Store, intent: str, value: int, user: int = 1) -> None:
    """Record a 👍 (1) or 👎 (-1) press under an answer."""
    ask(store, None, None, user=user, events=[Feedback(intent, value)])


# -- Grouping ----------------------------------------------------------------


@pytest.mark.parametrize(("a", "b"), [
    ("How much do exosomes cost?", "how much do exosomes cost"),
    ("How much does exosome cost??", "how much do exosomes cost"),
    ("What is PLATED exosomes", "what are plated exosomes?"),
    ("do exosomes help with hair loss", "hair loss: do exosomes help with it?"),
])
def test_near_identical_questions_are_similar(a: str, b: str):
    assert similarity(normalise(a), normalise(b)) >= 85


@pytest.mark.parametrize(("a", "b"), [
    ("price", "what is the price of plated exosomes"),
    ("how much do exosomes cost", "are exosomes safe in pregnancy"),
    ("what is plated", "what is lyophilised"),
])
def test_different_questions_are_not_similar(a: str, b: str):
    assert similarity(normalise(a), normalise(b)) < 85


def test_normalise_drops_case_punctuation_and_spaces():
    assert normalise("  How MUCH   does it cost?!  ") == "how much does it cost"


def test_group_questions_uses_the_most_common_wording():
    rows = [{"text": t, "outcome": FALLBACK} for t in
            ["how much is it?", "How much is it", "how much is it?", "what is plated", "How much is it!!"]]
    groups = group_questions(rows)
    assert [(g["text"], g["count"]) for g in groups] == [("how much is it?", 4), ("what is plated", 1)]
    assert set(groups[0]["variants"]) == {"How much is it", "How much is it!!"}


# -- Building ----------------------------------------------------------------


def test_report_groups_near_identical_questions_most_frequent_first(store: Store):
    for user, text in enumerate(["How much do exosomes cost?", "how much do exosomes cost",
                                 "How much does exosome cost??", "how much do exosomes cost"]):
        ask(store, text, FALLBACK if user % 2 else SUGGEST, user=user, intent="price")
    ask(store, "do exosomes help with hair loss", user=9)
    ask(store, "Hair loss: do exosomes help with it?", user=10)
    ask(store, "what is plated", user=11)

    questions = build_report(store, now=NOW)["questions"]

    assert [(q["text"], q["count"], q["fallback"], q["suggest"]) for q in questions] == [
        ("how much do exosomes cost", 4, 2, 2),
        ("do exosomes help with hair loss", 2, 2, 0),
        ("what is plated", 1, 1, 0),
    ]


def test_report_counts(store: Store):
    for user in range(3):
        ask(store, "price?", ANSWER, user=user, intent="price")
    ask(store, "plated?", ANSWER, intent="plated")
    ask(store, "is it ok when pregnant", ANSWER, intent="pregnancy", risks=("pregnancy",))
    ask(store, "my face is swelling", FALLBACK, risks=("urgent", "allergy"))
    ask(store, "pregnant again", SUGGEST, risks=("pregnancy",))
    vote(store, "price", -1)
    vote(store, "price", -1, user=2)
    vote(store, "price", 1)
    vote(store, "plated", 1)
    vote(store, "storage", -1)

    report = build_report(store, now=NOW)

    assert report["totals"] == {"messages": 7, "answer": 5, "suggest": 1, "fallback": 1, "referrals": 3,
                                "users": 3, "votes_up": 2, "votes_down": 3}
    assert report["intents"] == [{"intent": "price", "count": 3}, {"intent": "plated", "count": 1},
                                 {"intent": "pregnancy", "count": 1}]
    assert report["feedback"] == [{"intent": "price", "up": 1, "down": 2}, {"intent": "storage", "up": 0, "down": 1},
                                  {"intent": "plated", "up": 1, "down": 0}]
    assert report["referrals"] == [{"flag": "pregnancy", "count": 2}, {"flag": "allergy", "count": 1},
                                   {"flag": "urgent", "count": 1}]
    assert report["questions"] == []  # the risk-flagged texts were never stored
    json.dumps(report)


def test_report_flow_completion_and_verdicts(store: Store):
    for user in range(4):
        ask(store, None, None, user=user, state={"flow": "checklist", "step": 0})
    for user, met in ((0, 7), (1, 3)):
        result = FlowFinished("checklist", met=met, total=8, verdict="promising" if met > 5 else "weak", source="plant")
        ask(store, None, None, user=user, events=[result])
    ask(store, None, None, user=5, state={"flow": "screening", "step": 0})
    ask(store, None, None, user=5, events=[FlowFinished("screening", flags=("pregnancy",))])

    flows = {f["flow"]: f for f in build_report(store, now=NOW)["flows"]}

    assert (flows["checklist"]["started"], flows["checklist"]["finished"]) == (4, 2)
    assert flows["checklist"]["completion"] == 0.5
    assert flows["checklist"]["verdicts"] == {"promising": 1, "weak": 1}
    assert (flows["screening"]["finished"], flows["screening"]["flags"]) == (1, {"pregnancy": 1})


def test_report_covers_only_the_requested_days(store: Store):
    ask(store, "old question", when=NOW - 10 * DAY)
    ask(store, "new question", when=NOW - 1 * DAY)
    assert [q["text"] for q in build_report(store, days=7, now=NOW)["questions"]] == ["new question"]
    assert build_report(store, days=30, now=NOW)["totals"]["messages"] == 2


def test_report_after_forget_has_nothing_of_the_user(store: Store):
    ask(store, "alice wonders about collagen", user=1)
    vote(store, "price", -1, user=1)
    ask(store, "bob wonders about peptides", user=2)
    store.forget_user(1)
    report = build_report(store, now=NOW)
    assert [q["text"] for q in report["questions"]] == ["bob wonders about peptides"]
    assert report["feedback"] == []


def test_report_on_an_empty_database(store: Store):
    report = build_report(store, now=NOW)
    assert report["totals"]["messages"] == 0
    assert "(none)" in format_report(report)


# -- Rendering ---------------------------------------------------------------


def test_format_report_shows_every_section_as_tables(store: Store):
    ask(store, "how much is it?")
    ask(store, "How much is it", user=2)
    ask(store, "price?", ANSWER, intent="price")
    vote(store, "price", -1)
    ask(store, "pregnant", ANSWER, intent="pregnancy", risks=("pregnancy",))
    text = format_report(build_report(store, now=NOW))
    for title in ("Questions that fell back", "by intent", "most 👎", "Guided flows", "Risk referrals"):
        assert title in text
    assert "    2         2        0  how much is it?" in text
    assert "1  pregnancy" in text


def test_summary_text_is_short_and_escapes_stored_text(store: Store):
    ask(store, "is <b>this</b> & that ok?")
    ask(store, "is <b>this</b> & that ok", user=2)
    vote(store, "price", -1)
    summary = summary_text(store, NOW)
    assert "2 × is &lt;b&gt;this&lt;/b&gt; &amp; that ok?" in summary
    assert "<b>this</b>" not in summary
    assert "1 × price" in summary
    assert len(summary) < 1000
