"""Content: reading and validating intents/, answers/ and the flow definitions."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import load_content
from bot.engine import Engine
from bot.engine.content import Content

__all__ = ["Content", "load_content", "load_engine"]


def load_engine(root: Path | None = None) -> Engine:
    """Read a content folder (default: the configured one) and build the engine over it.

    The semantic signal (the int8 MiniLM model and the example embeddings, cached) is added
    unless EXOBOT_SEMANTIC is off or the model or its run-time cannot be loaded.
    """
    from bot import settings
    from bot.content.semantic import load_semantic

    content = load_content(root or settings.content_dir())
    return Engine(content, retention_days=settings.get_int("EXOBOT_RETENTION_DAYS"),
                  flow_timeout_hours=settings.get_int("EXOBOT_FLOW_TIMEOUT_HOURS"),
                  semantic=load_semantic(content.intents))
