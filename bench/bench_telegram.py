"""Benchmark exobot on Telegram end to end: the real `python -m bot telegram` against the fake Bot API.

Run from the project root:  python bench/bench_telegram.py [SCENARIO ...] [--json]

Scenarios (all by default):
  load      many users asking questions and walking both flows, pacing off (EXOBOT_RATE_LIMIT=off):
            updates/s end to end, update-to-reply p50/p99, peak resident memory of the bot
  paced     the same users at a steady 30 updates/s with production settings (pacing on, flood guard on)
  sessions  10,000 users each leave a session (mid-checklist); resident memory with them stored
  flood     one user sends 300 messages at once while five others ask a question (production settings)
  faults    users walk flows while 429s, 500s, 502 pages, dropped connections and timeouts hit every
            method a reply depends on: lost replies, unanswered presses, replies out of order

The bot runs in its own process (resident memory is its own; BENCH_PROFILE=FILE runs it under
cProfile); the fake Bot API runs here, over loopback. Each simulated user keeps a replica of the
conversation on its own engine, so it knows exactly which replies to expect (lost, doubled or
out-of-order replies are counted).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.adapters.telegram_format import split_html  # noqa: E402
from bot.content import load_engine  # noqa: E402
from bot.engine.conversation import Incoming  # noqa: E402
from tests.fakebot import FakeBotApi, Sent  # noqa: E402

TARGETS = {"load_updates_per_s": 300, "paced_p99_ms": 50, "sessions_rss_mb": 150, "flood_others_s": 2.0}
FIRST_USER = 10_000_000


class User:
    """One simulated user: a script of questions and flows, and a replica of the conversation."""

    def __init__(self, chat_id: int, engine, questions: list[str], rng: random.Random, flows: bool = True,
                 first: tuple[str, ...] = ()) -> None:
        self.chat_id, self.engine, self.rng = chat_id, engine, rng
        self.questions, self.flows = questions, flows
        self.state = engine.new_state()
        self.plan: list[str] = list(first)
        self.expected: list[str] = []
        self.seen: list[Sent] = []
        self.pushed_at = 0.0
        self.last_message_id: int | None = None
        self.pending_press: str | None = None

    def next_action(self) -> tuple[str, str]:
        """Return the next ("text" | "press", payload) and update the replica."""
        if self.pending_press is not None:
            kind, payload = "press", self.pending_press
            turn = self.engine.handle(self.state, Incoming(button=payload, now=time.time()))
        else:
            if not self.plan:
                self.plan = [self.rng.choice(self.questions) for _ in range(3)]
                if self.flows:
                    self.plan.insert(1, self.rng.choice(["/screen", "/checklist"]))
            kind, payload = "text", self.plan.pop(0)
            turn = self.engine.handle(self.state, Incoming(text=payload, now=time.time()))
        self.state = turn.state
        self.expected = [p for r in turn.replies for p in split_html(r.text)]
        choices = [b.data for b in turn.buttons
                   if b.data.startswith("f:") and not b.data.endswith((":back", ":cancel"))]
        self.pending_press = self.rng.choice(choices) if choices else None
        self.seen = []
        return kind, payload


class Bench(FakeBotApi):
    """The fake Bot API, driving users: each reply that completes a turn triggers the user's next action."""

    def setup(self, users: list[User], actions_per_user: int, paced: float | None = None) -> None:
        """Prepare a run: closed loop (next action as soon as answered) or paced (a fixed overall rate)."""
        self.waiting_users: list[User] = []
        self.users = {u.chat_id: u for u in users}
        self.left = {u.chat_id: actions_per_user for u in users}
        self.paced = paced
        self.latencies: list[float] = []
        self.problems = {"doubled_or_unexpected": 0, "out_of_order": 0}
        self.finished = threading.Event()
        self.idle = {u.chat_id for u in users}

    def act(self, user: User) -> None:
        """Push the user's next action."""
        self.idle.discard(user.chat_id)
        self.left[user.chat_id] -= 1
        kind, payload = user.next_action()
        user.pushed_at = time.monotonic()
        if kind == "text":
            self.push_text(user.chat_id, payload)
        else:
            self.push_callback(user.chat_id, payload, message_id=user.last_message_id)

    def on_sent(self, sent: Sent) -> None:
        """Check the reply against the replica; when the turn is complete, go on."""
        user = self.users.get(sent.chat_id)
        if user is None:
            return
        index = len(user.seen)
        if index >= len(user.expected):
            self.problems["doubled_or_unexpected"] += 1
            return
        if sent.html != user.expected[index]:
            self.problems["out_of_order"] += 1
        if index == 0:
            self.latencies.append(sent.at - user.pushed_at)
        user.seen.append(sent)
        user.last_message_id = sent.message_id
        if len(user.seen) < len(user.expected):
            return
        if self.left[user.chat_id] > 0 and self.paced is None:
            self.act(user)
        else:
            self.idle.add(user.chat_id)
            if self.waiting_users and self.paced is None:
                self.act(self.waiting_users.pop())
            if all(n == 0 for n in self.left.values()) and len(self.idle) == len(self.users):
                self.finished.set()


def bot_process(api: FakeBotApi, db: Path, **settings: str) -> subprocess.Popen:
    """Start `python -m bot telegram` against the fake (its log beside the database) and wait until it polls."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "WEBHOOK_", "EXOBOT_"))}
    env.update(TELEGRAM_BOT_TOKEN=api.token, TELEGRAM_API_BASE_URL=api.base_url, EXOBOT_DB=str(db),
               EXOBOT_USER_KEY="bench-key", EXOBOT_LOG_LEVEL="WARNING", PYTHONPATH=str(ROOT), **settings)
    profile = ["-m", "cProfile", "-o", os.environ["BENCH_PROFILE"]] if os.environ.get("BENCH_PROFILE") else []
    log = open(f"{db}.log", "w")  # noqa: SIM115 - the bot writes to it until stop()
    proc = subprocess.Popen([sys.executable, *profile, "-m", "bot", "telegram"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=log)
    proc.log_path = log.name  # type: ignore[attr-defined]
    deadline = time.monotonic() + 30
    while not api.calls_of("getUpdates"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the bot did not start: {Path(log.name).read_text()}")
        time.sleep(0.05)
    return proc


def memory_mb(pid: int) -> dict[str, float]:
    """Return the process's resident memory now and at its peak (MB)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = int(value.split()[0]) / 1024
    ticks = os.sysconf("SC_CLK_TCK")
    utime, stime = (int(v) for v in Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[11:13])
    return {"rss_mb": round(fields["VmRSS"], 1), "peak_rss_mb": round(fields["VmHWM"], 1),
            "bot_cpu_s": round((utime + stime) / ticks, 2)}


def stop(proc: subprocess.Popen) -> str:
    """Stop the bot cleanly and return what it logged."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
    return Path(proc.log_path).read_text()  # type: ignore[attr-defined]


def percentile(values: list[float], q: float) -> float:
    """Return the q-quantile (0..1) of values."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * (len(ordered) - 1) + 0.5))] if ordered else float("nan")


def questions() -> list[str]:
    """Return the shipped dev questions (the messages users ask)."""
    from bot.ops.evaluate import read_labelled

    return [t for t, _ in read_labelled(ROOT / "data" / "dev" / "dev_questions.tsv")]


def run_users(count: int, actions: int, *, paced: float | None = None, flows: bool = True, at_once: int = 0,
              first: tuple[str, ...] = (), timeout: float = 600, faults: bool = False, **settings: str) -> dict:
    """Run `count` users for `actions` updates each against a fresh bot; return the figures."""
    engine, texts = load_engine(), questions()
    rng = random.Random(12)
    users = [User(FIRST_USER + n, engine, texts, random.Random(rng.random()), flows, first) for n in range(count)]
    api = Bench().start()
    api.timeout_delay = 6.0  # past PTB's 5 s read timeout: the call is carried out, the answer comes too late
    injected = 0
    with tempfile.TemporaryDirectory() as folder:
        proc = bot_process(api, Path(folder) / "bench.db", **settings)
        try:
            api.setup(users, actions, paced)
            start = time.monotonic()
            if paced is None:
                api.waiting_users = users[at_once:][::-1] if at_once else []
                for user in users[:at_once] if at_once else users:
                    api.act(user)
            else:
                drive_paced(api, users, paced)
            while faults and injected < FAULT_BURSTS * FAULT_BURST and not api.finished.wait(1.0):
                if not api.pending_faults():
                    injected += inject_faults(api, rng)
            finished = api.finished.wait(timeout)
            elapsed = time.monotonic() - start
            memory = memory_mb(proc.pid)
        finally:
            log = stop(proc)
            api.stop()
        stored = sqlite3.connect(Path(folder) / "bench.db").execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    updates = count * actions
    messages = len(api.outbox)
    return {"users": count, "updates": updates, "seconds": round(elapsed, 2),
            "updates_per_s": round(updates / elapsed, 1), "messages_per_s": round(messages / elapsed, 1),
            "api_calls_per_s": round(sum(name != "getUpdates" for name, _ in api.calls) / elapsed, 1),
            "p50_ms": round(1000 * percentile(api.latencies, 0.5), 1),
            "p99_ms": round(1000 * percentile(api.latencies, 0.99), 1),
            "max_ms": round(1000 * max(api.latencies), 1), **memory, "sessions_stored": stored, **api.problems,
            "lost": 0 if finished else sum(len(u.seen) < len(u.expected) for u in users),
            "unanswered_presses": len(api._open_queries), "errors_logged": log.count(" ERROR "),
            **({"faults_injected": injected, "traceback_lines": log.count("Traceback")} if faults else {})}


FAULT_METHODS = ("sendMessage", "editMessageText", "answerCallbackQuery", "getUpdates")


FAULT_BURSTS, FAULT_BURST = 30, 4


def inject_faults(api: FakeBotApi, rng: random.Random) -> int:
    """Queue a burst of faults on random methods a reply depends on; return how many."""
    for _ in range(FAULT_BURST):
        api.fault(rng.choice(FAULT_METHODS), rng.choice(["429", "500", "502", "drop", "timeout"]))
    return FAULT_BURST


def drive_paced(api: Bench, users: list[User], rate: float) -> None:
    """Start one action every 1/rate seconds, round robin over users who are not waiting for a reply."""
    interval, queue, due = 1.0 / rate, list(users), time.monotonic()
    while any(api.left[u.chat_id] > 0 for u in users):
        due += interval
        time.sleep(max(0.0, due - time.monotonic()))
        for _ in range(len(queue)):
            user = queue.pop(0)
            queue.append(user)
            if api.left[user.chat_id] > 0 and user.chat_id in api.idle:
                api.act(user)
                break


def run_flood(flood_size: int = 300, others: int = 5) -> dict:
    """One user floods; the others ask one question each right after; production settings."""
    api = FakeBotApi().start()
    with tempfile.TemporaryDirectory() as folder:
        proc = bot_process(api, Path(folder) / "bench.db")
        try:
            flooder = FIRST_USER
            for n in range(flood_size):
                api.push_text(flooder, f"what does plated mean {n}")
            pushed = {FIRST_USER + 1 + n: (api.push_text(FIRST_USER + 1 + n, "what does plated mean"),
                                           time.monotonic()) for n in range(others)}
            waits = {}
            deadline = time.monotonic() + 60
            while len(waits) < others and time.monotonic() < deadline:
                for sent in list(api.outbox):
                    if sent.chat_id in pushed and sent.chat_id not in waits:
                        waits[sent.chat_id] = sent.at - pushed[sent.chat_id][1]
                time.sleep(0.01)
            time.sleep(25)  # let the flooder's allowed answers through the per-chat pacing
            flood_replies = [s.text for s in api.outbox if s.chat_id == flooder]
        finally:
            stop(proc)
            api.stop()
    slow_down = sum("slow down" in text.lower() for text in flood_replies)
    return {"flood_messages": flood_size, "others": others, "others_answered": len(waits),
            "others_max_wait_s": round(max(waits.values()), 3) if waits else None,
            "flooder_answered": len(flood_replies) - slow_down, "flooder_slow_down": slow_down,
            "flooder_dropped": flood_size - len(flood_replies)}


def main() -> int:
    """Run the chosen scenarios and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", default=["load", "paced", "sessions", "flood", "faults"])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--actions", type=int, default=20, help="updates per user (paced: a third of it)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    off = {"EXOBOT_RATE_LIMIT": "off", "EXOBOT_FLOOD_MESSAGES": "0"}
    runs = {
        "load": lambda: run_users(args.users, args.actions, **off),
        "paced": lambda: run_users(args.users, max(1, args.actions // 3), paced=30.0),
        "sessions": lambda: run_users(10_000, 1, flows=False, first=("/checklist",), at_once=args.users, **off),
        "flood": run_flood,
        "faults": lambda: run_users(20, 20, faults=True, timeout=120),
    }
    results = {}
    for name in args.scenarios:
        results[name] = runs[name]()
        if not args.json:
            print(f"{name}: {json.dumps(results[name])}", flush=True)
    if args.json:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
