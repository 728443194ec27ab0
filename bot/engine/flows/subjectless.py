"""Statements with their subject left out ("is from cow colostrum", "was 3 days ago", "did laser yesterday"):
an answer, not a question, when there is no question mark."""

from __future__ import annotations

#: "is" / "was" with the subject left out ("is from cow colostrum", "was 3 days ago", "is written on box"):
#: without a question mark, a be-verb followed by one of these (or a past participle, or a number) states.
_BE = frozenset({"is", "are", "was", "were"})
_STATED = frozenset({"from", "made", "in", "on", "at", "by", "with", "only", "just", "very", "too", "not", "all",
                     "about", "like", "for", "under", "over", "around", "maybe", "probably", "also", "already",
                     "still", "never", "always", "written", "done", "gone", "ok", "okay", "fine", "last", "yesterday",
                     "today", "kind", "kinda", "sort", "quite", "really", "pretty", "more", "less", "almost",
                     # learner English: "is say apply after toner", "is come in cold box"
                     "say", "says", "write", "writes", "show", "shows", "come", "comes", "have", "has", "call", "name"})
#: "did laser yesterday", "will check later", "do use retinol": an auxiliary with the subject left out and one of
#: these after it states, when there is no question mark ("did" also before "it", "a", "my": "did it on monday").
_DONE_AUX = frozenset({"did", "do", "does", "will", "have", "has"})
_DONE_NEXT = frozenset({"check", "look", "ask", "use", "try", "get", "have", "see", "find", "read", "buy", "apply",
                        "put", "react", "laser", "microneedling", "peel", "botox", "filler", "fillers", "not", "never",
                        "already", "still", "only", "just", "also", "always", "sometimes", "last", "yesterday"})
_DID_NEXT = frozenset({"it", "that", "this", "a", "an", "my", "some", "one"})


def subjectless(first: str, second: str) -> bool:
    """Tell whether a clause's first two words state with the subject left out ("is written", "did laser")."""
    participle = second[:1].isdigit() or (len(second) > 4 and second.endswith("ed"))
    if first in _BE:
        return second in _STATED or participle
    return first in _DONE_AUX and (second in _DONE_NEXT or participle or (first == "did" and second in _DID_NEXT))
