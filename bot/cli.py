"""The `exobot` command line: a thin layer over the engine, the store and the adapters."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

from bot import __version__, settings
from bot.engine.conversation import Incoming
from bot.ops.evaluate import DataError

if TYPE_CHECKING:
    from bot.engine import Engine
    from bot.store import Store

DEFAULT_SPEC = settings.PROJECT_ROOT / "data" / "spec" / "intents.md"
DEFAULT_GUIDE = settings.PROJECT_ROOT.parent / "shared" / "source" / "exosomes-skincare-guide.txt"


class CliError(Exception):
    """Something the user can fix: printed as one line, exit status 2."""


def _engine(args: argparse.Namespace) -> Engine:
    """Load the engine (imported lazily so `--help` stays instant)."""
    from bot.content import load_engine

    return load_engine(settings=args.settings)


def _existing_store(args: argparse.Namespace) -> Store:
    """Open the bot's database for an operator command, refusing to create one."""
    from bot.store import Store

    try:
        return Store.from_settings(args.settings, must_exist=True)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from None


def cmd_run(args: argparse.Namespace) -> int:
    """Start Telegram when a token is set, else the console chat."""
    if args.settings.token:
        return cmd_telegram(args)
    return cmd_chat(args)


def cmd_chat(args: argparse.Namespace) -> int:
    """Chat with exobot in the terminal."""
    from bot.adapters.console import run_console

    return run_console(_engine(args))


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one message and print the reply (or JSON)."""
    from bot.engine.render import to_plain

    engine = _engine(args)
    turn = engine.handle(engine.new_state(), Incoming(text=args.text, now=time.time()))
    if not args.json:
        print(to_plain(turn.text))
        for n, button in enumerate(turn.buttons, 1):
            print(f"  [{n}] {button.label}")
        return 0
    a = turn.analysis
    print(json.dumps({
        "reply": turn.text,
        "outcome": a.outcome if a else None,
        "intent": a.intent if a else None,
        "score": a.score if a else 0.0,
        "suggestions": list(a.suggestions) if a else [],
        "risks": list(a.risks) if a else [],
        "referral": bool(a and a.referral),
        "urgent": bool(a and a.urgent),
        "refused": bool(a and a.refused),
        "also": list(a.also) if a else [],
        "buttons": [{"label": b.label, "data": b.data} for b in turn.buttons],
    }, ensure_ascii=False))
    return 0


#: File endings read as images (through OCR) by `exobot check-label`; anything else is read as text.
IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".tif", ".tiff", ".bmp", ".gif"})


def label_text(path: Path) -> str:
    """Return the text of a label file: an image through OCR, a text file as it is."""
    if not path.is_file():
        raise CliError(f"no such file: {path}")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        try:
            return path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise CliError(f"{path} is neither UTF-8 text nor an image ending in .png, .jpg ...") from None
    from bot.adapters import ocr

    try:
        return ocr.image_to_text(path.read_bytes())
    except ocr.OcrError as exc:
        raise CliError(exc.user_message) from None


def cmd_check_label(args: argparse.Namespace) -> int:
    """Print what a label shows of the checklist (the card a chat would show), its price and claims."""
    from bot.engine.render import to_plain

    text = label_text(Path(args.path))
    engine = _engine(args)
    turn = engine.handle(engine.new_state(), Incoming(text=text, now=time.time(), photo=True))
    print(to_plain(turn.text))
    return 0


def cmd_classify(args: argparse.Namespace) -> int:
    """Classify stdin line by line, printing one JSON object per line as it goes."""
    engine = _engine(args)
    for line in sys.stdin:
        text = line.rstrip("\r\n")
        a = engine.analyse(text)
        record = {"text": text, "outcome": a.outcome, "intent": a.intent if a.outcome != "fallback" else None,
                  "score": a.score, "suggestions": list(a.suggestions), "risks": list(a.risks),
                  "refused": a.refused}
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _pin_today(text: str) -> None:
    """Count the dates of typed answers from the day given (``--today 2026-12-03``)."""
    from datetime import date

    from bot.engine.flows import clock

    try:
        clock.pin(date.fromisoformat(text))
    except ValueError:
        raise CliError(f"--today needs a date as YYYY-MM-DD, not {text!r}") from None


def cmd_eval(args: argparse.Namespace) -> int:
    """Measure the matcher and the risk rules on labelled files, each set on its own."""
    from bot.nlu.risk import FLAGS
    from bot.ops import evaluate
    from bot.ops.followups import eval_followups, read_followups

    if not (args.questions or args.chat or args.out_of_scope or args.risk or args.typed or args.followups):
        raise CliError("eval needs at least one file: QUESTIONS.tsv, --chat, --followups, --out-of-scope, --risk "
                       "or --typed FILE")
    if args.today:
        _pin_today(args.today)
    engine = _engine(args)
    known = set(engine.intents)
    blocks: list[str] = []
    figures: list[evaluate.QuestionFigures | evaluate.OutOfScopeFigures | evaluate.RiskFigures] = []
    sets = [(p, False) for p in ([args.questions] if args.questions else [])] + [(p, True) for p in args.chat or ()]
    for path, chat in sets:
        q = evaluate.eval_questions(evaluate.read_labelled(Path(path), known), engine.analyse, chat=chat,
                                    refines=evaluate.refinements(engine.intents))
        blocks.append(evaluate.format_questions(q, args.verbose, name=Path(path).name))
        figures.append(q)
    for path in args.followups or ():
        q = eval_followups(read_followups(Path(path)), engine)
        blocks.append(evaluate.format_questions(q, args.verbose, name=f"follow-ups, {Path(path).name}"))
        figures.append(q)
    for path in args.out_of_scope or ():
        o = evaluate.eval_out_of_scope(evaluate.read_out_of_scope(Path(path)), engine.analyse)
        blocks.append(evaluate.format_out_of_scope(o, args.verbose, name=Path(path).name))
        figures.append(o)
    for path in args.risk or ():
        r = evaluate.eval_risk(evaluate.read_labelled(Path(path), FLAGS), engine.risk.detect)
        blocks.append(evaluate.format_risk(r, args.verbose))
        figures.append(r)
    typed = [evaluate.eval_typed(evaluate.read_typed(Path(p)), engine) for p in args.typed or ()]
    blocks += [f"{p}\n" + evaluate.format_typed(t, args.verbose) for p, t in zip(args.typed or (), typed, strict=True)]
    thresholds = ", ".join(f"{t.name}={t.value:g}" for t in settings.THRESHOLDS)
    semantic = engine.matcher.semantic
    blocks.append(f"Thresholds: {thresholds}\nSemantic signal: "
                  + (f"on (int8 MiniLM, {len(semantic.vectors)} example embeddings)" if semantic is not None
                     else "off (lexical matching only)"))
    failed = evaluate.check_targets(*figures) + [f for t in typed for f in evaluate.check_typed(t)]
    blocks.append("Targets: all met" if not failed else "Targets missed:\n" + "\n".join(f"  {f}" for f in failed))
    print("\n\n".join(blocks))
    return 1 if (failed and args.strict) else 0


def cmd_lint(args: argparse.Namespace) -> int:
    """Check the content catalogue; exit 1 on errors."""
    from bot.ops.lint import lint

    report = lint(args.settings.content_dir, Path(args.spec), Path(args.guide))
    for line in report.errors:
        print(f"error: {line}")
    for line in report.warnings:
        print(f"warning: {line}")
    for line in report.notes:
        print(line)
    print(f"{len(report.errors)} error(s), {len(report.warnings)} warning(s)")
    return 1 if report.errors else 0


def cmd_telegram(args: argparse.Namespace) -> int:
    """Run the Telegram bot (long polling, or a webhook when WEBHOOK_URL is set)."""
    from bot.adapters.telegram import run_telegram

    return run_telegram(args.settings)


def cmd_report(args: argparse.Namespace) -> int:
    """Print what users asked that exobot could not answer, and more."""
    from bot.ops.report import build_report, format_report

    with closing(_existing_store(args)) as store:
        report = build_report(store, days=args.days, now=time.time())
    print(json.dumps(report, indent=2, ensure_ascii=False) if args.json else format_report(report), end="\n")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    """Erase everything stored about one Telegram user."""
    with closing(_existing_store(args)) as store:
        removed = store.forget_user(args.user_id)
    print(f"erased {removed} row(s) for that user")
    return 0


def cmd_settings(args: argparse.Namespace) -> int:
    """Print every setting with its current value (secrets hidden)."""
    if args.markdown:
        print(settings.table_markdown() + "\n\n" + settings.thresholds_markdown())
        return 0
    for s in settings.SETTINGS:
        print(f"{s.name:28} {args.settings.shown(s.name) or '(empty)':32} {s.help}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser; the settings table fills the epilogue."""
    epilog = "environment settings:\n" + "\n".join(f"  {s.name:26} {s.help}" for s in settings.SETTINGS)
    parser = argparse.ArgumentParser(
        prog="exobot", description="Answers questions about exosome skincare from one vetted guide.",
        epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"exobot {__version__}")
    parser.set_defaults(func=cmd_run)
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    sub.add_parser("chat", help="chat in the terminal").set_defaults(func=cmd_chat)
    ask = sub.add_parser("ask", help="answer one message")
    ask.add_argument("text")
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(func=cmd_ask)
    cl = sub.add_parser("check-label", help="read a label (an image through OCR, or a text file) and print the card")
    cl.add_argument("path")
    cl.set_defaults(func=cmd_check_label)
    sub.add_parser("classify", help="classify stdin, one JSON line per line").set_defaults(func=cmd_classify)
    ev = sub.add_parser("eval", help="measure on labelled dev sets")
    ev.add_argument("questions", nargs="?", help="TSV: text<TAB>acceptable intents (short questions)")
    ev.add_argument("--chat", action="append", help="TSV of chat-style questions (their own targets); repeatable")
    ev.add_argument("--followups", action="append", metavar="TSV",
                    help="follow-ups: first message<TAB>follow-up<TAB>intent, sent a minute apart; repeatable")
    ev.add_argument("--out-of-scope", action="append",
                    help="one out-of-scope message per line, or text<TAB>category (skincare-adjacent); repeatable")
    ev.add_argument("--risk", action="append", help="TSV: text<TAB>flags (- for none); repeatable")
    ev.add_argument("--typed", action="append", metavar="TSV",
                    help="typed flow answers: flow<TAB>step<TAB>answer<TAB>expected (? = nothing recorded); repeatable")
    ev.add_argument("--today", metavar="YYYY-MM-DD",
                    help="count dates typed (\"nov 30\", \"last friday\") from this day, the day a set was written")
    ev.add_argument("-v", "--verbose", action="store_true", help="list every miss")
    ev.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    ev.set_defaults(func=cmd_eval)
    li = sub.add_parser("lint", help="check intents, templates and flows")
    li.add_argument("--spec", default=str(DEFAULT_SPEC), help="the intent catalogue (Markdown)")
    li.add_argument("--guide", default=str(DEFAULT_GUIDE), help="the source guide, to flag copied passages")
    li.set_defaults(func=cmd_lint)
    sub.add_parser("telegram", help="run the Telegram bot").set_defaults(func=cmd_telegram)
    rep = sub.add_parser("report", help="what users asked that fell back, feedback, flows, referrals")
    rep.add_argument("--days", type=int, default=30)
    rep.add_argument("--json", action="store_true")
    rep.set_defaults(func=cmd_report)
    fo = sub.add_parser("forget", help="erase one Telegram user's data")
    fo.add_argument("user_id", type=int)
    fo.set_defaults(func=cmd_forget)
    st = sub.add_parser("settings", help="show the settings table")
    st.add_argument("--markdown", action="store_true", help="print the README's Markdown table")
    st.set_defaults(func=cmd_settings)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the exobot command line."""
    args = build_parser().parse_args(argv)
    try:
        args.settings = settings.Settings.from_env()
        return int(args.func(args) or 0)
    except BrokenPipeError:
        return 0
    except (CliError, settings.SettingError, DataError) as exc:
        print(f"exobot: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
