"""Corrections inside a typed answer: what follows "actually", "wait" or "sorry" replaces what came before."""

from __future__ import annotations

import re

#: A correction: what follows it replaces what came before ("no... actually yes, there's a PDF").
_CORRECTION = re.compile(r"(?:^|(?<=[\s.,!;:]))(?:no\s+wait|oh\s+wait|wait|actually|sorry|i\s+mean|i\s+meant|"
                         r"scratch\s+that|correction)\b[\s.,!:;-]*", re.IGNORECASE)


def after_correction(text: str) -> str:
    """Return what a message says after its last correction, or the whole message when nothing is corrected."""
    found = list(_CORRECTION.finditer(text))
    if not found:
        return text
    before, after = text[: found[-1].start()], text[found[-1].end():]
    if found[-1].group().lower().startswith("no") and re.search(r"\w", after):
        return after  # "no wait, they do": the no is what is taken back
    if not before.strip(" .,!?;:-") or not re.search(r"\w", after):
        return text  # "actually yes": nothing before it; "yes, sorry": nothing after it
    return after
