"""Read a whole chat message: the question(s) among the backstory, and what is out of scope.

The matcher scores one text. A long message ("I'm 61 and my daughter bought a serum that
says exosome on the bottle, what is it exactly?") is also read clause by clause
(``bot.nlu.segment``), so that the backstory does not dilute the question. When a message
asks two different things, the first is answered and the other is reported in ``also``, for
the engine to offer as a button.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu import product_check, scope, segment
from bot.nlu.arbiter import arbitrate, doubt, ranked
from bot.nlu.intent import Intent, refusals
from bot.nlu.matcher import Match, Matcher

#: A clause is matched on its own only with at least this many known content words.
MIN_CLAUSE_WORDS = 1
#: A second question is offered as a button only when its clause is answered at least this confidently,
#: and its topic scores at least ALSO_MIN_WHOLE on the whole message too (so a clause such as "can I use
#: it" after a sentence about a transplant is not a second question about routines).
ALSO_MIN_SCORE, ALSO_MIN_WHOLE = 60.0, 45.0
#: A clause without a topic word of its own may pick one of the whole message's top this many intents.
LEANING = 3
#: A close call with a single candidate is answered when it scores at least LONE_MIN and leads every
#: other intent (out-of-scope ones included) by LONE_LEAD.
LONE_MIN, LONE_LEAD = 45.0, 15.0
#: Remarks that end a conversation: a message that asks nothing and makes one of them is that remark.
CLOSERS = ("goodbye", "thanks")
#: A remark in one clause that names a topic ("plated exosomes thanks") is that remark only past this many words.
REMARK_WORDS = 6
#: ... unless a clause beside it is a topic in at most this many words: a fragment may be a question.
FRAGMENT_WORDS = 3
#: A clause that is a question by its mark or its first word (not "was very helpful").
_QUESTION = re.compile(r"^.*\?\s*$|^\W*(?:and\s+|also\s+|but\s+)?(?:how|what|whats|why|when|where|which|who|can|could|"
                       r"should|is|are|do|does|will|would)\b", re.IGNORECASE | re.DOTALL)
#: Longest first clause read as a thank-you before the questions after it ("ok thanks so much!").
THANKS_WORDS = 4
#: At most this many other questions offered.
MAX_ALSO = 1
#: A message this short that asks nothing, names skincare and holds a word the catalogue has never
#: seen ("Benev exosome", "medicube exosome ampoule") is probably a product's name.
PRODUCT_NAME_WORDS = 5
#: A question about another product (see ``other_products`` in vocabulary.yml) is refused when an
#: out-of-scope intent scores at least this much on it.
OTHER_PRODUCT_REFUSE = 35.0
#: ... and has at least this many words ("retinol?" alone names a topic, it asks nothing about it).
OTHER_PRODUCT_WORDS = 3
#: ... and a refusal of a message that says "it" of the product ("do I need sunscreen with it?") gives
#: way to the covered topics within this many points.
REFERENCE_GAP = 20.0
#: Conversation intents worth offering as a "did you mean" (not thanks, greetings or goodbyes).
_OFFERED_CONVERSATION = frozenset({"help", "bot_identity", "start_checklist", "start_screening"})
_RANK = {ANSWER: 2, SUGGEST: 1, FALLBACK: 0}
_ASIDE = re.compile(r"\b(?:forget|not|without|besides|except|other than|apart from|no)\s+(?:the\s+)?(?:about\s+)?"
                    r"exo\w*|\bexo\w*\s+(?:aside|apart)\b|\bask about (?:their|the|my|your)\b")


@dataclass(frozen=True)
class Reading(Match):
    """A match for the whole message, and the other questions it asked (intent ids)."""

    also: tuple[str, ...] = ()


class Reader:
    """Match whole messages and their question clauses, and settle out-of-scope intents."""

    def __init__(self, matcher: Matcher, intents: Mapping[str, Intent], product_name: tuple[str, ...] = ()) -> None:
        self.matcher = matcher
        self.out_of_scope = refusals(intents)
        self.knowledge = frozenset(i for i, intent in intents.items() if intent.kind == "knowledge")
        #: What the classifier may offer as a "did you mean": covered topics, help and the flows.
        self.covered = self.knowledge | {i for i in _OFFERED_CONVERSATION if i in intents}
        self.kinds = {i: intent.kind for i, intent in intents.items()}
        self.alone = frozenset(i for i, intent in intents.items() if intent.alone)
        #: Refusals that give way to the covered topics when the message asks about exosomes.
        self.yielding = frozenset(i for i, intent in intents.items() if intent.yields_to_exosomes)
        #: What a bare product name is offered ("check this product", "is a product legit?").
        self.product_name = tuple(i for i in product_name if i in intents)
        #: Refusals by the kind of request (finding a clinic, orders, writing): see ``scope.requested``.
        self.requests = scope.request_patterns(intents)
        #: Remarks that end a conversation, by their keywords (goodbye first: "thanks and bye" is a goodbye).
        remarks = [(i, intents[i].keywords) for i in CLOSERS if i in intents and intents[i].keywords]
        self.closers = [(i, _at_an_edge(keywords)) for i, keywords in remarks]
        self.openers = [(i, _opening(keywords)) for i, keywords in remarks]

    def read(self, text: str, context: bool = False) -> Reading:
        """Read one message (``context``: the conversation is already about skincare)."""
        parts = segment.clauses(text)
        if (rest := self._after_thanks(parts)) is not None and (question := self.read(rest, context)).outcome == ANSWER:
            return question  # "thanks! how do i store it?" asks how to store it
        about = _Once(lambda: self._asks_about_exosomes(text))
        full = self._points_at_the_product(text, self._names_exosomes(text, self._match(text, context, about)))
        if (full.in_domain or context) and (request := scope.requested(parts, self.requests)) is not None:
            score = round(dict(full.ranked).get(request, 0.0), 1)
            return _reading(self._doubted(text, Match(ANSWER, request, score, ranked=full.ranked, in_domain=True),
                                          context))
        if not context and self._about_another_product(text, full):
            refusal = next((i, s) for i, s in full.ranked if i in self.out_of_scope)
            refusal_match = Match(ANSWER, refusal[0], round(refusal[1], 1), ranked=full.ranked, in_domain=True)
            return _reading(self._doubted(text, refusal_match, context))
        if self._judges_one_product(text, full):  # "the bottle's right here, $140. is it any good?"
            return _reading(Match(ANSWER, self.product_name[0], full.score, ranked=full.ranked, in_domain=True))
        if full.outcome != ANSWER and self._names_a_product(text, parts, full):
            return _reading(Match(SUGGEST, self.product_name[0], full.score, self.product_name, full.ranked, True))
        if (full.outcome != ANSWER or len(parts) > 1 or len(text.split()) > REMARK_WORDS) \
                and (closing := self._closing(parts)) is not None \
                and (self._opens_with(closing, parts) or not self.refuses(text)):
            return _reading(closing)  # "text leslie saying have a good day" is an errand; "bye, off to..." is not
        if len(parts) < 2:
            return _reading(self._judged(text, self._lone(full), context))
        asked = self._asked(parts, full, context, about)
        candidates = [full] + asked
        last = max((i for i, c in enumerate(parts) if c.asks), default=None)
        if full.outcome != ANSWER and last is not None and 0 < last < len(parts) - 1:
            upto = " ".join(c.text for c in parts[: last + 1])
            candidates.append(self._match(upto, context or full.in_domain, about))
        best = self._lone(max(candidates, key=lambda m: (self._tier(m, m is full), m.score)))
        # A clause read in the message's context is judged as part of it: the classifier reads the whole message.
        best = self._judged(text, replace(best, in_domain=best.in_domain or full.in_domain), context)
        return _reading(best, self._also(best, asked, dict(full.ranked)))

    def _closing(self, parts: list[segment.Clause]) -> Match | None:
        """A message that asks nothing and says goodbye or thank you is that remark.

        "nobody explained the plated thing as clearly as you just did, really grateful" thanks; it asks
        nothing about plated exosomes.
        """
        if any(c.asks for c in parts):
            return None
        for intent, pattern in self.closers:
            said = [pattern.search(c.text) is not None for c in parts]
            # a fragment beside the remark ("thanks. plated exosomes") may be a question without its mark
            if any(said) and not any(not s and self._topic_fragment(c.text) for s, c in zip(said, parts, strict=True)):
                return Match(ANSWER, intent, 100.0, in_domain=False)
        return None

    def _after_thanks(self, parts: list[segment.Clause]) -> str | None:
        """The questions after a first clause that only says thank you ("thank you! how long does it take?")."""
        if len(parts) < 2 or parts[0].asks or not any(c.asks and _QUESTION.match(c.text) for c in parts[1:]):
            return None  # ("thank you, was very helpful" asks nothing)
        first = parts[0].text
        thanks = [p for i, p in self.openers if i == "thanks"] + [p for i, p in self.closers if i == "thanks"]
        if len(first.split()) > THANKS_WORDS or not any(p.search(first) for p in thanks):
            return None
        return " ".join(c.text for c in parts[1:])

    def _opens_with(self, remark: Match, parts: list[segment.Clause]) -> bool:
        """Whether a message of several clauses opens with the remark itself ("see ya, off to the pharmacy")."""
        return len(parts) > 1 and any(i == remark.intent and p.match(parts[0].text) is not None
                                      for i, p in self.openers)

    def _topic_fragment(self, text: str) -> bool:
        """Whether a clause is a few words naming a topic ("plated exosomes"): a question without its mark."""
        return len(text.split()) <= FRAGMENT_WORDS and self.matcher.match(text).in_domain

    def _judged(self, text: str, match: Match, context: bool) -> Match:
        """Give the intent classifier its say (``bot.nlu.arbiter``); not on a follow-up read in context."""
        if context or self.matcher.semantic is None:
            return match
        if not match.nearest and not match.in_domain and match.outcome != ANSWER:
            return match  # an everyday request the words refused without embedding it
        if match.outcome == ANSWER and match.intent not in self.knowledge:
            return self._doubted(text, match, context)  # a flow or a greeting the rules chose stands
        return arbitrate(match, self._learned(text), self.matcher.t, self.out_of_scope, self.knowledge, self.covered)

    def _doubted(self, text: str, match: Match, context: bool) -> Match:
        """Let the classifier question a refusal of a message about skincare (see ``arbiter.doubt``)."""
        if context or self.matcher.semantic is None or not match.in_domain or not scope.refused(
                match, self.out_of_scope):
            return match
        return doubt(match, self._learned(text), self.matcher.t, self.covered)

    def prefers(self, text: str, first: str, second: str) -> bool:
        """Whether the intent classifier scores ``first`` clearly above ``second`` (by ``classifier_veto``)."""
        learned = self._learned(text)
        return bool(learned) and learned.get(first, 0.0) - learned.get(second, 0.0) >= self.matcher.t[
            "classifier_veto"]

    def refuses(self, text: str) -> bool:
        """Whether the intent classifier's top intent for a message, read alone, is an out-of-scope one."""
        order = ranked(self._learned(text))
        return bool(order) and order[0][0] in self.out_of_scope

    def _learned(self, text: str) -> Mapping[str, float]:
        """Return the intent classifier's scores for a message, or none without the semantic signal or text."""
        semantic = self.matcher.semantic
        return semantic.scores(text) if semantic is not None and text.strip() else {}

    def _lone(self, match: Match) -> Match:
        """Answer a close call that has only one candidate: no other topic, covered or not, anywhere near it."""
        if match.outcome != SUGGEST or len(match.suggestions) != 1 or not match.in_domain:
            return match
        others = [s for i, s in match.ranked if i != match.intent]
        if match.score >= LONE_MIN and match.score - max(others, default=0.0) >= LONE_LEAD:
            return Match(ANSWER, match.intent, match.score, ranked=match.ranked, in_domain=True)
        return match

    def _tier(self, match: Match, whole: bool) -> int:
        """Rank a candidate: a covered answer (the whole message's first), a refusal, a suggestion, a fallback."""
        if match.outcome == ANSWER and match.intent not in self.out_of_scope:
            return 5 if whole else 4
        if match.outcome == ANSWER:
            return 3 if whole else 2
        return _RANK[match.outcome]

    def _asked(self, parts: list[segment.Clause], full: Match, context: bool, about: _Once) -> list[Match]:
        """Match the question clauses that may speak for the whole message."""
        # A clause decides only where the whole message agrees: it may settle a close call for the
        # intent that leads it, or pick among the leaders of a message that fell back. Only a clause
        # naming its own topic may overturn a refusal ("I'm writing an article, can you explain how
        # exosomes ..."), refuse ("which doctor in Lima does exosome facials"), or speak for a message
        # with no skincare word at all; once one refuses, clauses leaning on the rest have no say.
        asking = [c.text for c in parts if c.asks and self._words(c.text) >= MIN_CLAUSE_WORDS]
        matches = [(self._clause(text, context, full.in_domain, about), text) for text in asking]
        refusing = full.intent in self.out_of_scope or any(
            m.in_domain and scope.refused(m, self.out_of_scope) for m, _ in matches)
        leaning = {full.intent} if full.outcome == SUGGEST else {i for i, _ in full.ranked[:LEANING]}
        kept = []
        for m, text in matches:
            if refusing:  # only a clause about exosomes themselves overturns a refusal
                keep = m.in_domain and (scope.refused(m, self.out_of_scope) or self._anchored(text))
            else:
                keep = (m.in_domain if not full.in_domain else m.intent in leaning) and (
                    m.in_domain or m.intent not in self.out_of_scope)
            if keep:
                kept.append(m)
        return kept

    def _clause(self, text: str, context: bool, in_domain: bool, about: _Once) -> Match:
        """Match a clause on its own, and again in the message's context when it names no topic itself."""
        alone = self._match(text, context, about)
        if alone.in_domain or not in_domain:
            return alone
        within = self._match(text, True, about)
        return Match(within.outcome, within.intent, within.score, within.suggestions, within.ranked, in_domain=False)

    def _match(self, text: str, context: bool, about: bool | _Once = False) -> Match:
        """Match one text and keep out-of-scope intents out of the suggestions.

        ``about``: the whole message asks about exosomes (see :meth:`_about_exosomes`).
        """
        t = self.matcher.t
        match = scope.aside(self.matcher.match(text, context=context), self.alone, t["suggest"], t["suggest_window"])
        match = scope.settle(match, self.out_of_scope, t["suggest_window"], t["refuse_semantic_lead"])
        return self._offer_nearest(self._about_exosomes(text, match, about))

    def _offer_nearest(self, match: Match) -> Match:
        """Add to a "did you mean" the covered topic nearest in meaning, when there is room for it."""
        if match.outcome != SUGGEST or not match.nearest:
            return match
        if len(match.suggestions) >= self.matcher.t["max_suggestions"]:
            return match
        top, cos = next(((i, c) for i, c in match.nearest if i not in self.out_of_scope), (None, 0.0))
        if top is None or top in match.suggestions or cos < self.matcher.t["suggest_semantic"]:
            return match
        if self.kinds.get(top) != "knowledge":
            return match
        return replace(match, suggestions=(*match.suggestions, top))

    def _names_exosomes(self, text: str, match: Match) -> Match:
        """Answer a message naming exosomes whose leader only trails a refusal's close call among covered topics."""
        if match.outcome != SUGGEST or match.intent in self.out_of_scope or match.score < self.matcher.t["answer"]:
            return match
        covered = [s for i, s in match.ranked if i not in self.out_of_scope and i != match.intent]
        if match.score - max(covered, default=0.0) < self.matcher.t["margin"]:
            return match
        vocab = self.matcher.vocab
        if not any(vocab.canonical(w) in vocab.generic_set for w in vocab.words(text)):
            return match
        return Match(ANSWER, match.intent, match.score, ranked=match.ranked, in_domain=match.in_domain)

    def _asks_about_exosomes(self, text: str) -> bool:
        """Tell whether a message names exosomes without setting them aside ("forget exosomes, ...")."""
        vocab = self.matcher.vocab
        return any(vocab.canonical(w) in vocab.generic_set for w in vocab.words(text)) and not _ASIDE.search(
            text.lower())

    def _about_exosomes(self, text: str, full: Match, about: bool | _Once) -> Match:
        """Offer the covered topics instead of refusing, as general skincare, a message that asks about exosomes.

        ``about``: the whole message does (a clause of it may not name them itself).
        """
        if not scope.refused(full, self.out_of_scope) or full.intent not in self.yielding:
            return full
        if not (about or self._asks_about_exosomes(text)):
            return full
        t = self.matcher.t
        covered = [(i, s) for i, s in full.ranked if i not in self.out_of_scope]
        if covered and covered[0][1] >= t["suggest"]:
            picks = tuple(i for i, s in covered if s >= covered[0][1] - t["suggest_window"])
        else:  # the words point at the refusal only: the topics nearest in meaning, if close enough
            near = [(i, c) for i, c in full.nearest if self.kinds.get(i) == "knowledge"]
            if not near or near[0][1] < t["suggest_semantic"]:
                return full
            picks = tuple(i for i, c in near if c >= near[0][1] - t["rescue_window"])
        picks = picks[: int(t["max_suggestions"])]
        score = round(dict(full.ranked).get(picks[0], 0.0), 1)
        return Match(SUGGEST, picks[0], score, picks, full.ranked, full.in_domain, full.nearest)

    def _points_at_the_product(self, text: str, full: Match) -> Match:
        """Offer the covered topics instead of refusing a message that says "it" of the product discussed."""
        if not (scope.refused(full, self.out_of_scope) and full.in_domain and product_check.refers(text)):
            return full
        covered = [(i, s) for i, s in full.ranked if i not in self.out_of_scope]
        if not covered or full.score - covered[0][1] > REFERENCE_GAP:
            return full
        picks = tuple(i for i, s in covered if s >= covered[0][1] - self.matcher.t["suggest_window"])[:3]
        return Match(SUGGEST, picks[0], round(covered[0][1], 1), picks, full.ranked, True)

    def _about_another_product(self, text: str, full: Match) -> bool:
        """Tell whether a message asks about a product other than exosomes, with nothing tying it to them."""
        if full.outcome == FALLBACK or full.intent in self.out_of_scope or len(text.split()) < OTHER_PRODUCT_WORDS:
            return False
        if not any(i in self.out_of_scope and s >= OTHER_PRODUCT_REFUSE for i, s in full.ranked):
            return False
        if not self._tokens(text) & self.matcher.vocab.other_products_set or self._anchored(text):
            return False
        return not (product_check.refers(text) or product_check.SUBJECT.search(text.lower()))

    def _tokens(self, text: str) -> set[str]:
        """Return a message's canonical tokens, with the words inside known phrases too."""
        vocab = self.matcher.vocab
        return set(self.matcher.prepare(text)[1]) | {vocab.canonical(w) for w in vocab.words(text)}

    def _anchored(self, text: str) -> bool:
        """Tell whether a text names exosomes, a procedure or another term that ties it to the guide."""
        vocab = self.matcher.vocab
        return bool(self._tokens(text) & (vocab.anchors_set | vocab.generic_set))

    def _judges_one_product(self, text: str, full: Match) -> bool:
        """Tell whether a message asks for a verdict on one product at hand (the checklist gives it)."""
        top = next((i for i, _ in full.ranked if i not in self.out_of_scope), None)
        return bool(self.product_name) and full.in_domain and top in (
            *self.product_name, *product_check.VERDICT_TOPICS) and product_check.asks_about_one_product(text)

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
                    and match.intent is not None and self.kinds.get(match.intent) == "knowledge"
                    and match.intent not in out):
                out.append(match.intent)
        return tuple(out[:MAX_ALSO])


class _Once:
    """A yes or no worked out the first time it is needed (most messages never need it)."""

    def __init__(self, ask: Callable[[], bool]) -> None:
        self._ask: Callable[[], bool] | None = ask
        self._value = False

    def __bool__(self) -> bool:
        if self._ask is not None:
            self._value, self._ask = bool(self._ask()), None
        return self._value


def _at_an_edge(keywords: Sequence[str]) -> re.Pattern[str]:
    """Match a remark's keywords among a clause's first or last three words ("so thank you", "bye for now");
    mid-clause they are part of something else ("put thank you on my playlist", "take care of my bill")."""
    said = _said(keywords)
    return re.compile(rf"^\W*(?:[\w']+\W+){{0,2}}{said}\b|\b{said}(?:\W+[\w']+){{0,2}}\W*$", re.IGNORECASE)


def _opening(keywords: Sequence[str]) -> re.Pattern[str]:
    """Match a remark's keywords as a clause's first words ("bye!!", "see ya")."""
    return re.compile(rf"^\W*{_said(keywords)}\b", re.IGNORECASE)


def _said(keywords: Sequence[str]) -> str:
    """Return a remark's keywords as one regex group."""
    return "(?:" + "|".join(map(re.escape, keywords)) + ")"


def _reading(match: Match, also: tuple[str, ...] = ()) -> Reading:
    """Wrap a match as a reading."""
    return Reading(match.outcome, match.intent, match.score, match.suggestions, match.ranked, match.in_domain,
                   match.nearest, also)
