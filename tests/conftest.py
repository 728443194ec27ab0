"""Shared fixtures: one engine for the session, and errbot-style dialogues over it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The example embeddings are computed once per test run (about 2 s on one core) into a cache folder
# of the run's own, which every engine loaded later, in this process or a child, reads. pytest-xdist's
# workers share the run's folder (the cache file is written atomically), so the first one computes it.
if not os.environ.get("EXOBOT_CACHE_DIR"):
    _RUN = os.environ.get("PYTEST_XDIST_TESTRUNUID")
    if _RUN:
        _CACHE = os.path.join(tempfile.gettempdir(), f"exobot-test-cache-{_RUN}")
        os.makedirs(_CACHE, exist_ok=True)
    else:
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
