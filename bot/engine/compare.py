"""Compare two checked products side by side: criterion by criterion, the counts, the claims flagged.

Pure: it takes two checklist results and a render function (the engine's renderer) and says which
product shows more of what the guide asks a product to disclose, never which one is better for
anybody's skin.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

#: The template the comparison is rendered with.
TEMPLATE = "flows/compare.j2"
#: Marks per status, as on the checklist card.
MARKS = {"met": "✅", "missing": "❌", "unknown": "❔"}
#: Longest product name shown (longer ones are cut with an ellipsis).
MAX_NAME = 60
#: Telegram's limit for one message.
MAX_CHARS = 4096
#: Source values worth a line of their own ("not stated" and "not sure" already show as ❌ / ❔).
NAMED_SOURCES = ("human", "animal", "plant")

Render = Callable[[str, dict[str, Any]], str]


@dataclass(frozen=True)
class ProductCheck:
    """One finished checklist: criterion statuses by id, claims flagged (None: no label was read)."""

    name: str
    statuses: Mapping[str, str]
    claims: tuple[str, ...] | None = None
    price: str = ""
    source: str = ""

    def status(self, criterion: str) -> str:
        """Return met / missing / unknown for a criterion (unknown when it was not answered)."""
        value = self.statuses.get(criterion, "unknown")
        return value if value in MARKS else "unknown"

    def met(self, criteria: Sequence[str]) -> int:
        """Count the criteria met."""
        return sum(self.status(c) == "met" for c in criteria)

    def missing(self, criteria: Sequence[str]) -> int:
        """Count the criteria missing."""
        return sum(self.status(c) == "missing" for c in criteria)


def _name(product: ProductCheck, number: int, other: ProductCheck) -> str:
    """Return the name to show: the product's own (cut to MAX_NAME), or "Product N" when it has none."""
    name = " ".join(product.name.split())
    if len(name) > MAX_NAME:
        name = name[:MAX_NAME - 1].rstrip() + "…"
    if not name or name.casefold() == " ".join(other.name.split()).casefold():
        return f"{name} ({number})" if name else f"Product {number}"
    return name


def leader(first: ProductCheck, second: ProductCheck, criteria: Sequence[str]) -> str:
    """Return "first", "second" or "tie": more criteria met wins, then fewer missing."""
    key_first = (first.met(criteria), -first.missing(criteria))
    key_second = (second.met(criteria), -second.missing(criteria))
    if key_first == key_second:
        return "tie"
    return "first" if key_first > key_second else "second"


def _side(product: ProductCheck, name: str, criteria: Sequence[str], claim_titles: Mapping[str, str]
          ) -> dict[str, Any]:
    """Return the template's view of one product."""
    claims = None if product.claims is None else [claim_titles.get(c, c.replace("_", " ")) for c in product.claims]
    return {"name": name, "price": product.price, "met": product.met(criteria),
            "missing": product.missing(criteria), "claims": claims,
            "source": product.source if product.source in NAMED_SOURCES else ""}


def comparison_context(first: ProductCheck, second: ProductCheck, criteria: Sequence[tuple[str, str]],
                       claim_titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the template context: rows per criterion, both sides, who shows more, where they differ."""
    ids = [cid for cid, _ in criteria]
    titles = claim_titles or {}
    one, two = _name(first, 1, second), _name(second, 2, first)
    rows = [{"name": label, "first": MARKS[first.status(cid)], "second": MARKS[second.status(cid)]}
            for cid, label in criteria]
    only_first = [label for cid, label in criteria if first.status(cid) == "met" != second.status(cid)]
    only_second = [label for cid, label in criteria if second.status(cid) == "met" != first.status(cid)]
    return {
        "first": _side(first, one, ids, titles),
        "second": _side(second, two, ids, titles),
        "rows": rows,
        "total": len(ids),
        "leader": leader(first, second, ids),
        "only_first": only_first,
        "only_second": only_second,
    }


def render_comparison(render: Render, first: ProductCheck, second: ProductCheck,
                      criteria: Sequence[tuple[str, str]], claim_titles: Mapping[str, str] | None = None) -> str:
    """Render the side-by-side comparison (Telegram's HTML subset, names escaped, within 4,096 characters)."""
    context = comparison_context(first, second, criteria, claim_titles)
    text = render(TEMPLATE, context)
    if len(text) > MAX_CHARS:  # only with very many claims: drop the claim lists rather than split the card
        for side in ("first", "second"):
            claims = context[side]["claims"]
            context[side]["claims"] = None if claims is None else claims[:2] + ([f"{len(claims) - 2} more"]
                                                                              if len(claims) > 2 else [])
        text = render(TEMPLATE, context)
    return text
