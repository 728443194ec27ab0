"""Out-of-scope intents: matched like any intent, never offered as a "did you mean".

Intents of kind ``out_of_scope`` (general skincare, other treatments, finding a clinic, orders,
writing requests, other health questions, small talk) teach the matcher what exobot must
refuse. An answer to one of them is a refusal; a close call whose leader is one of them is a
refusal too unless a topic exobot does cover is within reach.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu import segment
from bot.nlu.intent import OUT_OF_SCOPE, Intent
from bot.nlu.matcher import Match

#: When an out-of-scope intent leads a close call by at least this many points over the best
#: topic exobot covers, the message is refused rather than answered with "did you mean".
REFUSE_LEAD = 6.0
#: A message that falls back (no skincare word, or too little of the catalogue's vocabulary) is refused
#: by name ("I can't look up orders") when an out-of-scope intent scores at least this much and leads.
FALLBACK_REFUSE = 60.0
#: A clause that states a want ("I want to book ...", "I'm looking for ...") makes a request as a question does.
_WANTS = re.compile(r"^(?:\W*(?:ok|so|hi|hey|well|and|but|now|also|then)\b\W*)*"
                    r"(?:i\s*(?:want|wanna|need|would like|'d like|am looking|'m looking|m looking)|looking for)\b",
                    re.IGNORECASE)
#: A short question that points back at an action ("how do I do that?", "can you help with this?") or a
#: choice ("which one?") asks for what the clause before it says.
_BACK = re.compile(r"\b(?:do|get|arrange|organi[sz]e|manage|sort|help(?: me)? with)\s+(?:that|this|it)\b|"
                   r"^\W*(?:so\s+|and\s+|but\s+)?which ones?\b|"
                   # ... or asks whether what was just said holds ("is that legit?", "has anyone checked if it works?")
                   r"^\W*(?:so\s+|and\s+|but\s+)?(?:is|was)\s+(?:that|this|it)\s+(?:\w+\s+)?(?:legit|true|real|a\s+thing|"
                   r"possible|a\s+scam|right|correct)\b|\b(?:checked|tested|proven|proved|shown)\s+(?:if|whether|that)\s+"
                   r"(?:it|this|that|they)\s+(?:\w+\s+)?works?\b|^\W*(?:does|do|can|will)\s+(?:that|this|it)\s+"
                   r"(?:\w+\s+)?work\b|"
                   # ... or how much of it to take ("exosome drink shots: how many per day should i drink?")
                   r"^\W*(?:so\s+|and\s+|but\s+)?how\s+(?:many|much|often)\b(?:\s+\w+){0,4}?\s+(?:should|do|can|must)\s+"
                   r"(?:i|you|we)\s+(?:drink|take|swallow|eat)\b|^\W*how\s+many\s+(?:a|per|each)\s+day\b",
                   re.IGNORECASE)
BACK_WORDS = 7
#: "the drip", "this treatment": a word pointed at, which may name what the clause before it spoke of.
_POINTED = re.compile(r"\b(?:the|this|that)\s+([a-z]{4,})\b")
#: Exosomes named in another asking clause: that clause is the question exobot answers.
_EXOSOMES = re.compile(r"\bexo[sz]om\w*", re.IGNORECASE)


def refused(match: Match, out_of_scope: frozenset[str]) -> bool:
    """Tell whether a match is a refusal (an out-of-scope intent answered)."""
    return match.outcome == ANSWER and match.intent in out_of_scope


def settle(match: Match, out_of_scope: frozenset[str], suggest_window: float, semantic_lead: float = 1.0) -> Match:
    """Keep out-of-scope intents out of suggestions; refuse a close call or a fallback that they lead clearly.

    ``semantic_lead``: a close call whose nearest example in meaning is an out-of-scope intent's, closer by
    this much (cosine) than any covered topic's, is refused too.
    """
    if match.outcome == FALLBACK and match.ranked and match.ranked[0][0] in out_of_scope:
        top, score = match.ranked[0]
        runner_up = match.ranked[1][1] if len(match.ranked) > 1 else 0.0
        if score >= FALLBACK_REFUSE and score - runner_up >= REFUSE_LEAD:
            return Match(ANSWER, top, round(score, 1), ranked=match.ranked, in_domain=match.in_domain,
                         nearest=match.nearest)
    if match.outcome != SUGGEST or not out_of_scope:
        return match
    nearest = semantic_refusal(match, out_of_scope, semantic_lead)
    if nearest is not None:
        score = dict(match.ranked).get(nearest, match.score)
        return Match(ANSWER, nearest, round(score, 1), ranked=match.ranked, in_domain=match.in_domain,
                     nearest=match.nearest)
    covered = [(i, s) for i, s in match.ranked if i not in out_of_scope]
    picks = tuple(i for i in match.suggestions if i not in out_of_scope)
    if match.intent in out_of_scope:
        best = covered[0][1] if covered else 0.0
        if not picks or match.score - best >= REFUSE_LEAD:
            return Match(ANSWER, match.intent, match.score, ranked=match.ranked, in_domain=match.in_domain,
                         nearest=match.nearest)
    if picks == match.suggestions:
        return match
    if not picks:
        return Match(ANSWER, match.intent, match.score, ranked=match.ranked, in_domain=match.in_domain,
                         nearest=match.nearest)
    floor = match.score - suggest_window
    picks = tuple(i for i in picks if dict(match.ranked).get(i, 0.0) >= floor) or picks[:1]
    return Match(SUGGEST, picks[0], match.score, suggestions=picks, ranked=match.ranked, in_domain=match.in_domain,
                         nearest=match.nearest)


def semantic_refusal(match: Match, out_of_scope: frozenset[str], lead: float) -> str | None:
    """Return the out-of-scope intent nearest in meaning to a message when it leads every covered topic by ``lead``."""
    if not match.nearest or match.nearest[0][0] not in out_of_scope:
        return None
    top, cos = match.nearest[0]
    covered = max((c for i, c in match.nearest if i not in out_of_scope), default=match.nearest[-1][1])
    return top if cos - covered >= lead else None


def aside(match: Match, alone: frozenset[str], suggest_at: float, window: float) -> Match:
    """Set aside an intent meant for messages about nothing else when the message names skincare."""
    if not alone or not match.in_domain or match.intent not in alone:
        return match
    ranked = tuple((i, s) for i, s in match.ranked if i not in alone)
    if not ranked or ranked[0][1] < suggest_at:
        return Match(FALLBACK, None, match.score, ranked=ranked, in_domain=True, nearest=match.nearest)
    picks = tuple(i for i, s in ranked if s >= max(suggest_at, ranked[0][1] - window))[:3]
    return Match(SUGGEST, picks[0], round(ranked[0][1], 1), picks, ranked, True, match.nearest)


def request_patterns(intents: Mapping[str, Intent]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Compile each refusal's request patterns into one expression (refusals without any are left out)."""
    return tuple((i, re.compile("|".join(f"(?:{p})" for p in intent.requests)))
                 for i, intent in intents.items() if intent.kind == OUT_OF_SCOPE and intent.requests)


def _names_back(before: str, asking: str) -> bool:
    """Tell whether a question points back at a thing the clause before it named ("my spa has an exosome IV drip.
    how long does the drip take?"): "the", "this" or "that" before a word of the clause before."""
    named = {w.rstrip("s") for w in re.findall(r"[a-z]{4,}", before.lower())}  # "drips" ... "the drip"
    return any(w.rstrip("s") in named for w in _POINTED.findall(asking.lower()))


def requested(clauses: Sequence[segment.Clause], patterns: tuple[tuple[str, re.Pattern[str]], ...]) -> str | None:
    """Return the refusal whose request a message makes ("where can I book ...", "translate this"), or None.

    Only the clauses that ask are read, so a backstory ("my order came yesterday, can I use it with
    retinol?") does not make a request; a message with no asking clause is read whole.
    """
    if not patterns:
        return None
    texts = [c.text.lower() for c in clauses if c.asks or _WANTS.match(c.text)]
    texts += [clauses[i - 1].text.lower() for i, c in enumerate(clauses)
              if i and c.asks and (len(c.text.split()) <= BACK_WORDS and _BACK.search(c.text)
                                   or _names_back(clauses[i - 1].text, c.text))]
    texts = texts or [" ".join(c.text for c in clauses).lower()]
    found = next(((i, t) for i, rx in patterns for t in texts if rx.search(t)), None)
    if found is None or any(t != found[1] and _EXOSOMES.search(t) for t in texts):
        return None  # "what causes melasma, and can an exosome serum fade it?": the exosome question is answered
    return found[0]
