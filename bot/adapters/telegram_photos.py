"""Photos of labels on Telegram: download the largest size, read it with OCR in a thread, hand the text on.

The photo and its text are never stored: the text goes to the engine as ``Incoming(photo=True)``,
which reads it as a pasted label and keeps only what it shows. Without OCR on this
installation, one line says so.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from telegram import Message

from bot.adapters import ocr

logger = logging.getLogger(__name__)

#: Largest file the Bot API lets a bot download (bytes).
MAX_DOWNLOAD = 20 * 1024 * 1024


def image_file_id(message: Message) -> str | None:
    """Return the file id of the largest photo size, or of an image sent as a file; None for anything else."""
    if message.photo:
        return max(message.photo, key=lambda size: size.width * size.height).file_id
    document = message.document
    if document and (document.mime_type or "").startswith("image/"):
        return document.file_id
    return None


async def photo_text(bot: Any, file_id: str) -> str:
    """Download an image from Telegram and return its text (raises OcrError with a user_message)."""
    reason = await asyncio.to_thread(ocr.ocr_status)
    if reason is not None:
        raise ocr.OcrUnavailable(reason)
    telegram_file = await bot.get_file(file_id)
    if telegram_file.file_size and telegram_file.file_size > MAX_DOWNLOAD:
        raise ocr.UnreadableImage("the image is over the Bot API's download limit")
    data = bytes(await telegram_file.download_as_bytearray())
    return await asyncio.to_thread(ocr.image_to_text, data)


async def read_photo(bot: Any, message: Message, file_id: str) -> tuple[str | None, str]:
    """Return (the text to read as a label, "") or (None, the one line to say instead)."""
    try:
        text = await photo_text(bot, file_id)
    except ocr.OcrError as exc:
        logger.info("Photo not read: %s", type(exc).__name__)  # never the image or its text
        return None, exc.user_message
    caption = (message.caption or "").strip()
    return "\n".join(part for part in (caption, text) if part), ""
