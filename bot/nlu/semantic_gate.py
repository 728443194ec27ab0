"""When a message is worth embedding: the word-only gates in front of the semantic signal (``bot.nlu.semantic``)."""

from __future__ import annotations

from collections.abc import Mapping

from bot.nlu.semantic import SemanticIndex
from bot.nlu.verdict import Decider, Scores


class SemanticGate(Decider):
    """Decide whether a message is worth embedding (a mixin of ``Matcher``, which builds the attributes below)."""

    semantic: SemanticIndex | None
    _gated: frozenset[str]

    def _wants_semantic(self, found: Scores, text: str) -> bool:
        """Tell whether a message is worth embedding (about 1-4 ms) given what the words showed.

        A message with a domain word (or read in context) always is: the two signals are blended.
        A near-duplicate of an example is settled already. With no domain word, a message that has
        at least one curated word is a candidate for a rescue unless its words alone give a refusal a
        clear lead (``classifier_gate_curated``: "what's the best way to spend a rainy Sunday") or it also has a
        word the catalogue never saw and little else pointing to a topic (``_worth_a_rescue``); and so is a
        short one whose words alone the classifier gives to a covered intent (``classifier_gate``: "are u a
        real person"; ``classifier_gate_words``: most everyday requests are longer). The word-only
        classifier costs some 30 µs against 1-4 ms for an embedding.
        """
        if found.exact or not found.tokens:
            return False
        if found.in_domain:
            return True
        if found.specific_share > 0:  # (unless a refusal leads the words: ``_refused_on_words``)
            return not found.unknown or self._worth_a_rescue(found, text)
        if len(text.split()) > self.t["classifier_gate_words"]:
            return False
        words, top = self._word_leader(text)
        return top is not None and top in self._gated and words[top] >= self.t["classifier_gate"]

    def _worth_a_rescue(self, found: Scores, text: str) -> bool:
        """Tell whether a message with curated words, no domain word and a word new to the catalogue is worth embedding.

        Most such messages are everyday requests ("can i keep rice in the fridge for 3 days"): embedding them
        rescued none of CLINC150's dev requests. Two curated words, or words alone that point to a covered
        intent, still make a rescue likely enough ("the ethics side of this, donors, animals").
        """
        if self._curated(found.tokens) >= self.t["classifier_gate_unknown_curated"]:
            return True
        return self._covered(self._word_leader(text)[0]) >= self.t["classifier_gate_unknown"]

    def _covered(self, words: Mapping[str, float]) -> float:
        """Return the best of the word-only classifier's scores for a covered intent (-1 when none has one)."""
        return max((words[i] for i in self._gated if i in words), default=-1.0)

    def _refused_on_words(self, found: Scores, text: str) -> tuple[str, float] | None:
        """Return the refusal that leads a message's words, with its score, when that spares the embedding.

        Only for a message with a curated word but no domain word ("does a hydrafacial hurt or is it
        relaxing"): its words alone, in the classifier fitted to them (30 µs), must put an out-of-scope
        intent more than ``classifier_gate_curated`` above every covered one.
        """
        if found.exact or found.in_domain or not found.specific_share or not found.tokens:
            return None
        words, top = self._word_leader(text)
        if top is None or top in self._gated:
            return None
        return (top, words[top]) if words[top] - self._covered(words) > self.t["classifier_gate_curated"] else None

    def _word_leader(self, text: str) -> tuple[dict[str, float], str | None]:
        """Return the word-only classifier's scores for a message (about 30 µs) and its top intent."""
        assert self.semantic is not None
        words = self.semantic.word_scores(text)
        return words, max(words, key=words.__getitem__, default=None)
