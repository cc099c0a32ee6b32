"""Milliseconds per one-question encode, by calling thread and torch thread count.

    python bench/encode_threads.py [--threads 2] [--repeat 10]

Consumes: the default model. Produces: one line per step: a fresh worker thread encodes first, then
the main thread, then the worker again, then a second fresh thread — so a thread-dependent slowdown
(torch's OpenMP team on a busy 2-core machine, see docs/bench-load.md) shows as one slow line.
"""
from __future__ import annotations

import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@click.command()
@click.option("--threads", default=0, show_default=True, help="torch.set_num_threads in each thread (0 = default).")
@click.option("--repeat", default=10, show_default=True)
def main(threads, repeat):
    import torch

    from chatbot.embedding import SentenceEmbedder

    st = SentenceEmbedder()._load()
    question = ["网络小贷公司的注册资本门槛现在是多少?"]

    def timed(where: str) -> str:
        if threads:
            torch.set_num_threads(threads)
        st.encode(question)
        started = time.perf_counter()
        for _ in range(repeat):
            st.encode(question)
        ms = 1000 * (time.perf_counter() - started) / repeat
        return f"{where:22s} torch threads {torch.get_num_threads()}: {ms:7.1f} ms per question"

    worker = ThreadPoolExecutor(1)
    print(worker.submit(timed, "worker thread, first").result(), flush=True)
    print(timed("main thread"), flush=True)
    print(worker.submit(timed, "worker thread, again").result(), flush=True)
    print(ThreadPoolExecutor(1).submit(timed, "another thread").result(), flush=True)


if __name__ == "__main__":
    main()
