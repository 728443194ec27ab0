"""Risk-flag detection: find messages that must be sent to a clinician."""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

FLAGS: tuple[str, ...] = (
    "pregnancy",
    "breastfeeding",
    "cancer",
    "infection",
    "immunocompromised",
    "recent_procedure",
    "urgent",
)


MAX_CHARS = 20_000  # longer messages are cut; normal chat messages are far shorter

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
_WE_ARE = re.compile(r"\b(we|you|they)\s?'\s?re\b")
_APOSTROPHE = re.compile(r"'")
_NEWLINES = re.compile(r"[\r\n\v\f]+")
_JUNK = re.compile(r"[^a-z0-9.,!?;:\n ]+")
_SPACES = re.compile(r"[ \t]+")
_WORD = re.compile(r"[a-z0-9]+")


def normalise(text: str, replacements: Mapping[str, str] | None = None) -> str:
    """Return lower-case ASCII text with quotes, accents and spacing normalised."""
    if not isinstance(text, str):
        return ""
    text = text[:MAX_CHARS]
    if replacements:
        for src, dst in replacements.items():
            if src in text:
                text = text.replace(src, dst)
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    elif "`" in text:
        text = text.translate(_QUOTES)
    if "'" in text:
        text = _WE_ARE.sub(r"\1 are", text)
        text = _APOSTROPHE.sub("", text)
    text = _NEWLINES.sub(" . ", text)
    text = _JUNK.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _alt(fragments: Any) -> str:
    """Join a list of regex fragments (or one string) into one alternation."""
    if isinstance(fragments, str):
        fragments = [fragments]
    return "|".join(f"(?:{f})" for f in fragments if f)


def _words(value: Any) -> list[str]:
    """Split a whitespace-separated word list (or list of words) from YAML."""
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value or []]


@dataclass(frozen=True)
class _Term:
    """One term pattern of one flag, with its options."""

    flag: str
    event: bool
    requires: re.Pattern[str] | None
    context: bool


@dataclass(frozen=True)
class _FlagRules:
    """Compiled rules for one flag."""

    name: str
    regex: re.Pattern[str]
    terms: tuple[_Term, ...]
    long_ago: bool
    requires_event: bool
    resolvable: bool
    stoppable: bool


class RiskDetector:
    """Detects risk flags in free text using precompiled rules from YAML."""

    def __init__(self, rules: Mapping[str, Any]) -> None:
        """Compile the rules (the parsed content of risk_rules.yml)."""
        flags_cfg = rules.get("flags") or {}
        shared = rules.get("shared") or {}
        unknown = set(flags_cfg) - set(FLAGS)
        if unknown:
            raise ValueError(f"unknown risk flags in rules: {sorted(unknown)}")
        self._replacements: dict[str, str] = dict(shared.get("replacements") or {})

        flag_rules = []
        all_terms: list[str] = []
        for name in FLAGS:
            cfg = flags_cfg.get(name) or {}
            parts, terms = [], []
            for i, entry in enumerate(cfg.get("terms") or []):
                if isinstance(entry, str):
                    entry = {"pattern": entry}
                req = entry.get("requires")
                terms.append(
                    _Term(
                        flag=name,
                        event=bool(entry.get("event", False)),
                        requires=re.compile(req) if req else None,
                        context=bool(entry.get("context", True)),
                    )
                )
                parts.append(f"(?P<t{i}>{entry['pattern']})")
                all_terms.append(f"(?:{entry['pattern']})")
            if not parts:
                continue
            regex = re.compile(r"(?<![a-z0-9])(?:" + "|".join(parts) + r")(?![a-z0-9])")
            flag_rules.append(
                _FlagRules(
                    name=name,
                    regex=regex,
                    terms=tuple(terms),
                    long_ago=bool(cfg.get("long_ago", False)),
                    requires_event=bool(cfg.get("requires_event", False)),
                    resolvable=bool(cfg.get("resolvable", False)),
                    stoppable=bool(cfg.get("stoppable", False)),
                )
            )
        self._flags: tuple[_FlagRules, ...] = tuple(flag_rules)
        # One pass over all terms first: most messages match nothing and stop here.
        self._any = re.compile(r"(?<![a-z0-9])(?:" + "|".join(dict.fromkeys(all_terms)) + r")(?![a-z0-9])")

        b = r"(?<![a-z0-9])"  # word start
        e = r"(?![a-z0-9])"  # word end
        self._breaks = re.compile(_alt(shared.get("clause_breaks") or [r"[.!?;\n]"]))
        self._neg_end = re.compile(b + "(?:" + _alt(shared.get("negation_cues")) + ")$")
        stop = shared.get("stop_cues")
        self._stop_end = re.compile(b + "(?:" + _alt(stop) + ")$") if stop else None
        self._fillers = frozenset(_words(shared.get("negation_fillers")))
        self._post_neg = self._maybe(shared.get("post_negation_cues"), anchored=True)
        self._resolved = self._maybe(shared.get("resolved_after"), anchored=True)
        self._uncertain = self._maybe(shared.get("uncertainty_cues"), wrap=(b, e))
        self._post_uncertain = self._maybe(shared.get("post_uncertainty_cues"), anchored=True)

        fp = _alt(shared.get("first_person"))
        rels = "|".join(re.escape(w) for w in _words(shared.get("third_person_relations")))
        adj = r"(?:(?:little|big|older|younger|best|elder|step|baby|twin|new|ex|own|dear)\s+)?"
        rel = rf"{adj}(?:{rels})s?{e}"
        owned = "|".join(re.escape(w) for w in _words(shared.get("third_person_owned"))) or r"(?!x)x"
        owned_rel = rf"{adj}(?:{owned}){e}"
        self._first = re.compile(rf"{b}(?:(?:{fp}){e}|my{e}(?!\s+(?:{rel}|{owned_rel})))")
        owner = r"(?:(?:my|his|her|their|our|a|an|the|your|ur)\s+)?"
        joined = rf"(?!\s+and\s+(?:i|me|myself){e})"
        third = [
            rf"(?<!me and )(?<!i and ){b}{owner}{rel}{joined}",
            rf"{b}(?:{_alt(shared.get('third_person_subjects'))}){e}",
            rf"{b}(?:my|our|his|her|their|your|ur)\s+{owned_rel}",
        ]
        self._third = re.compile("|".join(third))

        gap3 = rf"(?:\W+(?!(?:{fp}|my){e})\w+){{0,3}}?\W*$"
        self._causal_before = self._maybe(shared.get("general_causal_before"), wrap=(b, gap3))
        self._causal_after = self._maybe(shared.get("general_causal_after"), anchored=True)
        not_after = "".join(rf"(?<!{re.escape(w)} )" for w in _words(shared.get("general_situational_not_after")))
        self._sit_before = self._maybe(shared.get("general_situational_before"), wrap=(not_after + b, "$"))
        self._sit_after = self._maybe(shared.get("general_situational_after"), anchored=True)

        self._event_before = self._maybe(shared.get("event_before"), wrap=(b, r"(?:\W+\w+){0,4}?\W*$"))
        time_parts = []
        for key, group in (("recent_time", "recent"), ("long_ago", "old"), ("future_time", "future")):
            if shared.get(key):
                time_parts.append(f"(?P<{group}>{_alt(shared.get(key))})")
        self._time = re.compile(b + "(?:" + "|".join(time_parts) + ")" + e) if time_parts else None

    @staticmethod
    def _maybe(fragments: Any, *, anchored: bool = False, wrap: tuple[str, str] = ("", "")) -> re.Pattern[str] | None:
        """Compile an optional cue list, or return None when it is empty."""
        if not fragments:
            return None
        body = _alt(fragments)
        if anchored:
            return re.compile(f"(?:{body})")
        return re.compile(f"{wrap[0]}(?:{body}){wrap[1]}")

    def normalise(self, text: str) -> str:
        """Normalise text the way the rules expect it."""
        return normalise(text, self._replacements)

    def detect(self, text: str) -> tuple[str, ...]:
        """Return the risk flags set by a message, in FLAGS order (empty if none)."""
        try:
            return self._detect(text)
        except Exception:  # noqa: BLE001 - must never break the message pipeline
            return ()

    def _detect(self, text: str) -> tuple[str, ...]:
        """Detect flags; may raise only on a bug."""
        norm = self.normalise(text)
        if not norm:
            return ()
        first = self._any.search(norm)
        if first is None:
            return ()
        pos = first.start()
        matches: list[tuple[int, int, _Term, _FlagRules]] = []
        for fr in self._flags:
            for m in fr.regex.finditer(norm, pos):
                term = fr.terms[int(m.lastgroup[1:])]  # type: ignore[index]
                if term.requires is not None and not term.requires.search(norm):
                    continue
                matches.append((m.start(), m.end(), term, fr))
        if not matches:
            return ()
        matches.sort(key=lambda x: x[0])
        starts = [s for s, _, _, _ in matches]
        ends = [en for _, en, _, _ in matches]
        flag_names = [fr.name for _, _, _, fr in matches]
        brk = [(m.start(), m.end()) for m in self._breaks.finditer(norm)]
        brk_starts = [s for s, _ in brk]
        brk_ends = [en for _, en in brk]
        found: set[str] = set()
        for idx, (start, end, term, fr) in enumerate(matches):
            if fr.name in found:
                continue
            i = bisect_right(brk_ends, start) - 1
            cstart = brk_ends[i] if i >= 0 else 0
            j = bisect_right(brk_starts, end - 1)
            cend = brk_starts[j] if j < len(brk_starts) else len(norm)
            if self._positive(norm, idx, start, end, cstart, cend, term, fr, starts, ends, flag_names):
                found.add(fr.name)
        return tuple(f for f in FLAGS if f in found)

    def _positive(
        self,
        norm: str,
        idx: int,
        start: int,
        end: int,
        cstart: int,
        cend: int,
        term: _Term,
        fr: _FlagRules,
        starts: list[int],
        ends: list[int],
        flags: list[str],
    ) -> bool:
        """Decide whether one term match, in its context, sets its flag."""
        before = norm[cstart:start]
        after_raw = norm[end : end + 60]
        uncertain = bool(
            (self._uncertain and self._uncertain.search(before))
            or (self._post_uncertain and self._post_uncertain.match(after_raw))
        )
        if term.context:
            if self._is_third_person(before):
                return False
            if self._causal_before and self._causal_before.search(before):
                return False
            if self._causal_after and self._causal_after.match(after_raw):
                return False
            situational = bool(
                (self._sit_before and self._sit_before.search(before))
                or (self._sit_after and self._sit_after.match(after_raw))
            )
            if situational and not uncertain and not self._first.search(norm, cstart, cend):
                return False
        if not uncertain:
            if self._negated(before, cstart, starts, ends, self._neg_end):
                return False
            if fr.stoppable and self._stop_end and self._negated(before, cstart, starts, ends, self._stop_end):
                return False
            if self._post_neg and self._post_neg.match(after_raw):
                return False
        if fr.resolvable and self._resolved and self._resolved.match(after_raw):
            return False
        if fr.long_ago or fr.requires_event:
            when = self._when(norm, idx, start, end, cstart, cend, starts, ends, flags)
            if when == "old" or (when == "future" and fr.requires_event):
                return False
            if (
                fr.requires_event
                and when != "recent"
                and not term.event
                and not (self._event_before and self._event_before.search(before))
            ):
                return False
        return True

    def _is_third_person(self, before: str) -> bool:
        """True when the last subject before the term is someone else."""
        last_third = -1
        for m in self._third.finditer(before):
            last_third = m.start()
        if last_third < 0:
            return False
        last_first = -1
        for m in self._first.finditer(before):
            last_first = m.start()
        return last_third > last_first

    def _negated(
        self,
        before: str,
        offset: int,
        starts: list[int],
        ends: list[int],
        cue_end: re.Pattern[str],
    ) -> bool:
        """True when a cue governs the term (only fillers in between)."""
        words = list(_WORD.finditer(before))
        steps = 0
        for w in reversed(words):
            if cue_end.search(before, 0, w.end()):
                return True
            pos = offset + w.start()
            k = bisect_right(starts, pos) - 1
            inside_term = k >= 0 and ends[k] > pos
            if w.group() in self._fillers or inside_term:
                steps += 1
                if steps > 6:
                    return False
                continue
            return False
        return False

    def _when(
        self,
        norm: str,
        idx: int,
        start: int,
        end: int,
        cstart: int,
        cend: int,
        starts: list[int],
        ends: list[int],
        flags: list[str],
    ) -> str | None:
        """Classify the nearest time expression: recent, old, future or None."""
        if self._time is None:
            return None
        stop = min(cend, end + 80)
        for k in range(idx + 1, len(starts)):
            if starts[k] >= stop:
                break
            if flags[k] != flags[idx]:
                stop = max(end, starts[k])
                break
        m = self._time.search(norm, end, stop)
        if m:
            return m.lastgroup
        lo = cstart
        for k in range(idx - 1, -1, -1):
            if ends[k] <= lo:
                break
            if flags[k] != flags[idx]:
                lo = min(ends[k], start)
                break
        last = None
        for m in self._time.finditer(norm, lo, start):
            last = m.lastgroup
        return last
