"""Manners: how exobot behaves between answers, so a chat feels like a conversation.

* an acknowledgement ("ok", "cool", "lol", 👍) gets a short reply and the last answer's follow-ups;
* "I don't get it" / "explain simpler" gets the short version of the last answer
  (``answers/short/<id>.j2``);
* the same answer is never sent twice in a row: the second time, the short version and related topics;
* a referral and the answer on the referral's own topic never repeat each other (the referral
  stays, with a button to the topic);
* "back", "no idea" and questions about the bot itself are never read as a follow-up in context;
* "is that normal?" after a procedure or a reaction is a safety question.

The rules are content (``intents/manners.yml``); the engine calls this module from
``_on_question`` and keeps the last answer's id in the session state.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.engine import callbacks
from bot.engine.conversation import ANSWER, Analysis, Button, Reply, Turn
from bot.engine.render import Renderer
from bot.nlu.intent import Intent
from bot.nlu.matcher import Match
from bot.nlu.text import fold

#: Variation selectors and joiners that follow emoji ("❤️", "👍🏽").
_EMOJI_PARTS = re.compile("[\ufe0e\ufe0f\u200d\U0001f3fb-\U0001f3ff]")
#: A "normal?" question with at most this many other words leans on the conversation for its subject.
NORMAL_ALONE_WORDS = 3


def _phrases(values: Iterable[Any] | None) -> tuple[str, ...]:
    """Fold a list of phrases, dropping empty ones."""
    return tuple(p for p in (fold(str(v)) for v in values or ()) if p)


def _has(text: str, phrases: Iterable[str]) -> str | None:
    """Return the first phrase found whole in a folded text."""
    padded = f" {text} "
    return next((p for p in phrases if f" {p} " in padded), None)


@dataclass(frozen=True)
class MannerRules:
    """The content of intents/manners.yml."""

    emoji: frozenset[str]
    acknowledge_intent: str
    simpler_intent: str
    back: frozenset[str]
    no_idea: frozenset[str]
    normal: tuple[str, ...]
    normal_intent: str
    reaction_topics: frozenset[str]
    reaction_words: tuple[str, ...]

    @classmethod
    def from_content(cls, raw: Mapping[str, Any] | None) -> MannerRules:
        """Build the rules from the YAML mapping (missing keys: that manner is off)."""
        raw = raw or {}
        return cls(
            emoji=frozenset(_EMOJI_PARTS.sub("", str(e)) for e in raw.get("emoji") or ()),
            acknowledge_intent=str(raw.get("acknowledge_intent") or ""),
            simpler_intent=str(raw.get("simpler_intent") or ""),
            back=frozenset(_phrases(raw.get("back"))),
            no_idea=frozenset(_phrases(raw.get("no_idea"))),
            normal=_phrases(raw.get("normal")),
            normal_intent=str(raw.get("normal_intent") or ""),
            reaction_topics=frozenset(str(t) for t in raw.get("reaction_topics") or ()),
            reaction_words=_phrases(raw.get("reaction_words")),
        )


class Manners:
    """Decide the replies that depend on the conversation so far."""

    def __init__(self, rules: MannerRules, intents: Mapping[str, Intent], renderer: Renderer,
                 answer: Callable[[Intent], Reply], menu: tuple[Button, ...]) -> None:
        self.rules = rules
        self.intents = intents
        self.renderer = renderer
        self._full_answer = answer
        self.menu = menu

    # -- reading -----------------------------------------------------------------
    def is_emoji_ack(self, text: str) -> bool:
        """Tell whether a message is only emoji, one of them an acknowledgement (👍, 🙏, 😂)."""
        if any(c.isalnum() for c in text):
            return False
        stripped = _EMOJI_PARTS.sub("", text)
        return any(e and e in stripped for e in self.rules.emoji)

    def typed(self, text: str) -> str | None:
        """Name a typed reply that is not a question: "back" or "no_idea" (else None)."""
        key = fold(text)
        if key in self.rules.back:
            return "back"
        return "no_idea" if key in self.rules.no_idea else None

    def asks_if_normal(self, text: str) -> bool:
        """Tell whether a message asks "is that normal?" (or "should I worry?")."""
        return _has(fold(text), self.rules.normal) is not None or fold(text) == "normal"

    def normality(self, text: str, match: Match, last: str | None) -> Match:
        """Read "is that normal?" after a procedure or about a reaction as the safety question it is."""
        intent = self.rules.normal_intent
        if intent not in self.intents or not self.asks_if_normal(text):
            return match
        key = fold(text)
        phrase = _has(key, self.rules.normal) or ""
        alone = len(key.split()) - len(phrase.split()) <= NORMAL_ALONE_WORDS
        if _has(key, self.rules.reaction_words) or (alone and last in self.rules.reaction_topics):
            return Match(ANSWER, intent, 100.0, ranked=match.ranked, in_domain=True)
        return match

    # -- replying ----------------------------------------------------------------
    def typed_turn(self, kind: str, state: dict[str, Any]) -> Turn:
        """Answer "back" with the menu and "no idea" with a gentle start."""
        name = "menu" if kind == "back" else "no_idea"
        return Turn([Reply(self.renderer.render(f"system/{name}.j2"), self.menu)], state)

    def ack_turn(self, state: dict[str, Any], last: str | None) -> Turn:
        """Answer an emoji acknowledgement like a typed one."""
        intent = self.intents[self.rules.acknowledge_intent]
        return Turn(self.answer(intent, last, ()), state, Analysis(ANSWER, intent.id, 100.0))

    def short(self, intent_id: str) -> str:
        """Return the short version of an answer (the full one when there is none)."""
        name = f"short/{intent_id}.j2"
        return self.renderer.static(name if self.renderer.exists(name) else f"{intent_id}.j2")

    def answer(self, intent: Intent, last: str | None, topics: Iterable[str | None],
               also: tuple[str, ...] = (), repeats: int = 0) -> list[Reply]:
        """Build the replies to an answered intent, given the last answer (if recent) and the referral's topics."""
        rules = self.rules
        if intent.id == rules.acknowledge_intent:
            text = self.renderer.static(f"{intent.id}.j2")
            return [Reply(text, self._related(last) if last else self._related(intent.id))]
        if intent.id == rules.simpler_intent:
            if last is None:
                return [Reply(self.renderer.static(f"{intent.id}.j2"), self.menu)]
            return [Reply(self.short(last), self._related(last))]
        if intent.id in set(topics):
            return []  # the referral says it, with a button to this topic
        if intent.id == last and intent.kind == "knowledge":
            if repeats % 2:  # the short version went out just now: point to other topics instead
                return [Reply(self.renderer.static("system/repeat_again.j2"), self._related(intent.id))]
            lead = self.renderer.static("system/repeat.j2")
            return [Reply(f"{lead}\n\n{self.short(intent.id)}", self._related(intent.id))]
        replies = [self._full_answer(intent)]
        for other in also:
            if other in self.intents:
                text = self.renderer.render("system/also.j2", {"topic": self.intents[other].title})
                replies.append(Reply(text, (Button(self.intents[other].title, callbacks.answer(other)),)))
        return replies

    def _related(self, intent_id: str) -> tuple[Button, ...]:
        """Buttons for an intent's follow-up topics (the menu when it has none)."""
        intent = self.intents.get(intent_id)
        related = [r for r in (intent.related if intent else ()) if r in self.intents]
        if not related:
            return self.menu
        return tuple(Button(self.intents[r].title, callbacks.answer(r)) for r in related)


def remember(state: dict[str, Any], intent: Intent, last: str | None = None) -> dict[str, Any]:
    """Return the state after an answer: the last knowledge answer's id, and how often it came again in a row."""
    if intent.kind != "knowledge":
        return state
    repeats = state["repeat"] if isinstance(state.get("repeat"), int) else 0
    return dict(state, last=intent.id, repeat=repeats + 1 if intent.id == last else 0)


def repeats(state: dict[str, Any], last: str | None) -> int:
    """Return how many times in a row the last answer has already been asked for again."""
    count = state.get("repeat")
    return count if last and isinstance(count, int) and count > 0 else 0


def last_answer(state: dict[str, Any], intents: Mapping[str, Intent], recent: bool) -> str | None:
    """Return the id of the last answer sent, if the conversation is still on it."""
    last = state.get("last")
    return last if recent and isinstance(last, str) and last in intents else None
