"""Talking to the Bot API: one retry policy, Telegram's pacing, and sending the engine's replies.

Every call a reply depends on (sendMessage, editMessageText, answerCallbackQuery) goes
through :func:`call_api`: a 429 waits ``retry_after`` and tries again; a 5xx or a dropped
connection backs off a few times; a timeout is retried only for calls that are safe to
repeat (an edit, an acknowledgement), never for a send, which may have arrived. A 400 or
403 is Telegram's answer, not a fault, and is raised at once. :class:`Pacing` keeps
within Telegram's limits and never retries anything itself.
"""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import Awaitable, Callable, Iterable
from contextlib import AsyncExitStack
from typing import Any, TypeVar

import httpx
from aiolimiter import AsyncLimiter
from telegram import CallbackQuery, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import BaseRateLimiter
from telegram.request import BaseRequest, HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from bot.adapters.telegram_format import keyboard, split_html
from bot.adapters.telegram_logs import one_line
from bot.engine.conversation import Reply

logger = logging.getLogger(__name__)
T = TypeVar("T")

#: Waits before the retries of a call that met a 5xx, a dropped connection or (when safe) a timeout.
BACKOFF: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
#: A 429 is waited out this many times per call, each for at most MAX_RETRY_AFTER seconds.
RETRY_AFTER_TIMES = 5
MAX_RETRY_AFTER = 60.0
#: Telegram's limits: 30 messages a second overall, 20 a minute in a group.
OVERALL_PER_SECOND = 30
GROUP_PER_MINUTE = 20
#: Private chats: a burst of this many, then about one message a second.
CHAT_BURST = 8
#: Calls to the Bot API in flight at once (one connection each): plenty for Telegram's limits even
#: at 100 ms a call.
CONNECTIONS = 16
#: Edits that cannot happen: the reply is sent as a new message instead.
_EDIT_FALLBACK = ("message is not modified", "message to edit not found", "message can't be edited")


def _seconds(error: RetryAfter) -> float:
    """Return how long a 429 asks to wait, in seconds (PTB 22 warns about its type changing)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        retry_after = error.retry_after
    return retry_after.total_seconds() if hasattr(retry_after, "total_seconds") else float(retry_after)


async def call_api(call: Callable[[], Awaitable[T]], *, repeatable: bool) -> T:
    """Run one Bot API call under the retry policy (``repeatable``: a timeout may be retried)."""
    failures = waits = 0
    while True:
        try:
            return await call()
        except RetryAfter as exc:
            waits += 1
            if waits > RETRY_AFTER_TIMES or _seconds(exc) > MAX_RETRY_AFTER:
                raise
            await asyncio.sleep(_seconds(exc))
        except (BadRequest, Forbidden, InvalidToken):
            raise
        except TimedOut:
            if not repeatable or failures >= len(BACKOFF):
                raise
            failures += 1
            await asyncio.sleep(BACKOFF[failures - 1])
        except NetworkError:
            if failures >= len(BACKOFF):
                raise
            failures += 1
            await asyncio.sleep(BACKOFF[failures - 1])


async def answer_query(query: CallbackQuery) -> None:
    """Acknowledge a button press; a failure is logged and never stops the press being handled."""
    try:
        await call_api(query.answer, repeatable=True)
    except BadRequest as exc:  # too old, or an earlier attempt that timed out did arrive
        logger.info("Callback query not acknowledged: %s", exc)
    except TelegramError as exc:
        logger.warning("Callback query not acknowledged: %s", one_line(exc))


async def _edit(message: Message, text: str, markup: Any) -> bool:
    """Edit the message a button was on; False when Telegram cannot edit it."""
    attempts = 0

    async def edit() -> None:
        """Edit once; a retry that finds the new text already there has succeeded."""
        nonlocal attempts
        attempts += 1
        try:
            await message.get_bot().edit_message_text(
                text, chat_id=message.chat_id, message_id=message.message_id,
                parse_mode=ParseMode.HTML, reply_markup=markup)
        except BadRequest as exc:
            if attempts > 1 and "message is not modified" in str(exc).lower():
                return  # an attempt that timed out had arrived
            raise

    try:
        await call_api(edit, repeatable=True)
    except BadRequest as exc:
        if any(reason in str(exc).lower() for reason in _EDIT_FALLBACK):
            return False
        raise
    return True


async def _send(bot: Any, chat_id: int, text: str, markup: Any) -> None:
    """Send one message; a timeout is not retried (the message may have arrived) and counts as sent."""
    try:
        await call_api(lambda: bot.send_message(chat_id, text, parse_mode=ParseMode.HTML, reply_markup=markup),
                       repeatable=False)
    except TimedOut:
        logger.warning("sendMessage timed out; not sent again, as it may have arrived")


async def send_replies(bot: Any, chat_id: int, replies: Iterable[Reply], edit: Message | None = None) -> None:
    """Send the engine's replies: split under 4,096 characters, keyboard on the last part."""
    for reply in replies:
        parts = split_html(reply.text)
        markup = keyboard(reply.buttons)
        if reply.edit and edit is not None and len(parts) == 1:
            target, edit = edit, None
            if await _edit(target, parts[0], markup):
                continue
        for index, part in enumerate(parts):
            await _send(bot, chat_id, part, markup if index == len(parts) - 1 else None)


class PooledRequest(BaseRequest):
    """PTB's HTTPX request as ``connections`` one-connection clients, each carrying one call at a time.

    One httpx pool of N connections hands a burst of calls the same idle connection and
    retries the losers, and scans every connection on each attempt: at a few hundred calls
    a second that costs more than the calls. A call here waits for a free client instead.
    """

    def __init__(self, connections: int = CONNECTIONS, **kwargs: Any) -> None:
        # One TLS context for every client: each would otherwise load the CA bundle again (~17 ms apiece).
        shared = {"verify": httpx.create_ssl_context()}
        self._clients = [HTTPXRequest(connection_pool_size=1, httpx_kwargs=shared, **kwargs)
                         for _ in range(connections)]
        self._free: asyncio.Queue[HTTPXRequest] | None = None

    @property
    def read_timeout(self) -> float | None:
        """Return the default read timeout (the same for every client)."""
        return self._clients[0].read_timeout

    async def initialize(self) -> None:
        """Open every client and mark them free."""
        self._free = asyncio.Queue()
        for client in self._clients:
            await client.initialize()
            self._free.put_nowait(client)

    async def shutdown(self) -> None:
        """Close every client."""
        for client in self._clients:
            await client.shutdown()

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        """Make the call on the first free client."""
        if self._free is None:
            await self.initialize()
        assert self._free is not None
        client = await self._free.get()
        try:
            return await client.do_request(*args, **kwargs)
        finally:
            self._free.put_nowait(client)


class Pacing(BaseRateLimiter[int]):
    """Keep within Telegram's limits: 30 messages/s overall, 20 a minute per group, a burst then 1/s per chat.

    Only calls aimed at a chat are paced (acknowledging a press or polling never waits),
    and the chat's own limit is taken before the overall one, so a paced chat holds up
    no other. Nothing is retried here: :func:`call_api` is the one retry policy.
    """

    def __init__(self, overall_per_second: int = OVERALL_PER_SECOND, chat_burst: int = CHAT_BURST) -> None:
        self._overall = AsyncLimiter(overall_per_second, 1)
        self._chat_burst = chat_burst
        self._chats: dict[int, AsyncLimiter] = {}

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    def _chat_limiter(self, chat_id: int) -> AsyncLimiter:
        """Return the chat's own limiter, forgetting idle ones now and then."""
        if len(self._chats) > 1024:
            self._chats = {k: v for k, v in self._chats.items() if not v.has_capacity(v.max_rate)}
        if chat_id not in self._chats:
            group = chat_id < 0
            self._chats[chat_id] = AsyncLimiter(GROUP_PER_MINUTE, 60) if group else AsyncLimiter(
                self._chat_burst, self._chat_burst)
        return self._chats[chat_id]

    async def process_request(self, callback: Callable[..., Awaitable[Any]], args: Any, kwargs: dict[str, Any],
                              endpoint: str, data: dict[str, Any], rate_limit_args: int | None) -> Any:
        """Wait for the chat's limit, then the overall one, then make the call once."""
        chat_id = data.get("chat_id")
        async with AsyncExitStack() as limits:
            if isinstance(chat_id, int | str) and str(chat_id).lstrip("-").isdigit():
                await limits.enter_async_context(self._chat_limiter(int(chat_id)))
                await limits.enter_async_context(self._overall)
            return await callback(*args, **kwargs)
