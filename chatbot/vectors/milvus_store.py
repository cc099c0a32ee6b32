"""The Milvus vector store: the same interface as FaissStore (the VectorStore of base.py), vectors held by Milvus.

Consumes: (n, d) float32 unit rows, the `vector_store` setting (`milvus://host:port`,
`http(s)://host:port`, or a Milvus Lite file `*.db`) and the build's name. Produces: a
`MilvusStore` over one collection per build and store, `chatbot_<build>_<name>` (fields `id`
INT64 primary = row number, `vector` FLOAT_VECTOR), so a new build writes new collections and the
CURRENT swap stays atomic; `drop_build` removes a build's collections when its folder goes.
Metric: inner product (IP) of unit vectors = cosine. Index: FLAT up to `flat_max` rows, HNSW
above (`auto`), or as `index_type` says (ivfpq → IVF_PQ, nlist 1024); Milvus Lite 3.2 accepts FLAT and HNSW.
Credentials: the token ("user:password" or an API key) is the `milvus_token` setting
(CHATBOT_MILVUS_TOKEN), passed to the client when it connects and never written into a manifest.
Shortcuts: one client per address per process; Milvus Lite allows one process per file.
"""
from __future__ import annotations

import logging
import re
import threading
from pathlib import Path

import numpy as np

from ..errors import IndexUnavailable
from ..settings import check_choice, redact
from .base import FLAT_MAX, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH, HNSW_M, IVFPQ_M, IVFPQ_NPROBE, best_first, choose_index_type

BATCH = 5000                # rows per insert (well under gRPC's 64 MB message limit at d=384)
_clients: dict[str, object] = {}
_lock = threading.Lock()


def connection(uri: str) -> str:
    """What MilvusClient takes. Example: connection("milvus://db:19530") == "http://db:19530" """
    if uri.startswith("milvus://"):
        return "http://" + uri.removeprefix("milvus://")
    if uri.startswith(("http://", "https://")):
        return uri
    if uri.endswith(".db"):
        return str(Path(uri).expanduser().resolve())
    check_choice("vector_store", uri)  # SettingsError naming the forms; "faiss" is no Milvus address either
    raise ValueError(f"{uri!r} is not a Milvus address")


def client(uri: str, token: str = ""):
    """A shared MilvusClient for this address; IndexUnavailable when Milvus cannot be reached."""
    from pymilvus import MilvusClient

    target = connection(uri)
    if target.endswith(".db"):
        # Milvus Lite's embedded server lacks AllocTimestamp, which pymilvus calls while an index is
        # created; pymilvus ignores the "unimplemented" answer, but grpc logs a traceback each time
        logging.getLogger("grpc._server").setLevel(logging.CRITICAL)
    with _lock:
        if target not in _clients:
            try:
                _clients[target] = MilvusClient(uri=target, token=token)
            except Exception as exc:  # pymilvus raises MilvusException or connection errors
                raise IndexUnavailable(f"cannot connect to Milvus at {redact(uri)} ({exc})") from exc
        return _clients[target]


def collection_name(build: str, name: str) -> str:
    """Example: collection_name("build-20250101-120000-ab12cd", "chunks") == "chatbot_build_20250101_120000_ab12cd_chunks" """
    return "chatbot_" + re.sub(r"\W", "_", f"{build}_{name}")


def _index_params(milvus, kind: str):
    params = milvus.prepare_index_params()
    if kind == "hnsw":
        params.add_index("vector", index_type="HNSW", metric_type="IP",
                         params={"M": HNSW_M, "efConstruction": HNSW_EF_CONSTRUCTION})
    elif kind == "ivfpq":
        params.add_index("vector", index_type="IVF_PQ", metric_type="IP", params={"nlist": 1024, "m": IVFPQ_M})
    else:
        params.add_index("vector", index_type="FLAT", metric_type="IP")
    return params


class MilvusStore:
    """One Milvus collection; rows are addressed by their position in the build (0…n-1)."""

    def __init__(self, uri: str, collection: str, kind: str, requested: str, ntotal: int, dim: int, token: str = ""):
        self.uri, self.collection, self.kind, self.requested = uri, collection, kind, requested
        self.ntotal, self.dim = ntotal, dim
        self.milvus = client(uri, token)

    @classmethod
    def build(cls, vectors: np.ndarray, uri: str, build: str, name: str, index_type: str = "auto",
              flat_max: int = FLAT_MAX, token: str = "") -> MilvusStore:
        """Create the collection `chatbot_<build>_<name>`, insert the rows, load it for search."""
        from pymilvus import DataType, MilvusClient

        n, d = vectors.shape
        assert vectors.dtype == np.float32
        kind = choose_index_type(n, index_type, flat_max)
        milvus, collection = client(uri, token), collection_name(build, name)
        if milvus.has_collection(collection):
            milvus.drop_collection(collection)
        schema = MilvusClient.create_schema(auto_id=False, enable_dynamic_field=False)
        schema.add_field("id", DataType.INT64, is_primary=True)
        schema.add_field("vector", DataType.FLOAT_VECTOR, dim=d)
        milvus.create_collection(collection, schema=schema, index_params=_index_params(milvus, kind))
        for a in range(0, n, BATCH):
            milvus.insert(collection, [{"id": i, "vector": vectors[i]} for i in range(a, min(n, a + BATCH))])
        milvus.flush(collection)
        milvus.load_collection(collection)
        return cls(uri, collection, kind, index_type, n, d, token)

    @classmethod
    def load(cls, description: dict, token: str = "") -> MilvusStore:
        """The collection a manifest names; IndexUnavailable when it is gone."""
        store = cls(description["uri"], description["collection"], description["kind"], description["requested"],
                    description["ntotal"], description["dim"], token)
        if not store.milvus.has_collection(store.collection):
            raise IndexUnavailable(f"the Milvus collection {store.collection} at {store.uri} is missing")
        store.milvus.load_collection(store.collection)
        return store

    def search(self, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        q = np.ascontiguousarray(queries, dtype=np.float32).reshape(-1, self.dim)
        k = max(1, min(k, self.ntotal, 16384))  # Milvus caps a search at 16384 results
        params = {"metric_type": "IP", "params": {"ef": max(HNSW_EF_SEARCH, k), "nprobe": IVFPQ_NPROBE}}
        found = self.milvus.search(self.collection, data=list(q), limit=k, search_params=params, output_fields=["id"])
        scores, ids = np.full((len(q), k), -np.inf, np.float32), np.full((len(q), k), -1, np.int64)
        for row, hits in enumerate(found):
            for col, hit in enumerate(hits):
                scores[row, col], ids[row, col] = hit["distance"], hit["id"]
        return best_first(scores, ids)

    def vectors(self, ids) -> np.ndarray:
        ids = [int(i) for i in np.asarray(ids).reshape(-1)]
        if not ids:
            return np.zeros((0, self.dim), np.float32)
        rows = {r["id"]: r["vector"] for r in self.milvus.get(self.collection, ids=ids, output_fields=["vector"])}
        return np.array([rows[i] for i in ids], dtype=np.float32)

    def describe(self) -> dict:
        return {"backend": "milvus", "uri": redact(self.uri), "collection": self.collection,
                "requested": self.requested, "kind": self.kind, "ntotal": int(self.ntotal), "dim": int(self.dim)}


def drop_build(uri: str, build: str, token: str = "") -> None:
    """Drop every collection of a build (its stores), if Milvus is reachable."""
    milvus = client(uri, token)
    prefix = collection_name(build, "")
    for name in milvus.list_collections():
        if name.startswith(prefix):
            milvus.drop_collection(name)
