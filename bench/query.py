"""Query latency: end-to-end bot.ask (retrieval + extractive answer) in process, and POST /api/ask under load.

    python bench/query.py [--corpus seed --corpus cmrc] [--big /tmp/big-corpus] [--api] [--clients 1,8,32]
                          [--seconds 20] [--n 200] [--variant NAME:CHATBOT_VAR=VALUE,…]

Consumes: a built index per corpus (built on first use: seed → index/, cmrc and --big → their own
folders under index/corpora/, as `chatbot eval --corpus` does) and a question set per corpus (seed:
corpus/questions/seed.jsonl; cmrc and --big: the CMRC trial questions).
--big DIR is a bench/make_corpus.py folder (≥100,000 chunks); its index is built once with the
stand-in vectors of bench/fake_embed.py — LATENCY ONLY, not quality — while questions are still
encoded by the real model, so every query does the real work over arrays of the real size.
Produces, per corpus × variant: in process (one child process, model and index warm) the p50/p95
of bot.ask over --n questions and the p50 of the query encoding alone; with --api a server
(`python -m chatbot serve`) on a free port and 1, 8, 32 … concurrent httpx clients posting
questions for --seconds each: requests served, p50/p95, requests/s and errors (non-200 or dropped).
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CMRC, PYTHON, ROOT, SEED_QUESTIONS, child_env, machine, pct, run_json, table, variants  # noqa: E402


def questions(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line)["question"] for line in f if line.strip()]


def index_dir(corpus: Path) -> Path:
    from chatbot.settings import index_dir_for
    from chatbot.settings import load_settings

    default = load_settings().index_dir
    return default if corpus.resolve() == (ROOT / "corpus").resolve() else index_dir_for(corpus, default)


def ensure_fake_index(corpus: Path) -> None:
    """Build the --big index with stand-in vectors unless a current one exists."""
    from bench.fake_embed import FakeEmbedder, mark_fake
    from chatbot.embedding import SentenceEmbedder
    from chatbot.errors import IndexUnavailable
    from chatbot.index import build_index, corpus_state, load_index, stale_reason
    from chatbot.settings import load_settings

    settings = load_settings(corpus_dir=corpus, index_dir=index_dir(corpus))
    model_id = SentenceEmbedder.from_settings(settings).model_id
    try:
        if stale_reason(load_index(settings.index_dir, settings).manifest, settings, model_id,
                        corpus_state(settings)[1]) is None:
            return
    except IndexUnavailable:
        pass
    started = time.perf_counter()
    built = build_index(settings, FakeEmbedder(model_id))
    mark_fake(built.path)
    print(f"  built the stand-in index of {corpus}: {built.manifest['chunks']} chunks, "
          f"{built.manifest['clauses']} clauses in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)


def child(corpus: Path, qfile: Path, n: int) -> dict:
    """Warm ChatBot in this process; time n asks."""
    from chatbot.bot import ChatBot
    from chatbot.settings import load_settings

    started = time.perf_counter()
    bot = ChatBot(load_settings(corpus_dir=corpus, index_dir=index_dir(corpus))).warm_up()
    load_s = time.perf_counter() - started
    qs = questions(qfile)
    for q in qs[:5]:  # warm the answer path too
        bot.ask(q)
    total, encode = [], []
    for i in range(n):
        q = qs[i % len(qs)]
        t0 = time.perf_counter()
        bot.embedder.encode_queries([q])
        t1 = time.perf_counter()
        bot.ask(q)
        total.append((time.perf_counter() - t1) * 1000)
        encode.append((t1 - t0) * 1000)
    return {"chunks": len(bot.retriever.chunks), "load_s": round(load_s, 1), "n": n,
            "p50_ms": round(pct(total, 50), 1), "p95_ms": round(pct(total, 95), 1),
            "encode_p50_ms": round(pct(encode, 50), 1)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def load(url: str, qs: list[str], clients: int, seconds: float) -> dict:
    """`clients` threads post questions for `seconds`; latency of every request, errors counted."""
    import httpx

    lock, lat, errors = threading.Lock(), [], []
    stop = time.monotonic() + seconds

    def run(k: int):
        with httpx.Client(base_url=url, timeout=120) as http:
            i = k
            while time.monotonic() < stop:
                t0 = time.perf_counter()
                try:
                    r = http.post("/api/ask", json={"question": qs[i % len(qs)]})
                    ok = r.status_code == 200 and "answer" in r.json()
                    problem = None if ok else f"HTTP {r.status_code}: {r.text[:120]}"
                except (httpx.HTTPError, ValueError) as exc:
                    problem = f"{type(exc).__name__}: {exc}"
                with lock:
                    lat.append((time.perf_counter() - t0) * 1000)
                    if problem:
                        errors.append(problem)
                i += clients

    started = time.perf_counter()
    threads = [threading.Thread(target=run, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    for e in sorted(set(errors))[:3]:
        print("   error:", e, file=sys.stderr)
    return {"n": len(lat), "p50_ms": round(pct(lat, 50), 1), "p95_ms": round(pct(lat, 95), 1),
            "req_per_s": round(len(lat) / wall, 1), "errors": len(errors)}


def api(corpus: Path, qfile: Path, env: dict, clients: list[int], seconds: float) -> list[dict]:
    """Serve the corpus in a child process and load it at each concurrency."""
    import httpx

    port = free_port()
    env = {**env, "CHATBOT_CORPUS": str(corpus), "CHATBOT_INDEX": str(index_dir(corpus))}
    server = subprocess.Popen([PYTHON, "-m", "chatbot", "serve", "--port", str(port)], cwd=ROOT,
                              env=child_env(env), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 600
        while True:
            if server.poll() is not None:
                raise click.ClickException(f"the server exited: {server.stderr.read()[-1500:]}")
            try:
                if httpx.get(url + "/api/health", timeout=2).json().get("model_loaded"):
                    break
            except (httpx.HTTPError, ValueError):
                pass
            if time.monotonic() > deadline:
                raise click.ClickException("the server did not become ready in 600 s")
            time.sleep(0.2)
        qs = questions(qfile)
        load(url, qs, 1, 2)  # warm-up, not reported
        return [{"clients": c, **load(url, qs, c, seconds)} for c in clients]
    finally:
        server.terminate()
        server.wait(30)


@click.command()
@click.option("--corpus", "corpora", multiple=True, help="seed, cmrc or a folder (repeatable) [default: seed, cmrc].")
@click.option("--questions", "qfile", type=click.Path(exists=True, path_type=Path),
              help="Question set for a --corpus folder [default: the CMRC trial questions].")
@click.option("--big", type=click.Path(exists=True, file_okay=False, path_type=Path), help="A bench/make_corpus.py folder.")
@click.option("--n", default=200, show_default=True, help="Questions timed in process.")
@click.option("--api/--no-api", "with_api", default=False, help="Also load POST /api/ask through a server.")
@click.option("--clients", default="1,8,32", show_default=True)
@click.option("--seconds", default=20.0, show_default=True, help="Duration of each API load step.")
@click.option("--variant", "specs", multiple=True, help="NAME:CHATBOT_VAR=VALUE,… (repeatable).")
@click.option("--child", "child_corpus", hidden=True, type=click.Path(path_type=Path))
def main(corpora, qfile, big, n, with_api, clients, seconds, specs, child_corpus):
    if child_corpus:
        print(json.dumps(child(child_corpus, qfile, n)))
        return
    cmrc_q = CMRC / "questions.jsonl"
    named = {"seed": (ROOT / "corpus", SEED_QUESTIONS), "cmrc": (CMRC / "corpus", cmrc_q)}
    sets = [(c, *named.get(c, (Path(c), qfile or cmrc_q))) for c in (corpora or ([] if big else ["seed", "cmrc"]))]
    if big:
        ensure_fake_index(big)
        sets.append(("big (stand-in vectors)", big, cmrc_q))
    print(f"# machine: {machine()}", flush=True)
    rows, api_rows = [], []
    for label, corpus, qs in sets:
        for name, env in variants(specs):
            r = run_json(["bench/query.py", "--child", str(corpus), "--questions", str(qs), "--n", str(n)], env)
            rows.append({"corpus": label, "variant": name, **r})
            print(f"  {rows[-1]}", file=sys.stderr, flush=True)
            if with_api:
                for r in api(corpus, qs, env, [int(c) for c in clients.split(",")], seconds):
                    api_rows.append({"corpus": label, "variant": name, "seconds": seconds, **r})
                    print(f"  {api_rows[-1]}", file=sys.stderr, flush=True)
    print("\nIn process, warm (bot.ask end to end):")
    print(table(rows, ["corpus", "variant", "chunks", "n", "p50_ms", "p95_ms", "encode_p50_ms", "load_s"]))
    if api_rows:
        print("\nPOST /api/ask:")
        print(table(api_rows, ["corpus", "variant", "clients", "seconds", "n", "p50_ms", "p95_ms", "req_per_s", "errors"]))


if __name__ == "__main__":
    main()
