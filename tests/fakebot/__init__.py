"""A strict fake Telegram Bot API server for tests, served over real HTTP on 127.0.0.1.

python-telegram-bot posts form-encoded parameters (non-string values JSON-encoded) to
``{base_url}{token}/{method}``. The fake answers ``{"ok": true, "result": ...}`` and
validates what Telegram validates, answering 400 with Telegram's descriptions on bad
HTML, over-long or empty text, over-long ``callback_data``, edits of missing or
unchanged messages and unknown callback query ids. It records every call, keeps an
outbox of what the bot showed each chat, serves queued updates through
``getUpdates`` and injects faults per method, the way Telegram and the network fail:
``fault("sendMessage", "429")`` (retry_after 1), ``"500"``, ``"502"`` (an HTML page, as a
proxy sends it), ``"drop"`` (the connection closes before the request is handled) and
``"timeout"`` (the call is carried out but answered only after the client gave up);
``slow(method, seconds)`` delays every call of a method.

The parts: validation.py (what Telegram checks), records.py (what is kept of each message),
server.py (the state and HTTP), methods.py (the Bot API methods), updates.py (what users do)
and faults.py (injected faults).
"""

from tests.fakebot.records import BOT_ID, BOT_USERNAME, Sent
from tests.fakebot.server import FakeBotApi
from tests.fakebot.validation import (
    ALLOWED_TAGS,
    MAX_CALLBACK_DATA,
    MAX_TEXT,
    NAMED_ENTITIES,
    ApiError,
    bad_request,
    check_markup,
    check_text,
    keyboard_of,
    parse_html,
    visible_length,
)

__all__ = [
    "ALLOWED_TAGS", "BOT_ID", "BOT_USERNAME", "MAX_CALLBACK_DATA", "MAX_TEXT", "NAMED_ENTITIES", "ApiError",
    "FakeBotApi", "Sent", "bad_request", "check_markup", "check_text", "keyboard_of", "parse_html", "visible_length",
]
