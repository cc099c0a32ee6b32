"""Hybrid retrieval: dense vector search, BM25 over jieba tokens and best-clause search, fused by rank.

Consumes: an `Index`, the settings (fusion constants and weights, the corpus dictionary) and a
query (its text and its embedding). Produces: ranked `Hit`s.
Dense: inner product of unit vectors = cosine, searched in the index's vector store (vectors/: exact, or HNSW /
IVF-PQ / Milvus when the corpus is large). Lexical: BM25 (bm25s) over the corpus lexicon's jieba tokens (lexical.py:
folded, punctuation and question words dropped), its statistics opened from the build (bm25.py). Clause: chunks ranked
by the cosine of their best clause (clause store), which finds a passage whose one clause answers.
Fusion: score = Σ weight / (rrf_k + rank) over the rankings (reciprocal rank fusion,
Cormack et al. 2009; dense has weight 1).
Cross-lingual: the Chinese dictionary terms of a question's English words (crosslingual.py) and the corpus words its
pinyin spells (pinyin.py) score at `crosslingual_weight` added to the BM25 scores, or (mode rrf) as a separate BM25
ranking; the question's Chinese rendering (`gloss`: those terms and the Latin words the corpus writes as they are),
embedded as a second query, adds its dense and clause rankings at `gloss_weight` × the share of its phrases rendered.
Reranking: the fused top 5 (10 for an English question) are reordered by a learned linear ranker over the evidence rank
fusion drops (rerank.py: each passage's best clause against the question without the passage's subject, the cosines to
an English question's rendering, the asked kind of value).
Clauses: `Retriever.clauses(hit)` hands the answer step a passage's quotable clauses as data (`Clauses`: their
rows in the index's clause table, document offsets, texts and unit vectors), so runs.py and evidence.py
never reach into the index.
Subject: `Retriever.subject_free` embeds the question without what its passage's file name, title and section share
with it (lexical.without_subject), once per text (cached), for runs.py's features, with the ChatBot's query encoder.
Shortcuts: a chunk that only BM25 or the clause ranking found gets its cosine from its stored vector; a
passage's clause vectors are fetched once (one store round trip, a network call with Milvus) and kept for the
last `CLAUSE_CACHE` passages asked for (the index never changes under a retriever).
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .bm25 import open_bm25
from .chunks import Chunk
from .documents import USER_DICT
from .index import Index
from .lexical import Lexicon, backed_off, lexicon_for, subject_free_text
from .pinyin import split_names
from .rerank import rerank as reorder
from .settings import Settings


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


@dataclass(frozen=True, eq=False)
class Clauses:
    """The quotable clauses of one passage, in document order (n may be 0)."""
    rows: np.ndarray           # (n,) int64: rows of the index's clause table (clause_spans, clause_store)
    spans: np.ndarray          # (n, 2) int64: start, end document offsets (characters) of each clause
    texts: list[str]           # n clause texts: the passage's text at those offsets
    vectors: np.ndarray        # (n, dim) float32: each clause's unit vector, embedded as a passage


CLAUSE_CACHE = 128             # passages whose Clauses a retriever keeps (per question: rerank.py reads 5, 10 for an English
                               # question, and answer.py the top 3 of them; 8 English questions at once need 80)
SUBJECT_CACHE = 256            # question texts without a passage's subject whose vectors a retriever keeps


class Retriever:
    """Owns the index (its vector stores), the corpus lexicon and the BM25 index over the same chunks."""

    def __init__(self, index: Index, settings: Settings | None = None, lexicon: Lexicon | None = None):
        settings = settings or Settings()
        self.index, self.chunks, self.rrf_k = index, index.chunks, settings.rrf_k
        self.weights = (settings.bm25_weight, settings.clause_weight)
        self.crosslingual = (settings.crosslingual_weight, settings.crosslingual_mode)
        self.run_ranker = settings.run_ranker   # answer candidates: learned weights or the rules (runs.py)
        self.focus = settings.focus             # the bold focus: learned (focus.py) or the ranker's run
        self.rerank = settings.rerank           # the top passages: reordered by rerank.py ("model") or in fused order
        self.lexicon = lexicon or lexicon_for(settings.corpus_dir / USER_DICT)
        side = open_bm25(index, self.lexicon)
        self.bm25 = side.bm25
        self.chunk_tokens = [set(t) for t in side.tokens]
        self.vocabulary = set().union(*self.chunk_tokens)
        self.split_names = lru_cache(maxsize=1)(   # names jieba cut apart (云 | 顶峰: pinyin.py), read on first need
            lambda: split_names((c.text for c in self.chunks), self.lexicon.tokenizer()))
        self.clause_rows: dict[int, list[int]] = {}
        for row, chunk_id in enumerate(index.clause_spans[:, 0].tolist()):
            self.clause_rows.setdefault(chunk_id, []).append(row)
        self._clauses = lru_cache(maxsize=CLAUSE_CACHE)(self._fetch_clauses)
        # the embedder's encoders (texts → unit vectors, (n, dim)), set by ChatBot; without them the answer step compares
        # clauses with the whole question only (subject_free gives None) and checks no ignored detail (detail.py)
        self.encode_queries = self.encode_passages = None
        self._subject_free: dict[str, np.ndarray] = {}
        self._idf: tuple[dict[str, float], float] | None = None

    def idf(self) -> tuple[dict[str, float], float]:
        """(token → idf over the chunks' BM25 tokens, log((n + 1) / (df + 0.5)); the idf of a token no chunk has),
        computed on first use (the index never changes under a retriever)."""
        if self._idf is None:
            df: dict[str, int] = {}
            for tokens in self.chunk_tokens:
                for t in tokens:
                    df[t] = df.get(t, 0) + 1
            n = len(self.chunk_tokens)
            self._idf = ({t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}, math.log((n + 1) / 0.5))
        return self._idf

    def clauses(self, hit: Hit) -> Clauses:
        """The clauses of a hit's passage, with their vectors: one store fetch per passage, then cached."""
        return self._clauses(hit.chunk.id)

    def subject_free(self, question: str, hits: list) -> list:
        """Per hit, the unit vector (dim,) of the question without its passage's subject (lexical.without_subject:
        the stretches its file name, title and section also have), or None when nothing is removed or no encoder is
        set. One encoder call for the texts not seen yet; the last SUBJECT_CACHE texts are kept."""
        if self.encode_queries is None:
            return [None] * len(hits)
        texts = [subject_free_text(question, h.chunk) for h in hits]
        found = {t: self._subject_free.get(t) for t in texts if t}   # a snapshot: another thread may clear the cache
        new = [t for t, v in found.items() if v is None]
        if new:
            found.update(zip(new, self.encode_queries(new)))
            if len(self._subject_free) + len(new) > SUBJECT_CACHE:
                self._subject_free.clear()
            self._subject_free.update((t, found[t]) for t in new)
        return [found[t] if t else None for t in texts]

    def _fetch_clauses(self, chunk_id: int) -> Clauses:
        chunk, rows = self.chunks[chunk_id], self.clause_rows.get(chunk_id, [])
        spans = np.asarray(self.index.clause_spans[rows, 1:], dtype=np.int64).reshape(-1, 2)
        texts = [chunk.text[s - chunk.start:e - chunk.start] for s, e in spans.tolist()]
        vectors = (self.index.clause_store.vectors(rows) if rows   # a store may not take an empty fetch
                   else np.zeros((0, self.index.clause_store.dim), np.float32))
        clauses = Clauses(np.asarray(rows, dtype=np.int64), spans, texts, vectors)
        for array in (clauses.rows, clauses.spans, clauses.vectors):
            array.setflags(write=False)   # shared by every question that cites the passage
        return clauses

    def dense(self, query_vec: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (cosines, ids) from the vector store for one unit query vector (the order of every store's search)."""
        q = np.ascontiguousarray(query_vec.reshape(1, -1), dtype=np.float32)
        assert q.shape[1] == self.index.store.dim
        scores, ids = self.index.store.search(q, min(k, len(self.chunks)))
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]

    def lexical(self, query: str, tokens: list[str] | None = None) -> np.ndarray:
        """BM25 score of every chunk (for the query's tokens, or the given ones)."""
        tokens = backed_off(self.lexicon.tokenize(query), self.vocabulary) if tokens is None else tokens   # 打九价: 九价
        if not tokens:
            return np.zeros(len(self.chunks), dtype=np.float32)
        return np.asarray(self.bm25.get_scores(tokens), dtype=np.float32)

    def translated(self, query: str) -> list[str]:
        """The CC-CEDICT Chinese terms of the query's English words that the corpus uses, then the corpus words its Latin
        words spell in pinyin (pinyin.pinyin_names: Binjiang → 滨江分馆); none when off."""
        if self.crosslingual[0] <= 0:
            return []
        from .crosslingual import search_terms

        own = set(self.lexicon.tokenize(query))   # split_names: names jieba cut apart, searched by their pieces (云, 顶峰)
        return [t for t in search_terms(query, self.vocabulary, self.split_names) if t not in own]

    def gloss(self, query: str) -> tuple[str, float]:
        """(the Chinese rendering of an English query, the share of its content phrases rendered) for a second dense
        search. The rendering: its Chinese words and the Latin ones the corpus writes as they are (XR-200, VPN,
        Q3), then the CC-CEDICT terms of its other English words (`translated`). ("", 0.0) for a Chinese question
        (not mostly Latin letters, as signals.is_latin) or when the dictionary renders nothing the corpus uses.
        The share (rendered terms / crosslingual.content_phrases, at most 1) scales the rendering's weight in the
        fusion: a rendering of one word out of five ("员工" for "How many days of annual leave does an employee
        with 12 years of service get?") is a different question.
        Example: "XR-200 warranty period" → ("xr 200 保修期", 0.5) in a corpus with those tokens: of its content
        phrases (xr, warranty period) the dictionary renders one; xr and 200 are kept as written."""
        from .crosslingual import content_phrases

        letters = [c for c in query if c.isalpha()]
        if sum(c.isascii() for c in letters) * 2 <= len(letters):
            return "", 0.0
        terms = self.translated(query)
        if not terms:
            return "", 0.0
        kept = [t for t in self.lexicon.tokenize(query) if not t.isascii() or t in self.vocabulary]
        share = min(1.0, len(terms) / max(1, len(content_phrases(query))))
        return " ".join(dict.fromkeys(kept + terms)), share

    def clause_ranking(self, query_vec: np.ndarray, depth: int) -> dict[int, int]:
        """Chunks ranked by their best clause's cosine (chunk id → 0-based rank)."""
        _, rows = self.index.clause_store.search(query_vec.reshape(1, -1), depth * 4)
        best: dict[int, int] = {}
        for row in rows[0][rows[0] >= 0]:
            best.setdefault(int(self.index.clause_spans[row, 0]), len(best))
            if len(best) >= depth:
                break
        return best

    def search(self, query: str, query_vec: np.ndarray, k: int = 10, depth: int = 100,
               extra_vec: np.ndarray | None = None, extra_weight: float = 0.0, rerank: bool = True) -> list[Hit]:
        """The k best chunks for a query by weighted reciprocal-rank fusion of the dense, BM25 and clause rankings;
        `extra_vec` (a unit vector: the query's Chinese rendering, `gloss`) adds its dense and clause rankings at
        `extra_weight`; then the first 5 of the k (10 with `extra_vec`) are reordered by the learned reranker
        (rerank.rerank; `rerank` False: the fused order, as bench/train_reranker.py needs)."""
        cosines, ids = self.dense(query_vec, depth)
        dense_rank = {int(i): r for r, i in enumerate(ids)}
        bm = self.lexical(query)
        extra = self.translated(query)
        rankings = []
        if extra:
            bx = self.lexical(query, extra)
            if self.crosslingual[1] == "tokens":
                bm = bm + self.crosslingual[0] * bx
            else:
                rankings.append((self.crosslingual[0], {int(i): r for r, i in enumerate(top_rows(bx, depth)) if bx[i] > 0}))
        order = top_rows(bm, depth)
        lexical_rank = {int(i): r for r, i in enumerate(order) if bm[i] > 0}
        rankings = [(1.0, dense_rank), (self.weights[0], lexical_rank)] + rankings
        if self.weights[1] > 0 and self.index.clause_store.ntotal:
            rankings.append((self.weights[1], self.clause_ranking(query_vec, depth)))
        if extra_vec is not None and extra_weight > 0:
            _, gids = self.dense(extra_vec, depth)
            rankings.append((extra_weight, {int(i): r for r, i in enumerate(gids)}))
            if self.weights[1] > 0 and self.index.clause_store.ntotal:
                rankings.append((extra_weight * self.weights[1], self.clause_ranking(extra_vec, depth)))
        fused: dict[int, float] = {}
        for weight, ranks in rankings:
            for i, r in ranks.items():
                fused[i] = fused.get(i, 0.0) + weight / (self.rrf_k + 1 + r)
        best = sorted(fused, key=lambda i: (-fused[i], i))[:k]
        cos = {i: float(cosines[r]) for i, r in dense_rank.items()}
        others = [i for i in best if i not in cos]  # only another ranking found them: compute their cosines
        if others:
            cos.update(zip(others, (self.index.store.vectors(others) @ query_vec.reshape(-1)).tolist()))
        hits = [Hit(self.chunks[i], r, fused[i], cos[i], float(bm[i])) for r, i in enumerate(best, 1)]
        if rerank:
            hits = reorder(query, query_vec, extra_vec if extra_weight > 0 else None, hits, self)
        return hits
