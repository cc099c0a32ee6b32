"""Load test: concurrent clients POST /api/ask for a while; prints requests served, errors and latency.

    python bench/load.py --url http://127.0.0.1:7860 --clients 32 --seconds 60

Questions mix real ones, follow-ups, English, bad input (empty, 20,000 characters, markup,
broken JSON) and feedback posts. Targets only the URL given (run the server on this machine).
A 4xx for bad input is expected; any 5xx or dropped connection is an error.
Prints: served, by status, errors, p50/p95 latency, and the server's RSS before/after when --pid is given.
"""
from __future__ import annotations

import json
import random
import statistics
import threading
import time

import click
import httpx

QUESTIONS = ["网络小贷公司的注册资本门槛现在是多少?", "那个用卫星看庄稼放贷的项目覆盖了多少农户?", "跨境支付交易规模有多大?",
             "互联网金融行业面临的主要挑战有哪些?", "蚂蚁森林种了多少棵树?", "How many trees has Ant Forest planted?",
             "央行现在的存款准备金率是多少?", "不良率", "網路小貸公司的註冊資本門檻是多少?", "碳账户"]
BAD = [{"question": ""}, {"question": "存" * 20000}, {"question": "<img src=x onerror=alert(1)>"}, {"q": 1}, "not json"]


def rss(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) // 1024


@click.command()
@click.option("--url", default="http://127.0.0.1:7860")
@click.option("--clients", default=32)
@click.option("--seconds", default=60.0)
@click.option("--pid", type=int, help="Server process id, to report its memory before and after.")
def main(url, clients, seconds, pid):
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    latencies, statuses, errors, feedback = [], {}, [], [0]
    before = rss(pid) if pid else None

    def client(n: int):
        rnd = random.Random(n)
        with httpx.Client(base_url=url, timeout=60) as http:
            while time.monotonic() < stop:
                started = time.perf_counter()
                try:
                    roll = rnd.random()
                    if roll < 0.1:
                        body = rnd.choice(BAD)
                        r = (http.post("/api/ask", content=body, headers={"content-type": "application/json"})
                             if isinstance(body, str) else http.post("/api/ask", json=body))
                    elif roll < 0.15:
                        r = http.post("/api/feedback", json={"rating": "up", "question": "q", "answer": f"load {n}"})
                        if r.status_code == 201:
                            with lock:
                                feedback[0] += 1
                    else:
                        history = [{"question": rnd.choice(QUESTIONS), "answer": ""}] if roll > 0.9 else []
                        r = http.post("/api/ask", json={"question": rnd.choice(QUESTIONS), "history": history})
                    with lock:
                        statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
                        latencies.append(time.perf_counter() - started)
                        if r.status_code >= 500:
                            errors.append(f"{r.status_code}: {r.text[:200]}")
                except httpx.HTTPError as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {exc}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    lat = sorted(latencies)
    report = {"clients": clients, "seconds": seconds, "served": len(lat), "by_status": statuses, "errors": len(errors),
              "feedback_recorded": feedback[0],
              "p50_ms": round(1000 * statistics.median(lat), 1) if lat else None,
              "p95_ms": round(1000 * lat[int(0.95 * (len(lat) - 1))], 1) if lat else None}
    if pid:
        report.update(rss_mb_before=before, rss_mb_after=rss(pid))
    print(json.dumps(report, ensure_ascii=False))
    for e in errors[:5]:
        print("  ", e)


if __name__ == "__main__":
    main()
