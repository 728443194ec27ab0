"""The matcher's verdicts, and how per-intent scores become one: answer, suggest or fallback.

``Matcher`` (``bot.nlu.matcher``) prepares a message and scores it against every intent; the
``Decider`` here turns those scores (and, when the message was embedded, its semantic
similarities) into a ``Match``. With a domain word the lexical and semantic scores are blended
and the usual thresholds apply; with none, only curated words count, the intents offered must
explain them, and a message the words do not answer may be rescued by a close, clear semantic
match.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu.text import Vocabulary

#: With no domain word (see ``match``): the share of the message's weight that must be curated
#: words to answer; the coverage the top intent needs to answer or to suggest; how many unseen or
#: guessed words a suggestion tolerates when at least two curated words are there; and the share of
#: the curated words' weight that the intents offered must use between them.
OFF_DOMAIN_SPECIFIC_SHARE = 0.5
OFF_DOMAIN_ANSWER_COVERAGE, OFF_DOMAIN_SUGGEST_COVERAGE = 0.85, 0.6
OFF_DOMAIN_DOUBTFUL_WORDS = 1
OFF_DOMAIN_SUGGEST_EXPLAINED = 0.7
#: How many of the semantically nearest intents a verdict carries (``Match.nearest``).
NEAREST_KEPT = 8


@dataclass(frozen=True)
class Match:
    """The matcher's verdict on one message."""

    outcome: str
    intent: str | None
    score: float
    suggestions: tuple[str, ...] = ()
    ranked: tuple[tuple[str, float], ...] = ()
    in_domain: bool = False
    #: When the message was embedded: the intents whose nearest examples are closest, with their cosines.
    nearest: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Scores:
    """Per-intent scores of one message and what the decision needs to know about it."""

    by_intent: dict[str, float]
    coverage: dict[str, float]
    in_domain: bool
    exact: bool = False
    unknown: int = 0
    specific_share: float = 0.0
    tokens: tuple[str, ...] = ()
    guessed: int = 0


class Decider:
    """Decide a verdict from scores (a mixin of ``Matcher``, which builds the attributes below)."""

    t: dict[str, float]
    vocab: Vocabulary
    intent_ids: tuple[str, ...]
    idf: dict[str, float]
    specific: frozenset[str]
    _token_intents: dict[str, tuple[str, ...]]

    def _curated(self, tokens: tuple[str, ...]) -> int:
        """Count a message's curated words (the vocabulary's words that no everyday request needs)."""
        return sum(1 for tok in tokens if tok in self.specific and tok in self.idf)

    def _explains(self, intent_ids: list[str], tokens: tuple[str, ...], share: float = 1.0) -> bool:
        """Tell whether these intents use (at least ``share`` of the weight of) a message's curated words."""
        curated = [tok for tok in tokens if tok in self.specific and tok in self.idf]
        total = sum(self.idf[tok] ** 2 for tok in curated)
        explained = sum(self.idf[tok] ** 2 for tok in curated
                        if any(i in self._token_intents.get(tok, ()) for i in intent_ids))
        return explained >= share * total - 1e-9

    def blend(self, lexical: Mapping[str, float], sims: Mapping[str, float]) -> dict[str, float]:
        """Blend lexical scores with semantic ones (cosine to the nearest example, rescaled to 0-100)."""
        t = self.t
        weight, zero, full = t["semantic_weight"], t["semantic_zero"], t["semantic_full"]
        span = max(1e-9, full - zero)
        blended: dict[str, float] = {}
        for intent_id in self.intent_ids:
            semantic = 100.0 * min(1.0, max(0.0, (sims.get(intent_id, 0.0) - zero) / span))
            score = (1.0 - weight) * lexical.get(intent_id, 0.0) + weight * semantic
            if score > 0:
                blended[intent_id] = score
        return blended

    def decide(self, found: Scores, sims: Mapping[str, float] | None = None) -> Match:
        """Turn a message's scores (and, when it was embedded, its semantic similarities) into a verdict.

        With a domain word, the lexical and semantic scores are blended and the usual thresholds
        apply. With none, the lexical gate decides first; a message it does not answer may be
        rescued by a semantic match that is close and clear of the runner-up.
        """
        if sims is not None and found.in_domain:
            found = replace(found, by_intent=self.blend(found.by_intent, sims))
        verdict = self._decide(found)
        if sims is not None and not found.in_domain and verdict.outcome != ANSWER:
            return self._rescue(sims, verdict)
        return verdict

    def _rescue(self, sims: Mapping[str, float], lexical: Match) -> Match:
        """With no domain word: answer or suggest on a strong semantic match, else keep the lexical verdict."""
        t = self.t
        ranked = sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))
        (top, c1), c2 = ranked[0], (ranked[1][1] if len(ranked) > 1 else 0.0)
        as_points = tuple((i, round(100.0 * c, 1)) for i, c in ranked[:5])
        if c1 >= t["rescue_answer"] and c1 - c2 >= t["rescue_margin"]:
            return Match(ANSWER, top, round(100.0 * c1, 1), ranked=as_points, in_domain=False)
        if lexical.outcome == FALLBACK and c1 >= t["rescue_suggest"]:
            floor = max(t["rescue_suggest"], c1 - t["rescue_window"])
            picks = tuple(i for i, c in ranked if c >= floor)[: int(t["max_suggestions"])]
            return Match(SUGGEST, top, round(100.0 * c1, 1), suggestions=picks, ranked=as_points, in_domain=False)
        return lexical

    def _decide(self, found: Scores) -> Match:
        """Decide answer, suggest or fallback from per-intent scores."""
        in_domain = found.in_domain
        ranked = tuple(sorted(found.by_intent.items(), key=lambda kv: (-kv[1], kv[0]))[:5])
        if not ranked:
            return Match(FALLBACK, None, 0.0, in_domain=in_domain)
        top, s1 = ranked[0]
        s2 = ranked[1][1] if len(ranked) > 1 else 0.0
        t = self.t
        score = round(s1, 1)
        if in_domain or found.exact:
            answer_at, suggest_at = t["answer"], t["suggest"]
        else:
            # No domain word: only curated words count, and the intents offered must explain them all.
            curated = self._curated(found.tokens)
            doubtful = found.unknown + found.guessed  # words we never saw, or only guessed at
            if not found.specific_share or doubtful > (OFF_DOMAIN_DOUBTFUL_WORDS if curated >= 2 else 0):
                return Match(FALLBACK, None, score, ranked=ranked, in_domain=in_domain)
            if all(tok in self.vocab.chat_set for tok in found.tokens):
                return Match(ANSWER, top, score, ranked=ranked, in_domain=in_domain)  # "thanks, bye"
            answer_at, suggest_at = t["answer_off_domain"], t["suggest_off_domain"]
            floor = max(suggest_at, s1 - t["suggest_window"])
            offered = [i for i, s in ranked if s >= floor][: int(t["max_suggestions"])]
            if (found.coverage.get(top, 0.0) < OFF_DOMAIN_SUGGEST_COVERAGE
                    or not self._explains(offered, found.tokens, OFF_DOMAIN_SUGGEST_EXPLAINED)):
                return Match(FALLBACK, None, score, ranked=ranked, in_domain=in_domain)
            if (doubtful or found.specific_share < OFF_DOMAIN_SPECIFIC_SHARE or not self._explains([top], found.tokens)
                    or found.coverage.get(top, 0.0) < OFF_DOMAIN_ANSWER_COVERAGE):
                answer_at = math.inf
        if s1 >= answer_at and s1 - s2 >= t["margin"]:
            return Match(ANSWER, top, score, ranked=ranked, in_domain=in_domain)
        if s1 >= suggest_at:
            floor = max(suggest_at, s1 - t["suggest_window"])
            picks = tuple(i for i, s in ranked if s >= floor)[: int(t["max_suggestions"])]
            return Match(SUGGEST, top, score, suggestions=picks, ranked=ranked, in_domain=in_domain)
        return Match(FALLBACK, None, score, ranked=ranked, in_domain=in_domain)


def nearest(sims: Mapping[str, float], keep: int = NEAREST_KEPT) -> tuple[tuple[str, float], ...]:
    """Return the intents closest to a message in meaning, closest first, with their cosines."""
    return tuple(sorted(sims.items(), key=lambda kv: (-kv[1], kv[0]))[:keep])
