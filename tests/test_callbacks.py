"""Button data is built and parsed in one module, and every button the engine makes parses back."""

from __future__ import annotations

import pytest

from bot.engine import callbacks
from bot.engine.conversation import MAX_BUTTON_DATA


@pytest.mark.parametrize(("data", "kind", "args"), [
    (callbacks.answer("price"), callbacks.ANSWER, ("price",)),
    (callbacks.start("screening"), callbacks.START, ("screening",)),
    (callbacks.menu(), callbacks.MENU, ("menu",)),
    (callbacks.flow("source", "human"), callbacks.FLOW, ("source", "human")),
    (callbacks.feedback(-1, "price"), callbacks.FEEDBACK, ("-", "price")),
    (callbacks.forget(True), callbacks.FORGET, ("yes",)),
])
def test_built_data_parses_back(data: str, kind: str, args: tuple[str, ...]) -> None:
    assert callbacks.parse(data) == callbacks.Press(kind, args)


@pytest.mark.parametrize("data", ["", "i", "i:", "nope:x", "f:only", "fb:+", "f::x"])
def test_malformed_data_is_refused(data: str) -> None:
    assert callbacks.parse(data) is None


def test_every_button_the_engine_shows_parses(engine) -> None:
    from tests.harness import EngineChat

    chat = EngineChat(engine)
    seen = set()
    for text in ("/start", "what does plated mean", "im pregnant", "/checklist", "skip", "skip", "/forget",
                 "exosome skin", "/screen"):
        for button in chat.push(text).buttons:
            seen.add(button.data)
    assert len(seen) > 15
    for data in seen:
        assert len(data.encode()) <= MAX_BUTTON_DATA and callbacks.parse(data) is not None, data
