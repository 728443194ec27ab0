"""The pure conversation engine: messages and events, rendering, flows and the turn logic."""

from bot.engine.core import Engine

__all__ = ["Engine"]
