"""The matcher's decision thresholds, as data: a value and the reason for it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Threshold:
    """One matcher threshold: its value and why it is set there."""

    name: str
    value: float
    help: str


#: The matcher's decision thresholds (scores are 0-100). ``exobot eval`` and the
#: README print this table; change a value here, then run ``exobot eval``.
THRESHOLDS: tuple[Threshold, ...] = (
    Threshold("answer", 55, "Top score needed to answer straight away (message with a domain word)."),
    Threshold("answer_off_domain", 78, "Top score needed to answer a message with no skincare/exosome word."),
    Threshold("margin", 8, "Lead the top intent needs over the runner-up to answer rather than suggest."),
    Threshold("suggest", 35, "Lowest score still offered as a 'did you mean' (message with a domain word)."),
    Threshold("suggest_off_domain", 60, "Lowest score offered as a 'did you mean' with no domain word."),
    Threshold("suggest_window", 15, "Suggestions are the intents within this many points of the top one."),
    Threshold("max_suggestions", 3, "At most this many 'did you mean' buttons."),
    Threshold("exact", 92, "A message this close to an example (rapidfuzz ratio) scores at least this much."),
)
