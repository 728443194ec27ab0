"""Text normalisation for the risk rules: lower-case ASCII words, quotes kept as '"'."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

MAX_CHARS = 20_000  # longer messages are cut; normal chat messages are far shorter

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u02bc": "'",
        "\u00b4": "'",
        "`": "'",
        "\uff07": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u2028": "\n",
        "\u2029": "\n",
    }
)
_WE_ARE = re.compile(r"\b(we|you|they)\s?'\s?re\b")
_APOSTROPHE = re.compile(r"'")
#: A pair of single quotes around a few words after a determiner ("the 'pregnancy safe' list", "so called 'immune'
#: serums") quotes them, as double quotes do (not "im 'technically' pregnant": the user's own words).
_SINGLE_QUOTED = re.compile(r"\b((?:the|a|an|this|that|these|those|word|called|as)\s+)'([a-z][^'\n\"]{0,60}?[a-z0-9])'"
                            r"(?![a-z0-9])")
_NEWLINES = re.compile(r"[\r\n\v\f]+")
#: A point or comma inside a number ("a 1.0mm roller", "$1,200") ends no sentence or clause.
_IN_NUMBER = re.compile(r"(?<=\d)[.,](?=\d)")
#: A question mark that closes an aside ends no sentence: "years ago (2014?) i had a peel".
_ASIDE_QUESTION = re.compile(r"\?+\s*\)")
_JUNK = re.compile(r'[^a-z0-9.,!?;:"\n ]+')
_SPACES = re.compile(r"[ \t]+")


def normalise_quoted(text: str, replacements: Mapping[str, str] | None = None) -> str:
    """Return lower-case ASCII text with accents and spacing normalised, double quotes kept as '"'."""
    if not isinstance(text, str):
        return ""
    text = text[:MAX_CHARS]
    if replacements:
        for src, dst in replacements.items():
            if src in text:
                text = text.replace(src, dst)
    text = text.casefold()
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    elif "`" in text:
        text = text.translate(_QUOTES)
    if "'" in text:
        text = _WE_ARE.sub(r"\1 are", text)
        text = _SINGLE_QUOTED.sub(r'\1"\2"', text)
        text = _APOSTROPHE.sub("", text)
    text = _NEWLINES.sub(" . ", text)
    text = _IN_NUMBER.sub(" ", text)
    if "?)" in text or "? )" in text:
        text = _ASIDE_QUESTION.sub(" ", text)
    text = _JUNK.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalise(text: str, replacements: Mapping[str, str] | None = None) -> str:
    """Return lower-case ASCII text with quotes, accents and spacing normalised."""
    return _SPACES.sub(" ", normalise_quoted(text, replacements).replace('"', " ")).strip()


def quoted(norm: str, start: int, end: int) -> bool:
    """Tell whether norm[start:end] sits inside a pair of double quotes."""
    if norm.count('"', 0, start) % 2 == 0:
        return False
    close = norm.find('"', start)
    return close >= end
