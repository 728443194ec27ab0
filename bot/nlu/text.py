"""Text normalisation for matching: case, accents, punctuation, synonyms, light stemming."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

#: Words whose canonical form is remembered (a bound, so odd input cannot grow memory forever).
CACHE_SIZE = 100_000
#: Longest message the matcher reads; anything longer is cut (risk detection reads it all).
MAX_MATCH_CHARS = 600

_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_NON_WORD = re.compile(r"[^a-z0-9'$ ]+")
_SPACES = re.compile(r"\s+")
_REPEATS = re.compile(r"(.)\1{2,}")


def holds_phrase(tokens: Iterable[str], phrases: Iterable[str]) -> bool:
    """Tell whether one of the phrases occurs in the tokens as whole words ("not sure" in "im not sure tbh")."""
    flat = f" {' '.join(tokens)} "
    return any(f" {phrase} " in flat for phrase in phrases)


def clean(text: str) -> str:
    """Drop control characters and surrounding whitespace; keep everything else."""
    return _SPACES.sub(" ", text.translate(_CONTROL)).strip()


def fold(text: str) -> str:
    """Lower-case, strip accents, unify apostrophes and turn punctuation into spaces."""
    text = text.lower().translate(_APOSTROPHES)
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _REPEATS.sub(r"\1\1", text)  # "sooooo" -> "soo", "hiiii" -> "hii"
    text = text.replace("$", " $ ")
    text = _NON_WORD.sub(" ", text)
    text = " ".join(w.strip("'") for w in text.split())
    return _SPACES.sub(" ", text).strip()


def stem(word: str) -> str:
    """Reduce a word to a rough stem so plurals and verb forms meet ("stacking" -> "stack")."""
    if len(word) <= 3 or not word.isalpha():
        return word
    for suffix, keep in (("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            if suffix == "es" and not word.endswith(("ses", "xes", "ches", "shes", "zes")):
                continue
            word = word[: len(word) - len(suffix)] + keep
            break
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    if len(word) > 4 and word[-1] == word[-2] and word[-1] not in "aeiouls":
        word = word[:-1]  # "stopp" -> "stop"
    return word


@dataclass
class Vocabulary:
    """The shared word lists: synonyms, stopwords and the domain words."""

    synonyms: Mapping[str, Iterable[str]] = field(default_factory=dict)
    stopwords: Iterable[str] = ()
    domain: Iterable[str] = ()
    generic: Iterable[str] = ()
    generic_intent: str = ""
    chat: Iterable[str] = ()
    not_skincare: Iterable[str] = ()
    other_products: Iterable[str] = ()
    anchors: Iterable[str] = ()

    def __post_init__(self) -> None:
        words: dict[str, str] = {}
        phrases: dict[str, str] = {}
        for canonical, variants in self.synonyms.items():
            for variant in [canonical, *variants]:
                key = fold(str(variant))
                if not key:
                    continue
                (phrases if " " in key else words)[key] = canonical
        self.word_map = words
        # Phrases are matched after single words are mapped ("do exosmes really work" must meet
        # "do exosomes really work"), so their keys are mapped the same way.
        phrases = {" ".join(words.get(w, w) for w in key.split()): canonical for key, canonical in phrases.items()}
        # Phrases indexed by their first two words, longest first: a message is scanned word by word.
        self._phrases: dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]] = {}
        for key, canonical in sorted(phrases.items(), key=lambda kv: (-len(kv[0].split()), -len(kv[0]))):
            words_of = tuple(key.split())
            self._phrases.setdefault(words_of[:2], []).append((words_of, canonical))
        self._canonical_cache: dict[str, str] = {}
        self.stop = frozenset(fold(w) for w in self.stopwords)
        self.domain_set = frozenset(self.canonical(fold(w)) for w in self.domain)
        self.generic_set = frozenset(self.canonical(fold(w)) for w in self.generic)
        self.chat_set = frozenset(self.canonical(fold(w)) for w in self.chat)
        self.not_skincare_set = frozenset(self.canonical(fold(w)) for w in self.not_skincare)
        self.other_products_set = frozenset(self.canonical(fold(w)) for w in self.other_products)
        self.anchors_set = frozenset(self.canonical(fold(w)) for w in self.anchors)

    def canonical(self, word: str) -> str:
        """Map one folded word to its canonical token (synonym, else its stem); stopwords stay as they are."""
        cached = self._canonical_cache.get(word)
        if cached is not None:
            return cached
        mapped = self.word_map.get(word)
        if mapped is None and word in self.stop:
            mapped = word
        if mapped is None:
            stemmed = stem(word)
            mapped = self.word_map.get(stemmed, stemmed)
        if len(self._canonical_cache) < CACHE_SIZE:
            self._canonical_cache[word] = mapped
        return mapped

    def normalise(self, text: str) -> str:
        """Fold text, map single words, and replace known phrases by their canonical token."""
        return self.join_phrases(self.words(text))

    def words(self, text: str) -> list[str]:
        """Fold text and map each single word through the synonym table (phrases untouched)."""
        return [self.word_map.get(w, w) for w in fold(text[:MAX_MATCH_CHARS]).split()]

    def join_phrases(self, words: list[str]) -> str:
        """Replace known phrases (longest first) by their canonical token and join the words."""
        out: list[str] = []
        i = 0
        while i < len(words):
            for phrase, canonical in self._phrases.get(tuple(words[i:i + 2]), ()):
                if tuple(words[i:i + len(phrase)]) == phrase:
                    out.append(canonical)
                    i += len(phrase)
                    break
            else:
                out.append(words[i])
                i += 1
        return " ".join(out)

    def phrase_words(self) -> set[str]:
        """Return every word that is part of a known phrase."""
        return {w for phrases in self._phrases.values() for phrase, _ in phrases for w in phrase}

    def tokens(self, text: str) -> list[str]:
        """Return the canonical tokens of a text, stopwords included, in order."""
        return [self.canonical(w) for w in self.normalise(text).split()]

    def content(self, tokens: Iterable[str]) -> list[str]:
        """Drop stopwords, keeping order and the first of each repeated token."""
        seen: set[str] = set()
        out = []
        for tok in tokens:
            if tok in self.stop or tok in seen:
                continue
            seen.add(tok)
            out.append(tok)
        return out
