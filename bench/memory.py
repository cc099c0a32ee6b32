"""Where the server's memory goes under load: RSS against the Python heap, threads and malloc arenas.

    python bench/memory.py --seconds 60 --runs 2 [--tracemalloc] [--env CHATBOT_MALLOC_ARENAS=0]

Consumes: this checkout's app (ui.create_app over the real model and index). Serves it in this
process (uvicorn in a thread) and drives it with bench/load.py in a child process, so the client's
memory is not counted. Produces, every 5 s: RSS, the Python heap traced by tracemalloc (with
--tracemalloc; it slows the server), thread count, and glibc's malloc_info: arenas and the bytes
they hold from the system. At the end, with --tracemalloc, the source lines whose Python
allocations grew most between the end of the first run and the end.
Shortcut: glibc only (malloc_info through ctypes); it reads, never changes, the allocator.
"""
from __future__ import annotations

import ctypes
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]


def malloc_arenas() -> tuple[int, int]:
    """(arenas, MB held from the system by malloc) from glibc's malloc_info XML."""
    libc = ctypes.CDLL("libc.so.6")
    libc.fopen.restype = ctypes.c_void_p
    with tempfile.NamedTemporaryFile(suffix=".xml") as tmp:
        fp = libc.fopen(tmp.name.encode(), b"w")
        libc.malloc_info(0, ctypes.c_void_p(fp))
        libc.fclose(ctypes.c_void_p(fp))
        xml = Path(tmp.name).read_text()
    total = re.findall(r'<system type="current" size="(\d+)"/>', xml)[-1]  # the last one is the sum
    return len(re.findall(r"<heap nr=", xml)), int(total) // 2**20


def line(started: float, traced: bool) -> str:
    from load import rss_and_threads

    rss, threads = rss_and_threads(os.getpid())
    arenas, held = malloc_arenas()
    heap = f" python heap {tracemalloc.get_traced_memory()[0] // 2**20} MB," if traced else ""
    return f"{time.monotonic() - started:5.0f} s: rss {rss} MB,{heap} threads {threads}, arenas {arenas} holding {held} MB"


@click.command()
@click.option("--seconds", default=60.0, show_default=True)
@click.option("--runs", default=2, show_default=True)
@click.option("--clients", default=32, show_default=True)
@click.option("--tracemalloc", "traced", is_flag=True, help="Trace Python allocations (slower server).")
@click.option("--env", multiple=True, help="KEY=VALUE set before the app starts, e.g. CHATBOT_MALLOC_ARENAS=0.")
def main(seconds, runs, clients, traced, env):
    import uvicorn

    from load import free_port

    os.environ.update(dict(e.split("=", 1) for e in env))
    os.environ["CHATBOT_FEEDBACK_FILE"] = str(Path(tempfile.mkdtemp(prefix="memory-")) / "feedback.jsonl")
    import ui
    from chatbot.bot import ChatBot
    from chatbot.serve.memory import limit_malloc_arenas
    from chatbot.settings import load_settings

    settings = load_settings()
    limit_malloc_arenas(settings.malloc_arenas)
    app = ui.create_app(ChatBot(settings).warm_up())
    if traced:  # after the model loads: tracing torch's import and load would take minutes
        tracemalloc.start(8)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.2)
    started = time.monotonic()
    print(line(started, traced), flush=True)
    load = subprocess.Popen([sys.executable, str(ROOT / "bench" / "load.py"), "--url", f"http://127.0.0.1:{port}",
                             "--seconds", str(seconds), "--clients", str(clients), "--runs", str(runs),
                             "--feedback-file", os.environ["CHATBOT_FEEDBACK_FILE"]],
                            stdout=subprocess.PIPE, text=True)
    first = None
    while load.poll() is None:
        time.sleep(5)
        print(line(started, traced), flush=True)
        if traced and first is None and time.monotonic() - started >= seconds:
            first = tracemalloc.take_snapshot()
    print(load.stdout.read().splitlines()[-2])  # the load verdict
    if traced and first is not None:
        print("python allocations that grew most since the end of run 1:")
        for stat in tracemalloc.take_snapshot().compare_to(first, "traceback")[:8]:
            print(f"  {stat.size_diff / 1024:+9.0f} KiB {stat.count_diff:+7d} blocks  {stat.traceback.format()[-1].strip()}")
    server.should_exit = True


if __name__ == "__main__":
    main()
