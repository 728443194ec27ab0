"""The intent matcher: IDF-weighted content words, nearest examples and rapidfuzz.

Every example and keyword is prepared once when the matcher is built; a message is
normalised (synonyms, misspellings, stems), scored against every intent, and the
scores decide one of three outcomes: answer, suggest or fallback.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot import settings
from bot.catalogue import Intent
from bot.conversation import ANSWER, FALLBACK, SUGGEST
from bot.text import Vocabulary

#: How much the nearest example counts against how much of the message the intent covers.
NEAREST_SHARE = 0.55
#: Points added for each of an intent's keywords found in the message (at most two count).
KEYWORD_BONUS = 9.0
#: Fuzzy-correction cut-offs (rapidfuzz ratio) for words the vocabulary does not know.
FUZZY_CUTOFF_LONG, FUZZY_CUTOFF_SHORT = 80.0, 88.0


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one message."""

    outcome: str
    intent: str | None
    score: float
    suggestions: tuple[str, ...] = ()
    ranked: tuple[tuple[str, float], ...] = ()
    in_domain: bool = False


@dataclass(frozen=True)
class _Example:
    intent: str
    weights: dict[str, float]
    norm: float


class Matcher:
    """Score messages against a catalogue of intents."""

    def __init__(self, intents: Mapping[str, Intent], vocabulary: Vocabulary,
                 thresholds: Mapping[str, float] | None = None) -> None:
        self.vocab = vocabulary
        self.intent_ids = tuple(intents)
        self.t = {t.name: t.value for t in settings.THRESHOLDS}
        self.t.update(thresholds or {})
        self._correct_cache: dict[str, str | None] = {}

        example_tokens: list[tuple[str, list[str]]] = []
        intent_vocab: dict[str, set[str]] = {i: set() for i in intents}
        self._keywords: dict[str, list[tuple[str, ...]]] = {i: [] for i in intents}
        for intent in intents.values():
            for example in intent.examples:
                toks = self._scoring_tokens(example)[0]
                example_tokens.append((intent.id, toks))
                intent_vocab[intent.id].update(toks)
            for keyword in intent.keywords:
                toks = tuple(self._scoring_tokens(keyword)[0])
                if toks:
                    self._keywords[intent.id].append(toks)
                    intent_vocab[intent.id].update(toks)

        n = len(intents) or 1
        df: dict[str, int] = {}
        for words in intent_vocab.values():
            for tok in words:
                df[tok] = df.get(tok, 0) + 1
        self.idf = {tok: math.log(1.0 + n / count) for tok, count in df.items()}
        self.unknown_weight = math.log(1.0 + n)
        self.known = frozenset(self.idf)
        self._intent_vocab = {i: frozenset(v) for i, v in intent_vocab.items()}
        self._token_intents: dict[str, list[str]] = {}
        for intent_id, words in intent_vocab.items():
            for tok in words:
                self._token_intents.setdefault(tok, []).append(intent_id)

        self._examples: list[_Example] = []
        self._postings: dict[str, list[int]] = {}
        for intent_id, toks in example_tokens:
            weights = {tok: self.idf[tok] ** 2 for tok in toks}
            norm = math.sqrt(sum(weights.values())) or 1.0
            for tok in weights:
                self._postings.setdefault(tok, []).append(len(self._examples))
            self._examples.append(_Example(intent_id, weights, norm))

        # Whole-message near-duplicates (short chat like "thx", "hiya") via rapidfuzz.
        strings: dict[str, str] = {}
        for intent in intents.values():
            for example in intent.examples:
                strings.setdefault(self.vocab.normalise(example), intent.id)
        self._exact_choices = list(strings)
        self._exact_intents = [strings[s] for s in self._exact_choices]
        # Candidates for correcting misspelt words: known tokens and every synonym spelling.
        fuzzy: dict[str, str] = {tok: tok for tok in self.known if tok.isalpha() and len(tok) >= 4}
        for spelling, canonical in self.vocab.word_map.items():
            if canonical in self.known and len(spelling) >= 4:
                fuzzy.setdefault(spelling, canonical)
        self._fuzzy_choices = list(fuzzy)
        self._fuzzy_targets = [fuzzy[c] for c in self._fuzzy_choices]

    # -- preparation ---------------------------------------------------------
    def _scoring_tokens(self, text: str) -> tuple[list[str], bool]:
        """Return the content tokens used for scoring, and whether a domain word occurred."""
        toks = self.vocab.content(self.vocab.tokens(text))
        in_domain = any(t in self.vocab.domain_set for t in toks)
        return [t for t in toks if t not in self.vocab.generic_set], in_domain

    def _correct(self, token: str) -> str | None:
        """Map an unknown word to a known one when it is a near miss, else None."""
        if token in self._correct_cache:
            return self._correct_cache[token]
        found = None
        if token.isalpha() and len(token) >= 4:
            cutoff = FUZZY_CUTOFF_LONG if len(token) >= 6 else FUZZY_CUTOFF_SHORT
            best = process.extractOne(token, self._fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff)
            if best is not None:
                found = self._fuzzy_targets[best[2]]
        if len(self._correct_cache) < 50_000:
            self._correct_cache[token] = found
        return found

    def query_tokens(self, text: str) -> tuple[list[str], bool]:
        """Return a message's scoring tokens after misspelling correction, and its domain flag."""
        toks, in_domain = self._scoring_tokens(text)
        out = []
        for tok in toks:
            if tok not in self.known and not tok.isdigit():
                fixed = self._correct(tok)
                if fixed is not None:
                    tok = fixed
                    in_domain = in_domain or tok in self.vocab.domain_set
            if tok.isdigit() and tok not in self.known:
                continue
            if tok not in out:
                out.append(tok)
        return out, in_domain

    # -- scoring -------------------------------------------------------------
    def scores(self, text: str) -> tuple[dict[str, float], bool, bool]:
        """Score every intent 0-100; also say whether the message had a domain word or any content."""
        toks, in_domain = self.query_tokens(text)
        scores: dict[str, float] = {}
        if toks:
            q = {t: (self.idf[t] if t in self.idf else self.unknown_weight) ** 2 for t in toks}
            q_total = sum(q.values())
            q_norm = math.sqrt(q_total)
            dots: dict[int, float] = {}
            cover: dict[str, float] = {}
            for tok, weight in q.items():
                for idx in self._postings.get(tok, ()):
                    dots[idx] = dots.get(idx, 0.0) + weight
                for intent_id in self._token_intents.get(tok, ()):
                    cover[intent_id] = cover.get(intent_id, 0.0) + weight
            nearest: dict[str, float] = {}
            for idx, dot in dots.items():
                ex = self._examples[idx]
                cos = dot / (q_norm * ex.norm)
                if cos > nearest.get(ex.intent, 0.0):
                    nearest[ex.intent] = cos
            tokset = set(toks)
            for intent_id, covered in cover.items():
                score = 100.0 * (NEAREST_SHARE * nearest.get(intent_id, 0.0)
                                 + (1 - NEAREST_SHARE) * covered / q_total)
                hits = sum(1 for kw in self._keywords[intent_id] if tokset.issuperset(kw))
                scores[intent_id] = min(100.0, score + KEYWORD_BONUS * min(hits, 2))
        normalised = self.vocab.normalise(text)
        if normalised:
            best = process.extractOne(normalised, self._exact_choices, scorer=fuzz.ratio,
                                      score_cutoff=self.t["exact"])
            if best is not None:
                intent_id = self._exact_intents[best[2]]
                scores[intent_id] = max(scores.get(intent_id, 0.0), float(best[1]))
        return scores, in_domain, bool(toks)

    def match(self, text: str) -> Match:
        """Decide answer, suggest or fallback for one message."""
        scores, in_domain, _ = self.scores(text)
        ranked = tuple(sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        if not ranked:
            return Match(FALLBACK, None, 0.0, in_domain=in_domain)
        top, s1 = ranked[0]
        s2 = ranked[1][1] if len(ranked) > 1 else 0.0
        t = self.t
        answer_at = t["answer"] if in_domain else t["answer_off_domain"]
        suggest_at = t["suggest"] if in_domain else t["suggest_off_domain"]
        score = round(s1, 1)
        if s1 >= answer_at and s1 - s2 >= t["margin"]:
            return Match(ANSWER, top, score, ranked=ranked, in_domain=in_domain)
        if s1 >= suggest_at:
            floor = max(suggest_at, s1 - t["suggest_window"])
            picks = tuple(i for i, s in ranked if s >= floor)[: int(t["max_suggestions"])]
            return Match(SUGGEST, top, score, suggestions=picks, ranked=ranked, in_domain=in_domain)
        return Match(FALLBACK, None, score, ranked=ranked, in_domain=in_domain)


def top_intents(matches: Iterable[Match]) -> list[str | None]:
    """Return the top intent of each match (None for fallbacks)."""
    return [m.intent for m in matches]
