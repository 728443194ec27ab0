"""Typed events: the facts a turn reports for the store and for operators.

The engine decides what each event carries, so the store never has to compare
session states or look inside them: it writes the events it is given. Text appears
only in :class:`Asked`, and only when the engine judged it safe to keep.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Asked:
    """A free-text message was answered, suggested, fell back, fed a flow or ran a command.

    ``text`` is the message to keep for content editors, or None when it must not be
    kept (answered, inside a flow, or mentioning a health condition, medicine or procedure).
    """

    outcome: str
    intent: str | None = None
    score: float = 0.0
    flags: tuple[str, ...] = ()
    text: str | None = None


@dataclass(frozen=True)
class FlowStarted:
    """A guided flow began."""

    flow: str


@dataclass(frozen=True)
class FlowFinished:
    """A guided flow ended with a result card: counts, a verdict and flags, never answers or names."""

    flow: str
    met: int | None = None
    total: int | None = None
    verdict: str | None = None
    source: str | None = None
    flags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Feedback:
    """A 👍 (+1) or 👎 (-1) on an answer."""

    intent: str
    vote: int


@dataclass(frozen=True)
class EraseRequested:
    """The user confirmed /forget: the adapter erases everything stored about them."""


@dataclass(frozen=True)
class RiskCheckFailed:
    """The risk check raised an error (logged by bot.nlu.risk): the user got the general referral instead."""

    #: The kind of error, never the message text.
    error: str


Event = Asked | FlowStarted | FlowFinished | Feedback | EraseRequested | RiskCheckFailed
