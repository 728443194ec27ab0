"""Button data: the one place that builds and parses ``callback_data``.

Telegram returns a pressed button's data verbatim (at most 64 bytes), so every
button the engine makes is built here and every press is parsed here:

- ``i:<intent>``            show an answer
- ``go:<flow>``             start a guided flow
- ``m:menu``                show the main menu
- ``f:<step>:<value>``      answer (or navigate) the current flow step
- ``fb:<+|->:<intent>``     feedback on an answer
- ``forget:<yes|no>``       confirm or call off /forget
- ``r:<flag digits>``       the rest of a referral, after the emergency line
- ``fc:<list|card|step>``   a result card's own buttons (change an answer)
- ``lb:<ok|change|step>``   a label reading's buttons: accept it, list its answers, answer one yourself
- ``cmp:last``              compare the last two checked products
"""

from __future__ import annotations

from dataclasses import dataclass

ANSWER, START, MENU, FLOW, FEEDBACK, FORGET, AFTER_EMERGENCY, CARD = "i", "go", "m", "f", "fb", "forget", "r", "fc"
LABEL, COMPARE = "lb", "cmp"


@dataclass(frozen=True)
class Press:
    """A parsed button press: its kind and the parts after it."""

    kind: str
    args: tuple[str, ...]


def answer(intent_id: str) -> str:
    """Data of a button that shows an intent's answer."""
    return f"{ANSWER}:{intent_id}"


def start(flow_id: str) -> str:
    """Data of a button that starts a guided flow."""
    return f"{START}:{flow_id}"


def menu() -> str:
    """Data of the main-menu button."""
    return f"{MENU}:menu"


def flow(step_id: str, value: str) -> str:
    """Data of a flow button: an answer, or Back / Skip / Continue / Cancel."""
    return f"{FLOW}:{step_id}:{value}"


def feedback(vote: int, intent_id: str) -> str:
    """Data of a 👍 (+1) or 👎 (-1) button."""
    return f"{FEEDBACK}:{'+' if vote > 0 else '-'}:{intent_id}"


def forget(confirm: bool) -> str:
    """Data of the /forget confirmation buttons."""
    return f"{FORGET}:{'yes' if confirm else 'no'}"


def after_emergency(flag_code: str) -> str:
    """Data of the button under an emergency line that shows the rest of the referral."""
    return f"{AFTER_EMERGENCY}:{flag_code}"


def card(target: str) -> str:
    """Data of a result card's button: the list of answers to change, one step, or back to the card."""
    return f"{CARD}:{target}"


def label(target: str) -> str:
    """Data of a label reading's button: "ok" (looks right), "change" (list), or a step to answer yourself."""
    return f"{LABEL}:{target}"


def compare() -> str:
    """Data of the button that compares the last two checked products."""
    return f"{COMPARE}:last"


#: How many parts after the kind each kind takes.
ARITY = {ANSWER: 1, START: 1, MENU: 1, FLOW: 2, FEEDBACK: 2, FORGET: 1, AFTER_EMERGENCY: 1, CARD: 1,
         LABEL: 1, COMPARE: 1}


def parse(data: str) -> Press | None:
    """Split button data into its kind and parts; None for anything malformed or unknown."""
    kind, _, rest = data.partition(":")
    if kind not in ARITY or not rest:
        return None
    args = tuple(rest.split(":", ARITY[kind] - 1))
    if len(args) != ARITY[kind] or not all(args):
        return None
    return Press(kind, args)
