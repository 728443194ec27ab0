"""Dates typed without a reference, counted from today's date (:func:`bot.engine.flows.clock.today`):
"nov 20", "11/16", "in october", "halloween", "last week" (Monday to Sunday before this one), "last month";
and, at a question about when something was, a bare day of the week ("peel on friday": the latest friday) or of
the month ("on the 20th": the latest 20th, this month or last); a weekday is offered back with a button, as
people may mean another one, and so is a day of the month more than BARE_DAY_SURE days back.

The answer is rewritten with the days ago ("11 days ago"; a span as its two ends, "2 or 8 days ago"), so
the rest of the reading needs nothing new: a span across a range's edge is asked back. A date without a
year further back than RECENT_DAYS is left as it is at "when was it?" (it only dates something by the calendar:
"march 3rd" may be last March or the next one), and so is "11/12" when one of its two readings is. At a question
about the last days ("in the last two weeks?") a named one is its latest past one however far back ("had a peel
in june": months ago), as a next June would be as far outside the window.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.engine.flows import clock
from bot.engine.flows.amounts import LAST_DAY, NEXT_DAY
from bot.engine.flows.lexicon import Lexicon, fold

#: How far back a date without a year is counted from today (three months).
RECENT_DAYS = 92
#: A bare day of the month ("on the 28th") at most this many days back is taken as the date; one further back is
#: offered to confirm (the user has just said the procedure was in the last two weeks).
BARE_DAY_SURE = 14
_NUMERIC = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{4}|\d{2}))?(?![\d/])")
_ORDINAL = r"(\d{1,2})(?:st|nd|rd|th)?"
#: A date with points is day first, as where it is written so ("12.11.", "3.11.2026"): the point after the month
#: or a year tells it from a decimal ("1.5 weeks").
_DOTTED = re.compile(r"(?<![\d.,])(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})?(?![\d])"
                     # ... or "on" before it, or nothing else typed ("on 1.12", "28.11"): no decimal is said so
                     r"|(?:(?<=\bon )|^\s*)(\d{1,2})\.(\d{1,2})(?=\s*$|\s*[,;!?]|\s+(?:i|it|we|was)\b)")


def _alternation(words: list[str]) -> str:
    """Return a regex alternation of phrases, longest first, each matched as whole words."""
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _months(lexicon: Lexicon) -> dict[str, int]:
    """Return each name of a month with its number, January 1 (words.yml ``months``)."""
    return {fold(str(name)): number for number, names in enumerate(lexicon.raw.get("months", ()), 1)
            for name in names}


def _last(today: date, month: int, day: int) -> date | None:
    """Return the latest date on or before today with this month and day, or None if there is none."""
    for year in (today.year, today.year - 1):
        try:
            when = date(year, month, day)
        except ValueError:
            return None
        if when <= today:
            return when
    return None


def _day_month(today: date, day: int, month: int, year: str | None) -> date | None:
    """Return the date a day and a month give (the latest such one without a year), or None if none is past."""
    if not year:
        return _last(today, month, day) if 1 <= month <= 12 else None
    try:
        when = date(int(year) + (2000 if len(year) == 2 else 0), month, day)
    except ValueError:
        return None
    return when if when <= today else None


def _named(today: date, rule: list[int]) -> date | None:
    """Return the latest past day of a named day: [month, day] or [month, nth, weekday, days after]."""
    if len(rule) == 2:
        return _last(today, rule[0], rule[1])
    month, nth, weekday, after = rule
    for year in (today.year, today.year - 1):
        first = date(year, month, 1)
        when = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1) + after)
        if when <= today:
            return when
    return None


def _latest_month(today: date, month: int) -> tuple[date, date]:
    """Return the first and the last day of the latest such month (this month when it is today's)."""
    year = today.year if month <= today.month else today.year - 1
    return date(year, month, 1), date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


def _month_span(today: date, month: int) -> tuple[int, int]:
    """Return the days ago of the last and the first day of the latest such month (this month up to today)."""
    first, end = _latest_month(today, month)
    return max(0, (today - end).days), (today - first).days


def _part_span(today: date, month: int, first: int, last: int) -> tuple[int, int] | None:
    """Return the days ago of the last and the first day of part of the latest such month ("early november"),
    or None when that part is still ahead."""
    start_of_month, end = _latest_month(today, month)
    start, stop = start_of_month.replace(day=first), start_of_month.replace(day=last) if last else end
    if start > today:
        return None
    return max(0, (today - stop).days), (today - start).days


def _numeric(today: date, match: re.Match[str]) -> tuple[int, int] | None:
    """Return the days ago a date in figures gives, read as month/day and as day/month where each can be."""
    a, b, year = int(match.group(1)), int(match.group(2)), match.group(3)
    readings = [(m, d) for m, d in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31]
    days = []
    for month, day in readings:
        try:
            when = date(int(year) + (2000 if len(year) == 2 else 0), month, day) if year else _last(today, month,
                                                                                                  day)
        except ValueError:
            when = None
        if when is None or when > today or (not year and (today - when).days > RECENT_DAYS):
            return None
        days.append((today - when).days)
    return (min(days), max(days)) if days else None


def _weekday_spans(text: str, lexicon: Lexicon, today: date) -> list[tuple[int, int, tuple[int, int]]]:
    """Return (start, end, days ago) for each day of the week with no "next" or "this" before it: a bare one
    is the latest before today (today's name: today or a week ago), "last friday" the latest or the one
    before it (people mean both). "The weekend" is the latest Saturday and Sunday (during one: this one or the one
    before). A span across a range's edge is asked back."""
    names = {fold(str(n)): number for number, group in enumerate(lexicon.raw.get("weekdays", ())) for n in group}
    if not names:
        return []
    found = []
    ahead = "".join(f"(?<!{word} )" for word in sorted(NEXT_DAY))
    for m in re.finditer(rf"{ahead}\b(?:({_alternation(list(LAST_DAY))}) )?({_alternation(list(names))})\b"
                         r"(?! before last)", text):
        days = (today.weekday() - names[m.group(2)]) % 7
        if m.group(1):
            days = days or 7
            found.append((m.start(), m.end(), (days, days + 7)))
        else:
            found.append((m.start(), m.end(), (days, days) if days else (0, 7)))
    for m in re.finditer(r"(?<!next )(?<!this )(?<!coming )\b(?:(last|past|previous) )?(?:the )?"
                         r"(weekend|week end|wochenende|fin de semana)\b", text):
        saturday, sunday = (today.weekday() - 5) % 7, (today.weekday() - 6) % 7
        lo, hi = (0, max(saturday, sunday) + 7) if today.weekday() >= 5 else (sunday, saturday)
        found.append((m.start(), m.end(), (lo, hi + 7 if m.group(1) else hi)))  # "last weekend": this or the one before
    return found


def _day_of_month_spans(text: str, lexicon: Lexicon, today: date) -> list[tuple[int, int, tuple[int, int]]]:
    """Return (start, end, days ago) for each bare day of the month ("on the 20th", "the 3rd"; not "the 3rd of
    november"): the latest such day on or before today, this month or last (one the last month lacks is left)."""
    found = []
    month = _alternation(list(_months(lexicon)))
    last_month = (today.replace(day=1) - timedelta(days=1)).month
    for m in re.finditer(rf"\b(?:on the|the|on) (\d{{1,2}})(?:st|nd|rd|th)\b(?! (?:of )?(?:{month})\b)", text):
        day = int(m.group(1))
        when = _last(today, today.month if day <= today.day else last_month, day)
        if when is not None:
            found.append((m.start(), m.end(), ((today - when).days,) * 2))
    return found


def _spans(text: str, lexicon: Lexicon, today: date, back: int | None) -> list[tuple[int, int, tuple[int, int]]]:
    """Return (start, end, (days ago, days ago)) for each calendar date in a folded text that is at most ``back``
    days ago (None: any past one)."""

    def near(days: int) -> bool:
        return back is None or days <= back

    months = _months(lexicon)
    month = _alternation(list(months))
    leads = _alternation([fold(str(w)) for w in lexicon.raw.get("month_leads", ())])
    named = {fold(str(k)): list(v) for k, v in (lexicon.raw.get("named_days") or {}).items()}
    found: list[tuple[int, int, tuple[int, int]]] = []

    def add(start: int, end: int, when: date | None) -> None:
        if when is not None and near((today - when).days):
            found.append((start, end, ((today - when).days,) * 2))

    for m in _NUMERIC.finditer(text):
        if (days := _numeric(today, m)) is not None:
            found.append((m.start(), m.end(), days))
    for m in _DOTTED.finditer(text):
        day, month_no = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(5))
        add(m.start(), m.end(), _day_month(today, int(day), int(month_no), m.group(3)))
    for m in re.finditer(rf"\b(?:the )?{_ORDINAL} (?:of )?({month})\b|\b({month})\.? {_ORDINAL}\b", text):
        day, name = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        add(m.start(), m.end(), _last(today, months[name], int(day)))
    for m in re.finditer(rf"\b(?:{leads}) (?:the )?({month})\b|^({month})$", text):
        lo, hi = _month_span(today, months[m.group(1) or m.group(2)])
        if near(hi):
            found.append((m.start(), m.end(), (lo, hi)))
    parts = {fold(str(k)): (int(v[0]), int(v[1])) for k, v in (lexicon.raw.get("month_parts") or {}).items()}
    for m in re.finditer(rf"\b({_alternation(list(parts))}) (?:the )?({month})\b", text) if parts else ():
        span = _part_span(today, months[m.group(2)], *parts[m.group(1)])
        if span is not None and near(span[1]):
            found.append((m.start(), m.end(), span))
    for m in re.finditer(rf"\b(?:{_alternation(list(named))})\b", text) if named else ():
        add(m.start(), m.end(), _named(today, named[m.group(0)]))
    for key, span in (("last_week", (today.weekday() + 1, today.weekday() + 7)),
                      ("last_month", (today.day, today.day + (today.replace(day=1) - timedelta(days=1)).day - 1))):
        words = [fold(str(w)) for w in lexicon.raw.get(key, ())]
        for m in re.finditer(rf"(?<!the )(?<!since )\b(?:{_alternation(words)})\b", text) if words else ():
            found.append((m.start(), m.end(), span))
    return found


def dated_by_calendar(text: str, lexicon: Lexicon, weekdays: bool = False,
                      past: bool = False) -> tuple[str, bool]:
    """Return the text with each recent calendar date rewritten as days ago (or the text unchanged), and
    whether one of them is to be offered back (a day of the week, or a bare day of the month more than
    BARE_DAY_SURE days back); ``weekdays``: the question asks when
    something was, so a bare day of the week or of the month is the latest one (otherwise it asks about the last
    days, and a named date is read however far back); ``past``: the answer is in the past tense ("got
    microneedled on the 30th"), so a bare day of the month is the latest one too."""
    folded = fold(text)
    today = clock.today()
    bare = [*_weekday_spans(folded, lexicon, today)] if weekdays else []
    of_month = _day_of_month_spans(folded, lexicon, today) if weekdays or past else []
    spans = sorted([(*span, False) for span in _spans(folded, lexicon, today, RECENT_DAYS if weekdays else None)]
                   + [(*span, True) for span in bare] + [(*span, span[2][0] > BARE_DAY_SURE) for span in of_month])
    if not spans:
        return text, False
    out, at, by_weekday = [], 0, False
    for start, end, (lo, hi), weekday in spans:
        if start < at:
            continue  # overlapping readings of the same words: the first is kept
        out += [folded[at:start], f" {lo} days ago " if lo == hi else f" {lo} or {hi} days ago "]
        at, by_weekday = end, by_weekday or weekday
    return "".join(out + [folded[at:]]), by_weekday
