"""Split a blind-written TSV set into a tuning part and a measure-only part, reproducibly.

    python scripts/split_set.py SOURCE.tsv OUT_PREFIX [--tune 0.5] [--seed 20261201]

writes OUT_PREFIX_tune.tsv and OUT_PREFIX_measure.tsv, each starting with the source's own
comment line and a second line saying which part it is and how it may be used.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

NOTES = {
    "tune": "# TUNING part: errors may be studied and inform general fixes",
    "measure": "# MEASURE-ONLY part: never read its misses, never tune on it",
}


def main() -> None:
    """Shuffle the lines once with the seed and write the two parts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("prefix")
    parser.add_argument("--tune", type=float, default=0.5, help="share of lines in the tuning part")
    parser.add_argument("--seed", type=int, default=20261201)
    args = parser.parse_args()
    lines = args.source.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")][:1]
    rows = [line for line in lines if line.strip() and not line.startswith("#")]
    random.Random(args.seed).shuffle(rows)
    cut = round(len(rows) * args.tune)
    for part, chunk in (("tune", rows[:cut]), ("measure", rows[cut:])):
        out = Path(f"{args.prefix}_{part}.tsv")
        out.write_text("\n".join([*comments, NOTES[part], *chunk]) + "\n", encoding="utf-8")
        print(f"{out}: {len(chunk)} lines")


if __name__ == "__main__":
    main()
