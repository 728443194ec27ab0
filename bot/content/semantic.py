"""Read the semantic model and the cached example embeddings for the pure engine.

The model files ship inside the package (``bot/nlu/model``). Example embeddings take up to a minute
to compute on one core (every core takes a share), so they are cached in a file keyed by a hash of the model and of
every example's text: a change to any example (or to the model) is a new key, and a missing,
unreadable or malformed cache file just means computing them again. The intent classifier's fit
(about a second) is cached the same way, under a key of those texts and of each one's intent.
Within one process each example's embedding is also kept in memory by its text, so a test session
computes them once, and a catalogue that differs by a few examples (a content check on a modified
copy) embeds only those.
"""

from __future__ import annotations

import logging
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import IO, Any

from bot.nlu.intent import Intent
from bot.settings import Settings

log = logging.getLogger(__name__)

#: Embeddings already computed or read in this process, by (model digest, example text).
_MEMO: dict[tuple[str, str], Any] = {}
#: Classifier fits already computed or read in this process, by ``fit_key``.
_FITS: dict[str, Any] = {}


def model_dir() -> Path:
    """Return the folder that holds model.onnx, tokenizer.json and SHA256SUMS."""
    return Path(str(resources.files("bot.nlu") / "model"))


def model_digest(folder: Path) -> str:
    """Return the model's identity: its SHA256SUMS file (checked against the files by the tests)."""
    return (folder / "SHA256SUMS").read_text(encoding="utf-8")


def cache_path(cache_folder: Path, key: str) -> Path:
    """Return the cache file for one key."""
    return cache_folder / f"examples-{key[:32]}.npy"


def read_cache(path: Path, rows: int):
    """Return cached embeddings, or None when the file is missing, unreadable or the wrong shape."""
    import numpy as np

    from bot.nlu.semantic import DIMENSIONS

    try:
        vectors = np.load(path, allow_pickle=False)
    except (OSError, ValueError, EOFError):
        return None
    if vectors.shape != (rows, DIMENSIONS) or vectors.dtype != np.float32 or not np.isfinite(vectors).all():
        log.warning("ignoring a malformed embedding cache %s", path)
        return None
    return vectors


def write_cache(path: Path, vectors) -> None:
    """Write the embeddings atomically; failing to (a read-only disk) only costs the next start-up."""
    import numpy as np

    _write_atomically(path, lambda fh: np.save(fh, vectors, allow_pickle=False))


def fit_path(cache_folder: Path, key: str) -> Path:
    """Return the cache file of the classifier's fit for one key."""
    return cache_folder / f"classifier-{key[:32]}.npz"


def read_fit(path: Path):
    """Return a cached (weights, leverage, gate), or None when the file is missing, unreadable or malformed."""
    import numpy as np

    try:
        with np.load(path, allow_pickle=False) as cached:
            fit = cached["weights"], cached["leverage"], cached["gate"]
    except (OSError, ValueError, EOFError, KeyError):
        return None
    if any(a.dtype != np.float32 or not np.isfinite(a).all() for a in fit):
        log.warning("ignoring a malformed classifier cache %s", path)
        return None
    return fit  # shapes are checked against the catalogue by SemanticIndex.build


def write_fit(path: Path, weights, leverage, gate) -> None:
    """Write the classifier's fit atomically, like the embeddings."""
    import numpy as np

    _write_atomically(path, lambda fh: np.savez(fh, weights=weights, leverage=leverage, gate=gate))


def _write_atomically(path: Path, save: Callable[[IO[bytes]], None]) -> None:
    """Write a cache file through a temporary file and a rename; on failure only log it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}-", suffix=path.suffix)
        with os.fdopen(fd, "wb") as fh:
            save(fh)
        os.replace(tmp, path)
    except OSError as exc:
        log.warning("could not write the cache file %s: %s", path, exc)


def load_semantic(intents: Mapping[str, Intent], settings: Settings, folder: Path | None = None,
                  memo: bool = True, training: Mapping[str, Sequence[str]] | None = None):
    """Build the semantic index over the catalogue's examples, or return None (lexical matching only).

    ``training``: the classifier-only messages of intents/training.yml. None when EXOBOT_SEMANTIC
    is off, when the model is not installed, or when onnxruntime, tokenizers or numpy cannot be imported.
    """
    if not settings.semantic:
        return None
    folder = folder or model_dir()
    if not (folder / "model.onnx").is_file() or not (folder / "tokenizer.json").is_file():
        log.warning("semantic model not found in %s: lexical matching only", folder)
        return None
    try:
        import numpy  # noqa: F401
        import onnxruntime  # noqa: F401
        import tokenizers  # noqa: F401
    except ImportError as exc:
        log.warning("semantic signal unavailable (%s): lexical matching only", exc)
        return None
    from bot.nlu.semantic import SemanticIndex, cache_key, fit_key, indexed_texts

    training = training or {}
    texts = indexed_texts(intents, training)
    digest = model_digest(folder)
    key = cache_key(digest, texts)
    encoder = encoder_of(folder)
    path = cache_path(settings.cache_dir, key)
    vectors, source = (_from_memo(digest, texts) if memo else None), "memory"
    if vectors is None:
        vectors, source = read_cache(path, len(texts)), "file"
    if vectors is None:
        vectors, source = (_from_memo(digest, texts, encoder) if memo else None), "computed"
    if vectors is None:
        vectors = embed_all(folder, texts, encoder)
    fitted = fit_key(key, intents, training)
    fit = (_FITS.get(fitted) if memo else None) or read_fit(fit_path(settings.cache_dir, fitted))
    index = SemanticIndex.build(encoder, intents, vectors, training, fit)
    if source == "computed" or (source == "memory" and not path.is_file()):
        write_cache(path, vectors)
    if fit is None or index.weights is not fit[0]:  # fitted now: keep it for the next start-up
        write_fit(fit_path(settings.cache_dir, fitted), index.weights, index.leverage, index.gate)
    if memo:
        _FITS[fitted] = index.weights, index.leverage, index.gate
        _MEMO.update(((digest, text), row) for text, row in zip(texts, vectors, strict=True))
    return index


#: Below this many texts one process embeds them; above it every core takes a share (about 5 ms a text on an
#: AVX2-only core, so the 2,455 examples and 5,000 training messages take a minute on one).
PARALLEL_FROM = 1000
#: At most this many processes embed at once (each holds its own copy of the model, about 90 MB).
PARALLEL_MAX = 4


def embed_all(folder: Path, texts: Sequence[str], encoder):
    """Embed many texts, in one process per core when there are enough of them (the same vectors either way:
    each process runs the same single-threaded model on its share); on any failure of the processes, here."""
    import numpy as np

    cores = min(len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1,
                PARALLEL_MAX)
    if len(texts) < PARALLEL_FROM or cores < 2:
        return encoder.encode_many(texts)
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    shares = [list(texts[first::cores]) for first in range(cores)]  # dealt like cards: long and short alike
    try:  # spawned, not forked: the parent may hold threads (onnxruntime's, a running bot's)
        with ProcessPoolExecutor(cores, mp_context=get_context("spawn")) as pool:
            parts = list(pool.map(_embed_share, [str(folder)] * cores, shares))
        out = np.empty((len(texts), parts[0].shape[1]), dtype=np.float32)
        for first, part in enumerate(parts):
            out[first::cores] = part
        return out
    except Exception as exc:  # noqa: BLE001 - no processes (a sandbox, a frozen build): embed them here
        log.warning("embedding the examples in one process (%s)", exc)
        return encoder.encode_many(texts)


def _embed_share(folder: str, texts: list[str]):
    """Embed one process's share of the texts (run in a spawned process)."""
    return encoder_of(Path(folder)).encode_many(texts)


def encoder_of(folder: Path):
    """Return an encoder over the model files in a folder (its model starts on first use)."""
    from bot.nlu.semantic import Encoder

    return Encoder((folder / "model.onnx").read_bytes(), (folder / "tokenizer.json").read_text(encoding="utf-8"))


def _from_memo(digest: str, texts: list[str], encoder=None):
    """Assemble embeddings from the in-process memo; with an encoder, embed the texts it lacks."""
    import numpy as np

    from bot.nlu.semantic import DIMENSIONS

    missing = [text for text in dict.fromkeys(texts) if (digest, text) not in _MEMO]
    if missing and (encoder is None or len(missing) == len(set(texts))):
        return None  # nothing to reuse: the caller reads the cache file or embeds everything
    fresh = dict(zip(missing, encoder.encode_many(missing), strict=True)) if missing else {}
    out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
    for row, text in enumerate(texts):
        out[row] = fresh[text] if text in fresh else _MEMO[digest, text]
    return out
