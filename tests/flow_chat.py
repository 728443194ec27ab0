"""A user talking to one flow through the flow runner, for the flow tests (tests/test_flows*.py)."""

from __future__ import annotations

import json
from pathlib import Path

from bot.content import load_content
from bot.engine.flows import FlowOutcome, FlowRunner
from bot.engine.render import Renderer

ROOT = Path(__file__).resolve().parent.parent
DAY = 24 * 3600
BANNED = ("safe for you", "diagnose", "treats", "cures")


def make_runner(root: Path = ROOT) -> FlowRunner:
    """Load the runner with the engine's renderer (autoescape, strict undefined, trimmed blocks)."""
    content = load_content(root)
    return FlowRunner.load(content.flows, Renderer(content.templates).render, content.flow_words,
                           content.glossary)


RUNNER = make_runner()


class Chat:
    """A user talking to one flow, routed the way the engine routes flow messages."""

    def __init__(self, flow_id: str, now: float = 1000.0) -> None:
        """Start the flow."""
        self.now = now
        self.outcome = RUNNER.start(flow_id, now)
        self.fstate = self.outcome.fstate

    def _take(self, outcome: FlowOutcome) -> FlowOutcome:
        """Keep the new fstate (round-tripped through JSON, as the store does)."""
        self.outcome = outcome
        self.fstate = json.loads(json.dumps(outcome.fstate))
        return outcome

    def say(self, text: str) -> FlowOutcome:
        """Type a message: read at the pending question; what is no answer takes the unclear path."""
        self.now += 1
        outcome = RUNNER.on_text(self.fstate, text, (), self.now)
        if outcome.ask_matcher:
            outcome = RUNNER.on_unclear(outcome.fstate, self.now, notice=outcome.notice)
        return self._take(outcome)

    def press(self, value: str) -> FlowOutcome:
        """Press the current question's button with this value."""
        return self.press_data(self.data(value))

    def press_data(self, data: str) -> FlowOutcome:
        """Press a button by its raw data (must not be stale)."""
        self.now += 1
        outcome = RUNNER.on_button(self.fstate, data, self.now)
        assert outcome is not None, data
        return self._take(outcome)

    def data(self, value: str) -> str:
        """Return the data of the last reply's button with this value."""
        for button in self.outcome.replies[-1].buttons:
            if button.data.endswith(f":{value}"):
                return button.data
        raise AssertionError(f"no {value!r} button in {[b.data for b in self.outcome.replies[-1].buttons]}")

    @property
    def text(self) -> str:
        """Return the text of the replies."""
        return "\n\n".join(r.text for r in self.outcome.replies)

    @property
    def step(self) -> str:
        """Return the current step id."""
        return self.fstate["step"]


def checklist_at_criteria(product: str = "skip", price: str = "skip") -> Chat:
    """Start the checklist and get past the optional name and price."""
    chat = Chat("checklist")
    chat.say(product) if product != "skip" else chat.press("skip")
    chat.say(price) if price != "skip" else chat.press("skip")
    assert chat.step == "source"
    return chat


def finish_checklist(chat: Chat, source: str, answers: list[str]) -> FlowOutcome:
    """Answer the source question and the seven yes/no criteria with buttons."""
    chat.press(source)
    for value in answers:
        chat.press(value)
    assert chat.fstate["done"]  # the result card, open for corrections
    return chat.outcome


def finish_screening(answers: dict[str, str]) -> Chat:
    """Answer the screening with buttons; unlisted questions get "no"."""
    chat = Chat("screening")
    while not chat.fstate.get("done"):
        chat.press(answers.get(chat.step, "no"))
    return chat
