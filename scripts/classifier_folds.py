"""Set the intent classifier's thresholds by k-fold over its own training messages.

    python scripts/classifier_folds.py [--folds 5] [--grid '{"classifier_answer": [0.15, 0.2]}']

Each fold refits the classifier without a fifth of intents/training.yml and reads that fifth
through the whole engine, as a user's message: chat-style lines (covered intents) count right,
within reach and wrong, skincare-adjacent ones (out-of-scope intents) count answered with a
topic. Every message is measured by a classifier that never saw it; the measure-only parts of
the data sets are not involved at all. Prints one line per threshold combination.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from bot.content import load_engine  # noqa: E402
from bot.content.loader import load_content  # noqa: E402
from bot.engine.conversation import ANSWER, SUGGEST  # noqa: E402
from bot.nlu.semantic import example_texts, ridge_classifier, training_rows  # noqa: E402


def fold_of(text: str, folds: int) -> int:
    """Return a message's fold: stable across runs and machines."""
    return zlib.crc32(text.encode("utf-8")) % folds


def measure(engine, lines: list[tuple[str, str]], refusals: frozenset[str]) -> list[int]:
    """Count [chat lines, right, within reach, wrong, adjacent lines, answered] over (intent, text) lines."""
    out = [0] * 6
    for intent, text in lines:
        a = engine.analyse(text)
        if intent in refusals:
            out[4] += 1
            out[5] += a.outcome == ANSWER and not a.refused and a.intent is not None
            continue
        out[0] += 1
        right = a.outcome == ANSWER and a.intent == intent
        out[1] += right
        out[2] += right or (a.outcome == SUGGEST and intent in a.suggestions)
        out[3] += a.outcome == ANSWER and not a.refused and a.intent != intent
    return out


def main() -> None:
    """Run the folds over every combination of the grid."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--grid", default="{}", help="JSON: threshold name -> list of values to try")
    args = parser.parse_args()
    engine = load_engine(ROOT)
    semantic = engine.matcher.semantic
    if semantic is None:
        raise SystemExit("the semantic signal is off: nothing to fold")
    lines = training_rows(engine.intents, load_content(ROOT).training)
    vectors = semantic.encoder.encode_many([text for _, text in lines])
    position = {intent: n for n, intent in enumerate(semantic.intent_ids)}
    labels = np.asarray([position[intent] for intent, _ in lines], dtype=np.intp)
    folds = np.asarray([fold_of(text, args.folds) for _, text in lines])
    refusals = frozenset(i for i, intent in engine.intents.items() if intent.kind == "out_of_scope")
    grid = json.loads(args.grid)
    combos = list(itertools.product(*grid.values()))
    totals = {combo: [0] * 6 for combo in combos}
    kept = semantic.weights, semantic.gate, semantic.extra_vectors, semantic.extra_rows
    for fold in range(args.folds):
        train = folds != fold
        texts = example_texts(engine.intents) + [text for (_, text), used in zip(lines, train, strict=True) if used]
        fitted = np.vstack([semantic.vectors, vectors[train]])
        fitted_labels = np.concatenate([semantic.rows, labels[train]])
        semantic.weights, _ = ridge_classifier(fitted, texts, fitted_labels, len(position), leverage_rows=0)
        semantic.gate, _ = ridge_classifier(fitted[:, :0], texts, fitted_labels, len(position), leverage_rows=0)
        semantic.extra_vectors, semantic.extra_rows = vectors[train], labels[train]  # neighbours too
        held = [line for line, f in zip(lines, folds, strict=True) if f == fold]
        for combo in combos:
            engine.matcher.t.update(dict(zip(grid, combo, strict=True)))
            totals[combo] = [a + b for a, b in zip(totals[combo], measure(engine, held, refusals), strict=True)]
    semantic.weights, semantic.gate, semantic.extra_vectors, semantic.extra_rows = kept
    for combo, (chat, right, reach, wrong, adjacent, answered) in totals.items():
        shown = ", ".join(f"{k}={v}" for k, v in zip(grid, combo, strict=True)) or "as shipped"
        print(f"{shown}: chat {100 * right / chat:.1f} / {100 * reach / chat:.1f} / {100 * wrong / chat:.1f}"
              f" right / within reach / wrong ({chat}); adjacent answered {100 * answered / adjacent:.1f}%"
              f" ({adjacent})")


if __name__ == "__main__":
    main()
