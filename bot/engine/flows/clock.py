"""Today's date, the one dates typed without a reference are counted from ("nov 20", "in october").

Kept in one place so that tests can pin it (monkeypatch ``bot.engine.flows.clock.today``), and so that
``exobot eval --today`` can count a typed-answer set's dates from the day it was written (``pin``).
"""

from __future__ import annotations

from datetime import date

_pinned: date | None = None


def pin(day: date | None) -> None:
    """Count dates from ``day`` instead of the real date (None: the real date again)."""
    global _pinned
    _pinned = day


def today() -> date:
    """Return today's date, or the pinned day."""
    return _pinned or date.today()
