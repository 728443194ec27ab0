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


def run_console(engine: Engine, read: Callable[[str], str] = input, write: Callable[[str], None] = print,
                clock: Callable[[], float] = time.time) -> int:
    """Chat in the terminal until /quit or end of input."""
    state = engine.new_state()
    buttons: tuple[Button, ...] = ()
    write("exobot: ask me about exosome skincare. Type a number to press a button, /quit to leave.\n")
    turn = engine.handle(state, Incoming(text="/start", now=clock()))
    state, buttons = turn.state, turn.buttons
    write("bot> " + render_turn(turn) + "\n")
    while True:
        try:
            line = read(PROMPT)
        except (EOFError, KeyboardInterrupt):
            write("")
            return 0
        if line.strip().lower() in QUIT_WORDS:
            write("bot> Bye!")
            return 0
        pressed = pick_button(line, buttons)
        incoming = Incoming(button=pressed.data, now=clock()) if pressed else Incoming(text=line, now=clock())
        turn = engine.handle(state, incoming)
        state = turn.state
        if turn.erase:
            state = engine.new_state()  # the console keeps nothing else about you
        buttons = turn.buttons
        write("bot> " + render_turn(turn) + "\n")
