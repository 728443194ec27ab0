"""The operator's report: what users asked that exobot could not answer, and how it went.

:func:`build_report` reads the store and returns plain JSON-able data (``exobot
report --json``); :func:`format_report` renders it as terminal tables and
:func:`summary_text` as a short HTML summary for Telegram's ``/stats``.
Questions that fell back or got a suggestion are grouped by similarity with
rapidfuzz so an editor sees "12 x how much does it cost", not twelve lines.
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from rapidfuzz import fuzz

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.store import DAY, FINISHED, STARTED, Store

#: Two questions whose similarity reaches this (0-100) are one group.
SIMILARITY = 85
#: Other wordings kept per question group, for the editor.
VARIANTS = 3
#: Rows per table in the terminal report, and lines per section in /stats.
TABLE_ROWS, SUMMARY_ROWS = 20, 3
#: Longest question shown in a table cell or in /stats.
SHOWN_TEXT = 70

_PUNCTUATION = re.compile(r"[^\w\s]+")
_SPACES = re.compile(r"\s+")


# -- Grouping ----------------------------------------------------------------


def normalise(text: str) -> str:
    """Return text lower-cased with punctuation and extra spaces removed."""
    return _SPACES.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()


def similarity(a: str, b: str) -> float:
    """Score two normalised questions 0-100, word order and repeats ignored.

    ``token_set_ratio`` alone scores 100 whenever one question's words are a
    subset of the other's ("price" vs "what is the price of plated exosomes");
    averaging with ``token_sort_ratio`` keeps such pairs apart.
    """
    return (fuzz.token_set_ratio(a, b) + fuzz.token_sort_ratio(a, b)) / 2


def group_questions(rows: Iterable[dict[str, Any]], threshold: float = SIMILARITY) -> list[dict[str, Any]]:
    """Group message rows with text by similarity, most frequent group first."""
    wordings: dict[str, Counter[str]] = defaultdict(Counter)
    outcomes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        text = (row.get("text") or "").strip()
        key = normalise(text)
        if key:
            wordings[key][text] += 1
            outcomes[key][row.get("outcome") or FALLBACK] += 1
    ordered = sorted(wordings, key=lambda k: (-sum(wordings[k].values()), k))
    groups: list[dict[str, Any]] = []
    for key in ordered:
        best = max(groups, key=lambda g: similarity(key, g["_key"]), default=None)
        if best is None or similarity(key, best["_key"]) < threshold:
            best = {"_key": key, "_wordings": Counter(), "_outcomes": Counter()}
            groups.append(best)
        best["_wordings"].update(wordings[key])
        best["_outcomes"].update(outcomes[key])
    result = []
    for group in groups:
        texts = [text for text, _ in group["_wordings"].most_common()]
        result.append({
            "text": texts[0],
            "count": sum(group["_wordings"].values()),
            "fallback": group["_outcomes"][FALLBACK],
            "suggest": group["_outcomes"][SUGGEST],
            "variants": texts[1:1 + VARIANTS],
        })
    result.sort(key=lambda g: (-g["count"], normalise(g["text"])))
    return result


# -- Building ----------------------------------------------------------------


def _ranked(counter: Counter[str], name: str) -> list[dict[str, Any]]:
    """Return a counter as a list of {name, count}, most frequent first."""
    return [{name: key, "count": n} for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))]


def _flags(text: str | None) -> list[str]:
    """Split stored comma text into flags."""
    return [f for f in (text or "").split(",") if f]


def build_report(store: Store, *, days: int = 30, now: float) -> dict[str, Any]:
    """Return the report over the last ``days`` days as JSON-able data."""
    since = now - days * DAY
    messages = [m for m in store.rows("messages", since) if m["time"] <= now]
    feedback = [f for f in store.rows("feedback", since) if f["time"] <= now]
    flows = [f for f in store.rows("flows", since) if f["time"] <= now]

    outcomes = Counter(m["outcome"] for m in messages)
    referrals = Counter(flag for m in messages for flag in _flags(m["risks"]))
    intents = Counter(m["intent"] for m in messages if m["intent"] and m["outcome"] == ANSWER)

    ratings = _ratings(feedback)
    flow_list = _flow_figures(flows)

    return {
        "days": days,
        "since": since,
        "until": now,
        "totals": {
            "messages": len(messages),
            "answer": outcomes[ANSWER],
            "suggest": outcomes[SUGGEST],
            "fallback": outcomes[FALLBACK],
            "referrals": sum(1 for m in messages if m["risks"]),
            "users": len({m["user_key"] for m in messages}),
            "votes_up": sum(r["up"] for r in ratings),
            "votes_down": sum(r["down"] for r in ratings),
        },
        "questions": group_questions(m for m in messages if m["outcome"] in (SUGGEST, FALLBACK)),
        "intents": _ranked(intents, "intent"),
        "feedback": ratings,
        "flows": flow_list,
        "referrals": _ranked(referrals, "flag"),
    }


def _ratings(feedback: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each intent's votes up and down, most voted down first."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in feedback:
        votes[row["intent"]]["up" if row["vote"] > 0 else "down"] += 1
    ratings: list[dict[str, Any]] = [{"intent": intent, "up": v["up"], "down": v["down"]}
                                     for intent, v in votes.items()]
    ratings.sort(key=lambda r: (-r["down"], r["up"], r["intent"]))
    return ratings


def _flow_figures(flows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Return each flow's starts, finishes, completion, verdicts and flags, by flow id."""
    by_flow: dict[str, dict[str, Any]] = {}
    for row in flows:
        entry = by_flow.setdefault(row["flow"], {"flow": row["flow"], "started": 0, "finished": 0,
                                                 "verdicts": Counter(), "flags": Counter()})
        if row["status"] == STARTED:
            entry["started"] += 1
        elif row["status"] == FINISHED:
            entry["finished"] += 1
            if row["verdict"]:
                entry["verdicts"][row["verdict"]] += 1
            entry["flags"].update(_flags(row["flags"]))
    flow_list = []
    for entry in sorted(by_flow.values(), key=lambda e: e["flow"]):
        started = max(entry["started"], entry["finished"])
        flow_list.append({
            **entry,
            "started": started,
            "completion": round(entry["finished"] / started, 3) if started else None,
            "verdicts": dict(entry["verdicts"].most_common()),
            "flags": dict(entry["flags"].most_common()),
        })
    return flow_list


# -- Terminal ----------------------------------------------------------------


def _date(ts: float) -> str:
    """Return a timestamp as a UTC date."""
    return datetime.fromtimestamp(ts, tz=UTC).strftime("%Y-%m-%d")


def _cut(text: str, width: int = SHOWN_TEXT) -> str:
    """Shorten text to ``width`` characters with an ellipsis."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Render rows as an aligned plain-text table (numbers right, text left)."""
    cells = [[str(c) for c in row] for row in rows]
    widths = [max(len(h), *(len(r[i]) for r in cells)) if cells else len(h) for i, h in enumerate(headers)]
    numeric = [all(isinstance(row[i], (int, float)) for row in rows) and bool(rows) for i in range(len(headers))]

    def line(values: Sequence[str]) -> str:
        parts = [v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric, strict=True)]
        return "  ".join(parts).rstrip()

    return "\n".join([line(headers), line(["-" * w for w in widths]), *(line(r) for r in cells)])


def _section(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """Render a titled table, or a note when it has no rows."""
    if not rows:
        return f"{title}\n  (none)"
    more = f"\n  … and {len(rows) - TABLE_ROWS} more" if len(rows) > TABLE_ROWS else ""
    return f"{title}\n{table(headers, rows[:TABLE_ROWS])}{more}"


def format_report(report: dict[str, Any]) -> str:
    """Render a report as readable terminal tables."""
    t = report["totals"]
    head = (
        f"exobot report: last {report['days']} days ({_date(report['since'])} to {_date(report['until'])})\n"
        f"{t['messages']} questions from {t['users']} users: {t['answer']} answered, {t['suggest']} suggested, "
        f"{t['fallback']} fell back, {t['referrals']} referred. Feedback: {t['votes_up']} 👍, {t['votes_down']} 👎."
    )
    questions = [
        (g["count"], g["fallback"], g["suggest"], _cut(g["text"])
         + (f"  (also: {'; '.join(_cut(v, 30) for v in g['variants'])})" if g["variants"] else ""))
        for g in report["questions"]
    ]
    flows = [
        (f["flow"], f["started"], f["finished"],
         f"{f['completion']:.0%}" if f["completion"] is not None else "-",
         ", ".join(f"{k} {n}" for k, n in {**f["verdicts"], **f["flags"]}.items()) or "-")
        for f in report["flows"]
    ]
    sections = [
        head,
        _section("Questions that fell back or got a suggestion (grouped)",
                 ("count", "fallback", "suggest", "question"), questions),
        _section("Answers given, by intent", ("count", "intent"),
                 [(r["count"], r["intent"]) for r in report["intents"]]),
        _section("Answers with the most 👎", ("down", "up", "intent"),
                 [(r["down"], r["up"], r["intent"]) for r in report["feedback"] if r["down"]]),
        _section("Guided flows", ("flow", "started", "finished", "done", "verdicts / flags"), flows),
        _section("Risk referrals, by flag", ("count", "flag"),
                 [(r["count"], r["flag"]) for r in report["referrals"]]),
    ]
    return "\n\n".join(sections) + "\n"


# -- Telegram ----------------------------------------------------------------


def summary_text(store: Store, now: float, *, days: int = 7) -> str:
    """Return a short HTML summary of the report for Telegram's /stats (db text escaped)."""
    report = build_report(store, days=days, now=now)
    t = report["totals"]
    lines = [
        f"<b>exobot, last {days} days</b>",
        (f"{t['messages']} questions from {t['users']} users: {t['answer']} answered, "
         f"{t['suggest']} suggested, {t['fallback']} fell back, {t['referrals']} referred."),
        f"Feedback: {t['votes_up']} 👍, {t['votes_down']} 👎.",
    ]
    if report["questions"]:
        lines.append("\n<b>Most asked without an answer</b>")
        lines += [f"{g['count']} × {html.escape(_cut(g['text'], 60))}" for g in report["questions"][:SUMMARY_ROWS]]
    disliked = [r for r in report["feedback"] if r["down"]][:SUMMARY_ROWS]
    if disliked:
        lines.append("\n<b>Most 👎</b>")
        lines += [f"{r['down']} × {html.escape(r['intent'])}" for r in disliked]
    if report["flows"]:
        lines.append("\n<b>Flows</b>")
        lines += [f"{html.escape(f['flow'])}: {f['finished']} of {f['started']} finished" for f in report["flows"]]
    if report["referrals"]:
        flags = ", ".join(f"{html.escape(r['flag'])} {r['count']}" for r in report["referrals"])
        lines.append(f"\n<b>Referrals</b>: {flags}")
    lines.append("\nFull report: <code>exobot report</code>")
    return "\n".join(lines)
