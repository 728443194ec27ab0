"""The strict fake Telegram Bot API for tests; it lives in tests/fakebot/ and is imported from here too."""

from tests.fakebot import (
    ALLOWED_TAGS,
    BOT_ID,
    BOT_USERNAME,
    MAX_CALLBACK_DATA,
    MAX_TEXT,
    NAMED_ENTITIES,
    ApiError,
    FakeBotApi,
    Sent,
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
