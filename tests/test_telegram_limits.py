"""What Telegram accepts: the strict fake Bot API refuses what Telegram refuses, and the formatting fits it.

The fake is proved first (so the dialogue tests of test_telegram.py that pass through it prove something);
then the formatting helpers.
"""

from __future__ import annotations

import json

import httpx
import pytest

from bot.adapters.telegram_format import MAX_MESSAGE, keyboard, split_html, visible_length
from bot.engine.conversation import Button
from tests.fakebot import BOT_USERNAME, FakeBotApi, parse_html

pytest_plugins = ["tests.telegram_fixtures"]

CHAT = 4242


def call(api: FakeBotApi, method: str, **params: object) -> tuple[int, dict]:
    """POST form-encoded parameters to the fake the way python-telegram-bot does."""
    data = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
    response = httpx.post(f"{api.base_url}{api.token}/{method}", data=data)
    return response.status_code, response.json()


# -- The fake refuses what Telegram refuses ---------------------------------------------


@pytest.mark.parametrize(("text", "reason"), [
    ("<b>bold", "Can't find end tag"),
    ("<b>bold</i>", "Unmatched end tag"),
    ("<blink>hi</blink>", "Unsupported start tag"),
    ("<br>", "Unsupported start tag"),
    ("1 < 2", "Unexpected character"),
    ("salt & pepper", 'Unexpected "&"'),
    ("caf&eacute;", "Unsupported HTML entity"),
    ('<a title="x">link</a>', "Unsupported attribute"),
    ("", "message text is empty"),
    ("<b> </b>", "message text is empty"),
    ("x" * (MAX_MESSAGE + 1), "message is too long"),
    ("&amp;" * (MAX_MESSAGE + 1), "message is too long"),
    ("😀" * (MAX_MESSAGE // 2 + 1), "message is too long"),
])
def test_fake_refuses_bad_messages(fake_api: FakeBotApi, text: str, reason: str) -> None:
    status, body = call(fake_api, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML")
    assert status == 400 and body["ok"] is False and body["error_code"] == 400
    assert reason in body["description"]
    assert fake_api.pop(CHAT) == []


@pytest.mark.parametrize("text", [
    "<b>bold</b> &amp; <i>it&#233;lic</i> &lt;3 &#x1F600; 2 > 1",
    '<a href="https://example.org/?a=1&amp;b=2">link</a> <span class="tg-spoiler">s</span>',
    "<b>" + "x" * MAX_MESSAGE + "</b>",
])
def test_fake_accepts_good_html(fake_api: FakeBotApi, text: str) -> None:
    status, body = call(fake_api, "sendMessage", chat_id=CHAT, text=text, parse_mode="HTML")
    assert status == 200 and body["ok"] is True
    assert "<b>" not in body["result"]["text"] and "&amp;" not in body["result"]["text"]
    [sent] = fake_api.pop(CHAT)
    assert sent.html == text


def test_parse_html_counts_entities_as_one_character() -> None:
    assert parse_html("<b>a&amp;b</b>")[0] == "a&b"


@pytest.mark.parametrize(("data", "ok"), [("x" * 64, True), ("é" * 32, True), ("x" * 65, False), ("é" * 33, False),
                                          ("", False)])
def test_fake_checks_callback_data_bytes(fake_api: FakeBotApi, data: str, ok: bool) -> None:
    markup = {"inline_keyboard": [[{"text": "Go", "callback_data": data}]]}
    status, body = call(fake_api, "sendMessage", chat_id=CHAT, text="hi", reply_markup=markup)
    assert (status == 200) is ok
    if not ok:
        assert body["description"] == "Bad Request: BUTTON_DATA_INVALID"


def test_fake_refuses_missing_or_unchanged_edits(fake_api: FakeBotApi) -> None:
    _, sent = call(fake_api, "sendMessage", chat_id=CHAT, text="<b>Q1</b>", parse_mode="HTML")
    message_id = sent["result"]["message_id"]
    status, body = call(fake_api, "editMessageText", chat_id=CHAT, message_id=message_id, text="<b>Q1</b>",
                        parse_mode="HTML")
    assert status == 400 and "message is not modified" in body["description"]
    status, body = call(fake_api, "editMessageText", chat_id=CHAT, message_id=999_999, text="Q2")
    assert status == 400 and "message to edit not found" in body["description"]
    status, _ = call(fake_api, "editMessageText", chat_id=CHAT, message_id=message_id, text="<b>Q2</b>",
                     parse_mode="HTML")
    assert status == 200 and fake_api.message(CHAT, message_id) == "Q2"


def test_fake_refuses_unknown_callback_query_and_fails_on_demand(fake_api: FakeBotApi) -> None:
    status, body = call(fake_api, "answerCallbackQuery", callback_query_id="forged")
    assert status == 400 and "query ID is invalid" in body["description"]
    fake_api.fail_next("sendMessage", 1, 429)
    fake_api.fail_next("sendMessage", 1, 500)
    status, body = call(fake_api, "sendMessage", chat_id=CHAT, text="hi")
    assert status == 429 and body["parameters"] == {"retry_after": 1}
    assert call(fake_api, "sendMessage", chat_id=CHAT, text="hi")[0] == 500
    assert call(fake_api, "sendMessage", chat_id=CHAT, text="hi")[0] == 200
    assert [s.text for s in fake_api.pop(CHAT)] == ["hi"]


def test_fake_rejects_a_wrong_token(fake_api: FakeBotApi) -> None:
    response = httpx.post(f"{fake_api.base_url}999:wrong/getMe")
    assert response.status_code == 404 and response.json()["ok"] is False


# -- Formatting -------------------------------------------------------------------


def _long_reply() -> str:
    paragraph = "<b>Plated</b> exosomes &amp; <i>growth factors</i>: " + "word " * 120
    return "\n\n".join(f"{n}. {paragraph}" for n in range(40))


@pytest.mark.parametrize("html", [
    _long_reply(),
    "<b>" + ("bold text " * 1000) + "</b>",
    "<i>" + "&lt;&amp;&gt;" * 3000 + "</i>",
    "x" * 10_000,
    "😀 " * 5000,
])
def test_split_html_parts_fit_and_parse(html: str) -> None:
    parts = split_html(html)
    assert len(parts) > 1
    for part in parts:
        plain, _ = parse_html(part)  # raises on a cut tag or entity
        assert 0 < len(plain.encode("utf-16-le")) // 2 <= MAX_MESSAGE
        assert visible_length(part) <= MAX_MESSAGE
    rejoined = "".join(parse_html(p)[0] for p in parts).replace(" ", "").replace("\n", "")
    assert rejoined == parse_html(html)[0].replace(" ", "").replace("\n", "")


def test_split_html_prefers_paragraphs_and_keeps_short_text_whole() -> None:
    assert split_html("  <b>short</b>\n") == ["<b>short</b>"]
    parts = split_html(_long_reply())
    assert all(part.rstrip().endswith(("word", "word</b>")) or part == parts[-1] for part in parts)
    assert all(part[0].isdigit() for part in parts), "each part starts at a paragraph"


def test_keyboard_pairs_short_labels_and_gives_long_ones_a_row() -> None:
    buttons = [Button("👍", "fb:+:price"), Button("👎", "fb:-:price"),
               Button("Check a product before buying", "go:checklist"), Button("Menu", "m:menu")]
    rows = keyboard(buttons).inline_keyboard
    assert [[b.callback_data for b in row] for row in rows] == [
        ["fb:+:price", "fb:-:price"], ["go:checklist"], ["m:menu"]]
    assert keyboard([]) is None


def test_bot_username_is_a_real_looking_username() -> None:
    assert BOT_USERNAME.endswith("bot")
