"""Run exobot on Telegram: a thin python-telegram-bot (v22) adapter over the engine.

Each update becomes an :class:`~bot.engine.conversation.Incoming`; the chat's session state
comes from the store, goes through ``engine.handle`` and goes back to the store in
the same step (so a restart mid-flow resumes); the replies become HTML messages
with inline keyboards. Edited messages are ignored: the answer to the original
stays in the chat, and a silently changed question should not change the flow.
"""

from __future__ import annotations

import asyncio
import html
import logging
import re
import secrets
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable
from typing import Any, TypeVar
from urllib.parse import urlparse

from telegram import (
    BotCommand,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    Update,
)
from telegram.constants import ChatType, MessageEntityType, ParseMode
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.adapters.telegram_format import keyboard, split_html
from bot.engine.commands import COMMANDS
from bot.engine.conversation import Incoming, Reply
from bot.settings import Settings

try:  # bot/report.py belongs to the storage and reporting work
    from bot.ops.report import summary_text
except ImportError:  # pragma: no cover - only until bot/report.py lands
    summary_text = None

logger = logging.getLogger(__name__)

STATS_COMMAND = "/stats"
#: Rate limits: Telegram's 30 messages/s overall, 20/min per group; RetryAfter is retried.
OVERALL_PER_SECOND = 30
RETRY_AFTER_RETRIES = 3
#: Private chats: a burst of this many, then about one message a second.
CHAT_BURST = 8
#: Server errors (5xx, dropped connections) are retried this many times before giving up.
SEND_ATTEMPTS = 3
SEND_RETRY_DELAY = 0.3
DAY = 86400.0
#: Edits that cannot happen: the reply is sent as a new message instead.
_EDIT_FALLBACK = ("message is not modified", "message to edit not found", "message can't be edited")
_BOTFATHER_HELP = """\
exobot telegram needs a bot token, and TELEGRAM_BOT_TOKEN is not set.

  1. In Telegram, open a chat with @BotFather (https://t.me/BotFather).
  2. Send /newbot and choose a name and a username ending in "bot".
  3. Copy the token BotFather gives you (it looks like 123456789:AA...).
  4. Run:  TELEGRAM_BOT_TOKEN=<your token> exobot telegram
     (optional: send /setinline to @BotFather to enable inline mode)

Without a token, plain `exobot` starts the console chat instead.
"""

T = TypeVar("T")


# -- Logging without the token ---------------------------------------------------


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (message, arguments and traceback)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record so the token never reaches a log handler."""
        message = record.getMessage()
        if self.token in message:
            record.msg, record.args = redact(message, self.token), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip(), self.token)
        return True


def redact(text: str, token: str) -> str:
    """Return text with the bot token (and its secret half) replaced."""
    if not token:
        return text
    text = text.replace(token, "<token>")
    secret = token.partition(":")[2]
    return text.replace(secret, "<token>") if len(secret) >= 8 else text


def protect_logs(token: str) -> None:
    """Keep the token out of the logs: redact on every root handler; silence httpx's URL lines."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactToken) and f.token == token for f in handler.filters):
            handler.addFilter(RedactToken(token))


# -- Sending ---------------------------------------------------------------------


async def _retrying(call: Callable[[], Awaitable[T]]) -> T:
    """Run a Bot API call, retrying server errors and RetryAfter; never a timeout (it may have arrived)."""
    for attempt in range(SEND_ATTEMPTS):
        try:
            return await call()
        except (BadRequest, TimedOut):
            raise
        except RetryAfter as exc:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            await asyncio.sleep(exc.retry_after.total_seconds() if hasattr(exc.retry_after, "total_seconds")
                                else float(exc.retry_after))
        except NetworkError:
            if attempt == SEND_ATTEMPTS - 1:
                raise
            await asyncio.sleep(SEND_RETRY_DELAY * (attempt + 1))
    raise AssertionError("unreachable")


async def _edit(message: Message, text: str, markup: Any) -> bool:
    """Edit the message a button was on; False when Telegram cannot edit it."""
    try:
        await _retrying(lambda: message.get_bot().edit_message_text(
            text, chat_id=message.chat_id, message_id=message.message_id,
            parse_mode=ParseMode.HTML, reply_markup=markup))
    except BadRequest as exc:
        if any(reason in str(exc).lower() for reason in _EDIT_FALLBACK):
            return False
        raise
    return True


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
            part_markup = markup if index == len(parts) - 1 else None
            await _retrying(lambda part=part, part_markup=part_markup: bot.send_message(
                chat_id, part, parse_mode=ParseMode.HTML, reply_markup=part_markup))


# -- Turning updates into engine messages ----------------------------------------------


def _is_private(message: Message) -> bool:
    """Return whether the message is in a one-to-one chat with the bot."""
    return message.chat.type == ChatType.PRIVATE


def _replies_to_bot(message: Message, bot_id: int) -> bool:
    """Return whether the message answers one of the bot's own messages."""
    original = message.reply_to_message
    return bool(original and original.from_user and original.from_user.id == bot_id)


def addressed_text(message: Message, username: str, bot_id: int) -> str | None:
    """Return the text meant for the bot (mention and @botname stripped), or None when not addressed."""
    text = (message.text or "").strip()
    if not text:
        return None
    command = re.match(r"/([A-Za-z0-9_]+)(?:@([A-Za-z0-9_]+))?(?=\s|$)", text)
    if command:
        if command.group(2) and command.group(2).lower() != username.lower():
            return None  # a command for another bot in the same group
        name, rest = command.group(1).lower(), text[command.end():].strip()
        return f"/{name}" if name == "start" or not rest else f"/{name} {rest}"
    if _is_private(message) or _replies_to_bot(message, bot_id):
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


async def run_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming,
                   edit: Message | None = None) -> None:
    """Load the chat's session, let the engine answer, store the turn, send the replies."""
    engine, store = context.bot_data["engine"], context.bot_data["store"]
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    state = store.load_session(chat_id) or engine.new_state()
    turn = engine.handle(state, incoming)
    if turn.erase:
        store.forget_user(user_id)  # nothing is saved after an erasure, not even the session
    else:
        store.record_turn(user_id=user_id, chat_id=chat_id, turn=turn, now=incoming.now)
    await send_replies(context.bot, chat_id, turn.replies, edit=edit)


# -- Handlers --------------------------------------------------------------------


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message: any in a private chat; commands, mentions and replies to the bot in groups."""
    message = update.message
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return
    if text == STATS_COMMAND and await _send_stats(update, context):
        return
    await run_turn(update, context, Incoming(text=text, now=time.time()))


async def _send_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Send the operators' summary to an admin in a private chat; False for anyone else."""
    if update.effective_user.id not in context.bot_data["admin_ids"] or not _is_private(update.message):
        return False
    if summary_text is None:
        text = "The report module is not installed in this build."
    else:
        text = summary_text(context.bot_data["store"], time.time())  # HTML, database text escaped
    await send_replies(context.bot, update.effective_chat.id, [Reply(text)])
    return True


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Tell the user that exobot reads text only (stickers, photos, voice, files, places)."""
    message = update.message
    if not (_is_private(message) or _replies_to_bot(message, context.bot.id)):
        return
    reply = context.bot_data["engine"].system_reply("text_only")
    await send_replies(context.bot, message.chat_id, [reply])


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press: acknowledge it, then let the engine handle its data."""
    query = update.callback_query
    try:
        await query.answer()
    except BadRequest as exc:  # too old to acknowledge: still answer in the chat
        logger.info("Could not answer callback query: %s", exc)
    message = query.message if isinstance(query.message, Message) else None
    if message is None:  # a button on an inaccessible or inline message: nothing to answer in
        return
    await run_turn(update, context, Incoming(button=query.data or "", now=time.time()), edit=message)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the best-matching answers for `@bot question` in any chat."""
    query = update.inline_query
    text = query.query.strip()
    if not text:
        hint = InlineQueryResultsButton(text="Type a question, e.g. plated exosomes", start_parameter="inline")
        await query.answer([], button=hint, cache_time=300)
        return
    results = []
    for index, (title, body) in enumerate(context.bot_data["engine"].inline_answers(text)):
        first = split_html(body)[0]
        preview = html.unescape(re.sub(r"<[^>]+>", "", first))
        results.append(InlineQueryResultArticle(
            id=str(index), title=title, description=preview[:100],
            input_message_content=InputTextMessageContent(first, parse_mode=ParseMode.HTML),
        ))
    await query.answer(results, cache_time=300, is_personal=False)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the error without the token and tell the user something went wrong."""
    token = context.bot.token
    error = context.error
    details = redact("".join(traceback.format_exception(error)) if error else "unknown error", token)
    update_id = update.update_id if isinstance(update, Update) else None
    logger.error("Update %s failed:\n%s", update_id, details)
    chat = update.effective_chat if isinstance(update, Update) else None
    engine = context.bot_data.get("engine")
    if chat is None or engine is None:
        return
    try:
        await send_replies(context.bot, chat.id, [engine.system_reply("error")])
    except TelegramError as exc:
        logger.warning("Could not tell chat about the error: %s", redact(str(exc), token))


# -- Application -------------------------------------------------------------------


async def _post_init(application: Application) -> None:
    """Register the command menu with Telegram."""
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS if c.listed])


async def _purge(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete events older than the retention period (daily job)."""
    removed = context.bot_data["store"].purge_expired(time.time())
    logger.info("Retention: removed %d old rows", removed)


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter plus about one message a second per private chat (after a short burst)."""

    def __init__(self, chat_burst: int = CHAT_BURST, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._chat_burst = chat_burst
        self._chats: dict[int, Any] = {}

    async def process_request(self, callback: Any, args: Any, kwargs: Any, endpoint: str,
                              data: dict[str, Any], rate_limit_args: int | None) -> Any:
        """Wait for the chat's own limiter, then apply Telegram's overall and group limits."""
        from aiolimiter import AsyncLimiter

        chat_id = data.get("chat_id")
        if not isinstance(chat_id, int) or chat_id < 0 or not self._chat_burst:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
        if len(self._chats) > 1024:
            self._chats = {k: v for k, v in self._chats.items() if not v.has_capacity(v.max_rate)}
        limiter = self._chats.setdefault(chat_id, AsyncLimiter(self._chat_burst, self._chat_burst))
        async with limiter:
            return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)


def _file_url(base_url: str) -> str | None:
    """Derive the file URL of a Bot API server from its base URL (".../bot" -> ".../file/bot")."""
    return base_url[: -len("bot")] + "file/bot" if base_url.endswith("/bot") else None


def build_application(engine: Any, store: Any, *, token: str, base_url: str | None = None,
                      admin_ids: frozenset[int] = frozenset(), rate_limit: bool = True) -> Application:
    """Build the Telegram Application around an engine and a store (not started)."""
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .post_init(_post_init)
    )
    if base_url:
        builder = builder.base_url(base_url)
        if _file_url(base_url):
            builder = builder.base_file_url(_file_url(base_url))
    if rate_limit:
        builder = builder.rate_limiter(ChatRateLimiter(
            overall_max_rate=OVERALL_PER_SECOND, overall_time_period=1, max_retries=RETRY_AFTER_RETRIES))
    application = builder.build()
    application.bot_data.update(engine=engine, store=store, admin_ids=frozenset(admin_ids))
    protect_logs(token)

    new_messages = filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(new_messages & filters.TEXT, on_text))
    application.add_handler(MessageHandler(new_messages & ~filters.TEXT & ~filters.StatusUpdate.ALL, on_other))
    application.add_handler(CallbackQueryHandler(on_button))
    application.add_handler(InlineQueryHandler(on_inline))
    application.add_error_handler(on_error)
    if application.job_queue is not None:
        application.job_queue.run_repeating(_purge, interval=DAY, first=DAY, name="retention")
    return application


def run_telegram(settings: Settings) -> int:
    """Run the bot until interrupted: long polling, or a webhook when WEBHOOK_URL is set."""
    token = settings.token
    if not token:
        print(_BOTFATHER_HELP, file=sys.stderr)
        return 2
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s", level=settings["EXOBOT_LOG_LEVEL"])
    protect_logs(token)

    from bot.content import load_engine
    from bot.store import Store

    engine = load_engine(settings=settings)
    store = Store.from_settings(settings)
    application = build_application(
        engine, store, token=token, base_url=settings["TELEGRAM_API_BASE_URL"], admin_ids=settings.admin_ids,
    )
    webhook_url = settings["WEBHOOK_URL"]
    try:
        if webhook_url:
            secret = settings["WEBHOOK_SECRET"] or secrets.token_urlsafe(32)
            application.run_webhook(
                listen="0.0.0.0", port=settings["PORT"],
                url_path=urlparse(webhook_url).path.lstrip("/"), webhook_url=webhook_url,
                secret_token=secret, allowed_updates=Update.ALL_TYPES,
            )
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    finally:
        store.close()
    return 0
