"""A learned reordering of a question's top passages: the fused ranking, then the evidence rank fusion drops.

Consumes: the top hits of `Retriever.search` (fused by rank), the question's unit vector and, for an English
question, its Chinese rendering's (`Retriever.gloss`, embedded as a second query), and the retriever (stored chunk
vectors, clause vectors, the question without each passage's subject, the corpus idf, the CC-CEDICT terms of the
question's English words). Produces: the same hits reordered, ranks renumbered from 1; scores (the fused RRF
score), cosines and BM25 scores unchanged.

Why: reciprocal rank fusion keeps each ranking's order and drops its margins, and no ranking compares a passage's
clauses with what the question asks. In a document about one subject every passage names it, so the passage
whose best clause is closest to the question *without* that subject (`Retriever.subject_free`: 「乍都节公园的面积
有多大?」 → 「的面积有多大?」) is the one that answers; for an English question over Chinese documents the strongest
evidence is how close a passage (and its best clause) is to the question's Chinese rendering. On the tune
questions whose top 5 hold the answer in some but not all passages, the passage ranked first holds it (README
"Quality › Session 13", cross-validated).
Model: a linear score over `RERANK_FEATURES`, one weight vector for questions without a rendering and one for
those with, each fitted as pairwise logistic regression (a passage that holds a gold answer against one that does
not, RankNet-style) by bench/train_reranker.py on tune questions only; shipped in chatbot/data/reranker.json with
a manifest.
Shortcuts: only the top 5 hits are reordered (10 for an English question; one clause fetch per passage, cached by the
retriever; one encoder call for the subject-free texts not seen yet), so a Chinese question's hit@5 is the fusion's; without the query encoder (a retriever made outside ChatBot) the
subject-free feature is the best clause's cosine to the whole question; the index must have been embedded by the
model the weights were fitted on, else the fused order stands.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from .answertype import answer_type, has_type
from .errors import ChatbotError
from .fitted import fits_index, read_fitted
from .lexical import in_context

RERANK_FEATURES = ("recip_rank", "fused", "dense", "dense_gap", "gloss_cos", "clause_max", "gloss_clause_max",
                   "bm25_share", "term_cov", "type_has", "latin_text", "subject_free_clause_max", "idf_cov")
FORMAT_VERSION = 1
# passages reordered, the rest keeping their fused order after them. A Chinese question's fused top 5: with the
# weights fitted on 10, the first passage held the answer for 0.945 of the tune rows reordering 5 and 0.948
# reordering 10 (in-sample), and each passage costs its subject-free text an encoder pass (bench/query.py, CMRC warm
# p50: 32 ms in fused order, 42 ms reordering 5, 58 ms reordering 10, measured in two runs). An English question's
# top 10: its answer lies further down (cross-validated 0.774 → 0.816 reordering 10; 0.822 → 0.837 reordering 5, over
# the fewer questions whose top 5 hold it).
RERANK_DEPTH = 5
GLOSS_RERANK_DEPTH = 10
MODEL_FILE = Path(__file__).parent / "data" / "reranker.json"


class RerankerError(ChatbotError):
    """The shipped reranker file is missing, malformed, or fitted on other features."""


def passage_matrix(question: str, query_vec: np.ndarray, gloss_vec: np.ndarray | None, hits: list, retriever
                   ) -> np.ndarray:
    """The RERANK_FEATURES of each hit: (len(hits), len(RERANK_FEATURES)) float64.
    recip_rank 1/rank and fused (its RRF score / the best's): the fusion's verdict; dense (cosine to the question)
    and dense_gap (− the best's); gloss_cos: the passage's cosine to the rendering (0 without one); clause_max,
    gloss_clause_max: its best clause's cosine to each; bm25_share: its BM25 score / the best's; term_cov: the
    share of the question's dictionary terms (`Retriever.translated`, idf-weighted over the corpus) its text, title
    and headings hold; type_has: it holds a value of the asked kind (answertype.py), 0 when none is asked;
    latin_text: the share of its letters that are Latin (a command line or a config block reads close to any
    English question); subject_free_clause_max: its best clause's cosine to the question without the passage's
    subject (`Retriever.subject_free`; the whole question when nothing is removed); idf_cov: the idf-weighted share
    of the question's tokens its text, title and headings hold."""
    q = query_vec.reshape(-1)
    g = gloss_vec.reshape(-1) if gloss_vec is not None else np.zeros_like(q)
    vectors = retriever.index.store.vectors([h.chunk.id for h in hits]) if hits else np.zeros((0, len(q)))
    idf, unseen = retriever.idf()
    terms = {t: idf.get(t, unseen) for t in retriever.translated(question)}
    total = sum(terms.values())
    words = {w: idf.get(w, unseen) for w in set(retriever.lexicon.tokenize(question))}
    weight = sum(words.values())
    kind = answer_type(question)
    best_dense = max((h.dense for h in hits), default=0.0)
    best_bm25 = max((h.bm25 for h in hits), default=0.0)
    free = retriever.subject_free(question, hits)
    rows = []
    for position, hit in enumerate(hits):
        f = q if free[position] is None else free[position].reshape(-1)
        clause_vecs = retriever.clauses(hit).vectors
        # each clause's cosine to the question, the rendering and the subject-free question: the best of each
        best_q, best_g, best_f = (float((clause_vecs @ v).max()) if len(clause_vecs) else 0.0 for v in (q, g, f))
        text = in_context(hit.chunk)
        rows.append([1.0 / (position + 1), hit.score / hits[0].score if hits[0].score else 0.0, hit.dense,
                     hit.dense - best_dense, float(vectors[position] @ g), best_q, best_g,
                     hit.bm25 / best_bm25 if best_bm25 > 0 else 0.0,
                     sum(w for t, w in terms.items() if t in text) / total if total else 0.0,
                     float(bool(kind) and has_type(kind, hit.chunk.text)), latin_share(hit.chunk.text),
                     best_f, sum(v for w, v in words.items() if w in text) / weight if weight else 0.0])
    return np.array(rows, dtype=np.float64).reshape(-1, len(RERANK_FEATURES))


def latin_share(text: str) -> float:
    """The share of `text`'s letters that are ASCII (0.0 when it has none). Example: latin_share("XR-200主机") == 0.5"""
    letters = [c for c in text if c.isalpha()]
    return sum(c.isascii() for c in letters) / len(letters) if letters else 0.0


def depth(rendered: bool) -> int:
    """How many of the fused top passages are reordered: GLOSS_RERANK_DEPTH for a question with a rendering."""
    return GLOSS_RERANK_DEPTH if rendered else RERANK_DEPTH


def rerank(question: str, query_vec: np.ndarray, gloss_vec: np.ndarray | None, hits: list, retriever) -> list:
    """`hits` with its first `depth` reordered by the shipped reranker (its `gloss_weights` when there is a
    rendering, `gloss_vec`, else its `weights`; ties keep the fused order), ranks renumbered; `hits` itself when the
    setting is off or the index was embedded by another model."""
    if len(hits) < 2 or retriever.rerank != "model":
        return hits
    model = shipped_reranker()
    if not fits_index(retriever, model["embedding_model"]):
        return hits
    weights = model["weights"] if gloss_vec is None else model["gloss_weights"]
    top = hits[:depth(gloss_vec is not None)]
    scores = passage_matrix(question, query_vec, gloss_vec, top, retriever) @ weights
    order = sorted(range(len(top)), key=lambda k: (-scores[k], k)) + list(range(len(top), len(hits)))
    return [replace(hits[k], rank=r) for r, k in enumerate(order, 1)]


def read_reranker(path: Path = MODEL_FILE) -> dict:
    """{"weights", "gloss_weights": arrays (len(RERANK_FEATURES)) over raw features (a question without / with a
    rendering), "embedding_model", "manifest"}; raises RerankerError when the file does not match this code (refit
    with bench/train_reranker.py)."""
    data, arrays, _ = read_fitted(path, RerankerError, "reranker", RERANK_FEATURES, FORMAT_VERSION,
                                  "bench/train_reranker.py", arrays=("weights", "gloss_weights"))
    return {"weights": arrays["weights"], "gloss_weights": arrays["gloss_weights"],
            "embedding_model": str(data["manifest"]["embedding_model"]), "manifest": data["manifest"]}


@lru_cache(maxsize=1)
def shipped_reranker() -> dict:
    return read_reranker(MODEL_FILE)
