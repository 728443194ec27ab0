"""How updates reach the handlers: stored first, chats in parallel, each chat in order, floods dropped.

* :class:`InboxQueue` is the Application's update queue. It writes each update to the
  store's inbox before queueing it, and both ways in go through it: PTB's updater
  confirms a batch to Telegram only on its next getUpdates call, after every update of
  the batch is stored, and the webhook answers Telegram's POST only once ``put`` returns.
  An update already stored or handled (Telegram delivering it again) is not queued twice.
* :class:`ChatProcessor` runs different chats concurrently and one chat's updates
  strictly in arrival order (one asyncio lock per chat, FIFO), so one chat's pacing or
  flood never delays another; after an update is handled its id is recorded.
* :class:`FloodGuard`: beyond N messages in M seconds from one user, one polite "slow
  down" and the rest dropped on arrival, not queued.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
import time
from collections import deque
from collections.abc import Awaitable
from typing import Any

from telegram import Message, Update
from telegram.constants import ChatType, MessageEntityType
from telegram.error import TelegramError
from telegram.ext import BaseUpdateProcessor

from bot.adapters.telegram_send import answer_query, send_replies
from bot.engine.conversation import Reply

logger = logging.getLogger(__name__)

#: Updates handled at once across all chats (a waiting chat costs one small task).
MAX_CONCURRENT = 4096
#: Flood guard verdicts.
OK, WARN, DROP = "ok", "warn", "drop"


# -- Which messages are meant for the bot -----------------------------------------------


def is_private(message: Message) -> bool:
    """Return whether the message is in a one-to-one chat with the bot."""
    return message.chat.type == ChatType.PRIVATE


def replies_to_bot(message: Message, bot_id: int) -> bool:
    """Return whether the message answers one of the bot's own messages."""
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == bot_id)


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """Return the text meant for the bot (mention and @botname stripped), or None when not addressed.

    In a private chat everything is for exobot, so ``/help@otherbot`` is read as ``/help``;
    in a group a command for another bot is left to that bot.
    """
    text = (message.text or "").strip()
    if not text:
        return None
    command = re.match(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)", text)
    if command:
        if command.group(2) and command.group(2).lower() != username.lower() and not is_private(message):
            return None
        name, rest = command.group(1).lower(), text[command.end():].strip()
        return f"/{name}" if name == "start" or not rest else f"/{name} {rest}"
    if is_private(message) or replies_to_bot(message, bot_id):
        return _strip_mention(text, username) or "/help"
    mentioned = any(
        entity.type == MessageEntityType.MENTION and text_of.lower() == f"@{username.lower()}"
        for entity, text_of in message.parse_entities([MessageEntityType.MENTION]).items()
    )
    return (_strip_mention(text, username) or "/help") if mentioned else None


def _strip_mention(text: str, username: str) -> str:
    """Remove @botname from the text and tidy the spaces left behind."""
    stripped = re.sub(rf"@{re.escape(username)}\b", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", stripped).strip(" ,:")


def for_the_bot(update: Update) -> bool:
    """Tell whether an update asks the bot for a reply (what the flood guard counts)."""
    if update.callback_query is not None:
        return True
    message = update.message
    if message is None:
        return False  # edits are ignored; inline queries come with every keystroke
    if is_private(message):
        return True
    bot = message.get_bot()
    if message.text:
        return addressed_text(message, bot.username, bot.id) is not None
    return replies_to_bot(message, bot.id)


# -- Flood guard ---------------------------------------------------------------------------


class FloodGuard:
    """Allow each user `limit` messages in any `seconds`; past that, warn once and drop the rest."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit = limit
        self.seconds = seconds
        self._recent: dict[int, deque[float]] = {}
        self._warned: set[int] = set()

    def check(self, user_id: int, now: float) -> str:
        """Count one message from the user and return OK, WARN (the first one over) or DROP."""
        if self.limit <= 0:
            return OK
        if len(self._recent) > 4096:
            self._forget_idle(now)
        recent = self._recent.setdefault(user_id, deque(maxlen=self.limit + 1))
        recent.append(now)
        if len(recent) <= self.limit or recent[0] <= now - self.seconds:
            self._warned.discard(user_id)
            return OK
        if user_id in self._warned:
            return DROP
        self._warned.add(user_id)
        return WARN

    def _forget_idle(self, now: float) -> None:
        """Drop users whose latest message is out of the window."""
        idle = [user for user, recent in self._recent.items() if recent[-1] <= now - self.seconds]
        for user in idle:
            del self._recent[user]
            self._warned.discard(user)

    def verdict(self, update: Update) -> str:
        """Judge an update as it arrives (a message by the time it was sent, a press by now)."""
        user = update.effective_user
        if user is None or not for_the_bot(update):
            return OK
        sent = update.message.date.timestamp() if update.message is not None else time.time()
        return self.check(user.id, sent)


# -- The inbox and the processor ---------------------------------------------------------


class InboxQueue(asyncio.Queue):
    """The Application's update queue: every update is stored in the inbox before it is queued."""

    def __init__(self, store: Any) -> None:
        super().__init__()
        self.store = store

    async def put(self, item: object) -> None:
        """Store an update, then queue it; one already stored or handled is not queued again."""
        if isinstance(item, Update) and not self.store.inbox_add(item.update_id, item.to_json(), time.time()):
            logger.debug("Update %s delivered again: skipped", item.update_id)
            return
        await super().put(item)

    def replay(self, bot: Any) -> int:
        """Queue the updates a crash left stored but not handled; return how many."""
        pending = self.store.inbox_pending()
        for update_id, payload in pending:
            try:
                self.put_nowait(Update.de_json(json.loads(payload), bot))
            except ValueError:
                logger.warning("Stored update %s could not be read: dropped", update_id)
                self.store.mark_handled(update_id, time.time())
        if pending:
            logger.info("Handling %d update(s) stored before the last stop", len(pending))
        return len(pending)


class ChatProcessor(BaseUpdateProcessor):
    """Process chats concurrently, each chat's updates in order; skip handled updates; apply the flood guard."""

    def __init__(self, store: Any, flood: FloodGuard, slow_down: Reply, max_concurrent: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent)
        self.store = store
        self.flood = flood
        self.slow_down = slow_down
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Run the update's handlers after the chat's earlier updates, then record it as handled."""
        if not isinstance(update, Update):
            await coroutine
            return
        if self.store.is_handled(update.update_id):
            coroutine.close()  # type: ignore[attr-defined]
            return
        verdict = self.flood.verdict(update)
        if verdict != OK:
            coroutine.close()  # type: ignore[attr-defined]
            coroutine = self._flooded(update, warn=verdict == WARN)
        if update.effective_chat is None:  # an inline query: nothing to keep in order
            await coroutine
        else:
            await self._in_order(update.effective_chat.id, coroutine)
        self.store.mark_handled(update.update_id, time.time())

    async def _in_order(self, key: int, coroutine: Awaitable[Any]) -> None:
        """Await the coroutine once the chat's earlier updates are done (asyncio locks are FIFO)."""
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:
                del self._waiting[key], self._locks[key]

    async def _flooded(self, update: Update, warn: bool) -> None:
        """Answer a flooded update: acknowledge a press; the first one over the limit gets 'slow down'."""
        try:
            if update.callback_query is not None:
                await answer_query(update.callback_query)
            if warn and update.effective_chat is not None:
                logger.info("Flood guard: a user is over the limit; dropping until they slow down")
                await send_replies(update.get_bot(), update.effective_chat.id, [self.slow_down])
        except TelegramError as exc:
            logger.warning("Could not send the flood notice: %s", exc)
