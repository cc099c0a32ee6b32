"""Chunk vectors pooled from clause passes: one forward pass per clause and heading line, none per chunk.

Consumes: chunks, the (chunk id, start, end) spans of their quotable clauses (document offsets), an
embedder with `piece_stats` (embedder.py) and a cache of a previous build made the same way. Produces:
chunk vectors and clause vectors, both (n, dim) L2-normalised float32:
- a quotable clause's vector is exactly what `separate` gives it: its own pass, the mean of all its
  tokens (prompt and special tokens included, as the model's mean pooling does);
- a chunk's vector is the mean of the *text* tokens (no prompt, no special tokens) of the passes over
  its heading line (doc + context, the head of `Chunk.embed_text`) and over every clause of its text
  (questions included, so an FAQ's question still shapes the vector): the chunk's own mean pooling,
  except that attention does not cross clause boundaries.
Why: the chunk pass costs more than all the clause passes together (its sequences are ~10× longer and
attention grows with the square of the length); this mode drops it. Fidelity measured on the intranet
and fresh corpora with onnx-int8 (bench notes in README "Speed"): the pooled chunk vector has a cosine
of 0.967 (mean; p10 0.94) to the chunk pass's; clause vectors are identical.
Shortcuts: a quotable span made of several clauses (a list, record, table row or code line quoted whole)
gets its own pass, as in `separate`; a heading line shared by many chunks is encoded once; a piece over
the model's window is truncated, as any pass is.
"""
from __future__ import annotations

import numpy as np

from ..chunks import clauses
from .onnx_backend import normalise


def pieces(chunk) -> list[str]:
    """The texts whose passes make a chunk's pooled vector: its heading line (when it has one), then each
    clause of its text. Example: a chunk doc "a.txt", text "甲，乙。" → ["a.txt", "甲，", "乙。"]"""
    head = "\n".join(t for t in (chunk.doc, chunk.context) if t)
    return ([head] if head else []) + [chunk.text[s:e] for s, e in clauses(chunk.text)]


def encode_pooled(embedder, chunks, spans: np.ndarray, chunk_cache: dict | None = None,
                  clause_cache: dict | None = None) -> tuple[np.ndarray, np.ndarray]:
    """(chunk vectors (len(chunks), dim), clause vectors (len(spans), dim)).
    `chunk_cache` {embed_text: vector} and `clause_cache` {clause text: vector}: vectors of a previous
    pooled build of the same model; those texts are not encoded again (both are updated in place)."""
    chunk_cache = {} if chunk_cache is None else chunk_cache
    clause_cache = {} if clause_cache is None else clause_cache
    position = {c.id: i for i, c in enumerate(chunks)}
    clause_texts = [_text(chunks[position[int(c)]], s, e) for c, s, e in spans]
    todo = [c for c in chunks if c.embed_text not in chunk_cache]
    wanted = [p for c in todo for p in pieces(c)] + [t for t in clause_texts if t not in clause_cache]
    texts = list(dict.fromkeys(wanted))
    means, sums, counts = embedder.piece_stats(texts) if texts else (None, None, None)
    row = {t: i for i, t in enumerate(texts)}
    for c in todo:
        rows = [row[p] for p in pieces(c)]
        n = max(int(counts[rows].sum()), 1)
        chunk_cache[c.embed_text] = normalise((sums[rows].sum(axis=0) / n)[None])[0]
    for t in clause_texts:
        if t not in clause_cache:
            clause_cache[t] = normalise(means[row[t]][None])[0]
    dim = embedder.dim
    chunk_vecs = np.stack([chunk_cache[c.embed_text] for c in chunks]) if chunks else np.zeros((0, dim), np.float32)
    clause_vecs = np.stack([clause_cache[t] for t in clause_texts]) if clause_texts else np.zeros((0, dim), np.float32)
    return np.ascontiguousarray(chunk_vecs, np.float32), np.ascontiguousarray(clause_vecs, np.float32)


def stats_from_tokens(encoded, prompt_len: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """From `token_embeddings` output: per text the mean of all tokens (n, dim), the sum of its text tokens
    (offsets inside the text, after the prompt; n, dim) and their count (n,) int64."""
    dim = encoded[0][0].shape[1]
    means = np.zeros((len(encoded), dim), np.float32)
    sums = np.zeros((len(encoded), dim), np.float32)
    counts = np.zeros(len(encoded), np.int64)
    for i, (tokens, offsets) in enumerate(encoded):
        offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
        text = (offs[:, 1] > offs[:, 0]) & (offs[:, 0] >= prompt_len)
        means[i] = tokens.mean(axis=0)
        sums[i] = tokens[text].sum(axis=0)
        counts[i] = int(text.sum())
    return means, sums, counts


def _text(chunk, s: int, e: int) -> str:
    return chunk.text[s - chunk.start:e - chunk.start]
