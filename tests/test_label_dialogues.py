"""Check a product from its label: paste → card → one tap → the remaining questions → result with claims;
change one; a label pasted mid-checklist; compare two products; check-label on the command line."""

from __future__ import annotations

import io
from contextlib import redirect_stdout
from pathlib import Path

import pytest

from bot.cli import main
from bot.engine import callbacks
from bot.engine.events import Asked, FlowFinished, FlowStarted
from bot.engine.render import to_plain
from tests.harness import ConsoleChat, EngineChat

LABEL = ("LUMA Exosome Renewal Serum, 30 mL, $129. Our exosomes come from human umbilical cord MSC cultures, "
         "isolated by tangential flow filtration. Each batch is characterized: CD63, CD81 and particle size by NTA. "
         "Keep refrigerated; airless pump. FDA approved. Clinically proven to reduce wrinkles. "
         "Ingredients: Water, Glycerin, Niacinamide, Sodium Hyaluronate, Panthenol, Phenoxyethanol.")
EURO_LABEL = ("ROSA Botanica Glow Cream 50 ml €64,90. Rose stem cell exosomes for radiant skin. Third-party tested "
              "for sterility and endotoxins. Ingredients: Aqua, Glycerin, Rosa Damascena Callus Culture Extract, "
              "Squalane, Tocopherol, Xanthan Gum.")
#: Where the label leaves the checklist: the questions still asked, in order.
ASKED_AFTER_LABEL = ["third_party", "evidence", "guidance", "price_value"]


def question_step(chat: EngineChat) -> str | None:
    """The step of the question showing (from its answer buttons), or None."""
    flow = chat.state.get("flow") or {}
    return None if flow.get("done") else flow.get("step")


def answer_rest(chat: EngineChat, value: str = "no") -> list[str]:
    """Answer each remaining question with a button of this value (else its first); return the steps asked."""
    asked: list[str] = []
    while (step := question_step(chat)) is not None:
        assert len(asked) < 12 and step not in asked, f"{step} asked again: {chat.text[:200]}"
        asked.append(step)
        wanted = chat.button(callbacks.flow(step, value)) or next(b for b in chat.last.buttons
                                                                 if b.data.startswith(f"f:{step}:"))
        chat.press(wanted.data)
    return asked


def test_paste_one_tap_remaining_questions_result_with_claims(chat: EngineChat) -> None:
    card = to_plain(chat.push(LABEL).text)
    assert "✅ Source disclosure (human): “human umbilical cord MSC”" in card
    assert "✅ Characterization data: “CD63, CD81”, “NTA”" in card and "Price: $129" in card
    assert "FDA approval claimed (“FDA approved”)" in card and "Claims worth a second look" in card
    assert [b.label for b in chat.last.buttons] == ["✅ Looks right", "Change one"]
    assert chat.last.events == [Asked("label")], "the pasted text is never kept"
    assert chat.press("✅ Looks right").events == [FlowStarted("checklist")]
    assert question_step(chat) == "product"
    chat.push("Luma Renewal")
    assert "Noted from the label: Price: $129; Source: Human; Manufacturing: Yes; Lab data: Yes." in chat.text
    assert answer_rest(chat) == ASKED_AFTER_LABEL
    result = to_plain(chat.text)
    assert "Product checklist: Luma Renewal" in result and "4/8 criteria met" in result
    assert "✅ Manufacturing transparency: Yes (label: “tangential flow filtration”)" in result
    assert "Claims worth a second look" in result and "⚠️ FDA approval claimed:" in result
    [finished] = [e for e in chat.last.events if isinstance(e, FlowFinished)]
    assert (finished.met, finished.source) == (4, "human")


def test_change_one_asks_that_criterion_and_records_nothing_else(chat: EngineChat) -> None:
    chat.push(LABEL)
    chat.press("Change one")
    assert [b.label for b in chat.last.buttons] == [
        "Source disclosure", "Manufacturing transparency", "Characterization data", "Stability and shelf life",
        "✅ Looks right"]
    chat.press("Characterization data")
    assert "I'll ask you about Characterization data myself" in chat.text
    chat.press(callbacks.flow("product", "skip"))
    assert answer_rest(chat, "unsure") == ["characterization", *ASKED_AFTER_LABEL]
    assert "❔ Characterization data: Not sure" in to_plain(chat.text)


def test_a_price_not_in_dollars_is_shown_and_asked(chat: EngineChat) -> None:
    card = to_plain(chat.push(EURO_LABEL).text)
    assert "Price: €64,90 (in EUR, not dollars, so I'll ask for the price range)" in card
    chat.press("✅ Looks right")
    chat.press(callbacks.flow("product", "skip"))
    assert question_step(chat) == "price", "never a range the label did not give"


def test_a_label_pasted_at_a_checklist_question_fills_the_rest(chat: EngineChat) -> None:
    chat.push("/checklist")
    chat.push("Luma")
    chat.press(callbacks.flow("price", "high"))
    assert question_step(chat) == "source"
    assert "What the label shows" in chat.push(LABEL).text and chat.last.events == [Asked("label")]
    chat.press("✅ Looks right")
    assert "Noted from the label: Source: Human; Manufacturing: Yes; Lab data: Yes." in chat.text
    assert question_step(chat) == "third_party"
    assert answer_rest(chat, "yes") == ASKED_AFTER_LABEL
    assert "Price: Over $150" in to_plain(chat.text), "the price given is kept"


def test_a_question_is_still_a_question(chat: EngineChat) -> None:
    assert "What the label shows" not in chat.push("does CD63 on a label mean the exosomes are real?").text


def run_one(chat: EngineChat, label: str, name: str, value: str) -> None:
    """Paste a label, accept it, name the product and answer the rest with one value."""
    chat.push(label)
    chat.press("✅ Looks right")
    chat.push(name)
    answer_rest(chat, value)


def test_compare_two_products_then_forget(chat: EngineChat) -> None:
    run_one(chat, LABEL, "Luma", "no")
    assert "To compare, check two products" in chat.push("compare").text
    run_one(chat, EURO_LABEL, "Rosa", "yes")
    assert chat.button("⚖️ Compare with the last one") is not None, "the second card offers the comparison"
    side = to_plain(chat.press("⚖️ Compare with the last one").text)
    assert "1️⃣ Luma · $129" in side and "Criteria met: 1️⃣ 4/8" in side
    assert "1️⃣ FDA approval claimed; \"Clinically proven\" with no study named" in side
    assert "2️⃣ Rosa shows more of what the guide asks a brand to disclose" in side
    assert to_plain(chat.push("compare").text) == side, "typed, the same comparison"
    assert all("Luma" not in repr(e) for t in chat.turns for e in t.events), "names never in events"
    chat.push("/forget")
    chat.press("Yes, erase everything")
    assert "products" not in chat.state and "2 more to go" in chat.push("compare").text


def test_console_paste_tap_and_compare(engine) -> None:
    console = ConsoleChat(engine)
    assert "What the label shows" in console.push(LABEL)
    console.press("✅ Looks right")
    console.push("Luma")
    for _ in ASKED_AFTER_LABEL:
        console.press("No")
    assert "Claims worth a second look" in console.text and "4/8 criteria met" in console.text
    console.push(EURO_LABEL)
    console.press("✅ Looks right")
    console.push("Rosa")
    console.press("Under $50")  # the label's price is in euros: asked
    for _ in range(12):
        if "Yes" not in [b.label for b in console.session.buttons]:
            break
        console.press("Yes")
    assert "Side by side" in console.press("⚖️ Compare with the last one")


def test_check_label_prints_the_card_from_a_text_file(tmp_path: Path) -> None:
    path = tmp_path / "label.txt"
    path.write_text(LABEL, encoding="utf-8")
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["check-label", str(path)]) == 0
    assert "✅ Manufacturing transparency: “tangential flow filtration”" in out.getvalue()


@pytest.mark.parametrize("name", ["missing.txt", "label.png"])
def test_check_label_refuses_what_it_cannot_read(tmp_path: Path, name: str, capsys) -> None:
    if name.endswith(".png"):
        (tmp_path / name).write_bytes(b"not an image")
    assert main(["check-label", str(tmp_path / name)]) == 2
    assert capsys.readouterr().err.startswith("exobot: ")


WARNED = ("AURELIA LABS Exosome Repair Serum 30 mL, $129. Exosomes from human umbilical cord mesenchymal stem cells, "
          "isolated by tangential flow filtration. Directions: apply 3 drops every evening after cleansing. "
          "Warning: not for use during pregnancy or breastfeeding. Ingredients: Water, Glycerin, Squalane, "
          "Niacinamide, Panthenol, Phenoxyethanol.")


def test_a_labels_own_warning_is_not_the_readers_situation(chat: EngineChat) -> None:
    turn = chat.push(WARNED)
    assert len(turn.replies) == 1 and "What the label shows" in turn.text
    assert turn.events == [Asked("label")]


def test_the_writers_own_words_beside_a_label_still_get_the_referral(chat: EngineChat) -> None:
    turn = chat.push("I'm breastfeeding, is this one ok? " + WARNED)
    assert turn.analysis.risks == ("breastfeeding",) and len(turn.replies) == 2
    assert "What the label shows" in turn.replies[1].text and turn.events[0].text is None


def test_check_label_reads_a_photo_through_ocr(tmp_path: Path, capsys) -> None:
    from tests.test_ocr import HUMAN_LABEL, REASON, render

    if REASON is not None:
        pytest.skip(f"OCR is not installed here: {REASON}")
    path = tmp_path / "label.png"
    path.write_bytes(render(HUMAN_LABEL))
    assert main(["check-label", str(path)]) == 0
    out = capsys.readouterr().out
    assert "✅ Characterization data: “CD9, CD63 and CD81”" in out and "Price: $129" in out
    assert "check with your doctor" not in out, "the label's own warning is not the reader's"
