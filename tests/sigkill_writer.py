"""Write turns to a store in a loop, printing each number once committed (for the SIGKILL test)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.engine.conversation import FALLBACK, Analysis, Turn
from bot.store import Store


def main(path: str) -> None:
    """Record numbered fallback turns until killed."""
    store = Store.open(path, key=b"sigkill-test")
    i = 0
    while True:
        i += 1
        turn = Turn([], {"n": i}, Analysis(FALLBACK), events=[{"type": "feedback", "intent": "price", "vote": 1}])
        store.record_turn(user_id=i % 7, chat_id=i % 7, text=f"question {i}", turn=turn, now=2e9 + i)
        print(i, flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
