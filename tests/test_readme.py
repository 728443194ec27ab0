"""The README's promises: its commands are the ones CI runs, its tables match the code."""

import argparse
import re
from pathlib import Path

from bot import settings
from bot.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def quick_start_commands() -> list[str]:
    """Return the shell commands of the Quick start section."""
    section = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_is_exactly_two_commands() -> None:
    commands = quick_start_commands()
    assert len(commands) == 2
    assert commands[0].endswith(".venv/bin/exobot")
    assert "pytest" in commands[1]


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert quick_start_commands()[1] in ci.splitlines()


def test_settings_tables_match_the_code() -> None:
    table = README.split("<!-- settings-table -->\n", 1)[1].split("\n<!-- /settings-table -->", 1)[0]
    assert table == settings.table_markdown() + "\n\n" + settings.thresholds_markdown()


def test_every_setting_is_in_the_help() -> None:
    help_text = build_parser().format_help()
    for setting in settings.SETTINGS:
        assert setting.name in help_text


def test_every_command_is_documented() -> None:
    parser = build_parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    for name in commands:
        assert f"exobot {name}" in README, name
