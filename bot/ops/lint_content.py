"""`exobot lint` checks for the conversation content: short answers, leads, refusals, manners.

Each check takes the loaded engine and returns a list of problems (empty when the content is fine).
"""

from __future__ import annotations

import re

import jinja2

from bot.engine import Engine, callbacks
from bot.engine.render import to_plain

#: Longest short answer (answers/short/<id>.j2), in characters.
MAX_SHORT_CHARS = 320
#: Longest out-of-scope reply, in characters.
MAX_REFUSAL_CHARS = 350
#: An answer at least this long must open with a bold one-sentence answer.
LEAD_FROM_CHARS = 400
#: Longest opening sentence, in characters.
MAX_LEAD_CHARS = 230
#: Fixed replies the manners need.
MANNER_TEMPLATES = ("system/repeat.j2", "system/repeat_again.j2", "system/also.j2", "system/no_idea.j2")
_LEAD = re.compile(r"<b>(?P<lead>[^<]+)</b>")
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z])")


def _knowledge(engine: Engine) -> list[str]:
    """Return the ids of the knowledge intents whose full answer renders (lint reports the others)."""
    ids = []
    for intent_id, intent in engine.intents.items():
        try:
            if intent.kind == "knowledge" and engine.answer_text(intent_id):
                ids.append(intent_id)
        except jinja2.TemplateError:
            continue
    return ids


def short_answer_problems(engine: Engine) -> list[str]:
    """Every knowledge answer has a short, plain variant in answers/short/ that renders and is shorter."""
    from bot.ops.lint import FOOTER_TEMPLATE, FORBIDDEN, html_problems

    problems: list[str] = []
    footer = engine.renderer.render(FOOTER_TEMPLATE)
    for intent_id in _knowledge(engine):
        name = f"short/{intent_id}.j2"
        try:
            text = engine.renderer.render(name)
        except jinja2.TemplateNotFound:
            problems.append(f"{intent_id}: no short answer answers/{name}")
            continue
        except jinja2.TemplateError as exc:
            problems.append(f"{intent_id}: short answer does not render: {exc}")
            continue
        plain = to_plain(text.replace(footer, ""))
        if len(plain) > MAX_SHORT_CHARS or len(text) >= len(engine.answer_text(intent_id)):
            problems.append(f"{intent_id}: short answer is {len(plain)} characters (max {MAX_SHORT_CHARS}, "
                            "and shorter than the full answer)")
        problems += [f"{intent_id}: short answer: {p}" for p in html_problems(text)]
        if said := FORBIDDEN.search(plain):
            problems.append(f"{intent_id}: short answer says {said.group(0)!r}")
        if engine.intents[intent_id].health and footer not in text:
            problems.append(f"{intent_id}: short health answer lacks the not-medical-advice footer")
    return problems


def lead_problems(engine: Engine) -> list[str]:
    """Every long knowledge answer opens with a bold one-sentence answer."""
    problems: list[str] = []
    for intent_id in _knowledge(engine):
        text = engine.answer_text(intent_id)
        if len(text) < LEAD_FROM_CHARS:
            continue
        found = _LEAD.match(text)
        if found is None:
            problems.append(f"{intent_id}: a long answer must open with a bold one-sentence answer")
            continue
        lead = found.group("lead").strip()
        if len(lead) > MAX_LEAD_CHARS or _SENTENCE_END.search(lead) or not lead.endswith((".", "?", "!")):
            problems.append(f"{intent_id}: the opening answer must be one sentence of at most {MAX_LEAD_CHARS} "
                            f"characters: {lead[:60]!r}")
    return problems


def refusal_problems(engine: Engine) -> list[str]:
    """Out-of-scope intents have a short reply and are never follow-ups, menu entries or flows."""
    problems: list[str] = []
    refusals = engine.reader.out_of_scope
    offered = {b.data for b in engine.menu}
    for intent_id in sorted(refusals):
        intent = engine.intents[intent_id]
        try:
            text = engine.answer_text(intent_id)
        except jinja2.TemplateError:
            continue  # reported by lint itself
        if len(text) > MAX_REFUSAL_CHARS:
            problems.append(f"{intent_id}: refusal is {len(text)} characters (max {MAX_REFUSAL_CHARS})")
        if intent.related or intent.flow or intent.health:
            problems.append(f"{intent_id}: an out-of-scope intent takes no follow-ups, flow or health footer")
        if callbacks.answer(intent_id) in offered:
            problems.append(f"{intent_id}: an out-of-scope intent is in the menu")
    for intent in engine.intents.values():
        for related in set(intent.related) & refusals:
            problems.append(f"{intent.id}: follow-up {related!r} is out of scope")
    return problems


def manner_problems(engine: Engine) -> list[str]:
    """The intents and templates that intents/manners.yml names exist, and chat intents stand alone."""
    rules = engine.manners.rules
    problems: list[str] = []
    for name, intent_id in (("acknowledge_intent", rules.acknowledge_intent),
                            ("simpler_intent", rules.simpler_intent), ("normal_intent", rules.normal_intent)):
        if intent_id not in engine.intents:
            problems.append(f"manners.yml: {name} {intent_id!r} is not an intent")
    for intent_id in (rules.acknowledge_intent, rules.simpler_intent):
        if intent_id in engine.intents and not engine.intents[intent_id].alone:
            problems.append(f"{intent_id}: must be marked 'alone: true' (never answered beside a topic)")
    for topic in sorted(rules.reaction_topics - set(engine.intents)):
        problems.append(f"manners.yml: reaction topic {topic!r} is not an intent")
    problems += [f"manners: template answers/{t} is missing" for t in MANNER_TEMPLATES
                 if not engine.renderer.exists(t)]
    return problems


def refinement_problems(engine: Engine) -> list[str]:
    """An intent that narrows others down names intents exosome questions are labelled with."""
    problems: list[str] = []
    for intent in engine.intents.values():
        for parent in intent.refines:
            if parent not in engine.intents or engine.intents[parent].kind != "knowledge":
                problems.append(f"{intent.id}: refines {parent!r}, which is not a knowledge intent")
    return problems


CHECKS = (short_answer_problems, lead_problems, refusal_problems, manner_problems, refinement_problems)


def content_problems(engine: Engine) -> list[str]:
    """Run every conversation-content check."""
    return [problem for check in CHECKS for problem in check(engine)]
