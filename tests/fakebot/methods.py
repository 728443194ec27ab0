"""The Bot API methods the fake answers (getUpdates, sendMessage, editMessageText, ...), each as Telegram does."""

from __future__ import annotations

import json
import re
import time

from tests.fakebot.records import Sent, _Message
from tests.fakebot.validation import bad_request, check_markup, check_text, keyboard_of


class BotApiMethods:
    """FakeBotApi's `_api_<method>` handlers; its state (_lock, _messages, ...) lives on FakeBotApi."""

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
