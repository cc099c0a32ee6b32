"""Atomic file and folder writes: a reader sees the old version or the new one, never half of one.

Consumes: a target path and a function that writes into a temporary path beside it. Produces: the
target, renamed into place with one `os.replace` (atomic on POSIX within a file system).
Used for the index build folder and its CURRENT pointer (index.py), the converted model folder
(embedding/model.py) and the ONNX exports (embedding/onnx_backend.py).
Shortcuts: the temporary path lives in the target's folder (same file system, so the rename is
atomic); a folder that another process finished first is kept (both wrote the same content).
Also `NUMPY_READS`, the lock every read of a .npy/.npz file takes (index.py, bm25.py).
"""
from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path
from typing import Callable, TypeVar

T = TypeVar("T")

# numpy parses a .npy header with ast.literal_eval, and CPython 3.11's ast module keeps its recursion depth per
# interpreter, not per thread: two threads parsing at once can fail with "SystemError: AST constructor recursion depth
# mismatch" (python/cpython#106905). A knowledge base's indexing thread loads the previous build while a request
# thread loads the current one, so every read of a .npy/.npz file in this package holds this lock.
NUMPY_READS = threading.Lock()


def atomic_file(target: Path, make: Callable[[Path], T], mode: int = 0o644) -> T:
    """Call make(tmp) on a temporary file beside `target`, then rename it onto `target`; returns what make returned.

    Example: atomic_file(Path("index/CURRENT"), lambda p: p.write_text("build-x\\n"))
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(fd)
    try:
        result = make(Path(tmp))
        os.chmod(tmp, mode)  # mkstemp makes 0600: let other local users read it
        os.replace(tmp, target)
        return result
    finally:
        Path(tmp).unlink(missing_ok=True)


def atomic_text(target: Path, text: str) -> None:
    """Write `text` (UTF-8) to `target` atomically."""
    atomic_file(target, lambda p: p.write_text(text, encoding="utf-8"))


def atomic_folder(target: Path, make: Callable[[Path], T], tmp: Path | None = None,
                  keep_failed: bool = False) -> T:
    """Call make(folder) on a fresh folder beside `target` (`tmp`, or a unique hidden name), then rename it
    onto `target`; returns what make returned. A failed folder is removed, unless `keep_failed` (the
    index build: its Milvus collections are dropped with it later, see index.remove_builds).
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if tmp is None:
        work = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    else:
        work = Path(tmp)
        work.mkdir()
    done = False
    try:
        result = make(work)
        try:
            os.replace(work, target)
        except OSError:
            if not target.is_dir():  # a finished twin took the name first: keep it
                raise
        done = True
        return result
    finally:
        if not (keep_failed and not done):
            shutil.rmtree(work, ignore_errors=True)
