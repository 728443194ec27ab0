"""Who a term of the risk detector is about: the first- and third-person cues and the last person named."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from bot.nlu.risk_rules import B, E, FlagRules, Hit, alt, maybe, regex, words

if TYPE_CHECKING:
    from bot.nlu.risk_scope import Message

_WORD = re.compile(r"[a-z0-9]+")
_LAST_WORD = re.compile(r"([a-z0-9]+)\W*$")
_RELATIVE = re.compile(r"\W*(?:who|whos|which|that\s+is)\b")
#: What makes a relation after "for", "with" the one the term right after describes ("for my mum in remission").
_DESCRIBED = re.compile(r"\s+(?:(?:who|whos|that|which)\b.*|(?:in|on|after|post|undergoing|going\s+through|fighting|"
                        r"battling|recovering\s+from)(?:\s+(?:a|an|the|her|his|their|active|early|full|partial))?\s*|\s*)")
#: A pronoun that may take up a person named before it ("home with the baby, shes still nursing").
_PRONOUN = re.compile(r"she|shes|he|hes|they|theyre")
#: A double-quoted stretch of ``Message.norm_q`` (a quote never closed quotes nothing, as in ``quoted``).
_QUOTED_SPAN = re.compile(r'"[^"]*"')
#: The words that open a self-description ("im a", "as an", "i am also a"; the fillers are self_fillers).
_SELF_OPENING = r"(?:im|i\s+am|iam|i\s+m|as|being)\s+(?:(?:{fillers})\s+)?(?:a|an|the)\s+"
#: A parent describing themself at the start of a clause, with no article ("pumping mom with a cold sore",
#: "new mum here"): telegraphic English for "i am a ...".
_SELF_PARENT = (r"^(?:(?:new|pumping|nursing|breastfeeding|breast\s+feeding|bf|ebf|exclusively|first\s+time|1st\s+time|"
                r"ftm|single|working|busy|tired|exhausted|young|expecting|pregnant|postpartum|sleep\s+deprived|"
                r"stay\s+at\s+home|twin|boy|girl)\s+){1,3}")
_PARENTS = frozenset(["mom", "mum", "mama", "mommy", "mummy", "mother", "dad", "father"])
#: ... and the kind of person named so ("pumping mom with a cold sore": a situational cue is theirs)
_SELF_PARENT_NAMED = re.compile(_SELF_PARENT + rf"(?:{'|'.join(sorted(_PARENTS))})s?\b")
_SELF_PARENT_ALONE = re.compile(_SELF_PARENT)
_ADJ = r"(?:(?:little|big|older|younger|best|elder|step|baby|twin|new|ex|own|dear|teenage|grown|adult)\s+)?"


class People:
    """The person cues of :class:`bot.nlu.risk_scope.Scope` and the decisions made with them (a mixin)."""

    def _compile_people(self, shared: Mapping[str, Any]) -> None:
        """Compile the first- and third-person cues."""
        fp = alt(shared.get("first_person") or ["i"])
        rels = "|".join(re.escape(w) for w in words(shared.get("third_person_relations"))) or r"(?!x)x"
        owned = "|".join(re.escape(w) for w in words(shared.get("third_person_owned"))) or r"(?!x)x"
        # "my sister-in-law", "mother in law": the relation with its in-law
        rel, owned_rel = rf"{_ADJ}(?:{rels})s?(?:\s+in\s+laws?)?{E}", rf"{_ADJ}(?:{owned}){E}"
        places = "|".join(re.escape(w) for w in words(shared.get("my_places"))) or r"(?!x)x"
        # "my" opens the user's own words unless a person or a place of theirs follows ("my sister", "my salon")
        self._first = regex(rf"{B}(?:(?:{fp}){E}|my{E}(?!\s+(?:{rel}|{owned_rel}|(?:{places})s?{E})))")
        owner = r"(?:(?:my|his|her|their|our|a|an|the|your|ur|one\s+of\s+my)\s+)?"
        joined = rf"(?!\s+and\s+(?:i|me|myself){E})"
        third = [
            rf"(?P<rel>(?<!me and )(?<!i and )(?<!me and my )(?<!i and my ){B}{owner}{rel}{joined})",
            # "my 70 year old mom", "her lovely husband": a few words between owner and relation
            rf"(?P<rel2>{B}(?:my|his|her|their|our|your|ur)\s+(?:\w+\s+){{1,3}}?{rel}{joined})",
            rf"{B}(?:{alt(shared.get('third_person_subjects') or ['she'])}){E}",
            # "my client has", "a client showed up" (the user describing themself is read apart: _self_described)
            rf"{B}(?:my|our|his|her|their|your|ur|a|an|the|this|that)\s+{owned_rel}",
            # "client has a cold sore, do i still do the facial?": one at a sentence's start, saying what they have
            rf"(?:^|[.!?;:]\s*)(?:{owned})\s+(?:has|had|is|was|got|gets|came|showed)\b",
        ]
        if shared.get("third_person_things"):
            third.append(rf"{B}(?:my|our|his|her|their|the|your|a)\s+(?:\w+\s+)?(?:{alt(shared['third_person_things'])}){E}")
        self._third = regex("|".join(third))
        # "my pregnant friend": a term between a possessive and a relation describes that person.
        self._possessive_end = regex(rf"{B}(?:my|our|his|her|their|your|ur)\s+(?:\w+\s+)?$")
        self._relation_next = regex(rf"\s*{rel}")
        # "a pregnant woman", "the breastfeeding mum": an article, the term, then the person it describes.
        self._article_end = regex(rf"{B}(?:a|an|the|this|that)\s+$")
        kinds = "|".join(re.escape(w) for w in words(shared.get("kinds_of_person"))) or "person"
        opening = _SELF_OPENING.format(fillers="|".join(re.escape(w) for w in words(shared.get("self_fillers")))
                                       or r"(?!x)x")
        # the user describing themself ("im a 45 year old man", "as a new mom"): the person named is the user
        self._self = regex(rf"{B}{opening}(?:(?!(?:of|with|for|to|who|whose|and|than|like|whom|at|from)\s)"
                           r"[a-z0-9]+\s+){0,4}$")
        # ...or an article, a term and a kind of person or a relation ("a friend of a pregnant woman")
        self._person_next = regex(rf"\s+(?:\w+\s+)?(?P<who>{rels}|{owned}|{kinds})s?{E}")
        # the user says which kind of person they are ("as a woman with lupus"): a situational cue is theirs
        self._self_person = regex(rf"{B}{opening}(?:[a-z0-9]+\s+){{0,4}}?(?:{kinds}){E}")
        self._joined_after = maybe(shared.get("joined_after"))
        # "asking for my friend" (not the idiom "asking for a friend", often the user): a general message
        self._for_someone = regex(rf"{B}(?:asking|ask|asked|enquiring|checking)\s+(?:for|on\s+behalf\s+of)"
                                  rf"\s+(?:my|our)\s+{rel}")
        self._objects = frozenset(words(shared.get("object_before")))
        self._performer_verb = maybe(shared.get("performer_verbs"), r"\s+(?:\w+\s+){0,2}?(?:", rf"){E}")

    def third_person(self, msg: Message, hit: Hit, hits: list[Hit], before: str) -> bool:
        """True when the last subject before the term is someone else."""
        # A clause with no subject of its own ("..., face swelling and all") takes the subject of the
        # sentence before it, when that part already spoke of a health matter.
        subject = self._subject(_unquoted(msg, hit.cstart, hit.start), hit.rules)  # not "a 'bring a friend' deal"
        if subject is None and hit.sstart < hit.cstart and _RELATIVE.match(before):
            # "my friend, who is 30 weeks pregnant, ...": the clause is about the person just named, an object
            # too ("the serum i bought for my dad, who had prostate cancer")
            subject = self._subject(msg.norm[hit.sstart:hit.cstart].rstrip(" ,") + " who", hit.rules)
        if subject is None and hit.sstart < hit.cstart:
            earlier = any(hit.sstart <= h.start < hit.cstart for h in hits) or any(
                hit.sstart <= pos < hit.cstart for pos in msg.health)
            if earlier:
                subject = self._subject(msg.norm[hit.sstart:hit.cstart], hit.rules)
        return subject == "third" and not self._carer_pronoun(msg, hit, before)

    def _carer_pronoun(self, msg: Message, hit: Hit, before: str) -> bool:
        """Tell whether the third person is a pronoun taking up the flag's carer, the only person named earlier in
        the sentence, in an earlier clause or in its own ("im home with the baby, shes still nursing", "i had my
        baby in may and shes still breastfed": the baby nurses from the user)."""
        last = max(self._third.finditer(before), key=lambda m: m.start(), default=None)
        if not hit.rules.carers or last is None or not _PRONOUN.fullmatch(last.group()):
            return False
        named = list(self._third.finditer(msg.norm, hit.sstart, hit.cstart + last.start()))
        words = [_WORD.findall(m.group())[-1] for m in named if m.lastgroup in ("rel", "rel2")]
        return bool(named) and len(words) == len(named) and all(
            w in hit.rules.carers or w[:-1] in hit.rules.carers for w in words)

    def _subject(self, text: str, rules: FlagRules) -> str | None:
        """Return "first" or "third" for the last person named in text, or None."""
        last_third = -1
        for m in self._third.finditer(text):
            if m.lastgroup in ("rel", "rel2") and self._not_a_subject(text, m, rules):
                continue
            if self._performs(text, m, rules) or self._self_described(text, m):
                continue
            last_third = m.start()
        last_first = -1
        for m in self._first.finditer(text):
            last_first = m.start()
        if last_third < 0 and last_first < 0:
            return None
        # A tie is the same "my" opening a third person ("my cat", "my tomato plants").
        return "third" if last_third >= last_first else "first"

    def _not_a_subject(self, text: str, m: re.Match[str], rules: FlagRules) -> bool:
        """A relation is no third person when it is an object ("nursing my baby") or, for this flag, a carer."""
        named = _WORD.findall(m.group())
        if named and (named[-1] in rules.carers or named[-1].rstrip("s") in rules.carers):
            return True
        prev = _LAST_WORD.search(text, 0, m.start())
        if prev is None or prev.group(1) not in self._objects:
            return False
        return not _DESCRIBED.fullmatch(text, m.end())

    def _self_described(self, text: str, m: re.Match[str]) -> bool:
        """A person the user says they are ("im a 45 year old man", "as a mum") is no third person."""
        named = _WORD.findall(m.group())
        if not named:
            return False
        last = m.start() + m.group().rfind(named[-1])
        if named[-1] in _PARENTS and _SELF_PARENT_ALONE.fullmatch(text, 0, last):
            return True
        return bool(self._self.search(text, 0, last))

    @staticmethod
    def parent_self(before: str) -> bool:
        """Tell whether a clause opens with the user naming themself a parent, with no article ("new mum with ...")."""
        return bool(_SELF_PARENT_NAMED.match(before))

    def _performs(self, text: str, m: re.Match[str], rules: FlagRules) -> bool:
        """A practitioner doing it to the user ("they did a peel", "my derm lasered") is no third person."""
        named = _WORD.findall(m.group())
        return bool(named and self._performer_verb and named[-1] in rules.performers
                    and self._performer_verb.match(text, m.end()))


def _unquoted(msg: Message, start: int, end: int) -> str:
    """Return ``msg.norm[start:end]`` with the words inside double quotes blanked (the same length)."""
    if '"' not in msg.norm_q:
        return msg.norm[start:end]
    return _QUOTED_SPAN.sub(lambda m: " " * len(m.group()), msg.norm_q)[start:end]
