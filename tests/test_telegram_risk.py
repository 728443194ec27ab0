"""Risk on Telegram: an emergency is one message with one button, and a failed check is logged and referred."""

from __future__ import annotations

import pytest

from bot.engine.conversation import Incoming
from tests.fakebot import parse_html

pytest_plugins = ["tests.telegram_fixtures"]

ALICE = 6001
EMERGENCY = "I had microneedling yesterday and now my face is really swollen"


@pytest.mark.asyncio
async def test_an_emergency_reaches_telegram_as_the_line_alone_with_one_button(make_bot) -> None:
    bot = await make_bot()
    [sent] = await bot.send(ALICE, EMERGENCY)
    assert sent.text == parse_html(bot.engine.renderer.static("referrals/urgent.j2"))[0]
    [(label, data)] = sent.buttons
    assert label == "After emergency care"
    [after] = await bot.press(ALICE, data, message_id=sent.message_id)
    assert after.text.startswith("Once you are safe")
    assert ("Safety screening", "go:screening") in after.buttons
    [row] = bot.store.rows("messages")
    assert row["risks"] == "recent_procedure,urgent" and row["text"] is None


@pytest.mark.asyncio
async def test_a_foreign_message_gets_the_referral_then_english_only(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.send(ALICE, "estoy embarazada, ¿puedo usar exosomas?")
    assert [s.html for s in sent] == [r.text for r in bot.engine.handle(
        bot.engine.new_state(), Incoming(text="estoy embarazada, ¿puedo usar exosomas?", now=0.0)).replies]
    assert "obstetrician" in sent[0].text and "only read English" in sent[-1].text
    [row] = bot.store.rows("messages")
    assert row["risks"] == "pregnancy" and row["text"] is None


@pytest.mark.asyncio
async def test_thanks_in_another_language_gets_the_thanks_reply(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.send(ALICE, "danke schön")
    expected = bot.engine.handle(bot.engine.new_state(), Incoming(text="danke schön", now=0.0)).replies
    assert [s.html for s in sent] == [r.text for r in expected]
    assert not any("only read English" in s.text for s in sent)


@pytest.mark.asyncio
async def test_a_failed_risk_check_is_logged_as_an_error_and_the_user_referred(make_bot, monkeypatch, caplog) -> None:
    bot = await make_bot()

    def boom(text):
        raise RuntimeError("broken rule")

    monkeypatch.setattr(bot.engine.risk, "read", boom)
    with caplog.at_level("ERROR"):
        sent = await bot.send(ALICE, "what does plated mean")
    assert sent[0].text.startswith("I couldn't check this message for health risks")
    assert any(r.levelname == "ERROR" and "Risk check failed with RuntimeError" in r.getMessage()
               for r in caplog.records)
    assert all("plated" not in r.getMessage() for r in caplog.records if r.levelname == "ERROR")
    [row] = bot.store.rows("messages")
    assert row["text"] is None
