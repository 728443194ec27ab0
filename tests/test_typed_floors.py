"""Floors of the fresh typed-answer sets: each blind set's tuning and measure parts, at the figures reached.

Moved here from tests/test_typed_careful.py (which keeps the dialogue rules); a floor may only rise.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.flows import clock
from bot.ops import evaluate
from tests.conftest import WRITTEN

DATA = Path(__file__).resolve().parent.parent / "data"


# -- data/blind5, blind7, blind8, blind9, blind11, blind17 and blind18: measured whole on arrival, then split;
# floors at the figures reached

#: (part, right at least, wrong at most): the tuning parts were studied, the measure parts only measured.
#: Since blind13's round "not that I know of", "not to my knowledge" and their kin are asked back as a no
#: (writers split: most record a no, some a not sure), which costs a right answer here and there.
FRESH_FLOORS = [
    # 97.1%, 0 wrong (199 and 2 on arrival; 205 before "last week" was counted from the day it was written,
    # a Tuesday: 2 to 8 days ago, across an edge)
    ("blind5/typed_tune.tsv", 205, 0),
    ("blind5/typed_measure.tsv", 197, 3),  # 93.8%, 3 wrong (197 and 6 before the fifth pass; 197 before blind13)
    ("blind7/typed_tune.tsv", 200, 3),  # 95.2%, 3 wrong (201 and 2 before blind28: "botox last week" now counts)
    # (9 wrong since blind30: "nothing about how long it lasts" is read as the missing half of the storage question,
    # the no most writers record; a measure line moved to wrong, counted in aggregate only)
    ("blind7/typed_measure.tsv", 190, 9),  # 90.5%, 8 wrong (whole: 82.4%, 28 wrong on arrival; 186/11 pre-blind11)
    # blind8's and blind9's writers record "directions but no warnings" as nothing (asked back); seven later
    # writers record a no, which the reader now records (blind25's round): one line each moved to wrong
    # ("opaque airless pump but nothing about how long it lasts": recorded no since blind30, as the storage question's
    # missing half; this writer asks back)
    ("blind8/typed_tune.tsv", 199, 3),  # 95.2%, 2 wrong ("3 or 5 days, not sure which": writers disagree)
    ("blind8/typed_measure.tsv", 185, 6),  # 88.1%, 6 wrong (177 and 15 before the fifth pass, 180/12 before blind11,
    # 181/9 before blind18)
    ("blind9/typed_tune.tsv", 203, 4),  # 96.7%, 4 wrong (181 and 12 on arrival: adipose = human, a joke)
    ("blind9/typed_measure.tsv", 184, 8),  # 87.6%, 8 wrong (178 and 16 on arrival, 182 and 12 before blind11, 10
    # before blind18)
    ("blind11/typed_tune.tsv", 197, 3),  # 93.8%, 3 wrong (189 and 11 on arrival, 195 before blind13)
    ("blind11/typed_measure.tsv", 184, 10),  # 87.6%, 10 wrong (184 and 10 on arrival)
    ("blind17/typed_tune.tsv", 200, 0),  # 95.2%, 0 wrong (188 and 3 on arrival)
    ("blind17/typed_measure.tsv", 185, 3),  # 88.1%, 3 wrong (183 and 3 on arrival)
    ("blind18/typed_tune.tsv", 186, 0),  # 88.6%, 0 wrong (174 and 6 on arrival; answers written to be hard)
    ("blind18/typed_measure.tsv", 179, 3),  # 85.2%, 3 wrong (174 and 4 on arrival, 174 and 3 before blind20)
    ("blind20/typed_tune.tsv", 201, 0),  # 95.7%, 0 wrong (194 and 2 on arrival)
    ("blind20/typed_measure.tsv", 183, 1),  # 87.1%, 1 wrong (182 and 2 on arrival)
    ("blind22/typed_tune.tsv", 185, 1),  # 92.5%, 1 wrong (172 and 5 on arrival; "i think so? a page about their lab")
    ("blind22/typed_measure.tsv", 174, 3),  # 87.0%, 3 wrong (169 and 5 on arrival)
    ("blind24/typed_tune.tsv", 176, 1),  # 88.0%, 1 wrong (165 and 6 on arrival)
    ("blind24/typed_measure.tsv", 170, 4),  # 85.0%, 4 wrong (168 and 6 on arrival)
    ("blind25/typed_tune.tsv", 174, 4),  # 87.0%, 4 wrong (164 and 8 on arrival)
    ("blind25/typed_measure.tsv", 164, 9),  # 82.0%, 9 wrong (163 and 9 on arrival)
    ("blind26/typed_tune.tsv", 125, 3),  # 83.3%, 3 wrong (118 and 7 on arrival)
    ("blind26/typed_measure.tsv", 134, 3),  # 89.3%, 3 wrong (134 and 3 on arrival)
    ("blind27/typed_tune.tsv", 124, 2),  # 82.7%, 2 wrong (117 and 6 on arrival)
    ("blind27/typed_measure.tsv", 124, 6),  # 82.7%, 6 wrong (122 and 7 on arrival)
    ("blind28/typed_tune.tsv", 114, 3),  # 87.7%, 3 wrong (111 and 4 on arrival)
    ("blind28/typed_measure.tsv", 107, 4),  # 82.3%, 4 wrong (108 and 4 on arrival)
    # blind29 measured on an AVX2-only machine, where the older sets' figures come out a line or two above the floors
    # set on AVX-512 VNNI machines (the matcher's int8 model reads side questions): one line of slack each way
    ("blind29/typed_tune.tsv", 139, 2),  # 140 right (93.3%), 1 wrong here (137 and 2 on arrival)
    ("blind29/typed_measure.tsv", 132, 2),  # 133 right (88.7%), 1 wrong here (133 and 1 on arrival)
    # blind30, written to be hard (75.0% right and 16 wrong whole on arrival); the same slack
    ("blind30/typed_tune.tsv", 110, 3),  # 111 right (85.4%), 2 wrong here (103 and 8 on arrival)
    ("blind30/typed_measure.tsv", 91, 9),  # 92 right (70.8%), 8 wrong here (the same on arrival)
    # blind31, typed as on a phone (85.7% right and 5 wrong whole on arrival); the same slack
    ("blind31/typed_tune.tsv", 128, 3),  # 129 right (86.0%), 2 wrong here (125 and 2 on arrival)
    ("blind31/typed_measure.tsv", 131, 4),  # 132 right (88.0%), 3 wrong here (the same on arrival)
    # blind32, typed as on a phone (84.7% right and 10 wrong whole on arrival); the same slack
    ("blind32/typed_tune.tsv", 137, 7),  # 138 right (86.3%), 6 wrong here (132 and 6 on arrival)
    ("blind32/typed_measure.tsv", 138, 5),  # 139 right (86.9%), 4 wrong here (the same on arrival)
]
#: Sets with another size or writing day than 210 lines a part written on conftest.WRITTEN: (lines, day written).
#: Dates typed are counted from the day a set was written.
OTHER_SETS = {"blind22": (200, date(2026, 12, 2)), "blind24": (200, date(2026, 12, 3)),
              "blind25": (200, date(2026, 12, 3)), "blind26": (150, date(2026, 12, 3)),
              "blind27": (150, date(2026, 12, 3)), "blind28": (130, date(2026, 12, 3)),
              "blind29": (150, date(2026, 12, 3)), "blind30": (130, date(2026, 12, 3)),
              "blind31": (150, date(2026, 12, 3)),
              "blind32": (160, date(2026, 12, 3))}


@pytest.mark.parametrize(("part", "right", "wrong"), FRESH_FLOORS, ids=[f[0] for f in FRESH_FLOORS])
def test_the_fresh_typed_sets_keep_their_floors(engine: Engine, monkeypatch: pytest.MonkeyPatch, part: str,
                                                right: int, wrong: int) -> None:
    lines, written = OTHER_SETS.get(part.split("/")[0], (210, WRITTEN))
    monkeypatch.setattr(clock, "today", lambda: written)
    fig = evaluate.eval_typed(evaluate.read_typed(DATA / part), engine)
    assert fig.total == lines
    assert fig.counts[evaluate.RIGHT] >= right, dict(fig.counts)
    assert fig.counts[evaluate.WRONG] <= wrong, dict(fig.counts)
