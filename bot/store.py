"""The SQLite store: sessions, message events, feedback and flow results.

One file, WAL mode, opened through sqlite-utils. Tables are created and upgraded
by :data:`MIGRATIONS` on open (the version lives in ``PRAGMA user_version``).
Every write is one explicit transaction, so a process killed mid-write leaves the
file readable with every committed row.

Privacy by default: users and chats are stored only as keyed hashes (HMAC-SHA256
with a secret that never enters the database); raw message text is kept only when the
engine's :class:`~bot.engine.events.Asked` event carries it (it decides what may be kept);
flow results keep counts, verdicts and flags, never answers or product names;
everything expires after ``retention_days``; :meth:`Store.forget_user` erases a
user completely (``secure_delete`` overwrites the freed pages).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from bot.engine.conversation import Turn
from bot.engine.events import Asked, Event, Feedback, FlowFinished, FlowStarted
from bot.settings import Settings
from bot.store_updates import UpdateLog

DAY = 86400.0
#: Longest stored question text; anything longer is cut (editors need the gist).
MAX_TEXT = 500
#: Flow row statuses.
STARTED, FINISHED = "started", "finished"
#: Tables that hold rows tied to a user (``forget_user`` and retention walk them).
EVENT_TABLES = ("messages", "feedback", "flows")
#: Handled update ids are remembered this long (Telegram keeps an unconfirmed update for one day).
HANDLED_DAYS = 2

# -- Schema ------------------------------------------------------------------

_V1 = (
    """CREATE TABLE sessions (
        chat_key TEXT PRIMARY KEY,
        state TEXT NOT NULL,
        updated REAL NOT NULL)""",
    """CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        time REAL NOT NULL,
        user_key TEXT NOT NULL,
        outcome TEXT NOT NULL,
        intent TEXT,
        score REAL,
        risks TEXT NOT NULL DEFAULT '',
        text TEXT)""",
    """CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        time REAL NOT NULL,
        user_key TEXT NOT NULL,
        intent TEXT NOT NULL,
        vote INTEGER NOT NULL)""",
    """CREATE TABLE flows (
        id INTEGER PRIMARY KEY,
        time REAL NOT NULL,
        user_key TEXT NOT NULL,
        flow TEXT NOT NULL,
        met INTEGER,
        total INTEGER,
        verdict TEXT,
        flags TEXT NOT NULL DEFAULT '')""",
)

_V2 = (
    # Sessions carry their user so /forget can find group-chat sessions too.
    "ALTER TABLE sessions ADD COLUMN user_key TEXT",
    # Flow starts are recorded so the report can show completion.
    f"ALTER TABLE flows ADD COLUMN status TEXT NOT NULL DEFAULT '{FINISHED}'",
    "ALTER TABLE flows ADD COLUMN source TEXT",
    "CREATE INDEX idx_sessions_user ON sessions (user_key)",
    "CREATE INDEX idx_messages_time ON messages (time)",
    "CREATE INDEX idx_messages_user ON messages (user_key)",
    "CREATE INDEX idx_feedback_time ON feedback (time)",
    "CREATE INDEX idx_feedback_user ON feedback (user_key)",
    "CREATE INDEX idx_flows_time ON flows (time)",
    "CREATE INDEX idx_flows_user ON flows (user_key)",
)

_V3 = (
    # Updates from Telegram, written before Telegram is told they arrived and deleted in the
    # transaction that handles them: what a crash leaves here is handled again at start-up.
    """CREATE TABLE inbox (
        update_id INTEGER PRIMARY KEY,
        received REAL NOT NULL,
        payload TEXT NOT NULL)""",
    # Every update handled (kept HANDLED_DAYS), so one Telegram delivers again is skipped.
    """CREATE TABLE handled (
        update_id INTEGER PRIMARY KEY,
        time REAL NOT NULL)""",
    "CREATE INDEX idx_handled_time ON handled (time)",
)

#: MIGRATIONS[n] takes a version-n file to version n+1. Append, never edit.
MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3)
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaTooNew(RuntimeError):
    """The database was written by a newer exobot than this one."""


def key_path(db_path: str | Path) -> Path:
    """Return where the generated user-key secret lives: beside the database."""
    return Path(f"{db_path}.key")


def load_or_create_key(db_path: str | Path) -> bytes:
    """Read the secret stored beside the database, generating it (mode 0600) once."""
    path = key_path(db_path)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip().encode()
    with os.fdopen(fd, "w") as handle:
        handle.write(secrets.token_hex(32) + "\n")
    return path.read_text().strip().encode()


def _flags(value: Any) -> str:
    """Return risk flags as sorted comma text."""
    if not value:
        return ""
    if isinstance(value, str):
        value = value.split(",")
    return ",".join(sorted({str(v).strip() for v in value if str(v).strip()}))


class Store(UpdateLog):
    """One SQLite file holding exobot's sessions and pseudonymous events."""

    def __init__(self, db: Database, key: bytes, retention_days: int, flow_timeout_hours: float = 24) -> None:
        self.db = db
        self.retention_days = retention_days
        self.flow_timeout_hours = flow_timeout_hours
        self._key = key
        self._lock = threading.RLock()

    # -- Opening -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path, key: bytes | None = None, retention_days: int = 30,
             flow_timeout_hours: float = 24) -> Store:
        """Open (creating or upgrading) the database and purge expired rows."""
        memory = str(path) == ":memory:"
        if key is None:
            key = secrets.token_bytes(32) if memory else load_or_create_key(path)
        conn = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
        db = Database(conn)
        if not memory:
            db.enable_wal()
        db.execute("PRAGMA synchronous = NORMAL")  # in WAL: durable across process crashes
        db.execute("PRAGMA secure_delete = ON")  # erased rows are overwritten, not just unlinked
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA busy_timeout = 5000")
        store = cls(db, key, retention_days, flow_timeout_hours)
        store.migrate()
        store.purge_expired(time.time())
        return store

    @classmethod
    def from_settings(cls, settings: Settings, *, must_exist: bool = False) -> Store:
        """Open the store named by EXOBOT_DB with the key, retention and flow timeout settings.

        ``must_exist`` refuses to create a database (operator commands read an existing one).
        """
        path = str(settings["EXOBOT_DB"])
        if must_exist and path != ":memory:" and not Path(path).is_file():
            raise FileNotFoundError(f"no database at {path} (set EXOBOT_DB to the bot's database file)")
        secret = str(settings["EXOBOT_USER_KEY"])
        return cls.open(path, key=secret.encode() if secret else None, retention_days=settings.retention_days,
                        flow_timeout_hours=settings.flow_timeout_hours)

    @property
    def version(self) -> int:
        """Return the schema version recorded in the file."""
        return self.db.execute("PRAGMA user_version").fetchone()[0]

    def migrate(self) -> int:
        """Bring the file up to :data:`SCHEMA_VERSION`, one transaction per step."""
        with self._lock:
            current = self.version
            if current > SCHEMA_VERSION:
                raise SchemaTooNew(f"database schema v{current} is newer than this exobot (v{SCHEMA_VERSION})")
            for version in range(current, SCHEMA_VERSION):
                with self._transaction():
                    for statement in MIGRATIONS[version]:
                        self.db.execute(statement)
                    self.db.execute(f"PRAGMA user_version = {version + 1}")
            return SCHEMA_VERSION - current

    def close(self) -> None:
        """Checkpoint the WAL into the main file and close the connection."""
        with self._lock:
            try:
                self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                self.db.close()

    # -- Keys ----------------------------------------------------------------

    def _hash(self, kind: str, ident: int) -> str:
        """Return the keyed hash of a Telegram id (kind separates users and chats)."""
        return hmac.new(self._key, f"{kind}:{int(ident)}".encode(), hashlib.sha256).hexdigest()

    def user_key(self, user_id: int) -> str:
        """Return the pseudonymous key stored for a Telegram user id."""
        return self._hash("user", user_id)

    def chat_key(self, chat_id: int) -> str:
        """Return the pseudonymous key stored for a Telegram chat id."""
        return self._hash("chat", chat_id)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """Run the block as one transaction: all of it is committed or none."""
        with self._lock:
            self.db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self.db.execute("ROLLBACK")
                raise
            self.db.execute("COMMIT")

    # -- Sessions ------------------------------------------------------------

    def load_session(self, chat_id: int) -> dict:
        """Return the chat's stored session state ({} when there is none)."""
        with self._lock:
            row = self.db.execute(
                "SELECT state FROM sessions WHERE chat_key = ?", [self.chat_key(chat_id)]
            ).fetchone()
        return _loads(row[0]) if row else {}

    def save_session(self, chat_id: int, state: dict, now: float) -> None:
        """Store the chat's session state."""
        with self._transaction():
            self._save_session(self.chat_key(chat_id), None, state, now)

    def _save_session(self, chat_key: str, user_key: str | None, state: dict, now: float) -> None:
        """Upsert a session row inside the current transaction."""
        self.db.execute(
            """INSERT INTO sessions (chat_key, user_key, state, updated) VALUES (?, ?, ?, ?)
               ON CONFLICT (chat_key) DO UPDATE SET
                 state = excluded.state, updated = excluded.updated,
                 user_key = COALESCE(excluded.user_key, sessions.user_key)""",
            [chat_key, user_key, json.dumps(state, ensure_ascii=False), now],
        )

    # -- Recording -----------------------------------------------------------

    def record_turn(self, *, user_id: int, chat_id: int, turn: Turn, now: float, update_id: int | None = None) -> None:
        """Save the turn's session state, write its events and mark its update handled, in one transaction.

        A turn that asks to erase the user records nothing but the update: the adapter
        calls :meth:`forget_user` for it, and this keeps the order of the two calls harmless.
        """
        if turn.erase:
            if update_id is not None:
                self.mark_handled(update_id, now)
            return
        user_key, chat_key = self.user_key(user_id), self.chat_key(chat_id)
        with self._transaction():
            if update_id is not None:
                self._mark_handled(update_id, now)
            self._save_session(chat_key, user_key, turn.state, now)
            for event in turn.events:
                self._record_event(user_key, event, now)

    def _record_event(self, user_key: str, event: Event, now: float) -> None:
        """Insert one engine event as its row."""
        if isinstance(event, Asked):
            self.db.execute(
                "INSERT INTO messages (time, user_key, outcome, intent, score, risks, text)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [now, user_key, event.outcome, event.intent, float(event.score), _flags(event.flags),
                 event.text[:MAX_TEXT] if event.text else None],
            )
        elif isinstance(event, Feedback) and event.vote in (1, -1):
            self.db.execute("INSERT INTO feedback (time, user_key, intent, vote) VALUES (?, ?, ?, ?)",
                            [now, user_key, event.intent, event.vote])
        elif isinstance(event, FlowStarted):
            self.db.execute("INSERT INTO flows (time, user_key, flow, status) VALUES (?, ?, ?, ?)",
                            [now, user_key, event.flow, STARTED])
        elif isinstance(event, FlowFinished):
            self.db.execute(
                "INSERT INTO flows (time, user_key, flow, status, met, total, verdict, source, flags)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [now, user_key, event.flow, FINISHED, event.met, event.total, _str_or_none(event.verdict),
                 _str_or_none(event.source), _flags(event.flags)],
            )

    # -- Erasure and retention ----------------------------------------------

    def forget_user(self, user_id: int) -> int:
        """Erase every row tied to the user (and their private chat); return how many."""
        user_key = self.user_key(user_id)
        private_chat = self.chat_key(user_id)  # in a private chat, chat id == user id
        with self._transaction():
            erased = self.db.execute(
                "DELETE FROM sessions WHERE user_key = ? OR chat_key = ?", [user_key, private_chat]
            ).rowcount
            for table in EVENT_TABLES:
                erased += self.db.execute(f"DELETE FROM {table} WHERE user_key = ?", [user_key]).rowcount
        self._checkpoint()
        return erased

    def purge_expired(self, now: float) -> int:
        """Delete rows older than the retention period, and sessions holding answers, a label reading or products."""
        cutoff = now - self.retention_days * DAY
        flow_cutoff = now - self.flow_timeout_hours * 3600
        with self._transaction():
            purged = self.db.execute(
                "DELETE FROM sessions WHERE updated < ?"
                " OR (updated < ? AND CASE WHEN json_valid(state) THEN coalesce(json_extract(state, '$.flow'),"
                " json_extract(state, '$.label'), json_extract(state, '$.products')) END IS NOT NULL)",
                [cutoff, flow_cutoff],
            ).rowcount
            for table in EVENT_TABLES:
                purged += self.db.execute(f"DELETE FROM {table} WHERE time < ?", [cutoff]).rowcount
            self.db.execute("DELETE FROM handled WHERE time < ?", [now - HANDLED_DAYS * DAY])
        if purged:
            self._checkpoint()
        return purged

    def _checkpoint(self) -> None:
        """Copy the WAL into the main file so erased rows leave no trace in it."""
        with self._lock:
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    # -- Reading (for reports) ----------------------------------------------

    def rows(self, table: str, since: float | None = None) -> list[dict]:
        """Return a table's rows as dicts, optionally only those at or after ``since``."""
        if table not in EVENT_TABLES:
            raise ValueError(f"not an event table: {table}")
        where, args = ("time >= ?", [since]) if since is not None else (None, None)
        with self._lock:
            return list(self.db[table].rows_where(where, args, order_by="time"))

    def counts(self) -> dict[str, int]:
        """Return the number of rows in each table."""
        with self._lock:
            return {name: self.db[name].count for name in ("sessions", *EVENT_TABLES)}


def _loads(raw: str) -> dict:
    """Parse a stored state, tolerating damage."""
    try:
        value = json.loads(raw)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _str_or_none(value: Any) -> str | None:
    """Return value as a short string, or None when empty."""
    return str(value)[:200] if value not in (None, "") else None
