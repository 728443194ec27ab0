"""`exobot` as an operator runs it: a real process, real settings, the strict fake Bot API on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from bot.engine.conversation import Incoming
from bot.store import Store
from tests.fakebot import FakeBotApi, Sent

ROOT = Path(__file__).resolve().parent.parent
CHAT = 4242


def wait_for(api: FakeBotApi, chat: int, timeout: float = 30.0) -> list[Sent]:
    """Wait until the bot has shown `chat` something, and return it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        sent = api.pop(chat)
        if sent:
            time.sleep(0.3)  # a reply may come in several messages
            return sent + api.pop(chat)
        time.sleep(0.05)
    raise AssertionError("the bot did not answer in time")


def test_exobot_with_a_token_runs_on_telegram_and_stops_cleanly(tmp_path: Path) -> None:
    api = FakeBotApi().start()
    db = tmp_path / "exobot.db"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "EXOBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, EXOBOT_DB=str(db),
               EXOBOT_USER_KEY="process-test-key")
    proc = subprocess.Popen([sys.executable, "-m", "bot"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        api.push_text(CHAT, "/start")
        welcome = wait_for(api, CHAT)
        assert "exobot" in welcome[0].text
        assert api.calls_of("setMyCommands"), "commands are registered at start-up"
        api.push_text(CHAT, "/checklist")
        question = wait_for(api, CHAT)
        assert "f:product:skip" in [data for _, data in question[-1].buttons]
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
        api.stop()
    assert proc.returncode == 0, output
    assert api.token not in output, "the token never reaches the logs"
    store = Store.open(db, key=b"process-test-key")
    try:
        state = store.load_session(CHAT)
    finally:
        store.close()
    assert state["flow"]["flow"] == "checklist", "the session survives the process"


# -- kill -9 mid-burst, then a restart ------------------------------------------------------

CHATS = (4301, 4302, 4303, 4304, 4305)
PER_CHAT = 20


def _env(api: FakeBotApi, db: Path, **extra: str) -> dict[str, str]:
    """Return the environment of an exobot process talking to the fake."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "EXOBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, EXOBOT_DB=str(db),
               EXOBOT_USER_KEY="process-test-key", **extra)
    return env


def _start(env: dict[str, str]) -> subprocess.Popen:
    """Start `python -m bot telegram`."""
    return subprocess.Popen([sys.executable, "-m", "bot", "telegram"], cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)


def _answered(api: FakeBotApi) -> int:
    """Return how many messages the bot has shown so far."""
    with api._lock:
        return len(api.outbox)


def _wait_until(condition, timeout: float = 60.0) -> None:
    """Wait (bounded) until condition() holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the bot did not answer in time"
        time.sleep(0.02)


def test_kill_9_mid_burst_loses_nothing_and_repeats_at_most_the_update_in_flight(tmp_path: Path, engine) -> None:
    from tests.test_telegram_faults import distinct_questions

    questions = distinct_questions(engine, PER_CHAT)
    answers = {engine.handle(engine.new_state(), Incoming(text=q, now=0.0)).replies[0].text: n
               for n, q in enumerate(questions)}
    api = FakeBotApi().start()
    api.slow("sendMessage", 0.02)  # a few milliseconds per reply, so the kill lands mid-burst
    env = _env(api, tmp_path / "exobot.db", EXOBOT_RATE_LIMIT="off", EXOBOT_FLOOD_MESSAGES="0")
    proc = _start(env)
    try:
        for n in range(PER_CHAT):
            for chat in CHATS:
                api.push_text(chat, questions[n])
        _wait_until(lambda: _answered(api) >= 30)
        proc.kill()  # SIGKILL: no clean-up of any kind
        proc.communicate(timeout=30)
        killed_at = _answered(api)
        assert killed_at < len(CHATS) * PER_CHAT, "the kill came mid-burst"
        proc = _start(env)
        _wait_until(lambda: {answers.get(s.html) for s in api.outbox} >= set(range(PER_CHAT))
                    and all(len({answers[s.html] for s in api.outbox if s.chat_id == c}) == PER_CHAT for c in CHATS))
        time.sleep(0.3)  # anything still on its way
    finally:
        proc.send_signal(signal.SIGINT)
        output, _ = proc.communicate(timeout=30)
        api.stop()
    assert api.token not in output
    twice = 0
    for chat in CHATS:
        shown = [answers[s.html] for s in api.outbox if s.chat_id == chat]
        deduplicated = [n for i, n in enumerate(shown) if i == 0 or shown[i - 1] != n]
        assert deduplicated == list(range(PER_CHAT)), f"chat {chat}: every question answered, in order"
        assert len(shown) - PER_CHAT <= 1, f"chat {chat}: only the update in flight may be answered twice"
        twice += len(shown) - PER_CHAT
    assert twice <= len(CHATS)
    print(f"killed after {killed_at} of {len(CHATS) * PER_CHAT} answered; {twice} answered twice")


# -- Start-up failures: one clear line, non-zero exit, never the token ---------------------


def _run_once(env: dict[str, str]) -> tuple[int, str]:
    """Run `python -m bot telegram` to its end; return (exit status, everything it printed)."""
    done = subprocess.run([sys.executable, "-m", "bot", "telegram"], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=60)
    return done.returncode, (done.stdout + done.stderr).strip()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_start_up_failures_print_one_clear_line_and_exit_non_zero(tmp_path: Path) -> None:
    api = FakeBotApi().start()
    try:
        wrong = "999999:not-the-right-token-at-all"
        status, out = _run_once(dict(_env(api, tmp_path / "a.db"), TELEGRAM_BOT_TOKEN=wrong))
        assert status == 1 and out.splitlines() == [out] and "refused the bot token" in out, out
        assert "not-the-right-token" not in out
        unreachable = f"http://127.0.0.1:{_free_port()}/bot"
        status, out = _run_once(dict(_env(api, tmp_path / "b.db"), TELEGRAM_API_BASE_URL=unreachable))
        assert status == 1 and out.splitlines() == [out] and "cannot reach the Telegram Bot API" in out, out
        with socket.socket() as taken:
            taken.bind(("0.0.0.0", 0))
            taken.listen()
            port = taken.getsockname()[1]
            env = _env(api, tmp_path / "c.db", WEBHOOK_URL="https://exobot.example.org/hook", PORT=str(port))
            status, out = _run_once(env)
        assert status == 1 and out.splitlines() == [out] and f"port {port}" in out, out
        assert api.token not in out and api.token.partition(":")[2] not in out
    finally:
        api.stop()
