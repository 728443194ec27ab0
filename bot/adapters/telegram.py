"""Run exobot on Telegram: a thin python-telegram-bot (v22) adapter over the engine.

Each update becomes an :class:`~bot.engine.conversation.Incoming`; the chat's session state
comes from the store and goes through ``engine.handle``; the replies become HTML messages
with inline keyboards, and once they are sent the new state goes back to the store in one
transaction with the update's id (so a restart mid-flow resumes, and an update cut short
by a crash is answered again, never lost). Edited messages are ignored: the answer to the
original stays in the chat, and a silently changed question should not change the flow.

How updates arrive (stored, chats in parallel, each in order, floods dropped) is in
``telegram_updates``; the retry policy and pacing in ``telegram_send``; logging in
``telegram_logs``.
"""

from __future__ import annotations

import errno
import html
import logging
import re
import secrets
import sys
import time
import traceback
from typing import Any
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
from telegram.constants import ParseMode
from telegram.error import Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ContextTypes,
    Defaults,
    InlineQueryHandler,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from bot.adapters.telegram_format import split_html
from bot.adapters.telegram_logs import is_transient, one_line, protect_logs, redact
from bot.adapters.telegram_photos import image_file_id, read_photo
from bot.adapters.telegram_send import Pacing, PooledRequest, answer_query, send_replies
from bot.adapters.telegram_updates import (
    ChatProcessor,
    FloodGuard,
    InboxQueue,
    addressed_text,
    is_private,
    replies_to_bot,
)
from bot.engine.commands import COMMANDS
from bot.engine.conversation import Incoming, Reply
from bot.ops.report import summary_text
from bot.settings import Settings

logger = logging.getLogger(__name__)

STATS_COMMAND = "/stats"
DAY = 86400.0
#: PTB's read timeout for Bot API calls (seconds).
READ_TIMEOUT = 5.0
_BOTFATHER_HELP = """\
exobot telegram needs a bot token, and TELEGRAM_BOT_TOKEN is not set.

  1. In Telegram, open a chat with @BotFather (https://t.me/BotFather).
  2. Send /newbot and choose a name and a username ending in "bot".
  3. Copy the token BotFather gives you (it looks like 123456789:AA...).
  4. Run:  TELEGRAM_BOT_TOKEN=<your token> exobot telegram
     (optional: send /setinline to @BotFather to enable inline mode)

Without a token, plain `exobot` starts the console chat instead.
"""

# -- One turn ----------------------------------------------------------------------


async def run_turn(update: Update, context: ContextTypes.DEFAULT_TYPE, incoming: Incoming,
                   edit: Message | None = None) -> None:
    """Load the chat's session, let the engine answer, send the replies, then store the turn and the update."""
    engine, store = context.bot_data["engine"], context.bot_data["store"]
    if update.effective_chat is None or update.effective_user is None:
        return
    chat_id, user_id = update.effective_chat.id, update.effective_user.id
    state = store.load_session(chat_id) or engine.new_state()
    turn = engine.handle(state, incoming)
    if turn.erase:
        store.forget_user(user_id)  # at once: nothing is saved after an erasure, not even the session
    await send_replies(context.bot, chat_id, turn.replies, edit=edit)
    store.record_turn(user_id=user_id, chat_id=chat_id, turn=turn, now=incoming.now, update_id=update.update_id)


# -- Handlers --------------------------------------------------------------------


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a text message: any in a private chat; commands, mentions and replies to the bot in groups."""
    message = update.message
    if message is None:
        return
    text = addressed_text(message, context.bot.username, context.bot.id)
    if text is None:
        return
    if text == STATS_COMMAND and await _send_stats(update, context):
        return
    await run_turn(update, context, Incoming(text=text, now=time.time()))


async def _send_stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """Send the operators' summary to an admin in a private chat; False for anyone else."""
    user, message = update.effective_user, update.message
    if user is None or message is None or user.id not in context.bot_data["admin_ids"] or not is_private(message):
        return False
    text = summary_text(context.bot_data["store"], time.time())  # HTML, database text escaped
    await send_replies(context.bot, message.chat_id, [Reply(text)])
    return True


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Read a photo of a label (or an image file); tell the user that exobot reads nothing else (stickers, voice)."""
    message = update.message
    if message is None or not (is_private(message) or replies_to_bot(message, context.bot.id)):
        return
    if (file_id := image_file_id(message)) is not None:
        text, say = await read_photo(context.bot, message, file_id)
        if text is not None:
            await run_turn(update, context, Incoming(text=text, now=time.time(), photo=True))
            return
        await send_replies(context.bot, message.chat_id, [Reply(say)])
        return
    reply = context.bot_data["engine"].system_reply("text_only")
    await send_replies(context.bot, message.chat_id, [reply])


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Acknowledge a button press (a failure to do so never drops it), then let the engine handle its data."""
    query = update.callback_query
    if query is None:
        return
    await answer_query(query)
    message = query.message if isinstance(query.message, Message) else None
    if message is None:  # a button on an inaccessible or inline message: nothing to answer in
        return
    await run_turn(update, context, Incoming(button=query.data or "", now=time.time()), edit=message)


async def on_inline(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Offer the best-matching answers for `@bot question` in any chat."""
    query = update.inline_query
    if query is None:
        return
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
    """Log the error (one line when transient, a traceback for a bug) and tell the user something went wrong."""
    token, error = context.bot.token, context.error
    update_id = update.update_id if isinstance(update, Update) else None
    if isinstance(error, Forbidden):  # the user blocked the bot: nobody to tell
        logger.warning("Update %s: %s", update_id, one_line(error))
        return
    if error is not None and is_transient(error) and update is None:  # getUpdates failed; PTB retries
        logger.warning("Polling for updates failed, retrying: %s", redact(one_line(error), token))
        return
    if error is not None and is_transient(error):
        logger.warning("Update %s not answered, Telegram unreachable after retries: %s", update_id,
                       redact(one_line(error), token))
    else:
        details = redact("".join(traceback.format_exception(error)) if error else "unknown error", token)
        logger.error("Update %s failed:\n%s", update_id, details)
    chat = update.effective_chat if isinstance(update, Update) else None
    engine = context.bot_data.get("engine")
    if chat is None or engine is None:
        return
    try:
        await send_replies(context.bot, chat.id, [engine.system_reply("error")])
    except TelegramError as exc:
        logger.warning("Could not tell chat about the error: %s", redact(one_line(exc), token))


# -- Application -------------------------------------------------------------------


async def _post_init(application: Application) -> None:
    """Queue the updates a crash left unhandled, then register the command menu with Telegram."""
    queue = application.update_queue
    if isinstance(queue, InboxQueue):  # always, as build_application makes it
        queue.replay(application.bot)
    await application.bot.set_my_commands([BotCommand(c.name, c.description) for c in COMMANDS if c.listed])


async def _purge(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete events older than the retention period (daily job)."""
    removed = context.bot_data["store"].purge_expired(time.time())
    logger.info("Retention: removed %d old rows", removed)


def _file_url(base_url: str) -> str | None:
    """Derive the file URL of a Bot API server from its base URL (".../bot" -> ".../file/bot")."""
    return base_url[: -len("bot")] + "file/bot" if base_url.endswith("/bot") else None


def build_application(engine: Any, store: Any, *, token: str, base_url: str | None = None,
                      admin_ids: frozenset[int] = frozenset(), rate_limit: bool = True,
                      flood: tuple[int, float] = (20, 10.0), timeout: float | None = None) -> Application:
    """Build the Telegram Application around an engine and a store (not started).

    ``rate_limit=False`` drops Telegram's pacing (benchmarks and local servers only);
    ``flood`` is (messages, seconds) per user; ``timeout`` overrides PTB's read timeouts.
    """
    processor = ChatProcessor(store, FloodGuard(*flood), engine.system_reply("slow_down"))
    builder = (
        ApplicationBuilder()
        .token(token)
        .defaults(Defaults(parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)))
        .update_queue(InboxQueue(store))
        .request(PooledRequest(read_timeout=timeout or READ_TIMEOUT))
        .concurrent_updates(processor)
        .post_init(_post_init)
    )
    if base_url:
        builder = builder.base_url(base_url)
        if (file_url := _file_url(base_url)) is not None:
            builder = builder.base_file_url(file_url)
    if timeout is not None:
        builder = builder.get_updates_request(HTTPXRequest(connection_pool_size=1, read_timeout=timeout))
    if rate_limit:
        builder = builder.rate_limiter(Pacing())  # type: ignore[arg-type]  # PTB's builder is typed for None data
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


def _serve(application: Application, settings: Settings) -> None:
    """Run until interrupted: long polling, or a webhook when WEBHOOK_URL is set."""
    webhook_url = settings["WEBHOOK_URL"]
    if webhook_url:
        secret = settings["WEBHOOK_SECRET"] or secrets.token_urlsafe(32)
        application.run_webhook(
            listen="0.0.0.0", port=settings["PORT"],
            url_path=urlparse(webhook_url).path.lstrip("/"), webhook_url=webhook_url,
            secret_token=secret, allowed_updates=Update.ALL_TYPES,
        )
    else:
        application.run_polling(allowed_updates=Update.ALL_TYPES)


def _start_failure(error: BaseException, settings: Settings) -> str | None:
    """Return the one line that explains a start-up failure, or None for anything else (a bug)."""
    if isinstance(error, InvalidToken):
        return "Telegram refused the bot token: check TELEGRAM_BOT_TOKEN (ask @BotFather for it)."
    if isinstance(error, NetworkError) and "webhook server" not in str(error).lower():
        api = settings["TELEGRAM_API_BASE_URL"]
        return f"cannot reach the Telegram Bot API at {api} ({one_line(error, 100)}); check the network."
    cause = error.__cause__ or error.__context__ or error
    if isinstance(cause, OSError) and cause.errno in (errno.EADDRINUSE, errno.EACCES):
        port = settings["PORT"]
        return f"cannot listen for the webhook on port {port}: {cause.strerror}."
    return None


def run_telegram(settings: Settings) -> int:
    """Run the bot until interrupted; a start-up failure prints one line and returns 1."""
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
        rate_limit=settings["EXOBOT_RATE_LIMIT"],
        flood=(settings["EXOBOT_FLOOD_MESSAGES"], settings["EXOBOT_FLOOD_SECONDS"]),
    )
    try:
        _serve(application, settings)
    except (TelegramError, OSError) as exc:
        reason = _start_failure(exc, settings)
        if reason is None:
            raise
        print(f"exobot: {redact(reason, token)}", file=sys.stderr)
        return 1
    finally:
        store.close()
    return 0
