"""Telegram formatting: split HTML replies under the length limit and lay out inline keyboards.

Telegram counts a message's visible text (after the HTML is parsed) in UTF-16 code
units and refuses more than 4,096. :func:`split_html` cuts long replies at paragraph,
line or word breaks, never inside a tag or an entity, closing the tags still open at
the cut and reopening them at the start of the next part.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.engine.conversation import Button

#: Telegram's limit on a message's visible text.
MAX_MESSAGE = 4096
#: Labels up to this many characters share a row, two by two; longer ones get a row each.
SHORT_LABEL = 20

_ATOM = re.compile(r"<[^<>]*>|&(?:#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);|.", re.DOTALL)
_TAG_NAME = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)")

# Break priorities: a paragraph beats a line, a line beats a word.
_PARAGRAPH, _LINE, _WORD = 3, 2, 1


@dataclass(frozen=True)
class _Atom:
    raw: str
    units: int
    tag: str | None = None
    closing: bool = False


def utf16_length(text: str) -> int:
    """Return the length of text as Telegram counts it (UTF-16 code units)."""
    return len(text.encode("utf-16-le")) // 2


def _atoms(html: str) -> list[_Atom]:
    """Cut HTML into tags (invisible), entities (one character) and single characters."""
    atoms = []
    for match in _ATOM.finditer(html):
        raw = match.group(0)
        if raw.startswith("<") and len(raw) > 1:
            name = _TAG_NAME.match(raw)
            if name:
                atoms.append(_Atom(raw, 0, name.group(2).lower(), bool(name.group(1))))
                continue
        units = 1 if raw.startswith("&") and len(raw) > 1 else utf16_length(raw)
        atoms.append(_Atom(raw, units))
    return atoms


def visible_length(html: str) -> int:
    """Return the visible length of an HTML message as Telegram counts it."""
    return sum(atom.units for atom in _atoms(html))


def _break_at(atoms: list[_Atom], start: int, limit: int) -> int:
    """Return where the part starting at `start` should end (exclusive index)."""
    used, end = 0, start
    best: dict[int, tuple[int, int]] = {}
    while end < len(atoms) and used + atoms[end].units <= limit:
        used += atoms[end].units
        end += 1
        raw = atoms[end - 1].raw
        if raw == "\n":
            paragraph = end - 2 >= start and atoms[end - 2].raw == "\n"
            best[_PARAGRAPH if paragraph else _LINE] = (end, used)
        elif raw == " ":
            best[_WORD] = (end, used)
    if end >= len(atoms):
        return end
    for priority in (_PARAGRAPH, _LINE, _WORD):
        if priority in best and best[priority][1] >= limit // 2:
            return best[priority][0]
    candidates = [pos for pos, _ in best.values()]
    return max(candidates) if candidates else max(end, start + 1)


def split_html(html: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split an HTML reply into parts whose visible text fits Telegram's limit."""
    html = html.strip()
    if utf16_length(html) <= limit or visible_length(html) <= limit:  # tags and entities only shorten text
        return [html] if html else []
    atoms = _atoms(html)
    parts: list[str] = []
    open_tags: list[_Atom] = []
    start = 0
    while start < len(atoms):
        end = _break_at(atoms, start, limit)
        prefix = "".join(tag.raw for tag in open_tags)
        for atom in atoms[start:end]:
            if atom.tag and atom.closing:
                for k in range(len(open_tags) - 1, -1, -1):
                    if open_tags[k].tag == atom.tag:
                        del open_tags[k]
                        break
            elif atom.tag:
                open_tags.append(atom)
        suffix = "".join(f"</{tag.tag}>" for tag in reversed(open_tags))
        body = "".join(atom.raw for atom in atoms[start:end])
        part = (prefix + body + suffix).strip()
        if any(atom.units and not atom.raw.isspace() for atom in atoms[start:end]):
            parts.append(part)
        start = end
    return parts


def keyboard(buttons: Iterable[Button]) -> InlineKeyboardMarkup | None:
    """Lay out buttons: short labels two per row, long ones one per row, order kept."""
    rows: list[list[InlineKeyboardButton]] = []
    pair_open = False
    for button in buttons:
        item = InlineKeyboardButton(button.label, callback_data=button.data)
        short = len(button.label) <= SHORT_LABEL
        if short and pair_open:
            rows[-1].append(item)
            pair_open = False
        else:
            rows.append([item])
            pair_open = short
    return InlineKeyboardMarkup(rows) if rows else None
