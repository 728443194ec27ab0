"""The label-reading rules (intents/label_rules.yml) compiled into patterns, with checks on their shape.

Pattern syntax: a regular expression over folded text (lower case, no accents, ASCII quotes and
dashes). A space outside ``[...]`` matches any run of spaces, hyphens or line breaks (`` ?`` makes
it optional), so "third party" also finds "Third-Party"; every pattern must start and end on a word
boundary unless it starts or ends with a non-word character.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The checklist criteria the reader looks for (criterion 8, price relative to transparency, is asked).
CRITERIA = ("manufacturing", "characterization", "third_party", "stability", "evidence", "guidance")
#: The source values (criterion 1).
SOURCES = ("human", "animal", "plant")
#: The claims worth a second look.
CLAIMS = ("fda_approved", "clinically_proven_unnamed", "stem_cell_confusion", "disease_claim",
          "count_without_characterization", "multi_product_regimen")
#: Words exobot's own text never says.
BANNED = re.compile(r"\b(safe for you|diagnos\w*|treats|cures?)\b", re.IGNORECASE)


class LabelRulesError(ValueError):
    """The label rules are malformed."""


def translate(pattern: str) -> str:
    """Turn a rule pattern into a regular expression (spaces outside classes match space or hyphen runs)."""
    out, in_class, i = [], False, 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if char == "[" and not in_class:
            in_class = True
        elif char == "]" and in_class:
            in_class = False
        if char == " " and not in_class:
            optional = pattern[i + 1:i + 2] == "?"
            out.append(r"[\s\-]*" if optional else r"[\s\-]+")
            i += 2 if optional else 1
            continue
        out.append(char)
        i += 1
    body = "".join(out)
    head = r"(?<!\w)" if re.match(r"[\w(\\]", pattern) else ""
    tail = r"(?!\w)" if re.search(r"[\w)?*+]$", pattern) else ""
    return f"{head}(?:{body}){tail}"


def compile_patterns(raw: Any, where: str) -> tuple[re.Pattern[str], ...]:
    """Compile a list of rule patterns; a bad one is an error naming where it is."""
    if not isinstance(raw, list) or not raw or not all(isinstance(p, str) and p.strip() for p in raw):
        raise LabelRulesError(f"{where}: expected a non-empty list of patterns")
    compiled = []
    for pattern in raw:
        try:
            compiled.append(re.compile(translate(pattern.strip())))
        except re.error as exc:
            raise LabelRulesError(f"{where}: bad pattern {pattern!r}: {exc}") from exc
    return tuple(compiled)


@dataclass(frozen=True)
class Group:
    """Patterns of which one must be found; negated mentions ("no third-party testing") don't count."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    negation: bool = True


@dataclass(frozen=True)
class Way:
    """One way to show a criterion: every group found, in the whole text or in one sentence."""

    groups: tuple[Group, ...]
    within_sentence: bool = False


@dataclass(frozen=True)
class CriterionRule:
    """How the text shows one criterion."""

    id: str
    label: str
    ways: tuple[Way, ...]


@dataclass(frozen=True)
class SourceValue:
    """One source (human, animal, plant): strong words, and weak ones that yield to another source."""

    value: str
    label: str
    strong: tuple[re.Pattern[str], ...]
    weak: tuple[re.Pattern[str], ...] = ()


@dataclass(frozen=True)
class ClaimRule:
    """A claim worth a second look, with the guide's one-line explanation."""

    id: str
    title: str
    explanation: str
    patterns: tuple[re.Pattern[str], ...]
    unless_sentence_has: tuple[re.Pattern[str], ...] = ()
    unless_sentence_shows: str | None = None
    unless_text_shows: str | None = None


@dataclass(frozen=True)
class Signals:
    """What makes a message look like a pasted label rather than a question."""

    headers: tuple[re.Pattern[str], ...]
    volume: tuple[re.Pattern[str], ...]
    product_words: tuple[re.Pattern[str], ...]
    question: tuple[re.Pattern[str], ...]
    threshold: int
    min_words: int


@dataclass(frozen=True)
class PriceRule:
    """Currencies (as written -> ISO code) and the words that make an amount not the price."""

    currencies: tuple[tuple[str, str], ...]
    suffix_only: frozenset[str]
    ignore_before: frozenset[str]
    ignore_after: frozenset[str]
    #: Words before a list price ("was", "RRP", "정가") or after it ("→"): it gives way to a later price, if any.
    list_before: frozenset[str] = frozenset()
    list_after: frozenset[str] = frozenset()


@dataclass(frozen=True)
class LabelRules:
    """Everything the label reader needs, compiled."""

    negation_cues: tuple[str, ...]
    negation_window: int
    question_words: frozenset[str]
    ignore: tuple[re.Pattern[str], ...]
    anchors: tuple[re.Pattern[str], ...]
    source_label: str
    sources: tuple[SourceValue, ...]
    criteria: tuple[CriterionRule, ...]
    claims: tuple[ClaimRule, ...]
    signals: Signals
    price: PriceRule

    @classmethod
    def from_mapping(cls, raw: Mapping[str, Any]) -> LabelRules:
        """Compile the parsed YAML; raise LabelRulesError naming the first problem."""
        if not isinstance(raw, Mapping):
            raise LabelRulesError("label rules: expected a mapping")
        try:
            negation = raw["negation"]
            source = raw["source"]
            if not all(isinstance(c, str) for c in negation["cues"]):
                raise LabelRulesError("negation.cues: every cue must be text (quote no, yes, on, off in YAML)")
            return cls(
                negation_cues=tuple(str(c) for c in negation["cues"]),
                negation_window=int(negation.get("window", 4)),
                question_words=frozenset(str(w) for w in negation.get("question_words") or ()),
                ignore=compile_patterns(raw.get("ignore") or ["(?!)"], "ignore"),
                anchors=compile_patterns(source["anchors"], "source.anchors"),
                source_label=str(source.get("label", "source")),
                sources=_sources(source["values"]),
                criteria=_criteria(raw["criteria"]),
                claims=_claims(raw["claims"]),
                signals=_signals(raw["signals"]),
                price=_price(raw["price"]),
            )
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            if isinstance(exc, LabelRulesError):
                raise
            raise LabelRulesError(f"label rules: missing or malformed {exc}") from exc


def _exact_keys(raw: Mapping[str, Any], expected: Sequence[str], where: str) -> None:
    """Require exactly the expected ids, in any order."""
    if set(raw) != set(expected):
        raise LabelRulesError(f"{where}: expected {sorted(expected)}, got {sorted(raw)}")


def _sources(raw: Mapping[str, Any]) -> tuple[SourceValue, ...]:
    """Compile the source values."""
    _exact_keys(raw, SOURCES, "source.values")
    return tuple(SourceValue(value, str(spec["label"]), compile_patterns(spec["strong"], f"source.{value}.strong"),
                             compile_patterns(spec["weak"], f"source.{value}.weak") if spec.get("weak") else ())
                 for value, spec in raw.items())


def _group(name: str, spec: Any, where: str) -> Group:
    """Compile one group: a list of patterns, or {patterns: [...], negation: false}."""
    if isinstance(spec, Mapping):
        return Group(name, compile_patterns(spec.get("patterns"), f"{where}.{name}"), bool(spec.get("negation", True)))
    return Group(name, compile_patterns(spec, f"{where}.{name}"))


def _criteria(raw: Mapping[str, Any]) -> tuple[CriterionRule, ...]:
    """Compile the criteria and their ways."""
    _exact_keys(raw, CRITERIA, "criteria")
    rules = []
    for cid in CRITERIA:
        spec = raw[cid]
        where = f"criteria.{cid}"
        if not isinstance(spec.get("ways"), list) or not spec["ways"]:
            raise LabelRulesError(f"{where}: expected a list of ways")
        ways = []
        for n, way in enumerate(spec["ways"], 1):
            within = way.get("within", "text")
            if within not in ("text", "sentence"):
                raise LabelRulesError(f"{where}.ways[{n}]: within must be text or sentence")
            groups = tuple(_group(name, g, f"{where}.ways[{n}]") for name, g in way.items() if name != "within")
            if not groups:
                raise LabelRulesError(f"{where}.ways[{n}]: no pattern groups")
            ways.append(Way(groups, within == "sentence"))
        rules.append(CriterionRule(cid, str(spec["label"]), tuple(ways)))
    return tuple(rules)


def _claims(raw: Mapping[str, Any]) -> tuple[ClaimRule, ...]:
    """Compile the claims; each needs a title and a one-line explanation in exobot's own words."""
    _exact_keys(raw, CLAIMS, "claims")
    rules = []
    for cid in CLAIMS:
        spec, where = raw[cid], f"claims.{cid}"
        explanation = " ".join(str(spec["explanation"]).split())
        for field_name in ("unless_sentence_shows", "unless_text_shows"):
            if spec.get(field_name) and spec[field_name] not in CRITERIA:
                raise LabelRulesError(f"{where}.{field_name}: {spec[field_name]!r} is not a criterion")
        if (found := BANNED.search(explanation + " " + str(spec["title"]))) is not None:
            raise LabelRulesError(f"{where}: the explanation says {found.group(0)!r}")
        unless = spec.get("unless_sentence_has")
        rules.append(ClaimRule(cid, str(spec["title"]), explanation, compile_patterns(spec["patterns"], where),
                               compile_patterns(unless, f"{where}.unless_sentence_has") if unless else (),
                               spec.get("unless_sentence_shows"), spec.get("unless_text_shows")))
    return tuple(rules)


def _signals(raw: Mapping[str, Any]) -> Signals:
    """Compile the looks-like-a-label signals."""
    return Signals(compile_patterns(raw["headers"], "signals.headers"),
                   compile_patterns(raw["volume"], "signals.volume"),
                   compile_patterns(raw["product_words"], "signals.product_words"),
                   compile_patterns(raw["question"], "signals.question"),
                   int(raw["threshold"]), int(raw["min_words"]))


def _price(raw: Mapping[str, Any]) -> PriceRule:
    """Read the currency table and the words around an amount that is not the price."""
    currencies = raw["currencies"]
    if not isinstance(currencies, Mapping) or not currencies:
        raise LabelRulesError("price.currencies: expected a mapping of symbol -> ISO code")
    table = tuple(sorted(((str(k).lower(), str(v).upper()) for k, v in currencies.items()), key=lambda kv: -len(kv[0])))
    suffix_only = frozenset(str(w).lower() for w in raw.get("suffix_only") or ())
    if suffix_only - set(dict(table)):
        raise LabelRulesError(f"price.suffix_only: {sorted(suffix_only - set(dict(table)))} are not currencies")
    words = {key: frozenset(map(str, raw.get(key) or ())) for key in
             ("ignore_before", "ignore_after", "list_before", "list_after")}
    return PriceRule(table, suffix_only, **words)
