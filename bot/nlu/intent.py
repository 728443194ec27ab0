"""One thing a user can ask: the data the matcher and the engine read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Intent:
    """One thing a user can ask, with the phrasings that teach the matcher."""

    id: str
    title: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    health: bool = False
    kind: str = "knowledge"
    flow: str | None = None
    source: str = ""

    @property
    def wants_feedback(self) -> bool:
        """Whether the answer carries 👍/👎 buttons (knowledge answers do; chit-chat does not)."""
        return self.kind == "knowledge"
