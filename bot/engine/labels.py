"""A pasted label (or a photo's text) pre-fills the checklist; two finished checklists are compared.

Pure: the engine hands over the session state and the text; nothing of the text is kept. The
session holds, while the reading's card shows, the answers it inferred with their supporting
words (``state["label"]``), and after each finished checklist its statuses, claims, price and
name (``state["products"]``, the last two), for "compare". /forget erases the session.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from bot.engine import callbacks
from bot.engine.compare import ProductCheck, render_comparison
from bot.engine.conversation import Button, Reply
from bot.engine.events import Event, FlowStarted
from bot.engine.flows import FlowRunner
from bot.engine.flows.definition import PRICE, bucket
from bot.engine.label_card import TEMPLATE, reading_context
from bot.nlu.label import LabelReader, LabelReading
from bot.nlu.text import clean

Render = Callable[[str, dict[str, Any]], str]
#: What a label button does: the replies, the new state, the events.
Done = tuple[list[Reply], dict[str, Any], list[Event]]

#: The flow a label pre-fills.
CHECKLIST = "checklist"
#: The only currency the price ranges are in.
DOLLARS = "USD"
#: Products kept in the session for "compare".
KEPT_PRODUCTS = 2
#: Typed words that compare the last two checked products.
COMPARE_WORDS = frozenset({"compare", "compare them", "compare both", "compare the two", "compare products",
                           "compare the products", "compare the last two", "compare two products",
                           "side by side", "compare them side by side"})
#: A label's own warning ("Warning: not for use during pregnancy"): not the reader's situation.
_WARNING = re.compile(r"\b(warnings?|cautions?|precautions?|contraindicat\w*|not for use|do not (use|apply)|"
                      r"not recommended|avoid (use|using)|consult|keep out of reach|who should not|patch test|"
                      r"if (you are |you're )?(pregnant|breast ?feeding|nursing))\b", re.IGNORECASE)
#: Words that make a sentence the writer's own ("I'm pregnant"): never blanked.
_FIRST_PERSON = re.compile(r"\b(i|i'm|im|i've|me|my|mine|we|our)\b", re.IGNORECASE)
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]*")
#: Session keys this module owns.
KEYS = ("label", "products")


class Labels:
    """Read labels into checklist answers, and compare the last two checked products."""

    def __init__(self, reader: LabelReader, flows: FlowRunner, render: Render) -> None:
        """Keep the label reader, the flow runner and the template renderer."""
        self.reader, self.flows, self.render = reader, flows, render
        self.flow = flows.flows[CHECKLIST]
        self.criteria = [(s.id, s.criterion) for s in self.flow.steps if s.criterion]
        self.price_step = next((s for s in self.flow.steps if s.input == PRICE), None)
        self.claim_titles = {c.id: c.title for c in reader.rules.claims}
        self._last: tuple[str | None, bool] = (None, False)

    def looks_like(self, text: str) -> bool:
        """Tell whether a message is a pasted label, product page or ingredient list (the last answer is kept)."""
        last = self._last  # asked twice per message: for the risk check, then to route it
        if last[0] != text:
            last = self._last = (text, self.reader.looks_like_label(text))
        return last[1]

    @staticmethod
    def without_warnings(text: str) -> str:
        """Return a label's text without its own warning sentences, for the risk check (the writer's stay)."""
        return _SENTENCE.sub(lambda m: m.group(0) if not _WARNING.search(m.group(0))
                             or _FIRST_PERSON.search(m.group(0)) else " ", text)

    def risk_text(self, text: str, photo: bool, fstate: Any) -> str:
        """Return the text the risk check reads: a label's own warnings left out, everything else as typed."""
        in_other_flow = self.flows.active(fstate) and fstate.get("flow") != CHECKLIST
        if photo or (not text.startswith("/") and not in_other_flow and self.looks_like(text)):
            return self.without_warnings(text)
        return text

    def is_compare(self, text: str) -> bool:
        """Tell whether a typed message asks to compare the last two products."""
        return " ".join(clean(text).lower().strip(" .!?").split()) in COMPARE_WORDS

    # -- reading ---------------------------------------------------------------

    def inferred(self, reading: LabelReading) -> dict[str, list[str]]:
        """Return step id -> [value, supporting words] for each criterion the label shows."""
        found = {}
        for step in self.flow.steps:
            finding = reading.criteria.get(step.id)
            if not step.criterion or finding is None:
                continue
            value = finding.value if step.records == "source" else "yes"
            if step.option(value):
                found[step.id] = [value, ", ".join(finding.words)]
        return found

    def on_text(self, state: dict[str, Any], text: str) -> tuple[Reply, dict[str, Any]]:
        """Read a label: the card of what it shows, with Looks right / Change one; the state holds the answers."""
        reading = self.reader.read_label(text)
        found = self.inferred(reading)
        context = reading_context(reading, self.criteria)
        price = reading.price
        pending: dict[str, Any] = {"found": found, "claims": [[c.id, c.title, c.explanation] for c in reading.claims]}
        if price is not None and price.currency == DOLLARS and self.price_step is not None:
            pending["price"] = [bucket(self.price_step, price.amount), price.text]
        elif price is not None:
            context["price_note"] = f"in {price.currency}, not dollars, so I'll ask for the price range"
        context["found"] = [row for row in context["found"] if row["id"] in found]
        context["to_ask"] = [name for cid, name in self.criteria if cid not in found]
        context["next"] = bool(found)
        buttons: tuple[Button, ...] = (Button("✅ Looks right", callbacks.label("ok")),
                                       Button("Change one", callbacks.label("change")))
        if not found:
            buttons = (Button("Answer the questions", callbacks.label("ok")),)
        return Reply(self.render(TEMPLATE, context), buttons), dict(state, label=pending)

    # -- buttons ---------------------------------------------------------------

    def on_press(self, state: dict[str, Any], target: str, now: float) -> Done | None:
        """Act on a label button: accept every inferred answer, list them, or answer one yourself."""
        pending = state.get("label")
        if not isinstance(pending, dict) or not isinstance(pending.get("found"), dict):
            return None
        if target == "ok":
            return self.accept(state, pending, now)
        if target == "change" and pending["found"]:
            names = dict(self.criteria)
            buttons = [Button(names[sid], callbacks.label(sid)) for sid in pending["found"]]
            buttons.append(Button("✅ Looks right", callbacks.label("ok")))
            return [Reply("Which one will you answer yourself? I'll keep the others as the label shows them.",
                          tuple(buttons), edit=True)], state, []
        if target in pending["found"]:
            return self.accept(state, pending, now, drop=target)
        return None

    def accept(self, state: dict[str, Any], pending: dict[str, Any], now: float, drop: str = "") -> Done:
        """Take the label's answers (all but ``drop``) into the checklist, new or in progress; ask the rest."""
        fstate: Any = state.get("flow")
        running = self.flows.active(fstate) and fstate.get("flow") == CHECKLIST
        answered = {step_id for step_id, _ in fstate["path"]} if running else set()
        found = {sid: pair for sid, pair in pending["found"].items() if sid != drop and sid not in answered}
        known = {sid: pair[0] for sid, pair in found.items()}
        label = {"claims": pending.get("claims", []), "words": found}
        extra: dict[str, Any] = {"label": label}
        price = pending.get("price")
        if price and self.price_step is not None and self.price_step.id not in answered:
            known[self.price_step.id] = price[0]
            found[self.price_step.id] = price
            extra.update(price=price[1], price_pending=True)
        events: list[Event] = []
        if running:
            outcome = self.flows.advance(self.flows.with_known(dict(fstate, **extra), known), now)
        else:
            outcome = self.flows.start(CHECKLIST, now, known=known, extra=extra)
            events.append(FlowStarted(CHECKLIST))
        replies = list(outcome.replies)
        if drop:
            lead = f"I'll ask you about {dict(self.criteria)[drop]} myself; the rest is as the label shows it."
            replies.insert(0, Reply(lead))
        if outcome.result:
            events.append(outcome.result)
        state = {k: v for k, v in state.items() if k != "label"}
        return replies, dict(state, flow=outcome.fstate), events

    # -- compare ---------------------------------------------------------------

    def product(self, fstate: dict[str, Any]) -> dict[str, Any]:
        """Return what compare needs of a finished checklist: statuses, claims, price, source, name."""
        answers = dict(fstate["path"])
        statuses = {}
        for step in self.flow.steps:
            option = step.option(answers[step.id]) if step.id in answers else None
            if step.criterion:
                statuses[step.id] = option.status if option and option.status else "unknown"
        label = fstate.get("label")
        claims = [c[0] for c in label.get("claims", ())] if isinstance(label, dict) else None
        price = fstate.get("price", "")
        if not price and self.price_step is not None and (opt := self.price_step.option(answers.get(
                self.price_step.id, ""))):
            price = opt.label
        source = next((answers.get(s.id, "") for s in self.flow.steps if s.records == "source"), "")
        return {"name": fstate.get("product", ""), "statuses": statuses,
                "claims": claims, "price": price, "source": source}

    def after(self, state: dict[str, Any], replies: list[Reply]) -> tuple[list[Reply], dict[str, Any]]:
        """Remember a checklist whose card shows; put a Compare button on it once two are kept."""
        fstate = state.get("flow")
        if not (isinstance(fstate, dict) and fstate.get("flow") == CHECKLIST and fstate.get("done")):
            return replies, state
        kept = [p for p in state.get("products") or () if isinstance(p, dict)]
        number = fstate.get("kept")
        if not isinstance(number, int):  # a checklist seen for the first time gets the next number
            number = max((int(p.get("key") or 0) for p in kept), default=0) + 1
            fstate = dict(fstate, kept=number)
        product = dict(self.product(fstate), key=number)
        kept = [p for p in kept if p.get("key") != number]
        state = dict(state, flow=fstate, products=(kept + [product])[-KEPT_PRODUCTS:])
        if len(state["products"]) < KEPT_PRODUCTS:
            return replies, state
        card = callbacks.card("list")
        shown = [Reply(r.text, (*r.buttons, Button("⚖️ Compare with the last one", callbacks.compare())), r.edit)
                 if any(b.data == card for b in r.buttons) else r for r in replies]
        return shown, state

    def compare(self, state: dict[str, Any]) -> Reply:
        """Show the last two checked products side by side, or say how many more are needed."""
        products = [p for p in state.get("products") or () if isinstance(p, dict)]
        another = Button("Check a product", callbacks.start(CHECKLIST))
        if len(products) < KEPT_PRODUCTS:
            missing = KEPT_PRODUCTS - len(products)
            text = (f"To compare, check two products in this conversation first; {missing} more to go. "
                    "Paste a label or product page, or run the checklist.")
            return Reply(text, (another, Button("Main menu", callbacks.menu())))
        first, second = (ProductCheck(str(p.get("name") or ""), dict(p.get("statuses") or {}),
                                      None if p.get("claims") is None else tuple(p["claims"]),
                                      str(p.get("price") or ""), str(p.get("source") or ""))
                         for p in products[-KEPT_PRODUCTS:])
        text = render_comparison(self.render, first, second, self.criteria, self.claim_titles)
        return Reply(text, (another, Button("Main menu", callbacks.menu())))

