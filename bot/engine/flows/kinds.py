"""What a typed message is at a flow question: its kind, and the value it gives or proposes."""

from __future__ import annotations

from dataclasses import dataclass, field

#: What a message can be at a question.
ANSWER, CONFIRM, NONE, EMPTY = "answer", "confirm", "none", "empty"
QUESTION, ABOUT, STALL, ASK_WHICH = "question", "about", "stall", "ask_which"
BACK, SKIP, NO_SKIP, CONTINUE, STOP, NOT_NAME, PRICE_HERE = (
    "back", "skip", "no_skip", "continue", "stop", "not_name", "price_here")
#: A message that answers another question of the flow ("never had cancer" at question 2).
ELSEWHERE = "elsewhere"
#: A vague word ("expensive") is only a proposal.
VAGUE = "vague"


@dataclass
class Reading:
    """What a typed message is, at one question."""

    kind: str
    value: str | None = None
    text: str = ""
    details: dict[str, str] = field(default_factory=dict)
    shown: str = ""
    price: tuple[float, str] | None = None
