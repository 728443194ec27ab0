"""The command table: every /command, what it does and whether Telegram's menu lists it.

The engine dispatches on it, the Telegram adapter registers its listed rows with
``setMyCommands``, and the README and tests are parametrized over it.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    """One /command: its name, the one-line description users see, and what it runs."""

    name: str
    description: str
    #: The guided flow it starts, if any.
    flow: str | None = None
    #: Listed in Telegram's command menu (operator commands are not).
    listed: bool = True
    #: Only for operators (EXOBOT_ADMIN_IDS), in a private chat; answered by the adapter.
    operator: bool = False
    #: Other names people type for it ("/check", "/erase"); never listed in the menu.
    aliases: tuple[str, ...] = ()


COMMANDS: tuple[Command, ...] = (
    Command("start", "Welcome and the main menu"),
    Command("help", "What I can and cannot help with"),
    Command("checklist", "Check a product before you buy it", flow="checklist",
            aliases=("check", "checkproduct", "product")),
    Command("screen", "A few questions to raise with a clinician", flow="screening",
            aliases=("screening", "safety", "safe")),
    Command("cancel", "Stop the current checklist or questions", aliases=("stop",)),
    Command("privacy", "What is stored, for how long, and why", aliases=("data",)),
    Command("forget", "Erase everything stored about you", aliases=("erase", "delete", "deleteme", "forgetme")),
    Command("stats", "Operators' summary of recent use", listed=False, operator=True),
)

#: How alike (rapidfuzz ratio, 0-100) a mistyped command must be to a known name to be offered it.
TYPO_SIMILARITY = 75

BY_NAME = {name: command for command in COMMANDS for name in (command.name, *command.aliases)}


def closest_command(name: str) -> Command | None:
    """Return the listed user command a mistyped name most likely meant ("/chekclist"), or None."""
    from rapidfuzz import fuzz, process, utils

    if len(name) < 3:
        return None  # "/ch": too short to say which
    names = {n: c for n, c in BY_NAME.items() if c.listed and not c.operator}
    best = process.extractOne(name, list(names), scorer=fuzz.ratio, processor=utils.default_process,
                              score_cutoff=TYPO_SIMILARITY)
    return names[best[0]] if best else None


def parse_command(text: str) -> tuple[str, str]:
    """Split '/name@bot rest' into the lower-case name and the rest ('' when it is not a command)."""
    if not text.startswith("/") or len(text) < 2:
        return "", ""
    head, _, rest = text[1:].partition(" ")
    return head.split("@", 1)[0].lower(), rest.strip()
