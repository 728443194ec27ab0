"""Property-based tests of the engine: whatever arrives, the replies are ones Telegram accepts.

Arbitrary Unicode up to 10,000 characters, arbitrary button data and arbitrary or corrupted
session states go through ``Engine.handle``; every reply, once split for Telegram, must be
valid HTML of Telegram's subset with 1 to 4,096 visible characters, every keyboard must be
one Telegram accepts (callback data 1 to 64 bytes), and the next state must be plain JSON
that the engine takes back as it is.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.adapters.telegram_format import MAX_MESSAGE, keyboard, split_html
from bot.engine.conversation import Incoming, Turn
from bot.engine.labels import KEYS as LABEL_KEYS
from tests.fakebot import check_markup, parse_html, visible_length

NOW = 1_700_000_000.0
PROPERTY_SETTINGS = settings(max_examples=60, derandomize=True, deadline=None,
                             suppress_health_check=[HealthCheck.too_slow])

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4),
    max_leaves=12,
)
short_text = st.text(max_size=300)
long_text = st.builds(lambda piece, times: (piece * times)[:10_000], st.text(min_size=1, max_size=60),
                      st.integers(min_value=1, max_value=2_000))
skincare = st.sampled_from(["what does plated mean", "/checklist", "/screen", "I'm pregnant, is it ok?", "yes",
                            "no", "not sure", "cancel", "/start", "/forget", "how much", "<b>hi</b> & <i>"])
texts = st.one_of(short_text, long_text, skincare, st.builds(lambda a, b: f"{a} {b}", skincare, short_text))
prefixes = st.sampled_from(["i:", "go:", "m:", "f:", "fb:+:", "fb:-:", "forget:", ""])
button_data = st.one_of(st.text(max_size=80), st.builds(lambda p, rest: p + rest, prefixes, st.text(max_size=40)))


def _flow_states(engine) -> list[dict[str, Any]]:
    """Return real mid-flow states of both flows, a few steps in."""
    states = []
    for command in ("/checklist", "/screen"):
        turn = engine.handle(engine.new_state(), Incoming(text=command, now=NOW))
        for _ in range(3):
            states.append(turn.state)
            answers = [b.data for b in turn.buttons if b.data.startswith("f:") and not b.data.endswith(":cancel")]
            turn = engine.handle(turn.state, Incoming(button=answers[0], now=NOW) if answers
                                 else Incoming(text="Glow serum", now=NOW))
    return states


@st.composite
def session_states(draw, engine) -> Any:
    """Draw a session state: none, a real one, a real one with corrupted fields, or any JSON at all."""
    kind = draw(st.sampled_from(["none", "real", "corrupted", "json"]))
    if kind == "none":
        return None
    if kind == "json":
        return draw(json_values | st.dictionaries(st.sampled_from(["v", "flow", "topic_at", "x"]), json_values))
    state = json.loads(json.dumps(draw(st.sampled_from(_flow_states(engine)))))
    if kind == "corrupted":
        flow = state["flow"]
        for key in draw(st.lists(st.sampled_from([*flow, "extra"]), min_size=1, max_size=3)):
            flow[key] = draw(json_values)
        if draw(st.booleans()):
            state["topic_at"] = draw(json_values)
    return state


def incomings() -> st.SearchStrategy[Incoming]:
    """Draw a message or a button press."""
    return st.one_of(st.builds(lambda t: Incoming(text=t, now=NOW), texts),
                     st.builds(lambda d: Incoming(button=d, now=NOW), button_data))


def assert_telegram_accepts(engine, turn: Turn) -> None:
    """Check every reply and keyboard as Telegram would, and that the next state is valid."""
    assert turn.replies, "every message gets an answer"
    for reply in turn.replies:
        parts = split_html(reply.text)
        assert parts, f"empty reply: {reply.text!r}"
        for part in parts:
            plain, _ = parse_html(part)  # raises on HTML Telegram refuses
            assert plain.strip() and visible_length(plain.strip()) <= MAX_MESSAGE
        markup = keyboard(reply.buttons)
        if markup is not None:
            check_markup(markup.to_dict())  # raises on what Telegram refuses
            assert all(1 <= len(b.data.encode("utf-8")) <= 64 for b in reply.buttons)
    state = json.loads(json.dumps(turn.state))
    assert state == turn.state, "the state is plain JSON"
    assert set(state) <= set(engine.new_state()) | set(LABEL_KEYS), "only the keys the engine declares"
    flow = state["flow"]
    assert flow is None or (isinstance(flow, dict) and flow.get("flow") in engine.flows.flow_ids)
    assert engine.handle(state, Incoming(text="/help", now=NOW)).replies, "the state is taken back"


@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_text_in_any_state_gets_replies_telegram_accepts(engine, data) -> None:
    state = data.draw(session_states(engine))
    text = data.draw(texts)
    assert_telegram_accepts(engine, engine.handle(state, Incoming(text=text, now=NOW)))


@PROPERTY_SETTINGS
@given(data=st.data())
def test_any_button_data_in_any_state_gets_replies_telegram_accepts(engine, data) -> None:
    state = data.draw(session_states(engine))
    button = data.draw(button_data)
    assert_telegram_accepts(engine, engine.handle(state, Incoming(button=button, now=NOW)))


@settings(max_examples=30, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_conversations_of_anything_stay_valid_turn_after_turn(engine, data) -> None:
    state = data.draw(session_states(engine))
    for incoming in data.draw(st.lists(incomings(), min_size=1, max_size=8)):
        turn = engine.handle(state, incoming)
        assert_telegram_accepts(engine, turn)
        if incoming.button is None and incoming.text and engine.flows.flow_ids and turn.state["flow"]:
            assert turn.state["flow"]["flow"] in engine.flows.flow_ids
        state = turn.state


@PROPERTY_SETTINGS
@given(text=st.text(max_size=10_000))
def test_split_html_of_escaped_user_text_fits_and_parses(text) -> None:
    from html import escape

    for part in split_html(f"<b>You said:</b> {escape(text)}"):
        plain, _ = parse_html(part)
        assert plain.strip() and visible_length(plain.strip()) <= MAX_MESSAGE
