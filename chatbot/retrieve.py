"""Hybrid retrieval: dense vector search, BM25 over jieba tokens and best-clause search, fused by rank.

Consumes: an `Index` and a query (its text and its embedding). Produces: ranked `Hit`s.
Dense: inner product of unit vectors = cosine, searched in the index's vector store (store.py:
exact, or HNSW / IVF-PQ / Milvus when the corpus is large). Lexical: bm25s over
`jieba.lcut_for_search` tokens of each chunk's embed_text, folded (NFKC, lower case,
traditional → simplified with zhconv, so 「網路小貸」 finds 网络小贷), punctuation and question
words dropped; jieba's dictionary is extended with chatbot/data/userdict.txt and,
if present, `userdict.txt` in the corpus folder (one "word [freq] [tag]" a line).
Clause: chunks ranked by the cosine of their best clause (searched in the clause store), which
finds a passage whose one clause answers even when the rest of it is about something else.
Fusion: score = Σ weight / (rrf_k + rank) over the rankings (reciprocal rank fusion,
Cormack et al. 2009; dense has weight 1).
The chunks' BM25 tokens are computed at build time and kept in the build (`tokens.json`, with a
`lexicon` key in the manifest: jieba's and zhconv's versions, the dictionaries' bytes, the stopword
list), because jieba needs ~8 s per 10,000 chunks and a server start on a 100,000-chunk corpus spent
90 of its 97 s there. When the key no longer matches (a corpus userdict.txt edited, jieba upgraded)
or the file is missing or unreadable, the tokens are recomputed when the index is opened, with a log line.
The BM25 statistics themselves are rebuilt in memory from the tokens (about 0.4 s per 10,000 chunks).
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .chunks import Chunk
from .index import Index

WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
STOPWORDS = set("的 了 是 在 和 与 及 或 等 有 吗 呢 吧 啊 么 呀 这 那 哪 其 之 也 都 而 就 被 把 对 从 向 为 以 于 "
                "什么 多少 哪些 哪个 哪里 怎么 怎样 如何 为何 为什么 是否 是不是 有没有 现在 目前 请问 一下 "
                "什么样 怎么样 哪些地方 哪些方面 哪一个 哪一年 多少钱 由谁 第几 第几名 几家 几个 几年 "
                "the a an of to in on and or is are was were what which who how why does do did".split())
BASE_DICT = Path(__file__).parent / "data" / "userdict.txt"
TOKENS_FILE = "tokens.json"
log = logging.getLogger(__name__)
_jieba_lock = threading.Lock()
_jieba_ready: set[str] = set()


def _jieba(extra_dict: Path | None = None):
    import jieba

    with _jieba_lock:
        if "base" not in _jieba_ready:
            jieba.setLogLevel(60)
            jieba.load_userdict(str(BASE_DICT))
            _jieba_ready.add("base")
        if extra_dict and extra_dict.is_file() and str(extra_dict) not in _jieba_ready:
            jieba.load_userdict(str(extra_dict))
            _jieba_ready.add(str(extra_dict))
    return jieba


def fold(text: str) -> str:
    """Text for lexical matching: NFKC (full-width → half-width), lower case, traditional → simplified.

    Example: fold("網路小貸ＡＢＣ") == "网络小贷abc"
    """
    import zhconv

    return zhconv.convert(unicodedata.normalize("NFKC", text).lower(), "zh-cn")


def tokenize(text: str) -> list[str]:
    """Search tokens for BM25. Example: tokenize("网络小贷的注册资本") == ["网络", "小贷", "网络小贷", "注册", "资本", "注册资本"]"""
    return [t for t in (w.strip() for w in _jieba().lcut_for_search(fold(text)))
            if t and WORD.search(t) and t not in STOPWORDS]


def lexicon_key(user_dict: Path | None) -> str:
    """Changes whenever tokenize() could split a text differently: the libraries' versions, the
    dictionaries' contents, the stopwords and the word pattern."""
    from importlib.metadata import version

    h = hashlib.sha1("|".join([version("jieba"), version("zhconv"), unicodedata.unidata_version, WORD.pattern,
                               " ".join(sorted(STOPWORDS))]).encode())
    for path in (BASE_DICT, user_dict):
        h.update(path.read_bytes() if path and path.is_file() else b"-")
    return h.hexdigest()[:16]


def chunk_tokens(chunks: list[Chunk], user_dict: Path | None) -> list[list[str]]:
    """BM25 tokens of each chunk's embed_text ("∅" for a chunk with none, so bm25s keeps its row)."""
    _jieba(user_dict)
    return [tokenize(c.embed_text) or ["∅"] for c in chunks]


def save_tokens(folder: Path, tokens: list[list[str]]) -> None:
    with open(folder / TOKENS_FILE, "w", encoding="utf-8") as f:
        json.dump(tokens, f, ensure_ascii=False, separators=(",", ":"))


def stored_tokens(index: Index, key: str) -> list[list[str]] | None:
    """The build's tokens when they were made with this lexicon, else None (and why, in the log)."""
    if index.manifest.get("lexicon") != key:
        if index.manifest.get("lexicon"):
            log.warning("the dictionaries or jieba changed since the index was built: re-tokenizing %d chunks for BM25",
                        len(index.chunks))
        return None
    try:
        with open(index.path / TOKENS_FILE, encoding="utf-8") as f:
            tokens = json.load(f)
    except (OSError, ValueError) as exc:
        log.warning("cannot read the stored BM25 tokens (%s): re-tokenizing %d chunks", exc, len(index.chunks))
        return None
    if not isinstance(tokens, list) or len(tokens) != len(index.chunks):
        log.warning("the stored BM25 tokens do not match the chunks: re-tokenizing %d chunks", len(index.chunks))
        return None
    return tokens


def content_nouns(text: str) -> set[str]:
    """Dictionary nouns and numbers of a text by jieba's part-of-speech tagger (precise mode), folded;
    names jieba only guessed (后康忠) are left out.

    Example: content_nouns("央行的存款准备金率是多少?") == {"央行", "存款", "准备金率"}
    """
    from jieba import posseg

    jieba = _jieba()
    return {w for w, flag in posseg.lcut(fold(text))
            if WORD.search(w) and w not in STOPWORDS
            and (flag in ("eng", "m") or flag.startswith("n") and jieba.get_FREQ(w) is not None)}


def top_rows(scores: np.ndarray, n: int) -> np.ndarray:
    """The rows of the n highest scores, highest first, ties in row order: exactly
    np.argsort(-scores, kind="stable")[:n], without sorting a million clause scores.

    Example: top_rows(np.array([0.1, 0.9, 0.5, 0.9]), 2).tolist() == [1, 3]
    """
    if n <= 0 or n >= len(scores):
        return np.argsort(-scores, kind="stable")[:max(n, 0)]
    kth = np.partition(scores, len(scores) - n)[len(scores) - n]
    candidates = np.flatnonzero(scores >= kth)  # ascending rows, so the stable sort keeps ties in row order
    return candidates[np.argsort(-scores[candidates], kind="stable")][:n]


@dataclass(frozen=True)
class Hit:
    chunk: Chunk
    rank: int                  # 1-based, after fusion
    score: float               # fused RRF score
    dense: float               # cosine similarity of query and chunk
    bm25: float                # BM25 score (0 when no query word occurs)


class Retriever:
    """Owns the index (its vector stores) and a BM25 index over the same chunks."""

    def __init__(self, index: Index, rrf_k: int = 60, user_dict: Path | None = None,
                 bm25_weight: float = 1.0, clause_weight: float = 1.0):
        import bm25s

        logging.getLogger("bm25s").setLevel(logging.WARNING)  # bm25s sets DEBUG on import
        _jieba(user_dict)
        self.index, self.chunks, self.rrf_k = index, index.chunks, rrf_k
        self.weights = (bm25_weight, clause_weight)
        self.bm25 = bm25s.BM25()
        corpus = stored_tokens(index, lexicon_key(user_dict)) or chunk_tokens(self.chunks, user_dict)
        self.bm25.index(corpus, show_progress=False)
        self.chunk_tokens = [set(t) for t in corpus]
        self.vocabulary = set().union(*self.chunk_tokens)
        self.clause_rows: dict[int, list[int]] = {}
        for row, chunk_id in enumerate(index.clause_spans[:, 0].tolist()):
            self.clause_rows.setdefault(chunk_id, []).append(row)

    def dense(self, query_vec: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (ids, cosines) from the vector store for one unit query vector."""
        q = np.ascontiguousarray(query_vec.reshape(1, -1), dtype=np.float32)
        assert q.shape[1] == self.index.store.dim
        scores, ids = self.index.store.search(q, min(k, len(self.chunks)))
        keep = ids[0] >= 0
        return ids[0][keep], scores[0][keep]

    def lexical(self, query: str) -> np.ndarray:
        """BM25 score of every chunk."""
        tokens = tokenize(query)
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def clause_ranking(self, query_vec: np.ndarray, depth: int) -> dict[int, int]:
        """Chunks ranked by their best clause's cosine (chunk id → 0-based rank)."""
        _, rows = self.index.clause_store.search(query_vec.reshape(1, -1), depth * 4)
        best: dict[int, int] = {}
        for row in rows[0][rows[0] >= 0]:
            best.setdefault(int(self.index.clause_spans[row, 0]), len(best))
            if len(best) >= depth:
                break
        return best

    def search(self, query: str, query_vec: np.ndarray, k: int = 10, depth: int = 100) -> list[Hit]:
        """The k best chunks for a query by weighted reciprocal-rank fusion of the dense, BM25 and clause rankings."""
        ids, cosines = self.dense(query_vec, depth)
        dense_rank = {int(i): r for r, i in enumerate(ids)}
        bm = self.lexical(query)
        order = top_rows(bm, depth)
        lexical_rank = {int(i): r for r, i in enumerate(order) if bm[i] > 0}
        rankings = [(1.0, dense_rank), (self.weights[0], lexical_rank)]
        if self.weights[1] > 0 and self.index.clause_store.ntotal:
            rankings.append((self.weights[1], self.clause_ranking(query_vec, depth)))
        fused: dict[int, float] = {}
        for weight, ranks in rankings:
            for i, r in ranks.items():
                fused[i] = fused.get(i, 0.0) + weight / (self.rrf_k + 1 + r)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        cos = {i: float(cosines[r]) for i, r in dense_rank.items()}
        others = [i for i in best if i not in cos]  # only another ranking found them: compute their cosines
        if others:
            cos.update(zip(others, (self.index.store.vectors(others) @ query_vec.reshape(-1)).tolist()))
        return [Hit(self.chunks[i], r, fused[i], cos[i], float(bm[i])) for r, i in enumerate(best, 1)]
