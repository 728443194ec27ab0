"""The semantic signal beside the lexical matcher: when it is consulted, how it blends and rescues,
and how the content loader feeds it (switch, cache)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bot.content import semantic as loader
from bot.engine import Engine
from bot.engine.conversation import ANSWER, FALLBACK, SUGGEST
from bot.nlu.intent import Intent
from bot.nlu.matcher import Matcher
from bot.nlu.semantic import DIMENSIONS, SemanticIndex, cache_key, example_texts
from bot.settings import Settings


class StubIndex:
    """Stands in for SemanticIndex: fixed similarities, and a record of what was embedded."""

    def __init__(self, sims: dict[str, float]) -> None:
        self.sims = sims
        self.asked: list[str] = []

    def similarities(self, text: str, held_out: int | None = None) -> dict[str, float]:
        self.asked.append(text)
        return dict(self.sims)

    def word_scores(self, text: str) -> dict[str, float]:
        return {}  # no gate: only the curated words decide what is embedded


@pytest.fixture(scope="module")
def lexical(engine: Engine) -> Matcher:
    return Matcher(engine.intents, engine.vocabulary)


def with_stub(lexical: Matcher, sims: dict[str, float]) -> tuple[Matcher, StubIndex]:
    stub = StubIndex(sims)
    lexical.semantic = stub
    return lexical, stub


@pytest.fixture(autouse=True)
def _reset(lexical: Matcher):
    yield
    lexical.semantic = None


def test_the_shipped_engine_has_the_semantic_signal(engine: Engine) -> None:
    assert isinstance(engine.matcher.semantic, SemanticIndex)
    assert engine.matcher.semantic.vectors.shape == (len(example_texts(engine.intents)), DIMENSIONS)


def test_an_everyday_request_is_refused_without_being_embedded(lexical: Matcher) -> None:
    matcher, stub = with_stub(lexical, {"price": 0.99})
    assert matcher.match("book a table for two tonight").outcome == FALLBACK
    assert stub.asked == []


def test_a_near_duplicate_of_an_example_is_not_embedded(lexical: Matcher) -> None:
    matcher, stub = with_stub(lexical, {"price": 0.99})
    match = matcher.match("what does plated mean")
    assert (match.outcome, match.intent) == (ANSWER, "plated_exosomes")
    assert stub.asked == []


def test_a_message_with_a_domain_word_blends_both_signals(lexical: Matcher) -> None:
    text = "tell me about exosome serum for my mum"
    alone = lexical.match(text)
    assert alone.ranked[0][0] != "worth_it" and "worth_it" in dict(alone.ranked)
    matcher, stub = with_stub(lexical, {"worth_it": 0.95, "what_are_exosomes": 0.5})
    blended = matcher.match(text)
    assert stub.asked == [text]
    assert blended.ranked[0][0] == "worth_it"


def test_the_blend_is_a_weighted_mean_of_the_two_scores(lexical: Matcher) -> None:
    t = lexical.t
    full, half = t["semantic_full"], (t["semantic_zero"] + t["semantic_full"]) / 2
    blended = lexical.blend({"price": 60.0}, {"price": full, "worth_it": half, "evidence": t["semantic_zero"]})
    w = t["semantic_weight"]
    assert blended["price"] == pytest.approx((1 - w) * 60 + w * 100)
    assert blended["worth_it"] == pytest.approx(w * 50)
    assert "evidence" not in blended  # nothing from either signal


def test_no_domain_word_a_close_clear_semantic_match_is_answered(lexical: Matcher) -> None:
    text = "what makes the production so costly"
    assert lexical.match(text).outcome == FALLBACK
    t = lexical.t
    matcher, _ = with_stub(lexical, {"price": t["rescue_answer"] + 0.01,
                                     "worth_it": t["rescue_answer"] - t["rescue_margin"] - 0.01})
    match = matcher.match(text)
    assert (match.outcome, match.intent) == (ANSWER, "price")


def test_no_domain_word_a_close_call_is_only_suggested(lexical: Matcher) -> None:
    t = lexical.t
    matcher, _ = with_stub(lexical, {"price": t["rescue_answer"] + 0.01, "worth_it": t["rescue_answer"] - 0.02})
    match = matcher.match("what makes the production so costly")
    assert match.outcome == SUGGEST and match.suggestions[:2] == ("price", "worth_it")


def test_no_domain_word_a_middling_semantic_match_still_falls_back(lexical: Matcher) -> None:
    t = lexical.t
    matcher, stub = with_stub(lexical, {"price": t["rescue_suggest"] - 0.01})
    assert matcher.match("what makes the production so costly").outcome == FALLBACK
    assert stub.asked  # it was a candidate: it has a curated word


def test_every_intent_is_treated_alike(engine: Engine) -> None:
    """A new intent (an out-of-scope one, say) competes in the blend like any other."""
    intents = dict(engine.intents)
    intents["oos_product_choice"] = Intent("oos_product_choice", "Choosing products",
                                           ("which sunscreen should i buy", "recommend a cleanser"), kind="knowledge")
    matcher = Matcher(intents, engine.vocabulary)
    matcher.semantic = StubIndex({"oos_product_choice": 0.95, "alternatives": 0.5})
    match = matcher.match("recommend a cleanser to go with my exosome serum")
    assert (match.outcome, match.intent) == (ANSWER, "oos_product_choice")


def test_a_text_embedded_twice_in_a_row_runs_the_model_once(engine: Engine) -> None:
    if engine.matcher.semantic is None:
        pytest.skip("needs the semantic signal (EXOBOT_SEMANTIC=off)")
    encoder = engine.matcher.semantic.encoder
    text = "and is it ok to keep the exosome serum in a warm bathroom"
    first = encoder.encode(text)
    assert encoder.encode(text) is first  # the reader embeds a clause alone and in context


def test_an_index_of_other_examples_is_refused(engine: Engine) -> None:
    index = engine.matcher.semantic
    short = SemanticIndex(index.encoder, index.intent_ids, index.vectors[:-1], index.rows[:-1], index.weights,
                          index.leverage[:-1])
    with pytest.raises(ValueError, match="examples"):
        Matcher(engine.intents, engine.vocabulary, semantic=short)


# -- the content loader ------------------------------------------------------------------------------------------

SMALL = {
    "price": Intent("price", "Price", ("why so expensive", "what does it cost")),
    "storage_stability": Intent("storage_stability", "Storage", ("keep it in the fridge", "how to store it")),
}


def test_off_means_lexical_only(tmp_path: Path) -> None:
    env = {"EXOBOT_SEMANTIC": "off", "EXOBOT_CACHE_DIR": str(tmp_path)}
    assert loader.load_semantic(SMALL, Settings.from_env(env)) is None
    assert list(tmp_path.iterdir()) == []


def test_a_missing_model_means_lexical_only(tmp_path: Path) -> None:
    assert loader.load_semantic(SMALL, Settings.from_env({"EXOBOT_CACHE_DIR": str(tmp_path)}), folder=tmp_path) is None


def test_example_embeddings_are_cached_by_a_hash_of_the_content(tmp_path: Path) -> None:
    env = {"EXOBOT_CACHE_DIR": str(tmp_path / "cache")}
    index = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    files = list((tmp_path / "cache").glob("examples-*.npy"))
    assert len(files) == 1 and index.vectors.shape == (4, DIMENSIONS)
    again = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    assert np.array_equal(again.vectors, index.vectors) and not again.encoder.started  # read, not computed
    assert index.similarities("is it ok out of the fridge")["storage_stability"] > 0.4
    changed = dict(SMALL, price=Intent("price", "Price", ("why so pricey", "what does it cost")))
    loader.load_semantic(changed, Settings.from_env(env), memo=False)
    assert len(list((tmp_path / "cache").glob("examples-*.npy"))) == 2  # another key


def test_a_broken_cache_file_is_recomputed(tmp_path: Path) -> None:
    env = {"EXOBOT_CACHE_DIR": str(tmp_path)}
    key = cache_key(loader.model_digest(loader.model_dir()), example_texts(SMALL))
    loader.cache_path(tmp_path, key).write_bytes(b"not an array")
    index = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    assert index.vectors.shape == (4, DIMENSIONS) and index.encoder.started
    assert loader.read_cache(loader.cache_path(tmp_path, key), 4) is not None  # rewritten


def test_the_classifier_s_fit_is_cached_with_the_embeddings(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env = {"EXOBOT_CACHE_DIR": str(tmp_path)}
    index = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    assert len(list(tmp_path.glob("classifier-*.npz"))) == 1

    def no_fit(*args: object, **kwargs: object) -> None:
        raise AssertionError("refitted although the fit was cached")

    monkeypatch.setattr("bot.nlu.semantic.ridge_classifier", no_fit)
    again = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    assert np.array_equal(again.weights, index.weights) and np.array_equal(again.leverage, index.leverage)
    assert again.gate is not None and np.array_equal(again.gate, index.gate)
    assert again.scores("keep it cold?") == index.scores("keep it cold?")


def test_moving_an_example_to_another_intent_is_another_fit(tmp_path: Path) -> None:
    env = {"EXOBOT_CACHE_DIR": str(tmp_path)}
    loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    moved = {"price": Intent("price", "Price", ("why so expensive",)),
             "storage_stability": Intent("storage_stability", "Storage",
                                         ("what does it cost", "keep it in the fridge", "how to store it"))}
    assert example_texts(moved) == example_texts(SMALL)  # the same texts in the same order
    index = loader.load_semantic(moved, Settings.from_env(env), memo=False)
    assert len(list(tmp_path.glob("classifier-*.npz"))) == 2 and list(index.rows) == [0, 1, 1, 1]


def test_a_broken_classifier_cache_is_refitted(tmp_path: Path) -> None:
    env = {"EXOBOT_CACHE_DIR": str(tmp_path)}
    index = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    (cached,) = tmp_path.glob("classifier-*.npz")
    cached.write_bytes(b"not an archive")
    again = loader.load_semantic(SMALL, Settings.from_env(env), memo=False)
    assert np.array_equal(again.weights, index.weights)
    assert loader.read_fit(cached) is not None  # rewritten


def test_an_unwritable_cache_folder_only_costs_time(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    index = loader.load_semantic(SMALL, Settings.from_env({"EXOBOT_CACHE_DIR": str(blocker / "sub")}), memo=False)
    assert index is not None and index.vectors.shape == (4, DIMENSIONS)


@pytest.fixture
def two_cores(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make a handful of texts enough to share out, on two cores."""
    monkeypatch.setattr(loader, "PARALLEL_FROM", 2)
    monkeypatch.setattr(loader.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)


def test_many_texts_are_embedded_by_every_core_to_the_same_vectors(two_cores: None) -> None:
    folder = loader.model_dir()
    encoder = loader.encoder_of(folder)
    texts = ["what are exosomes", "is it safe", "how much does it cost", "plated meaning", "fridge or not?"]
    shared = loader.embed_all(folder, texts, encoder)
    assert np.array_equal(shared, encoder.encode_many(texts))


def test_embedding_falls_back_to_one_process_when_none_can_start(monkeypatch: pytest.MonkeyPatch,
                                                                 two_cores: None) -> None:
    import concurrent.futures

    def no_pool(*args: object, **kwargs: object) -> None:
        raise OSError("no processes here")

    folder = loader.model_dir()
    encoder = loader.encoder_of(folder)
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", no_pool)
    assert loader.embed_all(folder, ["what are exosomes", "is it safe"], encoder).shape == (2, DIMENSIONS)
