"""How far a negator reaches in a clause of a typed answer (the votes are cast in reading.py)."""

from __future__ import annotations

from bot.engine.flows.lexicon import CUE, NO_ALONE, Clause, Lexicon, Span


def answer_then_statement(tokens: list[str], i: int, answer_no: set[int], lexicon: Lexicon) -> bool:
    """Tell whether a no opening a clause is an answer followed by a statement of its own ("no i use
    tretinoin"): the statement is read as said, not negated by the no before it."""
    return i == 0 and i in answer_no and tokens[1:2] != [] and tokens[1] in lexicon.phrases("statement_openers")


def denied_after(tokens: list[str], span: Span, negators: list[int], lexicon: Lexicon) -> bool:
    """Tell whether the clause says after a content word that it is not there ("endotoxins not mentioned",
    "markers aren't listed anywhere", "endotoxins and vesicle counts not shown"): a negator after it, after
    "is"/"are" or after the rest of a list it opens, then a verb of showing near the clause's end."""
    at = next((i for i in negators if span.end <= i <= span.end + 4), None)
    if at is None or not (at + 1 < len(tokens) and tokens[at + 1] in lexicon.negated_verbs
                          and at + 1 >= len(tokens) - 2):
        return False
    between = tokens[span.end:at]
    return not between or between in (["is"], ["are"], ["was"], ["were"]) or between[0] in ("and", "or", "nor")


def listed_after_no(tokens: list[str], spans: list[Span], span: Span, lexicon: Lexicon) -> bool:
    """Tell whether a content word is listed after a negated one ("no instructions or warnings"): the
    negation reaches every item of the list."""
    return any(s.category == CUE and s.value == "no" and tokens[s.start] in lexicon.negators and s.end < span.start
               and all(t in ("or", "nor", "and") for t in tokens[s.end:span.start]) for s in spans)


def negated_activity(clause: Clause, at: int, lexicon: Lexicon) -> bool:
    """Tell whether a negator opens a clause about an activity the reader does not know ("not preventing"):
    at a screening question that may be the opposite of a no, so it is never read as one."""
    covered = {i for s in clause.spans for i in range(s.start, s.end)}
    return any(i not in covered and t.endswith("ing") and len(t) > 5 and t not in lexicon.negated_verbs
               for i, t in enumerate(clause.tokens) if i > at)


def plain_no(tokens: list[str], i: int, lexicon: Lexicon) -> bool:
    """Tell whether a negator opening a clause answers no ("not rn", "I didn't see any"), not "I don't understand"."""
    if tokens[i] not in {"dont", "doesnt", "didnt", "havent", "hasnt", "isnt", "arent", "cant", "couldnt", "wont",
                         "wouldnt", "cannot", "wasnt", "werent"}:
        return True
    return i + 1 < len(tokens) and tokens[i + 1] in lexicon.negated_verbs


#: How far before "nothing" a verb of finding may stand ("saw absolutely nothing", "could not see nothing").
FOUND_REACH = 3


def found_nothing(clause: Clause, lexicon: Lexicon) -> bool:
    """Tell whether a clause says nothing was found ("I saw nothing about it", learner "I could not see nothing",
    a double negative that means no): "nothing" or "none" shortly after a verb of seeing, finding or showing."""
    verbs = lexicon.phrases("found_nothing")
    return any(s.category == NO_ALONE and clause.tokens[s.start] in ("nothing", "none")
               and any(t in verbs for t in clause.tokens[max(0, s.start - FOUND_REACH):s.start])
               for s in clause.spans)
