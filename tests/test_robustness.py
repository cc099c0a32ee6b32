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
    import ui
    from chatbot.bot import ChatBot

    return TestClient(ui.create_app(ChatBot(settings, embedder)))


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
