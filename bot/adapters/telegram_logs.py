"""Logs that an operator can read: never the token, one line per transient fault, tracebacks only for bugs."""

from __future__ import annotations

import logging
import traceback

from telegram.error import BadRequest, Conflict, InvalidToken, NetworkError, RetryAfter, TelegramError

#: Loggers whose records are PTB's or httpx's own, not exobot's.
LIBRARY_LOGGERS = ("telegram", "httpx", "httpcore")


def redact(text: str, token: str) -> str:
    """Return text with the bot token (and its secret half) replaced."""
    if not token:
        return text
    text = text.replace(token, "<token>")
    secret = token.partition(":")[2]
    return text.replace(secret, "<token>") if len(secret) >= 8 else text


def is_transient(error: BaseException | None) -> bool:
    """Tell whether an error is Telegram or the network having a bad moment, not a bug in exobot."""
    if isinstance(error, BadRequest):
        return False  # Telegram refused what exobot sent: a bug worth a traceback
    return isinstance(error, NetworkError | RetryAfter | Conflict) or (
        isinstance(error, TelegramError) and "invalid server response" in str(error).lower())


def one_line(error: BaseException, limit: int = 160) -> str:
    """Return an error as one short line (a 502 carries a whole HTML page in its message)."""
    text = " ".join(str(error).split(". Parsing the server response", 1)[0].split())
    return f"{type(error).__name__}: {text[:limit]}{'…' if len(text) > limit else ''}"


class RedactToken(logging.Filter):
    """Replace the bot token in every log record (message, arguments and traceback)."""

    def __init__(self, token: str) -> None:
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record so the token never reaches a log handler."""
        message, secret = record.getMessage(), self.token.partition(":")[2]
        if self.token in message or (len(secret) >= 8 and secret in message):
            record.msg, record.args = redact(message, self.token), None
        if record.exc_info and record.exc_info[0] is not None:
            record.exc_text = redact("".join(traceback.format_exception(*record.exc_info)).rstrip(), self.token)
        return True


class QuietLibraries(logging.Filter):
    """Turn PTB's and httpx's tracebacks for transient faults into one warning line.

    A 502 page that is not JSON is dropped (the error it causes is reported by whoever
    made the call), and so is a retry loop giving up (its caller reports the error:
    a handler's error handler, or the start-up message).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Shorten or drop a library record; exobot's own records pass untouched."""
        if not record.name.startswith(LIBRARY_LOGGERS):
            return True
        message = record.getMessage()
        if message.startswith("Can not load invalid JSON data"):
            return False
        error = record.exc_info[1] if record.exc_info else None
        if error is None:
            return True
        if is_transient(error) or isinstance(error, InvalidToken):
            if "Aborting" in message:
                return False
            record.msg, record.args = f"{message.splitlines()[0]} ({one_line(error)})", None
            record.exc_info, record.exc_text = None, None
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def protect_logs(token: str) -> None:
    """Keep the token out of the logs and the noise down: filters on every root handler; httpx URL lines off."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, QuietLibraries) for f in handler.filters):
            handler.addFilter(QuietLibraries())
        if not any(isinstance(f, RedactToken) and f.token == token for f in handler.filters):
            handler.addFilter(RedactToken(token))
