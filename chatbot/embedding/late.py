"""Clause vectors by late chunking: one forward pass per chunk gives both vectors.

Consumes: chunks, the (chunk id, start, end) spans of their quotable clauses (document offsets)
and an embedder with `token_embeddings`. Produces: chunk vectors (the mean of all the chunk's
token embeddings, as plain mean pooling gives) and clause vectors (the mean of the token
embeddings whose character offsets overlap the clause), both L2-normalised float32.
Shortcuts: a token that straddles a clause boundary counts for both clauses; a clause with no
token inside the model's window (a truncated chunk) is embedded on its own instead.
"""
from __future__ import annotations

import numpy as np

from .onnx_backend import normalise


def pool_spans(tokens: np.ndarray, offsets, spans: list[tuple[int, int]]) -> np.ndarray:
    """Mean of the rows of `tokens` whose (start, end) offsets overlap each character span; NaN rows where none do.

    Example: pool_spans(np.eye(3), [(0, 2), (2, 4), (4, 6)], [(1, 3)]) == [[0.5, 0.5, 0]]
    """
    offs = np.asarray(offsets, dtype=np.int64).reshape(-1, 2)
    real = offs[:, 1] > offs[:, 0]  # special tokens have empty offsets
    out = np.full((len(spans), tokens.shape[1]), np.nan, dtype=np.float32)
    for row, (s, e) in enumerate(spans):
        inside = real & (offs[:, 0] < e) & (offs[:, 1] > s)
        if inside.any():
            out[row] = tokens[inside].mean(axis=0)
    return out


def encode_with_clauses(embedder, chunks, spans: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(chunk vectors, clause vectors) from one pass over the chunks' embed texts."""
    texts = [c.embed_text for c in chunks]
    prompt_len = len(embedder.prompt_prefix("passage"))
    encoded = embedder.token_embeddings(texts, "passage")
    chunk_vecs = normalise(np.stack([tokens.mean(axis=0) for tokens, _ in encoded]))
    clause_vecs = np.zeros((len(spans), chunk_vecs.shape[1]), dtype=np.float32)
    by_chunk: dict[int, list[int]] = {}
    for row, (chunk_id, _, _) in enumerate(spans):
        by_chunk.setdefault(int(chunk_id), []).append(row)
    position = {c.id: i for i, c in enumerate(chunks)}
    for chunk_id, rows in by_chunk.items():
        i = position[chunk_id]
        chunk, (tokens, offsets) = chunks[i], encoded[i]
        # where the chunk's text starts inside prompt + embed text: the prompt, then context + "\n"
        base = prompt_len + (len(chunk.context) + 1 if chunk.context else 0) - chunk.start
        clause_vecs[rows] = pool_spans(tokens, offsets, [(s + base, e + base) for _, s, e in spans[rows]])
    missing = np.flatnonzero(np.isnan(clause_vecs[:, 0]))
    if len(missing):
        clause_vecs[missing] = embedder.encode_passages(
            [_clause_text(chunks[position[int(c)]], s, e) for c, s, e in spans[missing]])
    return chunk_vecs, normalise(clause_vecs)


def _clause_text(chunk, s: int, e: int) -> str:
    return chunk.text[s - chunk.start:e - chunk.start]
