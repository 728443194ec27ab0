"""How matching cost grows with content: classify with the shipped examples and with ten times as many.

Run from the project root:  python bench/bench_content.py [--factor 10] [--repeat 3] [--json]

The larger catalogue is the shipped one with every intent's examples multiplied by
generated paraphrases (openers, closers, fillers, a swapped pair of words, a dropped
letter), written to a temporary content folder; the messages timed are the shipped
dev questions, risk lines and out-of-scope lines (as in bench.py), on one core.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

OPENERS = ("hey, ", "quick question: ", "hi there ", "so ", "i was wondering ", "can you tell me ", "sorry but ",
           "ok so ", "hello, ", "one more thing, ")
CLOSERS = (" please", " thanks", "?", " lol", " asking for a friend", " in simple words", " tbh", "??", " pls",
           " thank you")


def paraphrases(example: str, count: int, rng: random.Random) -> list[str]:
    """Return up to `count` different paraphrases of an example."""
    found: list[str] = []
    for _ in range(count * 10):
        words = example.split()
        change = rng.randrange(4)
        if change == 0 and len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif change == 1:
            long_words = [i for i, w in enumerate(words) if len(w) > 4]
            if long_words:
                i = rng.choice(long_words)
                cut = rng.randrange(1, len(words[i]) - 1)
                words[i] = words[i][:cut] + words[i][cut + 1:]
        text = rng.choice(OPENERS) * (change != 3) + " ".join(words) + rng.choice(CLOSERS) * (change != 2)
        if text != example and text not in found:
            found.append(text)
        if len(found) == count:
            break
    return found


def grow_content(target: Path, factor: int) -> int:
    """Copy the content folders into `target` with each intent's examples grown `factor` times; return the total."""
    shutil.copytree(ROOT / "intents", target / "intents")
    shutil.copytree(ROOT / "answers", target / "answers")
    rng, total = random.Random(3), 0
    for path in sorted((target / "intents").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, list) or not all(isinstance(i, dict) and "examples" in i for i in data):
            continue
        for intent in data:
            grown = list(intent["examples"])
            for example in intent["examples"]:
                grown += paraphrases(str(example), factor - 1, rng)
            intent["examples"] = grown
            total += len(grown)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return total


def measure(content_dir: Path, repeat: int) -> dict:
    """Load the engine from a content folder in a fresh process and time classify there."""
    code = f"""
import json, resource, sys, time
sys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / "bench")!r})
t0 = time.perf_counter()
from bot.content import load_engine
engine = load_engine(__import__("pathlib").Path({str(content_dir)!r}))
load_s = time.perf_counter() - t0
from bench import messages
texts = messages()
for t in texts: engine.analyse(t)
lat = []
start = time.perf_counter()
for _ in range({repeat}):
    for t in texts:
        a = time.perf_counter(); engine.analyse(t); lat.append(time.perf_counter() - a)
total = time.perf_counter() - start
lat.sort()
examples = sum(len(i.examples) for i in engine.intents.values())
print(json.dumps({{"examples": examples, "load_s": round(load_s, 2), "messages_per_s": round(len(lat) / total),
                  "p50_ms": round(1000 * lat[len(lat) // 2], 3), "p99_ms": round(1000 * lat[int(0.99 * len(lat))], 3),
                  "rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    """Time classify on the shipped content and on the grown one."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--factor", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results = {"shipped": measure(ROOT, args.repeat)}
    with tempfile.TemporaryDirectory() as folder:
        grow_content(Path(folder), args.factor)
        t0 = time.perf_counter()
        results[f"x{args.factor}"] = measure(Path(folder), args.repeat)
        results[f"x{args.factor}"]["wall_s"] = round(time.perf_counter() - t0, 1)
    results["rss_mb_this_process"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(results, indent=2 if args.json else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
