"""The blind27 pass over typed answers: the rules in examples of our own.

Each rule comes with a near miss that must keep its old reading. The tuning part of blind27's typed set was
studied; its measure part is only ever counted, in aggregate (the floors: tests/test_typed_floors.py).
"""

from __future__ import annotations

from datetime import date

import pytest

from bot.engine import Engine
from bot.engine.flows import clock, typed
from tests.test_typed_careful import read, value


@pytest.mark.parametrize(("step", "text"), [
    ("pregnancy", "not pregnant"), ("pregnancy", "well im not pregnant lol"),
    ("cancer", "I don't have cancer"), ("cancer", "no cancer"),
    ("actives", "no acids"), ("actives", "no retinol at the moment"),
    ("sensitive", "my skin isn't sensitive"), ("sensitive", "not sensitive"),
])
def test_a_no_to_one_half_of_a_two_part_question_is_asked_back(engine: Engine, step: str, text: str) -> None:
    """"not pregnant" says nothing of trying, "no acids" nothing of retinoids: asked back as a no, never recorded."""
    reading = read(engine, "screening", step, text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "no")


@pytest.mark.parametrize(("step", "text"), [
    ("pregnancy", "nope, not pregnant"), ("pregnancy", "not pregnant, not trying"),
    ("cancer", "no cancer ever"), ("cancer", "never had cancer"),
    ("actives", "no acids no retinoids"), ("sensitive", "no, not sensitive and never reacted"),
])
def test_a_no_to_the_whole_question_is_still_recorded(engine: Engine, step: str, text: str) -> None:
    assert value(engine, "screening", step, text) == "no"  # near misses


@pytest.mark.parametrize("text", ["can't say I've never reacted to something", "cant say i never had a reaction"])
def test_cant_say_never_is_asked_back_as_a_yes(engine: Engine, text: str) -> None:
    reading = read(engine, "screening", "sensitive", text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, "yes")


@pytest.mark.parametrize(("step", "text", "want"), [
    ("procedure_type", "лазер", "laser"), ("procedure_type", "레이저", "laser"),
    ("procedure_when", "vorgestern", "d0_3"), ("procedure_when", "позавчера", "d0_3"),
    ("procedure_when", "too days ago", "d0_3"),
    ("sensitive", "atopic skin since I was a kid", "yes"),
])
def test_more_languages_voice_typing_and_atopic_skin(engine: Engine, step: str, text: str, want: str) -> None:
    assert value(engine, "screening", step, text) == want


def test_last_week_in_chinese_is_counted_from_today(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 3))
    assert value(engine, "screening", "procedure_when", "上周") == "d4_14"  # Thursday 2026-12-03: 4 to 10 days


@pytest.mark.parametrize(("flow_id", "step", "text", "want"), [
    ("screening", "actives", "im on accutane pills, does that count?", "yes"),
    ("checklist", "manufacturing", "the protocol comes from a university lab, does that count?", "yes"),
    ("screening", "actives", "vitamin c serum, does that count?", "no"),
])
def test_an_answer_with_does_that_count_is_asked_back_never_explained(engine: Engine, flow_id: str, step: str,
                                                                      text: str, want: str) -> None:
    """blind28's round: the answer is there; only whether it counts is asked, so it is offered back."""
    reading = read(engine, flow_id, step, text)
    assert (reading.kind, reading.value) == (typed.CONFIRM, want)


def test_does_that_count_alone_is_still_explained(engine: Engine) -> None:
    assert read(engine, "screening", "actives", "does that count?").kind == typed.ABOUT  # near miss


@pytest.mark.parametrize(("text", "want"), [("Botox 10 days ago", "yes"), ("filler 5 days ago", "yes"),
                                            ("dermaplaning 3 days ago", "yes"), ("lol I'm a 52 yo man", None)])
def test_injectables_count_as_a_procedure_and_a_man_is_not_pregnant(engine: Engine, text: str,
                                                                    want: str | None) -> None:
    if want is None:
        assert value(engine, "screening", "pregnancy", text) == "no"
    else:
        assert value(engine, "screening", "procedure", text) == want


@pytest.mark.parametrize(("text", "want"), [("on 1.12", "d0_3"), ("28.11", "d4_14"), ("1.5 weeks ago", "d4_14")])
def test_a_day_and_month_with_a_point_is_a_date_a_decimal_is_not(engine: Engine, monkeypatch: pytest.MonkeyPatch,
                                                                text: str, want: str) -> None:
    monkeypatch.setattr(clock, "today", lambda: date(2026, 12, 3))
    assert value(engine, "screening", "procedure_when", text) == want
