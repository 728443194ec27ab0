"""Today's date, the one dates typed without a reference are counted from ("nov 20", "in october").

Kept in one place so that tests can pin it (monkeypatch ``bot.engine.flows.clock.today``).
"""

from __future__ import annotations

from datetime import date


def today() -> date:
    """Return today's date."""
    return date.today()
