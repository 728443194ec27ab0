"""exobot on Telegram: the real python-telegram-bot Application against a strict fake Bot API.

The first tests prove the fake refuses what Telegram refuses (so the dialogue tests
that pass through it prove something); then the formatting helpers; then dialogues
over real HTTP: push a message, pop the replies, assert.
"""

from __future__ import annotations

import json

import httpx
import pytest
from telegram import Bot, Message
from telegram.ext import Application

from bot.adapters import telegram as telegram_app
from bot.adapters.telegram_format import MAX_MESSAGE, keyboard, split_html, visible_length
from bot.engine.conversation import Button, Incoming, Reply
from bot.settings import Settings
from tests.fake_bot_api import BOT_USERNAME, FakeBotApi, parse_html

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


# -- Dialogues over real HTTP -------------------------------------------------------

ADMIN, ALICE, BOB, GROUP = 5001, 5002, 5003, -100777
QUESTION = "what does plated mean"
RISK_MESSAGE = "I'm pregnant, can I use an exosome serum on my face?"
SUGGEST_CANDIDATES = ("exosome brands", "exosomes and my skin", "exosome plate thing", "lab tests", "price value",
                      "how long", "stem", "safe",
                      "what about plants", "are they legit", "cold", "retinol")
FLOWS = [("/checklist", "checklist"), ("/screen", "screening")]
# A typed answer for steps that take text (product name, price, days).
TYPED_ANSWERS = ("Glow serum", "50", "10")


def engine_reply(engine, text: str, state: dict | None = None) -> list[str]:
    """Return what the engine itself answers, to compare with what reached Telegram."""
    return [r.text for r in engine.handle(state or engine.new_state(), Incoming(text=text, now=0.0)).replies]


def user_rows(store, user_id: int, chat_id: int) -> dict[str, int]:
    """Count every row in the database that leads back to a user or their chat."""
    counts = {}
    for table in ("messages", "feedback", "flows"):
        counts[table] = len([r for r in store.db[table].rows if r["user_key"] == store.user_key(user_id)])
    counts["sessions"] = len([r for r in store.db["sessions"].rows
                              if r["chat_key"] == store.chat_key(chat_id) or r["user_key"] == store.user_key(user_id)])
    return counts


def answer_buttons(sent) -> list[str]:
    """Return the data of a flow question's answer buttons (not back/cancel)."""
    return [data for _, data in sent.buttons
            if data.startswith("f:") and not data.endswith((":back", ":cancel"))]


async def run_flow(bot, chat_id: int, command: str) -> list:
    """Start a flow and answer every question with its first answer button (or typing); return all messages."""
    shown = await bot.send(chat_id, command)
    everything = list(shown)
    for step in range(30):
        last = shown[-1]
        choices = answer_buttons(last)
        if choices:
            shown = await bot.press(chat_id, choices[0], message_id=last.message_id)
        elif any(data.startswith("f:") for _, data in last.buttons):
            shown = await bot.send(chat_id, TYPED_ANSWERS[step % len(TYPED_ANSWERS)])
        else:
            return everything
        assert shown, f"no reply at step {step}"
        everything += shown
    raise AssertionError("flow did not finish in 30 steps")


@pytest.mark.asyncio
async def test_start_shows_the_menu_and_registers_commands(make_bot, fake_api) -> None:
    bot = await make_bot()
    [commands] = fake_api.calls_of("setMyCommands")
    assert [c["command"] for c in json.loads(commands["commands"])] == [
        "start", "help", "checklist", "screen", "cancel", "privacy", "forget"]
    sent = await bot.send(ALICE, "/start")
    assert [s.html for s in sent] == engine_reply(bot.engine, "/start")
    menu = [data for s in sent for _, data in s.buttons]
    assert "go:checklist" in menu and "go:screening" in menu


@pytest.mark.asyncio
async def test_question_answer_and_feedback(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.send(ALICE, QUESTION)
    assert [s.html for s in sent] == engine_reply(bot.engine, QUESTION)
    assert "plated" in sent[0].text.lower()
    up = sent[-1].data("👍")
    assert up == "fb:+:plated_exosomes"
    await bot.press(ALICE, up, message_id=sent[-1].message_id)
    votes = [(r["intent"], r["vote"]) for r in bot.store.rows("feedback")]
    assert votes == [("plated_exosomes", 1)]


@pytest.mark.asyncio
async def test_did_you_mean_button_gives_the_answer(make_bot) -> None:
    bot = await make_bot()
    text = next((t for t in SUGGEST_CANDIDATES if bot.engine.analyse(t).outcome == "suggest"), None)
    assert text, "none of the candidate questions gets a did-you-mean from the engine"
    sent = await bot.send(ALICE, text)
    choices = [data for _, data in sent[-1].buttons if data.startswith("i:")]
    assert choices, sent[-1].buttons
    answer = await bot.press(ALICE, choices[0], message_id=sent[-1].message_id)
    intent = choices[0].removeprefix("i:")
    assert any(f"fb:+:{intent}" == data for s in answer for _, data in s.buttons)


@pytest.mark.asyncio
@pytest.mark.parametrize(("command", "flow"), FLOWS)
async def test_flow_end_to_end_with_buttons(make_bot, command: str, flow: str) -> None:
    bot = await make_bot()
    shown = await run_flow(bot, ALICE, command)
    assert any(s.edited for s in shown), "flow questions should be edited in place"
    finished = [r for r in bot.store.rows("flows") if r["flow"] == flow and r.get("status", "finished") == "finished"]
    assert len(finished) == 1
    assert not answer_buttons(shown[-1])


@pytest.mark.asyncio
async def test_risk_message_is_referred_first_and_not_stored(make_bot) -> None:
    bot = await make_bot()
    assert bot.engine.analyse(RISK_MESSAGE).referral
    sent = await bot.send(ALICE, RISK_MESSAGE)
    assert [s.html for s in sent] == engine_reply(bot.engine, RISK_MESSAGE)
    [row] = bot.store.rows("messages")
    assert row["risks"] and not row["text"]


@pytest.mark.asyncio
async def test_sticker_gets_text_only_reply(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.sticker(ALICE)
    assert [s.html for s in sent] == [bot.engine.system_reply("text_only").text]


@pytest.mark.asyncio
@pytest.mark.parametrize("data", ["i:no_such_intent", "f:99:yes", "forget:maybe", "garbage", "fb:+:nope"])
async def test_forged_button_gets_expired_reply(make_bot, caplog, data: str) -> None:
    bot = await make_bot()
    await bot.send(ALICE, "/start")
    sent = await bot.press(ALICE, data)
    assert sent and sent[0].text == parse_html(bot.engine.system_reply("expired").text)[0]
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


@pytest.mark.asyncio
async def test_restart_mid_flow_resumes_at_the_same_question(make_bot) -> None:
    bot = await make_bot()
    shown = await bot.send(ALICE, "/screen")
    shown = await bot.press(ALICE, answer_buttons(shown[-1])[0], message_id=shown[-1].message_id)
    question = shown[-1]
    await bot.restart()
    after = await bot.press(ALICE, answer_buttons(question)[0], message_id=question.message_id)
    assert after and after[0].text != parse_html(bot.engine.system_reply("expired").text)[0]
    assert after[0].text != question.text, "the answer moved the flow on"


@pytest.mark.asyncio
@pytest.mark.parametrize("status", [429, 500])
async def test_server_errors_are_retried_and_the_reply_arrives_once(make_bot, fake_api, status: int) -> None:
    bot = await make_bot()
    fake_api.fail_next("sendMessage", 1, status)
    sent = await bot.send(ALICE, "/help")
    assert [s.html for s in sent] == engine_reply(bot.engine, "/help")
    assert len([c for c in fake_api.calls_of("sendMessage") if c["chat_id"] == str(ALICE)]) == len(sent) + 1


@pytest.mark.asyncio
async def test_a_bug_is_logged_with_its_traceback_without_token_and_the_user_told(make_bot, fake_api, caplog,
                                                                                 monkeypatch) -> None:
    bot = await make_bot()

    def broken(state, incoming):
        raise RuntimeError(f"engine bug near {fake_api.token}")

    monkeypatch.setattr(bot.engine, "handle", broken)
    sent = await bot.send(ALICE, "/help")
    assert [s.html for s in sent] == [bot.engine.system_reply("error").text]
    [error] = [r for r in caplog.records if r.levelname == "ERROR"]
    assert "Traceback" in error.getMessage() and "RuntimeError" in error.getMessage()
    secret = fake_api.token.partition(":")[2]
    assert secret not in caplog.text


@pytest.mark.asyncio
async def test_stats_only_for_admins(make_bot) -> None:
    bot = await make_bot(admin_ids=frozenset({ADMIN}))
    await bot.send(ALICE, QUESTION)
    refused = await bot.send(ALICE, "/stats")
    assert [s.html for s in refused] == engine_reply(bot.engine, "/stats")
    assert "questions" not in refused[0].text
    shown = await bot.send(ADMIN, "/stats")
    assert len(shown) == 1 and shown[0].text.startswith("exobot, last 7 days")
    assert "from 1 users: 1 answered" in shown[0].text


@pytest.mark.asyncio
async def test_stats_uses_the_report_summary(make_bot, monkeypatch) -> None:
    monkeypatch.setattr(telegram_app, "summary_text", lambda store, now: "<b>42 questions</b>")
    bot = await make_bot(admin_ids=frozenset({ADMIN}))
    assert [s.html for s in await bot.send(ADMIN, "/stats")] == ["<b>42 questions</b>"]
    assert [s.html for s in await bot.send(ADMIN, "/stats", chat_type="group")] != ["<b>42 questions</b>"]


@pytest.mark.asyncio
async def test_forget_then_confirm_erases_the_user(make_bot) -> None:
    bot = await make_bot()
    await bot.send(ALICE, "zzz unknown question about qwerty")
    await run_flow(bot, ALICE, "/checklist")
    await bot.send(BOB, QUESTION)
    assert sum(user_rows(bot.store, ALICE, ALICE).values()) > 0
    asked = await bot.send(ALICE, "/forget")
    assert "forget:yes" in [data for _, data in asked[-1].buttons]
    confirm = "forget:yes"
    done = await bot.press(ALICE, confirm, message_id=asked[-1].message_id)
    assert done
    assert user_rows(bot.store, ALICE, ALICE) == {"messages": 0, "feedback": 0, "flows": 0, "sessions": 0}
    assert user_rows(bot.store, BOB, BOB)["messages"] == 1


@pytest.mark.asyncio
async def test_group_answers_only_commands_mentions_and_replies(make_bot) -> None:
    bot = await make_bot()
    assert await bot.send(GROUP, QUESTION, user_id=ALICE, chat_type="group") == []
    assert await bot.send(GROUP, "/help@some_other_bot", user_id=ALICE, chat_type="group") == []
    assert await bot.sticker(GROUP, user_id=ALICE, chat_type="group") == []
    assert bot.store.rows("messages") == []
    mention = await bot.send(GROUP, f"@{BOT_USERNAME} {QUESTION}", user_id=ALICE, chat_type="group")
    assert [s.html for s in mention] == engine_reply(bot.engine, QUESTION)
    command = await bot.send(GROUP, f"/help@{BOT_USERNAME}", user_id=ALICE, chat_type="group")
    assert [s.html for s in command] == engine_reply(bot.engine, "/help")
    # Another question: the same one again in the same chat would get the short version (manners).
    reply = await bot.send(GROUP, "why are exosomes so expensive", user_id=BOB, chat_type="group", reply_to_bot=True)
    assert [s.html for s in reply] == engine_reply(bot.engine, "why are exosomes so expensive")


@pytest.mark.asyncio
async def test_edited_messages_are_ignored(make_bot, fake_api) -> None:
    bot = await make_bot()
    await bot.wait(fake_api.push_edited_text(ALICE, QUESTION))
    assert fake_api.pop(ALICE) == [] and bot.store.rows("messages") == []


@pytest.mark.asyncio
async def test_inline_query_offers_answers(make_bot) -> None:
    bot = await make_bot()
    results = json.loads((await bot.inline(ALICE, "plated"))["results"])
    assert results and all(r["type"] == "article" for r in results)
    assert "plated" in json.dumps(results).lower()
    assert json.loads((await bot.inline(ALICE, "  "))["results"]) == []
    risky = json.loads((await bot.inline(ALICE, RISK_MESSAGE))["results"])
    expected = bot.engine.inline_answers(RISK_MESSAGE)
    assert [r["input_message_content"]["message_text"] for r in risky] == [html for _, html in expected]


def test_run_telegram_without_token_explains_botfather(capsys) -> None:
    assert telegram_app.run_telegram(Settings.from_env({"TELEGRAM_BOT_TOKEN": ""})) == 2
    assert "@BotFather" in capsys.readouterr().err


@pytest.mark.asyncio
async def test_edit_falls_back_to_a_new_message_when_telegram_cannot_edit(fake_api) -> None:
    async with Bot(fake_api.token, base_url=fake_api.base_url) as tg:
        question = await tg.send_message(ALICE, "<b>Q1</b>", parse_mode="HTML")
        await telegram_app.send_replies(tg, ALICE, [Reply("<b>Q2</b>", edit=True)], edit=question)
        await telegram_app.send_replies(tg, ALICE, [Reply("<b>Q2</b>", edit=True)], edit=question)
        gone = Message(999_999, question.date, question.chat)
        gone.set_bot(tg)
        await telegram_app.send_replies(tg, ALICE, [Reply("<b>Q3</b>", edit=True)], edit=gone)
    shown = fake_api.pop(ALICE)
    assert [(s.method, s.text) for s in shown] == [
        ("sendMessage", "Q1"), ("editMessageText", "Q2"), ("sendMessage", "Q2"), ("sendMessage", "Q3")]


@pytest.mark.parametrize(("env", "mode"), [
    ({}, "polling"),
    ({"WEBHOOK_URL": "https://exobot.example.org/tg/hook", "PORT": "5000", "WEBHOOK_SECRET": "s3cret"}, "webhook"),
])
def test_run_telegram_polls_or_listens_on_a_webhook(monkeypatch, tmp_path, env: dict, mode: str) -> None:
    seen: dict = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: seen.update(mode="polling", **kw))
    monkeypatch.setattr(Application, "run_webhook", lambda self, **kw: seen.update(mode="webhook", **kw))
    environ = {"TELEGRAM_BOT_TOKEN": "123:abcdefghijkl", "EXOBOT_DB": str(tmp_path / "x.db"), **env}
    assert telegram_app.run_telegram(Settings.from_env(environ)) == 0
    assert seen["mode"] == mode
    if mode == "webhook":
        assert (seen["listen"], seen["port"], seen["url_path"]) == ("0.0.0.0", 5000, "tg/hook")
        assert seen["secret_token"] == "s3cret" and seen["webhook_url"] == env["WEBHOOK_URL"]
