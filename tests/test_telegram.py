"""exobot on Telegram: the real python-telegram-bot Application against a strict fake Bot API.

Dialogues over real HTTP: push a message, pop the replies, assert (the fake itself and the formatting
helpers are proved in test_telegram_limits.py).
"""

from __future__ import annotations

import json

import pytest
from telegram import Bot, Message
from telegram.ext import Application

from bot.adapters import telegram as telegram_app
from bot.engine.conversation import Incoming, Reply
from bot.settings import Settings
from tests.fakebot import BOT_USERNAME, parse_html

pytest_plugins = ["tests.telegram_fixtures"]

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
