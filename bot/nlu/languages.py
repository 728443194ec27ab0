"""Messages in other languages: tell them from English, and find the risk flags' core words in them.

The word lists are data (intents/risk_words_multilingual.yml, read by the content loader). A
foreign message gets only these lists; an English one also gets the distinctive foreign words
("estoy embarazada" inside an English sentence), never the words English shares with them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.nlu.risk_rules import FLAGS, check_keys, compiled, words

TOP_KEYS = frozenset({"english_markers", "shared_words", "clause_breaks", "languages"})
LANGUAGE_KEYS = frozenset({"name", "markers", "flags", "negation", "negation_after", "uncertainty", "others",
                           "relative", "first_person", "general", "conditional", "recent", "long_ago",
                           "lookalikes"})
CUE_KEYS = ("negation", "negation_after", "uncertainty", "others", "relative", "first_person", "general", "conditional",
            "recent", "long_ago", "lookalikes")
#: Share of letters outside the Latin script that makes a message foreign.
SCRIPT_SHARE = 0.3
#: A clause this long in plain English makes a foreign message a mixed one, read as English too.
MIXED_WORDS = 3
#: How many words before a flag word a negation may sit ("no tengo cancer").
NEGATION_WINDOW = 4
_LATIN_WORD = re.compile(r"[a-z0-9]+")
_OPENING = re.compile(r"([a-z]*)(\\|[^a-z\\]|$)?")
_ACCENTED = re.compile(r"\b\w*[\u00c0-\u00ff\u0100-\u017f\u0153]\w*\b")
_APOSTROPHES = re.compile(r"['\u2019\u02bc`\u00b4]")


#: Latin letters that no accent stripping changes: ligatures ("sœur" -> "soeur"), "đ", the dotless "ı" and "ł".
_LIGATURES = str.maketrans({"\u0153": "oe", "\u00e6": "ae", "\u0111": "d", "\u0131": "i", "\u0142": "l"})


def _accentable(ch: str) -> bool:
    """Tell whether a letter is Latin with accents to strip (Vietnamese letters included: "bầu" -> "bau")."""
    return "\u00c0" <= ch <= "\u024f" or "\u1e00" <= ch <= "\u1eff"


def fold(text: str) -> str:
    """Lower-case text, strip accents from Latin letters and turn apostrophes into spaces; keep other scripts."""
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_LIGATURES)
        text = "".join(unicodedata.normalize("NFKD", ch)[0] if _accentable(ch) else ch for ch in text)
    return _APOSTROPHES.sub(" ", text)


def _pattern(fragment: str) -> str:
    """Wrap an ASCII fragment in word boundaries; leave a fragment in another script as it is."""
    return rf"(?<![a-z0-9])(?:{fragment})(?![a-z0-9])" if fragment.isascii() else f"(?:{fragment})"


def _union(fragments: list[str], where: str) -> re.Pattern[str] | None:
    """Compile fragments into one alternation (None when there are none)."""
    return compiled("|".join(_pattern(f) for f in fragments), where) if fragments else None


def _openings(fragments: list[str], common: frozenset[str] = frozenset()) -> tuple[frozenset[str], tuple[str, ...]]:
    """Cheap signs of the ASCII words: whole words ("schwanger"), stems of five letters or more ("embarazad") and
    the first words of phrases in a language with no markers ("nag" of "nag laser", Tagalog read as English)."""
    # Phrases that open with a short or everyday word ("me saco leche") are left to the language markers.
    words_, stems = set(), set()
    for fragment in fragments:
        m = _OPENING.match(fragment)
        if m is None or not m.group(1):
            continue
        if m.group(2) == "" or (fragment in common and len(m.group(1)) >= 3):
            words_.add(m.group(1))
        elif len(m.group(1)) >= 5 and not fragment[m.end(1):].startswith("\\s"):
            stems.add(m.group(1))
    return frozenset(words_), tuple(sorted(stems))


@dataclass(frozen=True)
class WordReading:
    """Flags found through the word lists."""

    flags: tuple[str, ...] = ()
    general: tuple[str, ...] = ()
    mention: bool = False


class Languages:
    """Language check and multilingual flag words."""

    def __init__(self, data: Mapping[str, Any], long_ago: Mapping[str, bool]) -> None:
        """Check and compile the word lists; ``long_ago`` says which flags an old event clears."""
        data = check_keys(data, TOP_KEYS, "risk words")
        langs = check_keys(data.get("languages"), frozenset(data.get("languages") or ()), "languages")
        self._long_ago = dict(long_ago)
        self._english = frozenset(words(data.get("english_markers")))
        self._markers: set[str] = set()
        own: dict[str, list[str]] = {f: [] for f in FLAGS}
        unmarked: set[str] = set()  # the flag words of languages read as English (no markers)
        cues: dict[str, list[str]] = {k: [] for k in CUE_KEYS}
        for code, cfg in langs.items():
            cfg = check_keys(cfg, LANGUAGE_KEYS, f"languages.{code}")
            self._markers |= set(words(cfg.get("markers")))
            for flag, fragments in check_keys(cfg.get("flags"), frozenset(FLAGS), f"languages.{code}.flags").items():
                own[flag] += [str(f) for f in fragments or ()]
                if not cfg.get("markers"):
                    unmarked |= {str(f) for f in fragments or ()}
            for key in CUE_KEYS:
                cues[key] += [str(f) for f in cfg.get(key) or ()]
        shared = check_keys(data.get("shared_words"), frozenset(FLAGS), "shared_words")
        self._own = {f: p for f, v in own.items() if (p := _union(v, f"languages.*.flags.{f}"))}
        both = {f: own[f] + [str(x) for x in shared.get(f) or ()] for f in FLAGS}
        self._all = {f: p for f, v in both.items() if (p := _union(v, f"shared_words.{f}"))}
        self._firsts, self._stems = _openings([w for v in own.values() for w in v if w.isascii()],
                                              frozenset(unmarked) - self._english)
        # One pass first: most messages hold none of these words.
        self._own_any = _union([w for v in own.values() for w in v], "languages.*.flags")
        self._all_any = _union([w for v in both.values() for w in v], "shared_words")
        self._cues = {k: _union(v, f"languages.*.{k}") for k, v in cues.items()}
        breaks = data.get("clause_breaks") or [r"[.!?;,:\n\u3001\u3002\uff0c\uff01\uff1f\uff1b\uff1a]"]
        self._breaks = compiled("|".join(f"(?:{b})" for b in breaks), "clause_breaks")

    def foreign(self, text: str) -> bool:
        """Tell whether a message is written in another language or script."""
        letters = [ch for ch in text if ch.isalpha()]
        if not letters:
            return False
        other = sum(1 for ch in letters if not ("a" <= ch.lower() <= "z" or "\u00c0" <= ch <= "\u024f"))
        if other / len(letters) >= SCRIPT_SHARE:
            return True
        folded = fold(text)
        tokens = _LATIN_WORD.findall(folded)
        foreign = sum(1 for t in tokens if t in self._markers)
        if not text.isascii():  # words with accents ("cáncer", "grávida") are rarely English
            foreign += len(_ACCENTED.findall(text))
        english = sum(1 for t in tokens if t in self._english)
        if english and not foreign:
            return False
        foreign += len(self._own_any.findall(folded)) if self._own_any else 0
        return foreign >= 2 and foreign > english

    def mixed(self, text: str) -> bool:
        """Tell whether a foreign message also asks in English ("Doktorlar nasıl kullanıyor? together with ...").

        A clause of at least MIXED_WORDS plain ASCII words, with an English marker and no marker of
        another language nor any of their flag words, is English.
        """
        for clause in self._breaks.split(text):
            folded = fold(clause)
            tokens = _LATIN_WORD.findall(folded)
            if (len(tokens) >= MIXED_WORDS and clause.isascii() and not any(t in self._markers for t in tokens)
                    and any(t in self._english for t in tokens)
                    and not (self._own_any and self._own_any.search(folded))):
                return True
        return False

    def read(self, text: str, *, foreign: bool, english: re.Pattern[str] | None = None) -> WordReading:
        """Find flag words: all of them in a foreign message, only the distinctive ones in an English one."""
        # In an English message a word the English rules know (``english``) is left to them.
        folded = fold(text)
        if not foreign and text.isascii() and not self._might_hold_words(_LATIN_WORD.findall(folded)):
            return WordReading()  # plain English: the English rules read it
        patterns, any_word = (self._all, self._all_any) if foreign else (self._own, self._own_any)
        if any_word is None or not any_word.search(folded):
            return WordReading()
        personal: set[str] = set()
        general: set[str] = set()
        for sentence in re.split(r"[.!?\n\u3002\uff01\uff1f]+", folded):
            alike = self._cues["lookalikes"]
            spans = [(a.start(), a.end()) for a in alike.finditer(sentence)] if alike else []
            for flag, pattern in patterns.items():
                for m in pattern.finditer(sentence):
                    if english is not None and not foreign and english.fullmatch(m.group()):
                        continue
                    if any(lo <= m.start() and m.end() <= hi for lo, hi in spans):
                        continue  # "mi segno zodiacale e il cancro" names a star sign
                    verdict = self._verdict(sentence, m, flag)
                    if verdict == "personal":
                        personal.add(flag)
                    elif verdict == "general":
                        general.add(flag)
        return WordReading(tuple(f for f in FLAGS if f in personal),
                           tuple(f for f in FLAGS if f in general and f not in personal), True)

    def _might_hold_words(self, tokens: list[str]) -> bool:
        """Cheap test before the full word lists: a marker, or a token that opens one of the words."""
        return any(t in self._markers or t in self._firsts or t.startswith(self._stems) for t in tokens)

    def _clause(self, sentence: str, start: int, end: int) -> tuple[int, int]:
        """Return the bounds of the clause around [start, end)."""
        lo = max((m.end() for m in self._breaks.finditer(sentence, 0, start)), default=0)
        nxt = self._breaks.search(sentence, end)
        return lo, nxt.start() if nxt else len(sentence)

    def _verdict(self, sentence: str, m: re.Match[str], flag: str) -> str:
        """Decide whether one flag word is personal, general or nothing."""
        lo, hi = self._clause(sentence, m.start(), m.end())
        before, after, clause = sentence[lo:m.start()], sentence[m.end():hi], sentence[lo:hi]
        latin = m.group().isascii()
        unsure = self._has("uncertainty", clause)
        if not unsure and self._negated(before, after, clause, latin, m.group()):
            return "none"
        general = (self._has("general", clause) and not self._has("first_person", clause)) or (
            not unsure and self._has("conditional", before))  # "si algun dia quedo embarazada": not now
        if self._third(self._subject_text(sentence, lo, m.start())) or general:
            return "general"
        recent, old = self._has("recent", sentence), self._has("long_ago", sentence)
        if flag == "recent_procedure":
            return "personal" if recent else "general"
        if old and not recent and self._long_ago.get(flag, False):
            return "none"
        return "personal"

    def _negated(self, before: str, after: str, clause: str, latin: bool, word: str) -> bool:
        """Tell whether a negation governs the word (near it in Latin scripts, anywhere in the clause otherwise)."""
        if not latin:
            return self._has("negation", clause.replace(word, " ", 1))
        near = " ".join(_LATIN_WORD.findall(before)[-NEGATION_WINDOW:])
        first_after = " ".join(_LATIN_WORD.findall(after)[:1])
        return self._has("negation", near) or self._has("negation_after", first_after)

    def _subject_text(self, sentence: str, lo: int, start: int) -> str:
        """The text whose last person is the word's subject: its clause, and the clause before it when this one
        opens with a relative pronoun ("para minha mae, que esta fazendo quimio": the mother)."""
        relative = self._cues["relative"]
        m = relative.search(sentence, lo, start) if relative is not None and lo > 0 else None
        if m is None or sentence[lo:m.start()].strip():
            return sentence[lo:start]
        return sentence[self._clause(sentence, lo - 1, lo - 1)[0]:start]

    def _third(self, before: str) -> bool:
        """Tell whether someone else is the subject: a third person before the word and no "I" after it."""
        pattern = self._cues["others"]
        ends = [m.end() for m in pattern.finditer(before)] if pattern else []
        return bool(ends) and not self._has("first_person", before[ends[-1]:])

    def _has(self, key: str, text: str) -> bool:
        """Tell whether a cue of one kind occurs in text."""
        pattern = self._cues.get(key)
        return bool(pattern and pattern.search(text))
