"""The store's log of Telegram updates: the inbox written before confirming, and the handled ids.

An update is written to ``inbox`` before Telegram is told it arrived (polling) or before
Telegram's POST is answered (webhook). Handling it deletes it from ``inbox`` and adds
its id to ``handled`` in the same transaction as the session change, so a crash leaves
exactly the updates not yet handled in the inbox, and an update Telegram delivers twice
is skipped. Mixed into :class:`bot.store.Store`.
"""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager
from typing import Any


class UpdateLog:
    """The inbox and the handled update ids (needs the store's ``db``, ``_lock`` and ``_transaction``)."""

    db: Any
    _lock: threading.RLock

    def _transaction(self) -> AbstractContextManager[None]:  # pragma: no cover - provided by Store
        """Run a block as one transaction (Store's own)."""
        raise NotImplementedError

    def inbox_add(self, update_id: int, payload: str, now: float) -> bool:
        """Store an update before Telegram is told it arrived; False when it is already here or handled."""
        with self._transaction():
            known = self.db.execute(
                "SELECT 1 FROM handled WHERE update_id = ? UNION ALL SELECT 1 FROM inbox WHERE update_id = ?",
                [update_id, update_id]).fetchone()
            if not known:
                self.db.execute("INSERT INTO inbox (update_id, received, payload) VALUES (?, ?, ?)",
                                [update_id, now, payload])
        return not known

    def inbox_pending(self) -> list[tuple[int, str]]:
        """Return the updates stored but not handled (a crash left them), oldest first."""
        with self._lock:
            return self.db.execute("SELECT update_id, payload FROM inbox ORDER BY update_id").fetchall()

    def mark_handled(self, update_id: int, now: float) -> None:
        """Record that an update was handled (a no-op when it already is)."""
        with self._transaction():
            self._mark_handled(update_id, now)

    def _mark_handled(self, update_id: int, now: float) -> None:
        """Record a handled update inside the current transaction and drop it from the inbox."""
        self.db.execute("INSERT OR IGNORE INTO handled (update_id, time) VALUES (?, ?)", [update_id, now])
        self.db.execute("DELETE FROM inbox WHERE update_id = ?", [update_id])

    def is_handled(self, update_id: int) -> bool:
        """Tell whether an update was handled already."""
        with self._lock:
            return self.db.execute("SELECT 1 FROM handled WHERE update_id = ?", [update_id]).fetchone() is not None
