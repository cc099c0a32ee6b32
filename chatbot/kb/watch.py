"""Folder sync: re-index a knowledge base when files in its folder are added, changed or removed.

Consumes: KBs (store.py), the Settings and an embedder. Produces: `watch(kbs, …)`, which blocks until
`stop` is set (or Ctrl-C), rebuilding each KB through its `Indexer` (indexer.py) whenever its
documents folder changes — for teams that keep documents on a share and never upload them.
- At start, a KB whose build is missing or no longer fits its files (catalog.stale, by file hashes)
  is indexed once; an up-to-date one is left alone.
- Changes come from watchfiles (inotify on Linux, polling where the file system has no events),
  grouped over `debounce_ms`, so copying a folder of 50 files starts one build, and a change during
  a build queues exactly one more (indexer.py).
- Hidden paths are ignored: upload temporaries (uploads.py), editors' swap files, .git and the like.
Shortcut: a server and a watcher on the same KB each build on their own (both swap CURRENT
atomically; the server's bots pick up the newer build within a second, bot.py).
"""
from __future__ import annotations

import logging
import threading
from pathlib import Path

from .catalog import current_build, on_disk, stale
from .indexer import Indexer

log = logging.getLogger(__name__)


class Visible:
    """A watchfiles filter: a path below one of `roots` none of whose parts (below the root) is hidden."""

    def __init__(self, roots: list[Path]):
        self.roots = [Path(r).resolve() for r in roots]

    def __call__(self, change, path: str) -> bool:
        p = Path(path)
        for root in self.roots:
            if p.is_relative_to(root):
                return not any(part.startswith(".") for part in p.relative_to(root).parts)
        return False


def needs_build(kb, settings, model_id: str) -> str | None:
    """Why the KB should be indexed now (no build, another model, other settings, changed files), or None."""
    if not on_disk(kb):
        return None
    build = current_build(kb.index)
    if build is None:
        return f"no index in {kb.index}"
    return stale(kb, settings, model_id, build.manifest)


def watch(kbs, settings, embedder, stop: threading.Event | None = None, echo=print, debounce_ms: int = 1000,
          force_polling: bool | None = None) -> dict:
    """Keep the KBs' indexes in step with their folders until `stop` is set; returns {name: Indexer}.
    `echo(line)` reports each build (the CLI prints it)."""
    import watchfiles

    def reporter(kb, indexer):
        def built(index):
            if index is None:
                echo(f"{kb.name}: no readable document left: its index was removed")
            else:
                m = index.manifest
                echo(f"{kb.name}: indexed {len(m['files'])} document(s), {m['chunks']} chunks → {index.path}")
                for source, reason in m["skipped"].items():
                    echo(f"{kb.name}: skipped {source}: {reason}")
        return built

    indexers = {}
    for kb in kbs:
        Path(kb.documents).mkdir(parents=True, exist_ok=True)
        indexers[kb.name] = ix = Indexer(kb, settings, embedder)
        ix.on_built = reporter(kb, ix)
        why = needs_build(kb, kb.settings(settings), embedder.model_id)
        if why:
            echo(f"{kb.name}: indexing ({why})")
            ix.request()
    folders = [Path(kb.documents).resolve() for kb in kbs]
    echo(f"watching {', '.join(map(str, folders))} (Ctrl-C to stop)")
    for changes in watchfiles.watch(*folders, watch_filter=Visible(folders), stop_event=stop, debounce=debounce_ms,
                                    raise_interrupt=False, force_polling=force_polling):
        for kb, folder in zip(kbs, folders):
            touched = sorted({Path(p).relative_to(folder).as_posix() for _, p in changes if Path(p).is_relative_to(folder)})
            if touched:
                echo(f"{kb.name}: changed {', '.join(touched[:5])}{' …' if len(touched) > 5 else ''}")
                indexers[kb.name].request()
    for ix in indexers.values():
        ix.stop()
    return indexers
