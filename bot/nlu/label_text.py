"""Label text made ready for reading: folded for matching, with a map back to the words as written."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

#: Longest label text read; anything longer is cut (a product page is a few thousand characters).
MAX_LABEL_CHARS = 20_000

#: Characters folded to one ASCII character before matching.
_CHARS = {
    "\u2018": "'", "\u2019": "'", "\u201b": "'", "\u2032": "'", "\u02bc": "'", "`": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
    "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\t": " ", "\r": "\n", "\u2028": "\n", "\u2029": "\n",
    "\u00d7": "x",
    # Bullets and middle dots separate items the way line breaks do.
    "\u2022": "\n", "\u00b7": "\n", "\u30fb": "\n", "|": "\n", "\u25cf": "\n", "\u25aa": "\n",
}
#: Digits OCR puts for letters, mended when a letter stands on both sides ("Exos0mes", "exc1usion").
_OCR_DIGITS = {"0": "o", "1": "l"}
#: Where a sentence ends in the folded text.
_SENTENCE_END = re.compile(r"\n+|[.!?]+(?=\s)|;(?=\s)|\s[-:]{2,}\s")
_WORD = re.compile(r"[\w']+")
_CLAUSE_BREAK = re.compile(r"[,:()\[\]]")


@dataclass(frozen=True)
class Folded:
    """A label text folded for matching, remembering where each folded character came from."""

    original: str
    text: str
    origin: tuple[int, ...]
    sentence_starts: tuple[int, ...]

    def words(self, start: int, end: int) -> str:
        """Return the original words behind the folded span [start, end), spaces tidied."""
        if end <= start:
            return ""
        first, last = self.origin[start], self.origin[end - 1]
        return " ".join(self.original[first:last + 1].split())

    def sentence(self, pos: int) -> tuple[int, int]:
        """Return the folded span of the sentence holding position ``pos``."""
        index = bisect_right(self.sentence_starts, pos) - 1
        start = self.sentence_starts[max(index, 0)]
        end = self.sentence_starts[index + 1] if index + 1 < len(self.sentence_starts) else len(self.text)
        return start, end

    def words_before(self, pos: int, count: int) -> str:
        """Return up to ``count`` folded words before ``pos`` in the same clause (commas and brackets end one)."""
        start, _ = self.sentence(pos)
        clause = _CLAUSE_BREAK.split(self.text[start:pos])[-1]
        return " ".join(_WORD.findall(clause)[-count:])


def _fold_char(char: str) -> str:
    """Fold one character: unify quotes and dashes, strip accents, lower-case."""
    if char in _CHARS:
        return _CHARS[char]
    if char.isascii():
        return char.lower()
    if unicodedata.category(char) in {"So", "Sk", "Cf", "Co"}:
        return " "
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower() or " "


def _next_visible(text: str, pos: int) -> int:
    """Return the index of the next character after ``pos`` that is not a space or tab."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _line_break(original: str, i: int) -> tuple[str, int]:
    """Fold a hyphen or line break at ``i``: return what to emit and where to go on."""
    j = i + 1
    if original[i] not in "\r\n":
        j = _next_visible(original, j)
        if j >= len(original) or original[j] not in "\r\n":
            return "-", i + 1
    while j < len(original) and original[j] in " \t\r\n":
        j += 1
    follows_lower = j < len(original) and original[j].islower()
    if original[i] in "\r\n":
        return (" " if follows_lower else "\n"), j
    return ("" if follows_lower else "-\n"), j  # "exo-\nsomes" -> "exosomes"


def fold_label(text: str) -> Folded:
    """Fold a label for matching: mend words broken across lines and digits read for letters (OCR), keep real
    line breaks."""
    original = text[:MAX_LABEL_CHARS]
    out: list[str] = []
    origin: list[int] = []
    i = 0
    while i < len(original):
        char = _fold_char(original[i])
        step = i + 1
        if original[i] in _OCR_DIGITS and 0 < i < len(original) - 1 and original[i - 1].isalpha() \
                and original[i + 1].isalpha():
            char = _OCR_DIGITS[original[i]]  # OCR reads "o" as 0 and "l" as 1 inside words: "co1ostrum"
        if original[i] in "-\r\n":
            char, step = _line_break(original, i)
        out.append(char)
        origin.extend([i] * len(char))
        i = step
    folded = "".join(out)
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(folded) if m.end() < len(folded)]
    return Folded(original, folded, tuple(origin), tuple(sorted(set(starts))))
