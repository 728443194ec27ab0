"""The intent classifier's say over a reading: answer where it is clear, settle or question the rest.

The lexical matcher and the rules of ``bot.nlu.reader`` know the catalogue's words well and
people's phrasings less well; the ridge classifier over the sentence embeddings
(``SemanticIndex.scores``) is the other way round. Measured by k-fold on the blind-written tuning
sets (``scripts/classifier_folds.py``), the classifier's top intent alone is right more often than
the reading, and its lead over the next intent says how far to trust it. So, after the reader:

* the two agree: the reading stands;
* the classifier leads clearly (``classifier_answer``) where the reading did not answer, in a message
  about skincare: its intent is answered (a refusal, when it is an out-of-scope one); with no skincare
  word, only a conversation intent or a flow, and from a far clearer lead (``classifier_answer_off_domain``);
* a "did you mean" offers the classifier's top intent, which leads by ``classifier_margin`` (by
  ``classifier_margin_off_domain`` with no skincare word) and scores ``classifier_settle``: answered;
* an answer on a topic of the guide, in a message about skincare, when the classifier's top is another
  topic leading every other intent by ``classifier_overrule`` (and scoring ``classifier_floor``): that
  topic is answered ("is a $300 exosome serum worth it?": the words say price, the phrasing worth_it);
* an answer on a topic of the guide that the classifier scores ``classifier_veto`` below its own top:
  both are offered instead (a refusal, a flow or a greeting the rules chose stands);
* a "did you mean" without the classifier's top covered topic (from ``classifier_suggest``): it is
  added; a fallback: it and the topics within ``classifier_window`` of it are offered (with no
  skincare word in the message, only from ``classifier_suggest_off_domain``).

Everything here is pure: scores in, a verdict out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import replace

from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu.verdict import Match


def ranked(learned: Mapping[str, float]) -> list[tuple[str, float]]:
    """Return the classifier's intents, best first (ties by id, so the order is stable)."""
    return sorted(learned.items(), key=lambda kv: (-kv[1], kv[0]))


def arbitrate(match: Match, learned: Mapping[str, float], t: Mapping[str, float],
              refusals: Collection[str], knowledge: Collection[str], covered: Collection[str]) -> Match:
    """Return the verdict once the classifier has had its say.

    ``knowledge``: the guide's topics, whose answers it may question; ``covered``: what it may offer
    in a "did you mean" (the topics, help and the flows).
    """
    order = ranked(learned)
    if not order:
        return match
    top, s1, s2 = _leaders(order)
    if match.outcome == ANSWER and match.intent == top:
        return match
    # An answer it overrules only from a clear lead, topic for topic; otherwise it can only question one.
    if match.outcome != ANSWER and _answers(match.in_domain or top in refusals, top in knowledge, s1, s2, t):
        return replace(match, outcome=ANSWER, intent=top, score=round(100.0 * s1, 1), suggestions=())
    settle_lead = t["classifier_margin" if match.in_domain else "classifier_margin_off_domain"]
    if match.outcome == SUGGEST and top in match.suggestions and s1 - s2 >= settle_lead and s1 >= t[
            "classifier_settle"]:
        return replace(match, outcome=ANSWER, intent=top, suggestions=())
    chosen = match.intent
    if (match.outcome == ANSWER and chosen in knowledge and top in knowledge and match.in_domain
            and s1 - s2 >= t["classifier_overrule"] and s1 >= t["classifier_floor"]):
        return replace(match, intent=top, score=round(100.0 * s1, 1), suggestions=())
    if (match.outcome == ANSWER and chosen is not None and chosen in knowledge
            and s1 - learned.get(chosen, 0.0) >= t["classifier_veto"]):
        both = tuple(i for i in (top, chosen) if i not in refusals)
        return replace(match, outcome=SUGGEST, intent=both[0], suggestions=both) if both else match
    if top not in covered or s1 < t["classifier_suggest" if match.in_domain else "classifier_suggest_off_domain"]:
        return match
    if match.outcome == SUGGEST and top not in match.suggestions:
        room = int(t["max_suggestions"]) - 1
        return replace(match, suggestions=(*match.suggestions[:room], top))
    if match.outcome == FALLBACK:
        picks = _near_top(order, t, covered)
        return replace(match, outcome=SUGGEST, intent=picks[0], score=round(100.0 * s1, 1), suggestions=picks)
    return match


def doubt(match: Match, learned: Mapping[str, float], t: Mapping[str, float], covered: Collection[str]) -> Match:
    """Question a refusal that the classifier reads as a covered intent, far above the refusal's own score.

    "with retinol ok?" or "can u translate that into english for a normal person" name another
    product or make a request the rules refuse; the classifier, which reads the whole phrasing,
    may know better. Its top intent is answered from a lead of ``classifier_doubt_answer`` over every
    other, else offered with the covered intents close to it.
    """
    order = ranked(learned)
    if not order or match.intent is None:
        return match
    top, s1, s2 = _leaders(order)
    if top not in covered or s1 < t["classifier_floor"] or s1 - learned.get(match.intent, 0.0) < t[
            "classifier_doubt"]:
        return match
    if s1 - s2 >= t["classifier_doubt_answer"]:
        return replace(match, intent=top, score=round(100.0 * s1, 1), suggestions=())
    return replace(match, outcome=SUGGEST, intent=top, score=round(100.0 * s1, 1),
                   suggestions=_near_top(order, t, covered))


def _leaders(order: list[tuple[str, float]]) -> tuple[str, float, float]:
    """Return the classifier's top intent, its score and the next intent's score (0 when there is none)."""
    (top, s1), s2 = order[0], (order[1][1] if len(order) > 1 else 0.0)
    return top, s1, s2


def _near_top(order: list[tuple[str, float]], t: Mapping[str, float], covered: Collection[str]) -> tuple[str, ...]:
    """Return the covered intents within ``classifier_window`` of the top score, best first, as many as offered."""
    s1 = order[0][1]
    return tuple(i for i, s in order if s >= s1 - t["classifier_window"] and i in covered)[: int(t["max_suggestions"])]


def _answers(about_skincare: bool, topic: bool, s1: float, s2: float, t: Mapping[str, float]) -> bool:
    """Whether the classifier's lead answers its top intent where the reading did not answer.

    With no skincare word in the message, a topic of the guide is never answered (everyday lures such
    as "how long can i keep pork in the freezer" are where embeddings mislead), and a conversation
    intent or a flow needs a far clearer lead.
    """
    if about_skincare:
        return s1 - s2 >= t["classifier_answer"] and s1 >= t["classifier_floor"]
    return not topic and s1 - s2 >= t["classifier_answer_off_domain"] and s1 >= t["classifier_floor_off_domain"]
