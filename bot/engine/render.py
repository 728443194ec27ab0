"""Rendering of answer templates (Jinja2, HTML autoescaping, strict undefined)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

import jinja2

_BLANK_RUNS = re.compile(r"\n\s*\n\s*\n+")
_TAG = re.compile(r"</?(?:b|i|u|s|code|pre|a)(?:\s[^>]*)?>")


class Renderer:
    """Render templates under answers/ into Telegram's HTML subset."""

    def __init__(self, templates: Mapping[str, str]) -> None:
        self.env = jinja2.Environment(
            loader=jinja2.DictLoader(dict(templates)),
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
        )
        self._cache: dict[str, str] = {}
        self._names = frozenset(templates)

    def render(self, name: str, context: dict[str, Any] | None = None) -> str:
        """Render one template by file name, tidying blank lines."""
        text = self.env.get_template(name).render(**(context or {}))
        return _BLANK_RUNS.sub("\n\n", text).strip()

    def exists(self, name: str) -> bool:
        """Tell whether a template exists (a short answer may be missing: the full one is used)."""
        return name in self._names

    def static(self, name: str) -> str:
        """Render a template that takes no context, once, and remember it."""
        if name not in self._cache:
            self._cache[name] = self.render(name)
        return self._cache[name]


def to_plain(text: str) -> str:
    """Turn a reply's HTML subset into plain text for the console."""
    return html.unescape(_TAG.sub("", text))
