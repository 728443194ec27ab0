"""The command line, run as a user would: real files; `python -m bot` in real processes where the process matters.

Most commands run in-process through :func:`bot.cli.main` (argument parsing, settings from the
environment, exit status, what reaches stdout and stderr: the same code a process runs); the entry
point itself, streaming and the JSON contract run in fresh processes.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest import mock

import pytest

from bot.cli import main
from bot.engine.conversation import Turn
from bot.engine.events import Asked
from bot.store import Store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


def without_token() -> dict[str, str]:
    """The environment as it is, minus any bot token (a command must never reach Telegram here)."""
    return {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}


@dataclass
class Ran:
    """What a command left: its exit status and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def exobot(*args: str, env: dict | None = None) -> Ran:
    """Run `exobot ARGS` through the CLI's own main(), with `env` over the environment (and no bot token)."""
    environ = {**without_token(), **(env or {})}
    out, err = io.StringIO(), io.StringIO()
    with mock.patch.dict(os.environ, environ, clear=True), redirect_stdout(out), redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exc:  # argparse's --help and usage errors
            status = exc.code if isinstance(exc.code, int) else 2
    return Ran(status, out.getvalue(), err.getvalue())


def process(*args: str) -> subprocess.CompletedProcess:
    """Run `python -m bot ARGS` in a fresh process, without a bot token."""
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=ROOT,
                          env=without_token(), timeout=60)


def test_ask_json_has_every_field() -> None:
    out = process("ask", "i'm pregnant, what does plated mean?", "--json")
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stdout)
    assert set(record) == {"reply", "outcome", "intent", "score", "suggestions", "risks", "referral", "urgent",
                           "refused", "also", "buttons"}
    assert record["risks"] == ["pregnancy"] and record["referral"] is True and record["urgent"] is False
    assert record["outcome"] == "answer" and record["intent"] == "plated_exosomes"
    assert record["reply"].index("obstetrician") < record["reply"].index("cell culture")


def test_ask_prints_plain_text_with_numbered_buttons(capsys) -> None:
    assert main(["ask", "what are exosomes"]) == 0
    out = capsys.readouterr().out
    assert "<b>" not in out and "[1]" in out


def test_classify_streams_a_line_out_for_every_line_in() -> None:
    environ = without_token()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "classify"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, cwd=ROOT, env=environ)
    try:
        proc.stdin.write("why so pricey\n")
        proc.stdin.flush()
        first = json.loads(proc.stdout.readline())  # arrives before stdin is closed: it streams
        proc.stdin.write("book me a flight to rome\n\n")
        proc.stdin.close()
        rest = [json.loads(line) for line in proc.stdout]
    finally:
        proc.wait(timeout=30)
    assert first == {"text": "why so pricey", "outcome": "answer", "intent": "price", "score": first["score"],
                     "suggestions": [], "risks": [], "refused": False}
    assert 0 <= first["score"] <= 100
    assert rest[0]["outcome"] == "fallback" and rest[0]["intent"] is None
    assert rest[1]["text"] == "" and rest[1]["outcome"] == "fallback"


def test_eval_reports_every_figure(tmp_path: Path) -> None:
    # The shipped sets' figures are asserted in tests/test_quality_targets.py; this is about the report.
    everyday = tmp_path / "everyday.txt"
    everyday.write_text("book me a table for two\nwhat's the weather in oslo\nplay some jazz\n", encoding="utf-8")
    out = exobot("eval", str(DATA / "dev" / "dev_questions.tsv"), "--out-of-scope", str(everyday),
                 "--risk", str(DATA / "dev" / "dev_risk.tsv"))
    assert out.returncode == 0, out.stderr
    for phrase in ("answered right", "suggested right", "wrong answer", "fallback", "answered with a topic",
                   "recall", "false flags", "Thresholds", "Targets: all met"):
        assert phrase in out.stdout, phrase


def test_eval_reads_follow_ups_a_minute_after_their_first_message(tmp_path: Path) -> None:
    pairs = tmp_path / "followups.tsv"
    pairs.write_text("# first\tfollow-up\tintent\n"
                     "why are exosome serums so expensive\twhat about at my age?\tworth_it\n", encoding="utf-8")
    out = exobot("eval", "--followups", str(pairs))
    assert out.returncode == 0, out.stderr
    assert "follow-ups, followups.tsv): 1" in out.stdout and "answered right      100.0%" in out.stdout


def test_eval_strict_fails_when_a_target_is_missed(tmp_path: Path) -> None:
    wrong = tmp_path / "wrong.tsv"
    wrong.write_text("what does plated mean\tprice\nwhy so pricey\tplated_exosomes\n")
    assert exobot("eval", str(wrong), "--strict").returncode == 1
    assert exobot("eval", str(wrong)).returncode == 0


def test_lint_passes_and_names_the_weakest_intents() -> None:
    out = exobot("lint")
    assert out.returncode == 0, out.stdout
    assert "0 error(s)" in out.stdout and "self-check" in out.stdout and "weakest:" in out.stdout


def test_lint_fails_on_broken_content(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "intents", tmp_path / "intents")
    shutil.copytree(ROOT / "answers", tmp_path / "answers")
    (tmp_path / "answers" / "greeting.j2").unlink()
    out = exobot("lint", env={"EXOBOT_CONTENT_DIR": str(tmp_path)})
    assert out.returncode == 1
    assert "greeting" in out.stdout


def test_telegram_without_a_token_explains_and_fails() -> None:
    out = exobot("telegram")
    assert out.returncode == 2
    assert "BotFather" in out.stdout + out.stderr


def test_help_lists_the_settings() -> None:
    out = exobot("--help")
    assert "TELEGRAM_BOT_TOKEN" in out.stdout and "EXOBOT_RETENTION_DAYS" in out.stdout


def _fill(db: Path, key: bytes) -> None:
    store = Store.open(db, key=key)
    now = time.time()
    for user, text in ((111, "exosome vitamin d synergy?"), (111, "exosome vitamin d synergy"), (222, "hello")):
        asked = Asked("fallback", None, 10.0, text=text)
        store.record_turn(user_id=user, chat_id=user, turn=Turn([], {"flow": None}, events=[asked]), now=now)
    store.close()


@pytest.fixture
def db(tmp_path: Path) -> tuple[Path, dict]:
    path = tmp_path / "exobot.db"
    env = {"EXOBOT_DB": str(path), "EXOBOT_USER_KEY": "test-secret"}
    _fill(path, b"test-secret")
    return path, env


def test_report_groups_what_fell_back(db) -> None:
    path, env = db
    out = exobot("report", "--json", env=env)
    assert out.returncode == 0, out.stderr
    report = json.loads(out.stdout)
    counts = sorted(q["count"] for q in report["questions"])
    assert counts == [1, 2]
    human = exobot("report", env=env).stdout
    assert "vitamin d synergy" in human


def test_forget_erases_one_user_from_the_command_line(db) -> None:
    path, env = db
    out = exobot("forget", "111", env=env)
    assert out.returncode == 0 and "erased" in out.stdout
    store = Store.open(path, key=b"test-secret")
    try:
        texts = [row["text"] for row in store.rows("messages")]
    finally:
        store.close()
    assert texts == ["hello"]


# -- Errors a user can make: one line, never a traceback ------------------------------


def one_line_error(out: Ran | subprocess.CompletedProcess) -> str:
    """Assert the process failed with exactly one line on stderr and return it."""
    assert out.returncode == 2, out.stdout
    assert "Traceback" not in out.stderr and out.stderr.strip().count("\n") == 0, out.stderr
    return out.stderr.strip()


def test_eval_of_a_missing_file_says_so_in_one_line() -> None:
    assert "/nonexistent.tsv" in one_line_error(process("eval", "/nonexistent.tsv"))  # as a process: no traceback


def test_eval_with_no_files_is_refused_even_with_strict() -> None:
    assert "at least one file" in one_line_error(exobot("eval", "--strict"))


@pytest.mark.parametrize(("flag", "line"), [("", "what is this\tno_such_intent"), ("--risk", "i am fine\tpregnacy"),
                                            ("", "a line without any tab"), ("--followups", "what are exosomes\tand?")])
def test_eval_refuses_unknown_labels_and_malformed_lines(tmp_path: Path, flag: str, line: str) -> None:
    path = tmp_path / "set.tsv"
    path.write_text(f"# a comment\n{line}\n", encoding="utf-8")
    args = [flag, str(path)] if flag else [str(path)]
    assert "line 1" in one_line_error(exobot("eval", *args))


@pytest.mark.parametrize("command", [["report"], ["forget", "12345"]])
def test_operator_commands_never_create_a_database(tmp_path: Path, command: list[str]) -> None:
    env = {"EXOBOT_DB": str(tmp_path / "exobot.db")}
    assert "no database" in one_line_error(exobot(*command, env=env))
    assert not list(tmp_path.iterdir())
