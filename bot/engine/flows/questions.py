"""Questions about the question itself: "what does malignancy mean?", "why do you need that?",
"does that count?". They get a one-line explanation and the same question again, and set nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.flows.lexicon import MARKS, Lexicon, tokens_of

#: Words that may open any question without changing it.
_LEAD = r"(?:(?:wait|sorry|so|ok|okay|um|umm|uh|hmm|oh|hey|and|but|quick question|sorry but|excuse me) )*"
_ARTICLE = r"(?:(?:a|an|the|this|that) )?"
_TAIL = r"(?: (?:mean|means|meaning|stand for|stands for))?(?: (?:here|in this context|exactly|again|tbh|lol|even))*"
#: "What does X mean?" and its everyday variants; X is the named group.
TERM_PATTERNS = tuple(re.compile(p) for p in (
    rf"^{_LEAD}(?:what|whats|wat)(?: (?:does|do|is|are|s|exactly|even|is meant by|do you mean by|do you mean))* "
    rf"{_ARTICLE}(?P<x>.+?){_TAIL}$",
    rf"^{_LEAD}(?:define|meaning of|definition of|explain) {_ARTICLE}(?P<x>.+?)(?: please)?$",
    rf"^{_LEAD}(?:i have |i |i m |im )?(?:no idea|dont know|do not know|not sure|unsure) what {_ARTICLE}(?P<x>.+?) "
    rf"(?:is|are|means|mean)(?: (?:tbh|lol|honestly|here))*$",
    rf"^{_LEAD}is {_ARTICLE}(?P<x>.+?) (?:a|an|the) \w+$",
    rf"^{_LEAD}(?P<x>.+?) (?:meaning|means what|definition)$",
))
#: Words before "does that count?" past which the message gives an answer of its own.
COUNT_LEAD_WORDS = 2
#: "What counts as X?", "does that count?", "what do you mean?": explained by the question's own terms.
COUNT_PATTERNS = tuple(re.compile(p) for p in (
    rf"^{_LEAD}what (?:counts|count|would count|does count) as {_ARTICLE}(?P<x>.+?)$",
    r"(?:^|\b)(?:does|do|would|will|is) (?P<x>[a-z0-9 ]+?) counts?(?: here| as \w+)?$",
    r"(?:^|\b)(?:does|would|will|do) (?:that|this|it|those|these) (?:count|matter)(?: here)?$",
    r"(?:^|\b)is (?:that|this|it) (?:a yes|a no|ok|okay|included|one of them|relevant)$",
    rf"^{_LEAD}what do you mean(?: by (?P<x>.+?))?$",
    rf"^{_LEAD}(?:im |i am |i m )?(?:not sure|unsure|dont know|no idea) what (?:counts|would count)"
    r"(?: as (?P<x>.+?))?$",
))
#: "Why do you need that?": answered with the question's "why this matters" line.
WHY_PATTERNS = tuple(re.compile(p) for p in (
    rf"^{_LEAD}why (?:do|does|would|are|is|did|should) (?:you|that|this|it|any of that|any of this|i)\b.*$",
    rf"^{_LEAD}how (?:is|does) (?:that|this|it) (?:relevant|matter|important)\b.*$",
    rf"^{_LEAD}what (?:does|has) (?:that|this|it) (?:have|got) to do\b.*$",
    rf"^{_LEAD}why (?:ask|the question|that question|that matters|it matters|does it matter)\b.*$",
    rf"^{_LEAD}why\??$",
))


@dataclass(frozen=True)
class AboutQuestion:
    """A question about the pending question: its kind (term, explain or why) and the answer text."""

    kind: str
    text: str


TERM, EXPLAIN, WHY = "term", "explain", "why"
#: A term asked about is at most this many words ("what is the best retinol for beginners" is a real question).
MAX_TERM_WORDS = 5


def _flat(text: str) -> str:
    """Return the folded words of a text, one space apart, clause marks dropped."""
    return " ".join(t for t in tokens_of(text) if t not in MARKS)


def lookup(lexicon: Lexicon, phrase: str, question: str) -> str | None:
    """Return the glossary line for the longest term in ``phrase`` (terms of the question first)."""
    words = f" {phrase} "
    asked = f" {_flat(question)} "
    best: tuple[int, int, str] | None = None
    for terms, text in lexicon.glossary:
        for term in terms:
            if term and f" {term} " in words:
                key = (int(f" {term} " in asked), len(term), text)
                if best is None or key > best:
                    best = key
    return best[2] if best else None


def own_terms(lexicon: Lexicon, question: str) -> str | None:
    """Return the glossary line of the longest glossary term in the question itself."""
    return lookup(lexicon, _flat(question), question)


def about_question(lexicon: Lexicon, text: str, question: str, why: str, explain: str = "") -> AboutQuestion | None:
    """Tell whether a message asks about the question (a word in it, whether something counts, why)."""
    flat = _flat(text)
    if not flat or len(flat.split()) > 14:
        return None
    for pattern in WHY_PATTERNS:
        if pattern.match(flat) and not re.search(r"\b(?:exosome|exosomes|cause|work|works)\b", flat):
            return AboutQuestion(WHY, why)
    for pattern in TERM_PATTERNS:
        match = pattern.match(flat)
        if match and len(match.group("x").split()) <= MAX_TERM_WORDS and (
                line := lookup(lexicon, match.group("x"), question)):
            return AboutQuestion(TERM, line)
    for pattern in COUNT_PATTERNS:
        match = pattern.search(flat)
        if not match:
            continue
        subject = match.groupdict().get("x") or ""
        subject = "" if subject in ("that", "this", "it", "those", "these") else subject
        if not subject and len(flat[:match.start()].split()) > COUNT_LEAD_WORDS:
            continue  # "accutane pills, does that count?": an answer, asked back by the reader, not a question
        line = lookup(lexicon, subject, question) if subject else None
        line = line or explain or own_terms(lexicon, question)
        if line:
            return AboutQuestion(EXPLAIN, line)
    terms = {t for entry, _ in lexicon.glossary for t in entry}
    if text.rstrip().endswith("?") and flat in terms and (line := lookup(lexicon, flat, question)):
        return AboutQuestion(TERM, line)  # "endotoxins?"
    return None
