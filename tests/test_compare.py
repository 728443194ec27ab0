"""Comparing two checked products side by side (bot/engine/compare.py, answers/flows/compare.j2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import load_content
from bot.engine.compare import MAX_CHARS, ProductCheck, comparison_context, leader, render_comparison
from bot.engine.flows.definition import load_flow
from bot.engine.render import Renderer, to_plain
from bot.nlu.label_rules import LabelRules
from bot.ops.lint import FORBIDDEN, html_problems

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT)
RENDER = Renderer(CONTENT.templates).render
FLOW = load_flow(CONTENT.flows["checklist.yml"], "checklist.yml")
CRITERIA = [(s.id, s.criterion) for s in FLOW.steps if s.criterion]
IDS = [cid for cid, _ in CRITERIA]
TITLES = {c.id: c.title for c in LabelRules.from_mapping(CONTENT.label_rules).claims}

OPEN = ProductCheck("Aurelia Repair Serum", dict.fromkeys(IDS[:6], "met") | {"guidance": "missing"}, (), "$129",
                    "human")
VAGUE = ProductCheck("Glowra Rose Cream", {"source": "met", "stability": "missing", "evidence": "missing"},
                     ("fda_approved", "clinically_proven_unnamed"), "$39.99", "plant")


def check(text: str) -> str:
    """Check a rendered comparison the way Telegram and lint would; return its plain text."""
    assert len(text) <= MAX_CHARS
    assert html_problems(text) == []
    plain = to_plain(text)
    assert not FORBIDDEN.search(plain)
    assert "safe" not in plain.lower()
    return plain


def test_side_by_side_rows_counts_claims_and_who_shows_more() -> None:
    plain = check(render_comparison(RENDER, OPEN, VAGUE, CRITERIA, TITLES))
    assert "✅ ✅  Source disclosure" in plain
    assert "✅ ❌  Stability and shelf life" in plain
    assert "❌ ❔  Usage guidance and warnings" in plain
    assert "1️⃣ 6/8 · 2️⃣ 1/8" in plain
    assert "FDA approval claimed" in plain and '"Clinically proven" with no study named' in plain
    assert "1️⃣ none found on the label" in plain
    assert "Aurelia Repair Serum shows more of what the guide asks a brand to disclose (6 of 8 against 1)" in plain
    assert "Sources: 1️⃣ human · 2️⃣ plant" in plain
    assert "Only 1️⃣ shows: Manufacturing transparency" in plain


def test_the_order_of_the_products_does_not_change_the_answer() -> None:
    plain = check(render_comparison(RENDER, VAGUE, OPEN, CRITERIA, TITLES))
    assert "2️⃣ Aurelia Repair Serum shows more" in plain


def test_a_tie_says_so_and_fewer_missing_breaks_it() -> None:
    one = ProductCheck("A", {"source": "met", "manufacturing": "missing"})
    two = ProductCheck("B", {"source": "met"})
    assert leader(one, two, IDS) == "second"
    same = ProductCheck("C", {"source": "met"})
    assert leader(two, same, IDS) == "tie"
    assert "Both show as much of what the guide asks a brand to disclose (1 of 8 each)" in check(
        render_comparison(RENDER, two, same, CRITERIA, TITLES))


def test_products_checked_by_hand_have_no_claims_read() -> None:
    plain = check(render_comparison(RENDER, ProductCheck("A", {}), ProductCheck("B", {}), CRITERIA, TITLES))
    assert plain.count("no label text was read") == 2
    assert "❔ ❔  Clinical evidence" in plain


@pytest.mark.parametrize(("first", "second", "shown"), [
    ("", "", ("Product 1", "Product 2")),
    ("Serum", "serum", ("Serum (1)", "serum (2)")),
    ("x" * 200, "y", ("x" * 59 + "…", "y")),
])
def test_names_are_always_told_apart(first: str, second: str, shown: tuple[str, str]) -> None:
    context = comparison_context(ProductCheck(first, {}), ProductCheck(second, {}), CRITERIA)
    assert (context["first"]["name"], context["second"]["name"]) == shown


def test_names_and_claims_are_escaped() -> None:
    nasty = ProductCheck('<b>Glow</b> & "Co" </i>', {"source": "met"}, ("<script>",))
    text = render_comparison(RENDER, nasty, OPEN, CRITERIA, TITLES)
    check(text)
    assert "&lt;b&gt;Glow&lt;/b&gt; &amp;" in text and "&lt;script&gt;" in text


def test_very_many_claims_still_fit_one_message() -> None:
    many = tuple(f"claim_{i}_" + "z" * 150 for i in range(40))
    text = render_comparison(RENDER, ProductCheck("A" * 80, {}, many), ProductCheck("B" * 80, {}, many), CRITERIA)
    plain = check(text)
    assert "38 more" in plain


def test_an_unanswered_or_odd_status_counts_as_unknown() -> None:
    odd = ProductCheck("A", {"source": "skip", "evidence": "met"})
    assert odd.status("source") == "unknown" and odd.status("stability") == "unknown"
    assert odd.met(IDS) == 1
