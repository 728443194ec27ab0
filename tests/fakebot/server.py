"""The fake Bot API's state and its HTTP server on 127.0.0.1."""

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

from tests.fakebot.faults import FaultsMixin
from tests.fakebot.methods import BotApiMethods
from tests.fakebot.records import BOT_ID, BOT_USERNAME, Sent, _Message
from tests.fakebot.updates import UpdatesMixin
from tests.fakebot.validation import ApiError


@dataclass
class FakeBotApi(UpdatesMixin, FaultsMixin, BotApiMethods):
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

    # -- what the bot did -------------------------------------------------------
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
        with self._lock:  # one hold: the call is recorded and takes its fault together
            self.calls.append((method, params))
            fault, delay = self._take_fault(method)
        if delay:
            time.sleep(delay)
        if self._answer_fault(request, fault):
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
