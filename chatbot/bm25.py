"""The BM25 side of a build: each chunk's tokens and the bm25s statistics, saved by the build, opened by the retriever.

Consumes: the chunks and a `Lexicon` (lexical.py). Produces: in the build folder, `tokens.json` (each
chunk's BM25 tokens) and `bm25/` (bm25s's own save format: `params.index.json`, `vocab.index.json`
and the score matrix as .npy arrays), with the lexicon key in the manifest; on opening, a
`Bm25Side` (the bm25s index, memory-mapped, and the chunks' token lists).
Why stored: jieba needs ~8 s per 10,000 chunks (a server start on a 100,000-chunk corpus spent 90 of
its 97 s there), and the statistics cost another ~0.4 s per 10,000 chunks.
When the key no longer matches (a corpus userdict.txt edited, jieba upgraded) or a file is missing
or unreadable, the tokens are recomputed (with a log line) and the statistics rebuilt in memory.
Shortcuts: a build made before `bm25/` existed (the same format version) gets its statistics
rebuilt from its stored tokens at every start, as it did then.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path

from .files import NUMPY_READS
from .lexical import Lexicon

TOKENS_FILE = "tokens.json"
BM25_DIR = "bm25"
log = logging.getLogger(__name__)


@dataclass
class Bm25Side:
    bm25: object              # bm25s.BM25 over the chunks, row i = chunk i
    tokens: list[list[str]]   # each chunk's BM25 tokens


def _bm25s():
    import bm25s

    logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
    return bm25s


def _statistics(tokens: list[list[str]]):
    bm25 = _bm25s().BM25()
    bm25.index(tokens, show_progress=False)
    return bm25


def save_bm25(folder: Path, chunks, lexicon: Lexicon) -> str:
    """Tokenize the chunks, write tokens.json and bm25/ into a build folder; returns the lexicon key for the manifest."""
    tokens = lexicon.chunk_tokens(chunks)
    with open(Path(folder) / TOKENS_FILE, "w", encoding="utf-8") as f:
        json.dump(tokens, f, ensure_ascii=False, separators=(",", ":"))
    _statistics(tokens).save(str(Path(folder) / BM25_DIR), show_progress=False)
    return lexicon.key


def stored_tokens(path: Path, manifest: dict, n: int, key: str) -> list[list[str]] | None:
    """The build's tokens when they were made with this lexicon, else None (and why, in the log)."""
    if manifest.get("lexicon") != key:
        if manifest.get("lexicon"):
            log.warning("the dictionaries or jieba changed since the index was built: re-tokenizing %d chunks for BM25", n)
        return None
    try:
        with open(Path(path) / TOKENS_FILE, encoding="utf-8") as f:
            tokens = json.load(f)
    except (OSError, ValueError) as exc:
        log.warning("cannot read the stored BM25 tokens (%s): re-tokenizing %d chunks", exc, n)
        return None
    if not isinstance(tokens, list) or len(tokens) != n:
        log.warning("the stored BM25 tokens do not match the chunks: re-tokenizing %d chunks", n)
        return None
    return tokens


def open_bm25(index, lexicon: Lexicon) -> Bm25Side:
    """The index's BM25 side: stored and memory-mapped when its lexicon key matches, else recomputed."""
    tokens = stored_tokens(index.path, index.manifest, len(index.chunks), lexicon.key)
    if tokens is None:
        tokens = lexicon.chunk_tokens(index.chunks)
        return Bm25Side(_statistics(tokens), tokens)
    try:
        with NUMPY_READS:  # bm25s reads .npy files (files.py)
            bm25 = _bm25s().BM25.load(str(index.path / BM25_DIR), mmap=True, show_progress=False)
        if bm25.scores["num_docs"] != len(tokens):
            raise ValueError(f"{bm25.scores['num_docs']} rows for {len(tokens)} chunks")
    except (OSError, ValueError, KeyError) as exc:
        log.info("rebuilding the BM25 statistics from the stored tokens (%s)", exc)
        bm25 = _statistics(tokens)
    return Bm25Side(bm25, tokens)
