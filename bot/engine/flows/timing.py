"""Times in typed answers: the "when was it?" question, and a time typed at a question with a window
("a procedure in the last two weeks": "laser 6 days ago" is a yes, "a peel 5 weeks ago" a no)."""

from __future__ import annotations

from bot.engine.flows.amounts import Time, bare_weekday, calendar_date, times
from bot.engine.flows.definition import DAYS, Flow, Step, bucket
from bot.engine.flows.kinds import ANSWER, CONFIRM, NONE, QUESTION, Reading
from bot.engine.flows.lexicon import CUE, FUTURE, THIRD, UNSURE, Clause, Lexicon, tokens_of
from bot.engine.flows.reading import Verdict, Vote
from bot.nlu.text import holds_phrase


class TimeReading:
    """The time readings of :class:`bot.engine.flows.typed.Reader` (which supplies the methods stubbed here)."""

    lexicon: Lexicon
    exactly: frozenset[str]

    def _key(self, flow: Flow, step: Step) -> str:
        raise NotImplementedError

    def _asks(self, clauses: list[Clause], text: str) -> bool:
        raise NotImplementedError

    def _days(self, step: Step, text: str, flat: str, clauses: list[Clause]) -> Reading:
        """Read the "when was it?" question: a time ago, a time word, or not sure."""
        own = [c for c in clauses if not any(s.category == THIRD for s in c.spans)]
        if len(own) < len(clauses):  # "my friend got hers done 3 days ago, mine a bit earlier": hers, not yours
            if not own:
                return Reading(NONE)
            clauses, text = own, " , ".join(" ".join(c.tokens) for c in own)
        found = [s for c in clauses for s in c.spans]
        exact = [s.value for c in clauses for s in c.spans if s.category == CUE and s.end - s.start == len(c.tokens)]
        if len(clauses) == 1 and exact:
            return Reading(ANSWER, value=exact[0])
        hedged = any(s.category == UNSURE or (s.category == CUE and s.value == "unsure") for s in found)
        ago = times(text, self.lexicon)
        if hedged and ago and set(tokens_of(text)) & self.exactly:
            hedged = False  # "like 9 or 10 days, can't remember exactly": unsure of the day, not of the range
        if self._asks(clauses, text) and not hedged:
            return Reading(QUESTION)
        guessed = {bucket(step, t.days) for t in ago if not t.future}
        if hedged:  # "not sure, about 10 days": the estimate is offered back, a range is not sure
            return Reading(CONFIRM, value=guessed.pop()) if len(guessed) == 1 else Reading(ANSWER, value="unsure")
        if any(t.future for t in ago):
            return Reading(NONE, text="That sounds like it is still to come; when was the last one?")
        buckets = {bucket(step, t.days) for t in ago}
        if len(buckets) == 1 and self._rough_at_edge(step, flat, ago):
            return Reading(CONFIRM, value=buckets.pop())  # "about 2 weeks ago": 13 days or 16? asked back
        if len(buckets) == 1:
            return Reading(ANSWER, value=buckets.pop())
        words = {s.value for s in found if s.category == CUE}
        within = holds_phrase(flat.split(), self.lexicon.phrases("less_than"))
        if len(buckets) > 1 or len(words) > 1 or (words and within):  # "within the last week" straddles
            return Reading(NONE, text="Which of these is closest?")
        if words:
            return Reading(ANSWER, value=words.pop())
        return Reading(NONE)

    def _rough_at_edge(self, step: Step, flat: str, ago: list[Time]) -> bool:
        """Tell whether a time said roughly ("about", "like") falls on the edge between two buttons."""
        edges = {float(t) for t in step.thresholds}
        return any(t.days in edges for t in ago) and holds_phrase(flat.split(), self.lexicon.phrases("roughly"))

    def _window(self, flow: Flow, step: Step, text: str, clauses: list[Clause], verdict: Verdict) -> None:
        """Let a time typed with the answer decide it: inside the question's window yes, outside no."""
        limit = float(step.window_days or 0)
        if bare_weekday(text, self.lexicon):
            verdict.tentative = True  # "laser on friday": last friday, or the next one?
        self._ahead_apart(flow, step, clauses, verdict)
        if not any(times(" ".join(c.tokens), self.lexicon) for c in clauses):
            verdict.tentative = verdict.tentative or calendar_date(text, self.lexicon)  # "last laser was in 2022"
            self._window_words(flow, step, text, verdict)
            return
        timed: dict[int, str] = {}
        for index, clause in enumerate(clauses):
            said = times(" ".join(clause.tokens), self.lexicon)
            found = [t for t in said if not t.future]
            if said and not found:  # "microneedling next monday": still ahead
                verdict.votes = [v for v in verdict.votes if v.clause != index or v.kind != "cue"]
                verdict.ahead = verdict.ahead or not verdict.votes
                continue
            if not found:
                continue
            negated = any(t in self.lexicon.negators for t in clause.tokens[:2])
            inside = {t.days <= limit for t in found} | self._word_times(flow, step, clause)
            named = [v for v in verdict.votes if v.clause == index and v.kind == "cue" and v.value == "yes"]
            if len(inside) > 1 and not negated and len(named) < 2:
                verdict.tentative = True  # "laser six weeks ago, a check-up yesterday": which was when?
                continue
            if len(inside) > 1 and not negated:
                value = "yes"  # "peel six weeks ago and microneedling yesterday": one of them is recent
            elif all(t.days <= limit for t in found):
                value = "no" if negated else "yes"
            elif all(t.days > limit for t in found):
                value = "no"
            else:
                verdict.tentative = True  # "more than 3 days ago": maybe inside, maybe not
                continue
            timed[index] = value
            if value == "yes" and not named and any(v.clause == index and v.kind == "lean" for v in verdict.votes):
                verdict.tentative = True  # "botox 4 days ago": recent, but whether it counts is asked
            verdict.votes = [v for v in verdict.votes if v.clause != index or v.kind == "word"]
            verdict.votes.append(Vote(value, "cue", index, clause.contrast))
        if timed and set(timed.values()) == {"no"}:  # "3 weeks ago, a peel": the one time is the peel's
            untimed = {i for i, c in enumerate(clauses) if i not in timed and not self._time_words(flow, step, c)}
            verdict.votes = [v for v in verdict.votes if v.clause not in untimed or v.kind != "cue" or v.value != "yes"]

    def _time_words(self, flow: Flow, step: Step, clause: Clause) -> bool:
        """Tell whether a clause says when in words ("yesterday", "on friday"), not as an amount of time."""
        return bool(self._word_times(flow, step, clause)) or bare_weekday(" ".join(clause.tokens), self.lexicon)

    def _word_times(self, flow: Flow, step: Step, clause: Clause) -> set[bool]:
        """Return, for each time said in words in a clause ("yesterday", "last month"), whether it is inside."""
        when = next((flow.step(f) for f in step.fills if flow.step(f).input == DAYS), None)
        if when is None:
            return set()
        spans = [s for c in self.lexicon.clauses(" ".join(clause.tokens), self._key(flow, when)) for s in c.spans
                 if s.category == CUE and (option := when.option(s.value)) is not None and option.value != "unsure"]
        return {when.option(s.value).unflag != step.flag for s in spans}  # type: ignore[union-attr]

    def _ahead_apart(self, flow: Flow, step: Step, clauses: list[Clause], verdict: Verdict) -> None:
        """Let a clause that only says "still ahead" date the procedure named beside it, and ask back.

        "tomorrow actually, getting Morpheus8": the procedure is most likely the one still to come, but the
        two parts are apart, so the no is proposed ("Did you mean No?"), never recorded.
        """
        said = [times(" ".join(c.tokens), self.lexicon) for c in clauses]
        ahead = [i for i, c in enumerate(clauses) if not any(s.category == CUE for s in c.spans) and (
            any(s.category == FUTURE for s in c.spans) or (said[i] and all(t.future for t in said[i])))]
        named = [v for v in verdict.votes if v.kind == "cue" and v.value == "yes" and v.clause not in ahead]
        past = any(not t.future for found in said for t in found)
        if not ahead or not named or past or any(self._time_words(flow, step, c) for c in clauses):
            return
        verdict.votes = [v for v in verdict.votes if v not in named]
        verdict.ahead = verdict.ahead or not verdict.votes
        verdict.tentative = True

    def _window_words(self, flow: Flow, step: Step, text: str, verdict: Verdict) -> None:
        """Read a time word ("last month", "yesterday") with the follow-up "when" question's words."""
        when = next((flow.step(f) for f in step.fills if flow.step(f).input == DAYS), None)
        if when is None or not any(v.value == "yes" and v.kind == "cue" for v in verdict.votes):
            return
        reading = self._days(when, text, "", self.lexicon.clauses(text, self._key(flow, when)))
        option = when.option(reading.value or "") if reading.kind == ANSWER else None
        if option is not None and option.unflag == step.flag:
            verdict.votes = [v for v in verdict.votes if v.kind == "word"] + [Vote("no", "cue", 0)]
