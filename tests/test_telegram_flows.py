"""Typed guided flows on Telegram: the real Application against the strict fake Bot API.

What people type is read at its question, the card shows it (escaped) beside each answer,
one answer can be changed from the card, and the store sees only counts, verdicts and flags.
"""

from __future__ import annotations

import pytest

pytest_plugins = ["tests.telegram_fixtures"]

ALICE = 6001


async def say(bot, text: str):
    """Type a message; return the last thing the bot showed."""
    sent = await bot.send(ALICE, text)
    assert sent, text
    return sent[-1]


async def press(bot, shown, label: str):
    """Press a button of a shown message by (part of) its label; return the last thing shown."""
    sent = await bot.press(ALICE, shown.data(label), message_id=shown.message_id)
    assert sent, label
    return sent[-1]


@pytest.mark.asyncio
async def test_a_typed_screening_is_read_and_stores_only_flags(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/screen")
    for text in ["nope", "still nursing", "of course not", "no", "no", "definitely not", "nah"]:
        shown = await say(bot, text)
    assert "Safety screening: your result" in shown.text and "2. Breastfeeding: Yes" in shown.text
    [row] = [r for r in bot.store.rows("flows") if r["status"] == "finished"]
    assert row["flags"] and "breastfeeding" in row["flags"] and "nursing" not in str(row)
    assert all(r["text"] is None for r in bot.store.rows("messages"))
    assert "nursing" not in str(bot.store.load_session(ALICE))


@pytest.mark.asyncio
async def test_the_checklist_card_shows_what_was_typed_escaped(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/checklist")
    await say(bot, "skip")
    await say(bot, "skip")
    shown = await say(bot, "<b>goat</b> milk")
    for _ in range(7):
        shown = await say(bot, "yes")
    assert "(you typed “<b>goat</b> milk”)" in shown.text and "&lt;b&gt;goat&lt;/b&gt;" in shown.html


@pytest.mark.asyncio
async def test_one_answer_is_changed_from_the_card_by_button(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/checklist")
    shown = await say(bot, "skip")
    shown = await say(bot, "skip")
    shown = await say(bot, "goat milk")
    for _ in range(7):
        shown = await say(bot, "yes")
    assert "8/8 criteria met" in shown.text
    shown = await press(bot, shown, "Change an answer")
    shown = await press(bot, shown, "5 Storage")
    assert "Changing question 5 of 8" in shown.text
    shown = await say(bot, "clear plastic jar, no date")
    assert "7/8 criteria met" in shown.text and "❌ Stability and shelf life: No" in shown.text
    finished = [r for r in bot.store.rows("flows") if r["status"] == "finished"]
    assert len(finished) == 1


@pytest.mark.asyncio
async def test_carry_on_yes_repeats_the_question_and_records_nothing(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/screen")
    shown = await say(bot, "what does plated mean")
    assert "Shall we carry on with the safety screening (question 1 of 7)?" in shown.text
    shown = await say(bot, "yes")
    assert "Question 1 of 7" in shown.text and "Are you pregnant" in shown.text
    state = bot.store.load_session(ALICE)
    assert state["flow"]["path"] == []


@pytest.mark.asyncio
async def test_a_word_question_at_its_question_is_explained_without_a_referral(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/screen")
    for _ in range(3):
        shown = await say(bot, "no")
    shown = await say(bot, "what is a cold sore")
    assert "caused by the herpes simplex virus" in shown.text and "Question 4 of 7" in shown.text
    assert "please see" not in shown.text


@pytest.mark.asyncio
async def test_a_procedure_still_ahead_and_a_double_negative_are_read_as_meant(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/screen")
    for text in ["nope", "no", "no", "no"]:
        await say(bot, text)
    shown = await say(bot, "laser next saturday")
    assert "Question 6 of 7" in shown.text
    shown = await say(bot, "no")
    shown = await say(bot, "I don't not have sensitive skin lol")
    assert "Safety screening: your result" in shown.text and "7. Sensitive skin or past reactions: Yes" in shown.text


@pytest.mark.asyncio
async def test_reais_and_a_hedged_no_are_read_as_meant_on_telegram(make_bot) -> None:
    bot = await make_bot()
    await say(bot, "/check")
    await say(bot, "Glow Exo Serum")
    shown = await say(bot, "R$ 450")  # reais (about $81), not $450
    assert "Question 1 of 8" in shown.text
    await say(bot, "not stated")
    shown = await say(bot, "not that I know of")  # knowing of none: asked back, never recorded
    assert "Question 2 of 8" in shown.text and "did you mean No?" in shown.text
    shown = await say(bot, "yes")  # "Type yes": the No is recorded
    for _ in range(6):
        shown = await say(bot, "no")
    assert "Price: R$450" in shown.text and "Manufacturing transparency: No" in shown.text


@pytest.mark.asyncio
async def test_a_health_refusal_gives_way_to_the_referral_on_telegram(make_bot) -> None:
    bot = await make_bot()
    sent = await bot.send(ALICE, "I take methotrexate for RA, exosomes okay or no")
    text = " ".join(m.text for m in sent)
    assert "doctor who manages your condition" in text and "outside my guide" not in text
    assert all(r["text"] is None for r in bot.store.rows("messages"))
