"""Embedding speed, side by side: each backend (torch / onnx / onnx-int8), with and without late chunking.

    python bench/embed.py --repeats 3 --cmrc-docs 60

Prints one table: passage texts/s (the seed document's chunk texts), chunks/s of a whole index
build of the seed corpus and of the first N CMRC trial documents (chunking, embedding every chunk
and clause, writing the index), and single-question encode latency p50/p95 (warm, one question at
a time). The variants run interleaved within each repetition, so they share the machine's load;
each figure is the median over repetitions. Builds go to a temporary folder.
"""
from __future__ import annotations

import logging
import shutil
import statistics
import tempfile
import time
from pathlib import Path

import click
import numpy as np

from chatbot.index import build_chunks, build_index, corpus_state
from chatbot.settings import ROOT, Settings

CMRC = Path("/work/shared/benchmarks/cmrc2018-trial")
QUESTIONS = ["网络小贷公司的注册资本门槛现在是多少?", "那个用卫星看庄稼放贷的项目覆盖了多少农户?", "跨境支付交易规模有多大?",
             "互联网金融行业面临的主要挑战有哪些?", "蚂蚁森林种了多少棵树?", "How many trees has Ant Forest planted?",
             "央行现在的存款准备金率是多少?", "不良率", "網路小貸公司的註冊資本門檻是多少?", "碳账户"]


def build_rate(settings: Settings, embedder) -> tuple[float, int, int]:
    """(chunks per second of a whole build, chunks, clauses)."""
    started = time.perf_counter()
    built = build_index(settings, embedder)
    seconds = time.perf_counter() - started
    return built.manifest["chunks"] / seconds, built.manifest["chunks"], built.manifest["clauses"]


@click.command()
@click.option("--backends", default="torch,onnx,onnx-int8", help="Comma-separated backends to compare.")
@click.option("--repeats", default=3, help="Repetitions; figures are medians.")
@click.option("--cmrc", "cmrc_dir", type=click.Path(path_type=Path), default=CMRC, help="CMRC trial folder.")
@click.option("--cmrc-docs", default=60, help="How many CMRC documents the build uses (0 = skip).")
def main(backends, repeats, cmrc_dir, cmrc_docs):
    import dataclasses

    from chatbot.embedding import SentenceEmbedder
    from chatbot.settings import load_settings

    logging.getLogger("chatbot").setLevel(logging.ERROR)
    names = backends.split(",")
    embedders = {b: SentenceEmbedder.from_settings(dataclasses.replace(load_settings(), embed_backend=b)) for b in names}
    for emb in embedders.values():
        emb.encode_queries(["预热"])  # load (and export, if missing) outside the timings
    work = Path(tempfile.mkdtemp(prefix="bench-embed-"))
    corpora = {"seed": ROOT / "corpus"}
    if cmrc_docs:
        corpora["cmrc"] = work / "cmrc-corpus"
        corpora["cmrc"].mkdir()
        for doc in sorted((cmrc_dir / "corpus").iterdir())[:cmrc_docs]:
            shutil.copy(doc, corpora["cmrc"])
    seed = Settings(corpus_dir=corpora["seed"], index_dir=work / "unused")
    passages = [c.embed_text for c in build_chunks(corpus_state(seed)[0], seed)]
    figures: dict[tuple, list[float]] = {}
    sizes = {}
    try:
        for _ in range(repeats):
            for b, emb in embedders.items():
                started = time.perf_counter()
                emb.encode_passages(passages)
                figures.setdefault((b, "passages/s"), []).append(len(passages) / (time.perf_counter() - started))
                lat = []
                for q in QUESTIONS * 3:
                    started = time.perf_counter()
                    emb.encode_queries([q])
                    lat.append(1000 * (time.perf_counter() - started))
                figures.setdefault((b, "query p50 ms"), []).append(float(np.percentile(lat, 50)))
                figures.setdefault((b, "query p95 ms"), []).append(float(np.percentile(lat, 95)))
                for mode in ("separate", "late"):
                    for name, corpus in corpora.items():
                        settings = Settings(corpus_dir=corpus, index_dir=work / f"index-{name}", clause_vectors=mode,
                                            embed_backend=b)
                        rate, n_chunks, n_clauses = build_rate(settings, emb)
                        figures.setdefault((b, f"{name} build chunks/s ({mode})"), []).append(rate)
                        sizes[name] = (n_chunks, n_clauses)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    metrics = list(dict.fromkeys(m for _, m in figures))
    print(f"median of {repeats} runs; seed passages: {len(passages)} texts; "
          + "; ".join(f"{n} build: {c} chunks + {k} clauses" for n, (c, k) in sizes.items()))
    print(f"{'':30}" + "".join(f"{b:>12}" for b in names))
    for m in metrics:
        print(f"{m:30}" + "".join(f"{statistics.median(figures[(b, m)]):12.1f}" for b in names))


if __name__ == "__main__":
    main()
