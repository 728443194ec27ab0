"""One thing a user can ask: the data the matcher and the engine read."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

#: The kind of the intents exobot refuses (it answers them with where to go instead).
OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Intent:
    """One thing a user can ask, with the phrasings that teach the matcher."""

    id: str
    title: str
    examples: tuple[str, ...]
    keywords: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    health: bool = False
    kind: str = "knowledge"
    flow: str | None = None
    source: str = ""
    #: Catalogue intents this one narrows down (``skin_reaction`` narrows ``allergy_patch_test``): an
    #: evaluation line labelled with one of them accepts this intent too.
    refines: tuple[str, ...] = ()
    #: Answered only when the message is about nothing else ("ok", "explain simpler"): a message that
    #: names skincare ("explain exosomes in simple words") is read as being about that instead.
    alone: bool = False
    #: A refusal that gives way when the message asks about exosomes themselves ("can exosomes fix my acne
    #: scars?"): general skincare and other treatments are refused only when exosomes are not the question.
    yields_to_exosomes: bool = False
    #: Request patterns (regular expressions, lower case) of a refusal: a message asking for one of these
    #: ("where can I get ... in Manila", "do you price match", "translate this") is refused by this intent
    #: whatever topic its words also name, because the request itself is what exobot cannot do.
    requests: tuple[str, ...] = ()

    @property
    def wants_feedback(self) -> bool:
        """Whether the answer carries 👍/👎 buttons (knowledge answers do; chit-chat does not)."""
        return self.kind == "knowledge"


def refusals(intents: Mapping[str, Intent]) -> frozenset[str]:
    """Return the ids of the out-of-scope intents."""
    return frozenset(i for i, intent in intents.items() if intent.kind == OUT_OF_SCOPE)
