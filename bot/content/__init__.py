"""Content: reading and validating intents/, answers/ and the flow definitions."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import load_content
from bot.engine import Engine
from bot.engine.content import Content
from bot.settings import Settings

__all__ = ["Content", "load_content", "load_engine"]


def load_engine(root: Path | None = None, settings: Settings | None = None) -> Engine:
    """Read a content folder (default: the configured one) and build the engine over it.

    The semantic signal (the int8 MiniLM model and the example embeddings, cached) is added
    unless EXOBOT_SEMANTIC is off or the model or its run-time cannot be loaded.
    """
    from bot.content.semantic import load_semantic

    settings = settings or Settings.from_env()
    content = load_content(root or settings.content_dir)
    return Engine(content, retention_days=settings.retention_days, flow_timeout_hours=settings.flow_timeout_hours,
                  semantic=load_semantic(content.intents, settings, training=content.training))
