"""The semantic signal: sentence embeddings from an int8 all-MiniLM-L6-v2, nearest example per intent.

The model (``bot/nlu/model/model.onnx``, built by ``scripts/build_model.py``) runs through
onnxruntime and its tokenizer through ``tokenizers``: no torch at run time. Pooling (mean over
the attention mask) and L2 normalisation are inside the ONNX graph, so an embedding's dot
product with another is their cosine similarity.

This module is pure: it never reads a file. The content loader (``bot.content``) reads the
model's bytes, the tokenizer's JSON and any cached example embeddings and passes them in;
the onnxruntime session itself is created lazily, on the first message that needs it.

Every text is embedded on its own (batch of one): int8 activations are quantized per batch,
so padding a text beside longer ones would move its embedding slightly, and an example must
embed exactly as the same words typed as a message do.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np

from bot.nlu.intent import Intent
from bot.nlu.text import fold

#: Embedding width of all-MiniLM-L6-v2.
DIMENSIONS = 384
#: Longer messages are cut to this many word pieces (the model was trained on up to 128;
#: sentence-transformers allows 256, which doubles the cost of the longest messages for little).
MAX_TOKENS = 128
#: Changes whenever the way texts are embedded changes, so old cached embeddings are not reused.
EMBEDDING_VERSION = "minilm-int8-v2"  # v2: exact int8 products on every x86 CPU
#: How many of the latest embedded texts are remembered (the clauses of the message being read).
RECENT = 16
#: Ridge penalty of the intent classifier over the example embeddings (``ridge_classifier``):
#: set by k-fold on the tuning data; 0.01-1 give the same accuracy within a point.
RIDGE_PENALTY = 0.1
#: ``scores`` adds this share of each intent's nearest neighbour (an example or a training message) to the
#: ridge score: the two disagree where a message sits in a small pocket of one intent's phrasings, and in
#: leave-one-writer-out folds the sum put the right intent first 4-9 points more often than ridge alone.
NEIGHBOUR_WEIGHT = 1.0
#: Beside the embedding, the classifier sees the message's words and word pairs, hashed into this many
#: columns: the embedding blurs the few words that decide a topic ("plated", "vegan", "frozen") among the
#: rest of a long message. In leave-one-writer-out folds the block put the right intent first 1.3 points
#: more often (2,048 columns: 1.5, with a fit three times as slow).
WORD_COLUMNS = 1024
#: Weight of the word block: a message's word columns are ``WORD_WEIGHT / sqrt(count)`` each, so the block has
#: this length beside the embedding's length of 1 (0.5 and 0.8 were within 0.3 points in the folds).
WORD_WEIGHT = 0.5
#: Rows per block while fitting: the features of every text are never all in memory at once.
FIT_BLOCK = 1024
#: Changes whenever the classifier's features or its fit change, so an old cached fit is not reused.
FIT_VERSION = f"ridge-words-gate-v2/{WORD_COLUMNS}/{WORD_WEIGHT}/{RIDGE_PENALTY}"


K = TypeVar("K")
V = TypeVar("V")


def remember(memo: dict[K, V], key: K, value: V) -> V:
    """Keep ``value`` under ``key`` in a memo of the RECENT latest entries (the oldest goes first); return it."""
    if key not in memo and len(memo) >= RECENT:
        del memo[next(iter(memo))]
    memo[key] = value
    return value


def example_texts(intents: Mapping[str, Intent]) -> list[str]:
    """Return every example in catalogue order: the rows of the example-embedding matrix."""
    return [example for intent in intents.values() for example in intent.examples]


def training_rows(intents: Mapping[str, Intent], training: Mapping[str, Sequence[str]]) -> list[tuple[str, str]]:
    """Return the classifier-only training messages as (intent, text), for the intents of this catalogue."""
    return [(intent, text) for intent, texts in training.items() if intent in intents for text in texts]


def indexed_texts(intents: Mapping[str, Intent], training: Mapping[str, Sequence[str]]) -> list[str]:
    """Return every text embedded: the examples, then the training messages (the embedding cache's rows)."""
    return example_texts(intents) + [text for _, text in training_rows(intents, training)]


def fit_key(embedding_key: str, intents: Mapping[str, Intent], training: Mapping[str, Sequence[str]]) -> str:
    """Return the key under which the classifier's fit may be cached: the texts' key, and each text's intent."""
    digest = hashlib.sha256(f"{FIT_VERSION}\n{embedding_key}\n".encode())
    for intent in intents.values():
        digest.update(f"{intent.id} {len(intent.examples)}\n".encode())
    for intent_id, _ in training_rows(intents, training):
        digest.update(f"{intent_id}\n".encode())
    return digest.hexdigest()


def word_columns(text: str) -> np.ndarray:
    """Return the hashed columns of a text's words and word pairs (folded: case, accents and punctuation go)."""
    words = fold(text).split()
    grams = {*words, *(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))}
    return np.asarray(sorted({zlib.crc32(g.encode("utf-8")) % WORD_COLUMNS for g in grams}), dtype=np.intp)


def word_part(weights: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """Return the words' and the constant's share of a linear score: ``features @ weights`` past the embedding.

    The same sum as over a ``features`` row, without building it: a message has a few dozen of the 1,025
    columns, and this runs for every message the gate looks at.
    """
    out: np.ndarray = weights[-1].copy()
    if len(columns):
        out += weights[len(weights) - 1 - WORD_COLUMNS + columns].sum(axis=0) * np.float32(
            WORD_WEIGHT / np.sqrt(len(columns)))
    return out


def group_max(best: np.ndarray, rows: np.ndarray, values: np.ndarray) -> None:
    """Raise ``best[rows[i]]`` to ``values[i]`` where that is larger: ``np.maximum.at``, without its slow path.

    Rows grouped by intent (catalogue order, as ``build`` makes them) take one ``reduceat`` per group; the
    maxima are the same numbers either way, as a maximum does not depend on the order it is taken in.
    """
    groups = _groups(rows)
    if groups is None:
        np.maximum.at(best, rows, values)
    elif len(rows):
        starts, targets = groups
        best[targets] = np.maximum(best[targets], np.maximum.reduceat(values, starts))


def _groups(rows: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """Return where each run of equal rows starts and its row, or None when rows are not grouped; kept by array."""
    known = _GROUPS.get(id(rows))
    if known is not None and known[0] is rows:
        return known[1]
    groups = None
    if not len(rows) or bool((rows[1:] >= rows[:-1]).all()):
        starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1]))) if len(rows) else rows[:0]
        groups = starts, rows[starts]
    remember(_GROUPS, id(rows), (rows, groups))
    return groups


#: ``_groups`` of the latest row arrays, by identity (the array is kept, so its id cannot be reused).
_GROUPS: dict[int, tuple[np.ndarray, tuple[np.ndarray, np.ndarray] | None]] = {}


def features(vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
    """Return the classifier's feature rows: each text's embedding, its hashed words, and a constant 1.

    ``vectors`` with no columns gives the words alone (the gate's features, ``SemanticIndex.word_scores``).
    """
    width = vectors.shape[1]
    out = np.zeros((len(texts), width + WORD_COLUMNS + 1), dtype=np.float32)
    out[:, :width] = vectors
    for row, text in enumerate(texts):
        columns = word_columns(text)
        if len(columns):
            out[row, width + columns] = WORD_WEIGHT / np.sqrt(len(columns))
    out[:, -1] = 1.0
    return out


def cache_key(model_digest: str, texts: Iterable[str]) -> str:
    """Return the key under which the example embeddings of ``texts`` may be cached."""
    digest = hashlib.sha256(f"{EMBEDDING_VERSION}\n{model_digest}\n{MAX_TOKENS}\n".encode())
    for text in texts:
        digest.update(text.encode("utf-8") + b"\n")
    return digest.hexdigest()


class Encoder:
    """Embed texts with the int8 MiniLM model; the onnxruntime session starts on first use."""

    def __init__(self, model: bytes, tokenizer_json: str, threads: int = 1) -> None:
        self._model: bytes | None = model
        self._tokenizer_json = tokenizer_json
        self._threads = threads
        self._session: Any = None  # onnxruntime.InferenceSession, started on first use
        self._tokenizer: Any = None  # tokenizers.Tokenizer
        self._recent: dict[str, np.ndarray] = {}

    def _start(self) -> None:
        """Create the tokenizer and the onnxruntime session (once)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_str(self._tokenizer_json)
        tokenizer.no_padding()
        tokenizer.enable_truncation(MAX_TOKENS)
        options = ort.SessionOptions()
        options.intra_op_num_threads = self._threads
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.enable_mem_pattern = False
        # Every run is a batch of one: fixing that dimension lets onnxruntime plan the graph's shapes once.
        # With the memory arena, a run costs about 4-6% less CPU (1.36 against 1.44 ms); the embeddings are bit
        # for bit the same and peak memory is not higher (127 MB either way over the bench's embedded messages).
        options.add_free_dimension_override_by_name("batch", 1)
        # The int8 model's u8s8 products saturate on x86 CPUs without VNNI (AVX2 only), so the same message scored
        # differently there than on a VNNI CPU, and a close call could change sides with the machine; this option
        # makes onnxruntime use its exact (u8u8) kernel on those CPUs and changes nothing where VNNI is present.
        options.add_session_config_entry("session.x64quantprecision", "1")
        self._session = ort.InferenceSession(self._model, options, providers=["CPUExecutionProvider"])
        self._tokenizer = tokenizer
        self._model = None  # onnxruntime holds its own copy; drop ours
        self._tokenizer_json = ""

    @property
    def started(self) -> bool:
        """Whether the model has been loaded."""
        return self._session is not None

    def encode(self, text: str) -> np.ndarray:
        """Return the L2-normalised embedding of one text (float32, DIMENSIONS wide).

        The last few texts are remembered: reading one message embeds a clause more than once
        (on its own and in the message's context), and that should cost one pass of the model.
        """
        recent = self._recent.get(text)
        if recent is not None:
            return recent
        if self._session is None:
            self._start()
        ids = np.asarray([self._tokenizer.encode(text).ids], dtype=np.int64)
        out = self._session.run(None, {"input_ids": ids, "attention_mask": np.ones_like(ids)})[0]
        vector: np.ndarray = out[0].astype(np.float32, copy=False)
        return remember(self._recent, text, vector)

    def encode_many(self, texts: Sequence[str]) -> np.ndarray:
        """Return the embeddings of several texts, one row each (each embedded on its own)."""
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            out[row] = self.encode(text)
        return out


def ridge_classifier(vectors: np.ndarray, texts: Sequence[str], rows: np.ndarray, classes: int,
                     penalty: float = RIDGE_PENALTY, leverage_rows: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Fit a linear intent classifier to the texts and their embeddings: (weights, leverage of the first rows).

    Ridge regression of each intent's one-hot column on the ``features`` (embedding, hashed words, a
    constant), solved in closed form: a fraction of a second, no iterations, the same weights on every
    run. A message's score for an intent is then ``features @ weights`` (about 1 for a typical example
    of it, about 0 for the others). The leverage of the first ``leverage_rows`` texts (all by default)
    lets ``scores`` leave one example out exactly.
    """
    width = vectors.shape[1] + WORD_COLUMNS + 1
    gram = penalty * np.eye(width)
    moments = np.zeros((width, classes), dtype=np.float64)
    for start in range(0, len(texts), FIT_BLOCK):  # block by block: the fit's memory stays a few MB
        x = features(vectors[start:start + FIT_BLOCK], texts[start:start + FIT_BLOCK])
        gram += (x.T @ x).astype(np.float64)
        onehot = np.zeros((len(x), classes), dtype=np.float32)
        onehot[np.arange(len(x)), rows[start:start + FIT_BLOCK]] = 1.0
        moments += (x.T @ onehot).astype(np.float64)
    inverse = np.linalg.inv(gram).astype(np.float32)
    weights = (inverse @ moments.astype(np.float32)).astype(np.float32)
    levered = len(texts) if leverage_rows is None else leverage_rows
    leverage = np.zeros(levered, dtype=np.float32)
    for start in range(0, levered, FIT_BLOCK):
        x = features(vectors[start:min(levered, start + FIT_BLOCK)], texts[start:min(levered, start + FIT_BLOCK)])
        leverage[start:start + len(x)] = np.sum((x @ inverse) * x, axis=1)
    return weights, leverage


@dataclass
class SemanticIndex:
    """Example embeddings grouped by intent, and the nearest example of each intent to a message."""

    encoder: Encoder
    intent_ids: tuple[str, ...]
    #: One row per example (``example_texts`` order), L2-normalised.
    vectors: np.ndarray
    #: Intent of each row, as a position in ``intent_ids``.
    rows: np.ndarray
    #: The ridge classifier (``ridge_classifier``), fitted to the examples and the training messages.
    weights: np.ndarray
    #: Each example's leverage in that fit (for the exact leave-one-out of ``scores``).
    leverage: np.ndarray
    #: The training messages' embeddings and intents: neighbours for ``scores`` beside the examples.
    extra_vectors: np.ndarray | None = None
    extra_rows: np.ndarray | None = None
    #: Weight of the nearest neighbour's cosine in ``scores`` (``NEIGHBOUR_WEIGHT``).
    neighbour_weight: float = 0.0
    #: The same classifier fitted to the words alone: ``word_scores``, which needs no embedding.
    gate: np.ndarray | None = None
    #: Each intent's nearest-example cosine for the latest texts: the matcher and the classifier both need
    #: it for the same message, and it should cost one pass over the examples.
    _recent: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)
    _words: dict[str, np.ndarray] = field(default_factory=dict, init=False, repr=False)
    _scored: dict[str, tuple[np.ndarray, dict[str, float]]] = field(default_factory=dict, init=False, repr=False)

    @classmethod
    def build(cls, encoder: Encoder, intents: Mapping[str, Intent], vectors: np.ndarray | None = None,
              training: Mapping[str, Sequence[str]] | None = None,
              fit: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None) -> SemanticIndex:
        """Index the examples and fit the classifier, embedding every text now unless ``vectors`` are given.

        ``vectors`` has one row per ``indexed_texts`` text: the examples, then the training messages.
        Only the examples are neighbours for ``similarities``; the classifier learns from both.
        ``fit``: the weights, leverage and gate of an earlier fit to the same texts (``fit_key``), or None.
        """
        training = training or {}
        texts = indexed_texts(intents, training)
        if vectors is None or vectors.shape != (len(texts), DIMENSIONS):
            vectors = encoder.encode_many(texts)
        vectors = np.ascontiguousarray(vectors, dtype=np.float32)
        intent_ids = tuple(intents)
        position = {intent_id: n for n, intent_id in enumerate(intent_ids)}
        rows = np.asarray([position[i.id] for i in intents.values() for _ in i.examples], dtype=np.intp)
        extra = np.asarray([position[i] for i, _ in training_rows(intents, training)], dtype=np.intp)
        examples = len(rows)
        shapes = ((DIMENSIONS + WORD_COLUMNS + 1, len(intent_ids)), (examples,), (WORD_COLUMNS + 1, len(intent_ids)))
        if fit is None or tuple(a.shape for a in fit) != shapes:
            labels = np.concatenate([rows, extra])
            weights, leverage = ridge_classifier(vectors, texts, labels, len(intent_ids), leverage_rows=examples)
            gate, _ = ridge_classifier(vectors[:, :0], texts, labels, len(intent_ids), leverage_rows=0)
            fit = weights, leverage, gate
        weights, leverage, gate = fit
        # Views of one matrix: the embedding cache's memo (bot.content.semantic) holds the same rows.
        return cls(encoder, intent_ids, vectors[:examples], rows, weights, leverage,
                   vectors[examples:], extra, NEIGHBOUR_WEIGHT, gate)

    def similarities(self, text: str, held_out: int | None = None) -> dict[str, float]:
        """Return each intent's cosine similarity to the message at its nearest example.

        ``held_out`` (a row) leaves one example out: the leave-one-out self-check of ``exobot lint``.
        """
        vector = self.vectors[held_out] if held_out is not None else self.encoder.encode(text)
        best = self._nearest_example(text, vector, held_out)
        return dict(zip(self.intent_ids, best.tolist(), strict=True))

    def _nearest_example(self, text: str, vector: np.ndarray, held_out: int | None) -> np.ndarray:
        """Return each intent's cosine to its nearest example (-1 when it has none); do not modify it."""
        if held_out is not None:
            # The held-out example is the message: its embedding is already there (texts embed alone,
            # so the same words give the same vector), and it must not count as its own neighbour.
            cos = self.vectors @ vector
            cos[held_out] = -1.0
        elif (known := self._recent.get(text)) is not None:
            return known
        else:
            cos = np.einsum("ij,j->i", self.vectors, vector)  # no BLAS threads: see README
        best = np.full(len(self.intent_ids), -1.0, dtype=np.float32)
        group_max(best, self.rows, cos)
        if held_out is None:
            remember(self._recent, text, best)
        return best

    def scores(self, text: str, held_out: int | None = None) -> dict[str, float]:
        """Return the classifier's score for each intent: the ridge score plus its nearest neighbour's cosine.

        The ridge part is about 1 for a typical example and 0 for an unrelated intent; the neighbour part
        is the cosine to the intent's nearest example or training message, times ``neighbour_weight``.
        ``held_out`` scores that example as if it had never been seen: the exact leave-one-out of ridge
        regression (the residual inflated by its leverage), and the example is no neighbour of itself.
        The latest texts' scores are kept; callers must not modify the dict.
        """
        if held_out is None and (known := self._scored.get(text)) is not None and known[0] is self.weights:
            return known[1]  # the reader, the risk-topic switch and the context check ask about the same message
        vector = self.vectors[held_out] if held_out is not None else self.encoder.encode(text)
        out = np.einsum("i,ij->j", vector, self.weights[:DIMENSIONS]) + word_part(self.weights, self._columns(text))
        if held_out is not None:
            h = float(self.leverage[held_out])
            own = np.zeros_like(out)
            own[self.rows[held_out]] = 1.0
            out = (out - h * own) / max(1e-6, 1.0 - h)
        if self.neighbour_weight:
            out = out + self.neighbour_weight * self._nearest(text, vector, held_out)
        scored = dict(zip(self.intent_ids, out.tolist(), strict=True))
        if held_out is None:
            remember(self._scored, text, (self.weights, scored))  # a refit (the folds) is another set of weights
        return scored

    def word_scores(self, text: str) -> dict[str, float]:
        """Return the classifier's score for each intent from the message's words alone: no embedding, ~30 µs.

        The matcher's gate (``classifier_gate``): whether a message with no curated word is worth embedding.
        """
        if self.gate is None:
            return {}
        return dict(zip(self.intent_ids, word_part(self.gate, self._columns(text)).tolist(), strict=True))

    def _columns(self, text: str) -> np.ndarray:
        """Return a text's word columns; the latest texts' are kept (the gate and the classifier share them)."""
        known = self._words.get(text)
        return known if known is not None else remember(self._words, text, word_columns(text))

    def _nearest(self, text: str, vector: np.ndarray, held_out: int | None) -> np.ndarray:
        """Return each intent's cosine to its nearest example or training message (-1 when it has none)."""
        best = self._nearest_example(text, vector, held_out).copy()
        if self.extra_vectors is not None and self.extra_rows is not None and len(self.extra_rows):
            group_max(best, self.extra_rows, np.einsum("ij,j->i", self.extra_vectors, vector))
        return best
