"""Corrections inside a typed answer: what follows "actually", "wait" or "sorry" replaces what came before."""

from __future__ import annotations

import re

#: A correction: what follows it replaces what came before ("no... actually yes, there's a PDF").
_CORRECTION = re.compile(r"(?:^|(?<=[\s.,!;:]))(?:no\s+wait|oh\s+wait|wait\s+no|wait|actually|sorry|i\s+mean|i\s+meant|"
                         r"scratch\s+that|correction)\b[\s.,!:;-]*", re.IGNORECASE)


#: "tomorrow actually, …": an "actually" right after a word and closing its clause stresses that word,
#: unless the word is an answer it takes back ("no actually, they do").
_STRESSED = re.compile(r"(\w+)\s+$")
_ANSWERS = frozenset({"no", "nope", "nah", "yes", "yeah", "yep", "yup"})
#: A yes right before "no wait": the no answers anew ("yes no wait, ...").
_ANSWER_BEFORE = re.compile(r"\b(?:yes|yeah|yep|yup|ya|yea|si|oui|ja)\W*$", re.IGNORECASE)


def _stresses(text: str, match: re.Match[str]) -> bool:
    """Tell whether a correction word only stresses what it follows ("tomorrow actually, getting Morpheus8")."""
    word = _STRESSED.search(text[: match.start()])
    closes = re.match(r"actually\s*[.,!;:]", match.group(), re.IGNORECASE)
    return bool(word and closes and word.group(1).lower() not in _ANSWERS)


def after_correction(text: str) -> str:
    """Return what a message says after its last correction, or the whole message when nothing is corrected."""
    found = [m for m in _CORRECTION.finditer(text) if not _stresses(text, m)]
    if not found:
        return text
    before, after = text[: found[-1].start()], text[found[-1].end():]
    if found[-1].group().lower().startswith("no") and re.search(r"\w", after):
        if _ANSWER_BEFORE.search(before):
            return "no, " + after  # "yes no wait, that was my old routine": the no is the corrected answer
        return after  # "no wait, they do": the no is what is taken back
    if not before.strip(" .,!?;:-") or not re.search(r"\w", after):
        return text  # "actually yes": nothing before it; "yes, sorry": nothing after it
    return after
