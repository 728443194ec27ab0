"""Follow-ups: short messages a minute after a first question, read in that conversation; lures sent the same way."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.ops.evaluate import read_lines, read_out_of_scope
from bot.ops.followups import as_follow_ups, eval_followups, read_followups

DATA = Path(__file__).resolve().parents[1] / "data"
ADJACENT_TUNE = ("adjacent/out_of_scope_tune.tsv", "blind4/adjacent_tune.tsv", "blind5/adjacent_tune.tsv",
                 "blind8/adjacent_tune.tsv")


def test_a_follow_up_is_read_in_context(chat) -> None:
    chat.push("are plant exosomes as good as human ones?")
    chat.wait(60)
    turn = chat.push("and the price?")
    assert (turn.analysis.outcome, turn.analysis.intent) == ("answer", "price")


@pytest.mark.parametrize(("text", "refusal"), [
    ("do you deliver same day in nyc", "oos_shop_order"),
    ("is it safe to take ibuprofen on an empty stomach", "oos_other_health")])
def test_a_request_to_refuse_is_refused_in_context_too(chat, text: str, refusal: str) -> None:
    chat.push("how much do exosome serums cost?")
    chat.wait(60)
    turn = chat.push(text)
    assert turn.analysis.refused and turn.analysis.intent == refusal


@pytest.mark.parametrize("text", ["do you think lab grown meat will be in supermarkets soon? I read something about "
                                  "cells in a lab and got curious", "whats the capital of australia, its for my quiz"])
def test_context_never_turns_a_lure_the_classifier_refuses_into_a_topic(chat, text: str) -> None:
    chat.push("how much do exosome serums cost?")
    chat.wait(60)
    turn = chat.push(text)
    assert turn.analysis.outcome != "answer" or turn.analysis.refused


# data/blind8 follow-ups (written blind, 200 pairs, split 50/50; measured whole on arrival: 150 right, 75.0%).

@pytest.mark.parametrize(("part", "right", "reach", "wrong"), [("tune", 74, 84, 5), ("measure", 76, 83, 4)])
def test_follow_up_parts_keep_their_floors(engine: Engine, part: str, right: int, reach: int, wrong: int) -> None:
    fig = eval_followups(read_followups(DATA / "blind8" / f"followups_{part}.tsv"), engine)
    assert fig.total == 100
    assert fig.answered_right >= right  # tune 74%, measure 76%
    assert fig.within_reach >= reach  # 84%, 83%
    assert fig.wrong_answer <= wrong  # 5%, 4%


def test_skincare_adjacent_lines_a_minute_after_a_question_are_still_refused(engine: Engine) -> None:
    figures = [as_follow_ups(read_out_of_scope(DATA / name), engine) for name in ADJACENT_TUNE]
    assert sum(f.total for f in figures) == 745
    assert sum(f.answered for f in figures) <= 4  # 0.5% (10, 1.3%, before the classifier's check)
    # the refusals the context reading finds are kept (671 before the curated-word gate, which lets a few
    # lines its words refuse weakly fall back instead of embedding them: see classifier_gate_curated; 669
    # before classifier_gate_unknown, which leaves two more to the fallback)
    assert sum(f.refused for f in figures) >= 665  # 667 on the Xeon; 665 on an AVX2-only CPU (int8 arithmetic)


def test_everyday_requests_a_minute_after_a_question(engine: Engine) -> None:
    # Every fourth line of CLINC150's dev set (650 of 2,600: the whole set took 30 s of the suite on an AVX2-only
    # core, every other line 23 s; the whole set is read without context in test_quality_targets). Known and left:
    # 3.1% (20) still get a topic ("has my visa card application been approved" -> regulation); every other line
    # 3.3% (43), the whole set 3.4% (89), 6.3% before the classifier's check. The classifier has no everyday
    # refusal to tell them by.
    fig = as_follow_ups(read_lines(DATA / "clinc150" / "out_of_scope_dev.txt")[::4], engine)
    assert fig.total == 650
    assert fig.answered <= 21, fig.examples[:5]  # 20 here, and a line of slack for the other CPU kind
