"""Write intents/training.yml: blind-written tuning and training sets, for the intent classifier only.

    python scripts/build_training.py [--out intents/training.yml]

Each chat-style line counts for its first (main) intent; each skincare-adjacent line for the
out-of-scope intent of its category. Lines that are already an example of the catalogue are left
out. The measure-only parts are never read. Run it again after adding a tuning part to SOURCES.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bot.content.catalogue import build_intents, intent_files  # noqa: E402
from bot.content.loader import load_yaml  # noqa: E402
from bot.ops.evaluate import read_labelled, read_out_of_scope  # noqa: E402

#: Tuning parts and training-only sets (data/train6, train7, train10, train12): chat-style questions (text, intents) and
#: skincare-adjacent messages (text, category).
CHAT = ("data/chat/questions_tune.tsv", "data/blind4/chat_tune.tsv", "data/blind5/chat_tune.tsv",
        "data/blind8/chat_tune.tsv", "data/train6/chat_a.tsv", "data/train6/chat_b.tsv", "data/train6/chat_c.tsv",
        "data/train7/chat_d.tsv", "data/train10/chat_e.tsv", "data/blind11/chat_tune.tsv", "data/train12/chat_f.tsv")
ADJACENT = ("data/adjacent/out_of_scope_tune.tsv", "data/blind4/adjacent_tune.tsv", "data/blind5/adjacent_tune.tsv",
            "data/blind8/adjacent_tune.tsv", "data/train6/adjacent.tsv", "data/train7/adjacent.tsv",
            "data/train10/adjacent.tsv", "data/blind11/adjacent_tune.tsv", "data/train12/adjacent.tsv")
#: Adjacent categories whose out-of-scope intent is not simply oos_<category>.
CATEGORY_INTENT = {"creative_or_meta": "oos_creative_meta"}
HEADER = """\
# Messages people wrote, by intent, that only the intent classifier learns from (bot/nlu/semantic.py):
# they are not examples of the lexical matcher and never answer by near-duplicate. Written by
# scripts/build_training.py from the tuning parts of the blind-written sets ({sources});
# the measure-only parts are never used. Edit those sets and run the script again, not this file.
"""


def main() -> None:
    """Collect the tuning lines by intent and write the file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "intents" / "training.yml")
    out = parser.parse_args().out
    intents = build_intents({p.name: load_yaml(p) for p in intent_files(ROOT / "intents")})
    known = {example.strip().lower() for intent in intents.values() for example in intent.examples}
    by_intent: dict[str, list[str]] = {}
    seen: set[str] = set()

    def add(intent: str, text: str) -> None:
        key = text.strip().lower()
        if intent in intents and key not in known and key not in seen:
            seen.add(key)
            by_intent.setdefault(intent, []).append(text.strip())

    for name in CHAT:
        for text, accepted in read_labelled(ROOT / name):
            add(accepted[0], text)
    for name in ADJACENT:
        for text, category in read_out_of_scope(ROOT / name):
            add(CATEGORY_INTENT.get(category, f"oos_{category}"), text)
    ordered = {intent: by_intent[intent] for intent in intents if intent in by_intent}
    body = yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=120)
    sources = ", ".join(Path(n).parent.name + "/" + Path(n).name for n in CHAT + ADJACENT)
    out.write_text(HEADER.format(sources=sources) + body, encoding="utf-8")
    print(f"{out}: {sum(map(len, ordered.values()))} messages for {len(ordered)} intents")


if __name__ == "__main__":
    main()
