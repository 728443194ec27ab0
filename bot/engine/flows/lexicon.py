"""The words typed answers are read by (intents/flows/words.yml), and the text they are read from.

A message is folded (lower case, accents and apostrophes dropped), split into tokens and
clauses ("no, but trying" is two clauses, the second a contrast), typos are corrected
against the words a question knows, and phrases are found longest first.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz.distance import OSA

from bot.nlu.spelling import SpellingIndex, is_english

#: Phrase categories shared by every question.
YES, YES_ALONE, NO, NO_ALONE, UNSURE = "yes", "yes_alone", "no", "no_alone", "unsure"
UNSURE_ALONE = "unsure_alone"
#: Answers that only lean ("a bit", "I couldn't find it"): asked back, never recorded on their own.
DEGREE, LEAN = "degree_alone", "lean_no"
EMPHASIS, NEUTRAL, RESOLVED, FUTURE, LIMITING, THIRD, STALLING, INFO, ONLY_THAT, CONFUSED, CONDITIONAL = (
    "emphasis", "neutral", "resolved", "future", "limiting", "third_person", "stalling", "info_words", "only_that",
    "confused", "conditional")
#: A wish or a demand ("I wish they showed", "they should have"): what follows is not there.
WISH = "wishes"
#: "My baby", "my son" at a question about the child: the child's state is the person's answer.
CHILD_PERSON = "child_person"
#: How many words may stand between "my" and the person it names ("my little boy", "my 5 year old").
PERSON_GAP = 2
#: A step's own words: an option's words, what an answer may state (`says`), what settles a no.
WORD, CUE, RESOLVE = "word", "cue", "resolve"

#: Words that start a contrast: what follows weighs against what came before.
CONTRAST = frozenset({"but", "though", "although", "however", "except", "aber", "mais", "pero", "maar", "ma"})
#: A word the dictionary knows (maybe only by its ending: "infectd") is still corrected when it is
#: this long and shares this many first letters with a word of the question ("infected").
LONG_WORD, SHARED_START = 5, 4
#: Clause marks kept as tokens.
MARKS = frozenset({",", ".", ";", ":", "!", "?"})
_TOKEN = re.compile(r"\d+(?:[.,]\d+)?[a-z]*|[a-z]+\d[a-z0-9]*|[^\W\d_]+|[$£€%]|[,.;:!?]")
_APOSTROPHES = re.compile(r"['\u2018\u2019`\u00b4\u02bc]")
_REPEATS = re.compile(r"([a-z])\1{2,}")
#: Contractions that fold into another word ("we're" is not "were", "he'll" is not "hell").
_CONTRACTIONS = ((re.compile(r"\b(we|you|they)['\u2018\u2019`\u00b4\u02bc]re\b"), r"\1 are"),
                 (re.compile(r"\b(she|he)['\u2018\u2019`\u00b4\u02bc]ll\b"), r"\1 will"),
                 (re.compile(r"\b(we|they)['\u2018\u2019`\u00b4\u02bc]ve\b"), r"\1 have"))
#: "+" and "&" between words join them ("Clear + Brilliant", "PRP & microneedling").
_JOINER = re.compile(r"(?<=[^\W\d_])\s*[+&]\s*(?=[^\W\d_])")
#: Before "not", these cancel it: a negated negation is a yes ("I'm not not trying", "I don't not have it").
_DOUBLE_FIRST = frozenset({"not", "dont", "doesnt", "didnt", "isnt", "arent", "wasnt", "werent", "havent", "hasnt",
                           "cant", "wont", "never"})
#: How far "it's not like …" reaches for the negator it cancels ("not like they don't have studies").
_NOT_LIKE_REACH = 4
#: Emoji modifiers ignored when reading an emoji: skin tones, joiners, variation selectors, gender signs.
_MODIFIERS = frozenset({0x200D, 0xFE0F, 0xFE0E, 0x2640, 0x2642}) | frozenset(range(0x1F3FB, 0x1F400))
#: Letters that carry their mark inside them, so that taking accents off leaves them as they are ("zł" is "zl").
_BARRED = str.maketrans({"ł": "l", "ø": "o", "đ": "d", "ħ": "h", "ŧ": "t", "ı": "i", "æ": "ae", "œ": "oe"})


def fold(text: str) -> str:
    """Lower-case, strip accents and apostrophes, squeeze letters repeated three times or more."""
    text = unicodedata.normalize("NFKC", text).casefold()
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _JOINER.sub(" and ", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).translate(_BARRED)
    return _REPEATS.sub(r"\1\1", _APOSTROPHES.sub("", text))


def tokens_of(text: str) -> list[str]:
    """Return the folded tokens of a text, clause marks included."""
    return _TOKEN.findall(fold(text))


def stem(token: str) -> str:
    """Return the form phrases are compared in: a plural 's' dropped ("markers" meets "marker")."""
    return token[:-1] if len(token) > 3 and token.endswith("s") and not token.endswith("ss") else token


@dataclass(frozen=True)
class Span:
    """A phrase found in a clause: token positions [start, end) and what it means."""

    start: int
    end: int
    category: str
    value: str = ""


@dataclass
class Clause:
    """One part of a message, between clause marks or before a contrast word."""

    tokens: list[str]
    question_mark: bool = False
    contrast: bool = False
    spans: list[Span] = field(default_factory=list)


class PhraseSet:
    """Phrases indexed by their first word, found longest first and without overlaps."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        self._seen: set[tuple[str, ...]] = set()

    def add(self, phrase: str, category: str, value: str = "") -> None:
        """Add a phrase; the first meaning given to a phrase is kept."""
        words = tuple(stem(t) for t in tokens_of(phrase) if t not in MARKS)
        if not words or words in self._seen:
            return
        self._seen.add(words)
        entries = self._by_first.setdefault(words[0], [])
        entries.append((words, category, value))
        entries.sort(key=lambda e: -len(e[0]))

    def words(self) -> set[str]:
        """Return every word of every phrase."""
        return {w for entries in self._by_first.values() for words, _, _ in entries for w in words}

    def find(self, tokens: list[str]) -> list[Span]:
        """Return the phrases in the tokens without overlaps: the longest first, then the leftmost.

        A "0" in a phrase stands for any figure ("im 0 weeks" finds "im 20 weeks")."""
        stems = [stem(t) for t in tokens]
        figures = ["0" if re.fullmatch(r"\d+", s) else s for s in stems]
        found = [Span(i, i + len(words), category, value)
                 for i in range(len(stems)) for words, category, value in self._by_first.get(stems[i], ())
                 if tuple(stems[i:i + len(words)]) == words or tuple(figures[i:i + len(words)]) == words]
        taken: set[int] = set()
        spans = []
        for span in sorted(found, key=lambda s: (s.start - s.end, s.start)):
            if not taken & set(range(span.start, span.end)):
                spans.append(span)
                taken |= set(range(span.start, span.end))
        return sorted(spans, key=lambda s: s.start)


@dataclass
class Lexicon:
    """The shared word lists of words.yml, ready to read with."""

    raw: Mapping[str, Any]
    glossary: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        raw = self.raw
        self.problems = [f"words.yml: {key}: {word!r} is not text (quote yes/no/true/false in YAML)"
                         for key, word in _non_text(raw)]
        self.emoji: dict[str, str] = {k[0]: str(v) for k, v in (raw.get("emoji") or {}).items() if k}
        self.forms = [(re.compile(str(k)), fold(str(v))) for k, v in (raw.get("token_forms") or {}).items()]
        self.typos: dict[str, str] = {fold(k): fold(str(v)) for k, v in (raw.get("typos") or {}).items()}
        self.numbers: dict[str, float] = {fold(k): float(v) for k, v in (raw.get("numbers") or {}).items()}
        self.units: dict[str, float] = {fold(k): float(v) for k, v in (raw.get("time_units") or {}).items()}
        self.negators = frozenset(fold(w) for w in raw.get("negators", ()))
        self.negated_verbs = frozenset(fold(w) for w in raw.get("negated_verbs", ()))
        self.softeners = frozenset(" ".join(tokens_of(str(w))) for w in raw.get("softeners", ()))
        self.weak_yes = frozenset(" ".join(stem(t) for t in tokens_of(str(w))) for w in raw.get("weak_yes", ()))
        self.question_words = frozenset(fold(w) for w in raw.get("question_words", ()))
        self.possessives = frozenset(fold(w) for w in raw.get("possessives", ()))
        self.persons = frozenset(stem(fold(str(w))) for w in raw.get("person_nouns", ()))
        self.children = frozenset(stem(fold(str(w))) for w in raw.get("child_nouns", ()))
        self.shared = PhraseSet()
        polarity = raw.get("polarity") or {}
        for category in (NO, UNSURE, YES, YES_ALONE, NO_ALONE, UNSURE_ALONE, DEGREE, LEAN):
            value = {YES_ALONE: YES, NO_ALONE: NO, UNSURE_ALONE: UNSURE, DEGREE: UNSURE, LEAN: NO}.get(category,
                                                                                                      category)
            for phrase in polarity.get(category, ()):
                self.shared.add(str(phrase), category, value)
        for category in (CONFUSED, ONLY_THAT, NEUTRAL, EMPHASIS, RESOLVED, FUTURE, CONDITIONAL, WISH, LIMITING, THIRD,
                         STALLING, INFO):
            for phrase in raw.get(category, ()):
                self.shared.add(str(phrase), category)
        self._indexes: dict[str, tuple[PhraseSet, SpellingIndex, frozenset[str]]] = {}
        #: Per step, the words phrases start with: a typo is corrected to one of them before a word inside a phrase.
        self._firsts: dict[str, SpellingIndex] = {}
        self._child_steps: set[str] = set()

    def phrases(self, name: str) -> frozenset[str]:
        """Return a plain phrase list of words.yml (skip, back, ago …), folded."""
        return frozenset(" ".join(t for t in tokens_of(str(p)) if t not in MARKS) for p in self.raw.get(name, ()))

    def continue_words(self, answer: str) -> frozenset[str]:
        """Return the replies to "Shall we carry on?" that mean yes or no."""
        return frozenset(" ".join(tokens_of(str(p))) for p in (self.raw.get("continue") or {}).get(answer, ()))

    def for_step(self, key: str, own: Iterable[tuple[str, str, str]]) -> tuple[PhraseSet, SpellingIndex]:
        """Return a step's phrases (its own first, then the shared ones) and its spelling index."""
        if key not in self._indexes:
            own = list(own)
            phrases = PhraseSet()
            for phrase, category, value in own:
                phrases.add(phrase, category, value)
            for entries in self.shared._by_first.values():
                for words, category, value in entries:
                    phrases.add(" ".join(words), category, value)
            known = phrases.words() | self.negators | self.question_words | set(self.numbers) | set(self.units)
            index = SpellingIndex({w: w for w in known if w.isalpha()})
            self._indexes[key] = (phrases, index, frozenset(known))
            self._firsts[key] = SpellingIndex({w: w for w in phrases._by_first if w.isalpha()})
            if any(category == CHILD_PERSON for _, category, _ in own):
                self._child_steps.add(key)
        phrases, index, _ = self._indexes[key]
        return phrases, index

    def entries(self, key: str) -> list[tuple[tuple[str, ...], str, str]]:
        """Return a step's phrases as (words, category, value), after ``for_step``."""
        return [e for entries in self._indexes[key][0]._by_first.values() for e in entries]

    def known(self, key: str) -> frozenset[str]:
        """Return the words a step's reading knows (after ``for_step``)."""
        return self._indexes[key][2]

    def emoji_words(self, text: str) -> list[str]:
        """Return the words the emoji in a text stand for."""
        found = []
        for char in text:
            if ord(char) in _MODIFIERS:
                continue
            word = self.emoji.get(char)
            if word:
                found.append(word)
        return found

    def correct(self, token: str, key: str, alone: bool = False) -> str:
        """Return a token with its typo fixed against a step's words, or unchanged."""
        if token in self.typos:
            return self.typos[token]
        known = self.known(key)
        if token in known or stem(token) in known or not token.isalpha():
            return token
        squeezed = re.sub(r"([a-z])\1", r"\1", token)
        if squeezed in known:
            return squeezed
        if len(token) < 4:
            return token
        english = is_english(token)
        found = self._indexes[key][1].correct(token)
        first = self._firsts[key].correct(token)  # "salycilic" is "salicylic", not "(acido) salicilico"
        if first and (not found or OSA.distance(token, first) <= OSA.distance(token, found)):
            found = first
        if not found or (english and not (alone and found[0] == token[0]) and not (
                len(token) >= LONG_WORD and found[:SHARED_START] == token[:SHARED_START])):
            return token
        if english and token.startswith(found):
            return token  # "plant" is a word of its own, not "plan" mistyped
        return found

    def clauses(self, text: str, key: str) -> list[Clause]:
        """Split a message into clauses of corrected tokens, with the step's phrases found."""
        raw = tokens_of(text)
        if not any(t not in MARKS and t not in "$£€%" for t in raw):
            raw = [t for w in self.emoji_words(text) for t in tokens_of(w)] + [t for t in raw if t in "$£€?"]
        words = [t for t in raw if t not in MARKS]
        alone = len(words) == 1
        fixed: list[str] = []
        known = self.known(key)
        for token in raw:
            form = next((word for pattern, word in self.forms if pattern.fullmatch(token)), None)
            if form:
                fixed += form.split()  # "nct04856293" is a trial's registration number
                continue
            unit = re.fullmatch(r"(\d+(?:[.,]\d+)?)([a-z]+)", token)
            if unit and token not in known and unit.group(2) in known:
                fixed += [unit.group(1), unit.group(2)]  # "100nm" is "100 nm"
                continue
            fixed += (token if token in MARKS else self.correct(token, key, alone)).split()
        clauses, current = [], Clause([])
        for token in cancel_double_negatives(_joined(fixed, known), self.negators):
            if token in MARKS:
                if current.tokens:
                    current.question_mark = current.question_mark or token == "?"
                    clauses.append(current)
                    current = Clause([])
                elif token == "?" and clauses:
                    clauses[-1].question_mark = True
            elif token in CONTRAST and current.tokens:
                clauses.append(current)
                current = Clause([], contrast=True)
            elif token in CONTRAST:
                current.contrast = True
            else:
                current.tokens.append(token)
        if current.tokens:
            clauses.append(current)
        phrases, _ = self._indexes[key][:2]
        for clause in clauses:
            self._near_phrases(clause, phrases, known)
            clause.spans = self._people(clause.tokens, phrases.find(clause.tokens), key)
        return clauses

    def _people(self, tokens: list[str], spans: list[Span], key: str) -> list[Span]:
        """Add someone else named with a possessive ("my little boy", "her husband") as a third person."""
        child_step = key in self._child_steps
        if child_step:  # "she's on formula": at the breastfeeding question "she" is most likely the baby
            spans = [Span(s.start, s.end, CHILD_PERSON) if s.category == THIRD and s.end - s.start == 1
                     and stem(tokens[s.start]) in ("she", "he") else s for s in spans]
        taken = {i for s in spans for i in range(s.start, s.end)}
        added = []
        for i, token in enumerate(tokens):
            if token not in self.possessives or i in taken:
                continue
            for j in range(i + 1, min(i + 2 + PERSON_GAP, len(tokens))):
                noun = stem(tokens[j])
                if j in taken:
                    break
                if noun in self.persons or noun in self.children:
                    category = CHILD_PERSON if child_step and noun in self.children else THIRD
                    added.append(Span(i, j + 1, category))
                    taken |= set(range(i, j + 1))
                    break
        return sorted(spans + added, key=lambda s: s.start)

    def _near_phrases(self, clause: Clause, phrases: PhraseSet, known: frozenset[str]) -> None:
        """Fix a word one typo from a step's own phrase whose other words are all there ("cold sour", "col sore").

        Only an unknown word is changed, never into a negator, and only inside a content phrase of two words or more.
        """
        tokens = clause.tokens
        unknown = [i for i, t in enumerate(tokens) if t.isalpha() and len(t) >= 3 and t not in known
                   and stem(t) not in known]
        if not unknown:
            return
        multi = [words for entries in phrases._by_first.values() for words, category, _ in entries
                 if category == CUE and len(words) > 1]
        for i in unknown:
            for words in multi:
                fixed = _near_phrase_word(tokens, i, words, self.negators)
                if fixed:
                    tokens[i] = fixed
                    break


def _near_phrase_word(tokens: list[str], i: int, words: tuple[str, ...], negators: frozenset[str]) -> str | None:
    """Return the word of a phrase that token i is one typo from, when the phrase's other words surround it."""
    token = tokens[i]
    for k, word in enumerate(words):
        start = i - k
        if (word[0] != token[0] or word in negators or start < 0 or start + len(words) > len(tokens)
                or OSA.distance(token, word) > 1):
            continue
        if all(stem(tokens[start + m]) == words[m] for m in range(len(words)) if m != k):
            return word
    return None


def _joined(tokens: list[str], known: frozenset[str]) -> list[str]:
    """Join two tokens typed apart that make one known word ("cd 63" is "cd63"), unless both are words already."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        pair = tokens[i] + tokens[i + 1] if i + 1 < len(tokens) else ""
        if pair in known and not (tokens[i] in known and tokens[i + 1] in known) and tokens[i] not in MARKS:
            out.append(pair)
            i += 2
            continue
        out.append(tokens[i])
        i += 1
    return out


def cancel_double_negatives(tokens: list[str], negators: frozenset[str]) -> list[str]:
    """Drop a negation of a negation: "not not trying" is "trying", "not like they don't have" is "they have"."""
    out: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] in _DOUBLE_FIRST and tokens[i + 1:i + 2] == ["not"]:
            i += 2
            continue
        if tokens[i] == "not" and tokens[i + 1:i + 2] == ["like"]:
            reach = tokens[i + 2:i + 2 + _NOT_LIKE_REACH]
            inner = next((k for k, t in enumerate(reach) if t in negators or t in MARKS), None)
            if inner is not None and reach[inner] not in MARKS:
                out += tokens[i + 1:i + 2 + inner]
                i += 3 + inner
                continue
        out.append(tokens[i])
        i += 1
    return out


def _non_text(raw: Any, key: str = "") -> list[tuple[str, Any]]:
    """Return (where, value) for every word in the lists that YAML did not read as text."""
    if isinstance(raw, Mapping):
        return [p for k, v in raw.items() for p in _non_text(v, f"{key}.{k}" if key else str(k))]
    if isinstance(raw, list):
        return [p for v in raw for p in _non_text(v, key)]
    return [(key, raw)] if isinstance(raw, bool) or raw is None else []


def load_glossary(raw: Iterable[Mapping[str, Any]]) -> list[tuple[tuple[str, ...], str]]:
    """Return (terms, explanation) pairs, terms folded."""
    return [(tuple(" ".join(tokens_of(str(t))) for t in entry.get("terms", ())), str(entry["text"]).strip())
            for entry in raw or ()]
