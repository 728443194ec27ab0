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
