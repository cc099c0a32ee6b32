"""Vector stores: the one small interface between the index and whatever holds its vectors.

Consumes: (n, d) float32 unit rows, the build folder and the settings (`vector_store`, `index_type`,
`flat_max`, `milvus_token`). Produces: a `VectorStore` (base.py) made by the backend the store URI
names: `faiss` (faiss_store.py; a file `<name>.faiss` in the build folder) or Milvus
(`milvus://host:port`, `http(s)://host:port` or a Milvus Lite `*.db` file; milvus_store.py, one
collection per build and store). Every layer's `search(queries, k)` returns `(scores, ids)`.
Shortcut: the backends are imported on first use, so FAISS users never import pymilvus.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

from .base import INDEX_TYPES, VectorStore, best_first, choose_index_type


def build_store(vectors: np.ndarray, folder: Path, name: str, settings) -> VectorStore:
    """Store `vectors` for the build in `folder` (the build's temporary folder) under `name`."""
    if settings.vector_store == "faiss":
        from .faiss_store import FaissStore

        store = FaissStore.build(vectors, settings.index_type, settings.flat_max)
        store.save(Path(folder) / f"{name}.faiss")
        return store
    from .milvus_store import MilvusStore

    return MilvusStore.build(vectors, settings.vector_store, build_name(folder), name, settings.index_type,
                             settings.flat_max, settings.milvus_token)


def load_store(folder: Path, name: str, description: dict, settings) -> VectorStore:
    """The store that `describe()` recorded for this build."""
    if description.get("backend", "faiss") == "faiss":
        from .faiss_store import FaissStore

        return FaissStore.load(Path(folder) / f"{name}.faiss", description)
    from .milvus_store import MilvusStore

    return MilvusStore.load(description, settings.milvus_token)


def drop_stores(folder: Path, uri: str, settings) -> None:
    """Free what a removed build held outside its folder (its Milvus collections); FAISS files go with it."""
    if uri != "faiss":
        from .milvus_store import drop_build

        drop_build(uri, build_name(folder), settings.milvus_token)


def build_name(folder: Path) -> str:
    """The build a (possibly temporary) folder is for. Example: build_name(Path(".build-x.tmp")) == "build-x" """
    return Path(folder).name.lstrip(".").removesuffix(".tmp")


__all__ = ["INDEX_TYPES", "VectorStore", "best_first", "build_name", "build_store", "choose_index_type", "drop_stores",
           "load_store"]
