"""Write turns to a store in a loop, printing each number once committed (for the SIGKILL test)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine.conversation import FALLBACK, Turn
from bot.engine.events import Asked, Feedback
from bot.store import Store


def main(path: str) -> None:
    """Record numbered fallback turns until killed."""
    store = Store.open(path, key=b"sigkill-test")
    i = 0
    while True:
        i += 1
        turn = Turn([], {"n": i}, events=[Asked(FALLBACK, text=f"question {i}"), Feedback("price", 1)])
        store.record_turn(user_id=i % 7, chat_id=i % 7, turn=turn, now=2e9 + i)
        print(i, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
