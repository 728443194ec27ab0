"""Read a whole chat message: the question(s) among the backstory, and what is out of scope.

The matcher scores one text. A long message ("I'm 61 and my daughter bought a serum that
says exosome on the bottle, what is it exactly?") is also read clause by clause
(``bot.nlu.segment``), so that the backstory does not dilute the question. When a message
asks two different things, the first is answered and the other is reported in ``also``, for
the engine to offer as a button.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu import scope, segment
from bot.nlu.intent import Intent
from bot.nlu.matcher import Match, Matcher

#: A clause is matched on its own only with at least this many known content words
#: ("is it worth it" leans on the rest of the message; "is exosome serum worth the price" does not).
MIN_CLAUSE_WORDS = 1
#: A second question is offered as a button only when its clause is answered at least this confidently,
#: and its topic scores at least ALSO_MIN_WHOLE on the whole message too (so a clause such as "can I use
#: it" after a sentence about a transplant is not a second question about routines).
ALSO_MIN_SCORE, ALSO_MIN_WHOLE = 60.0, 45.0
#: A clause without a topic word of its own may pick one of the whole message's top this many intents.
LEANING = 3
#: At most this many other questions offered.
MAX_ALSO = 1
#: A message this short that asks nothing, names skincare and holds a word the catalogue has never
#: seen ("Benev exosome", "medicube exosome ampoule") is probably a product's name.
PRODUCT_NAME_WORDS = 5
_RANK = {ANSWER: 2, SUGGEST: 1, FALLBACK: 0}


@dataclass(frozen=True)
class Reading(Match):
    """A match for the whole message, and the other questions it asked (intent ids)."""

    also: tuple[str, ...] = ()


class Reader:
    """Match whole messages and their question clauses, and settle out-of-scope intents."""

    def __init__(self, matcher: Matcher, intents: Mapping[str, Intent], product_name: tuple[str, ...] = ()) -> None:
        self.matcher = matcher
        self.out_of_scope = scope.refusals(intents)
        self.kinds = {i: intent.kind for i, intent in intents.items()}
        self.alone = frozenset(i for i, intent in intents.items() if intent.alone)
        #: What a bare product name is offered ("check this product", "is a product legit?").
        self.product_name = tuple(i for i in product_name if i in intents)

    def read(self, text: str, context: bool = False) -> Reading:
        """Read one message (``context``: the conversation is already about skincare)."""
        full = self._match(text, context)
        parts = segment.clauses(text)
        if full.outcome != ANSWER and self._names_a_product(text, parts, full):
            return _reading(Match(SUGGEST, self.product_name[0], full.score, self.product_name, full.ranked, True))
        if len(parts) < 2:
            return _reading(full)
        # A question clause decides only where the whole message agrees: it may settle a close call for
        # the intent that leads it or pick among the leaders of a message that fell back; only a clause
        # naming its own topic may overturn a refusal ("I'm writing an article, can you explain how
        # exosomes ...") or speak for a message with no skincare word at all.
        refusing = full.intent in self.out_of_scope
        leaning = {full.intent} if full.outcome == SUGGEST else {i for i, _ in full.ranked[:LEANING]}
        asked = [m for c in parts if c.asks and self._words(c.text) >= MIN_CLAUSE_WORDS
                 for m in [self._clause(c.text, context, full.in_domain)]
                 if (m.in_domain if refusing or not full.in_domain else m.intent in leaning)
                 and (refusing or m.intent not in self.out_of_scope)]
        candidates = [full] + asked
        last = max((i for i, c in enumerate(parts) if c.asks), default=None)
        if full.outcome != ANSWER and last is not None and 0 < last < len(parts) - 1:
            candidates.append(self._match(" ".join(c.text for c in parts[: last + 1]), context or full.in_domain))
        best = max(candidates, key=lambda m: (self._tier(m, m is full), m.score))
        return _reading(best, self._also(best, asked, dict(full.ranked)))

    def _tier(self, match: Match, whole: bool) -> int:
        """Rank a candidate: a covered answer (the whole message's first), a refusal, a suggestion, a fallback."""
        if match.outcome == ANSWER and match.intent not in self.out_of_scope:
            return 5 if whole else 4
        if match.outcome == ANSWER:
            return 3 if whole else 2
        return _RANK[match.outcome]

    def _clause(self, text: str, context: bool, in_domain: bool) -> Match:
        """Match a clause on its own, and again in the message's context when it names no topic itself."""
        alone = self._match(text, context)
        if alone.in_domain or not in_domain:
            return alone
        within = self._match(text, True)
        return Match(within.outcome, within.intent, within.score, within.suggestions, within.ranked, in_domain=False)

    def _match(self, text: str, context: bool) -> Match:
        """Match one text and keep out-of-scope intents out of the suggestions."""
        t = self.matcher.t
        match = scope.aside(self.matcher.match(text, context=context), self.alone, t["suggest"], t["suggest_window"])
        return scope.settle(match, self.out_of_scope, t["suggest_window"])

    def _names_a_product(self, text: str, parts: list[segment.Clause], full: Match) -> bool:
        """Tell whether a short message that asks nothing is probably a product's name."""
        if not self.product_name or not full.in_domain or any(c.asks for c in parts):
            return False
        return len(text.split()) <= PRODUCT_NAME_WORDS and self.matcher.scores(text).unknown > 0

    def _words(self, text: str) -> int:
        """Count the known, non-generic content words of a text."""
        matcher = self.matcher
        toks = matcher.prepare(text)[1]
        return sum(1 for t in toks if t in matcher.idf and t not in matcher.vocab.generic_set)

    def _also(self, best: Match, asked: list[Match], whole: dict[str, float]) -> tuple[str, ...]:
        """Return the other topics a message asked about, answered confidently clause by clause."""
        if best.outcome != ANSWER or self.kinds.get(best.intent or "") != "knowledge":
            return ()
        out: list[str] = []
        for match in asked:
            if (match.outcome == ANSWER and match.score >= ALSO_MIN_SCORE and match.intent != best.intent
                    and whole.get(match.intent or "", 0.0) >= ALSO_MIN_WHOLE
                    and self.kinds.get(match.intent or "") == "knowledge" and match.intent not in out):
                out.append(match.intent)
        return tuple(out[:MAX_ALSO])


def _reading(match: Match, also: tuple[str, ...] = ()) -> Reading:
    """Wrap a match as a reading."""
    return Reading(match.outcome, match.intent, match.score, match.suggestions, match.ranked, match.in_domain, also)
