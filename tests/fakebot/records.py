"""The bot's identity and what the fake Bot API keeps of each message."""

from __future__ import annotations

from dataclasses import dataclass

BOT_ID = 7000001
BOT_USERNAME = "exobot_test_bot"


@dataclass
class Sent:
    """What the bot showed a chat: a new message or an edit of an old one."""

    method: str
    chat_id: int
    message_id: int
    html: str
    text: str
    keyboard: list[list[tuple[str, str]]]
    #: time.monotonic() when the fake carried out the call.
    at: float = 0.0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """All buttons, row by row, as (label, callback_data)."""
        return [b for row in self.keyboard for b in row]

    @property
    def edited(self) -> bool:
        """Whether this replaced an earlier message."""
        return self.method == "editMessageText"

    def data(self, label_part: str) -> str:
        """Return the callback_data of the first button whose label contains label_part."""
        for label, data in self.buttons:
            if label_part.lower() in label.lower():
                return data
        raise AssertionError(f"no button like {label_part!r} in {self.buttons}")


@dataclass
class _Message:
    chat: dict
    text: str
    entities: tuple
    markup: dict | None
    date: int
