"""Index build throughput and peak memory, one child process per run, variants side by side.

    python bench/build.py [--repeat 3] [--corpus seed --corpus cmrc] [--big /tmp/big-corpus --max-chunks 2000]
                          [--fake-vectors] [--variant NAME:CHATBOT_VAR=VALUE,…]

Consumes: corpora (`seed` = corpus/, `cmrc` = ../shared/benchmarks/cmrc2018-trial/corpus, or any
folder; `--big DIR` adds the bench/make_corpus.py output, cut to the first copies holding
--max-chunks chunks so a real-model build finishes in minutes). Produces: one row per corpus ×
variant with the medians over --repeat runs of: chunks, clauses, build seconds (documents →
chunks → vectors → files, model already loaded), chunk-embedding and clause-embedding seconds,
chunks/s, model-load seconds and the child's peak RSS (ru_maxrss) in MB.
--fake-vectors builds with bench/fake_embed.py instead of the model (chunking, files and memory of
the arrays only; the embedding columns then time the stand-in).
Each run builds into a fresh temporary index folder that is removed afterwards.
"""
from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CMRC, ROOT, machine, median, run_json, table, variants  # noqa: E402


class TimedEmbedder:
    """Wraps an embedder and times each encode_passages call (build_index calls it for chunks, then clauses)."""

    def __init__(self, inner):
        self.inner, self.calls = inner, []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def encode_passages(self, texts, progress=False):
        return self._timed(self.inner.encode_passages, texts, progress=progress)

    def token_embeddings(self, texts, prompt="passage"):  # late chunking's one pass
        return self._timed(self.inner.token_embeddings, texts, prompt)

    def _timed(self, fn, *args, **kwargs):
        started = time.perf_counter()
        out = fn(*args, **kwargs)
        self.calls.append(round(time.perf_counter() - started, 2))
        return out


def child(corpus: Path, fake: bool) -> dict:
    """One build in this process; returns the measurements."""
    import resource

    from chatbot.embedding import SentenceEmbedder
    from chatbot.index import build_index
    from chatbot.settings import load_settings

    started = time.perf_counter()
    real = SentenceEmbedder.from_settings(load_settings())
    if fake:
        from bench.fake_embed import FakeEmbedder, mark_fake
        embedder = TimedEmbedder(FakeEmbedder(real.model_id))
    else:
        real.encode_passages(["预热"])  # load the model outside the timed build
        embedder = TimedEmbedder(real)
    load_s = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        settings = load_settings(corpus_dir=corpus, index_dir=Path(tmp))
        started = time.perf_counter()
        built = build_index(settings, embedder)
        seconds = time.perf_counter() - started
        if fake:
            mark_fake(built.path)
    m = built.manifest
    return {"chunks": m["chunks"], "clauses": m["clauses"], "build_s": round(seconds, 1),
            "embed_s": round(sum(embedder.calls), 2),  # separate: chunk pass + clause pass; late: one pass
            "chunk_embed_s": embedder.calls[0] if len(embedder.calls) == 2 else None,
            "clause_embed_s": embedder.calls[1] if len(embedder.calls) == 2 else None,
            "chunks_per_s": round(m["chunks"] / seconds, 1), "model_load_s": round(load_s, 1),
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def slice_corpus(big: Path, max_chunks: int, out: Path) -> int:
    """Copy the first copy-NNNN folders of a make_corpus output until they hold max_chunks chunks."""
    from chatbot.documents import load_corpus
    from chatbot.index import build_chunks
    from chatbot.settings import load_settings

    total = 0
    for folder in sorted(p for p in big.iterdir() if p.is_dir()):
        if total >= max_chunks:
            break
        docs, _ = load_corpus(folder)
        total += len(build_chunks(docs, load_settings()))
        shutil.copytree(folder, out / folder.name)
    return total


@click.command()
@click.option("--corpus", "corpora", multiple=True, help="seed, cmrc or a folder (repeatable) [default: seed, cmrc].")
@click.option("--big", type=click.Path(exists=True, file_okay=False, path_type=Path), help="A bench/make_corpus.py folder.")
@click.option("--max-chunks", type=int, help="Build only the first copies of --big holding this many chunks.")
@click.option("--fake-vectors", is_flag=True, help="Use the stand-in embedder (latency/memory only).")
@click.option("--repeat", default=3, show_default=True)
@click.option("--variant", "specs", multiple=True, help="NAME:CHATBOT_VAR=VALUE,… run as its own child (repeatable).")
@click.option("--child", "child_corpus", hidden=True, type=click.Path(path_type=Path))
def main(corpora, big, max_chunks, fake_vectors, repeat, specs, child_corpus):
    if child_corpus:
        print(json.dumps(child(child_corpus, fake_vectors)))
        return
    named = {"seed": ROOT / "corpus", "cmrc": CMRC / "corpus"}
    folders = [(c, Path(named.get(c, c))) for c in (corpora or ([] if big else ["seed", "cmrc"]))]
    for label, folder in folders:
        if not folder.is_dir():
            raise click.ClickException(f"no corpus folder {folder} (for --corpus {label})")
    tmp = None
    if big:
        if max_chunks:
            tmp = Path(tempfile.mkdtemp(prefix="bench-slice-"))
            n = slice_corpus(big, max_chunks, tmp)
            folders.append((f"big[{n} chunks]", tmp))
        else:
            folders.append(("big", big))
    print(f"# machine: {machine()}", flush=True)
    rows = []
    try:
        for label, folder in folders:
            for name, env in variants(specs):
                runs = []
                for _ in range(repeat):
                    args = ["bench/build.py", "--child", str(folder)] + (["--fake-vectors"] if fake_vectors else [])
                    runs.append(run_json(args, env, timeout=6 * 3600))
                    print(f"  {label} {name}: {runs[-1]}", file=sys.stderr, flush=True)
                row = {"corpus": label, "variant": name + (" (fake vectors)" if fake_vectors else ""), "runs": repeat}
                row.update({k: runs[0][k] if k in ("chunks", "clauses") else median([r[k] for r in runs])
                            for k in runs[0]})
                rows.append(row)
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
    print(table(rows, ["corpus", "variant", "runs", "chunks", "clauses", "build_s", "embed_s", "chunk_embed_s", "clause_embed_s",
                       "chunks_per_s", "model_load_s", "peak_mb"]))


if __name__ == "__main__":
    main()
