"""Load test: concurrent clients POST /api/ask and /api/feedback for a while, with the server's memory sampled.

    python bench/load.py --spawn --runs 3                      # starts ui.py itself, 3 runs × 60 s, 32 clients
    python bench/load.py --spawn --runs 3 --app /tmp/old-checkout --env MALLOC_ARENA_MAX=2   # another version
    python bench/load.py --url http://127.0.0.1:7860 --pid PID --feedback-file feedback.jsonl

Consumes: a running server (or `--spawn` starts `ui.py` on a free port with its own feedback file).
Produces: one JSON report per run and a summary: requests served, status counts by kind of request,
5xx, dropped connections (no HTTP response at all), p50/p95 latency, feedback records posted vs found
in the file afterwards, and — with a pid — the server's RSS sampled every second from /proc (a timeline
every 5 s, with the thread count).
Requests mix good questions, follow-ups with history, English, emoji, HTML, control and zero-width
characters, empty ones, 20,000 characters, too long, wrong types, broken JSON and feedback posts; each
kind has an expected status (bad input is a 4xx, never a 5xx), and a mismatch is reported.
Flat memory, as judged here: within a run, RSS at the end is at most FLAT_PCT % above RSS at half time
(the first half is warm-up: the allocator's pools and torch's buffers settle); over repeated runs, the
end of every run is at most FLAT_PCT % above the end of the first run.
Shortcut: targets only the URL given and measures only a server on this machine.
"""
from __future__ import annotations

import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import click
import httpx

FLAT_PCT = 2.0
ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = ["网络小贷公司的注册资本门槛现在是多少?", "那个用卫星看庄稼放贷的项目覆盖了多少农户?", "跨境支付交易规模有多大?",
             "互联网金融行业面临的主要挑战有哪些?", "蚂蚁森林种了多少棵树?", "央行现在的存款准备金率是多少?", "不良率",
             "網路小貸公司的註冊資本門檻是多少?", "碳账户"]
# kind → (weight, expected statuses, body); a str body is sent as raw bytes labelled JSON
KINDS = {
    "good": (60, (200,), None),
    "follow_up": (8, (200,), None),
    "english": (4, (200,), {"question": "How many trees has Ant Forest planted?"}),
    "emoji": (3, (200,), {"question": "🌳蚂蚁森林种了多少棵树?🌲🙂"}),
    "html": (3, (200,), {"question": "<img src=x onerror=alert(1)><b>跨境支付</b>交易规模有多大?"}),
    "control": (3, (200,), {"question": "网络\u200b小贷\x00公司的\u202e注册\x07资本\ufeff门槛?"}),
    "long_20000": (2, (200,), {"question": "网络小贷公司的注册资本门槛是多少?" * 1_176 + "存" * 8}),   # 20,000 characters
    "repeated": (1, (400,), {"question": "存" * 20_000}),   # one character repeated is no question (bot.clean_question)
    "empty": (3, (400,), {"question": ""}),
    "invisible_only": (2, (400,), {"question": " \u200b\u2060\ufeff\t "}),
    "too_long": (1, (422,), {"question": "存" * 20_001}),
    "wrong_type": (2, (422,), {"q": 1}),
    "not_json": (2, (400, 422), "{not json"),  # undecodable bytes are a 400, bad JSON text a 422
    "feedback": (7, (201,), None),
}


def rss_and_threads(pid: int) -> tuple[int, int]:
    """(resident set in MB, thread count) of a process, from /proc/<pid>/status."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) // 1024, int(fields["Threads"])


def sample_memory(pid: int, stop: threading.Event, out: list) -> None:
    """Append (seconds since start, rss MB, threads) every second until `stop` is set."""
    start = time.monotonic()
    while True:
        out.append((round(time.monotonic() - start), *rss_and_threads(pid)))
        if stop.wait(1.0):
            return


def request_for(kind: str, rnd: random.Random, questions: list[str], tag: str) -> tuple[str, object]:
    """(path, body) of one request of this kind."""
    body = KINDS[kind][2]
    if kind == "good":
        body = {"question": rnd.choice(questions)}
    elif kind == "follow_up":
        body = {"question": rnd.choice(["那不良率呢?", "它覆盖多少农户?", "还有呢?"]),
                "history": [{"question": rnd.choice(questions), "answer": "……"}]}
    elif kind == "feedback":
        return "/api/feedback", {"rating": rnd.choice(["up", "down"]), "question": rnd.choice(questions),
                                 "answer": "负载测试", "comment": tag}
    return "/api/ask", body


def run_load(url: str, clients: int, seconds: float | None, questions: list[str] = QUESTIONS, seed: int = 0,
             requests: int | None = None) -> dict:
    """Hammer `url` with `clients` threads for `seconds` (or `requests` each); returns counts, latencies and the
    feedback tags posted. The kinds each client sends follow from `seed` alone."""
    started_at = time.monotonic()
    stop_at = started_at + (seconds if seconds is not None else float("inf"))
    lock = threading.Lock()
    latencies, by_kind, failures, dropped, posted = [], {}, [], {}, []
    names, weights = list(KINDS), [w for w, _, _ in KINDS.values()]

    def client(n: int):
        rnd = random.Random(seed * 1000 + n)
        with httpx.Client(base_url=url, timeout=120) as http:
            i = 0
            while time.monotonic() < stop_at and (requests is None or i < requests):
                i += 1
                kind = rnd.choices(names, weights)[0]
                tag = f"load-{seed}-{n}-{i}"
                path, body = request_for(kind, rnd, questions, tag)
                started = time.perf_counter()
                try:
                    r = (http.post(path, content=body, headers={"content-type": "application/json"})
                         if isinstance(body, str) else http.post(path, json=body))
                except httpx.HTTPError as exc:  # no HTTP response: refused, reset, timed out
                    with lock:
                        dropped[type(exc).__name__] = dropped.get(type(exc).__name__, 0) + 1
                    continue
                elapsed = time.perf_counter() - started
                ok = r.status_code in KINDS[kind][1] and (r.status_code != 200 or "answer" in r.json())
                with lock:
                    latencies.append(elapsed)
                    counts = by_kind.setdefault(kind, {})
                    counts[r.status_code] = counts.get(r.status_code, 0) + 1
                    if r.status_code == 201:
                        posted.append(tag)
                    if not ok:
                        failures.append(f"{kind}: {r.status_code} {r.text[:200]}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat, seconds = sorted(latencies), round(time.monotonic() - started_at, 1)
    by_status: dict[int, int] = {}
    for counts in by_kind.values():
        for status, n in counts.items():
            by_status[status] = by_status.get(status, 0) + n
    return {"clients": clients, "seconds": seconds, "served": len(lat),
            "per_second": round(len(lat) / seconds, 1), "by_status": dict(sorted(by_status.items())),
            "by_kind": by_kind, "5xx": sum(n for s, n in by_status.items() if s >= 500),
            "dropped": sum(dropped.values()), "dropped_by_error": dropped, "unexpected": len(failures),
            "failures": failures[:5], "feedback_posted": posted,
            "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
            "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1) if lat else None}


def feedback_found(path: Path, tags: list[str]) -> int:
    """How many of the tags are the comment of a record in the feedback file."""
    if not path.exists():
        return 0
    with open(path, encoding="utf-8") as f:  # split on "\n" only, as JSONL readers do
        comments = {json.loads(line).get("comment") for line in f if line.strip()}
    return sum(tag in comments for tag in tags)


def growth_pct(start: float, end: float) -> float:
    return round(100 * (end - start) / start, 1)


def spawn_server(app: Path, port: int, feedback: Path, env: dict) -> subprocess.Popen:
    """`app`/ui.py on 127.0.0.1:port, ready (health says the model is loaded) when this returns."""
    full = {**os.environ, "PYTHONPATH": str(app), "CHATBOT_FEEDBACK_FILE": str(feedback), "CHATBOT_RATE_LIMIT": "0",
            "CHATBOT_FEEDBACK_RATE_LIMIT": "0", **env}
    proc = subprocess.Popen([sys.executable, str(app / "ui.py"), "--port", str(port)], env=full, cwd=app,
                            stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).json().get("model_loaded"):
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(1)
    proc.kill()
    raise click.ClickException(f"the server on port {port} did not come up (exit code {proc.poll()})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@click.command()
@click.option("--url", default="http://127.0.0.1:7860", show_default=True)
@click.option("--clients", default=32, show_default=True)
@click.option("--seconds", default=60.0, show_default=True, help="Length of each run.")
@click.option("--runs", default=1, show_default=True, help="Runs back to back against the same server.")
@click.option("--pid", type=int, help="Server process id, to sample its memory.")
@click.option("--feedback-file", type=click.Path(path_type=Path), help="The server's feedback file, to count records.")
@click.option("--spawn", is_flag=True, help="Start ui.py on a free port (own feedback file) and stop it afterwards.")
@click.option("--env", multiple=True, help="KEY=VALUE for the spawned server, e.g. CHATBOT_MALLOC_ARENAS=0.")
@click.option("--app", type=click.Path(path_type=Path, file_okay=False), default=ROOT,
              help="The checkout whose ui.py --spawn starts (to compare versions) [default: this one].")
def main(url, clients, seconds, runs, pid, feedback_file, spawn, env, app):
    proc = None
    if spawn:
        port = free_port()
        feedback_file = Path(tempfile.mkdtemp(prefix="load-")) / "feedback.jsonl"
        proc = spawn_server(app.resolve(), port, feedback_file, dict(e.split("=", 1) for e in env))
        url, pid = f"http://127.0.0.1:{port}", proc.pid
    try:
        ends, summary = [], []
        first = rss_and_threads(pid)[0] if pid else None
        for run in range(runs):
            samples, stop = [], threading.Event()
            sampler = threading.Thread(target=sample_memory, args=(pid, stop, samples)) if pid else None
            if sampler:
                sampler.start()
            report = run_load(url, clients, seconds, seed=run)
            if sampler:
                stop.set()
                sampler.join()
            posted = report.pop("feedback_posted")
            report["feedback_posted"] = len(posted)
            report["feedback_found"] = feedback_found(feedback_file, posted) if feedback_file else "not checked"
            if samples:
                half = min(samples, key=lambda s: abs(s[0] - seconds / 2))
                ends.append(samples[-1][1])
                report.update(rss_mb_start=samples[0][1], rss_mb_half=half[1], rss_mb_end=samples[-1][1],
                              second_half_growth_pct=growth_pct(half[1], samples[-1][1]),
                              threads_max=max(s[2] for s in samples))
            print(json.dumps({"run": run + 1, **report}, ensure_ascii=False), flush=True)
            if samples:
                print("  rss MB (threads) every 5 s: " + " ".join(f"{s[1]}({s[2]})" for s in samples[::5]), flush=True)
            summary.append(report)
        errors = sum(r["5xx"] + r["dropped"] + r["unexpected"] for r in summary)
        lost = sum(r["feedback_posted"] - r["feedback_found"] for r in summary if feedback_file)
        print(f"verdict: {errors} 5xx/dropped/unexpected, {lost if feedback_file else '?'} feedback records missing")
        if ends:
            within = max(r["second_half_growth_pct"] for r in summary)
            across = growth_pct(ends[0], max(ends))
            flat = within <= FLAT_PCT and across <= FLAT_PCT
            print(f"memory: {first} MB before, run ends {' → '.join(map(str, ends))} MB; second-half growth "
                  f"≤ {within} %, later runs ≤ {across} % above the first → {'FLAT' if flat else 'NOT FLAT'} "
                  f"(flat = both ≤ {FLAT_PCT} %)")
    finally:
        if proc:
            proc.terminate()
            proc.wait(30)


if __name__ == "__main__":
    main()
