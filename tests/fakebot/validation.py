"""What the fake Bot API checks the way Telegram does: HTML, text length, keyboards, and its 400 answers."""

from __future__ import annotations

import json
import re
from typing import Any

MAX_TEXT = 4096
MAX_CALLBACK_DATA = 64

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
