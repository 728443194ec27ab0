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
    # -- the semantic signal (bot/nlu/semantic.py); cosines are between -1 and 1 ----------------------
    Threshold("semantic_weight", 0.3, "Share of the semantic score in the blend (message with a domain word)."),
    Threshold("semantic_zero", 0.4, "Cosine to an intent's nearest example that counts as 0 semantic points."),
    Threshold("semantic_full", 0.9, "Cosine to an intent's nearest example that counts as 100 semantic points."),
    # -- the intent classifier (bot/nlu/arbiter.py): its scores are a ridge score (about 0-1) plus the nearest
    # neighbour's cosine. Set by k-fold over intents/training.yml (scripts/classifier_folds.py), never on a
    # measure part.
    Threshold("classifier_answer", 0.3, "The classifier's top intent is answered when it leads the next by this "
              "much..."),
    Threshold("classifier_floor", 0.8, "... and scores at least this."),
    Threshold("classifier_answer_off_domain", 0.25, "With no skincare word, a conversation intent or a flow "
              "(never a topic) is answered from this lead..."),
    Threshold("classifier_floor_off_domain", 0.9, "... and this score."),
    Threshold("classifier_margin", 0.1, "A 'did you mean' is answered when it offers the classifier's top intent "
              "and that leads by this much..."),
    Threshold("classifier_margin_off_domain", 0.3, "... or by this much in a message with no skincare word..."),
    Threshold("classifier_settle", 0.6, "... and scores at least this."),
    Threshold("classifier_overrule", 0.3, "A topic the reading answered gives way to the classifier's top topic, in "
              "a message about skincare, when that leads every other intent by this much (and scores the floor)."),
    Threshold("classifier_veto", 0.1, "An answer the classifier scores this far below its own top becomes a "
              "'did you mean' of both."),
    Threshold("classifier_suggest", 0.8, "From this score the classifier's top covered topic joins a 'did you mean', "
              "or makes one of a fallback..."),
    Threshold("classifier_suggest_off_domain", 1.1, "The same, for a message with no skincare word."),
    Threshold("classifier_doubt", 0.35, "A refusal of a message about skincare whose classifier top is a covered "
              "intent scoring this much above the refusal is questioned (see ``arbiter.doubt``)."),
    Threshold("classifier_doubt_answer", 0.5, "... and answered when it leads every other intent by this much."),
    Threshold("classifier_window", 0.05, "... with the topics within this of it."),
    Threshold("classifier_gate", 0.5, "A message with no curated word is embedded when the classifier, from its "
              "words alone, gives a covered intent this score..."),
    Threshold("classifier_gate_words", 5, "... and it has at most this many words."),
    Threshold("classifier_gate_curated", 0.1, "A message with a curated word but no domain word is embedded unless "
              "the classifier, from its words alone, scores a refusal this far above every covered intent."),
    Threshold("classifier_gate_unknown", 0.25, "A message with a curated word, no domain word and a word the "
              "catalogue has never seen is embedded only when the classifier, from its words alone, gives a covered "
              "intent this score..."),
    Threshold("classifier_gate_unknown_curated", 2, "... or it has at least this many curated words."),
    Threshold("classifier_gate_refuse", 0.4, "... and when its words would fall back, it is refused by that refusal if "
              "it scores this much."),
    Threshold("rescue_answer", 0.78, "With no domain word: cosine to the nearest example needed to answer."),
    Threshold("rescue_margin", 0.1, "With no domain word: lead in cosine over the next intent needed to answer."),
    Threshold("rescue_suggest", 0.63, "With no domain word: lowest cosine offered as a 'did you mean'."),
    Threshold("rescue_window", 0.08, "With no domain word: suggest the intents within this cosine of the top one."),
    Threshold("refuse_semantic_lead", 0.02, "A close call is refused when an out-of-scope intent's nearest example "
              "is closer than any covered topic's by this cosine."),
    Threshold("suggest_semantic", 0.6, "A 'did you mean' with room also offers the covered topic nearest in meaning "
              "from this cosine."),
)
