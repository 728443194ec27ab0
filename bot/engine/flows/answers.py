"""Typed answers: turn what people type ("yep", "nto sure", "$299", "two weeks ago") into step values."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

#: Fuzzy matching: minimum rapidfuzz ratio for a near miss ("yess", "nto sure").
FUZZY_CUTOFF = 80
#: Typed answers longer than this (in words) must start with the answer.
SHORT_ANSWER_WORDS = 6
#: Near misses are only tried on answers of at most this many words.
FUZZY_MAX_WORDS = 3

#: Words that make a longer message a question rather than an answer.
QUESTION_WORDS = frozenset({
    "what", "whats", "how", "why", "which", "where", "when", "who", "whos",
    "is", "are", "can", "could", "does", "do", "should", "would", "will",
})

#: Typed words that skip an optional step, or go back a step.
SKIP_WORDS = ("skip", "pass", "skip it", "rather not", "no thanks", "next", "none", "no name", "dont know",
              "idk", "not sure", "no idea")
BACK_WORDS = ("back", "go back", "previous", "undo")



def normalise(text: str) -> str:
    """Lower-case, drop apostrophes and punctuation, collapse spaces ("Don't-know!" -> "dont know")."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = re.sub(r"['\u2018\u2019`]", "", text)
    text = re.sub(r"[^\w$£€.]+", " ", text)
    text = re.sub(r"(?<!\d)\.|\.(?!\d)", " ", text)
    return " ".join(text.split())


def looks_like_question(text: str, tokens: list[str]) -> bool:
    """Tell whether a message is a question to answer rather than an answer."""
    if len(tokens) <= 2:
        return False
    return text.rstrip().endswith("?") or tokens[0] in QUESTION_WORDS and len(tokens) > 3


def match_words(choices: Iterable[tuple[str, str]], text: str, fuzzy: bool = True) -> str | None:
    """Return the one value whose words the text contains (longest phrases first), else None.

    ``choices`` are (phrase, value) pairs. Long messages must start with the answer;
    short ones may be near misses ("yess", "nto sure"); two different answers at once
    ("yes and no") are not an answer.
    """
    tokens = normalise(text).split()
    if not tokens or looks_like_question(text, tokens):
        return None
    phrases = sorted(((normalise(p).split(), v) for p, v in choices), key=lambda pv: -len(pv[0]))
    used = [False] * len(tokens)
    found: set[str] = set()
    for words, value in phrases:
        size = len(words)
        for i in range(len(tokens) - size + 1):
            if tokens[i:i + size] != words or any(used[i:i + size]):
                continue
            if len(tokens) > SHORT_ANSWER_WORDS and i > 1:
                continue
            used[i:i + size] = [True] * size
            found.add(value)
    scanned = found.pop() if len(found) == 1 else None
    if all(used) or not fuzzy or len(tokens) > FUZZY_MAX_WORDS:
        return scanned
    near = _near_miss(" ".join(tokens), {" ".join(w): v for w, v in phrases})
    return near if near is not None else scanned


def _near_miss(text: str, by_phrase: dict[str, str]) -> str | None:
    """Return the value of the one phrase the text is a near miss of ("nto sure" -> not sure)."""
    if len(text) < 2:
        return None
    hits = process.extract(text, list(by_phrase), scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF, limit=6)
    if not hits:
        return None
    best = hits[0][1]
    values = {by_phrase[phrase] for phrase, score, _ in hits if score == best}
    return values.pop() if len(values) == 1 else None


_AMOUNT = re.compile(r"(?<![\w.])([$£€])?\s*(\d+(?:[.,]\d{3})*(?:\.\d+)?)(?![\d.,]*\d)\s*(k\b)?(?![a-z])")


def parse_price(text: str) -> tuple[float, str] | None:
    """Return (amount, display text) for a typed price such as "$299" or "about 80 dollars"."""
    match = _AMOUNT.search(text.lower())
    if not match:
        return None
    amount = float(re.sub(r"[.,](?=\d{3}\b)", "", match.group(2)).replace(",", "."))
    if match.group(3):
        amount *= 1000
    symbol = match.group(1) or ("€" if "eur" in text.lower() else "£" if "pound" in text.lower() else "$")
    return amount, f"{symbol}{amount:,.0f}" if amount.is_integer() else f"{symbol}{amount:,.2f}"


_DAYS = re.compile(r"(\d+|a|an|one|two|three|four|five|six)\s*(day|days|week|weeks|wk|wks|month|months)\b")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def parse_days(text: str) -> float | None:
    """Return how many days ago a typed time ("5 days ago", "two weeks") means."""
    match = _DAYS.search(normalise(text))
    if not match:
        return None
    count = float(_NUMBERS.get(match.group(1)) or match.group(1))
    unit = match.group(2)
    days = count * (30 if unit.startswith("month") else 7 if unit.startswith("w") else 1)
    return days + 1 if re.search(r"\b(more than|over|longer than)\b", normalise(text)) else days
