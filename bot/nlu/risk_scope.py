"""Scope rules of the risk detector: who a term is about, whether it is negated or general (time: risk_time)."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.nlu.risk_jobs import Jobs
from bot.nlu.risk_people import People
from bot.nlu.risk_rules import GENERAL, NONE, PERSONAL, B, E, FlagRules, Hit, alt, maybe, regex, words
from bot.nlu.risk_text import quoted
from bot.nlu.risk_time import Timing

__all__ = ["GENERAL", "NONE", "PERSONAL", "Hit", "Message", "Scope"]
_WORD = re.compile(r"[a-z0-9]+")
#: What joins two terms into one situation ("during pregnancy or lactation").
_JOINED = re.compile(r"\s*(?:or|and|and\s+or|nor|plus)\s*")
#: How many words before a term a first-person claim may sit in a message that says it is general.
CLAIM_WORDS = 5


@dataclass(frozen=True)
class Message:
    """What the scope rules need to know about the whole message."""

    norm: str
    #: ``norm`` with its double quotes kept (same length): a quoted term is general.
    norm_q: str
    #: The message says it is a general question ("in general", "for a school project").
    general: bool
    #: Where health words that set no flag start ("allergic reaction", "eczema").
    health: tuple[int, ...] = ()


#: What sits between a treatment and its reason ("transplant 14 months ago for aml").
_REASON_GAP = re.compile(r"\s+(?:\w+\s+){0,5}?(?:for|against|because\s+of)\s+(?:\w+\s+){0,2}")


class Scope(People):
    """Compiled context cues (the `shared` part of the rules) and the decisions made with them."""

    def __init__(self, shared: Mapping[str, Any]) -> None:
        """Compile the shared cues."""
        self.breaks = regex(alt(shared.get("clause_breaks") or [r"[.!?;\n]"]))
        self.sentences = regex(alt(shared.get("sentence_breaks") or [r"[.!?;\n]"]))
        self._neg_end = regex(B + "(?:" + alt(shared.get("negation_cues") or ["not"]) + ")$")
        self._stop_end = maybe(shared.get("stop_cues"), B, "$")
        self._inner_neg = maybe(shared.get("inner_negation_cues"), B, E)
        self._fillers = frozenset(words(shared.get("negation_fillers")))
        self._post_neg = maybe(shared.get("post_negation_cues"))
        self._post_stop = maybe(shared.get("post_stop_cues"))
        self._resolved = maybe(shared.get("resolved_after"))
        self._mistaken_before = maybe(shared.get("mistaken_before"), B, r"\W*$")
        self._mistaken_after = maybe(shared.get("mistaken_after"))
        not_after = "".join(rf"(?<!{re.escape(w)} )" for w in words(shared.get("uncertainty_not_after")))
        self._uncertain = maybe(shared.get("uncertainty_cues"), not_after + B, E)
        self._post_uncertain = maybe(shared.get("post_uncertainty_cues"))
        self._compile_people(shared)
        self._compile_general(shared)
        self.time = Timing(shared)

    def _compile_general(self, shared: Mapping[str, Any]) -> None:
        """Compile the cues that make a mention general rather than personal."""
        fp = alt(shared.get("first_person") or ["i"])
        gap3 = rf"(?:\W+(?!(?:{fp}|my){E})\w+){{0,3}}?\W*$"
        self._causal_before = maybe(shared.get("general_causal_before"), B, gap3)
        self._causal_after = maybe(shared.get("general_causal_after"))
        not_after = "".join(rf"(?<!{re.escape(w)} )" for w in words(shared.get("general_situational_not_after")))
        self._sit_before = maybe(shared.get("general_situational_before"), not_after + B, "$")
        self._sit_after = maybe(shared.get("general_situational_after"))
        self._people_after = maybe(shared.get("general_people_after"))
        fillers = "|".join(re.escape(w) for w in words(shared.get("people_with_me_fillers"))) or r"(?!x)x"
        self._with_me = maybe(shared.get("people_with_me"), B, rf"(?:\W+(?:{fillers})){{0,2}}?\W*$")
        self._markers = maybe(shared.get("general_markers"), B, E)
        # A clause that opens with a verb has the user as its subject ("on antibiotics for an infection").
        self._implied_first = maybe(shared.get("implied_first"), r"\W*(?:",
                                     rf"){E}(?:\W+(?!(?:about|question|questions|topic|ask|asking|to)\b)\w+){{0,4}}?\W*$")
        self._claims = maybe(shared.get("first_person_claims"), B, E)
        self._hypo_before = maybe(shared.get("hypothetical_before"), B, r"(?=\W)")
        self._hypo_after = maybe(shared.get("hypothetical_after"), r"(?:\W+\w+){0,6}?\W+(?:", rf"){E}")
        self._hypo_open = maybe(shared.get("hypothetical_open"), B, E)
        self._personal = maybe(shared.get("personal_markers"), B, E)
        self._reported = maybe(shared.get("reported_before"), B, r"(?=\W)")
        self._claim_exceptions = frozenset(words(shared.get("claim_exceptions")))
        self._make_before = maybe(shared.get("general_make_before"), B, gap3)
        self._grow_after = maybe(shared.get("general_grow_after"))
        self.jobs = Jobs(shared.get("occupations"))

    # -- clauses -------------------------------------------------------------
    def spans(self, norm: str, pattern: re.Pattern[str]) -> tuple[list[int], list[int]]:
        """Return the starts and ends of the breaks of one kind."""
        found = [(m.start(), m.end()) for m in pattern.finditer(norm)]
        return [s for s, _ in found], [e for _, e in found]

    @staticmethod
    def bounds(starts: list[int], ends: list[int], start: int, end: int, length: int) -> tuple[int, int]:
        """Return the span between the breaks around [start, end)."""
        i = bisect_right(ends, start) - 1
        j = bisect_right(starts, end - 1)
        return (ends[i] if i >= 0 else 0), (starts[j] if j < len(starts) else length)

    # -- the decision ----------------------------------------------------------
    def verdict(self, msg: Message, hit: Hit, hits: list[Hit]) -> str:
        """Decide whether one term match is personal, general (someone else, in general) or nothing."""
        norm = msg.norm
        before, after = norm[hit.cstart:hit.start], norm[hit.end:hit.end + 60]
        if hit.term.context and quoted(msg.norm_q, hit.start, hit.end):
            return GENERAL
        uncertain = self.uncertain(before, after)
        if not uncertain and (self.negated(before, after, hit, hits) or self.negated_inside(norm, hit)):
            return NONE
        if hit.rules.resolvable and self._resolved and self._resolved.match(after):
            return NONE
        if hit.term.context and (self.hypothetical(before, after, norm[hit.start:hit.end])
                                 or self.general(msg, hit, hits, before, after, uncertain)):
            return GENERAL
        if hit.term.attendant and self._attended_elsewhere(msg, hit, hits):
            return GENERAL
        return self.time.timed(norm, hit, hits, before)

    def _attended_elsewhere(self, msg: Message, hit: Hit, hits: list[Hit]) -> bool:
        """Tell whether a term naming who treats the condition ("oncologist"), in a clause with no first person,
        sits beside a mention of its flag that is general ("... for a cancer patient")."""
        if self._first.search(msg.norm, hit.cstart, hit.cend):
            return False
        others = [h for h in hits if h.rules is hit.rules and not h.term.attendant and h.cstart == hit.cstart]
        return bool(others) and all(self.verdict(msg, h, hits) == GENERAL for h in others)

    def hypothetical(self, before: str, after: str, term: str = "") -> bool:
        """Tell whether the clause imagines the situation ("if i ever needed chemo", "if i got a cold sore one day",
        "if my throat ever gets tight": the "ever" inside the term's own words)."""
        if self._hypo_open and self._hypo_open.search(before):
            return True
        conds = list(self._hypo_before.finditer(before)) if self._hypo_before else []
        if not conds:
            return False
        rest = before[conds[-1].end():]  # the condition nearest the term ("should i do if my ...")
        ever = "ever" in rest.split() or (not rest.strip() and "ever" in term.split()[:3])
        return ever or bool(self._hypo_after and self._hypo_after.match(after))

    def uncertain(self, before: str, after: str) -> bool:
        """Tell whether the user is unsure ("might be", "not sure if", "pregnant i think")."""
        return bool((self._uncertain and self._uncertain.search(before))
                    or (self._post_uncertain and self._post_uncertain.match(after)))

    def negated(self, before: str, after: str, hit: Hit, hits: list[Hit]) -> bool:
        """Tell whether a negation (or, for stoppable flags, a stop) governs the term."""
        if self._cue_governs(before, hit.cstart, hits, self._neg_end):
            return True
        if hit.rules.stoppable and self._stop_end and self._cue_governs(before, hit.cstart, hits, self._stop_end):
            return True
        if hit.rules.stoppable and self._post_stop and self._post_stop.match(after) and not self.time.claimed(before):
            return True  # "breastfed for a year, then stopped" (not "im still nursing, stopped pumping at work")
        if self._mistaken_before and self._mistaken_after and self._mistaken_before.search(before) \
                and self._mistaken_after.match(after):
            return True  # "i thought i had a cold sore but my doctor said its just a pimple"
        return bool(self._post_neg and self._post_neg.match(after))

    def negated_inside(self, norm: str, hit: Hit) -> bool:
        """Tell whether a negation sits between a term's own words, in one clause with its last word ("my lips
        arent swollen", "period is not late"); the term's first word may itself be one ("havent had my period")."""
        if self._inner_neg is None or not hit.term.negation_inside:
            return False
        first = norm.find(" ", hit.start, hit.end)
        cues = list(self._inner_neg.finditer(norm, first, hit.end)) if first >= 0 else []
        return bool(cues) and self.breaks.search(norm, cues[-1].end(), hit.end) is None

    def general(self, msg: Message, hit: Hit, hits: list[Hit], before: str, after: str, uncertain: bool) -> bool:
        """Tell whether the mention is about someone else or a general question."""
        norm = msg.norm
        if self.jobs.named(before, after, norm[hit.start:hit.end]):
            return True
        joined = bool(self._joined_after and self._joined_after.match(after))
        if not joined and (self.third_person(msg, hit, hits, before) or (
                self._possessive_end.search(before) and self._relation_next.match(after))):
            return True
        if self._describes_someone(before, after, hit.rules):
            return True
        if self._reported_content(norm, hit, hits, before):
            return True
        if (self._causal_before and self._causal_before.search(before)) or (
                self._causal_after and self._causal_after.match(after)):
            return True
        if (self._make_before and self._grow_after and self._make_before.search(before)
                and self._grow_after.match(after)):
            return True  # "can exosomes make cancer grow"
        if self._people_after and self._people_after.match(after) and not (
                self._with_me and self._with_me.search(before)):
            return True  # "our intake form for pregnant clients", unless "we pregnant women", "one of those"
        situational = self._situational_before(norm, hit, hits) or bool(
            self._sit_after and self._sit_after.match(after))
        # (a long clause is read only so far back: its opening verb is looked for at the sentence's start too,
        # "had a bone marrow transplant 14 months ago for aml")
        opened = self._implied_first is not None and (
            self._implied_first.match(before) or self._implied_first.match(norm[hit.sstart:hit.start].lstrip(" ,")))
        if situational and not uncertain and not joined and not self._first.search(norm, hit.cstart, hit.cend) \
                and not opened and not self._self_person.search(before) and not self.parent_self(before) \
                and not self._reason_of_mine(msg, hit, hits) \
                and not self._continues_mine(msg, hit, before):
            return True
        # In a general message a clause that opens with a verb is still the user's ("been nursing for months").
        return msg.general and not self._claim(norm, hit) and not (
            self._implied_first and self._implied_first.match(before))

    def _continues_mine(self, msg: Message, hit: Hit, before: str) -> bool:
        """Tell whether a clause opening with "with" goes on describing the user's own thing from earlier in the
        sentence ("i popped a pimple ... now its a hard lump, red, with yellow stuff coming out of it")."""
        return before.lstrip(" ,").startswith("with ") and hit.sstart < hit.cstart and self._subject(
            msg.norm[hit.sstart:hit.cstart], hit.rules) == "first"

    def _reason_of_mine(self, msg: Message, hit: Hit, hits: list[Hit]) -> bool:
        """Tell whether the term is the reason for a treatment of the user's named just before it ("had a bone
        marrow transplant 14 months ago for aml"): the reason is the user's too."""
        return any(h.end <= hit.start and h.sstart == hit.sstart and h.rules is not hit.rules
                   and _REASON_GAP.fullmatch(msg.norm, h.end, hit.start) and self.verdict(msg, h, hits) == PERSONAL
                   for h in hits)

    def _reported_content(self, norm: str, hit: Hit, hits: list[Hit], before: str) -> bool:
        """Tell whether the term is in something the user read or heard ("ive heard biologics can be costly to
        make"), with no first person after the cue and no situation the user may be in ("during pregnancy")."""
        if self._reported is None:
            return False
        cues = list(self._reported.finditer(before))
        return bool(cues) and not self._first.search(before, cues[-1].end()) and not self._situational_before(
            norm, hit, hits)

    def _situational_before(self, norm: str, hit: Hit, hits: list[Hit]) -> bool:
        """Tell whether a situational cue sits right before the term, or before the terms it is joined to in
        its clause ("during pregnancy or lactation", "while pregnant and breastfeeding")."""
        if self._sit_before is None:
            return False
        end = hit.start
        while True:
            if self._sit_before.search(norm[hit.cstart:end]):
                return True
            joined = [h for h in hits
                      if hit.cstart <= h.start < end and h.end <= end and _JOINED.fullmatch(norm, h.end, end)]
            if not joined:
                return False
            end = min(h.start for h in joined)

    def _describes_someone(self, before: str, after: str, rules: FlagRules) -> bool:
        """Tell whether the term describes a person named right after it ("a friend of a pregnant woman"),
        not the user ("im a pregnant woman", "as a breastfeeding mum") nor the user's baby ("a nursing toddler")."""
        if not self._article_end.search(before) or self._self.search(before):
            return False
        m = self._person_next.match(after)
        return bool(m and m.group("who") not in rules.carers)

    def message_general(self, norm: str) -> bool:
        """Tell whether the message says it is a general question ("in general", "for a school project")."""
        if self._personal and self._personal.search(norm):
            return False  # "in general is it ok while breastfeeding? i ask because i am"
        return bool((self._markers and self._markers.search(norm)) or self._for_someone.search(norm))

    def _claim(self, norm: str, hit: Hit) -> bool:
        """Tell whether the user says something about themself right before the term ("i am 12 weeks pregnant")."""
        near = " ".join(_WORD.findall(norm, hit.cstart, hit.start)[-CLAIM_WORDS:])
        for m in self._claims.finditer(near) if self._claims else ():
            following = near[m.end():].split()
            if not following or following[0] not in self._claim_exceptions:
                return True  # (not "im writing a pregnancy post": the user's work)
        return norm[:hit.start].endswith("my ")

    # -- negation --------------------------------------------------------------
    def _cue_governs(self, before: str, offset: int, hits: list[Hit], cue_end: re.Pattern[str]) -> bool:
        """True when a cue governs the term (only fillers or other terms in between)."""
        steps = 0
        for w in reversed(list(_WORD.finditer(before))):
            if cue_end.search(before, 0, w.end()):
                return True
            pos = offset + w.start()
            if w.group() in self._fillers or any(h.start <= pos < h.end for h in hits):
                steps += 1
                if steps > 6:
                    return False
                continue
            return False
        return False

