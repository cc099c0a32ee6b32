"""Cold start: process start to first answer, with a built index, for the CLI and for the server.

    python bench/coldstart.py [--repeat 5] [--corpus DIR] [--variant NAME:CHATBOT_VAR=VALUE,…]

Consumes: the corpus (default corpus/) and its index, built first if missing (not timed).
Produces, per variant, the median and min/max over --repeat runs of:
  cli    `python -m chatbot ask "…"`: from spawning the process to its answer line on stdout;
  server `python -m chatbot serve --port P`: from spawning the process to the first POST /api/ask
         that returns 200 (posted every 50 ms; connection refused and 503 count as not yet).
The page cache is warm (the model and index files were read by the previous run), as on a
server that restarts; a first start after boot also reads ~0.5 GB of model from disk.
A variant may name another checkout of the code to compare versions side by side, e.g.
`--variant before:PYTHONPATH=/tmp/bench-base --variant after:` with
`mkdir /tmp/bench-base && git archive 26ac8b0 | tar -x -C /tmp/bench-base` (its own index/).
Where the time goes: `python -X importtime -m chatbot ask "…" 2> imports.txt` and
`python -m cProfile -s cumtime -m chatbot ask "…"`.
"""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import PYTHON, child_env, child_root, machine, median, table, variants  # noqa: E402
from bench.query import free_port  # noqa: E402

QUESTION = "网络小贷公司的注册资本门槛现在是多少?"


def cli_once(env: dict, question: str) -> float:
    started = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-m", "chatbot", "ask", question], cwd=child_root(env), env=child_env(env),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    _, err = proc.communicate(timeout=300)
    if proc.returncode != 0 or not line.strip():
        raise click.ClickException(f"`chatbot ask` failed ({proc.returncode}): {err[-1500:]}")
    return elapsed


def server_once(env: dict, question: str) -> float:
    import httpx

    port = free_port()
    started = time.perf_counter()
    proc = subprocess.Popen([PYTHON, "-m", "chatbot", "serve", "--port", str(port)], cwd=child_root(env), env=child_env(env),
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        while True:
            if proc.poll() is not None:
                raise click.ClickException(f"the server exited: {proc.stderr.read()[-1500:]}")
            try:
                r = httpx.post(f"http://127.0.0.1:{port}/api/ask", json={"question": question}, timeout=120)
                if r.status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            if time.perf_counter() - started > 300:
                raise click.ClickException("no answer from the server within 300 s")
            time.sleep(0.05)
    finally:
        proc.terminate()
        proc.wait(30)


@click.command()
@click.option("--repeat", default=5, show_default=True)
@click.option("--corpus", type=click.Path(exists=True, file_okay=False, path_type=Path), help="[default: corpus/]")
@click.option("--question", default=QUESTION, show_default=True)
@click.option("--what", type=click.Choice(["cli", "server", "both"]), default="both", show_default=True)
@click.option("--variant", "specs", multiple=True, help="NAME:CHATBOT_VAR=VALUE,… (repeatable).")
def main(repeat, corpus, question, what, specs):
    from bench.query import index_dir

    base = {}
    if corpus:
        base = {"CHATBOT_CORPUS": str(corpus.resolve()), "CHATBOT_INDEX": str(index_dir(corpus))}
    print(f"# machine: {machine()}", flush=True)
    for _, env in variants(specs):  # builds each variant's index if needed and warms the page cache; not reported
        cli_once({**base, **env}, question)
    kinds = ["cli", "server"] if what == "both" else [what]
    samples = {(name, k): [] for name, _ in variants(specs) for k in kinds}
    for _ in range(repeat):  # interleaved, so load from other processes hits every variant alike
        for name, env in variants(specs):
            for kind in kinds:
                once = cli_once if kind == "cli" else server_once
                samples[name, kind].append(once({**base, **env}, question))
                print(f"  {name} {kind}: {samples[name, kind][-1]:.2f} s", file=sys.stderr, flush=True)
    rows = [{"variant": name, "path": kind, "runs": len(s), "median_s": round(median(s), 2),
             "min_s": round(min(s), 2), "max_s": round(max(s), 2)} for (name, kind), s in samples.items()]
    print(table(rows, ["variant", "path", "runs", "median_s", "min_s", "max_s"]))


if __name__ == "__main__":
    main()
