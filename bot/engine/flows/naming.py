"""The product-name question: keep only what looks like a product's name.

A name has a word of its own: a brand-like word (not in the English dictionary), a
capitalised word, or a kind of product with another word ("the ordinary serum").
"no", "idk", "the one from tiktok" and "It's $120" are not names; a price typed
here is handed to the price question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.engine.flows.amounts import Amount, prices
from bot.engine.flows.lexicon import MARKS, NEUTRAL, Clause, Lexicon, Span, stem, tokens_of
from bot.nlu.spelling import is_english
from bot.nlu.text import holds_phrase

#: UNKNOWN: the person says they do not know the name and gives none ("threw away the box, so I don't know").
NAME, PRICE_ONLY, NOT_NAME, UNKNOWN = "name", "price_only", "not_name", "unknown"
_QUOTES = ".,!?:;\"'()\u2018\u2019\u201c\u201d"
_CLAUSES = re.compile(r"[,;!?()]|\.(?!\d)|\s+(?:but|and then)\s+|\s+-\s+")
_PRICE_TEXT = re.compile(r"[$£€]\s*\d[\d.,]*k?|\d[\d.,]*\s*(?:[$£€]|dollars?|bucks?|usd|euros?|eur|pounds?|quid|gbp)\b",
                         re.IGNORECASE)


@dataclass(frozen=True)
class NameReading:
    """What the product-name question made of a message."""

    kind: str
    name: str = ""
    price: Amount | None = None


def _words(lexicon: Lexicon, key: str) -> list[tuple[str, ...]]:
    """Return a list under words.yml ``names`` as folded word tuples, longest first."""
    raw = (lexicon.raw.get("names") or {}).get(key, ())
    return sorted({tuple(t for t in tokens_of(str(w)) if t not in MARKS) for w in raw}, key=len, reverse=True)


def _strip_lead(tokens: list[str], leads: list[tuple[str, ...]]) -> int:
    """Return how many leading tokens are lead-ins ("it's called", "the bottle says")."""
    start, moved = 0, True
    while moved:
        moved = False
        for lead in leads:
            if lead and tuple(tokens[start:start + len(lead)]) == lead:
                start, moved = start + len(lead), True
                break
    return start


def _clause_tokens(original: str) -> list[str]:
    """Return a clause's words, any price left out."""
    return [t for t in tokens_of(_PRICE_TEXT.sub(" ", original)) if t not in MARKS and t not in "$£€%"]


def _admits_unknown(lexicon: Lexicon, tokens: list[str], start: int, key: str = "unknown") -> bool:
    """Tell whether a clause (its words, and how many lead-in words open it) admits not knowing the name ("no
    idea"; with ``key`` "vague" too: "the one from tiktok", "something with Exo in it")."""
    unknown = _words(lexicon, key)
    return holds_phrase(tokens, (" ".join(u) for u in unknown if len(u) > 1)) or any(
        (t,) in unknown for t in tokens) or key == "vague" and tokens[start:start + 1] in (["some"], ["something"])


def _score(lexicon: Lexicon, original: str, tokens: list[str], start: int, first: bool, unknown: bool) -> int:
    """Score how much a clause looks like a name (its text, its words, how many lead-in words open it)."""
    people = {w for words in _words(lexicon, "people") for w in words} | lexicon.persons | lexicon.children
    not_brands = {w for words in _words(lexicon, "not_brands") for w in words} | lexicon.shared.words() | set(
        lexicon.negators) | set(lexicon.question_words) | people
    products = {" ".join(p) for p in _words(lexicon, "products")}
    rest = tokens[start:]
    words = [w.strip(_QUOTES) for w in original.split()]
    capitalised = {w.lower() for i, w in enumerate(words) if w[:1].isupper() and (i or not first)}
    # A clause that says something about the product ("the box is in the bathroom", "I bought it at Sephora")
    # names it only through a capitalised word of its own.
    sentence = any(t in _sentence_words(lexicon) for t in rest)
    brands = sum(1 for t in rest if t.isalpha() and len(t) > 2 and t not in not_brands and t not in products
                 and not is_english(t) and (not sentence or t in capitalised))
    capitals = sum(1 for w in capitalised if w not in {"i", "i'm", "im", "my"} and w not in not_brands)
    own = [t for t in rest if t not in products and t not in not_brands and len(t) > 2 and t.isalpha()]
    product = any(t in products for t in rest) and bool(own) and not _someones(rest, people, lexicon)
    negated = any(t in lexicon.negators for t in rest)  # "Not Important", "no name on it"
    if unknown or negated:  # "something with Exo in it": only a brand-like word of its own makes it a name
        return brands * 2
    return brands * 2 + capitals + int(product)


def _sentence_words(lexicon: Lexicon) -> set[str]:
    """Return the words that make a clause a sentence about the product rather than its name."""
    return {w for words in _words(lexicon, "sentence_words") for w in words}


def _someones(tokens: list[str], people: set[str], lexicon: Lexicon) -> bool:
    """Tell whether a clause names whose product it is ("the serum my derm sells"): a description, not a name."""
    return any(t in lexicon.possessives and stem(n) in people for t, n in zip(tokens, tokens[1:], strict=False))


def _display(original: str, lexicon: Lexicon, skip: int, max_length: int) -> str:
    """Return the clause as the name to show: lead-in words and any price dropped, spacing tidied."""
    text = _PRICE_TEXT.sub(" ", original)
    words = text.split()
    dropped = 0
    while words and dropped < skip:
        dropped += len([t for t in tokens_of(words[0]) if t not in MARKS]) or 1
        words.pop(0)
    name = " ".join(words).strip(" .,:;-\"'")
    return name[:max_length].strip()


def answer_spans(clauses: list[Clause]) -> list[Span]:
    """Return the answer words of a message made of nothing but answer words and filler, else none."""
    covered = sum(s.end - s.start for c in clauses for s in c.spans)
    if covered != sum(len(c.tokens) for c in clauses):
        return []
    return [s for c in clauses for s in c.spans if s.category != NEUTRAL]


def only_answer_words(lexicon: Lexicon, text: str) -> bool:
    """Tell whether a message is nothing but yes / no / not sure words and filler."""
    lexicon.for_step("_shared", ())
    return bool(answer_spans(lexicon.clauses(text, "_shared")))


_QUOTED = re.compile(r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{3,})[\"\u201c\u201d\u00ab\u00bb]")


def _quoted(lexicon: Lexicon, text: str, max_length: int) -> str:
    """Return a name typed in quotes ('the listing says "Exosome Serum Anti Aging 2oz"'), or ""."""
    found = [m.group(1).strip() for m in _QUOTED.finditer(text)]
    if len(found) != 1 or len(found[0]) > max_length:
        return ""
    quoted = found[0]
    words = [t for t in tokens_of(quoted) if t not in MARKS]
    capitalised = any(w[:1].isupper() for w in quoted.split())
    if not words or only_answer_words(lexicon, quoted) or not (len(words) > 1 or capitalised):
        return ""
    return quoted


def read_name(lexicon: Lexicon, text: str, max_length: int) -> NameReading:
    """Read a typed answer at the product-name question."""
    amounts = [a for a in prices(text, lexicon) if a.currency]
    if only_answer_words(lexicon, text):
        return NameReading(NOT_NAME)
    quoted = _quoted(lexicon, text, max_length)
    if quoted:
        return NameReading(NAME, quoted, amounts[0] if amounts else None)
    best: tuple[int, str, int] | None = None
    leads = _words(lexicon, "lead_ins")
    parts = []
    for part in (p.strip() for p in _CLAUSES.split(text) if p and p.strip()):
        tokens = _clause_tokens(part)
        parts.append((part, tokens, _strip_lead(tokens, leads)))
    admitted = any(_admits_unknown(lexicon, tokens, start) for _, tokens, start in parts)
    unknown = admitted or any(_admits_unknown(lexicon, tokens, start, "vague") for _, tokens, start in parts)
    for index, (part, tokens, start) in enumerate(parts):
        score = _score(lexicon, part, tokens, start, index == 0, unknown)
        if score and (best is None or score > best[0]):
            best = (score, part, start)
    if best is None or (unknown and best[0] < 2):
        if admitted:
            return NameReading(UNKNOWN)
        return NameReading(PRICE_ONLY, price=amounts[0]) if amounts else NameReading(NOT_NAME)
    name = _display(best[1], lexicon, best[2], max_length)
    if not name:
        return NameReading(PRICE_ONLY, price=amounts[0]) if amounts else NameReading(NOT_NAME)
    return NameReading(NAME, name, amounts[0] if amounts else None)
