"""Risk-flag detection: find messages that must be sent to a clinician.

`RiskDetector.read` returns a :class:`RiskReading`: the flags the user set about themself
(refer them), the flags only mentioned in general or about someone else (answer, with a
one-line reminder), and whether the message mentions a health matter at all (never keep
its text). The rules are data (intents/risk_rules.yml, intents/risk_words_multilingual.yml).
"""

from __future__ import annotations

import logging
import traceback
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bot.nlu.languages import Languages
from bot.nlu.risk_rules import FLAGS, B, E, RiskRulesError, alt, compiled, read_rules
from bot.nlu.risk_scope import GENERAL, PERSONAL, Hit, Message, Scope
from bot.nlu.risk_text import MAX_CHARS, normalise, normalise_quoted

__all__ = ["FLAGS", "MAX_CHARS", "RiskDetector", "RiskReading", "RiskRulesError", "normalise"]

logger = logging.getLogger(__name__)
#: How many mentions of one flag are read in one message (each reading scans its clause; see _worth_reading).
HITS_PER_FLAG = 16
#: How far back (characters) a term's clause is read, however long it runs.
CLAUSE_REACH = 400


@dataclass(frozen=True)
class RiskReading:
    """What the risk rules made of one message."""

    #: Flags the user set about themself (or may have: uncertainty counts): refer them.
    flags: tuple[str, ...] = ()
    #: Flags only mentioned in a general question or about someone else: answer, remind in one line.
    general_flags: tuple[str, ...] = ()
    #: The message names a health condition, medicine or procedure (flagged or not): never keep its text.
    health_mention: bool = False
    #: The message is not in English.
    foreign: bool = False
    #: The check itself failed: the engine sends the general referral instead of trusting "no risk".
    failed: bool = False
    #: The kind of error when the check failed (no message text).
    error: str = ""

    @property
    def urgent(self) -> bool:
        """Whether the user needs emergency care now."""
        return "urgent" in self.flags


def ordered(flags: set[str]) -> tuple[str, ...]:
    """Return flags in FLAGS order."""
    return tuple(f for f in FLAGS if f in flags)


class RiskDetector:
    """Detects risk flags in free text using precompiled rules from YAML."""

    def __init__(self, rules: Mapping[str, Any], words: Mapping[str, Any] | None = None) -> None:
        """Compile the rules (risk_rules.yml) and the word lists for other languages (risk_words_multilingual.yml)."""
        self._flags, shared, health = read_rules(rules)
        self._replacements: dict[str, str] = {str(k): str(v) for k, v in (shared.get("replacements") or {}).items()}
        self.scope = Scope(shared)
        patterns = dict.fromkeys(t.pattern for fr in self._flags for t in fr.terms)
        # One pass over all terms first: most messages match nothing and stop here.
        self._any = compiled(f"{B}(?:{alt(list(patterns))}){E}", "flags") if patterns else None
        self._health = compiled(f"{B}(?:{alt(health)}){E}", "health_terms") if health else None
        self.languages = Languages(words or {}, {fr.name: fr.long_ago for fr in self._flags})

    def normalise(self, text: str) -> str:
        """Normalise text the way the rules expect it."""
        return normalise(text, self._replacements)

    def detect(self, text: str) -> tuple[str, ...]:
        """Return the flags the user set about themself, in FLAGS order (empty if none)."""
        return self.read(text).flags

    def read_safely(self, text: str) -> RiskReading:
        """Read a message; on any error log it loudly (without the text) and return a failed reading."""
        try:
            return self.read(text)
        except Exception as exc:  # noqa: BLE001 - reported as a failure, never as "no risk"
            frames = "".join(traceback.format_tb(exc.__traceback__))
            logger.error("Risk check failed with %s; the user gets the general referral.\n%s",
                         type(exc).__name__, frames)
            return RiskReading(failed=True, error=type(exc).__name__)

    def read(self, text: str) -> RiskReading:
        """Read one message; may raise only on a bug."""
        if not isinstance(text, str) or not text.strip():
            return RiskReading()
        foreign = self.languages.foreign(text)
        words = self.languages.read(text, foreign=foreign, english=self._any)
        if foreign and not self.languages.mixed(text):
            return RiskReading(words.flags, words.general, bool(words.flags or words.general or words.mention), True)
        # English, or a mixed message: the English rules too, and every foreign flag word found above
        personal, general, mention = self._read_english(text)
        personal |= set(words.flags)
        general = (general | set(words.general)) - personal
        return RiskReading(ordered(personal), ordered(general), mention or words.mention)

    def _read_english(self, text: str) -> tuple[set[str], set[str], bool]:
        """Apply the English rules: (personal flags, general flags, health mention)."""
        norm_q = normalise_quoted(text, self._replacements)
        if not norm_q:
            return set(), set(), False
        norm = norm_q.replace('"', " ")
        first = self._any.search(norm) if self._any else None
        if first is None:
            return set(), set(), bool(self._health and self._health.search(norm))
        hits = self._hits(norm, first.start())
        health = tuple(m.start() for m in self._health.finditer(norm)) if self._health else ()
        msg = Message(norm, norm_q, self.scope.message_general(norm), health)
        personal: set[str] = set()
        general: set[str] = set()
        mine: list[Hit] = []
        seen: dict[str, int] = {}
        totals = Counter(h.rules.name for h in hits)
        for hit in hits:
            if not self._worth_reading(hit, personal, seen, totals[hit.rules.name]):
                continue
            verdict = self.scope.verdict(msg, hit, hits)
            if verdict == PERSONAL:
                personal.add(hit.rules.name)
                mine.append(hit)
            elif verdict == GENERAL:
                general.add(hit.rules.name)
        if any(h.term.birth for h in mine):
            # A birth the user reports ends a pregnancy, unless they say it is back ("pregnant again") or so
            # now ("my baby is 5 months and im pregnant").
            personal -= {h.rules.name for h in mine if h.rules.ended_by_birth} - {
                h.rules.name for h in mine if h.rules.ended_by_birth and self.scope.time.still(norm, h)}
        return personal, general - personal, True

    @staticmethod
    def _worth_reading(hit: Hit, personal: set[str], seen: dict[str, int], total: int) -> bool:
        """Tell whether a hit can still change the result: each reading scans its clause, so a message
        repeating one term thousands of times would cost seconds. A flag already personal needs no more
        readings (only births, and a pregnancy a birth could end, still matter); of a flag mentioned more
        than ``HITS_PER_FLAG`` times, the first and the last mentions are read."""
        name = hit.rules.name
        index = seen.get(name, 0)
        seen[name] = index + 1
        if HITS_PER_FLAG // 2 <= index < total - HITS_PER_FLAG // 2:
            return False
        return name not in personal or hit.term.birth or hit.rules.ended_by_birth

    def _hits(self, norm: str, pos: int) -> list[Hit]:
        """Find every term match from pos on, with its clause and sentence."""
        found = []
        applies: dict[int, bool] = {}  # a term's requires / unless read the whole message: once per term
        for fr in self._flags:
            at = pos
            while (m := fr.regex.search(norm, at)) is not None:
                term = fr.terms[int(m.lastgroup[1:])]  # type: ignore[index]
                if id(term) not in applies:
                    applies[id(term)] = not ((term.requires is not None and not term.requires.search(norm)) or (
                        term.unless is not None and term.unless.search(norm)))
                if not applies[id(term)]:
                    # a term that does not apply hides no other term it overlaps ("a rash of blisters spreading")
                    at = m.start() + 1
                    continue
                found.append((m.start(), m.end(), term, fr))
                at = max(m.end(), m.start() + 1)
        found.sort(key=lambda x: x[0])
        clause_starts, clause_ends = self.scope.spans(norm, self.scope.breaks)
        sentence_starts, sentence_ends = self.scope.spans(norm, self.scope.sentences)
        hits = []
        for start, end, term, fr in found:
            cstart, cend = self.scope.bounds(clause_starts, clause_ends, start, end, len(norm))
            sstart, send = self.scope.bounds(sentence_starts, sentence_ends, start, end, len(norm))
            # An unpunctuated run-on is read only so far back: a cue that governs a term is near it.
            cstart = max(cstart, start - CLAUSE_REACH)
            hits.append(Hit(start, end, term, fr, cstart, cend, sstart, send))
        return hits
