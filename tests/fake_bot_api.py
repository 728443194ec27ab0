"""A strict fake Telegram Bot API server for tests, served over real HTTP on 127.0.0.1.

python-telegram-bot posts form-encoded parameters (non-string values JSON-encoded) to
``{base_url}{token}/{method}``. The fake answers ``{"ok": true, "result": ...}`` and
validates what Telegram validates, answering 400 with Telegram's descriptions on bad
HTML, over-long or empty text, over-long ``callback_data``, edits of missing or
unchanged messages and unknown callback query ids. It records every call, keeps an
outbox of what the bot showed each chat, serves queued updates through
``getUpdates`` and injects faults per method, the way Telegram and the network fail:
``fault("sendMessage", "429")`` (retry_after 1), ``"500"``, ``"502"`` (an HTML page, as a
proxy sends it), ``"drop"`` (the connection closes before the request is handled) and
``"timeout"`` (the call is carried out but answered only after the client gave up);
``slow(method, seconds)`` delays every call of a method.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64
BOT_ID = 7000001
BOT_USERNAME = "exobot_test_bot"

#: Tags Telegram accepts with parse_mode HTML (aliases included).
ALLOWED_TAGS = {
    "b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler",
    "a", "code", "pre", "blockquote", "tg-emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_TAG = re.compile(
    r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*>"
)
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s>]+)))?")
_ENTITY = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z][a-zA-Z0-9]*);")


class ApiError(Exception):
    """An error the fake answers with: HTTP status, Telegram description, parameters."""

    def __init__(self, code: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters


def bad_request(reason: str) -> ApiError:
    """Return a 400 the way Telegram words it."""
    return ApiError(400, f"Bad Request: {reason}")


def parse_html(text: str) -> tuple[str, tuple[tuple[str, int, int], ...]]:
    """Parse Telegram's HTML subset into (visible text, entities) or raise a 400."""
    out: list[str] = []
    stack: list[tuple[str, int]] = []
    entities: list[tuple[str, int, int]] = []
    i = 0
    while i < len(text):
        char = text[i]
        offset = len(text[:i].encode("utf-8"))
        if char == "<":
            match = _TAG.match(text, i)
            if not match:
                raise bad_request(f"can't parse entities: Unexpected character \"<\" at byte offset {offset}")
            closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
            if name not in ALLOWED_TAGS:
                kind = "end" if closing else "start"
                raise bad_request(f'can\'t parse entities: Unsupported {kind} tag "{name}" at byte offset {offset}')
            if closing:
                if attrs.strip():
                    raise bad_request(f"can't parse entities: Unexpected end tag at byte offset {offset}")
                if not stack or stack[-1][0] != name:
                    expected = f'"</{stack[-1][0]}>"' if stack else "no end tag"
                    raise bad_request(
                        f"can't parse entities: Unmatched end tag at byte offset {offset}, "
                        f'expected {expected}, found "</{name}>"'
                    )
                open_name, start = stack.pop()
                entities.append((open_name, start, len("".join(out))))
            else:
                _check_attributes(name, attrs, offset)
                stack.append((name, len("".join(out))))
            i = match.end()
        elif char == "&":
            match = _ENTITY.match(text, i)
            if not match:
                raise bad_request(f"can't parse entities: Unexpected \"&\" at byte offset {offset}")
            body = match.group(1)
            if body.startswith("#x"):
                out.append(chr(int("0" + body[1:], 0)))  # "#x41" -> int("0x41", 0)
            elif body.startswith("#"):
                out.append(chr(int(body[1:])))
            elif body in NAMED_ENTITIES:
                out.append(NAMED_ENTITIES[body])
            else:
                raise bad_request(f'can\'t parse entities: Unsupported HTML entity "&{body};" at byte offset {offset}')
            i = match.end()
        else:
            out.append(char)
            i += 1
    if stack:
        raise bad_request(f'can\'t parse entities: Can\'t find end tag corresponding to start tag "{stack[-1][0]}"')
    return "".join(out), tuple(sorted(entities, key=lambda e: (e[1], e[2], e[0])))


def _check_attributes(name: str, attrs: str, offset: int) -> None:
    """Reject attributes Telegram would not accept on a start tag."""
    found = {m.group(1).lower(): next((g for g in m.groups()[1:] if g is not None), "") for m in _ATTR.finditer(attrs)}
    allowed = {"a": {"href"}, "span": {"class"}, "tg-emoji": {"emoji-id"}, "pre": set(),
               "code": {"class"}, "blockquote": {"expandable"}}.get(name, set())
    for attr in found:
        if attr not in allowed:
            raise bad_request(f'can\'t parse entities: Unsupported attribute "{attr}" at byte offset {offset}')
    if name == "span" and found.get("class") != "tg-spoiler":
        raise bad_request(f"can't parse entities: Unsupported start tag \"span\" at byte offset {offset}")


def visible_length(text: str) -> int:
    """Return the length Telegram counts: UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def check_text(text: Any, parse_mode: Any) -> tuple[str, tuple]:
    """Validate message text as sendMessage does; return (visible text, entities)."""
    if not isinstance(text, str) or not text.strip():
        raise bad_request("message text is empty")
    if parse_mode == "HTML":
        plain, entities = parse_html(text)
    elif parse_mode in (None, ""):
        plain, entities = text, ()
    else:
        raise bad_request(f"unsupported parse_mode {parse_mode!r} in this fake")
    if not plain.strip():
        raise bad_request("message text is empty")
    if visible_length(plain.strip()) > MAX_TEXT:
        raise bad_request("message is too long")
    return plain.strip(), entities


def check_markup(markup: Any) -> dict | None:
    """Validate an inline keyboard the way Telegram does; return it decoded."""
    if markup in (None, ""):
        return None
    if isinstance(markup, str):
        try:
            markup = json.loads(markup)
        except ValueError as exc:
            raise bad_request("can't parse reply keyboard markup JSON object") from exc
    rows = markup.get("inline_keyboard") if isinstance(markup, dict) else None
    if not isinstance(rows, list):
        raise bad_request("unsupported reply_markup in this fake")
    for row in rows:
        if not isinstance(row, list) or not row:
            raise bad_request("can't parse inline keyboard button: InlineKeyboardButton must be an Array")
        for button in row:
            if not isinstance(button, dict) or not str(button.get("text", "")).strip():
                raise bad_request("BUTTON_TEXT_EMPTY" if isinstance(button, dict) else "bad button")
            data = button.get("callback_data")
            kinds = [k for k in ("callback_data", "url", "switch_inline_query",
                                 "switch_inline_query_current_chat") if k in button]
            if len(kinds) != 1:
                raise bad_request("can't parse inline keyboard button: "
                                  "Text buttons are unallowed in the inline keyboard")
            if data is not None and not (1 <= len(str(data).encode("utf-8")) <= MAX_CALLBACK_DATA):
                raise bad_request("BUTTON_DATA_INVALID")
    return markup


def keyboard_of(markup: dict | None) -> list[list[tuple[str, str]]]:
    """Return an inline keyboard as rows of (label, callback_data)."""
    if not markup:
        return []
    return [[(b["text"], b.get("callback_data", "")) for b in row] for row in markup["inline_keyboard"]]


@dataclass
class Sent:
    """What the bot showed a chat: a new message or an edit of an old one."""

    method: str
    chat_id: int
    message_id: int
    html: str
    text: str
    keyboard: list[list[tuple[str, str]]]
    #: time.monotonic() when the fake carried out the call.
    at: float = 0.0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """All buttons, row by row, as (label, callback_data)."""
        return [b for row in self.keyboard for b in row]

    @property
    def edited(self) -> bool:
        """Whether this replaced an earlier message."""
        return self.method == "editMessageText"

    def data(self, label_part: str) -> str:
        """Return the callback_data of the first button whose label contains label_part."""
        for label, data in self.buttons:
            if label_part.lower() in label.lower():
                return data
        raise AssertionError(f"no button like {label_part!r} in {self.buttons}")


@dataclass
class _Message:
    chat: dict
    text: str
    entities: tuple
    markup: dict | None
    date: int


@dataclass
class FakeBotApi:
    """The server's state and API; start() serves it on a free 127.0.0.1 port."""

    token: str = "123456:TEST-token-not-real"
    calls: list[tuple[str, dict]] = field(default_factory=list)
    outbox: list[Sent] = field(default_factory=list)
    webhook_url: str = ""
    #: How long a "timeout" fault holds the answer (longer than the client's read timeout).
    timeout_delay: float = 1.5
    #: update_id -> time.monotonic() when it was queued (for latency figures).
    pushed_at: dict[int, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lock = threading.Condition()
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._query_ids = itertools.count(1)
        self._messages: dict[tuple[int, int], _Message] = {}
        self._open_queries: set[str] = set()
        self._failures: dict[str, list[str]] = {}
        self._delays: dict[str, float] = {}
        self._pushed: dict[int, dict] = {}
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self.downloads: list[str] = []  # file paths fetched from /file/bot<token>/...
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- running --------------------------------------------------------------
    def start(self) -> FakeBotApi:
        """Serve on 127.0.0.1 in a background thread."""
        api = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Telegram's servers do

            def setup(self) -> None:
                super().setup()
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # no Nagle wait on replies

            def do_POST(self) -> None:
                api._serve(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                """Stay quiet."""

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving and wake any long poll."""
        with self._lock:
            self._lock.notify_all()
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    @property
    def port(self) -> int:
        """The port the server listens on."""
        assert self._server is not None, "start() first"
        return self._server.server_address[1]

    @property
    def base_url(self) -> str:
        """The base_url to give python-telegram-bot."""
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        """The base_file_url to give python-telegram-bot."""
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- test controls ----------------------------------------------------------
    def fail_next(self, method: str, times: int = 1, status: int = 429) -> None:
        """Make the next `times` calls of `method` fail with 429 (retry_after=1) or another status."""
        self.fault(method, str(status), times)

    def fault(self, method: str, kind: str, times: int = 1) -> None:
        """Make the next `times` calls of `method` fail: "429", "5xx" statuses, "502", "drop" or "timeout"."""
        assert kind in ("drop", "timeout") or kind.isdigit(), kind
        with self._lock:
            self._failures.setdefault(method, []).extend([kind] * times)

    def pending_faults(self) -> int:
        """Return how many injected faults have not happened yet."""
        with self._lock:
            return sum(len(kinds) for kinds in self._failures.values())

    def slow(self, method: str, seconds: float) -> None:
        """Delay every call of `method` by `seconds` (0 to stop)."""
        with self._lock:
            self._delays[method] = seconds

    def push_update(self, payload: dict) -> int:
        """Queue an update (without update_id) for getUpdates; return its update_id."""
        with self._lock:
            update_id = next(self._update_ids)
            self._updates.append({"update_id": update_id, **payload})
            self._pushed[update_id] = self._updates[-1]
            self.pushed_at[update_id] = time.monotonic()
            self._lock.notify_all()
        return update_id

    def redeliver(self, update_id: int) -> None:
        """Serve an update again, as Telegram does when it did not see it confirmed."""
        with self._lock:
            self._updates.append(dict(self._pushed[update_id]))
            self._lock.notify_all()

    def confirm(self, update_id: int) -> dict:
        """Forget a queued update as if the bot had confirmed it; return it."""
        with self._lock:
            self._updates = [u for u in self._updates if u["update_id"] != update_id]
            return self._pushed[update_id]

    def push_text(self, chat_id: int, text: str, *, user_id: int | None = None, chat_type: str = "private",
                  reply_to_bot: bool = False, date: int | None = None) -> int:
        """Queue a text message from a user (commands and mentions get their entities); ``date`` is when it was sent."""
        message = self._user_message(chat_id, user_id, chat_type, date)
        message["text"] = text
        entities = []
        for match in re.finditer(r"(?<!\S)(/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?)|(@[A-Za-z0-9_]{5,})", text):
            kind = "bot_command" if match.group(1) else "mention"
            if kind == "bot_command" and match.start() != 0:
                continue
            entities.append({"type": kind, "offset": visible_length(text[:match.start()]),
                             "length": visible_length(match.group(0))})
        if entities:
            message["entities"] = entities
        if reply_to_bot:
            replied = max((m for c, m in self._messages if c == chat_id), default=1)
            stored = self._messages.get((chat_id, replied))
            message["reply_to_message"] = {
                "message_id": replied, "date": int(time.time()),
                "chat": message["chat"], "from": self.bot_user(), "text": stored.text if stored else "hi",
            }
        return self.push_update({"message": message})

    def push_edited_text(self, chat_id: int, text: str, *, user_id: int | None = None) -> int:
        """Queue an edit of an earlier user message."""
        message = self._user_message(chat_id, user_id, "private")
        message["text"] = text
        message["edit_date"] = int(time.time())
        return self.push_update({"edited_message": message})

    def push_sticker(self, chat_id: int, *, user_id: int | None = None, chat_type: str = "private") -> int:
        """Queue a sticker message."""
        message = self._user_message(chat_id, user_id, chat_type)
        message["sticker"] = {"file_id": "CAAD", "file_unique_id": "u1", "type": "regular",
                              "width": 512, "height": 512, "is_animated": False, "is_video": False}
        return self.push_update({"message": message})

    def add_file(self, data: bytes, name: str = "photo.jpg") -> str:
        """Keep a file for getFile and download; return its file_id."""
        with self._lock:
            file_id = f"FILE{len(self._files) + 1}"
            self._files[file_id] = (f"photos/{file_id}_{name}", data)
        return file_id

    def push_photo(self, chat_id: int, data: bytes, *, thumb: bytes = b"", caption: str = "",
                   as_document: bool = False, user_id: int | None = None) -> int:
        """Queue a photo (a thumbnail and the full size, as Telegram sends them) or an image sent as a file."""
        message = self._user_message(chat_id, user_id, "private")
        big = self.add_file(data)
        if as_document:
            message["document"] = {"file_id": big, "file_unique_id": f"u{big}", "file_name": "label.png",
                                   "mime_type": "image/png", "file_size": len(data)}
        else:
            small = self.add_file(thumb or data[:64], "thumb.jpg")
            message["photo"] = [{"file_id": small, "file_unique_id": f"u{small}", "width": 90, "height": 60},
                                {"file_id": big, "file_unique_id": f"u{big}", "width": 1280, "height": 853,
                                 "file_size": len(data)}]
        if caption:
            message["caption"] = caption
        return self.push_update({"message": message})

    def push_callback(self, chat_id: int, data: str, *, message_id: int | None = None,
                      user_id: int | None = None) -> tuple[int, str]:
        """Queue a button press on a message the bot sent (the last one by default)."""
        if message_id is None:
            message_id = max((m for c, m in self._messages if c == chat_id), default=1)
        with self._lock:
            query_id = f"q{next(self._query_ids)}"
            self._open_queries.add(query_id)
            stored = self._messages.get((chat_id, message_id))
        user = self._user(user_id if user_id is not None else chat_id)
        message = {"message_id": message_id, "date": int(time.time()), "from": self.bot_user(),
                   "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
                   "text": stored.text if stored else "old message"}
        if stored and stored.markup:
            message["reply_markup"] = stored.markup
        query = {"id": query_id, "from": user, "chat_instance": str(chat_id), "data": data, "message": message}
        return self.push_update({"callback_query": query}), query_id

    def push_inline_query(self, user_id: int, query: str) -> tuple[int, str]:
        """Queue an inline query (someone typing @bot query in any chat)."""
        with self._lock:
            query_id = f"iq{next(self._query_ids)}"
            self._open_queries.add(query_id)
        payload = {"id": query_id, "from": self._user(user_id), "query": query, "offset": ""}
        return self.push_update({"inline_query": payload}), query_id

    def on_sent(self, sent: Sent) -> None:
        """Called (outside the lock) after each message the bot shows; benchmarks override it."""

    def pop(self, chat_id: int) -> list[Sent]:
        """Remove and return what the bot showed `chat_id` since the last pop."""
        with self._lock:
            mine = [s for s in self.outbox if s.chat_id == chat_id]
            self.outbox = [s for s in self.outbox if s.chat_id != chat_id]
        return mine

    def calls_of(self, method: str) -> list[dict]:
        """Return the parameters of every successful or failed call of `method`."""
        with self._lock:
            return [params for name, params in self.calls if name == method]

    def message(self, chat_id: int, message_id: int) -> str | None:
        """Return the current visible text of a message, or None."""
        stored = self._messages.get((chat_id, message_id))
        return stored.text if stored else None

    def bot_user(self) -> dict:
        """Return the bot's own User object."""
        return {"id": BOT_ID, "is_bot": True, "first_name": "exobot", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": True}

    # -- helpers --------------------------------------------------------------
    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "en"}

    def _user_message(self, chat_id: int, user_id: int | None, chat_type: str, date: int | None = None) -> dict:
        user = self._user(user_id if user_id is not None else chat_id)
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": user["first_name"]} if chat_type == "private" else {"title": "Skincare group"})
        sent = int(time.time()) if date is None else date
        return {"message_id": next(self._message_ids), "date": sent, "chat": chat, "from": user}

    # -- HTTP -----------------------------------------------------------------
    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        prefix, path = f"/file/bot{self.token}/", unquote(request.path)  # PTB quotes the token's ":"
        if path.startswith(prefix):
            self._download(request, path[len(prefix):])
            return
        match = re.fullmatch(r"/bot([^/]+)/([A-Za-z]+)", request.path.split("?")[0])
        if not match or match.group(1) != self.token:
            self._respond(request, ApiError(404, "Not Found"))
            return
        method = match.group(2)
        params = self._decode(request.headers.get("Content-Type", ""), body)
        with self._lock:
            self.calls.append((method, params))
            failures = self._failures.get(method)
            fault = failures.pop(0) if failures else None
            delay = self._delays.get(method, 0.0)
        if delay:
            time.sleep(delay)
        if fault == "drop":
            request.close_connection = True  # no answer at all: the client sees the connection close
            return
        if fault == "502":
            self._respond_raw(request, 502, b"<html><head><title>502 Bad Gateway</title></head><body>"
                              b"<center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body></html>",
                              "text/html")
            return
        if fault == "429":
            self._respond(request, ApiError(429, "Too Many Requests: retry after 1", {"retry_after": 1}))
            return
        if fault not in (None, "timeout"):
            self._respond(request, ApiError(int(fault), "Internal Server Error"))
            return
        handler = getattr(self, f"_api_{method}", None)
        try:
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result: Any = handler(params)
        except ApiError as exc:
            result = exc
        if fault == "timeout":
            time.sleep(self.timeout_delay)  # carried out, but the client has given up waiting
        self._respond(request, result)

    @staticmethod
    def _decode(content_type: str, body: bytes) -> dict:
        if "json" in content_type:
            return json.loads(body or b"{}")
        params: dict[str, Any] = {}
        for key, value in parse_qsl(body.decode("utf-8"), keep_blank_values=True):
            params[key] = value
        return params

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, result: Any) -> None:
        if isinstance(result, ApiError):
            status = result.code
            payload: dict[str, Any] = {"ok": False, "error_code": result.code, "description": result.description}
            if result.parameters:
                payload["parameters"] = result.parameters
        else:
            status, payload = HTTPStatus.OK, {"ok": True, "result": result}
        FakeBotApi._respond_raw(request, status, json.dumps(payload).encode("utf-8"), "application/json")

    @staticmethod
    def _respond_raw(request: BaseHTTPRequestHandler, status: int, data: bytes, content_type: str) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    # -- Bot API methods --------------------------------------------------------
    def _api_getMe(self, params: dict) -> dict:
        return self.bot_user()

    def _api_logOut(self, params: dict) -> bool:
        return True

    def _api_close(self, params: dict) -> bool:
        return True

    def _api_getUpdates(self, params: dict) -> list[dict]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + timeout
        with self._lock:
            if offset:
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                self._lock.wait(deadline - time.monotonic())
            return list(self._updates[:limit])

    def _api_deleteWebhook(self, params: dict) -> bool:
        if str(params.get("drop_pending_updates", "")).lower() == "true":
            with self._lock:
                self._updates.clear()
        self.webhook_url = ""
        return True

    def _api_setWebhook(self, params: dict) -> bool:
        url = params.get("url", "")
        if url and not url.startswith("https://"):
            raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
        secret = params.get("secret_token", "")
        if secret and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise bad_request("bad webhook: secret token contains unallowed characters")
        self.webhook_url = url
        return True

    def _api_getWebhookInfo(self, params: dict) -> dict:
        return {"url": self.webhook_url, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    def _api_setMyCommands(self, params: dict) -> bool:
        commands = params.get("commands")
        commands = json.loads(commands) if isinstance(commands, str) else commands
        if not isinstance(commands, list) or len(commands) > 100:
            raise bad_request("commands must be a list of at most 100")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise bad_request("BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise bad_request("BOT_COMMAND_DESCRIPTION_INVALID")
        return True

    def _api_sendChatAction(self, params: dict) -> bool:
        return True

    def _chat_id(self, params: dict) -> int:
        try:
            return int(params["chat_id"])
        except (KeyError, ValueError) as exc:
            raise bad_request("chat not found") from exc

    def _download(self, request: BaseHTTPRequestHandler, path: str) -> None:
        """Serve a file kept by add_file, as api.telegram.org/file/bot<token>/<file_path> does."""
        with self._lock:
            found = next((data for file_path, data in self._files.values() if file_path == path), None)
            if found is not None:
                self.downloads.append(path)
        if found is None:
            self._respond(request, ApiError(404, "Not Found"))
            return
        self._respond_raw(request, 200, found, "application/octet-stream")

    def _api_getFile(self, params: dict) -> dict:
        file_id = str(params.get("file_id") or "")
        with self._lock:
            found = self._files.get(file_id)
        if found is None:
            raise bad_request("wrong file_id or the file is temporarily unavailable")
        return {"file_id": file_id, "file_unique_id": f"u{file_id}", "file_size": len(found[1]), "file_path": found[0]}

    def _api_sendMessage(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        with self._lock:
            message_id = next(self._message_ids)
            chat = {"id": chat_id, "type": "private" if chat_id > 0 else "group"}
            stored = _Message(chat, plain, entities, markup, int(time.time()))
            self._messages[(chat_id, message_id)] = stored
            sent = Sent("sendMessage", chat_id, message_id, params["text"], plain, keyboard_of(markup),
                        time.monotonic())
            self.outbox.append(sent)
        self.on_sent(sent)
        return self._message_json(message_id, stored)

    def _api_editMessageText(self, params: dict) -> dict:
        chat_id = self._chat_id(params)
        message_id = int(params.get("message_id") or 0)
        plain, entities = check_text(params.get("text"), params.get("parse_mode"))
        markup = check_markup(params.get("reply_markup"))
        with self._lock:
            stored = self._messages.get((chat_id, message_id))
            if stored is None:
                raise bad_request("message to edit not found")
            if (stored.text, stored.entities, stored.markup) == (plain, entities, markup):
                raise bad_request("message is not modified: specified new message content and reply markup are "
                                  "exactly the same as a current content and reply markup of the message")
            stored.text, stored.entities, stored.markup = plain, entities, markup
            sent = Sent("editMessageText", chat_id, message_id, params["text"], plain, keyboard_of(markup),
                        time.monotonic())
            self.outbox.append(sent)
        self.on_sent(sent)
        return self._message_json(message_id, stored)

    def _api_answerCallbackQuery(self, params: dict) -> bool:
        query_id = params.get("callback_query_id", "")
        with self._lock:
            if query_id not in self._open_queries:
                raise bad_request("query is too old and response timeout expired or query ID is invalid")
            self._open_queries.discard(query_id)
        if len(params.get("text", "")) > 200:
            raise bad_request("MESSAGE_TOO_LONG")
        return True

    def _api_answerInlineQuery(self, params: dict) -> bool:
        with self._lock:
            if params.get("inline_query_id", "") not in self._open_queries:
                raise bad_request("query is too old and response timeout expired or query ID is invalid")
            self._open_queries.discard(params["inline_query_id"])
        results = params.get("results")
        results = json.loads(results) if isinstance(results, str) else results
        if not isinstance(results, list) or len(results) > 50:
            raise bad_request("RESULTS_TOO_MUCH")
        ids = set()
        for result in results:
            rid = str(result.get("id", ""))
            if not 1 <= len(rid.encode("utf-8")) <= 64 or rid in ids:
                raise bad_request("RESULT_ID_INVALID" if rid not in ids else "RESULT_ID_DUPLICATE")
            ids.add(rid)
            if not str(result.get("title", "")).strip():
                raise bad_request("RESULT_TITLE_EMPTY")
            content = result.get("input_message_content") or {}
            check_text(content.get("message_text"), content.get("parse_mode"))
            check_markup(result.get("reply_markup"))
        return True

    def _message_json(self, message_id: int, stored: _Message) -> dict:
        payload = {"message_id": message_id, "date": stored.date, "chat": stored.chat,
                   "from": self.bot_user(), "text": stored.text}
        if stored.markup:
            payload["reply_markup"] = stored.markup
        return payload
