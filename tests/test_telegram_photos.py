"""A photo of a label on Telegram: the fake Bot API serves the file (getFile + download), OCR reads it,
the card pre-fills the checklist; without OCR, one line. Neither the photo nor its text is stored."""

from __future__ import annotations

import pytest

from bot.adapters import ocr, telegram_photos
from tests.test_ocr import HUMAN_LABEL, needs_ocr, render

pytest_plugins = ["tests.telegram_fixtures"]

ALICE = 4242


@needs_ocr
@pytest.mark.asyncio
@pytest.mark.parametrize("as_document", [False, True], ids=["photo", "image-file"])
async def test_a_label_photo_is_read_and_pre_fills_the_checklist(make_bot, as_document: bool) -> None:
    bot = await make_bot()
    image = render(HUMAN_LABEL)
    sent = await bot.photo(ALICE, image, thumb=render("tiny", size=10), as_document=as_document)
    [card] = sent  # the label's own pregnancy warning is not the reader's: no referral
    assert "What the label shows" in card.text and "✅ Manufacturing transparency" in card.text
    assert "Price: $129" in card.text
    assert [label for label, _ in card.buttons] == ["✅ Looks right", "Change one"]
    [got] = bot.api.calls_of("getFile")
    assert got["file_id"] == "FILE1", "the largest size (the thumbnail is FILE2) is downloaded"
    assert len(bot.api.downloads) == 1
    [asked] = await bot.press(ALICE, card.data("Looks right"))
    assert "What's the product called?" in asked.text
    rows = bot.store.rows("messages")
    assert [r["outcome"] for r in rows] == ["label"] and rows[0]["text"] is None
    stored = [str(v) for table in bot.store.db.table_names() for row in bot.store.db[table].rows for v in row.values()]
    assert not any("AURELIA" in v or "3 drops" in v for v in stored), "the photo's text is never stored"


@pytest.mark.asyncio
async def test_without_ocr_one_line_says_photos_cannot_be_read(make_bot, monkeypatch) -> None:
    monkeypatch.setattr(ocr, "ocr_status", lambda: "pytesseract is not installed")
    bot = await make_bot()
    sent = await bot.photo(ALICE, b"\x89PNG not read")
    assert [s.text for s in sent] == [ocr.UNAVAILABLE_MESSAGE]
    assert bot.api.calls_of("getFile") == [], "nothing is downloaded"
    assert bot.store.rows("messages") == []


@needs_ocr
@pytest.mark.asyncio
async def test_a_photo_that_is_not_an_image_gets_the_retake_line(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.photo(ALICE, b"not an image at all")
    assert [s.text for s in sent] == [ocr.OcrError.user_message]
    assert telegram_photos.MAX_DOWNLOAD == 20 * 1024 * 1024
