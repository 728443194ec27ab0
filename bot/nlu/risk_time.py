"""Time rules of the risk detector: long ago, weeks ago, the future, and whether a procedure happened."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bot.nlu.risk_rules import GENERAL, NONE, PERSONAL, B, E, Hit, alt, maybe, regex

_WORD = re.compile(r"[a-z0-9]+")
#: What sits between a treatment and its reason ("chemo for leukemia", "methotrexate once for an ectopic"):
#: the reason shares the treatment's time.
_REASON = re.compile(r"\s+(?:\w+\s+){0,2}?(?:for|against)\s+(?:\w+\s+){0,2}")
#: Words after a present claim that make it a plan ("we are planning to", "im hoping to").
_NOT_A_PLAN = (r"(?!\W+(?:planning|plan|hoping|hope|going\s+to|gonna|thinking|wanting|want|looking\s+(?:to|into)"
               r"|considering)\b)")
#: A present claim that opens a term itself ("im 38 weeks", "we are expecting").
_CLAIM_OPENS = re.compile(r"(?:im|i\s+am|iam|i\s+m|we\s+are|were)\s")
#: A clause of its own after the term ("..., because id booked it ages ago"): a time in it is that clause's.
_SUBORDINATE = re.compile(r"\b(?:because|cause|coz|cuz|since|as|although|though|which|that)\s+"
                          r"(?:i|id|ive|im|we|she|he|they|it|its|theyd|shed)\b")
#: How many words after a repeated mention a time expression may sit and still be that mention's own time.
RETIME_WORDS = 5


class Timing:
    """Compiled time cues (the `shared` part of the rules) and the decisions made with them."""

    def __init__(self, shared: Mapping[str, Any]) -> None:
        """Compile the time cues."""
        self._event_before = maybe(shared.get("event_before"), B, r"(?:\W+\w+){0,4}?\W*$")
        parts = [f"(?P<{group}>{alt(shared[key])})" for key, group in
                 (("recent_time", "recent"), ("present_time", "present"), ("weeks_ago", "weeks"),
                  ("long_ago", "old"), ("distant_future", "distant"), ("future_time", "future")) if shared.get(key)]
        self._time = regex(B + "(?:" + "|".join(parts) + ")" + E) if parts else None
        # "im pregnant", "i am still nursing": the user says it is so now, whatever else is dated.
        # (not a plan: "we are planning to start trying")
        self._present_claim = maybe(shared.get("present_claims"), B, _NOT_A_PLAN + r"(?:\W+\w+){0,3}?\W*$")
        self._again = maybe(shared.get("again_cues"), B, E)
        self._becoming = maybe(shared.get("becoming_before"), B, r"\W*$")
        self._later = maybe(shared.get("later_event"), r"(?:\W+\w+){0,6}?\W+", E)
        self._starting = maybe(shared.get("starting_before"), B, r"(?:\W+\w+){0,2}?\W*$")

    def timed(self, norm: str, hit: Hit, hits: list[Hit], before: str) -> str:
        """Apply the time rules: long ago, the future, and whether a procedure happened."""
        rules, term = hit.rules, hit.term
        long_ago = rules.long_ago if term.long_ago is None else term.long_ago
        if not (long_ago or rules.short_memory or rules.requires_event or term.recent_only or rules.future_start):
            return PERSONAL
        when = self.when(norm, hit, hits)
        if rules.future_start and when in ("future", "distant") and self._starting and self._starting.search(before):
            return NONE  # "my derm wants me to start methotrexate next month": not on it yet
        if when == "distant":
            if self._becoming and self._becoming.search(before):
                return NONE  # "thinking of getting pregnant in a couple of years": a plan, not now
            if term.plan and not self.claimed(before):
                return NONE  # "ivf maybe in a year or two" (but "were doing ivf, transfer in a few months")
            when = "future"
        if when == "old" and self.claimed(before):
            when = "present"  # "my daughter is 7 and im pregnant with my second"
        elif long_ago and when != "old" and self._dated_before(norm, hit, hits, before):
            when = "old"  # "i did ivf ten years ago ... does having done ivf matter"
        if (when == "old" and long_ago) or (when == "weeks" and rules.short_memory):
            return NONE
        if when == "future" and (rules.requires_event or term.recent_only):
            return NONE
        if term.recent_only and when != "recent":
            return NONE
        if rules.requires_event and when != "recent" and not term.event and not (
                self._event_before and self._event_before.search(before)):
            return GENERAL
        return PERSONAL

    def _dated_before(self, norm: str, hit: Hit, hits: list[Hit], before: str) -> bool:
        """Tell whether an earlier mention of this flag was long ago and this one is the same, not re-dated."""
        earlier = [h for h in hits if h.rules is hit.rules and h.end <= hit.sstart]
        if not earlier or not any(self.when(norm, h, hits) == "old" for h in earlier):
            return False
        if self.claimed(before) or self.again(norm, hit):
            return False
        if self._time is None:
            return True
        if self._time.search(norm, hit.cstart, hit.start):
            return False
        near = self._time.search(norm, hit.end, hit.cend)
        return near is None or len(_WORD.findall(norm, hit.end, near.start())) > RETIME_WORDS

    def _own_time_before(self, norm: str, hit: Hit, ahead: int) -> bool:
        """Tell whether the time after a term sits in a clause of its own and the term's clause dates it before
        ("on saturday i did microneedling because id booked it ages ago")."""
        if self._time is None or not _SUBORDINATE.search(norm, hit.end, ahead):
            return False
        return self._time.search(norm, hit.cstart, hit.start) is not None

    def claimed(self, before: str) -> bool:
        """Tell whether the user says right before the term that it holds now ("im still", "currently")."""
        return bool(self._present_claim and self._present_claim.search(before))

    def still(self, norm: str, hit: Hit) -> bool:
        """Tell whether the user says the term holds now, after a birth: back ("again") or claimed ("im pregnant")."""
        return self.again(norm, hit) or bool(_CLAIM_OPENS.match(norm, hit.start)) or bool(
            self._present_claim and self._present_claim.search(norm, hit.cstart, hit.start))

    def again(self, norm: str, hit: Hit) -> bool:
        """Tell whether the term's clause says it is back ("pregnant again", "another outbreak")."""
        return bool(self._again and self._again.search(norm, hit.cstart, hit.cend))

    def when(self, norm: str, hit: Hit, hits: list[Hit]) -> str | None:
        """Classify the time expression that dates the term, in its clause first, then in its sentence: recent,
        present, weeks, old, distant, future or None."""
        if self._time is None:
            return None
        stop = min(hit.send, hit.end + 80)
        for other in hits:
            if other.start >= hit.end and other.rules.name != hit.rules.name and not _REASON.fullmatch(
                    norm, hit.end, other.start):
                stop = min(stop, max(hit.end, other.start))
        ahead = self._time.search(norm, hit.end, stop)
        if ahead and ahead.start() < hit.cend and not self._own_time_before(norm, hit, ahead.start()):
            return ahead.lastgroup
        lo = hit.sstart
        for other in hits:
            # A reason shares its treatment's time ("back in 2015 i took methotrexate for an ectopic pregnancy");
            # a time in another flag's own earlier clause is that mention's ("finished radiotherapy 3 weeks ago,
            # ... it could be infected").
            if other.end <= hit.start and other.rules.name != hit.rules.name and not _REASON.fullmatch(
                    norm, other.end, hit.start):
                lo = max(lo, min(other.cend if other.cend <= hit.cstart else other.end, hit.start))
        # A time in the term's own clause comes first ("last week i do laser, my face still red"), then one
        # after it in the sentence, then one before it.
        last = max(self._time.finditer(norm, lo, hit.start), key=lambda m: m.start(), default=None)
        if last is not None and self._later and self._later.match(norm, last.end(), hit.start):
            # "had my nose pierced three weeks ago and it got infected": the time is the piercing's
            return ahead.lastgroup if ahead else None
        if last is not None and last.start() >= hit.cstart:
            return last.lastgroup
        if ahead:
            return ahead.lastgroup
        return last.lastgroup if last is not None else None
