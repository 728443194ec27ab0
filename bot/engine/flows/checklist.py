"""Score the product checklist: N/8, each criterion met / missing / unknown, a verdict and notes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.engine import callbacks
from bot.engine.events import FlowFinished

if TYPE_CHECKING:
    from bot.engine.flows.definition import Flow

#: How each criterion is marked on the card.
MARKS = {"met": "✅", "missing": "❌", "unknown": "❔"}

#: Verdicts (the result event carries the key; the template words them from the guide).
MOST_MET, RED_FLAG, MIXED, UNCLEAR = "most_met", "red_flag", "mixed", "unclear"

#: Share of criteria that counts as "most" of them.
MOST_SHARE = 0.75
#: This many missing criteria are a red flag on their own.
RED_FLAG_MISSING = 3
#: With this many unknowns there is too little to judge.
UNCLEAR_UNKNOWN = 4
#: A high price with at most this share of criteria met gets the price note.
LITTLE_TRANSPARENCY_SHARE = 0.5

#: The source values that mean "the brand did not say".
UNDISCLOSED = "not_stated"


def verdict(met: int, missing: int, unknown: int, total: int, source: str | None) -> str:
    """Return the verdict key for a checklist score."""
    if source == UNDISCLOSED or missing >= RED_FLAG_MISSING:
        return RED_FLAG
    if met >= total * MOST_SHARE:
        return MOST_MET
    if unknown >= UNCLEAR_UNKNOWN:
        return UNCLEAR
    return MIXED


def build(flow: Flow, fstate: dict[str, Any]) -> tuple[dict[str, Any], FlowFinished]:
    """Return the result card's template context and the result event (never the product name)."""
    answers = {step_id: value for step_id, value in fstate["path"]}
    typed = fstate.get("typed", {})
    raw_label = fstate.get("label")
    label: dict[str, Any] = raw_label if isinstance(raw_label, dict) else {}
    label_words = label.get("words", {})
    criteria = []
    source = None
    price_bucket = None
    for step in flow.steps:
        value = answers.get(step.id)
        if step.input == "price":
            price_bucket = value if value in {o.value for o in step.options} else None
        if step.records == "source":
            source = value
        if not step.criterion:
            continue
        option = step.option(value) if value else None
        status = option.status if option and option.status in MARKS else "unknown"
        shown = label_words.get(step.id)  # [value, words]: the label's words, while the answer is the label's
        criteria.append({"name": step.criterion, "status": status, "mark": MARKS[status], "number": step.number,
                         "answer": option.label if option else "", "typed": typed.get(step.id, ""),
                         "label": shown[1] if shown and shown[0] == value else ""})
    total = len(criteria)
    met = sum(c["status"] == "met" for c in criteria)
    missing = sum(c["status"] == "missing" for c in criteria)
    unknown = total - met - missing
    key = verdict(met, missing, unknown, total, source)
    price_step = next((s for s in flow.steps if s.input == "price"), None)
    price_label = ""
    if fstate.get("price"):
        price_label = fstate["price"]
    elif price_step and price_bucket and (option := price_step.option(price_bucket)) is not None:
        price_label = option.label
    context = {
        "product": fstate.get("product", ""),
        "price": price_label,
        "criteria": criteria,
        "met": met,
        "missing": missing,
        "unknown": unknown,
        "total": total,
        "verdict": key,
        "source": source or "",
        "claims": [{"title": title, "explanation": why} for _, title, why in label.get("claims", ())],
        "high_price_note": price_bucket == "high" and met <= total * LITTLE_TRANSPARENCY_SHARE,
        "buttons": [("Run the safety screening", callbacks.start("screening")),
                    ("Check another product", callbacks.start("checklist")),
                    ("Main menu", callbacks.menu())],
    }
    return context, FlowFinished(flow.id, met=met, total=total, verdict=key, source=source)
