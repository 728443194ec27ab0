"""Decide a choice question from the votes of its answer (bot/engine/flows/reading.py): a value, and
whether it is sure enough to record or only to propose."""

from __future__ import annotations

from bot.engine.flows.reading import PLAIN, WHETHER, Vote


def decide_polar(votes: list[Vote], risk: bool, queried: bool = False) -> tuple[str | None, bool]:
    """Decide a yes / no / not sure question from its votes: (value, sure); ``queried``: the answer holds a
    question mark ("i think so?")."""
    leaning = [v for v in votes if v.kind in ("degree", "lean")]
    votes = [v for v in votes if v.kind not in ("degree", "lean")]
    if not votes:
        if not leaning:
            return None, False
        return ("yes" if risk and leaning[0].kind == "degree" else leaning[0].value), False
    yes_cues = [v for v in votes if v.kind == "cue" and v.value == "yes"]
    if any(v.kind != "maybe" for v in votes):
        votes = [v for v in votes if v.kind != "maybe"]  # "immunosuppressants for Crohn's" is a yes
    hedges = [v for v in votes if v.kind in ("hedge", "maybe")]
    leans_yes = bool(hedges) and all(v.lean == "yes" for v in hedges) and not any(v.value == "no" for v in votes)
    if leans_yes and yes_cues:
        return "yes", True  # "I think so, the lab reports are public": what it states settles the lean
    if leans_yes and not queried:
        return "yes", False  # "i think so": writers record a yes or a not sure, so a yes is proposed ("i think so?"
        # is a not sure)
    asked = [v for v in leaning if v.kind == "lean"]
    if hedges and all(v.lean == WHETHER for v in hedges) and asked and not yes_cues:
        return asked[0].value, False  # "a facial, not sure if that's a procedure": whether it counts is asked
    if hedges:
        return "unsure", True
    if yes_cues and risk:
        votes = [v for v in votes if v.kind != "negcue"]  # "retinal (not retinol)" is still a retinoid
    values = {v.value for v in votes}
    if len(values) == 1:
        value = values.pop()  # a yes beside a lean to no ("studies, but on exosomes in general") is proposed
        return value, risk or not (value == "yes" and any(v.kind == "lean" and v.value == "no" for v in leaning))
    if risk and yes_cues:
        return _risk_conflict(votes, yes_cues)
    if risk:
        return "yes", False
    words = {v.value for v in votes if v.kind == "word"}
    content = [v for v in votes if v.kind != "word"]
    if words and len(words) == 1 and {v.value for v in content} <= words:
        return next(iter(words)), True
    last = max(votes, key=lambda v: v.clause)
    if not words and last.contrast and len({v.value for v in votes if v.clause == last.clause}) == 1:
        return last.value, True  # "a 'clinical results' page, but it's just a survey"
    return ("no" if "no" in values else last.value), False


def _risk_conflict(votes: list[Vote], yes_cues: list[Vote]) -> tuple[str | None, bool]:
    """Settle the person's own risk against a no: a later contrast decides, a plain product never does."""
    strong_no = [v for v in votes if v.value == "no" and v.kind in ("word", "resolve")]
    if not strong_no:
        return "yes", True  # "a salicylic cleanser and tretinoin": the cleanser does not cancel the tretinoin
    last_yes = max(v.clause for v in yes_cues)
    last_no = max(v.clause for v in strong_no)
    if last_yes > last_no and any(v.contrast and v.clause == last_yes for v in yes_cues):
        return "yes", True  # "no but trying"
    if last_no > last_yes and any(v.contrast and v.clause == last_no for v in strong_no if v.kind == "resolve"):
        return "no", True  # "a tumour, but it was benign"
    return "yes", False


def decide_category(votes: list[Vote], polar: dict[str, str], missing: set[str]) -> tuple[str | None, bool]:
    """Decide a question whose buttons are categories (source, procedure): (value, sure)."""
    # A plain yes / no / not sure is mapped by the step's ``polar`` ("ask" means: ask which).
    leaning = [v for v in votes if v.kind == "lean" and v.value == "no"]
    votes = [v for v in votes if v.kind not in ("degree", "lean")]
    if not votes:
        # "not as far as i know" at the source question: "not stated?" is proposed, never recorded
        mapped = polar.get("no") if leaning else None
        return (mapped, False) if mapped not in (None, "ask") else (None, False)
    hedged = any(v.kind == "hedge" for v in votes)
    categories = {v.value for v in votes if v.kind == "cue"}
    named = categories - missing
    if len(named) == 1:
        categories = named
    specific = categories - {polar.get("unsure")}
    if len(specific) == 1:
        categories = specific  # "a vampire facial (PRP and microneedling)": the named kind, not "other"
    if len(categories) == 1:
        return categories.pop(), not hedged
    if categories:
        return None, False
    if hedged:
        return polar.get("unsure"), polar.get("unsure") is not None
    words = {v.value for v in votes if v.kind in ("word", PLAIN)}
    if len(words) != 1:
        return None, False
    mapped = polar.get(words.pop())
    return (None, False) if mapped in (None, "ask") else (mapped, True)
