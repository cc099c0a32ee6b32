"""Keep the server's memory flat under concurrent requests: a cap on glibc's malloc arenas.

Consumes: settings.malloc_arenas. Produces: a call to mallopt(M_ARENA_MAX, n) in this process.
Why: glibc gives a thread that finds the main heap busy an arena of its own, up to 8 per core,
and an arena keeps the memory it once held. FastAPI runs each request on one of up to 40 pool
threads. The main cure is elsewhere (embedding/embedder.py runs the model on one thread, so torch's buffers and
OpenMP team are not multiplied by the pool); this cap keeps the remaining per-request allocations
(tokenising, ranking, JSON) in a few shared arenas. Measured in docs/bench-load.md.
Shortcut: glibc only; elsewhere (musl, macOS) this is a no-op that returns False. Call it before
the model loads: arenas that already exist stay, only new ones are refused.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import logging

M_ARENA_MAX = -8  # from glibc's malloc.h
log = logging.getLogger(__name__)


def limit_malloc_arenas(n: int) -> bool:
    """Cap glibc malloc at n arenas (0 = leave glibc's default); True when the cap was set."""
    if n <= 0:
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        done = bool(libc.mallopt(M_ARENA_MAX, n))
    except (OSError, AttributeError):  # not glibc
        done = False
    if not done:
        log.info("malloc arenas not limited: this C library has no mallopt(M_ARENA_MAX)")
    return done
