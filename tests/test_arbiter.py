"""The intent classifier: its fit, its exact leave-one-out, its training data, and its say over a reading."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import bot.nlu.reader as reader_module
from bot.engine import Engine
from bot.engine.conversation import ANSWER, FALLBACK
from bot.nlu.arbiter import arbitrate
from bot.nlu.semantic import (
    DIMENSIONS,
    RIDGE_PENALTY,
    WORD_COLUMNS,
    WORD_WEIGHT,
    features,
    ridge_classifier,
    word_columns,
    word_part,
)
from bot.nlu.thresholds import THRESHOLDS
from bot.nlu.verdict import Match

ROOT = Path(__file__).resolve().parents[1]
T = {t.name: t.value for t in THRESHOLDS}
REFUSALS = frozenset({"oos_skincare_general"})
KNOWLEDGE = frozenset({"price", "worth_it", "evidence", "storage_stability"})
COVERED = KNOWLEDGE | {"start_screening"}


def match(outcome: str, intent: str | None, suggestions: tuple[str, ...] = (), in_domain: bool = True) -> Match:
    return Match(outcome, intent, 50.0, suggestions, (), in_domain)


def scores(**kw: float) -> dict[str, float]:
    base = dict.fromkeys(COVERED | REFUSALS, 0.0)
    base.update(kw)
    return base


def judge(m: Match, learned: dict[str, float]) -> Match:
    return arbitrate(m, learned, T, REFUSALS, KNOWLEDGE, COVERED)


# -- the rules, one by one ------------------------------------------------------------------------------------

def test_when_both_agree_the_reading_stands() -> None:
    m = match("answer", "price")
    assert judge(m, scores(price=0.9)) is m


def test_a_clear_lead_answers_a_close_call_in_a_message_about_skincare() -> None:
    verdict = judge(match("suggest", "price", ("price", "worth_it")), scores(evidence=1.2, price=0.7))
    assert (verdict.outcome, verdict.intent) == ("answer", "evidence")


def test_a_clear_lead_never_answers_a_topic_in_a_message_without_a_skincare_word() -> None:
    verdict = judge(match("fallback", None, in_domain=False), scores(evidence=1.9, price=0.2))
    assert verdict.outcome != "answer"


@pytest.mark.parametrize(("lead", "answered"), [(0.5, True), (0.1, False)])
def test_without_a_skincare_word_a_flow_is_answered_only_from_a_clear_lead(lead: float, answered: bool) -> None:
    verdict = judge(match("fallback", None, in_domain=False), scores(start_screening=1.2, evidence=1.2 - lead))
    assert (verdict.outcome == "answer" and verdict.intent == "start_screening") is answered


def test_a_clear_lead_for_a_refusal_refuses_even_without_a_skincare_word() -> None:
    verdict = judge(match("fallback", None, in_domain=False), scores(oos_skincare_general=1.3))
    assert (verdict.outcome, verdict.intent) == ("answer", "oos_skincare_general")


def test_a_close_call_without_a_skincare_word_needs_a_wider_lead() -> None:
    close = judge(match("suggest", "price", ("price", "worth_it"), in_domain=False), scores(worth_it=0.95, price=0.8))
    clear = judge(match("suggest", "price", ("price", "worth_it"), in_domain=False), scores(worth_it=1.2, price=0.8))
    assert close.outcome == "suggest" and (clear.outcome, clear.intent) == ("answer", "worth_it")


def test_a_close_call_offering_the_classifier_s_choice_is_answered() -> None:
    verdict = judge(match("suggest", "price", ("price", "worth_it")), scores(worth_it=0.95, price=0.8))
    assert (verdict.outcome, verdict.intent) == ("answer", "worth_it")


def test_a_weak_choice_does_not_settle_a_close_call() -> None:
    verdict = judge(match("suggest", "price", ("price", "worth_it")), scores(worth_it=0.5, price=0.4))
    assert verdict.outcome == "suggest"


def test_an_answer_the_classifier_contradicts_becomes_a_did_you_mean_of_both() -> None:
    verdict = judge(match("answer", "price"), scores(worth_it=0.9, price=0.7))
    assert (verdict.outcome, verdict.suggestions) == ("suggest", ("worth_it", "price"))


def test_an_answer_the_classifier_clearly_contradicts_gives_way_to_its_topic() -> None:
    verdict = judge(match("answer", "price"), scores(worth_it=1.2, price=0.85))
    assert (verdict.outcome, verdict.intent, verdict.suggestions) == ("answer", "worth_it", ())


@pytest.mark.parametrize("m", [match("answer", "price", in_domain=False),  # no skincare word: only questioned
                               match("answer", "start_screening")])  # a flow the rules chose stands
def test_only_a_topic_answered_in_a_message_about_skincare_gives_way(m: Match) -> None:
    verdict = judge(m, scores(worth_it=1.2, price=0.6))
    assert (verdict.outcome, verdict.intent) != ("answer", "worth_it")


def test_a_refusal_leading_the_classifier_never_overrules_an_answer() -> None:
    verdict = judge(match("answer", "price"), scores(oos_skincare_general=1.3, price=0.7))
    assert verdict.intent != "oos_skincare_general"


def test_the_welcome_text_s_example_question_is_answered(engine: Engine) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    assert engine.analyse("is a $300 exosome serum worth it?").intent == "worth_it"


def test_a_flow_or_a_refusal_the_rules_chose_is_never_questioned() -> None:
    for chosen in ("start_screening", "oos_skincare_general"):
        m = match("answer", chosen)
        assert judge(m, scores(worth_it=0.9)) is m


def test_the_classifier_s_topic_joins_a_did_you_mean() -> None:
    verdict = judge(match("suggest", "price", ("price", "worth_it", "evidence")),
                    scores(storage_stability=0.9, oos_skincare_general=0.85))
    assert verdict.suggestions == ("price", "worth_it", "storage_stability")


def test_a_fallback_about_skincare_offers_the_classifier_s_topics() -> None:
    verdict = judge(match("fallback", None), scores(price=1.0, worth_it=0.97, evidence=0.5))
    assert (verdict.outcome, verdict.suggestions) == ("suggest", ("price", "worth_it"))


def test_a_fallback_without_a_skincare_word_needs_a_stronger_classifier() -> None:
    weak = judge(match("fallback", None, in_domain=False), scores(price=0.9, worth_it=0.85))
    strong = judge(match("fallback", None, in_domain=False), scores(price=1.3, worth_it=1.1))
    assert weak.outcome == "fallback" and strong.outcome == "suggest"


def test_a_clause_read_in_the_message_s_context_is_judged_as_part_of_the_message(
        engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    text = ("so the cheapest exosome products at the drugstore all say things like grape or rice exosomes, "
            "why are plant ones so much cheaper than human ones and do they work the same")
    judged: list[Match] = []
    real = reader_module.arbitrate

    def spy(m: Match, *args: object) -> Match:
        judged.append(m)
        return real(m, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(reader_module, "arbitrate", spy)
    reading = engine.reader.read(text)
    assert judged and judged[-1].in_domain  # the winning clause names no topic word, the message does
    assert (reading.outcome, reading.intent) == ("answer", "plant_derived")


# -- the fit ---------------------------------------------------------------------------------------------------

def test_the_leave_one_out_score_is_the_score_of_a_fit_without_that_example(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    rng = np.random.default_rng(7)
    rows = rng.choice(len(index.vectors), size=60, replace=False)
    texts = [engine.matcher.examples()[row][1] for row in rows]
    vectors, labels = index.vectors[rows], index.rows[rows]
    weights, leverage = ridge_classifier(vectors, texts, labels, len(index.intent_ids))
    held = 11
    keep = np.arange(len(rows)) != held
    refit, _ = ridge_classifier(vectors[keep], [t for t, k in zip(texts, keep, strict=True) if k], labels[keep],
                                len(index.intent_ids))
    x = features(vectors[held:held + 1], texts[held:held + 1])[0]
    own = np.zeros(len(index.intent_ids))
    own[labels[held]] = 1.0
    exact = (x @ weights - leverage[held] * own) / (1.0 - leverage[held])
    assert np.allclose(exact, x @ refit, atol=1e-3)


def test_a_fit_in_blocks_is_the_fit_of_all_rows_at_once(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    texts = [text for _, text in engine.matcher.examples()[:300]]
    x = features(index.vectors[:300], texts)
    onehot = np.eye(len(index.intent_ids))[index.rows[:300]]
    direct = np.linalg.solve(x.T.astype(np.float64) @ x + RIDGE_PENALTY * np.eye(x.shape[1]), x.T @ onehot)
    blocked, _ = ridge_classifier(index.vectors[:300], texts, index.rows[:300], len(index.intent_ids))
    assert np.allclose(blocked, direct, atol=1e-3)


def test_the_words_of_a_message_move_its_scores(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    vector = index.vectors[:1]
    with_words, without = features(vector, ["is it plated or not"])[0], features(vector, [""])[0]
    assert np.array_equal(with_words[:DIMENSIONS], without[:DIMENSIONS])
    assert np.count_nonzero(with_words[DIMENSIONS:-1]) > 0 == np.count_nonzero(without[DIMENSIONS:-1])
    assert np.isclose(np.linalg.norm(with_words[DIMENSIONS:-1]), WORD_WEIGHT)


def test_the_gate_is_the_classifier_fitted_to_the_words_alone(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None or index.gate is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    assert index.gate.shape == (WORD_COLUMNS + 1, len(index.intent_ids))
    words = index.word_scores("options?")
    assert max(words, key=words.__getitem__) == "help"
    assert index.word_scores("options?") == index.word_scores("OPTIONS")  # words, not embeddings


@pytest.mark.parametrize(("text", "embedded"), [("are u a real person", True),
                                                ("book a table for two tonight", False),
                                                ("what's the weather like in lisbon", False)])
def test_a_message_without_a_curated_word_is_embedded_when_its_words_point_to_a_covered_intent(
        engine: Engine, text: str, embedded: bool) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    found = engine.matcher.scores(text)
    assert not found.in_domain and found.specific_share == 0  # the words alone would never embed it
    assert bool(engine.matcher.match(text).nearest) is embedded


@pytest.mark.parametrize(("text", "refusal"), [("does a hydrafacial hurt or is it relaxing", "oos_other_treatment"),
                                               ("messi or ronaldo?", None),  # its words refuse, weakly
                                               ("what foods are high in iron for vegetarians", None)])
def test_a_message_with_a_curated_word_whose_words_refuse_is_not_embedded(
        engine: Engine, text: str, refusal: str | None) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    found = engine.matcher.scores(text)
    assert not found.in_domain and found.specific_share > 0  # a rescue candidate: it used to be embedded
    match = engine.matcher.match(text)
    assert not match.nearest
    assert engine.matcher.decide(found).outcome == FALLBACK  # on its words alone
    if refusal is None:
        assert match.outcome == FALLBACK
    else:
        assert (match.outcome, match.intent) == (ANSWER, refusal)  # its reply says where to go instead
        assert engine.analyse(text).refused


def test_a_message_with_a_curated_word_whose_words_lean_to_a_topic_is_still_embedded(engine: Engine) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    text = "am i talking to an AI right now"
    found = engine.matcher.scores(text)
    assert not found.in_domain and found.specific_share > 0
    assert engine.matcher.match(text).nearest
    assert (engine.analyse(text).outcome, engine.analyse(text).intent) == (ANSWER, "bot_identity")


@pytest.mark.parametrize(("text", "embedded"), [("how long does a monzo transfer take", False),
                                                ("is the price mostly marketing by tiktokers", True),  # two curated
                                                ("is the spotify premium price worth it", True)])  # words lean
def test_a_message_with_a_curated_word_and_a_word_never_seen_is_embedded_only_with_more_to_go_on(
        engine: Engine, text: str, embedded: bool) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    found = engine.matcher.scores(text)
    assert not found.in_domain and found.specific_share > 0 and found.unknown  # a rescue candidate
    assert engine.matcher._refused_on_words(found, text) is None  # not refused on its words either
    assert bool(engine.matcher.match(text).nearest) is embedded


@pytest.mark.parametrize("text", ["is it plated or not", "", "exosomes?? vegan or nah 🌱"])
def test_the_word_part_of_a_score_is_the_features_row_past_the_embedding(engine: Engine, text: str) -> None:
    index = engine.matcher.semantic
    if index is None or index.gate is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    row = features(index.vectors[:1], [text])[0]
    assert np.allclose(row[DIMENSIONS:] @ index.weights[DIMENSIONS:], word_part(index.weights, word_columns(text)),
                       atol=1e-5)
    alone = features(np.zeros((1, 0), dtype=np.float32), [text])[0]
    assert np.allclose(alone @ index.gate, word_part(index.gate, word_columns(text)), atol=1e-5)


def test_a_message_s_scores_are_computed_once_per_fit(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    text = "is a plated exosome serum worth it for dry skin"
    first = index.scores(text)
    assert index.scores(text) is first  # the reader, the risk-topic switch and the context check share it
    kept = index.weights
    try:
        index.weights = kept * 2.0  # a refit, as the folds do
        assert index.scores(text) is not first
    finally:
        index.weights = kept
    assert index.scores(text) == first


def test_word_columns_ignore_case_accents_and_punctuation() -> None:
    assert np.array_equal(word_columns("Is it PLATED?!"), word_columns("is it plated"))
    assert np.array_equal(word_columns("crème"), word_columns("creme"))
    assert not np.array_equal(word_columns("plated or not"), word_columns("not or plated"))  # word pairs count


def test_the_engine_s_leave_one_out_scores_an_example_below_its_own_fit(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    own = index.intent_ids[index.rows[0]]
    text = engine.matcher.examples()[0][1]
    assert index.scores(text, held_out=0)[own] < index.scores(text)[own]


def test_the_classifier_learns_from_the_training_messages_too(engine: Engine) -> None:
    index = engine.matcher.semantic
    if index is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    texts = [text for _, text in engine.matcher.examples()]
    examples_only, _ = ridge_classifier(index.vectors, texts, index.rows, len(index.intent_ids), leverage_rows=0)
    assert not np.allclose(examples_only, index.weights)


# -- the training data -----------------------------------------------------------------------------------------

def test_the_training_file_is_what_its_script_writes_from_the_tuning_parts(tmp_path: Path) -> None:
    out = tmp_path / "training.yml"
    subprocess.run([sys.executable, str(ROOT / "scripts" / "build_training.py"), "--out", str(out)], check=True,
                   capture_output=True)
    assert out.read_text(encoding="utf-8") == (ROOT / "intents" / "training.yml").read_text(encoding="utf-8")


def test_no_measure_part_feeds_the_classifier() -> None:
    script = (ROOT / "scripts" / "build_training.py").read_text(encoding="utf-8")
    assert "_measure" not in script and "measure.tsv" not in script
