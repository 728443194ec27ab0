"""The result card you can check and correct, and the flows that were closed for lack of answers.

The card shows each answer with what was typed for it (kept in the session only, never in
an event). It stays open after the flow: "Change an answer" (or typing "change 3") asks
that one question again, then any follow-up it needs, and shows the card recomputed.
The flow's result event is reported once, when the card is first shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from bot.engine import callbacks
from bot.engine.conversation import Button, Reply
from bot.engine.flows.definition import END, Flow
from bot.engine.flows.lexicon import MARKS, tokens_of

if TYPE_CHECKING:
    from bot.engine.flows.runner import FlowOutcome

#: Button data prefix of the card's own buttons ("fc:list[Any]", "fc:<step>", "fc:card").
CARD = "fc"
#: fstate keys that belong to answering, dropped when the card is shown.
_ANSWERING = ("change", "known", "confirm", "offered", "asked", "unclear", "price_pending")
_DAY = 24 * 3600


class Cards:
    """The result card and its corrections (mixed into :class:`FlowRunner`)."""

    def finish(self, flow: Flow, fstate: dict[str, Any], edit: bool = False) -> FlowOutcome:
        """Show the result card; the flow's result event goes out the first time only."""
        from bot.engine.flows.runner import RESULTS, FlowOutcome

        fstate = {k: v for k, v in fstate.items() if k not in _ANSWERING}
        fstate["path"] = self.on_walk(flow, fstate["path"])
        context, result = RESULTS[flow.id](flow, fstate)
        text = self.render(flow.result_template, context).strip()
        buttons = [Button(label, data) for label, data in context.get("buttons", ())]
        buttons.append(Button("✏️ Change an answer", callbacks.card("list")))
        first = not fstate.get("finished")
        fstate = dict(fstate, done=True, finished=True, step="")
        return FlowOutcome([Reply(text, tuple(buttons), edit=edit)], fstate, result if first else None)

    def on_walk(self, flow: Flow, path: list[Any]) -> list[Any]:
        """Keep the answers of the steps the answers lead through (a changed answer may skip some)."""
        answers = {step_id: value for step_id, value in path}
        kept, step_id = [], flow.steps[0].id
        while step_id != END and step_id in answers:
            kept.append([step_id, answers[step_id]])
            step_id = flow.next_step(flow.step(step_id), answers[step_id])
        return kept

    def same_question(self, flow: Flow, fstate: dict[str, Any], step_id: str) -> bool:
        """Tell whether a step belongs to the question being changed (its follow-ups)."""
        changed = flow.step(fstate["change"]["step"])
        return step_id != END and changed.number is not None and flow.step(step_id).number == changed.number

    def on_card_button(self, fstate: dict[str, Any] | None, data: str, now: float) -> FlowOutcome | None:
        """Act on a card button: list[Any] the answers, change one, or show the card again."""
        _, _, what = data.partition(":")
        if not fstate or not fstate.get("done") or fstate.get("flow") not in self.flows:
            return None
        flow = self.flows[fstate["flow"]]
        if what == "list":
            return self.change_list(flow, fstate, edit=True)
        if what == "card":
            return self.finish(flow, fstate, edit=True)
        if what in {step_id for step_id, _ in fstate["path"]}:
            return self.start_change(flow, fstate, what, now, edit=True)
        return None

    def on_card_text(self, fstate: dict[str, Any], text: str, now: float) -> FlowOutcome | None:
        """Read "change 3" / "edit the price" typed at the card; None for anything else."""
        words = [t for t in tokens_of(text) if t not in MARKS]
        commands = {" ".join(tokens_of(str(w))) for w in self.lexicon.raw.get("change", ())}
        if not words or not any(" ".join(words[:n]) in commands for n in (1, 2, 3)):
            return None
        flow = self.flows[fstate["flow"]]
        target = self._named_step(flow, fstate, words[1:])
        if target is None:
            return self.change_list(flow, fstate)
        return self.start_change(flow, fstate, target, now)

    def _named_step(self, flow: Flow, fstate: dict[str, Any], words: list[str]) -> str | None:
        """Return the answered step a number or a name points at ("3", "price", "the source")."""
        answered = [flow.step(step_id) for step_id, _ in fstate["path"]]
        for word in words:
            if word.isdigit():
                return next((s.id for s in answered if s.number == int(word)), None)
        asked = set(words) - {"the", "my", "answer", "to", "question", "number", "a", "one"}
        for step in answered:
            names = set(tokens_of(f"{step.short} {step.criterion or ''} {step.id}"))
            if asked and asked <= names | {"answer"}:
                return step.id
        return None

    def change_list(self, flow: Flow, fstate: dict[str, Any], edit: bool = False) -> FlowOutcome:
        """Offer a button per answer to change."""
        from bot.engine.flows.runner import FlowOutcome

        buttons = []
        for step_id, _ in fstate["path"]:
            step = flow.step(step_id)
            if step.number is None or not any(s.number == step.number for s in flow.steps[:flow.steps.index(step)]):
                label = f"{step.number} {step.short}" if step.number else step.short
                buttons.append(Button(label, callbacks.card(step.id)))
        buttons.append(Button("« Back to the result", callbacks.card("card")))
        text = self.render("flows/change.j2", {"title": flow.title})
        return FlowOutcome([Reply(text, tuple(buttons), edit=edit)], fstate)

    def start_change(self, flow: Flow, fstate: dict[str, Any], step_id: str, now: float,
                     edit: bool = False) -> FlowOutcome:
        """Ask one answered question again; its old answer comes back if the change is abandoned."""
        from bot.engine.flows.runner import FlowOutcome

        old = dict(fstate["path"])
        change = {"step": step_id, "path": [list(p) for p in fstate["path"]], "typed": dict(fstate.get("typed", {})),
                  "product": fstate.get("product"), "price": fstate.get("price")}
        fstate = {k: v for k, v in fstate.items() if k not in ("done",)}
        fstate.update(change=change, step=step_id, updated=now, unclear=0,
                      path=[p for p in fstate["path"] if p[0] != step_id])
        step = flow.step(step_id)
        option = step.option(old[step_id])
        shown = option.label if option else (fstate.get("product") or "")
        typed = fstate.get("typed", {}).get(step_id)
        notice = f"Your answer was: {shown}" + (f" (you typed “{typed}”)" if typed else "") + "."
        return FlowOutcome([self._question(flow, fstate, notice=notice, edit=edit)], fstate)

    def abandon_change(self, flow: Flow, fstate: dict[str, Any], now: float, edit: bool) -> FlowOutcome:
        """Put the old answer back and show the card again."""
        change = fstate["change"]
        restored = dict(fstate, path=change["path"], typed=change["typed"], updated=now)
        for key in ("product", "price"):
            if change.get(key):
                restored[key] = change[key]
        return self.finish(flow, restored, edit)

    # -- flows closed for lack of answers --------------------------------------------

    def after_expiry(self, fstate: dict[str, Any], now: float) -> dict[str, Any] | None:
        """Return the marker that remembers, once, that a flow in progress was closed (None for a card)."""
        if not isinstance(fstate, dict) or fstate.get("done") or fstate.get("closed"):
            return None
        if fstate.get("flow") not in self.flows:
            return None
        since = fstate.get("updated")
        since = float(since) if isinstance(since, int | float) else now
        return {"flow": fstate["flow"], "closed": True, "path": [], "step": "", "since": since, "updated": now}

    def closed_notice(self, fstate: dict[str, Any], now: float) -> FlowOutcome:
        """Say that the flow was closed and offer to start it again; the marker goes."""
        from bot.engine.flows.runner import FlowOutcome

        flow = self.flows[fstate["flow"]]
        days = int(max(0.0, now - float(fstate.get("since") or now)) // _DAY)
        when = "earlier" if days < 1 else "yesterday" if days == 1 else f"{days} days ago"
        text = self.render("flows/closed.j2", {"title": flow.title, "when": when})
        buttons = (Button(f"Start the {flow.title.lower()} again", callbacks.start(flow.id)),
                   Button("Main menu", callbacks.menu()))
        return FlowOutcome([Reply(text, buttons)], None)

    def looks_like_answer(self, text: str) -> bool:
        """Tell whether a message after a closed flow reads as an answer to it ("no", "not sure", "3")."""
        from bot.engine.flows.naming import only_answer_words

        words = [t for t in tokens_of(text) if t not in MARKS]
        return not words or only_answer_words(self.lexicon, text) or (len(words) <= 2 and words[0].isdigit())

    def is_closed(self, fstate: Any) -> bool:
        """Tell whether fstate is the marker of a closed flow."""
        return isinstance(fstate, dict) and bool(fstate.get("closed"))

    def is_card(self, fstate: Any) -> bool:
        """Tell whether fstate is a result card still open for corrections."""
        return isinstance(fstate, dict) and bool(fstate.get("done"))
