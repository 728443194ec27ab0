"""The console chat: the engine in a terminal, buttons as numbered choices."""

from __future__ import annotations

import time
from collections.abc import Callable

from bot.engine import Engine
from bot.engine.conversation import Button, Incoming, Turn
from bot.engine.render import to_plain

QUIT_WORDS = frozenset({"/quit", "/exit"})
PROMPT = "you> "


def render_turn(turn: Turn) -> str:
    """Format a turn's replies as plain text with numbered buttons."""
    parts = [to_plain(reply.text) for reply in turn.replies]
    if turn.buttons:
        parts.append("\n".join(f"  [{n}] {b.label}" for n, b in enumerate(turn.buttons, 1)))
    return "\n\n".join(parts)


def pick_button(text: str, buttons: tuple[Button, ...]) -> Button | None:
    """Return the button a typed number stands for, if any."""
    stripped = text.strip().strip("[]")
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1]
    return None


class ConsoleSession:
    """One console conversation: a typed line in, the printed reply out; the state lives here."""

    def __init__(self, engine: Engine, clock: Callable[[], float] = time.time) -> None:
        self.engine = engine
        self.clock = clock
        self.state = engine.new_state()
        self.buttons: tuple[Button, ...] = ()
        self.turn: Turn | None = None

    def send(self, line: str) -> str:
        """Answer one typed line (a number presses that button) and return what the console prints."""
        pressed = pick_button(line, self.buttons)
        incoming = Incoming(button=pressed.data, now=self.clock()) if pressed else Incoming(text=line, now=self.clock())
        turn = self.engine.handle(self.state, incoming)
        self.state = self.engine.new_state() if turn.erase else turn.state  # the console keeps nothing else
        self.buttons, self.turn = turn.buttons, turn
        return "bot> " + render_turn(turn)


def run_console(engine: Engine, read: Callable[[str], str] = input, write: Callable[[str], None] = print,
                clock: Callable[[], float] = time.time) -> int:
    """Chat in the terminal until /quit or end of input."""
    session = ConsoleSession(engine, clock)
    write("exobot: ask me about exosome skincare. Type a number to press a button, /quit to leave.\n")
    write(session.send("/start") + "\n")
    while True:
        try:
            line = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if line.strip().lower() in QUIT_WORDS:
            write("bot> Bye!")
            return 0
        write(session.send(line) + "\n")
