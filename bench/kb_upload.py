"""A large upload into a knowledge base while questions keep coming: build rate and question latency.

    python bench/kb_upload.py [--chunks 200] [--interval 0.5]

Consumes: the CMRC trial passages (../shared/benchmarks/cmrc2018-trial/corpus), joined into one long
Markdown document (one section per passage) until the chunker yields about --chunks chunks, and the
seed corpus as the default knowledge base. Produces (printed): for the upload through
`KnowledgeBases.add_documents` (the API's own path, with a second short document: a one-document KB
embeds no file names) — build seconds, chunks/s and texts embedded;
question latency on the default KB (median, p95, max, count) idle and during the build, asked every
--interval s from another thread; then a second upload of one short document: texts embedded (the
others come from the embedding cache) and seconds; and for comparison the same build through
`build_kb`, without questions, with the embedder called directly (one encode per pass) and in paced
slices (indexer.Paced), into fresh index folders.
The real model with the configured backend (CHATBOT_EMBED_BACKEND); one run, so on a shared machine
the figures move with the other load (the load average is printed).
"""
from __future__ import annotations

import io
import os
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CMRC, ROOT  # noqa: E402


class Counting:
    """Counts the texts the build sends to the model."""

    def __init__(self, inner):
        self.inner, self.texts = inner, 0

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode_passages(self, texts, progress=False):
        self.texts += len(texts)
        return self.inner.encode_passages(texts, progress)


def long_document(target_chunks: int, settings) -> tuple[str, int]:
    """One Markdown text of CMRC passages, one `##` section each, holding about target_chunks chunks."""
    from chatbot.documents import Document
    from chatbot.index import build_chunks

    parts = ["# 阅读材料汇编"]
    for path in sorted((CMRC / "corpus").glob("*.md")):
        parts.append("## " + path.read_text(encoding="utf-8").lstrip("# "))
        text = "\n\n".join(parts)
        if len(parts) % 10 == 0:
            from chatbot.readers import read
            ex = read(text.encode(), ".md")
            n = len(build_chunks([Document("x.md", ex.text, "utf-8", "0", ex.blocks)], settings))
            if n >= target_chunks:
                return text, n
    return "\n\n".join(parts), -1


def latencies(bot, question: str, stop: threading.Event, interval: float) -> list[float]:
    out = []
    while not stop.is_set():
        t = time.perf_counter()
        bot.ask(question)
        out.append(time.perf_counter() - t)
        stop.wait(interval)
    return out


def describe(xs: list[float]) -> str:
    if not xs:
        return "none"
    xs = sorted(xs)
    p95 = xs[min(len(xs) - 1, int(0.95 * len(xs)))]
    return f"median {statistics.median(xs) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {xs[-1] * 1000:.0f} ms, n={len(xs)}"


@click.command()
@click.option("--chunks", default=200, help="Size of the uploaded document, in chunks.")
@click.option("--interval", default=0.5, help="Seconds between questions during the build.")
def main(chunks, interval):
    from chatbot.bot import ChatBot
    from chatbot.embedding import SentenceEmbedder
    from chatbot.kb import KnowledgeBases
    from chatbot.kb.indexer import build_kb
    from chatbot.settings import load_settings

    tmp = Path(tempfile.mkdtemp(prefix="kb-bench-"))
    try:
        shutil.copytree(ROOT / "corpus", tmp / "corpus", ignore=shutil.ignore_patterns("questions"))
        settings = replace(load_settings(), corpus_dir=tmp / "corpus", index_dir=tmp / "index", kb_root=tmp / "kbs")
        embedder = Counting(SentenceEmbedder.from_settings(settings))
        bot = ChatBot(settings, embedder).warm_up()
        question = "网络小贷公司的注册资本门槛现在是多少?"
        idle = []
        for _ in range(10):
            t = time.perf_counter()
            bot.ask(question)
            idle.append(time.perf_counter() - t)
        text, n = long_document(chunks, settings)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}; backend {settings.embed_backend}")
        print(f"document: {len(text):,} characters, {n} chunks")
        kbs = KnowledgeBases(settings, default_bot=bot)
        kbs.create("汇编")
        stop = threading.Event()
        during: list[float] = []
        asker = threading.Thread(target=lambda: during.extend(latencies(bot, question, stop, interval)))
        before, started = embedder.texts, time.perf_counter()
        asker.start()
        kbs.add_documents("汇编", [("汇编.md", io.BytesIO(text.encode())),  # two documents: file names are embedded
                                  ("说明.txt", io.BytesIO("说明\n\n本汇编收录阅读材料。".encode()))])
        kbs.wait("汇编")
        seconds = time.perf_counter() - started
        stop.set()
        asker.join()
        st = kbs.status("汇编")
        print(f"upload build: {seconds:.1f} s, {st['chunks']} chunks, {st['chunks'] / seconds:.1f} chunks/s, "
              f"{embedder.texts - before} texts embedded, state {st['state']} {st['error']}")
        print(f"question latency idle:         {describe(idle)}")
        print(f"question latency during build: {describe(during)}")
        before, started = embedder.texts, time.perf_counter()
        kbs.add_documents("汇编", [("补充.txt", io.BytesIO("补充说明\n\n网点周末营业时间为10点至16点。".encode()))])
        kbs.wait("汇编")
        print(f"second upload (one short document): {time.perf_counter() - started:.1f} s, "
              f"{embedder.texts - before} texts embedded")
        from chatbot.kb.indexer import Paced

        for label, emb in [("embedder called directly", embedder.inner),
                           ("in paced slices", Paced(embedder.inner, lambda done, total: None))]:
            fresh = replace(kbs.get("汇编").settings(settings), index_dir=tmp / f"index-{len(label)}")
            started = time.perf_counter()
            index = build_kb(fresh, emb)
            seconds = time.perf_counter() - started
            print(f"same documents, no questions, {label}: {seconds:.1f} s, {len(index.chunks) / seconds:.1f} chunks/s "
                  f"(load average {os.getloadavg()[0]:.1f})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
