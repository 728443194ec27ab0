"""The plain data that flows through the engine: incoming messages, replies, turns.

Nothing here knows about Telegram, SQLite or asyncio. Adapters (console, Telegram,
tests) build an :class:`Incoming`, call ``Engine.handle`` and render the returned
:class:`Reply` objects their own way.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.engine.events import EraseRequested, Event

#: Telegram caps callback_data at 64 bytes; every button the engine makes fits.
MAX_BUTTON_DATA = 64

#: Outcomes of the matcher, as reported by ``ask --json`` and ``classify``.
ANSWER, SUGGEST, FALLBACK = "answer", "suggest", "fallback"


@dataclass(frozen=True)
class Button:
    """One inline button: the label shown and the data sent back when pressed."""

    label: str
    data: str

    def __post_init__(self) -> None:
        if len(self.data.encode("utf-8")) > MAX_BUTTON_DATA:
            raise ValueError(f"button data over {MAX_BUTTON_DATA} bytes: {self.data!r}")


@dataclass(frozen=True)
class Reply:
    """One message to send.

    ``text`` is in Telegram's HTML subset (``<b>``, ``<i>``, escaped entities); any
    text that came from the user is already escaped. ``edit`` hints that the reply
    replaces the message whose button was pressed (flow questions).
    """

    text: str
    buttons: tuple[Button, ...] = ()
    edit: bool = False


@dataclass(frozen=True)
class Incoming:
    """One message from the user: free text (commands included) or a button press."""

    text: str | None = None
    button: str | None = None
    now: float = 0.0
    #: The text was read from a photo of a label (OCR): read as a label, never kept.
    photo: bool = False


@dataclass(frozen=True)
class Analysis:
    """What the engine made of a free-text message (the fields of ``ask --json``)."""

    outcome: str
    intent: str | None = None
    score: float = 0.0
    suggestions: tuple[str, ...] = ()
    risks: tuple[str, ...] = ()
    #: The message was matched to an out-of-scope intent and politely refused.
    refused: bool = False
    #: Other topics the message asked about, offered as buttons after the answer.
    also: tuple[str, ...] = ()

    @property
    def referral(self) -> bool:
        """Whether the reply sends the user to a clinician."""
        return bool(self.risks)

    @property
    def urgent(self) -> bool:
        """Whether the reply tells the user to get emergency care."""
        return "urgent" in self.risks


@dataclass
class Turn:
    """The engine's answer to one incoming message.

    ``state`` is the new session state: plain JSON-serialisable data that the
    adapter stores and passes back next time. ``events`` are the typed facts the
    store records (:mod:`bot.engine.events`); :class:`EraseRequested` among them
    asks the adapter to erase the user.
    """

    replies: list[Reply]
    state: dict[str, Any]
    analysis: Analysis | None = None
    events: list[Event] = field(default_factory=list)

    @property
    def erase(self) -> bool:
        """Whether the user confirmed /forget and everything about them must be erased."""
        return any(isinstance(e, EraseRequested) for e in self.events)

    @property
    def text(self) -> str:
        """All replies' text joined, as the console and ``ask`` print it."""
        return "\n\n".join(r.text for r in self.replies)

    @property
    def buttons(self) -> tuple[Button, ...]:
        """The buttons of the last reply that has any."""
        for reply in reversed(self.replies):
            if reply.buttons:
                return reply.buttons
        return ()
