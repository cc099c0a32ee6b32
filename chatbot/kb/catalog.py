"""What a knowledge base holds: its documents and their chunks, read from disk and its current build.

Consumes: a `KB` (store.py). Produces: `documents_of(kb)` (one dict per document, for the API and the
page), `chunks_of(kb, name)` (the split preview), `current_build(index_dir)` and `stale(kb, …)`.
Nothing here loads vectors: the manifest, chunks.jsonl and the indexer's documents.json (DOC_STATS:
format, pages, sections, title per document) are read from the build folder CURRENT names, once per
build (the files of a build never change). A document's status compares the file on disk with the
build: "indexed" (same bytes), "pending" (new or changed since: a rebuild will take it),
"skipped" (the build could not use it; `warnings` says why) or "deleted" (gone from disk; its
answers go when the rebuild is swapped in).
Shortcut: file hashes are cached by (path, size, mtime), as a build's are not recorded elsewhere.
"""
from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from ..chunks import Chunk
from ..documents import corpus_files, reader_version
from ..errors import Conflict, NotFound
from .names import no_document, stored_path

DOC_STATS = "documents.json"
_lock = threading.Lock()
_builds: OrderedDict[Path, "Build"] = OrderedDict()
_hashes: dict[tuple, str] = {}


@dataclass(frozen=True)
class Build:
    path: Path
    manifest: dict
    chunks: list[Chunk]
    stats: dict     # source → {"format", "pages", "sections", "title"}; {} for a build made without the indexer


def current_build(index_dir: Path) -> Build | None:
    """The build CURRENT names, or None when there is none (or it cannot be read)."""
    try:
        path = Path(index_dir) / (Path(index_dir) / "CURRENT").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    with _lock:
        if path in _builds:
            _builds.move_to_end(path)
            return _builds[path]
    try:
        manifest = json.loads((path / "manifest.json").read_text(encoding="utf-8"))
        with open(path / "chunks.jsonl", encoding="utf-8") as f:
            chunks = [Chunk(**{**row, "path": tuple(row["path"])}) for row in map(json.loads, f)]
    except (OSError, ValueError, TypeError, KeyError):
        return None
    try:
        stats = json.loads((path / DOC_STATS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        stats = {}
    build = Build(path, manifest, chunks, stats)
    with _lock:
        _builds[path] = build
        while len(_builds) > 16:
            _builds.popitem(last=False)
    return build


def file_hash(path: Path) -> str:
    """sha256 of the file's bytes (what the manifest records), cached by path, size and mtime."""
    st = path.stat()
    key = (str(path), st.st_size, st.st_mtime_ns)
    if key not in _hashes:
        if len(_hashes) > 100_000:
            _hashes.clear()
        h = hashlib.sha256()
        with open(path, "rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                h.update(block)
        _hashes[key] = h.hexdigest()
    return _hashes[key]


def on_disk(kb) -> dict[str, Path]:
    """source → file, for every file a build of this KB would look at."""
    return dict(corpus_files(kb.documents)) if Path(kb.documents).is_dir() else {}


def documents_of(kb) -> list[dict]:
    """One entry per document on disk (and per document still in the build but deleted from disk), by name."""
    build = current_build(kb.index)
    m = build.manifest if build else {}
    files, skipped, stats = m.get("files", {}), m.get("skipped", {}), build.stats if build else {}
    alias_of = {a: d for d, aliases in m.get("aliases", {}).items() for a in aliases}
    counts, sections, pages = {}, {}, {}
    for c in build.chunks if build else ():
        counts[c.source] = counts.get(c.source, 0) + 1
        sections.setdefault(c.source, set()).add(c.path)
        pages[c.source] = max(pages.get(c.source) or 0, c.page or 0) or None
    out = []
    for source, path in on_disk(kb).items():
        if source in files:
            status = "indexed" if files[source] == file_hash(path) else "pending"
        else:
            status = "skipped" if source in skipped else "pending"
        out.append(_entry(source, status, path.stat().st_size, m, stats, counts, sections, pages, alias_of))
    present = {e["name"] for e in out}
    out += [_entry(s, "deleted", None, m, stats, counts, sections, pages, alias_of) for s in files if s not in present]
    return sorted(out, key=lambda e: e["name"])


def _entry(source, status, size, m, stats, counts, sections, pages, alias_of) -> dict:
    canonical = alias_of.get(source, source)
    own = stats.get(canonical, {})
    warnings = [w for w in (m.get("warnings", {}).get(canonical), m.get("skipped", {}).get(source)) if w]
    fmt = own.get("format") or Path(source).suffix.lower().lstrip(".")
    encoding = m.get("encodings", {}).get(canonical, "") if status != "pending" else ""
    return {"name": source, "status": status, "format": fmt,
            "bytes": size, "title": own.get("title", ""),
            "pages": own.get("pages", pages.get(canonical)) if status != "pending" else None,
            "sections": own.get("sections", len(sections.get(canonical, ()))) if status != "pending" else None,
            "chunks": counts.get(source, 0) if status != "pending" else None,
            # a text file's encoding (utf-8, gb18030); none for an Office file or PDF, whose readers put their format
            # name there (readers/model.py: Extracted.encoding)
            "encoding": "" if encoding == fmt else encoding,
            "warnings": warnings, "alias_of": canonical if canonical != source else None,
            "indexed_at": m.get("created") if status in ("indexed", "deleted") else None}


def chunks_of(kb, name: str) -> list[dict]:
    """The split preview: the document's chunks in order (section path, text, page and location, offsets).
    NotFound for a document the KB does not hold; Conflict for one not indexed (yet)."""
    path = stored_path(kb.documents, name)
    source = path.relative_to(kb.documents).as_posix()
    build = current_build(kb.index)
    m = build.manifest if build else {}
    canonical = {a: d for d, aliases in m.get("aliases", {}).items() for a in aliases}.get(source, source)
    if source not in m.get("files", {}):
        if not path.is_file():
            raise NotFound(no_document(kb.name, name))
        why = m.get("skipped", {}).get(source)
        raise Conflict(f"{name} 未能索引：{why}" if why else f"{name} 还没有索引：请看知识库的状态")
    return [{"n": n, "id": c.id, "section": c.section, "path": list(c.path), "text": c.text, "context": c.context,
             "kind": c.kind, "start": c.start, "end": c.end, "page": c.page, "location": c.location}
            for n, c in enumerate(c for c in build.chunks if c.source == canonical)]


def stale(kb, settings, model_id: str, manifest: dict) -> str | None:
    """Why the KB's build no longer fits its files and settings (index.stale_reason on file hashes alone,
    so no document is parsed), or None."""
    from ..index import stale_reason

    skipped = manifest.get("skipped", {})
    files = {s: file_hash(p) for s, p in on_disk(kb).items() if s not in skipped}
    return stale_reason(manifest, settings, model_id, {"files": files, "chunker": settings.chunker(),
                                                       "reader": reader_version()})
