"""Typed answers read by meaning: every line of data/flows through the real engine at its question,
and the reading rules one by one (negation, hedges, typos, languages, answers that state the content)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.engine import Engine
from bot.engine.flows import typed
from bot.ops import evaluate

DATA = Path(__file__).resolve().parent.parent / "data" / "flows"
SETS = ("typed_answers_tune.tsv", "typed_answers_measure.tsv")


@pytest.fixture(scope="module")
def figures(engine: Engine) -> evaluate.TypedFigures:
    """Run both parts of the typed-answer set (720 lines) at their questions."""
    rows = [row for name in SETS for row in evaluate.read_typed(DATA / name)]
    return evaluate.eval_typed(rows, engine)


def test_the_typed_answer_set_covers_every_question(figures: evaluate.TypedFigures, engine: Engine) -> None:
    assert figures.total == 720
    steps = {f"{flow.id}:{step.id}" for flow in engine.flows.flows.values() for step in flow.steps}
    assert set(figures.by_step) == steps


def by_step(figures: evaluate.TypedFigures, outcome: str) -> dict[str, int]:
    """Count one outcome per question: figures only, never the lines (the measure part stays unread)."""
    return {step: counts[outcome] for step, counts in sorted(figures.by_step.items()) if counts[outcome]}


def test_no_typed_answer_of_the_tuning_part_is_recorded_wrong(engine: Engine) -> None:
    fig = evaluate.eval_typed(evaluate.read_typed(DATA / SETS[0]), engine)
    assert fig.counts[evaluate.WRONG] == 0, [m for m in fig.misses if m.startswith("wrong")]
    # 427 of 432: "probably not" is proposed as a no since blind11 (this set's writer recorded not sure,
    # later writers a no: where writers disagree the reader asks back), and so are "not that I know of" and
    # "not to my knowledge" since blind13 (this set's writer and most others record a no, some a not sure)
    assert fig.share(evaluate.RIGHT) >= 0.988, fig.misses


#: Measured on the measure-only part, which is never read: a handful of lines still come out wrong
#: (6 on the flows branch; 7 once merged with the new risk detector: one more at the cancer question;
#: 5 after issue 9's second pass, the careful reader; 3 after the fourth pass, with blind8).
MEASURE_WRONG_NOW = 3
#: Both parts together, recorded right, at the end of that pass (688 of 720).
BOTH_RIGHT_NOW = 0.955


@pytest.mark.xfail(strict=True, reason=f"issue 9 target not met yet: {MEASURE_WRONG_NOW} measure-part lines wrong")
def test_no_typed_answer_is_recorded_wrong(figures: evaluate.TypedFigures) -> None:
    assert figures.counts[evaluate.WRONG] == 0, by_step(figures, evaluate.WRONG)


def test_recorded_wrong_never_grows(figures: evaluate.TypedFigures) -> None:
    assert figures.counts[evaluate.WRONG] <= MEASURE_WRONG_NOW, by_step(figures, evaluate.WRONG)


def test_at_least_95_percent_of_typed_answers_are_recorded_right(figures: evaluate.TypedFigures) -> None:
    assert figures.share(evaluate.RIGHT) >= BOTH_RIGHT_NOW, dict(figures.counts)


def test_the_check_notices_a_wrong_answer() -> None:
    fig = evaluate.TypedFigures(total=10)
    fig.counts.update({evaluate.RIGHT: 9, evaluate.WRONG: 1})
    assert len(evaluate.check_typed(fig)) == 2


def read(engine: Engine, flow_id: str, step_id: str, text: str, risk: bool = False) -> typed.Reading:
    """Read a message at one question, with nothing else going on."""
    flow = engine.flows.flows[flow_id]
    return engine.flows.reader.read(flow, flow.step(step_id), text, {}, risk=risk)


def value(engine: Engine, flow_id: str, step_id: str, text: str) -> str | None:
    """Return the value the message surely gives the question, or None."""
    reading = read(engine, flow_id, step_id, text)
    return reading.value if reading.kind == typed.ANSWER else None


@pytest.mark.parametrize("text, expected", [
    ("definitely not", "no"), ("certainly not", "no"), ("of course not", "no"), ("absolutely not!", "no"),
    ("nothing of the sort", "no"), ("i don't think so", "no"), ("not that I can see", "no"),
    ("definitely", "yes"), ("of course, they show it", "yes"), ("not true", "no"),
])
def test_negation_with_scope_and_emphasis(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "checklist", "manufacturing", text) == expected


# "I think so" alone leans yes: a yes to confirm at a criterion (tests/test_typed_blind9.py has the policy);
# "probably not" leans no: a no to confirm (tests/test_typed_blind11.py).
@pytest.mark.parametrize("text", ["maybe", "beats me", "unclear from the box", "possibly", "who knows",
                                  "no clue tbh", "hard to say"])
def test_hedges_are_not_sure(engine: Engine, text: str) -> None:
    assert value(engine, "checklist", "characterization", text) == "unsure"


@pytest.mark.parametrize("step, text, expected", [
    ("manufacturing", "yess", "yes"), ("manufacturing", "nto sure", "unsure"), ("manufacturing", "nopeee", "no"),
    ("characterization", "particel size 80-120nm listed", "yes"), ("source", "humna cells", "human"),
    ("source", "plnat based", "plant"),
])
def test_typos(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "checklist", step, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("oui", "yes"), ("sí", "yes"), ("sim", "yes"), ("ja", "yes"), ("claro que sí", "yes"),
    ("non", "no"), ("nein", "no"), ("não", "no"), ("nee", "no"), ("nej", "no"), ("pas du tout", "no"),
    ("no tengo idea", "unsure"), ("keine Ahnung", "unsure"), ("je ne sais pas", "unsure"),
])
def test_yes_no_words_of_common_european_languages(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "checklist", "evidence", text) == expected


@pytest.mark.parametrize("step, text, expected", [
    ("characterization", "the label lists CD9 and CD63", "yes"),
    ("characterization", "it only says exosome complex", "no"),
    ("third_party", "the batch number links to a COA from a third party lab", "yes"),
    ("third_party", "it says dermatologist tested", "no"),
    ("stability", "amber glass, cold chain shipping, use within 30 days of opening", "yes"),
    ("evidence", "they link a randomized trial in a dermatology journal", "yes"),
    ("evidence", "just before and after pics on insta", "no"),
    ("manufacturing", "it says proprietary process, nothing more", "no"),
])
def test_an_answer_that_states_the_content_counts(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "checklist", step, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("fibroblast conditioned media", "human"), ("adipose stem cells", "human"), ("equine", "animal"),
    ("sheep placenta", "animal"), ("grape stem cells", "plant"), ("ginseng", "plant"),
    ("the label just says exosomes", "not_stated"), ("nope", "not_stated"), ("no idea", "unsure"),
])
def test_the_source_question_reads_cell_types(engine: Engine, text: str, expected: str) -> None:
    assert value(engine, "checklist", "source", text) == expected


@pytest.mark.parametrize("text", ["yes", "yeah it's on the back somewhere", "stem cells"])
def test_a_yes_at_the_source_question_asks_which(engine: Engine, text: str) -> None:
    assert read(engine, "checklist", "source", text).kind == typed.ASK_WHICH


@pytest.mark.parametrize("step, text, expected", [
    ("pregnancy", "no but trying", "yes"), ("pregnancy", "doing ivf right now", "yes"),
    ("pregnancy", "i'm a guy lol", "no"), ("breastfeeding", "still nursing", "yes"),
    ("breastfeeding", "weaned him last month", "no"), ("cancer", "had a melanoma removed 2 years ago", "yes"),
    ("cancer", "i had a tumor but it was benign", "no"),
    ("cancer", "dad had leukemia", None), ("cancer", "mum has breast cancer, not me", "no"),
    ("infection", "had a staph infection in 2021, long gone", "no"),
    ("actives", "i'm on retinol nightly", "yes"), ("actives", "I stopped my tret 3 weeks ago", "no"),
    ("procedure", "laser last friday", "yes"), ("procedure", "3 weeks ago I had a fraxel", "no"),
    ("procedure", "Nope, but I have a peel booked for next week.", "no"),
])
def test_the_persons_own_risk_in_their_words(engine: Engine, step: str, text: str, expected: str) -> None:
    assert value(engine, "screening", step, text) == expected


def test_details_of_a_procedure_are_kept_for_the_follow_ups(engine: Engine) -> None:
    reading = read(engine, "screening", "procedure", "yes - co2 laser, 8 days ago")
    assert reading.value == "yes" and reading.details == {"procedure_type": "laser", "procedure_when": "d4_14"}
    assert read(engine, "screening", "procedure", "had laser on friday").details == {"procedure_type": "laser"}


@pytest.mark.parametrize("flow_id, step, text", [
    ("checklist", "price_value", "yes but the packaging is also very fancy"),
    ("checklist", "stability", "opaque pump"),
    ("checklist", "price", "expensive"),
    ("screening", "procedure", "had a hydrafacial last week"),
    ("screening", "cancer", "i'm cancer free"),
    ("screening", "sensitive", "a bit"),
    ("screening", "procedure", "laser on friday"),  # last friday, or the coming one?
])
def test_an_unclear_answer_is_proposed_back_never_recorded(engine: Engine, flow_id: str, step: str, text: str) -> None:
    assert read(engine, flow_id, step, text).kind == typed.CONFIRM


@pytest.mark.parametrize("step, text", [
    ("cancer", "what does malignancy mean?"), ("infection", "what is a cold sore"),
    ("infection", "what counts as a weakened immune system?"), ("pregnancy", "wait what does conceive mean"),
    ("infection", "i'm diabetic, does that count?"), ("breastfeeding", "why are you asking?"),
])
def test_a_question_about_the_question_is_explained(engine: Engine, step: str, text: str) -> None:
    reading = read(engine, "screening", step, text, risk=True)
    assert reading.kind == typed.ABOUT and reading.text


@pytest.mark.parametrize("text, kind", [
    ("Glow Lab Exo Serum", typed.ANSWER), ("its called Veridane Exosome Recovery Ampoule", typed.ANSWER),
    ("no", typed.NOT_NAME), ("yes", typed.NOT_NAME), ("idk", typed.CONFIRM), ("what?", typed.ABOUT),
    ("the one from tiktok, with the dropper", typed.NOT_NAME), ("It's $120", typed.PRICE_HERE),
    ("rather not say", typed.SKIP), ("how much do these usually cost?", typed.QUESTION),
])
def test_the_product_name_question_takes_only_names(engine: Engine, text: str, kind: str) -> None:
    assert read(engine, "checklist", "product", text).kind == kind


def test_the_name_is_kept_without_its_lead_in(engine: Engine) -> None:
    assert value(engine, "checklist", "product", "hmm the bottle says Skinova Bio Exosome Essence 30ml") == (
        "Skinova Bio Exosome Essence 30ml")


@pytest.mark.parametrize("text, expected", [
    ("two hundred dollars", "high"), ("a hundred and twenty", "mid"), ("thirty quid", "low"), ("$50 exactly", "mid"),
    ("over $150", "high"), ("less than 50 bucks", "low"), ("it was a gift so no clue", "skip"),
    ("between 40 and 60 i think", None), ("under 150", None),
])
def test_prices_in_words_and_ranges(engine: Engine, text: str, expected: str | None) -> None:
    reading = read(engine, "checklist", "price", text)
    got = "skip" if reading.kind == typed.SKIP else reading.value if reading.kind == typed.ANSWER else None
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("72 hours ago", "d0_3"), ("four days back", "d4_14"), ("il y a un mois", "over_14"), ("last night", "d0_3"),
    ("a couple of weeks ago", None), ("less than a week", None), ("in a month", None), ("sunday", None),
])
def test_times_in_words(engine: Engine, text: str, expected: str | None) -> None:
    assert value(engine, "screening", "procedure_when", text) == expected


def test_the_word_lists_are_data_the_engine_is_given(engine: Engine) -> None:
    assert value(engine, "screening", "pregnancy", "nein") == "no"  # builds the step's word index
    assert "nein" in {w for words, _, _ in engine.flows.lexicon.entries("screening:pregnancy") for w in words}
    assert engine.flows.lexicon.problems == []


def test_exobot_eval_reads_a_typed_answer_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bot.cli import main

    sample = tmp_path / "typed.tsv"
    sample.write_text("# flow\tstep\ttyped answer\texpected\n"
                      "screening\tpregnancy\tof course not\tno\n"
                      "checklist\tproduct\tno\t?\n"
                      "checklist\tsource\tgrape\tplant\n", encoding="utf-8")
    assert main(["eval", "--typed", str(sample), "--strict"]) == 0
    out = capsys.readouterr().out
    assert "Typed answers: 3" in out and "recorded right    100.0%  (3)" in out and "Targets: all met" in out


@pytest.mark.parametrize(("today", "right"), [("2026-12-02", True), ("2026-12-30", False)])
def test_exobot_eval_counts_typed_dates_from_the_day_given(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                           today: str, right: bool) -> None:
    from bot.cli import main
    from bot.engine.flows import clock
    from tests.conftest import WRITTEN

    sample = tmp_path / "typed.tsv"
    sample.write_text("screening\tprocedure_when\tnov 30\td0_3\n", encoding="utf-8")
    try:
        main(["eval", "--typed", str(sample), "--today", today])
    finally:
        clock.pin(WRITTEN)  # the suite's own pin (conftest.written_day)
    out = capsys.readouterr().out
    assert ("recorded right    100.0%  (1)" in out) is right, out
    assert main(["eval", "--typed", str(sample), "--today", "30/11"]) != 0  # not a date: an error, not a guess


@pytest.mark.parametrize(("text", "expected"), [
    ("i had a scare", None), ("just a scare", None), ("i had a cancer scare", None),  # how did it end? asked back
    ("cervical cancer scare but it was nothing", "no"), ("had a scare last year but the biopsy was clear", "no"),
    ("skin cancer scare but biopsy came back benign", "no"), ("cancer scare, turned out fine", "no"),
])
def test_a_cancer_scare_is_no_only_when_the_answer_says_how_it_ended(engine: Engine, text: str,
                                                                     expected: str | None) -> None:
    assert value(engine, "screening", "cancer", text) == expected
    if expected is None:
        assert read(engine, "screening", "cancer", text).kind != typed.ANSWER
