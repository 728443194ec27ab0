"""Clinician referrals: the replies that send a user to a clinician, or to emergency care alone."""

from __future__ import annotations

from collections.abc import Mapping

from bot.engine import callbacks
from bot.engine.conversation import ANSWER, Button, Reply
from bot.engine.render import Renderer
from bot.nlu.intent import Intent
from bot.nlu.matcher import Match
from bot.nlu.risk import FLAGS

#: Button data prefix of the one button under an emergency line: it shows the rest of the referral.
AFTER_EMERGENCY = callbacks.AFTER_EMERGENCY
SCREENING = Button("Safety screening", callbacks.start("screening"))


def encode_flags(flags: tuple[str, ...]) -> str:
    """Pack flags into button data: their positions in FLAGS ("06" = pregnancy and urgent)."""
    return "".join(str(FLAGS.index(f)) for f in flags if f in FLAGS)


def decode_flags(data: str) -> tuple[str, ...]:
    """Unpack button data made by encode_flags; anything else gives no flags."""
    if not data or not data.isdigit() or len(data) > len(FLAGS) or any(int(c) >= len(FLAGS) for c in data):
        return ()
    return tuple(FLAGS[int(c)] for c in dict.fromkeys(data))


class Referrals:
    """Build referral replies from the templates in answers/referrals/."""

    def __init__(self, renderer: Renderer, intents: Mapping[str, Intent], flag_topics: Mapping[str, str],
                 refusals: frozenset[str] = frozenset()) -> None:
        """Keep what the replies are built from; ``refusals``: navigation.yml's risk_refusals."""
        self.renderer = renderer
        self.intents = intents
        self.flag_topics = flag_topics
        self.refusals = refusals

    def text(self, risks: tuple[str, ...]) -> str:
        """Join the referral paragraphs for the flags; an emergency gets its own line and nothing else."""
        if "urgent" in risks:
            return self.renderer.static("referrals/urgent.j2")
        ordered = sorted(risks, key=lambda f: FLAGS.index(f) if f in FLAGS else len(FLAGS))
        return "\n\n".join(self.renderer.static(f"referrals/{flag}.j2") for flag in ordered)

    def reply(self, risks: tuple[str, ...]) -> Reply:
        """The referral that leads the reply to a risky message; an emergency is its line alone, with one button."""
        if "urgent" in risks:
            button = Button("After emergency care", callbacks.after_emergency(encode_flags(risks)))
            return Reply(self.text(risks), (button,))
        return Reply(self.text(risks), self._topic_buttons(risks) + (SCREENING,))

    def after_emergency(self, data: str) -> Reply | None:
        """What the button under an emergency line shows: what to do once safe, then the other flags' referrals."""
        flags = decode_flags(data)
        if not flags:
            return None
        others = tuple(f for f in flags if f != "urgent")
        parts = [self.renderer.static("referrals/after_emergency.j2")] + ([self.text(others)] if others else [])
        return Reply("\n\n".join(parts), self._topic_buttons(others + ("urgent",)) + (SCREENING,))

    def unchecked(self) -> Reply:
        """The general referral sent when the risk check itself failed."""
        return Reply(self.renderer.static("referrals/unchecked.j2"), (SCREENING,))

    def reminder(self, flags: tuple[str, ...]) -> str:
        """The one-line reminder to see a clinician, under a general answer."""
        return self.renderer.render("referrals/reminder.j2", {"flags": list(flags)})

    def topic(self, flags: tuple[str, ...]) -> str | None:
        """The general answer that goes with the first of the flags that has one."""
        return next((t for f in flags if (t := self.flag_topics.get(f)) in self.intents), None)

    def general_match(self, match: Match, general: tuple[str, ...]) -> Match:
        """A general question about a flag gets that flag's general answer when nothing else was answered."""
        topic = self.topic(general)
        if match.outcome == ANSWER or topic is None:
            return match
        return _answered(match, topic)

    def refusal_match(self, match: Match, risks: tuple[str, ...]) -> Match:
        """A health refusal of a message about exosomes gives way to the flag's topic: the referral answers it
        ("I take methotrexate for RA, exosomes okay or no")."""
        topic = self.topic(risks)
        if topic is None or match.outcome != ANSWER or match.intent not in self.refusals or not match.in_domain:
            return match
        return _answered(match, topic)

    def _topic_buttons(self, risks: tuple[str, ...]) -> tuple[Button, ...]:
        """One button per flag's general answer, without repeats."""
        found = (self.flag_topics.get(f) for f in risks)
        topics = list(dict.fromkeys(t for t in found if t is not None and t in self.intents))
        return tuple(Button(self.intents[t].title, callbacks.answer(t)) for t in topics)


def _answered(match: Match, topic: str) -> Match:
    """The same reading, answered with a flag's topic."""
    return Match(ANSWER, topic, match.score, ranked=match.ranked, in_domain=match.in_domain)
