"""Shared fixtures: one engine for the session, and errbot-style dialogues over it."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import load_engine
from bot.engine import Engine
from tests.harness import ConsoleChat, EngineChat

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Load the real content once."""
    return load_engine(ROOT)


@pytest.fixture
def chat(engine: Engine) -> EngineChat:
    """A fresh conversation with the engine."""
    return EngineChat(engine)


@pytest.fixture
def console(engine: Engine) -> ConsoleChat:
    """A fresh conversation through the console, buttons pressed by number."""
    return ConsoleChat(engine)
