"""What users do, as the fake Bot API queues it for getUpdates: messages, photos, button presses, inline queries."""

from __future__ import annotations

import re
import time

from tests.fakebot.validation import visible_length


class UpdatesMixin:
    """FakeBotApi's update queue; its state (_lock, _updates, _messages, ...) lives on FakeBotApi."""

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

    # -- helpers --------------------------------------------------------------
    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}", "language_code": "en"}

    def _user_message(self, chat_id: int, user_id: int | None, chat_type: str, date: int | None = None) -> dict:
        user = self._user(user_id if user_id is not None else chat_id)
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": user["first_name"]} if chat_type == "private" else {"title": "Skincare group"})
        sent = int(time.time()) if date is None else date
        return {"message_id": next(self._message_ids), "date": sent, "chat": chat, "from": user}
