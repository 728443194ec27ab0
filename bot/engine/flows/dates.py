"""A date counted from a reference typed with it: "it was the 2nd, today is the 12th" is 10 days ago,
"peel on saturday, today is tuesday" is 3 days ago ("last saturday": 3 or 10, people mean both).

Without a reference a date or a day of the week says nothing about how long ago (asked back elsewhere).
The answer is rewritten with the time in days, so the rest of the reading needs nothing new.
"""

from __future__ import annotations

import re

from bot.engine.flows.amounts import weekday_numbers
from bot.engine.flows.lexicon import MARKS, Lexicon, tokens_of

_ORDINAL = re.compile(r"([12]?\d|3[01])(?:st|nd|rd|th)")
#: Words between "today" and the day it is ("today is the 12th", "today's tuesday").
_TODAY, _LINK = frozenset({"today", "todays"}), frozenset({"is", "s", "its", "the", "being"})
#: Words before a date or a day that the time in days replaces ("on the 2nd", "last saturday").
_LEAD = frozenset({"on", "the", "last", "past", "this", "since"})
#: Lengths of a month: a day of the month after today's is in the month before.
_MONTH = (28, 31)


def _day(token: str, weekdays: dict[str, int]) -> tuple[str, int] | None:
    """Return what a token dates by ("ordinal" or "weekday") and its number, or None."""
    match = _ORDINAL.fullmatch(token)
    if match:
        return "ordinal", int(match.group(1))
    return ("weekday", weekdays[token]) if token in weekdays else None


def _reference(tokens: list[str], weekdays: dict[str, int]) -> tuple[int, int, tuple[str, int]] | None:
    """Return (start, end, day) of "today is the 12th" in the tokens, or None."""
    for i, token in enumerate(tokens):
        if token not in _TODAY:
            continue
        j = i + 1
        while j < len(tokens) and tokens[j] in _LINK:
            j += 1
        day = _day(tokens[j], weekdays) if j < len(tokens) else None
        if day:
            start = i - 1 if i and tokens[i - 1] in ("and", "but", "so") else i
            return start, j + 1, day
    return None


def _ago(kind: str, then: int, today: int, last: bool) -> list[int]:
    """Return the days between a date and today: two across a month's end, or for "last saturday" (the
    latest one, or the one before it: people say both); a plain "saturday" is the latest one."""
    if kind == "weekday":
        days = (today - then) % 7
        return [days, days + 7] if last or not days else [days]
    days = today - then
    return [days] if days >= 0 else [days + _MONTH[0], days + _MONTH[1]]


def counted_from_today(text: str, lexicon: Lexicon) -> str:
    """Return the text with a date counted from today's date typed with it, or the text unchanged."""
    tokens = tokens_of(text)
    weekdays = weekday_numbers(lexicon)
    reference = _reference(tokens, weekdays)
    if reference is None:
        return text
    start, end, (kind, today) = reference
    dated = [(i, day) for i, t in enumerate(tokens) if not start <= i < end and (day := _day(t, weekdays))]
    if len(dated) != 1 or dated[0][1][0] != kind:
        return text  # no date to count, several, or a date counted from a day of the week
    at, (_, then) = dated[0]
    ago = _ago(kind, then, today, last=at > 0 and tokens[at - 1] in ("last", "past"))
    lead = at
    while lead and tokens[lead - 1] in _LEAD:
        lead -= 1
    said = " or ".join(str(d) for d in ago) + " days ago"
    out = tokens[:lead] + [said] + tokens[at + 1:start] + tokens[end:]
    return " ".join(t for i, t in enumerate(out) if not (t in MARKS and i and out[i - 1] in MARKS))
