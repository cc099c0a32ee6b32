"""Rebuild a knowledge base's index in the background, one build at a time, with progress to show.

Consumes: a `KB`, the Settings and the shared embedder. Produces: `build_kb` (one build, with
per-document statistics written beside it) and `Indexer` (a KB's background rebuilds and their status).
- A change (upload, delete, folder sync) calls `Indexer.request()`: a build starts in a thread when
  none runs; a request during a build queues exactly one more (however many arrive), which starts
  when that build ends, so the last change is always indexed and two builds of one KB never overlap.
- A build is index.build_index: a new build folder swapped in through CURRENT, so questions are
  answered from the previous build until the new one is complete (or forever, if the build fails:
  the state says "failed" with the error). Unchanged texts are not embedded again (index.py's cache).
- Progress: state (idle | queued | indexing | failed | empty), phase (reading: done/total files with
  the current one; embedding: done/total texts of the current pass — chunks, then clauses; loading: the
  new build is made ready to answer).
- `Paced` hands the build's texts to the shared embedder in slices sized from the last slice's speed to
  take about PACE_SECONDS, so a question's encode waits for one slice at most instead of a whole upload
  (the embedder runs one encode at a time) on a fast machine or a busy one, and each slice is counted
  for the progress.
- A KB left without a readable document loses its index (state "empty": nothing to answer from).
Shortcut: the queue is one flag per KB in this process; `chatbot index --watch` in another process
builds on its own (both swap CURRENT atomically; the last one wins).
"""
from __future__ import annotations

import json
import logging
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from ..errors import ChatbotError, CorpusError
from ..files import atomic_text
from .catalog import DOC_STATS
from .store import empty_index

PACE, PACE_SECONDS, FIRST_CHARS = 64, 0.5, 1000  # a build's encode calls: at most 64 texts, about 0.5 s each
log = logging.getLogger(__name__)


@dataclass
class Progress:
    state: str = "idle"       # idle | queued | indexing | failed | empty
    phase: str = ""           # reading | embedding | loading while indexing
    done: int = 0
    total: int = 0
    current: str = ""         # the file being read
    error: str = ""           # why the last build failed (or why the KB is empty)
    started: str = ""
    finished: str = ""


class Paced:
    """The shared embedder as a build sees it: passages in slices sized to take about PACE_SECONDS each (at most
    PACE texts; the first FIRST_CHARS characters), each reported as (done, total)."""

    def __init__(self, embedder, report):
        self.inner, self.report = embedder, report

    def __getattr__(self, name):  # model_id, dim, token_embeddings, …
        return getattr(self.inner, name)

    def encode_passages(self, texts, progress=False):
        texts = list(texts)
        if not texts:
            return self.inner.encode_passages([])
        # whole batches of the encoder, in its order: the int8 graph scales by the batch, so slices cut elsewhere gave
        # vectors unlike `chatbot index`'s for the same files (8 of a breaker's 100 answers differed; session 32)
        groups = getattr(self.inner, "passage_batches", lambda t: None)(texts) or \
            [[i] for i in sorted(range(len(texts)), key=lambda i: len(texts[i]))]   # similar lengths: little padding
        out, done, budget, at = None, 0, FIRST_CHARS, 0
        while at < len(groups):
            rows, chars = [], 0
            for group in groups[at:]:
                size = sum(len(texts[i]) for i in group)
                if rows and (chars + size > budget or len(rows) + len(group) > PACE):
                    break
                rows += group
                chars += size
                at += 1
            started = time.perf_counter()
            vecs = self.inner.encode_passages([texts[i] for i in rows])
            # characters per second, including any question that was encoded first: busy → smaller slices
            budget = max(1, chars / max(time.perf_counter() - started, 1e-6) * PACE_SECONDS)
            if out is None:
                out = np.empty((len(texts), vecs.shape[1]), dtype=np.float32)
            out[rows] = vecs
            done += len(rows)
            self.report(done, len(texts))
        return out


def doc_stats(doc) -> dict:
    """What the document list shows of one document: format, pages (PDF pages / slides), sections, title."""
    from ..sections import split_sections

    pages = [p.page for p in doc.places if p.page]
    return {"format": Path(doc.source).suffix.lower().lstrip("."), "pages": max(pages) if pages else None,
            "sections": len(split_sections(doc)), "title": doc.title}


def build_kb(settings, embedder, on_file=None, progress: bool = False):
    """Read the KB's documents (`on_file(source, i, n)` before each), build its index, write DOC_STATS into
    the new build folder; returns the `Index`. CorpusError when no document is readable."""
    from ..documents import corpus_state
    from ..index import build_index

    docs, state = corpus_state(settings, on_file)
    index = build_index(settings, embedder, progress=progress, corpus=(docs, state))
    atomic_text(index.path / DOC_STATS, json.dumps({d.source: doc_stats(d) for d in docs}, ensure_ascii=False, indent=1))
    return index


class Indexer:
    """One KB's background builds. `on_built(index or None)` is called after each (None: the KB is empty)."""

    def __init__(self, kb, settings, embedder, on_built=lambda index: None):
        self.kb, self.settings, self.embedder, self.on_built = kb, kb.settings(settings), embedder, on_built
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._pending = self._stopped = False
        self._thread = None
        self.progress = Progress()
        self.empty = False  # the last build found no readable document (its index was removed)

    def request(self) -> None:
        """Rebuild soon: now if idle, else once more after the running build."""
        with self._lock:
            if self._stopped:
                return
            self._pending = True
            self._idle.clear()
            if self.progress.state != "indexing":  # also when a build just ended and its thread is about to loop
                self.progress = Progress("queued", error=self.progress.error, finished=self.progress.finished)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name=f"index-{self.kb.name}", daemon=True)
                self._thread.start()

    def status(self) -> dict:
        """The progress as a dict (a copy), with `rebuild_queued`: whether another build follows this one."""
        with self._lock:
            return {**asdict(self.progress), "rebuild_queued": self._pending and self.progress.state == "indexing"}

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no build runs or is queued; False on timeout."""
        return self._idle.wait(timeout)

    def stop(self) -> None:
        """No further builds (the KB is being deleted); a running one finishes."""
        with self._lock:
            self._stopped, self._pending = True, False

    def _run(self) -> None:
        while True:
            with self._lock:
                if not self._pending or self._stopped:
                    self._thread = None
                    self._idle.set()
                    return
                self._pending = False
                self.progress = Progress("indexing", "reading", started=_now(), error=self.progress.error)
            self._build()

    def _set(self, **fields) -> None:
        with self._lock:
            for k, v in fields.items():
                setattr(self.progress, k, v)

    def _finish(self, state: str, error: str = "") -> None:
        """The build's end in the status: "queued" rather than its own state when another build follows, so
        the status is never idle while a change waits to be indexed."""
        with self._lock:
            queued = self._pending and not self._stopped
            self.progress = Progress("queued" if queued else state, error=error, started=self.progress.started,
                                     finished=_now())

    def _build(self) -> None:
        s = self.settings
        try:
            index = build_kb(s, Paced(self.embedder, lambda d, n: self._set(phase="embedding", done=d, total=n,
                                                                             current="")),
                             on_file=lambda src, i, n: self._set(phase="reading", done=i, total=n, current=src))
        except CorpusError as exc:  # nothing left to answer from: no stale answers either
            if not Path(s.corpus_dir).is_dir():  # the KB was deleted
                return self._finish("failed", str(exc))
            empty_index(s, s.index_dir)
            self.empty = True
            self.on_built(None)
            return self._finish("empty", str(exc))
        except Exception as exc:  # the previous build keeps serving; the status says why
            log.warning("indexing %s failed: %s", self.kb.name, exc, exc_info=not isinstance(exc, ChatbotError))
            return self._finish("failed", str(exc) if isinstance(exc, ChatbotError) else f"{type(exc).__name__}: {exc}")
        self._set(phase="loading", current="")
        try:
            self.on_built(index)
            self.empty = False
        finally:
            self._finish("idle")


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S%z")
