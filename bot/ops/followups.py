"""Follow-up questions: a short message a minute after a first question, read in that conversation.

A follow-up set is ``first message<TAB>follow-up<TAB>intent``; each follow-up is sent a minute
after its first message, in a conversation of its own, and counted like a chat-style question.
Everyday and skincare-adjacent lines can be sent the same way (``as_follow_ups``): what they are
answered with a minute after a skincare question.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bot.engine.conversation import FALLBACK, Analysis, Incoming
from bot.ops.evaluate import (
    DataError,
    OutOfScopeFigures,
    QuestionFigures,
    eval_out_of_scope,
    eval_questions,
    read_lines,
    refinements,
)

#: When the first message is sent, and how long after it the follow-up comes (well inside the context window).
START, LATER = 1_000.0, 60.0
#: The first question of ``as_follow_ups``: any skincare question puts the conversation in context.
OPENING = "how much do exosome serums cost?"


def read_followups(path: Path) -> list[tuple[str, str, str]]:
    """Read `first<TAB>follow-up<TAB>intent` lines."""
    rows = []
    for number, line in enumerate(read_lines(path), 1):
        fields = [f.strip() for f in line.split("\t")]
        if len(fields) != 3 or not all(fields):
            raise DataError(f"{path}: line {number} is not first<TAB>follow-up<TAB>intent: {line[:60]!r}")
        rows.append((fields[0], fields[1], fields[2]))
    return rows


def follow_up(engine, first: str, second: str) -> Analysis:
    """Return what the engine made of ``second``, sent a minute after ``first`` in a new conversation."""
    turn = engine.handle(engine.new_state(), Incoming(text=first, now=START))
    later = engine.handle(turn.state, Incoming(text=second, now=START + LATER))
    return later.analysis or Analysis(FALLBACK)  # none only inside a flow the first message started


def eval_followups(rows: Iterable[tuple[str, str, str]], engine) -> QuestionFigures:
    """Count the follow-ups answered right, within reach or wrong (the chat-style targets apply)."""
    rows = list(rows)
    first_of = {second: first for first, second, _ in rows}
    unknown = sorted({intent for _, _, intent in rows} - set(engine.intents))
    if unknown:
        raise DataError(f"unknown intent(s) {', '.join(unknown)}")
    return eval_questions([(second, (intent,)) for _, second, intent in rows],
                          lambda second: follow_up(engine, first_of[second], second), chat=True,
                          refines=refinements(engine.intents))


def as_follow_ups(lines: Iterable[str | tuple[str, str]], engine) -> OutOfScopeFigures:
    """Count out-of-scope lines answered with a topic when each comes a minute after a skincare question."""
    return eval_out_of_scope(lines, lambda text: follow_up(engine, OPENING, text))
