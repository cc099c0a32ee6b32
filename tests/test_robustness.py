"""Faults from outside: a build process killed halfway, and file routes asked for paths outside their folders."""
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from fastapi.testclient import TestClient

from chatbot.index import build_index, load_index

from conftest import FIXTURES


def test_killed_build_leaves_the_previous_index_serving(settings, embedder, tmp_path):
    before = build_index(settings, embedder)
    script = tmp_path / "slow_build.py"
    script.write_text(textwrap.dedent(f"""
        import sys, time
        sys.path[:0] = [{str(FIXTURES.parent)!r}, {str(FIXTURES.parent.parent)!r}]
        from conftest import KeywordEmbedder
        from chatbot.index import build_index
        from chatbot.settings import Settings

        class Slow(KeywordEmbedder):
            def encode_passages(self, texts, progress=False):
                print("embedding", flush=True)
                time.sleep(60)
                return super().encode_passages(texts)

        build_index(Settings(corpus_dir={str(settings.corpus_dir)!r}, index_dir={str(settings.index_dir)!r}), Slow())
    """))
    (settings.corpus_dir / "new.txt").write_text("新文件\n新增的存款利率说明,年利率为9%。\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "embedding"  # the build is under way
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    after = load_index(settings.index_dir)
    assert after.path == before.path and after.chunks == before.chunks
    # and the next build replaces it cleanly, leftovers included
    rebuilt = build_index(settings, embedder)
    assert any("9%" in c.text for c in rebuilt.chunks)
    assert [p.name for p in settings.index_dir.iterdir() if p.is_dir()] == [rebuilt.path.name]


@pytest.fixture
def app_client(settings, embedder):
    from chatbot.bot import ChatBot
    from chatbot.serve import create_app

    return TestClient(create_app(ChatBot(settings, embedder)), base_url="http://127.0.0.1:7860")


@pytest.mark.parametrize("path", [
    "/gradio_api/file=../../../../etc/passwd", "/gradio_api/file=/etc/passwd",
    "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/gradio_api/file=..%2f..%2f..%2fetc%2fpasswd",
    "/file=/etc/passwd", "/embed/../../etc/passwd", "/embed.js/..%2f..%2fsettings.py", "/static/../chatbot/settings.py",
    "/gradio_api/file=" + str(FIXTURES.parent / "conftest.py"),
])
def test_no_route_serves_files_outside_its_folder(app_client, path):
    r = app_client.get(path)
    assert r.status_code in (400, 403, 404, 405), (path, r.status_code)
    assert "root:" not in r.text and "KeywordEmbedder" not in r.text and "ROOT = Path" not in r.text


def _load_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_load", FIXTURES.parent.parent / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_short_load_run_serves_everything_and_keeps_every_feedback_record(settings, embedder):
    """bench/load.py's request mix (good, follow-up, bad input, feedback): 8 clients × 40 requests over real HTTP."""
    import threading
    import time

    import uvicorn

    from dataclasses import replace

    from chatbot.bot import ChatBot
    from chatbot.serve import create_app

    load = _load_module()
    bot = ChatBot(replace(settings, feedback_rate_limit=0), embedder)  # 8 clients on one address
    server = uvicorn.Server(uvicorn.Config(create_app(bot, page=False), port=load.free_port(), log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        report = load.run_load(f"http://127.0.0.1:{server.config.port}", clients=8, seconds=None, requests=40,
                               questions=["定期存款的利率是多少?", "住房贷款最长多少年?", "客服热线是多少?", "忘记密码怎么办?"])
    finally:
        server.should_exit = True
        thread.join(10)
    assert report["5xx"] == 0 and report["dropped"] == 0 and report["served"] == 8 * 40
    assert report["unexpected"] == 0, report["failures"]  # every kind got its status; every 200 holds an answer
    assert set(load.KINDS) - set(report["by_kind"]) <= {"too_long"}  # every kind but the rarest (see test_server)
    assert set(report["by_kind"]["good"]) == {200} and set(report["by_kind"]["empty"]) == {400}
    posted = report["feedback_posted"]
    assert posted and load.feedback_found(settings.feedback_file, posted) == len(posted)
    from chatbot.serve.feedback import read

    assert len(read(settings.feedback_file)) == len(posted)


def test_malloc_arena_cap_is_set_on_glibc():
    import platform

    from chatbot.serve.memory import limit_malloc_arenas

    assert limit_malloc_arenas(0) is False  # 0 leaves glibc's default
    if platform.libc_ver()[0] == "glibc":
        assert limit_malloc_arenas(16) is True  # 8 per core, glibc's own default here: harmless to the test process


def test_the_model_runs_on_one_thread_whichever_thread_asks():
    import threading
    from concurrent.futures import ThreadPoolExecutor

    import numpy as np

    from chatbot.embedding import SentenceEmbedder

    seen = set()

    class FakeModel:
        prompts = {}

        def encode(self, texts, **_):
            seen.add(threading.get_ident())
            return np.ones((len(texts), 3), dtype=np.float32)

    emb = SentenceEmbedder("fake")
    emb._st = FakeModel()
    with ThreadPoolExecutor(8) as pool:
        shapes = list(pool.map(lambda i: emb.encode_queries(["问题"] * (i % 3 + 1)).shape, range(40)))
    assert shapes == [(i % 3 + 1, 3) for i in range(40)]
    assert len(seen) == 1 and threading.get_ident() not in seen
