"""The blind31 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind31's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py). The date
readings of this pass are tested with the other calendar dates (tests/test_typed_blind9.py).
"""

from __future__ import annotations

import pytest

from bot.engine import Engine
from bot.ops import evaluate
from tests.test_typed_careful import value


def recorded(engine: Engine, step: str, text: str, want: str) -> bool:
    """Tell whether typing the text at a checklist step records the value wanted."""
    return evaluate.typed_outcome(engine, "checklist", step, text, want)[0] == evaluate.RIGHT


@pytest.mark.parametrize("text", ["i prefer to not say the name", "id prefer to not tell you, sorry"])
def test_declining_to_name_the_product_skips_it(engine: Engine, text: str) -> None:
    assert recorded(engine, "product", text, "skip")


def test_a_product_name_is_still_a_name(engine: Engine) -> None:
    assert recorded(engine, "product", "Lumiere Exo Glow Serum", "name")


@pytest.mark.parametrize("text", ["the box it not say where they are from", "they not say the source"])
def test_learner_english_not_say_is_not_stated(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "source", text) == "not_stated"
