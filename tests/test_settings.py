"""Settings: one declarative table, read once into a typed object; a bad value is one clear line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot import settings
from bot.settings import SETTINGS, Setting, SettingError, Settings

ROOT = Path(__file__).resolve().parent.parent
NUMERIC = [s for s in SETTINGS if s.kind in ("int", "number")]
#: A value each kind rejects.
BAD_BY_KIND = {"int": "abc", "number": "soon", "ids": "12,bob", "level": "LOUD", "url": "ftp://x", "onoff": "maybe",
               "folder": "/nonexistent/content"}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_default_is_accepted(setting: Setting) -> None:
    Settings.from_env({})  # reading the defaults never fails
    assert settings.parse(setting, setting.default) is not None or setting.kind == "folder"


@pytest.mark.parametrize("setting", [s for s in SETTINGS if s.kind in BAD_BY_KIND], ids=lambda s: s.name)
def test_a_malformed_value_names_the_setting_and_what_it_accepts(setting: Setting) -> None:
    with pytest.raises(SettingError) as caught:
        Settings.from_env({setting.name: BAD_BY_KIND[setting.kind]})
    message = str(caught.value)
    assert message.startswith(f"{setting.name}=") and "expected" in message and "\n" not in message


@pytest.mark.parametrize("setting", NUMERIC, ids=lambda s: s.name)
def test_out_of_range_values_are_refused(setting: Setting) -> None:
    assert setting.minimum is not None and setting.maximum is not None
    for value in (setting.minimum - 1, setting.maximum + 1):
        with pytest.raises(SettingError):
            Settings.from_env({setting.name: f"{value:g}"})
    Settings.from_env({setting.name: f"{setting.maximum:g}"})


def test_values_are_typed_not_coerced() -> None:
    typed = Settings.from_env({"EXOBOT_RETENTION_DAYS": "7", "EXOBOT_FLOW_TIMEOUT_HOURS": "0.5",
                               "EXOBOT_ADMIN_IDS": "1, 22", "EXOBOT_LOG_LEVEL": "debug"})
    assert typed.retention_days == 7 and typed.flow_timeout_hours == 0.5
    assert typed.admin_ids == frozenset({1, 22}) and typed["EXOBOT_LOG_LEVEL"] == "DEBUG"


@pytest.mark.parametrize("name", ["EXOBOT_RETENTION_DAYS", "EXOBOT_FLOW_TIMEOUT_HOURS", "PORT"])
def test_negative_numbers_are_refused(name: str) -> None:
    with pytest.raises(SettingError):
        Settings.from_env({name: "-3"})


def test_secrets_are_hidden_when_shown() -> None:
    typed = Settings.from_env({"TELEGRAM_BOT_TOKEN": "123:secret", "EXOBOT_DB": "x.db"})
    assert typed.shown("TELEGRAM_BOT_TOKEN") == "(set)" and typed.shown("EXOBOT_DB") == "x.db"


@pytest.mark.parametrize(("name", "value"), [("EXOBOT_RETENTION_DAYS", "abc"), ("EXOBOT_RETENTION_DAYS", "-3"),
                                             ("EXOBOT_FLOW_TIMEOUT_HOURS", "0"), ("EXOBOT_LOG_LEVEL", "chatty")])
def test_the_program_stops_with_one_line_and_a_non_zero_exit(tmp_path: Path, name: str, value: str) -> None:
    env = {"PATH": "", name: value}
    out = subprocess.run([sys.executable, "-m", "bot", "ask", "hi"], capture_output=True, text=True, env=env,
                         cwd=tmp_path, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and name in out.stderr and "Traceback" not in out.stderr
    assert not list(tmp_path.iterdir())  # nothing was created on the way out
