"""One dialogue harness for every front end: push a message, pop the replies, assert (as errbot does).

``EngineChat`` talks to the pure engine; ``ConsoleChat`` types into the console session
exactly as a person at the terminal would (buttons are pressed by their number). Both
offer ``push`` (typed text), ``press`` (a button by label or data), ``last`` and ``text``;
the Telegram harness in ``telegram_fixtures.py`` offers the same verbs, awaited.
"""

from __future__ import annotations

from bot.adapters.console import ConsoleSession
from bot.engine import Engine
from bot.engine.conversation import Button, Incoming, Turn

NOW = 1_700_000_000.0


class EngineChat:
    """A conversation with the engine, state carried along as an adapter would."""

    def __init__(self, engine: Engine, now: float = NOW) -> None:
        self.engine = engine
        self.state = engine.new_state()
        self.now = now
        self.turns: list[Turn] = []

    def push(self, text: str) -> Turn:
        """Send free text (or a /command)."""
        return self._send(Incoming(text=text, now=self.now))

    def press(self, label_or_data: str) -> Turn:
        """Press a button of the last reply by its label or data, or send raw button data."""
        button = self.button(label_or_data)
        return self._send(Incoming(button=button.data if button else label_or_data, now=self.now))

    def button(self, label_or_data: str) -> Button | None:
        """Find a button of the last turn by its label or data."""
        for button in self.last.buttons if self.turns else ():
            if label_or_data in (button.label, button.data):
                return button
        return None

    def wait(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds

    @property
    def last(self) -> Turn:
        """The most recent turn."""
        return self.turns[-1]

    @property
    def text(self) -> str:
        """The text of the most recent turn."""
        return self.last.text

    def _send(self, incoming: Incoming) -> Turn:
        turn = self.engine.handle(self.state, incoming)
        self.state = turn.state
        self.turns.append(turn)
        return turn


class ConsoleChat:
    """A conversation through the console session: typed lines in, printed text out."""

    def __init__(self, engine: Engine, now: float = NOW) -> None:
        self.now = now
        self.session = ConsoleSession(engine, clock=lambda: self.now)
        self.printed: list[str] = []

    def push(self, text: str) -> str:
        """Type a line and return what the console printed."""
        self.printed.append(self.session.send(text))
        return self.printed[-1]

    def press(self, label: str) -> str:
        """Press a button by typing its number, as a console user does."""
        for number, button in enumerate(self.session.buttons, 1):
            if label in (button.label, button.data):
                return self.push(str(number))
        raise AssertionError(f"no button {label!r} among {[b.label for b in self.session.buttons]}")

    def wait(self, seconds: float) -> None:
        """Let time pass."""
        self.now += seconds

    @property
    def text(self) -> str:
        """What the console printed last."""
        return self.printed[-1]
