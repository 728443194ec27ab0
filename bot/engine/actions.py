"""What commands and button presses do: the part of the engine that acts on a user's choice, not on text.

:class:`Actions` is a mixin of :class:`bot.engine.core.Engine`; the attributes and the few engine
methods it uses are declared here so that each half reads (and type-checks) on its own.
"""

from __future__ import annotations

from typing import Any

from bot.engine import callbacks
from bot.engine.commands import BY_NAME, closest_command, parse_command
from bot.engine.conversation import Analysis, Button, Reply, Turn
from bot.engine.events import EraseRequested, Feedback
from bot.engine.flows import FlowOutcome, FlowRunner
from bot.engine.labels import Labels
from bot.engine.manners import remember
from bot.engine.referrals import Referrals
from bot.nlu.intent import Intent

#: Outcome reported for commands.
COMMAND = "command"


class Actions:
    """Run /commands from the command table and act on pressed buttons."""

    intents: dict[str, Intent]
    flows: FlowRunner
    menu: tuple[Button, ...]
    referrals: Referrals
    labels: Labels | None
    retention_days: int
    flow_timeout_s: float

    # The engine's own, used here.
    def new_state(self) -> dict[str, Any]:
        raise NotImplementedError

    def system_reply(self, name: str, buttons: tuple[Button, ...] = (), **context: Any) -> Reply:
        raise NotImplementedError

    def answer_text(self, intent_id: str) -> str:
        raise NotImplementedError

    def _with_flow(self, state: dict[str, Any], outcome: FlowOutcome) -> dict[str, Any]:
        raise NotImplementedError

    def _start_flow(self, state: dict[str, Any], flow_id: str, now: float, lead: list[Reply] | None = None,
                    analysis: Analysis | None = None, risks: tuple[str, ...] = ()) -> Turn:
        raise NotImplementedError

    def _flow_turn(self, state: dict[str, Any], replies: list[Reply], outcome: FlowOutcome,
                   analysis: Analysis | None = None) -> Turn:
        raise NotImplementedError

    def _answer(self, intent: Intent) -> Reply:
        raise NotImplementedError

    def _referral(self, risks: tuple[str, ...]) -> Reply:
        raise NotImplementedError

    # -- commands ----------------------------------------------------------------
    def _on_command(self, state: dict[str, Any], text: str, risks: tuple[str, ...], now: float) -> Turn:
        """Run a /command from the command table (unknown ones get a short reply)."""
        name, _ = parse_command(text)
        command = BY_NAME.get(name)
        # A command is not a question: nothing to record unless it carried a risk flag.
        analysis = Analysis(COMMAND, risks=risks) if risks else None
        lead = [self._referral(risks)] if risks else []
        if "urgent" in risks:  # an emergency is the emergency line alone
            return Turn(lead, dict(state, flow=None), analysis)
        if command is None or command.operator:  # operator commands are answered by the adapter, or not at all
            meant = closest_command(name) if command is None else None
            reply = self.system_reply("unknown_command", meant=meant.name if meant else "")
            return Turn(lead + [reply], state, analysis)
        if command.flow:
            return self._start_flow(state, command.flow, now, lead, analysis, risks)
        replies, state = self._run_command(command.name, state)
        return Turn(lead + replies, state, analysis)

    def _run_command(self, name: str, state: dict[str, Any]) -> tuple[list[Reply], dict[str, Any]]:
        """Return the replies and the new state of a command that starts no flow."""
        if name == "start":
            return [self.system_reply("welcome", buttons=self.menu)], dict(state, flow=None)
        if name == "help":
            return [Reply(self.answer_text("help"), self.menu)], state
        if name == "cancel" and state["flow"]:
            outcome = self.flows.cancel(state["flow"])
            return outcome.replies, self._with_flow(state, outcome)
        if name == "cancel":
            return [self.system_reply("nothing_to_cancel", buttons=self.menu)], state
        if name == "privacy":
            return [self.system_reply("privacy", retention_days=self.retention_days,
                                      flow_timeout_hours=round(self.flow_timeout_s / 3600))], state
        buttons = (Button("Yes, erase everything", callbacks.forget(True)),
                   Button("No, keep it", callbacks.forget(False)))
        return [self.system_reply("forget_confirm", buttons=buttons)], state

    # -- buttons -----------------------------------------------------------------
    def _on_button(self, state: dict[str, Any], data: str, now: float) -> Turn:
        """Act on a pressed button; anything unknown or stale gets the 'expired' reply."""
        press = callbacks.parse(data)
        turn = self._on_press(state, press, data, now) if press else None
        return turn or Turn([self.system_reply("expired", buttons=self.menu)], state)

    def _on_press(self, state: dict[str, Any], press: callbacks.Press, data: str, now: float) -> Turn | None:
        """Act on a well-formed press; None when it names nothing that exists (stale or forged)."""
        target = press.args[-1]
        if press.kind == callbacks.ANSWER and target in self.intents:
            intent = self.intents[target]
            if intent.flow:
                return self._start_flow(state, intent.flow, now)
            replies = [self._answer(intent)]
            offer = self.flows.continue_offer(state["flow"]) if state["flow"] else None
            if offer is not None:
                replies.append(offer)
                state = dict(state, flow=self.flows.offered(state["flow"]))
            return Turn(replies, remember(dict(state, topic_at=now), intent))
        if press.kind == callbacks.AFTER_EMERGENCY and (after := self.referrals.after_emergency(target)) is not None:
            return Turn([after], state)
        if press.kind == callbacks.START and target in self.flows.flow_ids:
            return self._start_flow(state, target, now)
        if press.kind == callbacks.MENU and target == "menu":
            return Turn([self.system_reply("menu", buttons=self.menu)], state)
        if press.kind in (callbacks.FLOW, callbacks.CARD) and state["flow"]:
            on_press = self.flows.on_button if press.kind == callbacks.FLOW else self.flows.on_card_button
            outcome = on_press(state["flow"], data, now)
            return self._flow_turn(state, [], outcome) if outcome is not None else None
        if press.kind == callbacks.LABEL and self.labels is not None:
            done = self.labels.on_press(state, target, now)
            return Turn(*done[:2], events=done[2]) if done is not None else None
        if press.kind == callbacks.COMPARE and self.labels is not None:
            return Turn([self.labels.compare(state)], state)
        if press.kind == callbacks.FEEDBACK and press.args[0] in ("+", "-") and target in self.intents:
            vote = 1 if press.args[0] == "+" else -1
            return Turn([self.system_reply("feedback_thanks", vote=vote)], state, events=[Feedback(target, vote)])
        if press.kind == callbacks.FORGET and target == "yes":
            return Turn([self.system_reply("forget_done")], self.new_state(), events=[EraseRequested()])
        if press.kind == callbacks.FORGET and target == "no":
            return Turn([self.system_reply("forget_cancelled")], state)
        return None
