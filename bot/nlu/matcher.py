"""The intent matcher: IDF-weighted content words, nearest examples and rapidfuzz.

Every example and keyword is prepared once when the matcher is built. A message is
normalised (synonyms, misspellings, stems), scored against every intent, and the
scores decide one of three outcomes: answer, suggest or fallback.

An intent's score (0-100) blends two views of the message's content words, each
word weighted by how few intents use it (IDF):

* nearest: cosine similarity to the intent's closest example;
* coverage: the share of the message's weight that the intent's vocabulary explains
  (words the catalogue has never seen count against every intent).

Keywords add a bonus, and a message that is nearly identical to an example
(rapidfuzz ratio) scores at least that ratio. A message with no skincare word must
clear a much higher bar, built only on curated vocabulary: that is what keeps
"when does my milk expire" from being answered as a question about serum storage.
Typos are corrected by ``bot.nlu.spelling`` before phrases are matched.

With a semantic index (``bot.nlu.semantic``: int8 MiniLM embeddings of every example), a
message with a domain word blends each intent's lexical score with its semantic one (cosine to
the intent's nearest example, rescaled to 0-100); a message with none is refused or answered on
its words first, and only one that has a curated word but was not answered may be rescued by a
close, clear semantic match. Everyday requests are never embedded, which keeps the cost low.
How scores become a verdict is ``bot.nlu.verdict``; when a message is worth embedding,
``bot.nlu.semantic_gate``.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping
from dataclasses import replace

from rapidfuzz import fuzz, process

from bot.engine.conversation import ANSWER, FALLBACK
from bot.nlu.intent import Intent, refusals
from bot.nlu.semantic import SemanticIndex
from bot.nlu.semantic_gate import SemanticGate
from bot.nlu.spelling import SpellingIndex, is_english
from bot.nlu.text import Vocabulary
from bot.nlu.thresholds import THRESHOLDS
from bot.nlu.verdict import Match, Scores, nearest

__all__ = ["Match", "Matcher", "Scores"]

#: How much the nearest example counts against coverage.
NEAREST_SHARE = 0.55
#: An intent's word counts fully towards coverage once this many of its examples (or keywords) use it.
COVER_USES = 2
#: Weight of an unknown word in a message that has a domain word (a word one intent uses weighs ~3.6).
UNKNOWN_IN_DOMAIN_WEIGHT = 1.5
#: Points added for each of an intent's keywords found whole in the message (two at most).
KEYWORD_BONUS = 9.0
#: Weight of a generic word such as "exosome": it marks the domain but tells little apart.
GENERIC_WEIGHT = 0.6
#: Vector norms are floored here, so that matching on common words alone ("exosome serum")
#: never looks like a perfect match (a word used by about five intents weighs ~2).
NORM_FLOOR = 2.0
#: Misspelt curated words (the domain list and synonym spellings) are corrected from this length on.
#: Words in the English dictionary are never corrected ("playing" is not "plating").
FUZZY_MIN_LENGTH = 6
#: ... and misspellings of the generic topic word ("exoseme") from this length.
GENERIC_FUZZY_MIN_LENGTH = 5


class Matcher(SemanticGate):
    """Score messages against a catalogue of intents."""

    def __init__(self, intents: Mapping[str, Intent], vocabulary: Vocabulary,
                 thresholds: Mapping[str, float] | None = None, semantic: SemanticIndex | None = None) -> None:
        self.vocab = vocabulary
        #: Example embeddings and the encoder (``bot.nlu.semantic``), or None for the lexical matcher alone.
        self.semantic = semantic
        self.intent_ids = tuple(intents)
        self.t = {t.name: t.value for t in THRESHOLDS}
        self.t.update(thresholds or {})
        example_tokens, intent_vocab = self._index_catalogue(intents)
        self._weigh_words(intent_vocab)
        self._index_examples(example_tokens)
        self._index_near_duplicates(intents)
        self._index_spellings(intents)
        #: Intents whose lead from the words alone makes a message worth embedding: every covered one.
        self._gated = frozenset(intents) - refusals(intents)
        if semantic is not None and len(semantic.vectors) != len(self._sources):
            # Rows of the semantic index are examples in the same order as ``held_out`` counts them.
            raise ValueError(f"semantic index has {len(semantic.vectors)} examples, the catalogue {len(self._sources)}")

    # -- building --------------------------------------------------------------
    def _index_catalogue(
            self, intents: Mapping[str, Intent]) -> tuple[list[tuple[str, list[str]]], dict[str, set[str]]]:
        """Read every example and keyword once: return (intent, tokens) per example and each intent's words."""
        example_tokens: list[tuple[str, list[str]]] = []
        self._sources: list[tuple[str, str]] = []  # (intent, example text) in example_tokens order
        intent_vocab: dict[str, set[str]] = {i: set() for i in intents}
        uses: dict[tuple[str, str], int] = {}  # (intent, token) -> examples and keywords using it
        keywords: dict[str, list[tuple[str, frozenset[str]]]] = {}
        for intent in intents.values():
            for example in intent.examples:
                toks = self._content_tokens(example)
                example_tokens.append((intent.id, toks))
                self._sources.append((intent.id, example))
                intent_vocab[intent.id].update(toks)
                for tok in set(toks):
                    uses[intent.id, tok] = uses.get((intent.id, tok), 0) + 1
            for keyword in intent.keywords:
                toks = self._content_tokens(keyword)
                toks = [t for t in toks if t not in self.vocab.generic_set]
                if toks:
                    keywords.setdefault(toks[0], []).append((intent.id, frozenset(toks)))
                    intent_vocab[intent.id].update(toks)
                    for tok in set(toks):
                        uses[intent.id, tok] = uses.get((intent.id, tok), 0) + 1
        self._keywords = keywords
        self._uses = uses
        return example_tokens, intent_vocab

    def _weigh_words(self, intent_vocab: dict[str, set[str]]) -> None:
        """Weigh each word by how few intents use it (IDF), and note which intents use it."""
        n = len(intent_vocab) or 1  # one entry per intent
        df: dict[str, int] = {}
        for words in intent_vocab.values():
            for tok in words:
                df[tok] = df.get(tok, 0) + 1
        self.idf = {tok: math.log(1.0 + n / count) for tok, count in df.items()}
        for tok in self.vocab.generic_set:
            self.idf[tok] = GENERIC_WEIGHT
        self.unknown_weight = math.log(1.0 + n)
        self.known = frozenset(self.idf)
        self._token_intents: dict[str, tuple[str, ...]] = {}
        for intent_id, words in intent_vocab.items():
            for tok in words:
                self._token_intents[tok] = (*self._token_intents.get(tok, ()), intent_id)

    def _index_examples(self, example_tokens: list[tuple[str, list[str]]]) -> None:
        """Keep the examples as sparse vectors (squared IDF weights) with an inverted index."""
        self._example_intent: list[str] = []
        self._example_norm: list[float] = []
        self._source_example: list[int | None] = []  # source position -> example vector index
        postings: dict[str, list[int]] = {}
        for intent_id, toks in example_tokens:
            if not toks or set(toks) <= self.vocab.generic_set:
                self._source_example.append(None)
                continue  # "are all exosomes the same" says nothing about which topic
            self._source_example.append(len(self._example_intent))
            norm = max(NORM_FLOOR, math.sqrt(sum(self.idf[t] ** 2 for t in toks)))
            for tok in toks:
                postings.setdefault(tok, []).append(len(self._example_intent))
            self._example_intent.append(intent_id)
            self._example_norm.append(norm)
        self._postings = {tok: tuple(ids) for tok, ids in postings.items()}

    def _index_near_duplicates(self, intents: Mapping[str, Intent]) -> None:
        """Keep every normalised example for whole-message near-duplicates (short chat like "thx", "hiya")."""
        strings: dict[str, str] = {}
        for intent in intents.values():
            for example in intent.examples:
                strings.setdefault(self.vocab.normalise(example), intent.id)
        # Sorted by length: a ratio of 92 or more needs lengths within ~15% of each other,
        # so each message is compared with a narrow slice only.
        self._exact_choices = sorted(strings, key=len)
        self._exact_lengths = [len(s) for s in self._exact_choices]
        self._exact_intents = [strings[s] for s in self._exact_choices]

    def _index_spellings(self, intents: Mapping[str, Intent]) -> None:
        """Keep the curated words and every spelling a typo may be corrected to."""
        # Curated words: the domain list and every synonym's canonical form. Only these
        # count as evidence in a message without a domain word, and only these are
        # targets for correcting a misspelt word (so "location" never becomes "lactation").
        self.specific = frozenset(self.vocab.domain_set | set(self.vocab.word_map.values()))
        curated = {w for w in self.vocab.word_map if len(w) >= FUZZY_MIN_LENGTH}
        curated |= {w for w in self.vocab.domain_set if len(w) >= FUZZY_MIN_LENGTH}
        self._curated_spellings = SpellingIndex({w: w for w in curated}, FUZZY_MIN_LENGTH, same_first_letter=True)
        # The topic word itself ("exoseme", "exsoomes") has no everyday look-alikes: corrected sooner.
        generic = {w for w, t in self.vocab.word_map.items() if t in self.vocab.generic_set}
        generic |= set(self.vocab.generic_set)
        self._generic_spellings = SpellingIndex({w: w for w in generic}, GENERIC_FUZZY_MIN_LENGTH,
                                                same_first_letter=True)
        # Every spelling a typo may be near: words written in the examples and keywords ("dangers",
        # "mixing"), words of synonym phrases ("side effects", "morning or night"), synonym spellings.
        spellings: set[str] = set(self.known) | set(self.vocab.word_map) | self.vocab.phrase_words()
        for intent in intents.values():
            for text in (*intent.examples, *intent.keywords):
                spellings.update(self.vocab.words(text))
        self._spellings = frozenset(w for w in spellings if w not in self.vocab.stop)
        # Stopwords are spellings too, so "shoud" and "whta" are recognised (and then dropped).
        self._all_spellings = SpellingIndex({w: w for w in self._spellings | self.vocab.stop})
        self._unknown_cache: dict[str, bool] = {}

    # -- preparation ---------------------------------------------------------
    def _content_tokens(self, text: str) -> list[str]:
        """Return the content tokens of an example or keyword (no typo correction: it is ours)."""
        return self.vocab.content(self.vocab.tokens(text))

    def _is_unknown(self, word: str) -> bool:
        """Tell whether a (folded, synonym-mapped) word is new to the catalogue."""
        if word in self.vocab.stop or word in self._spellings or word.isdigit() or not word.isalpha():
            return False
        known = self._unknown_cache.get(word)
        if known is None:
            known = self.vocab.canonical(word) not in self.known and not is_english(word)
            if len(self._unknown_cache) < 100_000:
                self._unknown_cache[word] = known
        return known

    def _curate(self, word: str) -> str:
        """Correct a misspelt curated word ("exosmoe" -> "exosome"); other words stay as they are.

        The first letter must agree: typos rarely hit it, and it keeps everyday words such as
        "location" or "vacation" from turning into "lotion" or "lactation".
        """
        if not self._is_unknown(word):
            return word
        fixed = self._generic_spellings.correct(word) or self._curated_spellings.correct(word)
        return self.vocab.word_map.get(fixed, fixed) if fixed else word

    def prepare(self, text: str) -> tuple[str, list[str], bool, int]:
        """Normalise a message: (normalised text, scoring tokens, domain flag, typo guesses used).

        Curated misspellings are corrected first and may show the message is in-domain. Other
        unknown words are then replaced by the known spelling one typo away, before phrases are
        matched ("side efects" meets "side effects"); such guesses help scoring but never count
        as evidence that the message is about skincare.
        """
        words = [self._curate(w) for w in self.vocab.words(text)]
        normalised = self.vocab.join_phrases(words)
        toks, in_domain = self._tokens(normalised)
        # A domain word inside a phrase ("what actually is an exosome") still marks the domain.
        if not any(t in self.vocab.not_skincare_set for t in toks):
            in_domain = in_domain or any(self.vocab.canonical(w) in self.vocab.domain_set for w in words)
        guesses = [self._all_spellings.correct(w) if self._is_unknown(w) else None for w in words]
        guessed = sum(g is not None and g not in self.vocab.stop for g in guesses)
        if any(guesses):
            fixed = [self.vocab.word_map.get(g, g) if g else w for g, w in zip(guesses, words, strict=True)]
            toks = self._tokens(self.vocab.join_phrases(fixed))[0]
        if in_domain and any(t not in self.vocab.chat_set for t in toks):
            # "Hello, I'm 50 ... would an exosome serum help?" is a question, not a greeting.
            toks = [t for t in toks if t not in self.vocab.chat_set]
        return normalised, toks, in_domain, guessed

    def _tokens(self, normalised: str) -> tuple[list[str], bool]:
        """Return the scoring tokens of a normalised text and whether a domain word occurred."""
        vocab = self.vocab
        out: list[str] = []
        in_domain = False
        for word in normalised.split():
            tok = vocab.canonical(word)
            if tok in vocab.stop or (tok.isdigit() and tok not in self.known) or tok in out:
                continue
            out.append(tok)
            in_domain = in_domain or tok in vocab.domain_set
        return out, in_domain

    # -- scoring -------------------------------------------------------------
    def scores(self, text: str, held_out: int | None = None, context: bool = False) -> Scores:
        """Score every intent 0-100 and describe the message's vocabulary.

        ``held_out`` (a position in :meth:`examples`) scores as if that example had never
        been written: the leave-one-out self-check of ``exobot lint``. ``context`` says the
        conversation is already about skincare (a follow-up such as "how often?"), so the
        message is scored as if it had a domain word.
        """
        normalised, toks, in_domain, guessed = self.prepare(text)
        in_domain = in_domain or context
        skip_idx, skip_intent, skip_toks, skip_text = self._held_out(held_out)
        scores: dict[str, float] = {}
        coverage: dict[str, float] = {}
        unknown, specific_share, exact = 0, 0.0, False
        if toks and set(toks) <= self.vocab.generic_set and self.vocab.generic_intent in self.intent_ids:
            # Only the topic word itself ("exosomes?", "tell me about exosomes"): a definition.
            scores[self.vocab.generic_intent] = 100.0 * (1 - NEAREST_SHARE) + KEYWORD_BONUS * 2
            coverage[self.vocab.generic_intent] = 1.0
        elif toks:
            scores, coverage, unknown, specific_share = self._lexical(toks, in_domain, skip_idx, skip_intent, skip_toks)
        if normalised:
            found = self._near_duplicate(normalised, exclude=skip_text)
            if found is not None:
                exact = True
                intent_id, ratio = found
                scores[intent_id] = max(scores.get(intent_id, 0.0), ratio)
        return Scores(scores, coverage, in_domain, exact, unknown, specific_share, tuple(toks), guessed)

    def _held_out(self, held_out: int | None) -> tuple[int | None, str | None, frozenset[str], str | None]:
        """Return what leaving one example out skips: (example vector, intent, tokens, normalised text)."""
        if held_out is None:
            return None, None, frozenset(), None
        intent_id, text = self._sources[held_out]
        return (self._source_example[held_out], intent_id, frozenset(self._content_tokens(text)),
                self.vocab.normalise(text))

    def _lexical(self, toks: list[str], in_domain: bool, skip_idx: int | None, skip_intent: str | None,
                 skip_toks: frozenset[str]) -> tuple[dict[str, float], dict[str, float], int, float]:
        """Score intents on a message's words: (scores, coverage, unknown words, curated share)."""
        idf = self.idf
        # A word the catalogue has never seen weighs most in a message with no domain word
        # (it is probably about something else), and little in one that has a domain word
        # (there it is usually chatter: names, places, filler).
        unknown_weight = UNKNOWN_IN_DOMAIN_WEIGHT if in_domain else self.unknown_weight
        q = {t: idf.get(t, unknown_weight) ** 2 for t in toks}
        q_total = sum(q.values())
        q_norm = max(NORM_FLOOR, math.sqrt(q_total))
        unknown = sum(1 for t in toks if t not in idf)
        specific_share = sum(w for t, w in q.items() if t in self.specific and t in idf) / q_total
        dots, coverage = self._dots_and_coverage(q, skip_intent, skip_toks)
        if skip_idx is not None:
            dots.pop(skip_idx, None)
        closest = self._closest(dots)
        bonus = self._keyword_hits(toks)
        scores: dict[str, float] = {}
        for intent_id, covered in coverage.items():
            share = covered / q_total
            coverage[intent_id] = share
            score = 100.0 * (NEAREST_SHARE * closest.get(intent_id, 0.0) / q_norm
                             + (1 - NEAREST_SHARE) * share)
            scores[intent_id] = min(100.0, score + KEYWORD_BONUS * min(bonus.get(intent_id, 0), 2))
        return scores, coverage, unknown, specific_share

    def _dots_and_coverage(self, q: dict[str, float], skip_intent: str | None,
                           skip_toks: frozenset[str]) -> tuple[dict[int, float], dict[str, float]]:
        """Return the message's dot product with each example, and the weight each intent's words cover."""
        dots: dict[int, float] = {}
        coverage: dict[str, float] = {}
        get = dots.get
        for tok, weight in q.items():
            for idx in self._postings.get(tok, ()):
                dots[idx] = get(idx, 0.0) + weight
            for intent_id in self._token_intents.get(tok, ()):
                uses = self._uses[intent_id, tok] - (intent_id == skip_intent and tok in skip_toks)
                if uses > 0:  # a word one example uses in passing counts less than a recurring one
                    coverage[intent_id] = coverage.get(intent_id, 0.0) + weight * min(1.0, uses / COVER_USES)
        return dots, coverage

    def _closest(self, dots: dict[int, float]) -> dict[str, float]:
        """Return each intent's best cosine (before the message's norm) over its examples."""
        closest: dict[str, float] = {}
        intents_of, norms = self._example_intent, self._example_norm
        for idx, dot in dots.items():
            cos = dot / norms[idx]
            intent_id = intents_of[idx]
            if cos > closest.get(intent_id, 0.0):
                closest[intent_id] = cos
        return closest

    def _keyword_hits(self, toks: list[str]) -> dict[str, int]:
        """Count, per intent, its keywords found whole in the message."""
        bonus: dict[str, int] = {}
        tokset = set(toks)
        for tok in toks:
            for intent_id, kw in self._keywords.get(tok, ()):
                if kw <= tokset:
                    bonus[intent_id] = bonus.get(intent_id, 0) + 1
        return bonus


    def _near_duplicate(self, normalised: str, exclude: str | None = None) -> tuple[str, float] | None:
        """Return the intent of an example nearly identical to the message, with the ratio."""
        cutoff = self.t["exact"]
        slack = cutoff / (200.0 - cutoff)  # the shortest length ratio that can still reach the cut-off
        size = len(normalised)
        lo = bisect.bisect_left(self._exact_lengths, math.ceil(size * slack))
        hi = bisect.bisect_right(self._exact_lengths, math.floor(size / slack))
        if lo >= hi:
            return None
        choices = self._exact_choices[lo:hi]
        for choice, ratio, index in process.extract(normalised, choices, scorer=fuzz.ratio,
                                                    score_cutoff=cutoff, limit=2):
            if choice != exclude:
                return self._exact_intents[lo + index], float(ratio)
        return None

    def examples(self) -> list[tuple[str, str]]:
        """Return every (intent, example) pair in the order ``held_out`` counts them."""
        return list(self._sources)

    def match(self, text: str, held_out: int | None = None, context: bool = False) -> Match:
        """Decide answer, suggest or fallback for one message (``context``: see :meth:`scores`)."""
        found = self.scores(text, held_out, context)
        if self.semantic is None:
            return self.decide(found)
        if (refusal := self._refused_on_words(found, text)) is not None:
            verdict = self.decide(found)
            if verdict.outcome != FALLBACK or refusal[1] < self.t["classifier_gate_refuse"]:
                return verdict
            return Match(ANSWER, refusal[0], round(100 * refusal[1], 1), ranked=verdict.ranked)
        if not self._wants_semantic(found, text):
            return self.decide(found)
        if not found.in_domain:
            verdict = self._decide(found)
            if verdict.outcome == ANSWER:  # the words settle it: no need to embed
                return verdict
            sims = self.semantic.similarities(text, held_out)
            return replace(self._rescue(sims, verdict), nearest=nearest(sims))
        sims = self.semantic.similarities(text, held_out)
        return replace(self.decide(found, sims), nearest=nearest(sims))
