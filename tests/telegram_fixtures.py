"""Fixtures for the Telegram tests: the fake Bot API server and a running exobot Application.

A :class:`TelegramHarness` runs the real python-telegram-bot Application, long polling
the fake server over real HTTP. ``await bot.send(chat, "hi")`` queues an update, waits
until the Application has finished with it (its id is recorded as handled in the store,
which happens for every update, answered, ignored or dropped by the flood guard) and
pops what the bot showed that chat.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from telegram import Update
from telegram.ext import Application

from bot.adapters.telegram import build_application
from bot.store import Store
from tests.fakebot import FakeBotApi, Sent

#: How long one update may take (a 429 costs retry_after + 0.1 s).
UPDATE_TIMEOUT = 15.0


@pytest.fixture
def fake_api() -> Iterator[FakeBotApi]:
    """Serve a fresh fake Bot API on 127.0.0.1 for one test."""
    api = FakeBotApi().start()
    yield api
    api.stop()


class TelegramHarness:
    """Run exobot's Application against the fake server and talk to it as users would."""

    def __init__(self, api: FakeBotApi, engine: Any, store_factory: Any, **options: Any) -> None:
        self.api = api
        self.engine = engine
        self.store_factory = store_factory
        self.options = options
        self.store: Any = None
        self.app: Application | None = None

    async def start(self) -> None:
        """Open the store, build the Application and start long polling."""
        self.store = self.store_factory()
        self.app = build_application(self.engine, self.store, token=self.api.token, base_url=self.api.base_url,
                                     **self.options)
        await self.app.initialize()
        if self.app.post_init:
            await self.app.post_init(self.app)
        await self.app.start()
        await self.app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=Update.ALL_TYPES,
                                             error_callback=self._polling_error)

    def _polling_error(self, error: Exception) -> None:
        """Hand a failed getUpdates to the error handlers, as run_polling does."""
        self.app.create_task(self.app.process_error(error=error, update=None))

    async def stop(self) -> None:
        """Stop polling, shut the Application down and close the store."""
        if self.app is None:
            return
        await self.app.updater.stop()
        await self.app.stop()
        await self.app.shutdown()
        self.store.close()
        self.app = None

    async def restart(self) -> None:
        """Stop everything and start again on the same SQLite file (a new process would do the same)."""
        await self.stop()
        await self.start()

    async def wait(self, update_id: int) -> None:
        """Wait until the Application has finished with an update."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + UPDATE_TIMEOUT
        while not self.store.is_handled(update_id):
            if loop.time() > deadline:
                raise AssertionError(f"update {update_id} was not processed in {UPDATE_TIMEOUT}s")
            await asyncio.sleep(0.01)

    async def send(self, chat_id: int, text: str, **kwargs: Any) -> list[Sent]:
        """Send a text message as the user of chat_id; return what the bot showed the chat."""
        await self.wait(self.api.push_text(chat_id, text, **kwargs))
        return self.api.pop(chat_id)

    async def press(self, chat_id: int, data: str, **kwargs: Any) -> list[Sent]:
        """Press a button (on the bot's last message by default); return what the bot showed."""
        update_id, query_id = self.api.push_callback(chat_id, data, **kwargs)
        await self.wait(update_id)
        assert query_id not in self.api._open_queries, "the callback query was not answered"
        return self.api.pop(chat_id)

    async def sticker(self, chat_id: int, **kwargs: Any) -> list[Sent]:
        """Send a sticker; return what the bot showed."""
        await self.wait(self.api.push_sticker(chat_id, **kwargs))
        return self.api.pop(chat_id)

    async def photo(self, chat_id: int, data: bytes, **kwargs: Any) -> list[Sent]:
        """Send a photo (or, with as_document=True, an image file); return what the bot showed."""
        await self.wait(self.api.push_photo(chat_id, data, **kwargs))
        return self.api.pop(chat_id)

    async def inline(self, user_id: int, query: str) -> dict:
        """Type `@bot query`; return the answerInlineQuery parameters the bot sent."""
        update_id, query_id = self.api.push_inline_query(user_id, query)
        await self.wait(update_id)
        answers = [p for p in self.api.calls_of("answerInlineQuery") if p.get("inline_query_id") == query_id]
        assert len(answers) == 1, f"expected one answer to {query_id}, got {answers}"
        return answers[0]


@pytest_asyncio.fixture
async def make_bot(fake_api: FakeBotApi, tmp_path: Path, engine: Any) -> AsyncIterator[Any]:
    """Return a factory of started harnesses (the session's engine, a real store on a temp file); stop them after.

    Telegram's pacing (one message a second per chat after a burst) is off unless a test asks for it
    with ``rate_limit=True``: the tests that are about pacing do, the rest would only wait.
    """
    harnesses: list[TelegramHarness] = []

    async def factory(**options: Any) -> TelegramHarness:
        options.setdefault("rate_limit", False)
        path = tmp_path / "exobot.db"
        harness = TelegramHarness(fake_api, engine, lambda: Store.open(path, key=b"k" * 32), **options)
        await harness.start()
        harnesses.append(harness)
        return harness

    yield factory
    for harness in harnesses:
        await harness.stop()

