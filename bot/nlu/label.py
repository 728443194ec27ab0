"""Read a pasted label or product page: what it shows of the checklist, its price, claims worth a second look.

Pure: the rules arrive already read (``intents/label_rules.yml`` through the content loader) and
nothing here opens a file. ``LabelReader(rules).read_label(text)`` returns a ``LabelReading``;
``looks_like_label(text)`` tells a pasted label from a question.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.nlu.label_rules import ClaimRule, CriterionRule, LabelRules, Way
from bot.nlu.label_text import Folded, fold_label

#: Most supporting quotes kept for one criterion or claim.
MAX_EVIDENCE = 3
#: Words either side of an amount read for "over $150", "a $310 value".
PRICE_CONTEXT_BEFORE, PRICE_CONTEXT_AFTER = 2, 1

#: Most points a full reading (criteria and claims found) adds to the label score.
FINDING_POINTS = 2

Span = tuple[int, int]
_AMOUNT = r"(?P<num>\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
_INCI_ITEM = re.compile(r"^[\w()/.\-' ]{2,60}$")
_WORDS = re.compile(r"[\w']+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_KANA = re.compile(r"[\u3040-\u30ff]")


@dataclass(frozen=True)
class Finding:
    """A criterion the text shows (or a source it names), with the words that show it."""

    id: str
    label: str
    words: tuple[str, ...]
    value: str = "met"


@dataclass(frozen=True)
class Claim:
    """A claim worth a second look, the words that make it and the guide's one-line explanation."""

    id: str
    title: str
    explanation: str
    words: tuple[str, ...]


@dataclass(frozen=True)
class Price:
    """The price the buyer pays: the amount, an ISO currency code and the words as written."""

    amount: float
    currency: str
    text: str


@dataclass(frozen=True)
class LabelReading:
    """What a label shows: criteria found (by id, "source" included), claims flagged, the price."""

    criteria: dict[str, Finding] = field(default_factory=dict)
    claims: tuple[Claim, ...] = ()
    price: Price | None = None

    @property
    def source(self) -> str | None:
        """Return human / animal / plant when the text names the exosomes' origin."""
        found = self.criteria.get("source")
        return found.value if found else None

    def shows(self, criterion: str) -> bool:
        """Tell whether the text shows a criterion."""
        return criterion in self.criteria

    def claim_ids(self) -> tuple[str, ...]:
        """Return the ids of the claims flagged."""
        return tuple(c.id for c in self.claims)

    def evidence_lines(self) -> list[str]:
        """Return one line per finding: "CD63, CD81 → characterization data"."""
        return [f"{', '.join(f.words)} → {f.label}" for f in self.criteria.values()]


class LabelReader:
    """Read label texts with one set of compiled rules."""

    def __init__(self, rules: LabelRules | Mapping[str, Any]) -> None:
        """Compile the rules unless they already are."""
        self.rules = rules if isinstance(rules, LabelRules) else LabelRules.from_mapping(rules)
        self._criteria = {c.id: c for c in self.rules.criteria}
        table = self.rules.price.currencies
        every = [re.escape(symbol).replace("\\ ", " ?") for symbol, _ in table]
        before = [re.escape(symbol).replace("\\ ", " ?") for symbol, _ in table
                  if symbol not in self.rules.price.suffix_only]
        self._codes = dict(table)
        self._price = re.compile(rf"(?<![\w$])(?P<cur>{'|'.join(before)}) ?{_AMOUNT}(?!\d)")
        self._price_after = re.compile(rf"(?<![\w.,]){_AMOUNT} ?(?P<cur>{'|'.join(every)})(?!\w)")

    # -- public API ------------------------------------------------------------

    def read_label(self, text: str) -> LabelReading:
        """Read a label: the criteria it shows with their words, its claims worth a second look, its price."""
        folded = self._blank_ignored(fold_label(text or ""))
        criteria: dict[str, Finding] = {}
        if (source := self._source(folded)) is not None:
            criteria["source"] = source
        for rule in self.rules.criteria:
            words = self._criterion_words(folded, rule, (0, len(folded.text)))
            if words:
                criteria[rule.id] = Finding(rule.id, rule.label, words)
        claims = tuple(claim for rule in self.rules.claims
                       if (claim := self._claim(folded, rule, criteria)) is not None)
        return LabelReading(criteria, claims, self._read_price(folded))

    def looks_like_label(self, text: str) -> bool:
        """Tell a pasted label, product page or ingredient list from a question about one."""
        threshold, base = self.rules.signals.threshold, self._shape_score(text)
        if base is None or base + FINDING_POINTS < threshold:
            return False  # the full reading could not lift it over the bar: skip it (most messages)
        return base >= threshold or base + self._finding_points(text) >= threshold

    def label_score(self, text: str) -> int:
        """Score how much a message looks like a label: headers, INCI lists, volumes, prices, findings, length."""
        base = self._shape_score(text)
        return 0 if base is None else base + self._finding_points(text)

    def _finding_points(self, text: str) -> int:
        """Points for what a full reading finds: criteria and claims, at most FINDING_POINTS."""
        reading = self.read_label(text)
        return min(len(reading.criteria) + len(reading.claims), FINDING_POINTS)

    def _shape_score(self, text: str) -> int | None:
        """Score everything but the full reading; None when the message is too short to be a label."""
        signals = self.rules.signals
        folded = fold_label(text or "")
        words = len(_WORDS.findall(folded.text))
        inci = _has_inci_list(folded.text)
        if words < signals.min_words and not inci:
            return None
        found = sum(1 for p in signals.headers if p.search(folded.text))
        score = 2 * min(found, 2) + 3 * inci + 2 * any(p.search(folded.text) for p in signals.volume)
        score += min(sum(1 for p in signals.product_words if p.search(folded.text)), 2)
        lines = sum(1 for line in folded.text.split("\n") if line.strip())
        score += (words >= 60) + (words >= 120) + (lines >= 4) + (self._read_price(folded) is not None)
        if any(p.search(folded.text) for p in signals.question):
            score -= 3
        if text.rstrip().endswith("?") and lines < 4:
            score -= 3
        return int(score)

    # -- matching --------------------------------------------------------------

    def _blank_ignored(self, folded: Folded) -> Folded:
        """Blank disclaimers that only look like claims ("not intended to diagnose, treat, cure")."""
        text = folded.text
        for pattern in self.rules.ignore:
            text = pattern.sub(lambda m: " " * len(m.group(0)), text)
        return Folded(folded.original, text, folded.origin, folded.sentence_starts)

    def _negated(self, folded: Folded, start: int) -> bool:
        """Tell whether a match is not asserted: a negation cue just before it, or its sentence is a question."""
        before = f" {folded.words_before(start, self.rules.negation_window)} "
        if any(f" {cue} " in before for cue in self.rules.negation_cues) or "n't " in before:
            return True
        sentence = folded.text[slice(*folded.sentence(start))].strip()
        first = _WORDS.findall(re.sub(r"^q\s*:", "", sentence))[:1]
        return sentence.endswith("?") and bool(first) and first[0] in self.rules.question_words

    def _find(self, folded: Folded, patterns: Iterable[re.Pattern[str]], span: Span, negation: bool = True
              ) -> list[Span]:
        """Return the spans the patterns match inside ``span``, without negated ones, in text order."""
        found = []
        for pattern in patterns:
            for match in pattern.finditer(folded.text, span[0], span[1]):
                if match.end() > match.start() and not (negation and self._negated(folded, match.start())):
                    found.append((match.start(), match.end()))
        return sorted(set(found))

    def _way_spans(self, folded: Folded, way: Way, span: Span) -> list[Span]:
        """Return the matched spans when every group of a way is found (in ``span`` or in one sentence)."""
        scopes = [span]
        if way.within_sentence:
            scopes = sorted({folded.sentence(s) for s, _ in self._find(folded, way.groups[0].patterns, span,
                                                                      way.groups[0].negation)})
        for scope in scopes:
            scope = (max(scope[0], span[0]), min(scope[1], span[1]))
            hits = [self._find(folded, g.patterns, scope, g.negation) for g in way.groups]
            if all(hits):
                return [h[0] for h in hits] + [s for h in hits for s in h[1:]]
        return []

    def _criterion_words(self, folded: Folded, rule: CriterionRule, span: Span) -> tuple[str, ...]:
        """Return the words that show a criterion inside ``span`` (empty when it is not shown)."""
        spans: list[Span] = []
        for way in rule.ways:
            spans += self._way_spans(folded, way, span)
        return _evidence(folded, spans)

    def _source(self, folded: Folded) -> Finding | None:
        """Return the exosomes' origin named in a sentence about them, with its words."""
        whole = (0, len(folded.text))
        sentences = sorted({folded.sentence(s) for s, _ in self._find(folded, self.rules.anchors, whole, False)})
        strong: dict[str, list[Span]] = {}
        weak: dict[str, list[Span]] = {}
        for sentence in sentences:
            for source in self.rules.sources:
                strong.setdefault(source.value, []).extend(self._find(folded, source.strong, sentence))
                weak.setdefault(source.value, []).extend(self._find(folded, source.weak, sentence))
        every = [(s, v) for v, spans in strong.items() for s in spans] + [(s, v) for v, spans in weak.items()
                                                                          for s in spans]
        found: dict[str, list[Span]] = {}
        has_strong = {v for v, spans in strong.items() if spans}
        for (start, end), value in every:  # value: a source's name
            inside_other = any(o != value and s <= start and end <= e and (e - s) > (end - start)
                               for (s, e), o in every)
            is_weak = (start, end) in weak.get(value, []) and (start, end) not in strong.get(value, [])
            if inside_other or (is_weak and has_strong - {value}):
                continue
            found.setdefault(value, []).append((start, end))
        if not found:
            return None
        best = min(found, key=lambda v: (-len(set(found[v])), min(found[v])))
        label = next(s.label for s in self.rules.sources if s.value == best)
        return Finding("source", label, _evidence(folded, found[best]), best)

    def _claim(self, folded: Folded, rule: ClaimRule, criteria: Mapping[str, Finding]) -> Claim | None:
        """Return a claim when its words are found outside the contexts that excuse it."""
        if rule.unless_text_shows and rule.unless_text_shows in criteria:
            return None
        kept = []
        for start, end in self._find(folded, rule.patterns, (0, len(folded.text))):
            sentence = folded.sentence(start)
            if rule.unless_sentence_has and self._find(folded, rule.unless_sentence_has, sentence, False):
                continue
            if rule.unless_sentence_shows and self._criterion_words(
                    folded, self._criteria[rule.unless_sentence_shows], sentence):
                continue
            kept.append((start, end))
        words = _evidence(folded, kept)
        return Claim(rule.id, rule.title, rule.explanation, words) if words else None

    # -- price -----------------------------------------------------------------

    def _read_price(self, folded: Folded) -> Price | None:
        """Return the first amount with a currency that is not a value, discount or shipping figure; a list
        price ("정가 ₩21,900 → ₩15,900", "was $80, now $60") gives way to a later amount."""
        text, rule = folded.text, self.rules.price
        matches = sorted([*self._price.finditer(text), *self._price_after.finditer(text)], key=lambda m: m.start())
        kept = []
        for match in matches:
            before = set(_WORDS.findall(text[max(0, match.start() - 40):match.start()])[-PRICE_CONTEXT_BEFORE:])
            after_text = text[match.end():match.end() + 30]
            after = set(_WORDS.findall(after_text)[:PRICE_CONTEXT_AFTER])
            if before & rule.ignore_before or after & rule.ignore_after:
                continue
            listed = bool(before & rule.list_before) or after_text.lstrip().startswith(tuple(rule.list_after))
            kept.append((listed, match))
        chosen = next((m for listed, m in kept if not listed), None) or next((m for _, m in kept), None)
        if chosen is None:
            return None
        code = self._codes[chosen.group("cur")]
        if code == "JPY" and _CJK.search(text) and not _KANA.search(text):
            code = "CNY"
        return Price(parse_amount(chosen.group("num")), code, folded.words(chosen.start(), chosen.end()))


def parse_amount(number: str) -> float:
    """Read "38,000" as 38000, "64,90" as 64.90, "1.299,00" as 1299.00 and "29.99" as 29.99."""
    last_sep = max(number.rfind(","), number.rfind("."))
    if last_sep != -1 and len(number) - last_sep - 1 in (1, 2):
        whole, decimals = number[:last_sep], number[last_sep + 1:]
    else:
        whole, decimals = number, ""
    whole = re.sub(r"[.,]", "", whole)
    return float(f"{whole}.{decimals}") if decimals else float(whole)


def _evidence(folded: Folded, spans: Iterable[Span]) -> tuple[str, ...]:
    """Return the original words of the spans, in the order given, without repeats, at most MAX_EVIDENCE."""
    words: list[str] = []
    for start, end in dict.fromkeys(spans):
        quote = folded.words(start, end)
        key = quote.lower()
        if quote and not any(key in w.lower() for w in words):
            words = [w for w in words if w.lower() not in key] + [quote]
    return tuple(words[:MAX_EVIDENCE])


def _has_inci_list(text: str) -> bool:
    """Tell whether a line is an INCI-like ingredient list (six or more short comma-separated names)."""
    for line in text.split("\n"):
        items = [i.strip() for i in line.split(",")]
        if len(items) >= 6 and sum(1 for i in items if _INCI_ITEM.match(i) and len(i.split()) <= 6) >= 6:
            return True
    return False


def read_label(text: str, rules: LabelRules | Mapping[str, Any]) -> LabelReading:
    """Read one label with these rules (build a LabelReader to read many)."""
    return LabelReader(rules).read_label(text)


def looks_like_label(text: str, rules: LabelRules | Mapping[str, Any]) -> bool:
    """Tell whether a message looks like a pasted label (build a LabelReader to check many)."""
    return LabelReader(rules).looks_like_label(text)
