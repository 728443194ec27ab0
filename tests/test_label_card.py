"""The card of what a pasted label shows (bot/engine/label_card.py, answers/flows/label_reading.j2)."""

from __future__ import annotations

import re
from pathlib import Path

from bot.content import load_content
from bot.engine.flows.definition import load_flow
from bot.engine.label_card import TEMPLATE, reading_context
from bot.engine.render import Renderer, to_plain
from bot.nlu.label import LabelReader
from bot.ops.lint import FORBIDDEN, html_problems

ROOT = Path(__file__).resolve().parent.parent
CONTENT = load_content(ROOT)
RENDER = Renderer(CONTENT.templates).render
READER = LabelReader(CONTENT.label_rules)
FLOW = load_flow(CONTENT.flows["checklist.yml"], "checklist.yml")
CRITERIA = [(s.id, s.criterion) for s in FLOW.steps if s.criterion]

LABEL = """NOVA <b>Exosome</b> Serum & Co — $129
Exosomes from human umbilical cord MSCs, isolated by tangential flow filtration.
Markers: CD63 & CD81 <script>. Keep refrigerated, airless pump.
Cures eczema! FDA approved. 10 billion exosomes."""


def card(text: str) -> str:
    """Read a label and render its card."""
    return RENDER(TEMPLATE, reading_context(READER.read_label(text), CRITERIA))


def test_card_shows_findings_with_quotes_and_what_is_left_to_ask() -> None:
    plain = to_plain(card(LABEL))
    assert "✅ Source disclosure (human): “human umbilical cord MSCs”" in plain
    assert "✅ Manufacturing transparency: “tangential flow filtration”" in plain
    assert "✅ Stability and shelf life: “Keep refrigerated”, “airless pump”" in plain
    assert "Price: $129" in plain
    assert "(I'll ask): Third-party testing, Clinical evidence, Usage guidance and warnings, " \
           "Price relative to transparency." in plain
    assert "⚠️ Disease or medical-condition claim (“Cures”, “eczema”)" in plain


def test_label_words_are_escaped_and_only_quotes_say_forbidden_words() -> None:
    text = card(LABEL)
    assert html_problems(text) == []
    assert "CD63 &amp; CD81" in text and "<script>" not in text
    outside_quotes = re.sub(r"“[^”]*”", "", to_plain(text))
    assert not FORBIDDEN.search(outside_quotes)
    assert len(text) <= 4096


def test_a_label_that_shows_nothing() -> None:
    plain = to_plain(card("Exosome Glow Cream. Next-generation exosome technology for radiant skin. 50 mL"))
    assert "Nothing on the checklist" in plain and "Worth a second look" not in plain
