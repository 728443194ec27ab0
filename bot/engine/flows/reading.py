"""Read a typed answer by meaning, at the question it answers.

Every part of a message votes: explicit words ("yes", "nein", "definitely not"), hedges
("maybe", "beats me": not sure) and what the answer states (`says` in the flow YAML:
"CD63 western blot", "still nursing"), each checked for negation ("no lab data"), for
being over ("weaned"), ahead ("booked for next week") or about someone else ("my wife is").
The votes decide a value only when they agree, or when one rule settles it; otherwise the
reader proposes a value to confirm ("Did you mean No?") and never records a guess.

At a screening question (a step with a flag) the person's own risk in their words is a
yes, even beside a "no" ("no but trying"), unless a later contrast resolves it ("a tumour,
but it was benign"). At a checklist criterion an explicit yes or no is taken as given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from bot.engine.flows import clock
from bot.engine.flows.lexicon import (
    CHILD_PERSON,
    CONDITIONAL,
    CUE,
    DEGREE,
    EMPHASIS,
    FUTURE,
    INFO,
    LEAN,
    NEUTRAL,
    NO,
    NO_ALONE,
    ONLY_THAT,
    RESOLVE,
    RESOLVED,
    STALLING,
    THIRD,
    UNSURE,
    UNSURE_ALONE,
    WISH,
    WORD,
    YES,
    YES_ALONE,
    Clause,
    Lexicon,
    Span,
    stem,
)
from bot.engine.flows.negation import (
    answer_then_statement,
    denied_after,
    found_nothing,
    listed_after_no,
    negated_activity,
    plain_no,
)
from bot.engine.flows.subjectless import subjectless
from bot.nlu.text import holds_phrase

#: A year typed in figures: one before this year is over ("shingles in 2020").
_YEAR = re.compile(r"(?:19|20)\d\d")
#: How far before a content word a negator still reaches ("haven't seen a single lab result").
NEGATION_REACH = 5
#: How close before a content word "my wife" / "she is" must be to make it someone else's.
THIRD_PERSON_REACH = 3
#: The value prefix of an `asks` phrase ("botox" at the procedure question): proposed, never recorded.
ASK = "ask:"
#: The value of a `says: unsure` phrase ("steroid cream"): not sure, unless the answer states a risk too.
MAYBE = "maybe"
#: The kind of vote left by a content word that is someone else's or still ahead: it decides nothing.
DISCARDED = "discarded"
#: The kind of vote left by a negation of something unknown at a screening question ("not preventing"):
#: it decides nothing, and the rest of the answer is only proposed.
UNREAD = "unread"
#: The lean of a hedge about whether the thing named counts ("not sure if that's a procedure").
WHETHER = "whether"
#: The value prefix of a `by_child` phrase ("she still latches"): a third person before it is the child.
CHILD = "child:"
#: The value prefix of an `even_ahead` phrase ("ivf"): a yes even when still ahead ("starting ivf next month").
EVEN_AHEAD = "ahead:"
#: The value of a discarded vote whose content is only wished for ("they should publish a trial").
WISHED = "wished"
#: The value of a discarded vote whose content is still ahead ("peel booked for next month").
AHEAD = "ahead"
#: Words that open a plain no at a question whose buttons are categories ("nothing on the box about it").
#: The kind of that vote: a no in plain words, not a phrase of the answer ("nothing on the label" is no storage
#: answer when it is typed at the source question).
PLAIN = "plain"
CATEGORY_NO = frozenset({"nothing", "no", "none", "nope", "nah", "nowhere"})
#: Phrases that show the reader understood a clause that left no vote ("but my sister is", "but it's booked").
_UNDERSTOOD = frozenset({CUE, RESOLVE, THIRD, FUTURE, RESOLVED, CONDITIONAL})
QUESTION_LEAD = frozenset({"wait", "sorry", "so", "ok", "okay", "um", "umm", "hmm", "oh", "hey", "and", "quick"})
#: Words that open a relative clause as well as a question.
_RELATIVE = frozenset({"which", "who", "whose"})


@dataclass(frozen=True)
class Vote:
    """One part of a message pointing at a value."""

    value: str
    kind: str  # "word", "cue", "negcue" (a negated yes-cue), "resolve" (a no that settles it), "hedge"
    clause: int
    contrast: bool = False
    #: A hedge that leans one way ("I think so", "I think yes"): the content beside it may settle it.
    lean: str = ""


@dataclass
class Verdict:
    """What a choice question's reader concluded: a value, and whether it is sure."""

    value: str | None
    sure: bool
    question: bool = False
    stalling: bool = False
    tentative: bool = False
    votes: list[Vote] = field(default_factory=list)
    #: A content word was set aside as someone else's or still ahead ("my wife is", "next year").
    discarded: bool = False
    #: Every content word set aside was still ahead (none was someone else's).
    ahead: bool = False
    #: Every content word set aside was only wished for ("I wish they showed CD63").
    wished: bool = False


def is_question(clause: Clause, lexicon: Lexicon, opening: bool = True) -> bool:
    """Tell whether a clause asks something rather than answering.

    A later clause that opens with "which" or "who" and has no question mark says more about what came
    before ("$299, which is insane"), unless it is the message's first (``opening``); so does one whose
    question word a negation follows ("oily, is not sensitive").
    """
    if any(s.category in (YES, NO, UNSURE, WORD) or (s.category == UNSURE_ALONE and _alone(clause, s.start, s.end))
           for s in clause.spans):
        return False  # ("how would i know?" is an answer; "how would i know what a lab did" asks)
    words = [t for t in clause.tokens if t not in QUESTION_LEAD]
    if not words or words[0] not in lexicon.question_words:
        return False
    if not opening and not clause.question_mark and words[0] in _RELATIVE:
        return False
    if not clause.question_mark and len(words) > 1 and subjectless(words[0], words[1]):
        return False  # "is from cow colostrum", "was 3 days ago", "did laser yesterday": its subject left out
    if not opening and not clause.question_mark and len(words) > 1 and words[1] in lexicon.negators:
        return False  # "my skin is oily, is not sensitive": a later clause with its subject left out
    return clause.question_mark or len(words) >= 3


def _alone(clause: Clause, start: int, end: int) -> bool:
    """Tell whether a phrase is all there is in its clause, filler aside."""
    neutral = {i for s in clause.spans if s.category == NEUTRAL for i in range(s.start, s.end)}
    return all(i in neutral or start <= i < end for i in range(len(clause.tokens)))


def _marked(span: Span, prefix: str) -> tuple[Span, bool]:
    """Return a span without a value prefix (``CHILD``, ``EVEN_AHEAD``) and whether it had it."""
    if not span.value.startswith(prefix):
        return span, False
    return Span(span.start, span.end, span.category, span.value[len(prefix):]), True


def _cue_vote(clause: Clause, span: Span, index: int, lexicon: Lexicon, polar: bool, over: bool,
              risk: bool = False) -> Vote | None:
    """Turn a content word into a vote, minding negation, the future, someone else and things over."""
    tokens, spans = clause.tokens, clause.spans
    span, ahead_too = _marked(span, EVEN_AHEAD)
    span, child = _marked(span, CHILD)
    if child:  # "she still latches": the "she" is the baby
        spans = [s for s in spans if s.category != THIRD or tokens[s.start:s.end] not in (["she"], ["he"])]
    spans = [Span(s.start, s.end, THIRD) if s.category == CHILD_PERSON and span.value == "yes" and not child else s
             for s in spans]
    if any((risk and s.category == CONDITIONAL) or ((risk or not polar) and s.category == THIRD
                                                    and 0 <= span.start - s.end <= THIRD_PERSON_REACH) for s in spans):
        return Vote("", DISCARDED, index, clause.contrast)  # someone else's, or only supposed
    if any(s.category == FUTURE for s in spans):  # still ahead; fertility treatment ahead is asked back as a yes
        return Vote(span.value, "lean", index, clause.contrast) if ahead_too else Vote(AHEAD, DISCARDED, index,
                                                                                      clause.contrast)
    if any(s.category == WISH and s.end <= span.start for s in spans):
        return Vote(WISHED, DISCARDED, index, clause.contrast)  # "I wish they showed CD63": it is not there
    inside = {i for s in spans if s.category not in (NO, NO_ALONE) and not (s.category == WORD and s.value == "no")
              for i in range(s.start, s.end)}
    answer_no = {i for s in spans if s.category in (NO, NO_ALONE) or (s.category == WORD and s.value == "no")
                 for i in range(s.start, s.end)}
    negators = [i for i, t in enumerate(tokens) if t in lexicon.negators and i not in inside
                and not answer_then_statement(tokens, i, answer_no, lexicon)]
    negated = any(span.start - NEGATION_REACH <= i < span.start for i in negators) or (
        span.end in negators and span.end >= len(tokens) - 1) or tokens[span.end:span.end + 1] == ["free"] or (
        listed_after_no(tokens, spans, span, lexicon)) or denied_after(tokens, span, negators, lexicon)
    if negated and span.value == "no" and all(i in answer_no for i in negators if i < span.start):
        return Vote("no", "cue", index, clause.contrast)  # "nah, it's marketing": the no agrees
    if negated:
        return Vote("no", "negcue", index, clause.contrast) if polar and span.value == "yes" else None
    if polar and span.value == "yes" and over:
        return Vote("no", "cue", index, clause.contrast)
    return Vote(span.value, "cue", index, clause.contrast)


def clause_votes(clause: Clause, index: int, lexicon: Lexicon, polar: bool, over: bool,
                 risk: bool = False, single: bool = True) -> list[Vote]:
    """Return the votes of one clause."""
    votes: list[Vote] = []
    inside = {i for s in clause.spans if s.category not in (NO, NO_ALONE, WORD) for i in range(s.start, s.end)}
    negators = [i for i, t in enumerate(clause.tokens) if t in lexicon.negators and i not in inside]
    answers = {i for s in clause.spans if s.category in (YES, NO, WORD, NO_ALONE) for i in range(s.start, s.end)}
    for span in clause.spans:
        if span.category in (YES, NO, WORD):
            flipped = span.value == "yes" and any(span.start - 2 <= i < span.start and i not in answers
                                                  for i in negators)  # "not yes"; but "no and yes" is both
            whether = span.value == "unsure" and clause.tokens[span.end:span.end + 1] in (["if"], ["whether"])
            votes.append(Vote("no" if flipped else span.value, "word", index, clause.contrast,
                              lean=WHETHER if whether else ""))
        elif span.category == RESOLVE:
            votes.append(Vote("no", "resolve", index, clause.contrast))
        elif span.category in (YES_ALONE, NO_ALONE, UNSURE_ALONE) and _alone(clause, span.start, span.end):
            votes.append(Vote(span.value, "word", index, clause.contrast))
        elif span.category == DEGREE and _alone(clause, span.start, span.end) and index == 0 and single:
            votes.append(Vote("unsure", "degree", index, clause.contrast))
        elif span.category == LEAN:
            votes.append(Vote("no", "lean", index, clause.contrast))
        elif span.category == INFO and polar and any(span.start - 3 <= i < span.start for i in negators):
            votes.append(Vote("no", "cue", index, clause.contrast))  # "no actual data", "nothing on the details"
        elif span.category == UNSURE:
            leaning = "yes" if " ".join(stem(t) for t in clause.tokens[span.start:span.end]) in lexicon.weak_yes else (
                WHETHER if clause.tokens[span.end:span.end + 1] in (["if"], ["whether"]) else "")
            votes.append(Vote("unsure", "hedge", index, clause.contrast, lean=leaning))
        elif span.category == EMPHASIS and polar:
            value = "no" if any(span.end <= i <= span.end + 1 for i in negators) else "yes"
            votes.append(Vote(value, "word", index, clause.contrast))
        elif span.category == CUE and span.value.startswith(ASK) and not risk and polar and (any(
                span.start - NEGATION_REACH <= i < span.start for i in negators) or denied_after(
                clause.tokens, span, negators, lexicon)):
            votes.append(Vote("no", "negcue", index, clause.contrast))  # "but nothing about endotoxins"
        elif span.category == CUE and span.value.startswith(ASK):
            votes.append(Vote(span.value[len(ASK):], "lean", index, clause.contrast))  # "botox": asked back
        elif span.category == CUE and (vote := _cue_vote(clause, span, index, lexicon, polar, over, risk)):
            votes.append(vote)
    votes = [replace(v, value="unsure", kind="maybe" if v.value == MAYBE else "hedge")
             if v.value in ("unsure", MAYBE) and v.kind not in ("degree", DISCARDED) else v for v in votes]
    if any(s.category == FUTURE for s in clause.spans):
        votes = [v for v in votes if v.value not in ("unsure", MAYBE)]  # "maybe later this year" hedges nothing now
    if polar and holds_phrase(clause.tokens, lexicon.softeners) and not any(v.kind == "cue" for v in votes):
        votes = [Vote("unsure", "hedge", v.clause, v.contrast, "yes") if v.kind == "word" and v.value == "yes" else v
                 for v in votes]  # "I think I am": not sure
    if polar and single and _only_leaning_yes(clause, votes):
        votes = [Vote("yes", "word" if risk else "lean", index, clause.contrast)]  # "i think so": see _only_leaning_yes
    return votes or _voteless_no(clause, index, lexicon, polar, over, risk, negators)


def _voteless_no(clause: Clause, index: int, lexicon: Lexicon, polar: bool, over: bool, risk: bool,
                 negators: list[int]) -> list[Vote]:
    """Return the no a clause that left no vote still gives ("not rn", "stopped last week"), if any."""
    if polar:
        if not risk and any(s.category == ONLY_THAT for s in clause.spans):
            return [Vote("no", "cue", index, clause.contrast)]  # "it just says 'rich in exosomes'"
        if not risk and found_nothing(clause, lexicon):
            return [Vote("no", "cue", index, clause.contrast)]  # "I saw nothing about this", "could not see nothing"
        if any(i <= 1 and plain_no(clause.tokens, i, lexicon) for i in negators):
            unread = risk and negated_activity(clause, min(negators), lexicon)
            return [Vote("", UNREAD, index, clause.contrast) if unread else Vote("no", "word", index, clause.contrast)]
        if over and any(s.category == RESOLVED for s in clause.spans):
            return [Vote("no", "cue", index, clause.contrast)]  # "stopped last week"
        return []
    if (clause.tokens[0] in CATEGORY_NO or any(s.category == ONLY_THAT for s in clause.spans)) and (
            not any(s.category in (CUE, WORD) for s in clause.spans)):
        return [Vote("no", PLAIN, index, clause.contrast)]  # "nothing on the box about it", "it just says …"
    return []


def _only_leaning_yes(clause: Clause, votes: list[Vote]) -> bool:
    """Tell whether a whole answer is a hedge that leans yes ("i think so", "probably"). The policy: at a
    screening question it is a yes (the cautious reading; "not sure" is flagged the same), at a checklist
    criterion a yes to confirm (a criterion is never marked met on a guess)."""
    covered = {i for s in clause.spans if s.category in (UNSURE, NEUTRAL) for i in range(s.start, s.end)}
    return (len(votes) == 1 and votes[0].kind == "hedge" and votes[0].lean == "yes"
            and len(covered) == len(clause.tokens))


def _about_now(clause: Clause, lexicon: Lexicon) -> bool:
    """Tell whether a clause speaks of the present ("none right now", "not at the moment")."""
    return holds_phrase(clause.tokens, lexicon.phrases("now_words"))


def _resolved(clauses: list[Clause]) -> list[bool]:
    """Mark the clauses that say something is over ("weaned", "in 2020"), or are followed by a clause that only
    says so."""
    this_year = clock.today().year
    over = [any(s.category == RESOLVED for s in c.spans) or any(
        _YEAR.fullmatch(t) and int(t) < this_year for t in c.tokens) for c in clauses]
    for i in range(len(clauses) - 1):
        if over[i + 1] and not any(s.category == CUE for s in clauses[i + 1].spans):
            over[i] = True
    return over


def _echo(clause: Clause, asked: frozenset[str]) -> bool:
    """Tell whether a short clause with a question mark repeats the question ("independent? no, ...")."""
    words = [stem(t) for t in clause.tokens if t not in QUESTION_LEAD]
    if asked:
        return all(w in asked for w in words)
    return not any(s.category == CUE for s in clause.spans)


def _opens_with_answer(clause: Clause) -> bool:
    """Tell whether a clause starts with a yes or a no ("no.", "also no", "yes they do")."""
    return any(s.category in (YES, NO, WORD, YES_ALONE, NO_ALONE) and s.start <= 1 for s in clause.spans)


def collect(clauses: list[Clause], lexicon: Lexicon, polar: bool, present_only: bool, risk: bool = False,
            asked: frozenset[str] = frozenset()) -> Verdict:
    """Gather the votes of a message, setting questions, echoes and tentative parts apart.

    ``asked``: the stems of the question's own words; a short clause of them with a question mark is an echo.
    A clause that asks back about something else the answer names ("bakuchiol, that's the plant retinol
    right?") makes the answer tentative when what it names points elsewhere.
    """
    over = _resolved(clauses) if present_only else [False] * len(clauses)
    firm: list[Vote] = []
    tentative: list[Vote] = []
    asking: list[Vote] = []  # what the questions back name ("is bakuchiol a retinoid?")
    questions = 0
    for index, clause in enumerate(clauses):
        if is_question(clause, lexicon, opening=index == 0):
            questions += 1
            asking += [v for v in clause_votes(clause, index, lexicon, polar, over[index], risk) if v.kind == "cue"]
            continue
        votes = clause_votes(clause, index, lexicon, polar, over[index], risk, single=len(clauses) == 1)
        if present_only and clause.contrast and _about_now(clause, lexicon):
            votes = [Vote("no", "resolve", v.clause, v.contrast) if v.value == "no" and v.kind == "word" else v
                     for v in votes]  # "I get cold sores, but none right now"
        hedged = any(v.kind == "hedge" for v in votes)
        if clause.question_mark and not hedged:
            answered = index + 1 < len(clauses) and _opens_with_answer(clauses[index + 1])
            if len(clause.tokens) <= 3 and len(clauses) > 1 and (answered or _echo(clause, asked)):
                continue  # an echo of the question: "independent? no, ...", "skin cancer? no"
            tentative += votes
        else:
            firm += votes
    stalling = any(s.category == STALLING for c in clauses for s in c.spans)
    verdict = Verdict(None, False, votes=firm or tentative)
    verdict.discarded = any(v.kind == DISCARDED for v in verdict.votes)
    verdict.ahead = verdict.discarded and all(v.value == AHEAD for v in verdict.votes if v.kind == DISCARDED)
    verdict.wished = verdict.discarded and all(v.value == WISHED for v in verdict.votes if v.kind == DISCARDED)
    unread = any(v.kind == UNREAD for v in verdict.votes)
    verdict.votes = [v for v in verdict.votes if v.kind not in (DISCARDED, UNREAD)]
    firm = [v for v in firm if v.kind not in (DISCARDED, UNREAD)]
    tentative = [v for v in tentative if v.kind not in (DISCARDED, UNREAD)]
    if not firm and not tentative:
        verdict.question = questions > 0
        verdict.stalling = stalling and not questions
    verdict.tentative = (not firm and bool(tentative)) or (unread and bool(verdict.votes))
    partly = not risk and len(clauses) > 1 and any(s.category == DEGREE and _alone(clauses[0], s.start, s.end)
                                      for s in clauses[0].spans)
    if partly and verdict.votes and not any(v.kind == "hedge" for v in verdict.votes):
        verdict.tentative = True  # "kind of? they say 'patented process'": a criterion only partly met
        # (at a screening question a degree of the condition is still the condition: "a bit, gets red easily")
    named = {v.value for v in firm if v.kind != "hedge"}
    if firm and any(v.kind == "cue" and v.value not in named for v in tentative + asking):
        verdict.tentative = True  # the question back names what may change the answer
    return verdict


def unread_exceptions(verdict: Verdict, clauses: list[Clause], ahead_is_no: bool = False) -> list[Clause]:
    """Return the "but …" parts after a no that say something the reader did not understand.

    A part about the future ("but hoping to soon") is read only where the future is a no (a procedure
    booked for later has not been had); elsewhere it may be the very thing asked ("trying to conceive").
    """
    understood = _UNDERSTOOD if ahead_is_no else _UNDERSTOOD - {FUTURE}
    first_no = min((v.clause for v in verdict.votes if v.value == "no"), default=len(clauses))
    unread = []
    for index, clause in enumerate(clauses):
        if not clause.contrast or index <= first_no or any(v.clause == index for v in verdict.votes):
            continue
        if any(s.category in understood for s in clause.spans):
            continue  # understood: someone else's, still ahead, over
        covered = {j for s in clause.spans for j in range(s.start, s.end)}
        if len(covered) < len(clause.tokens):
            unread.append(clause)
    return unread
