"""Every setting exobot reads, in one declarative table.

The table drives ``exobot settings``, the ``--help`` epilogue and the README's
settings section (a test keeps the README in step). Environment settings are read
with :func:`get`; matcher thresholds are constants that ``exobot eval`` reports.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from bot.nlu.thresholds import THRESHOLDS


@dataclass(frozen=True)
class Setting:
    """One setting: where it comes from, its default and what it does."""

    name: str
    default: str
    help: str
    env: bool = True


PROJECT_ROOT = Path(__file__).resolve().parent.parent

SETTINGS: tuple[Setting, ...] = (
    # -- Telegram -------------------------------------------------------------
    Setting("TELEGRAM_BOT_TOKEN", "", "Bot token from @BotFather. Without it `exobot` starts the console chat."),
    Setting("TELEGRAM_API_BASE_URL", "https://api.telegram.org/bot",
            "Bot API base URL; point it at a self-hosted or local Bot API server."),
    Setting("WEBHOOK_URL", "", "Public HTTPS URL for a webhook. Empty: long polling."),
    Setting("WEBHOOK_SECRET", "", "Secret token Telegram sends with each webhook call (generated when empty)."),
    Setting("PORT", "8443", "Port the webhook listener binds to (platforms such as Heroku set it)."),
    Setting("EXOBOT_ADMIN_IDS", "", "Comma-separated Telegram user ids allowed to use /stats."),
    Setting("EXOBOT_RATE_LIMIT", "on",
            "`on`: keep within Telegram's limits (30 messages/s overall, 20 a minute per group, a burst of 8 "
            "then one a second per private chat). `off` is for benchmarks and local Bot API servers only."),
    Setting("EXOBOT_FLOOD_MESSAGES", "20",
            "Flood guard: a user sending more than this many messages (presses included) within "
            "EXOBOT_FLOOD_SECONDS gets one 'slow down' and the rest are dropped. 0 turns it off."),
    Setting("EXOBOT_FLOOD_SECONDS", "10", "The flood guard's window, in seconds."),
    # -- Storage and privacy --------------------------------------------------
    Setting("EXOBOT_DB", "exobot.db", "SQLite file for sessions, events and feedback."),
    Setting("EXOBOT_USER_KEY", "",
            "Secret for the pseudonymous user key. Empty: generated once into a `.key` file beside the database."),
    Setting("EXOBOT_RETENTION_DAYS", "30", "Events and stored question text older than this are deleted."),
    Setting("EXOBOT_FLOW_TIMEOUT_HOURS", "24", "A guided flow left alone this long restarts cleanly."),
    Setting("EXOBOT_LOG_LEVEL", "INFO", "Logging level (DEBUG, INFO, WARNING)."),
    # -- Content --------------------------------------------------------------
    Setting("EXOBOT_CONTENT_DIR", "", "Folder holding intents/ and answers/ (default: the project's own)."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str, environ: Mapping[str, str] | None = None) -> str:
    """Return a setting from the environment, or its default."""
    setting = _BY_NAME[name]
    env = os.environ if environ is None else environ
    value = env.get(name, "") if setting.env else ""
    return value.strip() if value.strip() else setting.default


def get_int(name: str, environ: Mapping[str, str] | None = None) -> int:
    """Return a whole-number setting; a malformed value falls back to the default."""
    try:
        return int(get(name, environ))
    except ValueError:
        return int(_BY_NAME[name].default)


def get_flag(name: str, environ: Mapping[str, str] | None = None) -> bool:
    """Return an on/off setting: off, false, no and 0 mean off; anything else is on."""
    return get(name, environ).lower() not in ("off", "false", "no", "0")


def admin_ids(environ: Mapping[str, str] | None = None) -> frozenset[int]:
    """Return the Telegram ids allowed to use operator commands."""
    ids = set()
    for part in get("EXOBOT_ADMIN_IDS", environ).replace(" ", "").split(","):
        if part.lstrip("-").isdigit():
            ids.add(int(part))
    return frozenset(ids)


def content_dir(environ: Mapping[str, str] | None = None) -> Path:
    """Return the folder that holds intents/ and answers/.

    EXOBOT_CONTENT_DIR wins; then a source checkout (or editable install), whose content
    sits at the top of the repository; then the copy installed inside the package.
    """
    value = get("EXOBOT_CONTENT_DIR", environ)
    if value:
        return Path(value)
    if (PROJECT_ROOT / "intents" / "vocabulary.yml").is_file():
        return PROJECT_ROOT
    return Path(str(resources.files("bot.content")))


def table_markdown() -> str:
    """Render the settings as the Markdown table used in the README."""
    lines = ["| Setting | Default | What it does |", "|---|---|---|"]
    for s in SETTINGS:
        default = f"`{s.default}`" if s.default else "(empty)"
        lines.append(f"| `{s.name}` | {default} | {s.help} |")
    return "\n".join(lines)


def thresholds_markdown() -> str:
    """Render the matcher thresholds as the Markdown table used in the README."""
    lines = ["| Threshold | Value | Why |", "|---|---|---|"]
    lines += [f"| `{t.name}` | {t.value:g} | {t.help} |" for t in THRESHOLDS]
    return "\n".join(lines)
