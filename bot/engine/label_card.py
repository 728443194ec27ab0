"""What a pasted label shows, as the card the checklist will pre-fill from (answers/flows/label_reading.j2)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from bot.nlu.label import LabelReading

#: The template the reading is shown with.
TEMPLATE = "flows/label_reading.j2"
#: Longest quote from the label shown for one piece of evidence.
MAX_QUOTE = 80


def _quotes(words: Sequence[str]) -> list[str]:
    """Return the label's words to quote, each cut to MAX_QUOTE characters."""
    return [w if len(w) <= MAX_QUOTE else w[:MAX_QUOTE - 1].rstrip() + "…" for w in words]


def reading_context(reading: LabelReading, criteria: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Return the card's context from the checklist's (step id, name) pairs: found, to ask, claims, price."""
    # A criterion the reader never looks for (price relative to transparency) is always among those to ask.
    found, to_ask = [], []
    for cid, name in criteria:
        finding = reading.criteria.get(cid)
        if finding is None:
            to_ask.append(name)
            continue
        value = finding.value if cid == "source" else ""
        found.append({"id": cid, "name": name, "value": value, "words": _quotes(finding.words)})
    claims = [{"id": c.id, "title": c.title, "explanation": c.explanation, "words": _quotes(c.words)}
              for c in reading.claims]
    return {"found": found, "to_ask": to_ask, "claims": claims,
            "price": reading.price.text if reading.price else "", "price_note": "", "next": False}
