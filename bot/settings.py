"""Every setting exobot reads, in one declarative table, built once into a typed object.

The table drives ``exobot settings``, the ``--help`` epilogue, the README's settings
section (a test keeps the README in step) and validation: each row names the kind of
value it accepts. :meth:`Settings.from_env` reads the environment once; a malformed
or out-of-range value raises :class:`SettingError` with one line naming the setting
and what it accepts, and the command line turns that into a non-zero exit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from bot.nlu.thresholds import THRESHOLDS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")
ON_WORDS, OFF_WORDS = frozenset({"on", "true", "yes", "1"}), frozenset({"off", "false", "no", "0"})


class SettingError(ValueError):
    """A setting holds a value it does not accept."""


@dataclass(frozen=True)
class Setting:
    """One setting: its name, default, help text and the kind of value it accepts."""

    name: str
    default: str
    help: str
    kind: str = "text"
    minimum: float | None = None
    maximum: float | None = None
    secret: bool = False


SETTINGS: tuple[Setting, ...] = (
    # -- Telegram -------------------------------------------------------------
    Setting("TELEGRAM_BOT_TOKEN", "", "Bot token from @BotFather. Without it `exobot` starts the console chat.",
            secret=True),
    Setting("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot",
            "Bot API base URL; point it at a self-hosted or local Bot API server.", kind="url"),
    Setting("WEBHOOK_URL", "", "Public HTTPS URL for a webhook. Empty: long polling.", kind="url"),
    Setting("WEBHOOK_SECRET", "", "Secret token Telegram sends with each webhook call (generated when empty).",
            secret=True),
    Setting("PORT", "8443", "Port the webhook listener binds to (platforms such as Heroku set it).",
            kind="int", minimum=1, maximum=65535),
    Setting("EXOBOT_ADMIN_IDS", "", "Comma-separated Telegram user ids allowed to use /stats.", kind="ids"),
    Setting("EXOBOT_RATE_LIMIT", "on",
            "`on`: keep within Telegram's limits (30 messages/s overall, 20 a minute per group, a burst of 8 "
            "then one a second per private chat). `off` is for benchmarks and local Bot API servers only.",
            kind="onoff"),
    Setting("EXOBOT_FLOOD_MESSAGES", "20",
            "Flood guard: a user sending more than this many messages (presses included) within "
            "EXOBOT_FLOOD_SECONDS gets one 'slow down' and the rest are dropped. 0 turns it off.",
            kind="int", minimum=0, maximum=10000),
    Setting("EXOBOT_FLOOD_SECONDS", "10", "The flood guard's window, in seconds.",
            kind="number", minimum=0.1, maximum=3600),
    # -- Storage and privacy --------------------------------------------------
    Setting("EXOBOT_DB", "exobot.db", "SQLite file for sessions, events and feedback."),
    Setting("EXOBOT_USER_KEY", "",
            "Secret for the pseudonymous user key. Empty: generated once into a `.key` file beside the database.",
            secret=True),
    Setting("EXOBOT_RETENTION_DAYS", "30", "Events and stored question text older than this are deleted.",
            kind="int", minimum=1, maximum=3650),
    Setting("EXOBOT_FLOW_TIMEOUT_HOURS", "24", "A guided flow left alone this long restarts cleanly.",
            kind="number", minimum=0.1, maximum=720),
    Setting("EXOBOT_LOG_LEVEL", "INFO", "Logging level (DEBUG, INFO, WARNING, ERROR).", kind="level"),
    # -- Content --------------------------------------------------------------
    Setting("EXOBOT_CONTENT_DIR", "", "Folder holding intents/ and answers/ (default: the project's own).",
            kind="folder"),
    # -- Matching ---------------------------------------------------------------
    Setting("EXOBOT_SEMANTIC", "on",
            "`on`: blend the int8 MiniLM semantic signal with the lexical matcher (when the model is installed); "
            "`off`: lexical only.", kind="onoff"),
    Setting("EXOBOT_CACHE_DIR", "",
            "Folder for the example-embedding cache (never required). Empty: `~/.cache/exobot`."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


# -- Parsing: one function per kind -------------------------------------------------


def _accepts(setting: Setting) -> str:
    """Describe in words what a setting accepts."""
    bounds = ""
    if setting.minimum is not None and setting.maximum is not None:
        bounds = f" from {setting.minimum:g} to {setting.maximum:g}"
    return {
        "int": f"a whole number{bounds}",
        "number": f"a number{bounds}",
        "ids": "comma-separated whole numbers (Telegram user ids)",
        "level": "one of " + ", ".join(LOG_LEVELS),
        "url": "an http:// or https:// URL, or nothing",
        "onoff": "on or off",
        "folder": "an existing folder holding intents/ and answers/, or nothing",
    }.get(setting.kind, "any text")


def _in_range(setting: Setting, value: float) -> bool:
    """Tell whether a number lies within the setting's bounds."""
    return not ((setting.minimum is not None and value < setting.minimum)
                or (setting.maximum is not None and value > setting.maximum))


def _parse_int(setting: Setting, raw: str) -> int:
    """Parse a whole number within bounds."""
    value = int(raw)
    if not _in_range(setting, value):
        raise ValueError(raw)
    return value


def _parse_number(setting: Setting, raw: str) -> float:
    """Parse a number within bounds."""
    value = float(raw)
    if value != value or not _in_range(setting, value):  # NaN is never in range
        raise ValueError(raw)
    return value


def _parse_ids(setting: Setting, raw: str) -> frozenset[int]:
    """Parse comma-separated Telegram ids."""
    return frozenset(int(part) for part in raw.replace(" ", "").split(",") if part)


def _parse_level(setting: Setting, raw: str) -> str:
    """Parse a logging level name."""
    if raw.upper() not in LOG_LEVELS:
        raise ValueError(raw)
    return raw.upper()


def _parse_url(setting: Setting, raw: str) -> str:
    """Accept an http(s) URL or nothing."""
    if raw and not raw.startswith(("http://", "https://")):
        raise ValueError(raw)
    return raw


def _parse_onoff(setting: Setting, raw: str) -> bool:
    """Parse on/off (true/false, yes/no, 1/0)."""
    if raw.lower() in ON_WORDS:
        return True
    if raw.lower() in OFF_WORDS:
        return False
    raise ValueError(raw)


def _parse_folder(setting: Setting, raw: str) -> Path | None:
    """Accept an existing content folder, or nothing."""
    if not raw:
        return None
    path = Path(raw)
    if not (path / "intents").is_dir() or not (path / "answers").is_dir():
        raise ValueError(raw)
    return path


PARSERS: dict[str, Callable[[Setting, str], Any]] = {
    "text": lambda setting, raw: raw,
    "int": _parse_int,
    "number": _parse_number,
    "ids": _parse_ids,
    "level": _parse_level,
    "url": _parse_url,
    "onoff": _parse_onoff,
    "folder": _parse_folder,
}


def parse(setting: Setting, raw: str) -> Any:
    """Return a setting's typed value, or raise SettingError naming it and what it accepts."""
    try:
        return PARSERS[setting.kind](setting, raw)
    except (ValueError, OverflowError):
        raise SettingError(f"{setting.name}={raw!r} is not accepted: expected {_accepts(setting)}") from None


def raw_value(name: str, environ: Mapping[str, str] | None = None) -> str:
    """Return a setting's text from the environment, or its default."""
    env = os.environ if environ is None else environ
    value = env.get(name, "").strip()
    return value or _BY_NAME[name].default


# -- The typed object -------------------------------------------------------------


@dataclass(frozen=True)
class Settings:
    """Every setting, read once and checked: pass this down instead of reading the environment."""

    values: Mapping[str, Any]

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        """Read and check every setting; the first bad one raises SettingError."""
        return cls({s.name: parse(s, raw_value(s.name, environ)) for s in SETTINGS})

    def __getitem__(self, name: str) -> Any:
        """Return one setting's typed value by its name."""
        return self.values[name]

    @property
    def token(self) -> str:
        """The bot token ('' when unset)."""
        return str(self["TELEGRAM_BOT_TOKEN"])

    @property
    def retention_days(self) -> int:
        """Days events and stored text are kept."""
        return int(self["EXOBOT_RETENTION_DAYS"])

    @property
    def flow_timeout_hours(self) -> float:
        """Hours a guided flow may be left alone."""
        return float(self["EXOBOT_FLOW_TIMEOUT_HOURS"])

    @property
    def admin_ids(self) -> frozenset[int]:
        """Telegram ids allowed to use operator commands."""
        return frozenset(self["EXOBOT_ADMIN_IDS"])

    @property
    def content_dir(self) -> Path:
        """The folder holding intents/ and answers/."""
        return self["EXOBOT_CONTENT_DIR"] or default_content_dir()

    @property
    def semantic(self) -> bool:
        """Whether the semantic signal is wanted."""
        return bool(self["EXOBOT_SEMANTIC"])

    @property
    def cache_dir(self) -> Path:
        """The folder for caches (the example embeddings)."""
        return Path(self["EXOBOT_CACHE_DIR"]) if self["EXOBOT_CACHE_DIR"] else Path.home() / ".cache" / "exobot"

    def shown(self, name: str) -> str:
        """Return a setting's value as `exobot settings` prints it (secrets hidden)."""
        value = raw_value(name, {name: _as_text(self[name])})
        return "(set)" if value and _BY_NAME[name].secret else value


def _as_text(value: Any) -> str:
    """Turn a typed value back into the text a user would write."""
    if isinstance(value, frozenset):
        return ",".join(str(v) for v in sorted(value))
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value)


def default_content_dir() -> Path:
    """Return the project's content: a source checkout (or editable install), else the copy in the package."""
    if (PROJECT_ROOT / "intents" / "vocabulary.yml").is_file():
        return PROJECT_ROOT
    return Path(str(resources.files("bot.content")))


# -- Documentation ------------------------------------------------------------------


def table_markdown() -> str:
    """Render the settings as the Markdown table used in the README."""
    lines = ["| Setting | Default | Accepts | What it does |", "|---|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "(empty)"
        lines.append(f"| `{s.name}` | {default} | {_accepts(s)} | {s.help} |")
    return "\n".join(lines)


def thresholds_markdown() -> str:
    """Render the matcher thresholds as the Markdown table used in the README."""
    lines = ["| Threshold | Value | Why |", "|---|---|---|"]
    lines += [f"| `{t.name}` | {t.value:g} | {t.help} |" for t in THRESHOLDS]
    return "\n".join(lines)
