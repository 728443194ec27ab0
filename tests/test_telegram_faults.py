"""Reliability over the strict fake Bot API: faults, order, floods, duplicates, logs and the webhook.

Every reply is compared with what the engine itself answers at that point of the
conversation, so "nothing lost, nothing doubled, in order" is checked message by message.
"""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import time

import httpx
import pytest
from telegram.ext import Application

from bot.adapters import telegram_send
from bot.adapters.telegram import run_telegram
from bot.adapters.telegram_format import split_html
from bot.adapters.telegram_send import Pacing
from bot.engine.conversation import Turn
from bot.settings import Settings
from tests.fakebot import FakeBotApi, parse_html
from tests.harness import EngineChat
from tests.test_telegram import QUESTION, answer_buttons, engine_reply

pytest_plugins = ["tests.telegram_fixtures"]

ALICE, BOB, CAROL, DAVE = 6001, 6002, 6003, 6004
FAULTS = ("429", "500", "502", "drop", "timeout")


@pytest.fixture(autouse=True)
def quick_backoff(monkeypatch) -> None:
    """Back off for milliseconds, not seconds (the policy is the same)."""
    monkeypatch.setattr(telegram_send, "BACKOFF", (0.02, 0.05, 0.1, 0.2))


def shown_html(turn: Turn) -> list[str]:
    """Return what Telegram should show for an engine turn, part by part."""
    return [part for reply in turn.replies for part in split_html(reply.text)]


def distinct_questions(engine, count: int) -> list[str]:
    """Return questions whose answers all differ, so a reply tells which question it answers."""
    questions, answers = [], set()
    for intent in engine.intents.values():
        if intent.kind != "knowledge" or intent.flow:
            continue
        for example in intent.examples:
            reply = engine_reply(engine, example)
            if len(reply) == 1 and reply[0] not in answers and engine.analyse(example).intent == intent.id:
                questions.append(example)
                answers.add(reply[0])
                break
        if len(questions) == count:
            return questions
    raise AssertionError(f"only {len(questions)} distinct questions")


async def converse(bot, chat_id: int) -> int:
    """Ask a question, walk the screening by buttons, ask again; check every reply; return the updates sent."""
    dialogue = EngineChat(bot.engine)
    shown = await bot.send(chat_id, QUESTION)
    assert [s.html for s in shown] == shown_html(dialogue.push(QUESTION))
    shown = await bot.send(chat_id, "/screen")
    assert [s.html for s in shown] == shown_html(dialogue.push("/screen"))
    updates = 2
    while answer_buttons(shown[-1]):
        data, message_id = answer_buttons(shown[-1])[0], shown[-1].message_id
        shown = await bot.press(chat_id, data, message_id=message_id)  # asserts the press was acknowledged
        assert [s.html for s in shown] == shown_html(dialogue.press(data)), data
        updates += 1
    shown = await bot.send(chat_id, "how much do they cost")
    assert [s.html for s in shown] == shown_html(dialogue.push("how much do they cost"))
    return updates + 1


# -- Retry policy --------------------------------------------------------------------


@pytest.mark.asyncio
async def test_fault_bursts_on_every_method_lose_nothing_and_leave_no_press_unanswered(make_bot, fake_api) -> None:
    bot = await make_bot(timeout=0.5)
    fake_api.timeout_delay = 0.7
    for method in ("sendMessage", "editMessageText", "answerCallbackQuery"):
        for kind in FAULTS:
            fake_api.fault(method, kind)
    for kind in ("429", "502", "timeout"):  # PTB's updater retries getUpdates (with pauses of its own)
        fake_api.fault("getUpdates", kind)
    counts = await asyncio.gather(*(converse(bot, chat) for chat in (ALICE, BOB, CAROL, DAVE)))
    assert sum(counts) >= 4 * 10
    assert fake_api.pending_faults() == 0, "every injected fault happened"
    assert not fake_api._open_queries, "every press was acknowledged"


@pytest.mark.asyncio
async def test_a_timed_out_send_is_not_sent_again(make_bot, fake_api, caplog) -> None:
    bot = await make_bot(timeout=0.5)
    fake_api.timeout_delay = 0.7
    fake_api.fault("sendMessage", "timeout")
    sent = await bot.send(ALICE, "/help")
    assert [s.html for s in sent] == engine_reply(bot.engine, "/help"), "shown once"
    assert len(fake_api.calls_of("sendMessage")) == len(sent)
    assert any("timed out" in r.getMessage() and r.levelname == "WARNING" for r in caplog.records)


@pytest.mark.asyncio
async def test_a_press_whose_acknowledgement_fails_is_still_answered(make_bot, fake_api, caplog) -> None:
    bot = await make_bot()
    shown = await bot.send(ALICE, QUESTION)
    fake_api.fault("answerCallbackQuery", "500", times=len(telegram_send.BACKOFF) + 1)
    update_id, _ = fake_api.push_callback(ALICE, shown[-1].data("👍"), message_id=shown[-1].message_id)
    await bot.wait(update_id)
    assert [s.text for s in fake_api.pop(ALICE)] == [
        parse_html(bot.engine.system_reply("feedback_thanks", vote=1).text)[0]]
    assert [(r["intent"], r["vote"]) for r in bot.store.rows("feedback")] == [("plated_exosomes", 1)]
    assert any("not acknowledged" in r.getMessage() for r in caplog.records)


@pytest.mark.asyncio
async def test_a_429_waits_and_is_retried_once_by_one_policy(make_bot, fake_api) -> None:
    bot = await make_bot(rate_limit=True)  # production pacing on: it must not retry a second time on its own
    fake_api.fault("sendMessage", "429")
    sent = await bot.send(ALICE, "/help")
    assert [s.html for s in sent] == engine_reply(bot.engine, "/help")
    assert len(fake_api.calls_of("sendMessage")) == len(sent) + 1


# -- Chats in parallel, each chat in order -------------------------------------------


@pytest.mark.asyncio
async def test_a_paced_chat_does_not_hold_up_another(make_bot, fake_api, engine) -> None:
    bot = await make_bot(rate_limit=True)  # production pacing: a burst of 8 per chat, then one a second
    questions = distinct_questions(engine, 10)
    pushed = [fake_api.push_text(ALICE, q) for q in questions]
    await bot.wait(pushed[7])
    other = await bot.send(BOB, "/help")
    assert [s.html for s in other] == engine_reply(bot.engine, "/help")
    assert not bot.store.is_handled(pushed[-1]), "Bob was answered while Alice's chat was still paced"
    await bot.wait(pushed[-1])
    assert [s.html for s in fake_api.pop(ALICE)] == [engine_reply(engine, q)[0] for q in questions]


@pytest.mark.asyncio
async def test_bursts_in_several_chats_are_answered_in_order_per_chat(make_bot, fake_api, engine) -> None:
    bot = await make_bot()
    fake_api.slow("sendMessage", 0.01)
    questions = distinct_questions(engine, 8)
    chats = (ALICE, BOB, CAROL)
    scripts = {chat: questions[i:] + questions[:i] for i, chat in enumerate(chats)}
    pushed = [fake_api.push_text(chat, q) for round_ in zip(*scripts.values(), strict=True)
              for chat, q in zip(chats, round_, strict=True)]
    for update_id in pushed:
        await bot.wait(update_id)
    for chat in chats:
        assert [s.html for s in fake_api.pop(chat)] == [engine_reply(engine, q)[0] for q in scripts[chat]]


# -- At least once, at most once ----------------------------------------------------------


@pytest.mark.asyncio
async def test_an_update_delivered_twice_is_answered_once(make_bot, fake_api) -> None:
    bot = await make_bot()
    first = await bot.send(ALICE, QUESTION)
    update_id = max(fake_api.pushed_at)
    fake_api.redeliver(update_id)
    marker = await bot.send(ALICE, "/help")
    assert len(first) == 1 and [s.html for s in marker] == engine_reply(bot.engine, "/help")
    assert len(bot.store.rows("messages")) == 1


@pytest.mark.asyncio
async def test_an_update_confirmed_but_not_handled_before_a_crash_is_answered_at_start(make_bot, fake_api) -> None:
    bot = await make_bot()
    await bot.send(ALICE, "/start")
    await bot.stop()
    update_id = fake_api.push_text(ALICE, QUESTION)
    payload = fake_api.confirm(update_id)  # Telegram was told it arrived; then the process died
    store = bot.store_factory()
    store.inbox_add(update_id, json.dumps(payload), 0.0)
    store.close()
    await bot.start()
    await bot.wait(update_id)
    assert [s.html for s in fake_api.pop(ALICE)] == engine_reply(bot.engine, QUESTION)
    assert bot.store.inbox_pending() == []


@pytest.mark.asyncio
async def test_webhook_answers_telegram_only_after_the_update_is_stored(make_bot, fake_api) -> None:
    bot = await make_bot()
    await bot.app.updater.stop()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    await bot.app.updater.start_webhook(listen="127.0.0.1", port=port, url_path="hook", secret_token="s3cret",
                                        webhook_url="https://exobot.example.org/hook")
    fake_api.slow("sendMessage", 0.5)
    update_id = fake_api.push_text(ALICE, QUESTION)
    body = fake_api._pushed[update_id]
    headers = {"X-Telegram-Bot-Api-Secret-Token": "s3cret"}
    async with httpx.AsyncClient() as client:
        response = await client.post(f"http://127.0.0.1:{port}/hook", json=body, headers=headers)
        assert response.status_code == 200
        assert [row[0] for row in bot.store.inbox_pending()] == [update_id], "stored before Telegram was answered"
        assert (await client.post(f"http://127.0.0.1:{port}/hook", json=body, headers=headers)).status_code == 200
    await bot.wait(update_id)
    assert [s.html for s in fake_api.pop(ALICE)] == engine_reply(bot.engine, QUESTION), "answered once"


# -- Flood guard ------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_flood_gets_one_slow_down_the_rest_dropped_and_others_are_unaffected(make_bot, fake_api) -> None:
    bot = await make_bot(flood=(5, 1.0))
    sent = int(time.time())  # Telegram dates are whole seconds: the flood is sent within one, however slow the push
    flood = [fake_api.push_text(ALICE, f"{QUESTION} {n}", date=sent) for n in range(300)]
    others = {chat: fake_api.push_text(chat, QUESTION) for chat in (BOB, CAROL, DAVE)}
    for chat, update_id in others.items():
        await bot.wait(update_id)
        assert [s.html for s in fake_api.pop(chat)] == engine_reply(bot.engine, QUESTION)
    for update_id in flood:
        await bot.wait(update_id)
    flooder = [s.html for s in fake_api.pop(ALICE)]
    slow_down = bot.engine.system_reply("slow_down").text
    assert flooder.count(slow_down) == 1 and flooder[-1] == slow_down
    assert len(flooder) == 6, "five answered, one 'slow down', 294 dropped"
    assert "moment" in slow_down
    await asyncio.sleep(2.1)  # the window passes
    assert [s.html for s in await bot.send(ALICE, "/help")] == engine_reply(bot.engine, "/help")


@pytest.mark.asyncio
async def test_flooded_presses_are_still_acknowledged(make_bot, fake_api) -> None:
    bot = await make_bot(flood=(3, 10.0))
    shown = await bot.send(ALICE, "/start")
    pressed = [fake_api.push_callback(ALICE, "m:menu", message_id=shown[-1].message_id) for _ in range(8)]
    for update_id, _ in pressed:
        await bot.wait(update_id)
    assert not fake_api._open_queries
    assert [s.html for s in fake_api.pop(ALICE)].count(bot.engine.system_reply("slow_down").text) == 1


# -- Commands for other bots ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_a_command_for_another_bot_in_a_private_chat_is_answered(make_bot) -> None:
    bot = await make_bot()
    assert [s.html for s in await bot.send(ALICE, "/help@other_bot")] == engine_reply(bot.engine, "/help")
    assert [s.html for s in await bot.send(ALICE, "/start@otherbot")] == engine_reply(bot.engine, "/start")
    assert await bot.send(-100500, "/help@other_bot", user_id=ALICE, chat_type="group") == []


# -- Logs ---------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_transient_faults_are_one_warning_line_without_a_traceback(make_bot, fake_api, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="telegram")
    bot = await make_bot()
    fake_api.fault("sendMessage", "502", times=len(telegram_send.BACKOFF) + 1)
    fake_api.fault("getUpdates", "502")
    update_id = fake_api.push_text(ALICE, "/help")
    await bot.wait(update_id)
    assert await bot.send(BOB, "/help")
    problems = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert problems, "the faults are reported"
    assert all(r.exc_info is None and "\n" not in r.getMessage() for r in problems), [r.getMessage() for r in problems]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Can not load invalid JSON" not in caplog.text and "Traceback" not in caplog.text
    assert any("Update" in r.getMessage() and "not answered" in r.getMessage() for r in problems)
    assert any("Polling" in r.getMessage() for r in problems)


def test_fake_drops_and_delays_on_demand(fake_api: FakeBotApi) -> None:
    fake_api.fault("getMe", "drop")
    with pytest.raises(httpx.RemoteProtocolError):
        httpx.post(f"{fake_api.base_url}{fake_api.token}/getMe")
    fake_api.timeout_delay = 0.3
    fake_api.fault("sendMessage", "timeout")
    with pytest.raises(httpx.ReadTimeout):
        httpx.post(f"{fake_api.base_url}{fake_api.token}/sendMessage", data={"chat_id": 1, "text": "hi"}, timeout=0.1)
    assert [s.text for s in fake_api.pop(1)] == ["hi"], "carried out although the answer came too late"
    fake_api.fault("getMe", "502")
    response = httpx.post(f"{fake_api.base_url}{fake_api.token}/getMe")
    assert response.status_code == 502 and response.text.startswith("<html>")


@pytest.mark.parametrize(("value", "paced"), [("on", True), ("off", False), ("", True)])
def test_the_rate_limit_setting_switches_telegram_pacing(monkeypatch, tmp_path, value: str, paced: bool) -> None:
    seen: dict = {}
    monkeypatch.setattr(Application, "run_polling", lambda self, **kw: seen.update(limiter=self.bot.rate_limiter))
    env = {"TELEGRAM_BOT_TOKEN": "123:abcdefghijkl", "EXOBOT_DB": str(tmp_path / "x.db"), "EXOBOT_RATE_LIMIT": value}
    assert run_telegram(Settings.from_env(env)) == 0
    assert isinstance(seen["limiter"], Pacing) is paced
