"""The store over real SQLite files: sessions, recording, migration, retention, durability."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bot.engine.conversation import FALLBACK, SUGGEST, Turn
from bot.engine.events import Asked, EraseRequested, Feedback, FlowFinished, FlowStarted
from bot.settings import Settings
from bot.store import (
    DAY,
    MIGRATIONS,
    SCHEMA_VERSION,
    SchemaTooNew,
    Store,
    key_path,
    load_or_create_key,
)

NOW = 1_800_000_000.0
KEY = b"test-secret"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return a fresh database path in a temp folder."""
    return tmp_path / "exobot.db"


@pytest.fixture
def store(db_path: Path):
    """Open a store on a real file and close it afterwards."""
    store = Store.open(db_path, key=KEY)
    yield store
    store.close()


def turn(outcome: str | None = None, *, state: dict | None = None, risks=(), intent=None, events=(),
         text: str | None = None) -> Turn:
    """Build a Turn as the engine would return it: an Asked event for a message, then any others."""
    asked = [Asked(outcome, intent=intent, score=0.5, flags=tuple(risks), text=text)] if outcome else []
    return Turn(replies=[], state=state or {}, events=asked + list(events))


def raw(db_path: Path, sql: str) -> list[tuple]:
    """Read the file with plain sqlite3, as an operator's tool would."""
    conn = sqlite3.connect(db_path)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def file_bytes(db_path: Path) -> bytes:
    """Return the database and its WAL as bytes, everything a copy of the file would hold."""
    wal = Path(f"{db_path}-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


# -- Opening -----------------------------------------------------------------


def test_open_creates_tables_wal_and_version(store: Store, db_path: Path):
    assert set(store.db.table_names()) >= {"sessions", "messages", "feedback", "flows"}
    assert store.version == SCHEMA_VERSION
    assert raw(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert raw(db_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)]


def test_reopen_keeps_rows_and_does_not_migrate_again(db_path: Path):
    store = Store.open(db_path, key=KEY)
    store.record_turn(user_id=1, chat_id=1, turn=turn(FALLBACK, text="hi"), now=time.time())
    store.close()
    store = Store.open(db_path, key=KEY)
    assert store.migrate() == 0
    assert store.counts()["messages"] == 1
    store.close()


def test_generated_key_is_stored_beside_the_database_once(db_path: Path):
    first = load_or_create_key(db_path)
    assert key_path(db_path).stat().st_mode & 0o777 == 0o600
    assert load_or_create_key(db_path) == first
    assert len(first) == 64


def test_generated_key_gives_stable_user_keys_across_restarts(db_path: Path):
    store = Store.open(db_path)
    before = store.user_key(42)
    store.close()
    store = Store.open(db_path)
    assert store.user_key(42) == before
    store.close()


def test_environment_key_changes_the_pseudonym(db_path: Path):
    a = Store.open(db_path, key=b"one")
    b = Store.open(db_path, key=b"two")
    assert a.user_key(42) != b.user_key(42)
    assert a.user_key(42) != a.chat_key(42)
    a.close()
    b.close()


def test_from_settings_reads_the_environment(tmp_path: Path):
    env = {"EXOBOT_DB": str(tmp_path / "env.db"), "EXOBOT_USER_KEY": "s3cret", "EXOBOT_RETENTION_DAYS": "7"}
    store = Store.from_settings(Settings.from_env(env))
    assert store.retention_days == 7
    assert store.user_key(1) == Store.open(":memory:", key=b"s3cret").user_key(1)
    assert not key_path(tmp_path / "env.db").exists()
    store.close()


# -- Migration ---------------------------------------------------------------


def write_v1_file(path: Path) -> None:
    """Write a database exactly as schema version 1 left it, with rows."""
    conn = sqlite3.connect(path)
    for statement in MIGRATIONS[0]:
        conn.execute(statement)
    conn.execute("INSERT INTO sessions VALUES ('c1', '{\"flow\": \"checklist\"}', ?)", [NOW])
    conn.executemany(
        "INSERT INTO messages (time, user_key, outcome, intent, score, risks, text) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(NOW, "u1", "fallback", None, 0.1, "", "what is plated"),
         (NOW, "u2", "answer", "price", 0.9, "", None)],
    )
    conn.execute("INSERT INTO feedback (time, user_key, intent, vote) VALUES (?, 'u1', 'price', -1)", [NOW])
    conn.execute(
        "INSERT INTO flows (time, user_key, flow, met, total, verdict, flags)"
        " VALUES (?, 'u1', 'checklist', 5, 8, 'ok', '')",
        [NOW],
    )
    conn.execute("PRAGMA user_version = 1")
    conn.commit()
    conn.close()


def test_v1_file_upgrades_in_place_keeping_every_row(db_path: Path, monkeypatch):
    write_v1_file(db_path)
    monkeypatch.setattr(time, "time", lambda: NOW)  # so the rows are not past retention on open
    store = Store.open(db_path, key=KEY)
    assert store.version == SCHEMA_VERSION
    assert store.counts() == {"sessions": 1, "messages": 2, "feedback": 1, "flows": 1}
    assert "user_key" in store.db["sessions"].columns_dict
    assert {"status", "source"} <= set(store.db["flows"].columns_dict)
    assert store.rows("flows")[0]["status"] == "finished"
    assert store.rows("messages")[0]["text"] == "what is plated"
    store.close()


def test_newer_schema_is_refused(db_path: Path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(SchemaTooNew):
        Store.open(db_path, key=KEY)


# -- Sessions ----------------------------------------------------------------


def test_session_round_trip(store: Store):
    assert store.load_session(10) == {}
    store.save_session(10, {"flow": "checklist", "step": 2}, now=NOW)
    assert store.load_session(10) == {"flow": "checklist", "step": 2}
    assert store.load_session(11) == {}


def test_sessions_are_stored_under_a_keyed_hash(store: Store, db_path: Path):
    store.save_session(123456789, {"step": 1}, now=NOW)
    (chat_key,) = raw(db_path, "SELECT chat_key FROM sessions")[0]
    assert "123456789" not in chat_key
    assert chat_key == store.chat_key(123456789)


def test_record_turn_saves_the_new_state(store: Store):
    store.record_turn(user_id=1, chat_id=1, turn=turn(state={"flow": "screening", "step": 0}), now=NOW)
    assert store.load_session(1) == {"flow": "screening", "step": 0}


# -- Recording ---------------------------------------------------------------


@pytest.mark.parametrize("text", ["what is plated", None])
def test_a_message_row_holds_what_the_asked_event_carries(store: Store, text):
    store.record_turn(user_id=1, chat_id=1, turn=turn(SUGGEST, text=text, intent="plated"), now=NOW)
    (row,) = store.rows("messages")
    assert (row["outcome"], row["intent"], row["score"], row["text"]) == (SUGGEST, "plated", 0.5, text)
    assert row["user_key"] == store.user_key(1)


def test_button_press_records_no_message(store: Store):
    store.record_turn(user_id=1, chat_id=1, turn=turn(state={"menu": True}), now=NOW)
    assert store.counts()["messages"] == 0


def test_feedback_events_are_recorded_and_bad_votes_dropped(store: Store):
    events = [Feedback("price", 1), Feedback("price", -1), Feedback("price", 5)]
    store.record_turn(user_id=1, chat_id=1, turn=turn(events=events), now=NOW)
    assert [(r["intent"], r["vote"]) for r in store.rows("feedback")] == [("price", 1), ("price", -1)]


def test_flow_events_become_flow_rows(store: Store, db_path: Path):
    events = [FlowStarted("checklist"), FlowFinished("checklist", met=5, total=8, verdict="promising", source="plant")]
    store.record_turn(user_id=1, chat_id=1, turn=turn(events=events), now=NOW)
    rows = store.rows("flows")
    assert [(r["flow"], r["status"]) for r in rows] == [("checklist", "started"), ("checklist", "finished")]
    assert (rows[1]["met"], rows[1]["total"], rows[1]["verdict"], rows[1]["source"]) == (5, 8, "promising", "plant")


def test_record_turn_is_one_transaction(store: Store):
    store.save_session(1, {"before": True}, now=NOW)
    class Broken:
        def __str__(self) -> str:
            raise RuntimeError("fails after the session and message rows are written")

    events = [Feedback("price", 1), Feedback(Broken(), 1)]  # type: ignore[arg-type]
    bad = turn(FALLBACK, text="x", state={"after": True}, events=events)
    with pytest.raises(sqlite3.Error):  # the second feedback row cannot be written
        store.record_turn(user_id=1, chat_id=1, turn=bad, now=NOW)
    assert store.load_session(1) == {"before": True}
    assert store.counts()["messages"] == 0
    assert store.counts()["feedback"] == 0


def test_an_erase_turn_records_nothing(store: Store):
    erase = turn(FALLBACK, text="yes forget me", state={"menu": True}, events=[Feedback("price", 1), EraseRequested()])
    store.record_turn(user_id=1, chat_id=1, turn=erase, now=NOW)
    assert store.counts() == {"sessions": 0, "messages": 0, "feedback": 0, "flows": 0}


# -- Retention ---------------------------------------------------------------


def test_purge_expired_deletes_old_rows_only(store: Store):
    old, recent = NOW - 31 * DAY, NOW - 29 * DAY
    for when, user in ((old, 1), (recent, 2)):
        events = [Feedback("price", -1), FlowFinished("screening", flags=("pregnancy",))]
        store.record_turn(user_id=user, chat_id=user, turn=turn(FALLBACK, text="q", events=events), now=when)
    assert store.purge_expired(NOW) == 4  # session, message, feedback, flow result of user 1
    assert store.counts() == {"sessions": 1, "messages": 1, "feedback": 1, "flows": 1}
    assert store.rows("messages")[0]["user_key"] == store.user_key(2)
    assert store.load_session(1) == {}


def test_purge_drops_abandoned_flow_sessions_after_the_flow_timeout(store: Store):
    store.save_session(1, {"flow": {"flow": "screening", "path": [["q1", "yes"]]}}, now=NOW - 25 * 3600)
    store.save_session(2, {"flow": None, "last": "price"}, now=NOW - 25 * 3600)
    store.save_session(3, {"flow": "checklist"}, now=NOW - 23 * 3600)
    assert store.purge_expired(NOW) == 1
    assert (store.load_session(1), store.load_session(2)["last"], store.load_session(3)) == (
        {}, "price", {"flow": "checklist"})


def test_open_purges_expired_rows(db_path: Path):
    store = Store.open(db_path, key=KEY, retention_days=1)
    store.record_turn(user_id=1, chat_id=1, turn=turn(FALLBACK, text="q"), now=time.time() - 2 * DAY)
    store.record_turn(user_id=2, chat_id=2, turn=turn(FALLBACK, text="q"), now=time.time())
    store.close()
    store = Store.open(db_path, key=KEY, retention_days=1)
    assert store.counts()["messages"] == 1
    store.close()


# -- Durability --------------------------------------------------------------


def test_sigkill_while_writing_keeps_every_committed_row(db_path: Path):
    writer = Path(__file__).with_name("sigkill_writer.py")
    proc = subprocess.Popen([sys.executable, str(writer), str(db_path)], stdout=subprocess.PIPE, text=True)
    committed = 0
    try:
        for line in proc.stdout:
            committed = int(line)
            if committed >= 150:
                break
    finally:
        proc.send_signal(signal.SIGKILL)
        # Read the rest through the same file object: its buffer may already hold lines read ahead.
        rest = proc.stdout.read() if proc.stdout else ""
        proc.wait(timeout=10)
    committed = max([committed, *(int(n) for n in rest.split())])
    assert proc.returncode == -signal.SIGKILL
    assert committed >= 150

    assert raw(db_path, "PRAGMA integrity_check") == [("ok",)]
    store = Store.open(db_path, key=b"sigkill-test")
    counts = store.counts()
    assert committed <= counts["messages"] <= committed + 1
    assert counts["feedback"] == counts["messages"]
    assert store.rows("messages")[committed - 1]["text"] == f"question {committed}"
    store.record_turn(user_id=1, chat_id=1, turn=turn(FALLBACK, text="after restart"), now=2e9 + 10_000)
    assert store.counts()["messages"] == counts["messages"] + 1
    store.close()


# -- The update log: inbox and handled ids -------------------------------------------


def test_an_update_is_stored_once_and_handled_with_its_turn(store: Store, db_path: Path):
    assert store.inbox_add(41, '{"update_id": 41}', NOW)
    assert not store.inbox_add(41, '{"update_id": 41}', NOW), "delivered again while waiting"
    assert store.inbox_pending() == [(41, '{"update_id": 41}')]
    store.record_turn(user_id=1, chat_id=1, turn=turn(FALLBACK, text="hi", state={"n": 1}), now=NOW, update_id=41)
    assert store.inbox_pending() == [] and store.is_handled(41)
    assert not store.inbox_add(41, '{"update_id": 41}', NOW), "delivered again after it was handled"
    assert raw(db_path, "SELECT update_id FROM handled") == [(41,)]
    assert store.load_session(1) == {"n": 1}


def test_a_failed_turn_leaves_its_update_waiting(store: Store, monkeypatch):
    store.inbox_add(7, "{}", NOW)
    monkeypatch.setattr(store, "_record_event", lambda *a: (_ for _ in ()).throw(RuntimeError("disk")))
    with pytest.raises(RuntimeError):
        store.record_turn(user_id=1, chat_id=1, turn=turn(events=[Feedback("price", 1)], state={"n": 2}),
                          now=NOW, update_id=7)
    assert store.inbox_pending() == [(7, "{}")] and not store.is_handled(7), "one transaction: all or nothing"
    assert store.load_session(1) == {}


def test_handled_ids_are_kept_two_days(store: Store):
    store.mark_handled(5, NOW)
    store.purge_expired(NOW + DAY)
    assert store.is_handled(5)
    store.purge_expired(NOW + 3 * DAY)
    assert not store.is_handled(5)
