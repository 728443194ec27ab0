"""Shared fixtures: one engine for the session, and errbot-style dialogues over it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The example embeddings are computed once per test session (about 2 s on one core) into a cache
# folder of the session's own, which every engine loaded later, in this process or a child, reads.
if not os.environ.get("EXOBOT_CACHE_DIR"):
    _CACHE = tempfile.mkdtemp(prefix="exobot-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
    os.environ["EXOBOT_CACHE_DIR"] = _CACHE

from bot.content import load_engine
from bot.engine import Engine
from bot.engine.conversation import Incoming, Turn

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Load the real content once."""
    return load_engine(ROOT)


class Dialogue:
    """Push messages, pop replies: a conversation with the engine, state carried along."""

    def __init__(self, engine: Engine, now: float = 1_700_000_000.0) -> None:
        self.engine = engine
        self.state = engine.new_state()
        self.now = now
        self.turns: list[Turn] = []

    def push(self, text: str) -> Turn:
        """Send free text (or a /command)."""
        return self._send(Incoming(text=text, now=self.now))

    def press(self, label_or_data: str) -> Turn:
        """Press a button of the last reply by its label, or send raw button data."""
        for button in self.last.buttons if self.turns else ():
            if label_or_data in (button.label, button.data):
                return self._send(Incoming(button=button.data, now=self.now))
        return self._send(Incoming(button=label_or_data, now=self.now))

    def wait(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds

    @property
    def last(self) -> Turn:
        """The most recent turn."""
        return self.turns[-1]

    def _send(self, incoming: Incoming) -> Turn:
        turn = self.engine.handle(self.state, incoming)
        self.state = turn.state
        self.turns.append(turn)
        return turn


@pytest.fixture
def chat(engine: Engine) -> Dialogue:
    """A fresh conversation."""
    return Dialogue(engine)
