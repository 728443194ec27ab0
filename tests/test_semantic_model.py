"""The committed int8 MiniLM model: its files are the ones built once, and it embeds sensibly."""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

import numpy as np
import pytest

from bot.nlu.semantic import DIMENSIONS, Encoder

ROOT = Path(__file__).resolve().parent.parent
MODEL = ROOT / "bot" / "nlu" / "model"
#: The checksums of the model as built by scripts/build_model.py and committed (also in SHA256SUMS).
COMMITTED = {
    "model.onnx": "e801c20a134ed9552b878fc558e5caa60755938797023b3963f4eba9639c408f",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_model_files_match_the_committed_checksums() -> None:
    listed = dict(reversed(line.split("  ", 1)) for line in (MODEL / "SHA256SUMS").read_text().splitlines())
    assert listed == COMMITTED
    for name, digest in COMMITTED.items():
        assert sha256(MODEL / name) == digest, name


def test_the_model_ships_with_its_licence_and_in_the_package() -> None:
    licence = (MODEL / "LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "all-MiniLM-L6-v2" in licence
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    assert {f"model/{name}" for name in (*COMMITTED, "LICENSE", "SHA256SUMS")} <= set(data["bot.nlu"])


@pytest.fixture(scope="module")
def encoder() -> Encoder:
    return Encoder((MODEL / "model.onnx").read_bytes(), (MODEL / "tokenizer.json").read_text(encoding="utf-8"))


def test_embeddings_are_unit_vectors(encoder: Encoder) -> None:
    vectors = encoder.encode_many(["what does plated mean", "hi"])
    assert vectors.shape == (2, DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


@pytest.mark.parametrize(("text", "paraphrase", "unrelated"), [
    ("why are exosome serums so expensive", "how come these serums cost so much", "what time does the bank open"),
    ("can i use it while breastfeeding", "is it ok when nursing my baby", "book a table for two tonight"),
    ("should i keep the serum in the fridge", "does it need refrigerating", "play some jazz music"),
])
def test_a_paraphrase_is_closer_than_an_unrelated_sentence(encoder: Encoder, text: str, paraphrase: str,
                                                           unrelated: str) -> None:
    a, b, c = encoder.encode_many([text, paraphrase, unrelated])
    assert float(a @ b) > 0.4
    assert float(a @ b) > float(a @ c) + 0.3


def test_the_same_text_embeds_the_same_way_every_time(encoder: Encoder) -> None:
    one, two = encoder.encode("do exosomes work"), encoder.encode("do exosomes work")
    assert np.array_equal(one, two)


def test_the_int8_products_are_exact_on_every_x86_cpu(encoder: Encoder) -> None:
    # Without VNNI, onnxruntime's fast u8s8 kernel saturates and the same message embeds differently.
    encoder.encode("do exosomes work")  # starts the session
    assert encoder._session.get_session_options().get_session_config_entry("session.x64quantprecision") == "1"


def test_messages_embed_as_they_did_where_the_int8_products_are_exact(encoder: Encoder) -> None:
    # tests/data/reference_embeddings.json: vectors written on a VNNI CPU, where int8 products never saturate.
    reference = json.loads((ROOT / "tests" / "data" / "reference_embeddings.json").read_text(encoding="utf-8"))
    vectors = encoder.encode_many(reference["texts"])
    assert np.abs(vectors - np.array(reference["vectors"], dtype=np.float32)).max() < 1e-3
