"""The fifth careful pass over typed answers (data/blind9): the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The blind9 typed set's tuning part
was studied; its measure part is only ever counted (tests/test_typed_careful.py keeps the floors).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from tests.test_typed_careful import read, value

# -- words: not knowing, a slang yes, content in plain words ------------------------------------


@pytest.mark.parametrize(("flow_id", "step", "text", "want"), [
    ("checklist", "stability", "never read the box tbh", "unsure"),  # never read is not knowing, not a no
    ("checklist", "guidance", "tossed the box ages ago", "unsure"),
    ("screening", "cancer", "waiting on a test for a mole", "unsure"),
    ("checklist", "evidence", "yeh", "yes"),
    ("screening", "sensitive", "my face flares up with most creams", "yes"),
    ("screening", "procedure_when", "yday afternoon", "d0_3"),
    ("checklist", "guidance", "tells you to use it twice a day and warns against broken skin", "yes"),
])
def test_plain_words_are_read_by_their_meaning(engine: Engine, flow_id: str, step: str, text: str,
                                               want: str) -> None:
    assert value(engine, flow_id, step, text) == want


def test_a_near_miss_of_not_knowing_keeps_its_no(engine: Engine) -> None:
    assert value(engine, "checklist", "guidance", "i read it, there are no warnings at all") != "unsure"
    assert value(engine, "screening", "sensitive", "no flare ups ever") == "no"


def test_not_knowing_what_a_gift_cost_skips_the_price(engine: Engine) -> None:
    assert read(engine, "checklist", "price", "a present from my aunt, no idea what it cost").kind == typed.SKIP
    assert read(engine, "checklist", "price", "a present from my aunt, about $40").kind == typed.ANSWER
