"""`exobot` as an operator runs it: a real process, real settings, the strict fake Bot API on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from bot.store import Store
from tests.fake_bot_api import FakeBotApi, Sent

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
