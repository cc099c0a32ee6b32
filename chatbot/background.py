"""Off-topic background: how much a question looks like the questions no company document answers.

Consumes: chatbot/data/background.json (off-topic questions: the tune halves of the off-topic sets under bench/sets,
written to be off topic for every company corpus, less those that copy a test question; written by
bench/train_answerability.py with a manifest), a
question's unit vector and the retriever (its query encoder, `Retriever.encode_queries`, and its vector store).
Produces: `background_max` → the question's highest cosine to a background question that this corpus does not
cover, an answerability feature (evidence.py).
Why: a question about the weather, a joke or a JavaScript bug still finds a nearest passage, and its cosine to it
(0.78–0.88 with multilingual-e5-small) overlaps an answerable paraphrase's; but it lies much closer to other
off-topic questions than an answerable one does. On blind3's tune halves (session 18), the best passage's cosine
alone told off-topic from answerable questions with AUC 0.893; that cosine less the nearest background question's,
0.949 (background questions of other writers, with every question within 0.95 of one left out).
Covered: a background question whose best passage reaches `COVERED` (`COVERED_LATIN` for one without a Chinese
character) is one
this corpus may answer (a travel FAQ for the background's 「去泰国旅游需要提前办签证吗」), and is left out of its
background, so the feature does not sink what a corpus is about.
Shortcuts: the background's vectors are embedded once per encoder and kept while it lives (a few hundred short questions, about
a second at start-up: ChatBot.warm_up), the covered ones found once per retriever (one store search).
During a fit, `leaving_out` drops whole question sets from the background, so that a tune question is never
compared with itself or its own writer's questions (bench/train_answerability.py).
"""
from __future__ import annotations

import json
import re
import threading
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from pathlib import Path

import numpy as np

from .errors import ChatbotError
from .lexical import fold

BACKGROUND_FILE = Path(__file__).parent / "data" / "background.json"
# a background question whose best passage's cosine reaches this is covered by the corpus: above the 99th percentile
# of the best cosine of off-topic tune questions (0.876), below the median of answerable ones (0.892): blind3's tune
# halves over the four company corpora, multilingual-e5-small onnx-int8 (session 18)
COVERED = 0.88
# a question without Chinese characters scores lower against Chinese passages: the median best cosine of answerable
# Latin-script tune questions (0.80; their off-topic ones: median 0.775, 90th percentile 0.839), same data (session 18)
COVERED_LATIN = 0.80
_left_out: ContextVar[frozenset[str]] = ContextVar("background_left_out", default=frozenset())
# encoder → the background's unit vectors; weak, so that a released ChatBot's model is freed (a strong dict kept the
# last four, 750 MB each: bench/tune_probe.py, one bot per corpus, was killed for memory at its 30th corpus)
_by_encoder: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_by_retriever: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()   # retriever → its uncovered rows
_lock = threading.Lock()
_HAN = re.compile(r"[\u3400-\u9fff]")


class BackgroundError(ChatbotError):
    """The background question file is missing or damaged."""


def key(question: str) -> str:
    """A question's text for spotting copies: folded (width, case, traditional → simplified), marks and spaces
    dropped (bench/train_answerability.normalised is this)."""
    return re.sub(r"[\W_]+", "", fold(question))


@lru_cache(maxsize=1)
def background() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(questions, the question set each comes from, e.g. "blind2/offtopic"); raises BackgroundError."""
    try:
        rows = json.loads(BACKGROUND_FILE.read_text(encoding="utf-8"))["questions"]
        return tuple(r["question"] for r in rows), tuple(r["set"] for r in rows)
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BackgroundError(f"the background question file {BACKGROUND_FILE} is missing or damaged ({e}); "
                              "reinstall the package or rerun bench/train_answerability.py") from e


@lru_cache(maxsize=1)
def _sets_by_key() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {}
    for q, s in zip(*background()):
        out.setdefault(key(q), set()).add(s)
    return {k: frozenset(v) for k, v in out.items()}


def sets_of(question: str) -> frozenset[str]:
    """The background sets holding a copy of `question` (same `key`): what a fit leaves out for it."""
    return _sets_by_key().get(key(question), frozenset())


def forget() -> None:
    """Drop every cache (the questions, their keys, the vectors per encoder and per retriever): after the file is
    rewritten (bench/train_answerability.write_background)."""
    background.cache_clear()
    _sets_by_key.cache_clear()
    _by_encoder.clear()
    _by_retriever.clear()


@contextmanager
def leaving_out(sets):
    """Within the block, `background_max` ignores the background questions of `sets` (this thread or task only)."""
    token = _left_out.set(frozenset(sets))
    try:
        yield
    finally:
        _left_out.reset(token)


def _vectors(encode) -> np.ndarray:
    owner = getattr(encode, "__self__", encode)
    with _lock:
        vecs = _by_encoder.get(owner)
        if vecs is None:
            vecs = np.asarray(encode(list(background()[0])), dtype=np.float32)
            _by_encoder[owner] = vecs
    return vecs


def uncovered(retriever) -> np.ndarray:
    """The background's unit vectors (m, dim) float32 that the retriever's corpus does not cover (best passage's
    cosine below COVERED, or COVERED_LATIN for one without a Chinese character: 「Netflix 上有什么好看的 Korean drama」
    scores like a Chinese question, and at 0.80 every corpus covered it); (0, dim) without an encoder."""
    rows = _by_retriever.get(retriever)
    if rows is None:
        if retriever.encode_queries is None:
            return np.zeros((0, retriever.index.store.dim), np.float32)
        vecs = _vectors(retriever.encode_queries)
        best, _ = retriever.index.store.search(np.ascontiguousarray(vecs), 1)
        if best.shape[0] != len(vecs):
            raise BackgroundError(f"the vector store answered {best.shape[0]} searches for {len(vecs)} background questions")
        keep = best[:, 0] < np.where([_HAN.search(q) is None for q in background()[0]], COVERED_LATIN, COVERED)
        rows = _by_retriever[retriever] = (vecs[keep], np.asarray(background()[1], dtype=object)[keep])
    vecs, sets = rows
    left_out = _left_out.get()
    if left_out:
        vecs = vecs[[s not in left_out for s in sets]]
    return vecs


def background_max(query_vec: np.ndarray, retriever) -> float:
    """The question's highest cosine to an uncovered background question; 0.0 when there is none."""
    vecs = uncovered(retriever)
    return float((vecs @ np.asarray(query_vec, dtype=np.float32).reshape(-1)).max()) if len(vecs) else 0.0
