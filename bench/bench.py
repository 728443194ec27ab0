"""Benchmark exobot: classify throughput and latency, start-up time, resident memory.

Run from the project root:  python bench/bench.py  [--repeat N] [--json]

Targets (issue 11, with the semantic signal): classify >= 1,000 messages/s on one core after
loading, p99 < 15 ms per message; start-up to first reply < 2 s with the example-embedding cache;
resident memory < 200 MB. (Lexical only, issue 2 asked for 5,000/s, p99 < 1 ms, < 1 s, < 100 MB:
the lexical figures are printed too.) The messages are the shipped dev questions, risk lines and
out-of-scope lines, in a fixed shuffled order. Nothing is cached per message, so repeated passes
cost what the first one did.
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
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGETS = {"messages_per_s": 1000, "p99_ms": 15.0, "startup_s": 2.0, "rss_mb": 200}


#: A first message that the semantic signal embeds (so its time includes starting onnxruntime).
EMBEDDED_FIRST = "how should i keep my exosome serum, fridge or not?"


def peak_rss_mb() -> float:
    """Return this process's peak resident memory (VmHWM; ru_maxrss would include a forking parent's)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def messages() -> list[str]:
    """Return the benchmark's messages: every shipped dev line, shuffled with a fixed seed."""
    from bot.ops.evaluate import read_labelled, read_lines

    data = ROOT / "data"
    texts = [t for t, _ in read_labelled(data / "dev" / "dev_questions.tsv")]
    texts += [t for t, _ in read_labelled(data / "dev" / "dev_risk.tsv")]
    texts += read_lines(data / "clinc150" / "out_of_scope_dev.txt")
    random.Random(7).shuffle(texts)
    return texts


def bench_in_process(repeat: int, semantic: bool = True) -> dict[str, float]:
    """Time Engine.analyse per message, after loading, on this one core."""
    from bot.content import load_engine

    previous = os.environ.get("EXOBOT_SEMANTIC")
    os.environ["EXOBOT_SEMANTIC"] = "on" if semantic else "off"
    try:
        engine = load_engine(ROOT)
    finally:
        os.environ.pop("EXOBOT_SEMANTIC") if previous is None else os.environ.update(EXOBOT_SEMANTIC=previous)
    texts = messages()
    embedded = 0
    index = engine.matcher.semantic
    if index is not None:  # count the messages that are embedded (one pass)
        encode = index.encoder.encode

        def counting(text: str):
            nonlocal embedded
            embedded += 1
            return encode(text)

        index.encoder.encode = counting
    for text in texts:  # warm caches the way a running bot has them
        engine.analyse(text)
    if index is not None:
        index.encoder.encode = encode
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
        "semantic": index is not None,
        "messages": len(latencies),
        "embedded_share": embedded / len(texts),
        "messages_per_s": len(latencies) / total,
        "p50_ms": 1000 * statistics.median(latencies),
        "p99_ms": 1000 * latencies[int(0.99 * (len(latencies) - 1))],
        "max_ms": 1000 * latencies[-1],
    }


#: Telegram's longest message, filled the ways a hostile or careless sender would.
HOSTILE = {
    "one term repeated": ("pregnant " * 500)[:4096],
    "third persons, then the user": ("my sister is pregnant " * 190)[:4070] + " and i am pregnant",
    "negations": ("not " * 1100)[:4080] + " pregnant",
    "a procedure repeated": ("i had laser " * 400)[:4096],
    "no spaces": "a" * 4096,
    "words the matcher knows": ("exosome serum price safe " * 200)[:4096],
}


def bench_hostile(engine=None) -> dict[str, float]:
    """The slowest whole turn (risk check, matching, reply) on 4,096-character hostile messages, in ms."""
    from bot.content import load_engine
    from bot.engine.conversation import Incoming

    engine = engine or load_engine(ROOT)
    engine.handle(engine.new_state(), Incoming(text="what does plated mean", now=0))  # warm, as a running bot is
    worst: dict[str, float] = {}
    for name, text in HOSTILE.items():
        times = []
        for _ in range(3):
            t0 = time.perf_counter()
            engine.handle(engine.new_state(), Incoming(text=text, now=0))
            times.append(time.perf_counter() - t0)
        worst[name] = 1000 * max(times)
    return worst


def _startup_once(env: dict[str, str]) -> dict[str, float]:
    """Start a fresh process, time its first reply, then classify the bench set and read its peak memory."""
    code = (
        "import time; t0 = time.perf_counter();"
        "from bot.content import load_engine; from bot.engine.conversation import Incoming;"
        "e = load_engine(); t_load = time.perf_counter();"
        "e.handle(e.new_state(), Incoming(text='what does plated mean', now=0));"
        "t1 = time.perf_counter();"
        f"e.handle(e.new_state(), Incoming(text={EMBEDDED_FIRST!r}, now=0));"
        "t2 = time.perf_counter();"
        "import json, sys; sys.path.insert(0, 'bench'); from bench import messages, peak_rss_mb;"
        "[e.analyse(m) for m in messages()];"
        "print(json.dumps({'first_reply_s': t1 - t0, 'first_embedded_reply_s': t2 - t0, 'load_s': t_load - t0,"
        " 'rss_mb': peak_rss_mb()}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_startup() -> dict[str, float]:
    """Start-up and memory: lexical only; semantic with an empty cache; semantic with the cache written."""
    base = dict(os.environ, PYTHONPATH=str(ROOT))
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="exobot-bench-cache-") as cache:
        semantic = dict(base, EXOBOT_SEMANTIC="on", EXOBOT_CACHE_DIR=cache)
        for name, env in (("lexical", dict(base, EXOBOT_SEMANTIC="off")), ("cold", semantic), ("cached", semantic)):
            for key, value in _startup_once(env).items():
                figures[f"{name}_{key}"] = value
        ask0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bot", "ask", "what does plated mean"], cwd=ROOT, capture_output=True,
                       check=True, env=semantic)
        figures["ask_command_s"] = time.perf_counter() - ask0
    return figures


def bench_classify_command(lines: int = 20_000) -> dict[str, float]:
    """Pipe messages through `exobot classify` and time the whole stream (process start included)."""
    texts = messages()
    payload = "\n".join(texts[i % len(texts)] for i in range(lines)) + "\n"
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "bot", "classify"], input=payload, cwd=ROOT, capture_output=True,
                         text=True, check=True, env=dict(os.environ, PYTHONPATH=str(ROOT), EXOBOT_SEMANTIC="on"))
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
    os.environ.setdefault("EXOBOT_CACHE_DIR", tempfile.mkdtemp(prefix="exobot-bench-"))
    result = {"in_process": bench_in_process(args.repeat), "lexical": bench_in_process(args.repeat, semantic=False),
              "startup": bench_startup(), "classify_command": bench_classify_command(), "hostile": bench_hostile()}
    result["rss_mb_this_process"] = peak_rss_mb()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    ip, lx, st, cc = result["in_process"], result["lexical"], result["startup"], result["classify_command"]
    rows = [
        ("classify, messages/s (one core)", f"{ip['messages_per_s']:,.0f}", f"{lx['messages_per_s']:,.0f}", ">= 1,000"),
        ("latency p50 / p99 / max (ms)", f"{ip['p50_ms']:.3f} / {ip['p99_ms']:.3f} / {ip['max_ms']:.2f}",
         f"{lx['p50_ms']:.3f} / {lx['p99_ms']:.3f} / {lx['max_ms']:.2f}", "p99 < 15"),
        ("messages embedded", f"{100 * ip['embedded_share']:.1f}%", "0%", ""),
        ("`exobot classify` stream, lines/s", f"{cc['lines_per_s']:,.0f}", "", "(incl. start-up)"),
        ("start-up to first reply, cache (s)", f"{st['cached_first_reply_s']:.3f}",
         f"{st['lexical_first_reply_s']:.3f}", "< 2"),
        ("  ... to a first embedded reply (s)", f"{st['cached_first_embedded_reply_s']:.3f}", "", "< 2"),
        ("start-up to first reply, no cache (s)", f"{st['cold_first_reply_s']:.3f}", "", ""),
        ("`exobot ask` whole command (s)", f"{st['ask_command_s']:.3f}", "", ""),
        ("resident memory, peak (MB)", f"{st['cached_rss_mb']:.1f}", f"{st['lexical_rss_mb']:.1f}", "< 200"),
    ]
    rows.append(("slowest 4,096-char hostile turn (ms)", f"{max(result['hostile'].values()):.1f}", "",
                 "(" + ", ".join(f"{k} {v:.0f}" for k, v in result["hostile"].items()) + ")"))
    width = max(len(r[0]) for r in rows)
    print(f"exobot benchmark: {ip['messages']:,} messages timed in process, one core\n")
    print(f"  {'':<{width}}  {'semantic on':>26}  {'lexical only':>26}  target")
    for name, value, lexical, target in rows:
        print(f"  {name:<{width}}  {value:>26}  {lexical:>26}  {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
