"""Privacy by default: no raw text where it must not be, and forget erases a user completely."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST, Incoming, Turn
from bot.engine.events import Asked, Feedback, FlowFinished, FlowStarted
from bot.store import Store

NOW = 1_800_000_000.0
ALICE, BOB, GROUP = 1111, 2222, -100123


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return a fresh database path in a temp folder."""
    return tmp_path / "exobot.db"


@pytest.fixture
def store(db_path: Path):
    """Open a store on a real file and close it afterwards."""
    store = Store.open(db_path, key=b"privacy-secret")
    yield store
    store.close()


def file_bytes(db_path: Path) -> bytes:
    """Return the database and its WAL as bytes, everything a copy of the file would hold."""
    wal = Path(f"{db_path}-wal")
    return db_path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def every_value(store: Store) -> list[str]:
    """Return every value in every table as text."""
    values = []
    for table in store.db.table_names():
        for row in store.db[table].rows:
            values.extend(str(v) for v in row.values())
    return values


def say(store: Store, user: int, *events, state=None, chat=None) -> None:
    """Record one turn carrying these events, the way the Telegram adapter does."""
    turn = Turn(replies=[], state=state or {}, events=list(events))
    store.record_turn(user_id=user, chat_id=user if chat is None else chat, turn=turn, now=NOW)


def talk(store: Store, engine, user: int, *messages: str) -> None:
    """Run a conversation through the real engine and record every turn."""
    state = engine.new_state()
    for n, text in enumerate(messages):
        incoming = Incoming(button=text[4:], now=NOW + n) if text.startswith("btn:") else Incoming(text, now=NOW + n)
        turn = engine.handle(state, incoming)
        store.record_turn(user_id=user, chat_id=user, turn=turn, now=NOW + n)
        state = turn.state


def a_full_history(store: Store, user: int, text: str) -> None:
    """Give a user rows in every table: session, message, feedback, flow start and results."""
    say(store, user, Asked(FALLBACK, score=0.2, text=text))
    say(store, user, Asked(ANSWER, intent="price", score=0.9), Feedback("price", -1))
    say(store, user, FlowStarted("screening"), state={"flow": "screening", "step": 0})
    say(store, user, FlowFinished("screening", flags=("pregnancy",)))
    say(store, user, Asked(SUGGEST, intent="plated", score=0.6, text="group question"), chat=GROUP)


# -- Raw text ----------------------------------------------------------------


@pytest.mark.parametrize("text", ["I am pregnant and my face is swelling", "i might be pregnant, what are exosomes",
                                  "breastfeeding and wondering about plated exosomes"])
def test_no_raw_text_for_a_risk_flagged_message(store: Store, db_path: Path, engine, text: str):
    talk(store, engine, ALICE, text)
    (row,) = store.rows("messages")
    assert row["text"] is None and row["risks"]
    assert text.encode() not in file_bytes(db_path)


def test_no_raw_text_for_a_screening_answer(store: Store, db_path: Path, engine):
    talk(store, engine, ALICE, "/screen", "nope", "I take isotretinoin", "no longer", "no", "no", "no", "no", "no")
    assert all(row["text"] is None for row in store.rows("messages"))
    assert b"isotretinoin" not in file_bytes(db_path)
    assert b"no longer" not in file_bytes(db_path)
    assert [r["status"] for r in store.rows("flows")][0] == "started"


def test_fallback_text_outside_flows_is_kept_for_editors(store: Store, engine):
    talk(store, engine, ALICE, "what time does the train to paris leave")
    assert store.rows("messages")[0]["text"] == "what time does the train to paris leave"


def test_the_store_keeps_exactly_the_text_the_event_carries(store: Store, db_path: Path):
    say(store, ALICE, Asked(FALLBACK, score=0.1, text=None), Asked(SUGGEST, score=0.4, text="kept words"))
    assert [r["text"] for r in store.rows("messages")] == [None, "kept words"]


def test_telegram_ids_are_never_stored(store: Store, db_path: Path):
    a_full_history(store, ALICE, "alice asks")
    data = file_bytes(db_path)
    assert str(ALICE).encode() not in data
    assert str(GROUP).encode() not in data


# -- Forget ------------------------------------------------------------------


def test_forget_erases_every_row_tied_to_the_user(store: Store):
    a_full_history(store, ALICE, "alice asks about collagen")
    a_full_history(store, BOB, "bob asks about peptides")
    alice = {store.user_key(ALICE), store.chat_key(ALICE)}
    before = store.counts()

    erased = store.forget_user(ALICE)

    values = every_value(store)
    assert not alice & set(values)
    assert not any("collagen" in v for v in values)
    assert erased == sum(before.values()) - sum(store.counts().values())
    assert store.load_session(ALICE) == {}
    assert any("peptides" in v for v in values)
    assert store.user_key(BOB) in values


def test_forget_leaves_no_trace_in_the_file(store: Store, db_path: Path):
    a_full_history(store, ALICE, "alice asks about collagen")
    a_full_history(store, BOB, "bob asks about peptides")
    store.forget_user(ALICE)
    data = file_bytes(db_path)
    assert store.user_key(ALICE).encode() not in data
    assert store.chat_key(ALICE).encode() not in data
    assert b"collagen" not in data
    assert store.user_key(BOB).encode() in data


def test_forget_clears_the_group_session_the_user_last_wrote(store: Store):
    say(store, ALICE, chat=GROUP, state={"flow": "checklist", "step": 1})
    store.forget_user(ALICE)
    assert store.load_session(GROUP) == {}


def test_forget_for_an_unknown_user_erases_nothing(store: Store):
    a_full_history(store, BOB, "bob")
    before = store.counts()
    assert store.forget_user(ALICE) == 0
    assert store.counts() == before


def test_forget_survives_a_restart(db_path: Path):
    store = Store.open(db_path, key=b"k")
    a_full_history(store, ALICE, "alice asks")
    store.forget_user(ALICE)
    store.close()
    store = Store.open(db_path, key=b"k")
    assert store.counts() == {"sessions": 0, "messages": 0, "feedback": 0, "flows": 0}
    store.close()
