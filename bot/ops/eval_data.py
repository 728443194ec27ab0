"""The labelled sets `exobot eval` reads: questions, out-of-scope messages, risk flags and typed answers."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


class DataError(ValueError):
    """A labelled file cannot be read or holds a label the bot does not know."""


def read_lines(path: Path) -> list[str]:
    """Read non-empty, non-comment lines."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise DataError(f"cannot read {path}: {getattr(exc, 'strerror', None) or exc}") from None
    return [line for line in lines if line.strip() and not line.startswith("#")]


def read_out_of_scope(path: Path) -> list[tuple[str, str]]:
    """Read out-of-scope messages: one per line, or `text<TAB>category` (category "" when absent)."""
    rows = []
    for line in read_lines(path):
        text, _, category = line.partition("\t")
        rows.append((text.strip(), category.strip()))
    return rows


def read_labelled(path: Path, known: Iterable[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
    """Read `text<TAB>label,label` lines ("-" means no label); a label not in ``known`` is an error."""
    allowed = set(known) if known is not None else None
    rows = []
    for number, line in enumerate(read_lines(path), 1):
        text, tab, labels = line.partition("\t")
        found = tuple(x.strip() for x in labels.split(",") if x.strip() not in ("", "-"))
        if not tab or not text.strip():
            raise DataError(f"{path}: line {number} is not text<TAB>labels: {line[:60]!r}")
        unknown = [x for x in found if allowed is not None and x not in allowed]
        if unknown:
            raise DataError(f"{path}: line {number} has unknown label(s) {', '.join(unknown)}")
        rows.append((text.strip(), found))
    return rows


def read_typed(path: Path) -> list[tuple[str, str, str, str]]:
    """Read `flow<TAB>step<TAB>typed answer<TAB>expected` lines (`?`: nothing may be recorded)."""
    rows = []
    for line in read_lines(path):
        parts = line.split("\t")
        if len(parts) == 4:
            rows.append((parts[0].strip(), parts[1].strip(), parts[2], parts[3].strip()))
    return rows
