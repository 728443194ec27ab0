"""Benchmark exobot: classify throughput and latency, start-up time, resident memory.

Run from the project root:  python bench/bench.py  [--repeat N] [--json]

Targets (issue 2): classify >= 5,000 messages/s on one core after loading, p99 < 1 ms per
message; start-up to first reply < 1 s; resident memory < 100 MB. The messages are the
shipped dev questions, risk lines and out-of-scope lines, in a fixed shuffled order.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"messages_per_s": 5000, "p99_ms": 1.0, "startup_s": 1.0, "rss_mb": 100}


def messages() -> list[str]:
    """Return the benchmark's messages: every shipped dev line, shuffled with a fixed seed."""
    from bot.ops.evaluate import read_labelled, read_lines

    data = ROOT / "data"
    texts = [t for t, _ in read_labelled(data / "dev" / "dev_questions.tsv")]
    texts += [t for t, _ in read_labelled(data / "dev" / "dev_risk.tsv")]
    texts += read_lines(data / "clinc150" / "out_of_scope_dev.txt")
    random.Random(7).shuffle(texts)
    return texts


def bench_in_process(repeat: int) -> dict[str, float]:
    """Time Engine.analyse per message, after loading, on this one core."""
    from bot.content import load_engine

    engine = load_engine(ROOT)
    texts = messages()
    for text in texts:  # warm caches the way a running bot has them
        engine.analyse(text)
    latencies = []
    clock = time.perf_counter
    start = clock()
    for _ in range(repeat):
        for text in texts:
            t0 = clock()
            engine.analyse(text)
            latencies.append(clock() - t0)
    total = clock() - start
    latencies.sort()
    return {
        "messages": len(latencies),
        "messages_per_s": len(latencies) / total,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "max_ms": 1000 * latencies[-1],
    }


def bench_startup() -> dict[str, float]:
    """Time a fresh process from start to its first reply, and read its peak memory."""
    code = (
        "import time, resource; t0 = time.perf_counter();"
        "from bot.content import load_engine; from bot.engine.conversation import Incoming;"
        "e = load_engine(); e.handle(e.new_state(), Incoming(text='what does plated mean', now=0));"
        "t1 = time.perf_counter();"
        "import json, sys; sys.path.insert(0, 'bench'); from bench import messages;"
        "[e.analyse(m) for m in messages()];"
        "rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024;"
        "print(json.dumps({'first_reply_s': t1 - t0, 'rss_mb': rss}))"
    )
    wall0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True,
                         env=dict(os.environ, PYTHONPATH=str(ROOT)))
    wall = time.perf_counter() - wall0
    figures = json.loads(out.stdout.strip().splitlines()[-1])
    ask0 = time.perf_counter()
    subprocess.run([sys.executable, "-m", "bot", "ask", "what does plated mean"], cwd=ROOT, capture_output=True,
                   check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    figures["ask_command_s"] = time.perf_counter() - ask0
    figures["process_wall_s"] = wall
    return figures


def bench_classify_command(lines: int = 20_000) -> dict[str, float]:
    """Pipe messages through `exobot classify` and time the whole stream (process start included)."""
    texts = messages()
    payload = "\n".join(texts[i % len(texts)] for i in range(lines)) + "\n"
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bot", "classify"], input=payload, cwd=ROOT, capture_output=True,
                         text=True, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    elapsed = time.perf_counter() - t0
    assert len(out.stdout.splitlines()) == lines
    return {"lines": lines, "seconds": elapsed, "lines_per_s": lines / elapsed}


def main() -> int:
    """Run every benchmark and print the figures against the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the message set")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}) if hasattr(os, "sched_setaffinity") else None
    result = {"in_process": bench_in_process(args.repeat), "startup": bench_startup(),
              "classify_command": bench_classify_command()}
    result["rss_mb_this_process"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    ip, st, cc = result["in_process"], result["startup"], result["classify_command"]
    rows = [
        ("classify, messages/s (one core)", f"{ip['messages_per_s']:,.0f}", ">= 5,000"),
        ("latency p50 / p99 / max (ms)", f"{ip['p50_ms']:.3f} / {ip['p99_ms']:.3f} / {ip['max_ms']:.2f}", "p99 < 1"),
        ("`exobot classify` stream, lines/s", f"{cc['lines_per_s']:,.0f}", "(incl. start-up)"),
        ("start-up to first reply (s)", f"{st['first_reply_s']:.3f}", "< 1"),
        ("`exobot ask` whole command (s)", f"{st['ask_command_s']:.3f}", ""),
        ("resident memory, peak (MB)", f"{st['rss_mb']:.1f}", "< 100"),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"exobot benchmark: {ip['messages']:,} messages timed in process\n")
    for name, value, target in rows:
        print(f"  {name:<{width}}  {value:>24}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
