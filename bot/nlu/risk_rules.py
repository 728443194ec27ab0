"""Read and check intents/risk_rules.yml: every key and flag must be known, every pattern must compile."""

from __future__ import annotations

import functools
import re
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

TOP_KEYS = frozenset({"flags", "shared", "health_terms"})
FLAG_KEYS = frozenset({"long_ago", "short_memory", "requires_event", "resolvable", "stoppable", "carers", "performers",
                       "ended_by_birth", "not_followed_by", "future_start", "terms"})
TERM_KEYS = frozenset({"pattern", "event", "requires", "unless", "context", "long_ago", "recent_only", "birth",
                       "plan", "negation_inside", "attendant"})
SHARED_KEYS = frozenset({
    "clause_breaks", "sentence_breaks", "negation_cues", "inner_negation_cues", "stop_cues", "negation_fillers",
    "post_negation_cues", "mistaken_before", "mistaken_after",
    "resolved_after", "uncertainty_cues", "post_uncertainty_cues", "first_person", "third_person_relations",
    "third_person_owned", "kinds_of_person", "self_fillers", "third_person_subjects", "third_person_things",
    "object_before", "my_places", "people_with_me_fillers", "uncertainty_not_after", "claim_exceptions",
    "general_make_before", "general_grow_after", "reported_before",
    "general_causal_before", "general_causal_after", "general_situational_before",
    "general_situational_not_after", "general_situational_after", "general_people_after", "people_with_me",
    "general_markers", "first_person_claims",
    "occupations", "event_before", "recent_time", "present_time", "weeks_ago", "long_ago", "distant_future",
    "future_time", "becoming_before",
    "replacements", "joined_after", "present_claims", "again_cues", "performer_verbs",
    "implied_first", "post_stop_cues", "hypothetical_before", "hypothetical_after", "hypothetical_open",
    "personal_markers", "later_event", "starting_before",
})

B, E = r"(?<![a-z0-9])", r"(?![a-z0-9])"  # word start, word end
#: Shared cues that are lists of plain words (matched as whole words, not patterns).
WORD_LISTS = ("third_person_relations", "third_person_owned", "kinds_of_person", "self_fillers", "negation_fillers",
              "object_before", "my_places", "people_with_me_fillers", "uncertainty_not_after", "claim_exceptions")
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
#: What the scope rules make of one mention.
PERSONAL, GENERAL, NONE = "personal", "general", "none"


class RiskRulesError(ValueError):
    """The risk rules are malformed: an unknown key or flag, a bad value or a pattern that does not compile."""


def alt(fragments: Any) -> str:
    """Join a list of regex fragments (or one string) into one alternation."""
    if isinstance(fragments, str):
        fragments = [fragments]
    return "|".join(f"(?:{f})" for f in fragments or () if f)


def words(value: Any) -> list[str]:
    """Split a whitespace-separated word list (or a list of words) from YAML."""
    if isinstance(value, str):
        return value.split()
    return [str(v) for v in value or []]


@functools.cache
def regex(pattern: str) -> re.Pattern[str]:
    """Compile a rule pattern once per process: the rules are built again by every load and by the schema
    check, and their thousand-odd patterns overflow the re module's own cache of 512."""
    return re.compile(pattern)


def maybe(fragments: Any, prefix: str = "", suffix: str = "") -> re.Pattern[str] | None:
    """Compile an optional cue list, or return None when it is empty."""
    return regex(f"{prefix}(?:{alt(fragments)}){suffix}") if fragments else None


def compiled(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a pattern, naming where it came from when it is broken."""
    try:
        return regex(pattern)
    except re.error as exc:
        raise RiskRulesError(f"{where}: pattern does not compile: {exc}") from exc


def check_keys(value: Any, allowed: frozenset[str], where: str) -> Mapping[str, Any]:
    """Return a mapping after checking that it has only known keys."""
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise RiskRulesError(f"{where}: expected a mapping, got {type(value).__name__}")
    unknown = set(value) - allowed
    if unknown:
        raise RiskRulesError(f"{where}: unknown keys {sorted(unknown)}")
    return value


@dataclass(frozen=True)
class Term:
    """One term pattern of one flag, with its options."""

    flag: str
    pattern: str
    event: bool = False
    requires: re.Pattern[str] | None = None
    unless: re.Pattern[str] | None = None
    context: bool = True
    long_ago: bool | None = None
    recent_only: bool = False
    #: The term says the user gave birth (it ends a pregnancy: see FlagRules.ended_by_birth).
    birth: bool = False
    #: The term names a step one plans ("ivf", "trying to conceive"): months or years away it is no state now.
    plan: bool = False
    #: A negation between the term's own words ("lips arent swollen") negates it; false for a term that
    #: holds one itself ("immune system isnt great").
    negation_inside: bool = True
    #: The term names who treats the condition ("oncologist"): with no first person in its clause it is read
    #: like another mention of its flag there ("oncologist must approve it for a cancer patient").
    attendant: bool = False


@dataclass(frozen=True)
class FlagRules:
    """Compiled rules for one flag."""

    name: str
    regex: re.Pattern[str]
    terms: tuple[Term, ...]
    long_ago: bool
    short_memory: bool
    requires_event: bool
    resolvable: bool
    stoppable: bool
    carers: frozenset[str]
    #: People who do this to the user ("they did a peel", "my derm lasered"): no third person when they act.
    performers: frozenset[str] = frozenset()
    #: A birth the user reports ends this flag unless the user says it is back ("pregnant again").
    ended_by_birth: bool = False
    #: A start still to come is not the state yet ("wants me to start methotrexate next month").
    future_start: bool = False


def _term(flag: str, entry: Any, where: str) -> Term:
    """Build one term from a string or a mapping."""
    if isinstance(entry, str):
        entry = {"pattern": entry}
    entry = check_keys(entry, TERM_KEYS, where)
    if not isinstance(entry.get("pattern"), str) or not entry["pattern"]:
        raise RiskRulesError(f"{where}: a term needs a pattern")
    compiled(entry["pattern"], where)
    req, unless = entry.get("requires"), entry.get("unless")
    long_ago = entry.get("long_ago")
    return Term(flag=flag, pattern=entry["pattern"], event=bool(entry.get("event", False)),
                requires=compiled(req, where) if req else None, unless=compiled(unless, where) if unless else None,
                context=bool(entry.get("context", True)), long_ago=None if long_ago is None else bool(long_ago),
                recent_only=bool(entry.get("recent_only", False)), birth=bool(entry.get("birth", False)),
                plan=bool(entry.get("plan", False)), negation_inside=bool(entry.get("negation_inside", True)),
                attendant=bool(entry.get("attendant", False)))


def flag_rules(name: str, cfg: Any) -> FlagRules | None:
    """Compile one flag's rules (None when it has no terms)."""
    cfg = check_keys(cfg, FLAG_KEYS, f"flags.{name}")
    terms = tuple(_term(name, entry, f"flags.{name}.terms[{i}]") for i, entry in enumerate(cfg.get("terms") or []))
    if not terms:
        return None
    parts = "|".join(f"(?P<t{i}>{t.pattern})" for i, t in enumerate(terms))
    # words right after a term that make it something else ("a laser consult")
    tail = f"(?!\\s+(?:{alt(cfg['not_followed_by'])}){E})" if cfg.get("not_followed_by") else ""
    return FlagRules(name=name, regex=compiled(f"{B}(?:{parts}){tail}{E}", f"flags.{name}"), terms=terms,
                     long_ago=bool(cfg.get("long_ago", False)), short_memory=bool(cfg.get("short_memory", False)),
                     requires_event=bool(cfg.get("requires_event", False)),
                     resolvable=bool(cfg.get("resolvable", False)), stoppable=bool(cfg.get("stoppable", False)),
                     carers=frozenset(words(cfg.get("carers"))), performers=frozenset(words(cfg.get("performers"))),
                     ended_by_birth=bool(cfg.get("ended_by_birth", False)),
                     future_start=bool(cfg.get("future_start", False)))


def read_rules(rules: Mapping[str, Any]) -> tuple[tuple[FlagRules, ...], Mapping[str, Any], list[str]]:
    """Check the whole rules mapping; return the compiled flags, the shared cues and the health terms."""
    rules = check_keys(rules, TOP_KEYS, "risk rules")
    flags_cfg = check_keys(rules.get("flags"), frozenset(FLAGS), "flags")
    shared = check_keys(rules.get("shared"), SHARED_KEYS, "shared")
    for key, value in shared.items():
        if key not in ("replacements",) and isinstance(value, list):
            for i, fragment in enumerate(value):
                compiled(str(fragment), f"shared.{key}[{i}]")
    for key in WORD_LISTS:
        for word in words(shared.get(key)):
            if not _PLAIN_WORD.fullmatch(word):
                raise RiskRulesError(f"shared.{key}: {word!r} is not a plain lower-case word")
    health = [str(p) for p in rules.get("health_terms") or []]
    for i, pattern in enumerate(health):
        compiled(pattern, f"health_terms[{i}]")
    compiled_flags = tuple(fr for name in FLAGS if (fr := flag_rules(name, flags_cfg.get(name))) is not None)
    return compiled_flags, shared, health


@dataclass(frozen=True)
class Hit:
    """One term match and where it sits: its clause and its sentence."""

    start: int
    end: int
    term: Term
    rules: FlagRules
    cstart: int
    cend: int
    sstart: int
    send: int
