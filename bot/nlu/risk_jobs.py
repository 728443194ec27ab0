"""Jobs named by a risk term ("an oncology nurse", "a lactation consultant"): the term is then general."""

from __future__ import annotations

from typing import Any

from bot.nlu.risk_rules import B, E, maybe, regex

#: Terms that name a field of work as well as a condition ("lactation consultant", "oncology nurse").
_FIELDS = frozenset({"lactation", "oncology", "oncological", "cancer", "fertility", "infection", "transplant", "ivf",
                     "chemo", "chemotherapy", "infectious"})


class Jobs:
    """The occupations of the rules (the `shared` key `occupations`), and whether a term names one."""

    def __init__(self, jobs: Any) -> None:
        """Compile the words before and after a term that make it a job."""
        self._before = regex(rf"{B}(?:a|an)\s+(?:\w+\s+)?$") if jobs else None
        # without the article in learner English ("i am lactation consultant"), for a field's name only (not "im
        # pregnant nurse": the user is pregnant)
        self._bare_before = regex(rf"{B}(?:im|i\s+am|iam|i\s+m|as|work\s+as)\s+$") if jobs else None
        self._after = maybe(jobs, r"\s*(?:", rf"){E}") if jobs else None

    def named(self, before: str, after: str, term: str = "") -> bool:
        """Tell whether the term names a job ("an oncology nurse", "i am lactation consultant")."""
        if not (self._before and self._after and self._after.match(after)) or term.startswith("preg"):
            return False  # (a pregnancy is no field of work: "im a pregnant nurse" is the user)
        return bool(self._before.search(before)) or (
            term in _FIELDS and self._bare_before is not None and bool(self._bare_before.search(before)))
