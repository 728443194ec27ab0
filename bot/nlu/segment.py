"""Split a chat message into sentences and clauses, and tell the questions from the backstory.

People on Telegram write "my daughter bought a serum that says exosome on the bottle and i'm
61, what is it exactly": one question after a sentence of context. Matching the whole message
lets the context dilute the question, so the reader (``bot.nlu.reader``) also matches the
question clauses on their own. Everything here is plain string work, no content needed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: Sentence ends: ., !, ? (and runs of them), and line breaks.
_SENTENCE = re.compile(r"(?<=[.!?])\s+|[\r\n]+|(?<=\?)(?=[A-Za-z])")
#: Clause breaks inside a sentence: a semicolon, a dash, a comma, or "and"/"but"/"or"/"also" opening
#: a second question ("why is it so expensive and is it even safe?").
_CLAUSE = re.compile(
    r"\s*(?:;|\s[-–—]\s|,|\s(?=(?:and|but|or|also|plus)\s+(?:is|are|do|does|can|should|will|"
    r"what|whats|what's|how|why|when|where|which|any)\s)"
    # a question the writer wonders about in the middle of a sentence ("... staring at it wondering is it worth it")
    r"|\s(?=(?:i'm\s+|im\s+|i\s+am\s+)?(?:wondering|asking\s+myself)\s+(?:is|are|do|does|did|can|could|should|"
    r"will|would|if|whether|what|how|why|which|when)\b))\s*", re.IGNORECASE)
#: A part that continues a list rather than starting a clause: "human, animal and plant exosomes".
_LIST_TAIL = re.compile(r"^[\w'-]+(?:\s[\w'-]+)?\s(?:and|or|&)\s|^[\w'-]+(?:\s[\w'-]+)?$", re.IGNORECASE)
#: A part that only qualifies the question before it ("..., and for how long?", "or in what order?").
_QUALIFIER = re.compile(r"^(?:(?:and|or|but)\s+)?(?:for|in|at|with|by|to|from|after|before)\s+(?:how|what|which)\b",
                        re.IGNORECASE)
#: Leading filler dropped before deciding whether a clause asks something.
_FILLER = re.compile(r"^(?:(?:ok|okay|so|and|but|also|plus|or|then|hi|hey|hello|hola|well|like|anyway|"
                     r"btw|lol|um|uh|hmm|sorry|please|pls|kindly|sir|madam|maam|bro|guys|wait|honestly|"
                     r"quick question|one more thing|another thing|because|cause|cuz|coz)\b[\s,!.:]*)+",
                     re.IGNORECASE)
#: Words that open a question ("is it worth it", "how often") or a request ("explain", "tell me").
_ASKING = re.compile(
    r"^(?:what|whats|what's|wat|how|hows|how's|why|whys|when|where|which|who|whose|whom|"
    r"is|isn't|isnt|are|aren't|arent|am|was|were|do|does|doesn't|doesnt|did|didn't|didnt|don't|dont|"
    r"can|can't|cant|could|couldn't|should|shouldn't|shud|would|wouldn't|will|won't|wont|shall|may|might|must|"
    r"have|has|any|anyone|anybody|worth|explain|tell me|describe|help|walk me|show me|give me|share|"
    r"i want to know|i wanna know|i would like to know|i'd like to know|i need to know|i want to understand|"
    r"i would like to understand|i'd like to understand|i wonder|i'm wondering|im wondering|wondering|"
    r"curious|need advice|need help|eli5|difference|compare|legit|safe|ok to|okay to|good idea)\b",
    re.IGNORECASE)
#: Shortest clause (in characters) worth matching on its own.
MIN_CLAUSE_CHARS = 8
#: Most clauses kept from one message (the rest is read as part of the whole message only).
MAX_CLAUSES = 12


@dataclass(frozen=True)
class Clause:
    """One sentence or clause of a message, and whether it asks something."""

    text: str
    asks: bool


def sentences(text: str) -> list[str]:
    """Split a message into sentences (., !, ?, line breaks)."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]


def asks(clause: str) -> bool:
    """Tell whether a clause asks something: a question mark, a question word first, or a request."""
    stripped = clause.strip()
    if stripped.endswith("?"):
        return True
    core = _FILLER.sub("", stripped)
    return bool(_ASKING.match(core))


def clauses(text: str) -> list[Clause]:
    """Split a message into clauses, each marked as asking or not (a lone sentence ending in "?" asks)."""
    out: list[Clause] = []
    for sentence in sentences(text):
        parts = _parts(sentence)
        question_mark = sentence.rstrip().endswith("?")
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            asking = asks(part) or (question_mark and last and len(parts) == 1)
            out.append(Clause(part, asking))
    return out[:MAX_CLAUSES]


def _parts(sentence: str) -> list[str]:
    """Split one sentence into clauses, keeping list items ("human, animal and plant") together."""
    parts: list[str] = []
    for part in (p.strip(" ,") for p in _CLAUSE.split(sentence)):
        if parts and (_LIST_TAIL.match(part) or len(part) < MIN_CLAUSE_CHARS or _QUALIFIER.match(part)):
            parts[-1] = f"{parts[-1]}, {part}"
        elif part:
            parts.append(part)
    return parts or [sentence]


def questions(text: str) -> list[str]:
    """Return the asking clauses of a message, in order (empty when nothing in it asks)."""
    return [c.text for c in clauses(text) if c.asks]
