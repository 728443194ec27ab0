"""Turn one typed message at a flow question into a :class:`Reading`: an answer, a value to
confirm, a question about the question, a control word (back, skip, carry on) or nothing."""

from __future__ import annotations

import re
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.engine.flows.amounts import prices, said_in_past
from bot.engine.flows.calendar_dates import dated_by_calendar
from bot.engine.flows.corrections import after_correction
from bot.engine.flows.dates import counted_from_today
from bot.engine.flows.deciding import decide_category, decide_polar
from bot.engine.flows.definition import DAYS, PRICE, TEXT, Flow, Step, bucket
from bot.engine.flows.kinds import (
    ABOUT,
    ANSWER,
    ASK_WHICH,
    BACK,
    CONFIRM,
    CONTINUE,
    ELSEWHERE,
    EMPTY,
    NO_SKIP,
    NONE,
    NOT_NAME,
    PRICE_HERE,
    QUESTION,
    SKIP,
    STALL,
    STOP,
    VAGUE,
    Reading,
)
from bot.engine.flows.lexicon import (
    CONFUSED,
    CUE,
    MARKS,
    NO,
    RESOLVE,
    UNSURE,
    WORD,
    YES,
    Clause,
    Lexicon,
    stem,
    tokens_of,
)
from bot.engine.flows.naming import NAME, PRICE_ONLY, UNKNOWN, answer_spans, read_name
from bot.engine.flows.questions import about_question, own_terms
from bot.engine.flows.reading import (
    ASK,
    CHILD,
    CHILD_PERSON,
    EVEN_AHEAD,
    MAYBE,
    NEGATION_REACH,
    Verdict,
    Vote,
    collect,
    is_question,
    unread_exceptions,
)
from bot.engine.flows.timing import TimeReading
from bot.nlu.text import holds_phrase

#: A short message one typo (two from nine letters) from exactly one short answer is that answer ("nto sure").
NEAR_MISS_WORDS = 3
#: A step's ``asks`` under this key doubt a yes it gives: the yes is asked back ("HIV, undetectable").
DOUBT = "doubt"
#: Words that open the reason for a yes or no ("yes because ...", "no since ...").
_REASONS = frozenset({"because", "since", "bc", "cause", "cos", "coz", "cuz", "as"})
#: An answer that ends by concluding its own value ("..., so i'd say no", "so i think that's a yes"): the user has
#: weighed it.
_CONCLUDED = re.compile(r"\b(?:so|overall|all\s+in\s+all|in\s+the\s+end|therefore)\s+"
                        r"(?:(?:(?:i\s+)?(?:d|would|will|ll|guess|think)|id|ill)\s+)?(?:say\s+|go\s+with\s+|call\s+it\s+)?"
                        r"(?:(?:that\s+s|thats|its|it\s+s)\s+)?(?:a\s+)?(yes|no)\W*$")
#: The user asks whether the answer just given counts ("accutane pills, does that count?").
_DOES_IT_COUNT = re.compile(r"\b(?:does|do|would|will)\s+(?:that|this|it|these|those)\s+count\b")
#: Not knowing whether something named counts ("not sure if combo feeding counts"): asked back as a yes.
_COUNTS = re.compile(r"\b(?:if|whether)\s+(?:\w+\s+){1,3}?(?:counts?|count\s+as)\b"
                     # "not sure if thats a procedure", "not sure if mesotherapy is cosmetic procedure"
                     r"|\b(?:if|whether)\s+(?:\w+\s+){0,3}?(?:is|s|are|thats|its)\s+(?:an?\s+|really\s+an?\s+|considered\s+an?\s+)?"
                     r"(?:\w+\s+)?(?:procedure|treatment)s?\b")
#: A clause that says a word of the question is unknown ("idk what CD9 is tbh"): no hedge on the answer.
_ABOUT_A_TERM = re.compile(r"(?:i\s+)?(?:idk|dont know|do not know|dunno|no idea|not sure|have no idea)\s+what\s+"
                           r"(?:\S+\s+){1,4}?(?:is|are|means|mean)\b")
#: Words around a skip word that do not change it ("nah skip", "skip please").
_POLITE = frozenset({"nah", "no", "nope", "ok", "okay", "just", "please", "pls", "plz", "lets", "thanks", "thank",
                     "you", "sorry", "i", "will", "can", "we", "id", "rather", "so", "um", "hmm", "uh", "oh"})
__all__ = ["ABOUT", "ANSWER", "ASK_WHICH", "BACK", "CONFIRM", "CONTINUE", "ELSEWHERE", "EMPTY", "NONE", "NOT_NAME",
           "NO_SKIP", "PRICE_HERE", "QUESTION", "SKIP", "STALL", "STOP", "VAGUE", "Reader", "Reading"]


class Reader(TimeReading):
    """Read typed answers with the shared words (words.yml) and each step's own."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.back = lexicon.phrases("back")
        self.skip = lexicon.phrases("skip")
        self.carry_on = lexicon.continue_words("yes")
        self.leave = lexicon.continue_words("no")
        self.confused = lexicon.phrases("confused_alone")
        self.exactly = lexicon.phrases("precisely")
        self.forgotten = lexicon.phrases("forgotten")
        self.sarcasm = lexicon.phrases("sarcasm")
        self.double_negative = lexicon.phrases("double_negative")
        self.counts_doubt = lexicon.phrases("counts_doubt")
        self.partial_filler = frozenset(tokens_of(" ".join(str(w) for w in lexicon.raw.get("partial_filler", ()))))

    def read(self, flow: Flow, step: Step, text: str, fstate: dict[str, Any] | None = None,
             risk: bool = False) -> Reading:
        """Read a message at a step; ``risk``: the risk detector found this step's own flag in it."""
        text = text if step.input == TEXT else counted_from_today(after_correction(text), self.lexicon)
        by_weekday = False  # "peel on friday", "on the 20th" at "when was it?": the latest one, offered back
        if step.input == DAYS or step.window_days is not None:  # "nov 20", "in october", "last week"
            text, by_weekday = dated_by_calendar(text, self.lexicon, weekdays=step.input == DAYS,
                                                 past=said_in_past(text, self.lexicon))
        flat = " ".join(t for t in tokens_of(text) if t not in MARKS and t not in "$£€%")
        if not flat:
            flat = " ".join(self.lexicon.emoji_words(text))
            text = flat or text
        if not flat:
            return Reading(EMPTY)
        if (fstate or {}).get("offered"):
            if flat in self.carry_on:
                return Reading(CONTINUE)
            if flat in self.leave:
                return Reading(STOP)
        if flat in self.back:
            return Reading(BACK)
        control = self._skip(step, flat, text)
        if control:
            return control
        about = about_question(self.lexicon, text, step.question, step.why, step.explain)
        if about:
            return Reading(ABOUT, text=about.text, value=about.kind)
        clauses = self.lexicon.clauses(text, self._key(flow, step))
        if flat in self.confused or any(s.category == CONFUSED for c in clauses for s in c.spans):
            return Reading(ABOUT, value="explain", text=step.explain or own_terms(self.lexicon, step.question)
                           or step.why)
        if step.input == TEXT:
            return self._name(step, text)
        if step.input == PRICE:
            return self._price(step, text, flat, clauses)
        if step.input == DAYS:
            reading = self._days(step, text, flat, clauses)
            offered = by_weekday and reading.kind == ANSWER and reading.value != "unsure"
            return Reading(CONFIRM, value=reading.value) if offered else reading
        return self._choice(flow, step, text, clauses, risk)

    # -- the kinds of question ---------------------------------------------------

    def _key(self, flow: Flow, step: Step) -> str:
        """Prepare a step's phrases once and return their key."""
        key = f"{flow.id}:{step.id}"
        own: list[tuple[str, str, str]] = []
        for option in step.options:
            category = WORD if step.yes_no or step.input == PRICE else CUE
            own += [(w, category, option.value) for w in (*option.words, option.label)]
        own += [(p, RESOLVE, "no") for p in step.resolves]
        own += [(p, CUE, CHILD + "yes") for p in step.by_child]
        own += [(p, CUE, EVEN_AHEAD + "yes") for p in step.even_ahead]
        if step.by_child:  # "my baby is weaned": at this question the child is not someone else
            own += [(p, CHILD_PERSON, "") for p in self.lexicon.phrases("child_persons")]
        own += [(p, CUE, ASK + value) for value, phrases in step.asks for p in phrases]
        own += [(p, CUE, MAYBE) for p in step.maybe]
        own += [(p, CUE, value) for value, phrases in step.says for p in phrases]
        own += [(p, VAGUE, value) for value, phrases in step.vague for p in phrases]
        self.lexicon.for_step(key, own)
        return key

    def _skip(self, step: Step, flat: str, text: str) -> Reading | None:
        """Read skip words: they skip an optional question and are refused at any other."""
        core = " ".join(t for t in flat.split() if t not in _POLITE)
        whole = flat in self.skip or core in self.skip
        if not step.optional:
            return Reading(NO_SKIP) if whole else None
        skip = self.skip | self.forgotten  # "don't remember" leaves out only a question that may be left out
        whole = whole or flat in self.forgotten or core in self.forgotten
        inside = any(len(p.split()) > 1 and f" {p} " in f" {flat} " for p in skip)
        if inside and not whole and step.input == PRICE and prices(text, self.lexicon):
            return None  # "don't remember exactly, around $80": the amount answers
        if whole or (inside and (step.input != TEXT or read_name(self.lexicon, text, step.max_length).kind != NAME)):
            return Reading(SKIP)
        return None

    def _asks(self, clauses: list[Clause], text: str) -> bool:
        """Tell whether a message asks a question ("is $120 a lot?", "tell me about …"), not just ends unsure."""
        first = clauses[0].tokens[:1] if clauses else []
        return any(is_question(c, self.lexicon, opening=n == 0) for n, c in enumerate(clauses)) or first in (
            ["tell"], ["explain"], ["show"])

    def _name(self, step: Step, text: str) -> Reading:
        """Read the product-name question: a name (maybe with a price), a price alone, or no name."""
        self.lexicon.for_step("_shared", ())
        clauses = self.lexicon.clauses(text, "_shared")
        if self._asks(clauses, text):
            return Reading(QUESTION)
        if _only_hedges(clauses):
            return Reading(CONFIRM, value="skip")  # "no idea", "dunno": skip the name? (asked, never assumed)
        reading = read_name(self.lexicon, text, step.max_length)
        if reading.kind == NAME:
            return Reading(ANSWER, value=reading.name, shown=reading.name,
                           price=(reading.price.value, reading.price.shown) if reading.price else None)
        if reading.kind == UNKNOWN:
            return Reading(CONFIRM, value="skip")  # "threw away the box, so I don't know": skip the name?
        if reading.kind == PRICE_ONLY and reading.price:
            return Reading(PRICE_HERE, price=(reading.price.value, reading.price.shown))
        if any(s.category == "stalling" for c in clauses for s in c.spans):
            return Reading(STALL)
        return Reading(NOT_NAME)

    def _price(self, step: Step, text: str, flat: str, clauses: list[Clause]) -> Reading:
        """Read the price question: an amount, a range button, or a vague word to confirm."""
        exact = [s.value for c in clauses for s in c.spans if s.category == WORD and s.end - s.start == len(c.tokens)]
        if len(clauses) == 1 and exact:
            return Reading(ANSWER, value=exact[0])
        amounts = prices(text, self.lexicon)
        if self._asks(clauses, text) and ("?" in text or not amounts):
            return Reading(QUESTION)  # "was 35 euro in the pharmacy" without a question mark states the price
        buckets = {bucket(step, a.value) for a in amounts}
        if len(buckets) == 1:
            return Reading(ANSWER, value=buckets.pop(), shown=amounts[0].shown)
        if buckets:
            return Reading(NONE, text="Which range is closest?")
        vague = {s.value for c in clauses for s in c.spans if s.category == VAGUE}
        if len(vague) == 1:
            return Reading(CONFIRM, value=vague.pop())
        if _only_hedges(clauses):
            return Reading(SKIP)  # "no idea", "no clue tbh": the price is not known, and Skip is its value
        if any(s.category == UNSURE for c in clauses for s in c.spans):
            return Reading(CONFIRM, value="skip")
        return Reading(NONE)

    def _choice(self, flow: Flow, step: Step, text: str, clauses: list[Clause], risk: bool) -> Reading:
        """Read a question answered by one of its buttons (yes / no / not sure, or categories)."""
        kept = [c for c in clauses if not _ABOUT_A_TERM.match(" ".join(c.tokens))]
        if kept and len(kept) < len(clauses):
            clauses = kept  # "idk what CD9 is tbh, i dont see anything like that": not knowing a word, not the answer
        asked = frozenset(stem(t) for t in tokens_of(step.question))
        verdict = collect(clauses, self.lexicon, polar=step.yes_no, present_only=step.present_only,
                          risk=bool(step.flag), asked=asked)
        if risk and step.yes_no and not verdict.votes and not verdict.discarded and not verdict.question:
            verdict.votes.append(Vote("yes", "cue", 0))  # the risk detector's word fills a gap, never overrules
            verdict.tentative = True
        doubted = any(v.kind == "lean" and v.value == DOUBT for v in verdict.votes)
        verdict.votes = [v for v in verdict.votes if v.value != DOUBT]
        if step.window_days is not None:
            self._window(flow, step, text, clauses, verdict)
            if not verdict.votes and verdict.ahead and not verdict.question:
                verdict.votes.append(Vote("no", "cue", 0))  # "peel booked for next month": none has been had
        if step.yes_no:
            value, sure = decide_polar(verdict.votes, risk=bool(step.flag), queried="?" in text)
        else:
            missing = {o.value for o in step.options if o.status == "missing"}
            value, sure = decide_category(verdict.votes, step.polar_map, missing)
        if value is None and not verdict.votes and verdict.wished and step.yes_no and not step.flag:
            return Reading(CONFIRM, value="no")  # "they should really publish a trial": not there, most likely
        if value is None and not verdict.votes and not verdict.question:
            value, sure = self._near_miss(flow, step, text), True  # "nto sure", "yse"
        if doubted and value in ("yes", None) and step.yes_no:
            return Reading(CONFIRM, value="yes")  # "HIV, undetectable": kept in check, so perhaps not a yes
        if value == "yes" and step.yes_no and self._says(text, self.sarcasm):
            return Reading(CONFIRM, value="no")  # "sure, if you think a rose-gold cap is quality": asked back as a no
        if value != "yes" and step.yes_no and self._says(text, self.double_negative):
            return Reading(CONFIRM, value="yes")  # "i wouldn't say they don't explain it": asked back as a yes
        flat_words = " ".join(tokens_of(text))
        if step.yes_no and verdict.votes and (value in ("unsure", None) or _DOES_IT_COUNT.search(flat_words)) and (
                self._says(text, self.counts_doubt) or _COUNTS.search(flat_words)):
            # "dunno if this counts but i have a rash", "accutane, does that count?" (a yes); "vitamin c serum,
            # does that count?" (a no): asked back
            return Reading(CONFIRM, value="no" if value == "no" else "yes")
        if value is None:
            return self._no_value(step, verdict, clauses, text)
        if not any(v.kind != "word" for v in verdict.votes) and (other := self._elsewhere(flow, step, text)):
            return Reading(ELSEWHERE, text=other)  # "never had cancer" typed at the breastfeeding question
        if step.flag and value == "no" and any(not self._elsewhere(flow, step, " ".join(c.tokens))
                                               for c in unread_exceptions(verdict, clauses,
                                                                          step.window_days is not None)):
            return Reading(CONFIRM, value=value)  # "no infections, though my immune system is weak"
        if value == "no" and any(v.kind == "lean" and v.value == "yes" for v in verdict.votes):
            return Reading(CONFIRM, value=value)  # "no but hoping to soon", "lab tested, doesn't say who"
        if step.needs and {v.value for v in verdict.votes if v.kind == "cue"} == {"yes", "no"}:
            # "directions, but no warnings": one half of the question there, the other said to be missing; the
            # criterion asks for both, so it is not met (seven of nine writers record a no)
            return Reading(ANSWER, value="no") if value == "no" else Reading(CONFIRM, value=value)
        if value == "no" and self._partial_no(step, text):
            return Reading(CONFIRM, value=value)  # "no cold sores": one example of the question, not all of it
        concluded = _CONCLUDED.search(flat_words)
        said = concluded.group(1) if concluded is not None else None
        # "opaque bottle yes but nothing on shelf life, so i'd say no"; at a screening question only a yes is
        # concluded so ("she said I'd catch things more easily, so I think that's a yes"): the careful side
        if said == "yes" and step.flag and value in ("yes", "unsure") or said == value and not step.flag:
            return Reading(ANSWER, value=said)
        if not sure or verdict.tentative or (value == "yes" and not self._complete(step, verdict, clauses)):
            return Reading(CONFIRM, value=value)
        details = self._details(flow, step, text) if value == "yes" else {}
        return Reading(ANSWER, value=value, details=details)

    def _partial_no(self, step: Step, text: str) -> bool:
        """Tell whether a no names only an example of one part of the question ("no cold sores at the moment")."""
        if not step.partial_no:
            return False
        words = [t for t in tokens_of(text) if t not in MARKS and t not in self.partial_filler]
        if len(words) < 2 or words[0] not in self.lexicon.negators:
            return False
        rest = " ".join(words[1:])
        return any(rest == " ".join(tokens_of(p)) for p in step.partial_no)

    @staticmethod
    def _says(text: str, phrases: frozenset[str]) -> bool:
        """Tell whether a message holds one of these phrases, as whole words ("sure, if you think ...")."""
        return holds_phrase((t for t in tokens_of(text) if t not in MARKS), phrases)

    def _elsewhere(self, flow: Flow, step: Step, text: str) -> str:
        """Name the other question a message is about: its only yes/no words go with that question's content."""
        own = self.lexicon.clauses(text, self._key(flow, step))
        words = [(i, s.start) for i, c in enumerate(own) for s in c.spans if s.category in (WORD, YES, NO)]
        if any(s.category in (WORD, YES, NO) and s.end < len(c.tokens) and c.tokens[s.end] in _REASONS
               for c in own for s in c.spans):
            return ""  # a yes or no given a reason ("yes because all their lab data is public") answers this question
        for other in flow.steps:
            if other is step or not other.says or other.number == step.number:
                continue
            clauses = self.lexicon.clauses(text, self._key(flow, other))
            cues = [(i, s.start) for i, c in enumerate(clauses) for s in c.spans
                    if s.category == CUE and s.value in ("yes", "no")]
            if cues and all(any(i == j and 0 < start - at <= NEGATION_REACH for j, start in cues) for i, at in words):
                label = f"question {other.number}" if other.number else "another question"
                return f"That sounds like an answer to {label} ({other.short}); I'll ask it in turn."
        return ""

    def _near_miss(self, flow: Flow, step: Step, text: str) -> str | None:
        """Return the value of the one short answer a short message is a near miss of ("nto sure")."""
        flat = " ".join(t for t in tokens_of(text) if t not in MARKS)
        if not flat or len(flat.split()) > NEAR_MISS_WORDS or len(flat) < 3:
            return None
        own = {" ".join(t for t in tokens_of(w) if t not in MARKS): o.value
               for o in step.options for w in (*o.words, o.label)}
        shared = {" ".join(words): value for words, category, value in self.lexicon.entries(self._key(flow, step))
                  if category in (YES, NO, UNSURE)}
        choices = {p: v for p, v in {**shared, **own}.items()
                   if p and len(p.split()) <= NEAR_MISS_WORDS and p[0] == flat[0]}
        edits = 2 if len(flat) >= 9 else 1
        hits = process.extract(flat, list(choices), scorer=OSA.distance, score_cutoff=edits, limit=6)
        if not hits:
            return None
        best = min(score for _, score, _ in hits)
        values = {choices[phrase] for phrase, score, _ in hits if score == best}
        value = values.pop() if len(values) == 1 else None
        mapped = step.polar_map.get(value or "", value) if not step.yes_no else value
        return mapped if mapped and (step.option(mapped) or step.yes_no) and mapped != "ask" else None

    def _complete(self, step: Step, verdict: Verdict, clauses: list[Clause]) -> bool:
        """Tell whether a yes stated in content covers every part the question asks (``needs``)."""
        worded = any(v.kind == "word" and v.value == "yes" for v in verdict.votes)
        if not step.needs or (worded and not any(v.kind == "cue" and v.value == "yes" for v in verdict.votes)):
            return True  # a plain yes answers the whole question; "yes to directions" only one half of it
        said = {(s.start, s.end, i) for i, c in enumerate(clauses) for s in c.spans if s.category == CUE}
        words = [" ".join(c.tokens[s.start:s.end]) for i, c in enumerate(clauses) for s in c.spans
                 if (s.start, s.end, i) in said and s.value == "yes"]
        def key(words: list[str]) -> str:  # a figure stands for any figure, as in the phrases ("use in 0 weeks")
            return " ".join("0" if t.isdigit() else stem(t) for t in words)

        stems = {key(w.split()) for w in words}
        return all(any(key(tokens_of(p)) in stems for p in part) for part in step.needs)

    def _no_value(self, step: Step, verdict: Verdict, clauses: list[Clause], text: str) -> Reading:
        """Say what a message without a value is: a question, a wait, a plain yes at a category question."""
        if verdict.question or self._asks(clauses, text):
            return Reading(QUESTION)
        if verdict.stalling:
            return Reading(STALL)
        words = {v.value for v in verdict.votes if v.kind == "word"}
        categories = {v.value for v in verdict.votes if v.kind == "cue"}
        which = any(v.kind == "lean" and v.value == "which" for v in verdict.votes)
        if step.ask_which and (len(categories) > 1 or which or (
                words == {"yes"} and step.polar_map.get("yes") == "ask")):
            return Reading(ASK_WHICH, text=step.ask_which)
        return Reading(NONE)

    def _details(self, flow: Flow, step: Step, text: str) -> dict[str, str]:
        """Read the follow-up questions' answers out of the same message ("laser 6 days ago")."""
        details: dict[str, str] = {}
        for follow_id in step.fills:
            follow = flow.step(follow_id)
            reading = self.read(flow, follow, text)
            unsure = ("unsure", follow.polar_map.get("unsure"))
            if reading.kind == ANSWER and reading.value and reading.value not in unsure:
                details[follow_id] = reading.value
        return details



def _only_hedges(clauses: list[Clause]) -> bool:
    """Tell whether a message says only that the person does not know ("no idea", "dunno lol")."""
    spans = answer_spans(clauses)
    return bool(spans) and all(s.category == UNSURE for s in spans)
