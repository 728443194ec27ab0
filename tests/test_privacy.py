"""Privacy by default: no raw text where it must not be, forget erases a user completely, and /privacy
says exactly what the code does (every promise in the template is checked against a real store)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST, Incoming, Turn
from bot.engine.events import Asked, Feedback, FlowFinished, FlowStarted
from bot.engine.render import to_plain
from bot.ops.evaluate import read_labelled
from bot.store import Store

NOW = 1_800_000_000.0
ALICE, BOB, CAROL, GROUP = 1111, 2222, 3333, -100123


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


def every_value(store: Store, but: str = "") -> list[str]:
    """Return every value in every table (but one) as text."""
    values = []
    for table in store.db.table_names():
        if table == but:
            continue
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


# -- /privacy, promise by promise ------------------------------------------------------
#
# The rendered /privacy text is split into its promises (bullets and paragraphs). Each promise is
# matched by its opening words to a check below that holds the store to it. A promise without a
# check, or a check whose promise is gone, fails the test: the text and the code cannot drift apart.

DATA = Path(__file__).resolve().parent.parent / "data"
#: Messages that name a health condition, medicine or procedure, flagged or not.
HEALTH_MESSAGES = [
    "i take prednisone every day for my lupus", "huge hives on my neck after using it", "estoy embarazada",
    "my eczema is bad in winter, any serum for it?", "I'm not pregnant, what are exosomes", "my sister is pregnant",
    "does exosome serum cause cancer", "i had shingles 10 years ago", "I take isotretinoin",
]


def promises(engine) -> list[str]:
    """The rendered /privacy text, split into promises (its heading left out)."""
    text = to_plain(engine.system_reply("privacy", retention_days=engine.retention_days,
                                        flow_timeout_hours=round(engine.flow_timeout_s / 3600)).text)
    parts = [p.strip(" •") for block in text.split("\n\n") for p in block.split("\n")]
    return [p for p in parts if p and p != "What exobot stores, and why"]


def number(promise: str, pattern: str) -> int:
    """A number the promise states ("after 30 days")."""
    return int(re.search(pattern, promise).group(1))


def run_checklist(engine, store: Store, user: int, product: str) -> None:
    """Go through the product checklist, naming the product, pressing the first answer each time."""
    state = engine.new_state()
    turns = [engine.handle(state, Incoming("/checklist", now=NOW))]
    turns.append(engine.handle(turns[-1].state, Incoming(product, now=NOW + 1)))
    for n in range(20):
        button = next((b for b in turns[-1].buttons if b.data.startswith("f:")), None)
        if button is None:  # the result card: no question left
            break
        turns.append(engine.handle(turns[-1].state, Incoming(button=button.data, now=NOW + 2 + n)))
    turns.append(engine.handle(turns[-1].state, Incoming("what does plated mean?", now=NOW + 30)))  # leaves the card
    for turn in turns:
        store.record_turn(user_id=user, chat_id=user, turn=turn, now=NOW)


def check_who_you_are(store: Store, db_path: Path, engine, promise: str) -> None:
    assert "never your name or username" in promise
    talk(store, engine, ALICE, "hi", "what does plated mean?", "/screen")
    assert str(ALICE).encode() not in file_bytes(db_path)
    key = store.user_key(ALICE)
    assert re.fullmatch(r"[0-9a-f]{64}", key)
    assert key != Store.open(db_path.with_name("other.db"), key=b"another-secret").user_key(ALICE)


def check_where_you_are(store: Store, db_path: Path, engine, promise: str) -> None:
    hours = number(promise, r"left for (\d+) hours")
    assert hours == store.flow_timeout_hours
    assert "answers so far" in promise and "product name too, until the checklist ends" in promise
    assert "go when you leave the result card" in promise
    talk(store, engine, ALICE, "what does plated mean?")
    assert "topic of your last skincare answer" in promise
    session = store.load_session(ALICE)
    assert set(session) <= {"flow", "topic_at", "last", "repeat"}, "the session holds a step, a time and a topic only"
    assert session["last"] == "plated_exosomes" and "plated mean" not in str(session), "a topic id, never the words"
    run_checklist(engine, store, CAROL, "Glowmax 3000")
    session = store.load_session(CAROL)
    assert session["flow"] is None and "Glowmax" not in str({k: v for k, v in session.items() if k != "products"}), \
        "the name is only among the two products kept for compare (the Labels and photos promise)"
    talk(store, engine, BOB, "/checklist", "Glowmax 3000")
    assert store.load_session(BOB)["flow"]["product"] == "Glowmax 3000", "kept while the checklist is open"
    store.purge_expired(NOW + hours * 3600 + 60)
    assert store.load_session(BOB) == {}, "a flow left that long is dropped"


def check_each_message(store: Store, db_path: Path, engine, promise: str) -> None:
    assert all(w in promise for w in ("time", "topic", "how sure", "safety flags"))
    talk(store, engine, ALICE, "what does plated mean?", "i'm breastfeeding, is it ok")
    rows = store.rows("messages")
    assert set(rows[0]) == {"id", "time", "user_key", "outcome", "intent", "score", "risks", "text"}
    assert rows[0]["intent"] == "plated_exosomes" and rows[0]["score"] > 0
    assert rows[1]["risks"] == "breastfeeding"


def check_question_text(store: Store, db_path: Path, engine, promise: str) -> None:
    for words in ("could not answer", "not sure", "health condition", "medicine", "procedure", "not in English",
                  "guided flow", "safety screening"):
        assert words in promise, words
    talk(store, engine, ALICE, "what time does the train to paris leave", "serum exosome thing",
         "what does plated mean?")
    assert [r["text"] for r in store.rows("messages")] == [
        "what time does the train to paris leave", "serum exosome thing", None]
    talk(store, engine, BOB, *HEALTH_MESSAGES, "¿Qué son los exosomas?", "外泌体是什么")
    talk(store, engine, CAROL, "/screen", "nope", "I take isotretinoin", "not sure")
    talk(store, engine, CAROL, "/checklist", "what time does the train leave")
    kept = [r["text"] for r in store.rows("messages") if r["text"] is not None]
    assert kept == ["what time does the train to paris leave", "serum exosome thing"]


LABEL = ("Zanzibar Moonlight Exosome Serum 30 mL, $89. Our exosomes come from human umbilical cord MSC cultures, "
         "isolated by tangential flow filtration. Markers CD63 and CD81. A quiet ritual for tired skin. "
         "Ingredients: Water, Glycerin, Niacinamide, Squalane, Panthenol, Phenoxyethanol.")


def check_labels_and_photos(store: Store, db_path: Path, engine, promise: str) -> None:
    assert "never stored" in promise and "not its text, not the photo" in promise
    assert "go when you leave the result card" in promise and "last two checked products" in promise
    hours = number(promise, r"dropped (\d+) hours")
    assert hours == store.flow_timeout_hours
    talk(store, engine, ALICE, LABEL, "btn:lb:ok", "Zen", *["btn:f:third_party:no", "btn:f:stability:no",
                                                           "btn:f:evidence:no", "btn:f:guidance:no",
                                                           "btn:f:price_value:no"])
    assert store.load_session(ALICE)["flow"]["done"], "the result card shows"
    assert not any("Zanzibar" in v or "quiet ritual" in v for v in every_value(store)), "the text is never stored"
    assert "tangential flow filtration" in str(store.load_session(ALICE)), "the supporting words, for the card"
    assert [r["text"] for r in store.rows("messages")][0] is None and store.rows("messages")[0]["outcome"] == "label"
    turn = engine.handle(store.load_session(ALICE), Incoming("what does plated mean?", now=NOW + 30))
    store.record_turn(user_id=ALICE, chat_id=ALICE, turn=turn, now=NOW + 30)
    session = store.load_session(ALICE)
    assert "tangential" not in str(session) and [p["name"] for p in session["products"]] == ["Zen"]
    photo = engine.handle(engine.new_state(), Incoming(LABEL, now=NOW, photo=True))
    store.record_turn(user_id=BOB, chat_id=BOB, turn=photo, now=NOW)
    assert not any("Zanzibar" in v for v in every_value(store)) and "/forget" in promise
    talk(store, engine, ALICE, "/forget", "btn:forget:yes")
    assert store.forget_user(ALICE) and store.load_session(ALICE) == {}
    store.purge_expired(NOW + hours * 3600 + 60)
    assert store.load_session(BOB) == {}, "a session left that long is dropped, products and all"


def check_feedback(store: Store, db_path: Path, engine, promise: str) -> None:
    assert "never the product name" in promise
    talk(store, engine, ALICE, "what does plated mean?", "btn:fb:+:plated_exosomes")
    assert [(r["intent"], r["vote"]) for r in store.rows("feedback")] == [("plated_exosomes", 1)]
    run_checklist(engine, store, BOB, "Glowmax 3000 Miracle Serum")
    finished = [r for r in store.rows("flows") if r["status"] == "finished"]
    assert finished and finished[0]["total"] == 8
    assert not any("Glowmax" in v for v in every_value(store, but="sessions")), "the result is kept, never the name"


def check_retention_and_forget(store: Store, db_path: Path, engine, promise: str) -> None:
    days = number(promise, r"after (\d+) days")
    assert days == store.retention_days == engine.retention_days and "/forget" in promise
    a_full_history(store, ALICE, "alice asks")
    store.purge_expired(NOW + days * 86400 + 60)
    assert store.counts() == {"sessions": 0, "messages": 0, "feedback": 0, "flows": 0}
    a_full_history(store, BOB, "bob asks")
    talk(store, engine, BOB, "/forget", "btn:forget:yes")
    assert store.forget_user(BOB) and store.counts()["messages"] == 0


CHECKS = {
    "Who you are:": check_who_you_are,
    "Where you are:": check_where_you_are,
    "Labels and photos:": check_labels_and_photos,
    "For each message:": check_each_message,
    "Question text:": check_question_text,
    "Your feedback:": check_feedback,
    "Everything is deleted after": check_retention_and_forget,
    # About Telegram's own copy of the chat, not about exobot's store: nothing to check here.
    "Telegram keeps its own copy": None,
}


def test_every_promise_in_privacy_has_a_check_and_every_check_a_promise(engine) -> None:
    said = promises(engine)
    for promise in said:
        assert sum(promise.startswith(opening) for opening in CHECKS) == 1, f"no check for: {promise!r}"
    for opening in CHECKS:
        assert any(p.startswith(opening) for p in said), f"/privacy no longer says: {opening!r}"


@pytest.mark.parametrize("opening", [o for o, check in CHECKS.items() if check])
def test_the_store_keeps_each_privacy_promise(opening: str, store: Store, db_path: Path, engine) -> None:
    [promise] = [p for p in promises(engine) if p.startswith(opening)]
    CHECKS[opening](store, db_path, engine, promise)


def test_no_risk_vocabulary_in_any_stored_text(store: Store, db_path: Path, engine) -> None:
    """Every shipped risk line that may be studied goes through engine and store; no kept text names a health matter."""
    lines = [text for name in ("risk/risk_tune.tsv", "dev/dev_risk.tsv", "blind/risk.tsv", "blind2/risk.tsv")
             for text, _ in read_labelled(DATA / name)]
    for n, text in enumerate(lines):
        talk(store, engine, 10_000 + n, text)
    kept = [r["text"] for r in store.rows("messages") if r["text"]]
    assert kept, "some plain questions are still kept for editors"
    for text in kept:
        reading = engine.risk.read(text)
        assert not (reading.flags or reading.general_flags or reading.health_mention or reading.foreign), text
