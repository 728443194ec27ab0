"""Chat-style and skincare-adjacent floors on the later blind sets (blind9 to blind32), as measured.

Each row: set, half, chat lines, answered right, within reach, wrong; adjacent lines, answered with a topic,
suggested. Right and within reach may only rise; wrong, answered and suggested may only fall. The measure
halves were only ever measured in aggregate (see each set's README for its arrival figures).

The int8 model's arithmetic differs between CPUs (onnxruntime's integer kernels; this AMD EPYC has AVX2
alone, the older floors were set on an Intel Xeon), which moves a line or two of a half either way; each
floor is the lower of the figures on the two machines (2026-12-02). blind22's rows were set on the AVX2-only
machine and are lowered to an AVX-512 VNNI EPYC's figures where those are lower (the CI machine of
2026-12-02 gave the same): tune 139 right instead of 142 and 13 suggested instead of 12; measure 13 suggested
instead of 10.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.ops import evaluate

DATA = Path(__file__).resolve().parent.parent / "data"

FLOORS = [
    ("blind9", "tune", 150, 132, 143, 2, 120, 0, 2),  # 133 right on AVX-512 VNNI, 132 on AVX2 alone (2026-12-03)
    ("blind9", "measure", 150, 130, 144, 1, 120, 3, 3),
    ("blind11", "tune", 150, 141, 147, 1, 120, 1, 7),
    ("blind11", "measure", 150, 132, 138, 3, 120, 1, 10),
    ("blind12", "tune", 150, 147, 150, 0, 120, 3, 5),
    ("blind12", "measure", 150, 142, 147, 1, 120, 2, 5),
    ("blind13", "tune", 150, 129, 139, 5, 120, 0, 6),
    ("blind13", "measure", 150, 131, 142, 2, 120, 1, 2),
    ("blind17", "tune", 150, 137, 145, 1, 120, 1, 4),
    ("blind17", "measure", 150, 142, 149, 1, 120, 1, 4),
    # blind20 tune: on arrival 133 / 143 / 3, adjacent 2 answered, 9 suggested; 132 / 144 / 3 since the business
    # examples of oos_creative_meta (one answer became a "did you mean" that holds it)
    ("blind20", "tune", 150, 132, 144, 3, 120, 1, 8),
    ("blind20", "measure", 150, 134, 144, 3, 120, 1, 6),  # on arrival the same
    ("blind22", "tune", 150, 139, 149, 1, 120, 1, 13),  # on arrival 142 / 149 / 1; adjacent 3 answered, 12 suggested
    ("blind22", "measure", 150, 142, 148, 0, 120, 5, 13),  # on arrival the same
    # blind23 has a chat set only, blind24 an adjacent set only
    ("blind23", "tune", 120, 112, 116, 1, None, None, None),  # on arrival 111 / 115 / 1
    ("blind23", "measure", 120, 114, 118, 0, None, None, None),  # on arrival the same
    ("blind24", "tune", None, None, None, None, 120, 2, 9),  # on arrival the same
    ("blind24", "measure", None, None, None, None, 120, 0, 10),  # on arrival the same
    # blind25: 115 within reach (tune) and 99 right (measure) on AVX-512 VNNI, 114 and 98 on AVX2 alone (2026-12-03)
    ("blind25", "tune", 120, 106, 114, 2, None, None, None),  # on arrival 105 / 114 / 2 (a harder set: 85.0% whole)
    ("blind25", "measure", 120, 98, 110, 3, None, None, None),  # on arrival the same
    ("blind27", "tune", 120, 111, 119, 0, 100, 5, 10),  # on arrival 106 / 119 / 0; adjacent 6 answered, 15 suggested
    ("blind27", "measure", 120, 108, 115, 4, 100, 7, 12),  # on arrival the same
    # blind29, measured on an AVX2-only EPYC: one line of slack each way for the other CPU kind. Here: tune 115 /
    # 124 / 2 (114 / 123 / 3 on arrival), adjacent 6 answered, 12 suggested (8 and 13 on arrival); measure 118 / 126 /
    # 1 (the same on arrival), adjacent 9 and 19 (9 and 20 on arrival; 129 lines: one message opens with "#")
    ("blind29", "tune", 130, 114, 123, 3, 130, 7, 13),
    ("blind29", "measure", 130, 117, 125, 2, 129, 10, 20),
    # blind30, the same slack. Here: tune 108 / 110 / 0 (the same on arrival), adjacent 5 answered, 14 suggested (6
    # and 14 on arrival); measure 98 / 105 / 3 (the same on arrival), adjacent 2 and 18 (the same on arrival)
    ("blind30", "tune", 110, 107, 109, 1, 120, 6, 15),
    ("blind30", "measure", 110, 97, 104, 4, 120, 3, 19),
    # blind31, the same slack. Here: tune 123 / 124 / 1 (the same on arrival), adjacent 3 answered, 16 suggested (5
    # and 19 on arrival); measure 119 / 123 / 1 (the same on arrival), adjacent 5 and 17 (the same on arrival)
    ("blind31", "tune", 125, 122, 123, 2, 125, 4, 17),
    ("blind31", "measure", 125, 118, 122, 2, 125, 6, 18),
    # blind32, the same slack. Here: tune 102 / 108 / 2 (the same on arrival), adjacent 4 answered, 14 suggested (the
    # same on arrival); measure 103 / 109 / 0 (the same on arrival), adjacent 3 and 16 (the same on arrival)
    ("blind32", "tune", 110, 101, 107, 3, 130, 5, 16),  # 16 suggested since the business examples (a DIY question)
    ("blind32", "measure", 110, 102, 108, 1, 130, 4, 17),
]


@pytest.mark.parametrize(("name", "part", "lines", "right", "reach", "wrong", "adj_lines", "answered", "suggested"),
                         FLOORS, ids=[f"{f[0]}-{f[1]}" for f in FLOORS])
def test_chat_and_adjacent_halves_keep_their_floors(engine: Engine, name: str, part: str, lines: int | None,
                                                    right: int, reach: int, wrong: int, adj_lines: int | None,
                                                    answered: int, suggested: int) -> None:
    if lines is not None:
        rows = evaluate.read_labelled(DATA / name / f"chat_{part}.tsv")
        chat = evaluate.eval_questions(rows, engine.analyse, chat=True, refines=evaluate.refinements(engine.intents))
        counts = f"right {chat.answered_right}, reach {chat.within_reach}, wrong {chat.wrong_answer}"
        assert chat.total == lines
        assert (chat.answered_right >= right and chat.within_reach >= reach and chat.wrong_answer <= wrong), counts
    if adj_lines is None:
        return
    adjacent = evaluate.eval_out_of_scope(evaluate.read_out_of_scope(DATA / name / f"adjacent_{part}.tsv"),
                                          engine.analyse)
    assert adjacent.total == adj_lines
    assert adjacent.answered <= answered and adjacent.suggested <= suggested, (adjacent.answered, adjacent.suggested)
