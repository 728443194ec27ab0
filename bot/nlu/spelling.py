"""Typo correction: find the known spelling one or two edits away from an unknown word."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from bot.nlu.text import stem

#: Words shorter than this are never corrected.
MIN_LENGTH = 4
#: From this length on, two edits are allowed (one below it). A transposition is one edit.
TWO_EDITS_FROM = 9
#: Remembered answers (unknown words repeat: "exosmes", "serim").
CACHE_SIZE = 50_000


@lru_cache(maxsize=1)
def _dictionary() -> frozenset[str]:
    """Load the English dictionary (GCIDE headwords, lower case, ~114,000 words) once."""
    from english_words import get_english_words_set

    return frozenset(get_english_words_set(["gcide"], lower=True, alpha=True))


def is_english(word: str) -> bool:
    """Tell whether a word (or its stem, or its singular) is an ordinary English word.

    An English word is never "corrected": "playing" is not a typo of "plating", nor
    "vehicle" of "vesicle", nor "vacation" of "lactation".
    """
    words = _dictionary()
    if word in words or stem(word) in words:
        return True
    return any(word.endswith(end) and word[: -len(end)] in words for end in ("s", "es", "ing", "ed", "d", "ly"))


class SpellingIndex:
    """Spellings grouped by length, so a word is only compared with spellings that could be near it."""

    def __init__(self, spellings: Mapping[str, str], min_length: int = MIN_LENGTH,
                 same_first_letter: bool = False) -> None:
        self.min_length = min_length
        self.same_first_letter = same_first_letter
        self._by_length: dict[int, tuple[list[str], list[str]]] = {}
        for spelling in sorted(spellings):
            if spelling.isalpha():
                words, targets = self._by_length.setdefault(len(spelling), ([], []))
                words.append(spelling)
                targets.append(spellings[spelling])
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """Return the target of the nearest spelling within the allowed edits, or None."""
        if word in self._cache:
            return self._cache[word]
        found = self._search(word) if word.isalpha() and len(word) >= self.min_length else None
        if len(self._cache) < CACHE_SIZE:
            self._cache[word] = found
        return found

    def _search(self, word: str) -> str | None:
        """Compare with the spellings of nearby lengths; fewest edits win, then the closest overall."""
        edits = 2 if len(word) >= TWO_EDITS_FROM else 1
        best: tuple[int, float, str, str] | None = None
        for length in range(len(word) - edits, len(word) + edits + 1):
            words, targets = self._by_length.get(length, ((), ()))
            for spelling, distance, index in process.extract(word, words, scorer=OSA.distance,
                                                             score_cutoff=edits, limit=8):
                if self.same_first_letter and spelling[0] != word[0]:
                    continue
                key = (int(distance), -fuzz.ratio(word, spelling), spelling, targets[index])
                if best is None or key < best:
                    best = key
        return best[3] if best else None
