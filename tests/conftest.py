"""Shared fixtures: one engine for the session, and errbot-style dialogues over it."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

# The example embeddings are computed once per test run (about 3 s on one core) into a cache folder
# of the run's own, which every engine loaded later reads: in this process, in a child process, and in
# pytest-xdist's workers, which inherit the folder from the process that starts them (see pytest_configure).
if not os.environ.get("EXOBOT_CACHE_DIR"):
    _CACHE = tempfile.mkdtemp(prefix="exobot-test-cache-")
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
    os.environ["EXOBOT_CACHE_DIR"] = _CACHE

from bot.content import load_engine
from bot.engine import Engine
from bot.engine.flows import clock
from bot.nlu.risk import RiskDetector
from tests.harness import ConsoleChat, EngineChat
from tests.risk_cases import load_default

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
#: The day every shipped data set was written: the dates typed in them ("nov 20", "last week") count from it.
WRITTEN = date(2026, 12, 1)


@pytest.fixture(scope="session", autouse=True)
def written_day() -> Iterator[None]:
    """Pin the flows' today to the day the data sets were written, so no figure drifts with the calendar."""
    clock.pin(WRITTEN)
    yield
    clock.pin(None)


def pytest_configure(config: pytest.Config) -> None:
    """Fill the run's embedding cache before xdist's workers start, so that they read it and none computes it."""
    if not hasattr(config, "workerinput") and config.getoption("numprocesses", default=None):
        load_engine(ROOT)


@pytest.fixture(scope="session")
def engine() -> Engine:
    """Load the real content once."""
    return load_engine(ROOT)


@pytest.fixture(scope="session")
def detector() -> RiskDetector:
    """Build the risk detector from the shipped rules once."""
    return load_default()


@pytest.fixture
def chat(engine: Engine) -> EngineChat:
    """A fresh conversation with the engine."""
    return EngineChat(engine)


@pytest.fixture
def console(engine: Engine) -> ConsoleChat:
    """A fresh conversation through the console, buttons pressed by number."""
    return ConsoleChat(engine)
