"""The audit of issue 13, one test per finding: each failed before the fix.

In process (TestClient over the whole guarded app, page included) where that suffices; in a
subprocess server (the real uvicorn setup of `launch`) for what can hang or needs real sockets.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from chatbot.bot import ChatBot
from chatbot.serve import create_app
from chatbot.settings import ROOT

LOCAL = "http://127.0.0.1:7860"
TESTS = Path(__file__).parent


def gradio_call(client, name: str, data: list) -> str:
    """POST /gradio_api/call/NAME then read its event stream; returns the whole stream (or the refusal)."""
    r = client.post(f"/gradio_api/call/{name}", json={"data": data})
    if r.status_code != 200:
        return f"{r.status_code} {r.text}"
    return client.get(f"/gradio_api/call/{name}/{r.json()['event_id']}").text


@pytest.fixture
def secret(tmp_path) -> Path:
    path = tmp_path / "elsewhere" / "secret.txt"
    path.parent.mkdir()
    path.write_text(f"SENTINEL-{uuid.uuid4().hex}", encoding="utf-8")
    return path


@pytest.fixture
def app(settings, embedder):
    with TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL) as client:
        yield client


def file_data(path) -> dict:
    return {"path": str(path), "meta": {"_type": "gradio.FileData"}}


# 1. any file readable through the chat page

def test_a_file_named_in_the_chat_history_is_not_read(app, secret):
    history = [{"role": "user", "content": [{"type": "file", "file": file_data(secret)}]}]
    stream = gradio_call(app, "respond", ["客服热线?", history, [], []])  # the audit's payload
    assert "SENTINEL" not in stream and "secret.txt" not in stream
    cache = Path(tempfile.gettempdir()) / "gradio"
    for copy in cache.rglob("secret.txt") if cache.exists() else []:  # not even copied into Gradio's cache
        assert copy.read_text(encoding="utf-8") != secret.read_text(encoding="utf-8")


def test_a_file_named_as_the_question_set_is_refused(app, secret):
    stream = gradio_call(app, "run_eval", [file_data(secret)])
    assert "SENTINEL" not in stream and "event: error" in stream


def test_the_chat_the_uploaded_question_set_and_the_chart_still_work(app, tmp_path):
    stream = gradio_call(app, "respond", ["客服热线是多少?"])
    assert "event: complete" in stream and "95588" in stream
    questions = tmp_path / "q.jsonl"
    questions.write_text(json.dumps({"id": "1", "question": "客服热线是多少?", "answers": ["95588"]}, ensure_ascii=False)
                         + "\n", encoding="utf-8")
    with open(questions, "rb") as f:
        uploaded = app.post("/gradio_api/upload", files={"files": ("q.jsonl", f, "application/octet-stream")}).json()[0]
    done = gradio_call(app, "run_eval", [file_data(uploaded)])
    assert "event: complete" in done and "hit@1" in done
    payload = json.loads(done.split("data:", 2)[-1].strip().splitlines()[0])
    chart = payload[1]["url"]
    image = app.get(chart[chart.index("/gradio_api/"):])
    assert image.status_code == 200 and image.content[:4] in (b"\x89PNG", b"RIFF")  # PNG or WebP


def test_the_evaluation_refuses_huge_sets_and_leaves_no_report_folder(settings, embedder, tmp_path):
    import tempfile

    from chatbot.serve.page import evaluate_upload

    bot = ChatBot(replace(settings, max_eval_questions=3), embedder)
    big = tmp_path / "big.jsonl"
    big.write_text("".join(json.dumps({"id": str(i), "question": "存款利率?", "answers": []}) + "\n" for i in range(4)))
    html, image, rows = evaluate_upload(bot, str(big))
    assert "最多 3 行" in html and image is None and rows is None
    before = {p.name for p in Path(tempfile.gettempdir()).glob("chatbot-eval-*")}
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "1", "question": "客服热线?", "answers": ["95588"]}) + "\n")
    html, image, rows = evaluate_upload(bot, str(small))
    assert "hit@1" in html and image.size[0] > 100
    assert {p.name for p in Path(tempfile.gettempdir()).glob("chatbot-eval-*")} == before


def test_the_page_queue_and_cache_are_bounded(settings, embedder):
    from chatbot.serve.page import CACHE_SWEEP, build

    demo = build(ChatBot(replace(settings, page_queue=7, page_concurrency=3), embedder))
    assert demo._queue.max_size == 7 and demo._queue.default_concurrency_limit == 3
    assert demo.delete_cache == CACHE_SWEEP
    evals = [fn for fn in demo.fns.values() if fn.api_name == "run_eval"]
    assert evals and evals[0].queue is False  # outside the queue: evaluations cannot fill it
    assert demo.api_open is False             # queued events cannot be called around the queue


def test_one_evaluation_at_a_time(settings, embedder, tmp_path):
    import threading

    from chatbot.serve import page

    bot = ChatBot(settings, embedder)
    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "1", "question": "客服热线?", "answers": ["95588"]}) + "\n")
    page._evaluating.acquire()  # one is running
    try:
        html, image, rows = page.evaluate_upload(bot, str(small))
    finally:
        page._evaluating.release()
    assert "另一个评测正在运行" in html and image is None
    assert "hit@1" in page.evaluate_upload(bot, str(small))[0]


def test_queued_events_cannot_be_called_around_the_queue(app):
    r = app.post("/gradio_api/run/respond", json={"data": ["客服热线?"]})
    assert r.status_code >= 400 and "95588" not in r.text


def test_no_request_leaves_the_machine_at_a_clients_word(app):
    for path in ("/gradio_api/file=http://example.com/x", "/gradio_api/file=https://example.com/x",
                 "/gradio_api/file=//example.com/x", "/gradio_api/proxy=http://example.com/x"):
        assert app.get(path).status_code == 403, path
    r = app.post("/gradio_api/call/run_eval", json={"data": [{"path": "http://example.com/q.jsonl",
                                                              "meta": {"_type": "gradio.FileData"}}]})
    assert r.status_code == 400 and r.json() == {"error": "文件须上传到服务器，不能用网址指定。"}


@pytest.mark.parametrize("raw", [b'{"data": NaN}', b'{"data": ["x"], "session_hash": Infinity}',
                                 b'{"data": ["\\ud800"]}'])
def test_gradio_routes_refuse_odd_json_without_a_500(app, raw):
    r = app.post("/gradio_api/call/search", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json()["error"]


def test_the_pages_own_requests_still_pass(app):
    # the page's GETs carry "content-type: application/json" and no body
    assert app.get("/gradio_api/info", headers={"content-type": "application/json"}).status_code == 200


def test_gradio_errors_do_not_echo_the_request(app):
    r = app.post("/gradio_api/call/search", json={"data": "SECRETECHO"})
    assert 400 <= r.status_code < 500 and "SECRETECHO" not in r.text and r.json()["error"]


def test_a_broken_host_header_is_a_400(client_api):
    assert client_api.get("/api/health", headers={"host": "[::1"}).status_code == 400


def test_posts_from_another_sites_page_are_refused(app, tmp_path):
    evil = {"Origin": "http://evil.example"}
    f = tmp_path / "x.jsonl"
    f.write_text("{}\n")
    with open(f, "rb") as fh:
        r = app.post("/gradio_api/upload", files={"files": ("x.jsonl", fh, "application/octet-stream")}, headers=evil)
    assert r.status_code == 403
    assert app.post("/api/feedback", json={"rating": "up", "question": "q", "answer": "a"},
                    headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    assert app.post("/api/ask", json={"question": "客服热线?"}, headers={"Origin": LOCAL}).status_code == 200


def test_a_trickled_body_has_one_deadline():
    import asyncio

    from chatbot.serve.payload import read_body

    async def trickle():
        await asyncio.sleep(0.3)
        return {"type": "http.request", "body": b"x", "more_body": True}
    parts, problem = asyncio.run(read_body(trickle, 1024, timeout=1.0))
    assert parts is None and problem[0] == 408  # each part within 1 s, but not the whole body


def test_follow_up_context_is_capped():
    from chatbot.bot import CONTEXT_CHARS, with_context

    long_previous = "跨境支付" * 125  # 500 characters
    query = with_context("不良率呢?", [long_previous], 500)
    assert len(query) <= CONTEXT_CHARS + 1 + len("不良率呢?")
    assert with_context("请问" * 30 + "呢?", [long_previous], 500) == "请问" * 30 + "呢?"  # long: its own context


# 3. rate limits

@pytest.fixture
def limited(settings, embedder):
    bot = ChatBot(replace(settings, rate_limit=3), embedder)
    return bot


def test_rate_limit_covers_gradio_routes(limited):
    with TestClient(create_app(limited), base_url=LOCAL) as client:
        codes = [client.post("/gradio_api/call/search", json={"data": ["存款"]}).status_code for _ in range(4)]
    assert codes[:3] == [200] * 3 and codes[3] == 429


def test_rate_limit_holds_under_a_root_path_and_health_is_exempt(limited):
    client = TestClient(create_app(limited, "/qa", page=False), base_url=LOCAL, root_path="/qa")
    assert all(client.get("/qa/api/health").status_code == 200 for _ in range(5))
    codes = [client.post("/qa/api/ask", json={"question": "存款利率?"}).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_forwarded_for_is_believed_only_from_trusted_proxies(limited):
    spoof = TestClient(create_app(limited, page=False), base_url=LOCAL)
    codes = [spoof.post("/api/ask", json={"question": "存款?"}, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
             for i in range(4)]
    assert codes[-1] == 429  # one client, whatever it claims
    behind = ChatBot(replace(limited.settings, trusted_proxies="testclient"), limited.embedder)
    proxied = TestClient(create_app(behind, page=False), base_url=LOCAL)  # TestClient's peer address is "testclient"
    codes = [proxied.post("/api/ask", json={"question": "存款?"}, headers={"X-Forwarded-For": f"10.0.0.{i}"}).status_code
             for i in range(4)]
    assert codes == [200] * 4  # four clients behind the proxy, each with its own bucket
    same = [proxied.post("/api/ask", json={"question": "存款?"}, headers={"X-Forwarded-For": "10.0.0.9"}).status_code
            for _ in range(4)]
    assert same == [200, 200, 200, 429]


# 4. cross-origin and Host

def test_no_cors_by_default_and_none_on_gradio_routes(app, settings, embedder):
    evil = {"Origin": "http://evil.example"}
    for path in ("/api/health", "/config", "/gradio_api/info"):
        assert "access-control-allow-origin" not in app.get(path, headers=evil).headers, path
    pre = app.options("/api/ask", headers={**evil, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in pre.headers
    named = ChatBot(replace(settings, cors_origins="http://portal.corp"), embedder)
    with TestClient(create_app(named), base_url=LOCAL) as client:
        portal = {"Origin": "http://portal.corp"}
        assert client.get("/api/health", headers=portal).headers["access-control-allow-origin"] == "http://portal.corp"
        assert "access-control-allow-origin" not in client.get("/config", headers=portal).headers
        assert "access-control-allow-credentials" not in client.get("/config", headers=portal).headers


def test_host_header_must_name_this_server(settings, embedder):
    client = TestClient(create_app(ChatBot(settings, embedder), page=False), base_url="http://rebind.evil.example:7860")
    r = client.get("/api/health")
    assert r.status_code == 400 and "CHATBOT_ALLOWED_HOSTS" in r.json()["error"]
    assert TestClient(create_app(ChatBot(settings, embedder), page=False),
                      base_url="http://localhost:7860").get("/api/health").status_code == 200
    named = ChatBot(replace(settings, host="0.0.0.0", allowed_hosts="qa.intranet.example"), embedder)
    assert TestClient(create_app(named, page=False),
                      base_url="http://qa.intranet.example").get("/api/health").status_code == 200


# 6. feedback

def test_feedback_is_ascii_escaped_capped_and_rate_limited(settings, embedder):
    from chatbot.serve.feedback import read

    body = {"rating": "down", "question": "行\u2028分隔\u2029段\x85落", "answer": "答", "citations": []}
    client = TestClient(create_app(ChatBot(replace(settings, feedback_rate_limit=3), embedder), page=False), base_url=LOCAL)
    codes = [client.post("/api/feedback", json=body).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    raw = settings.feedback_file.read_bytes()
    assert raw.isascii() and raw.count(b"\n") == 3
    assert [r["question"] for r in read(settings.feedback_file)] == [body["question"]] * 3
    assert len(raw.decode().splitlines()) == 3  # str.splitlines() readers see whole records too
    full = TestClient(create_app(ChatBot(replace(settings, feedback_max_mb=len(raw) / 2**20), embedder), page=False),
                      base_url=LOCAL)
    r = full.post("/api/feedback", json=body)
    assert r.status_code == 507 and "CHATBOT_FEEDBACK_MAX_MB" in r.json()["error"]
    assert settings.feedback_file.read_bytes() == raw  # nothing lost, nothing added


# 7. never a 500, never an echo

@pytest.mark.parametrize("raw", [b'{"question": NaN}', b'{"question": Infinity}', b'{"question": 1e999}',
                                 b'{"question": "\\ud800"}', b'{"question": "ok", "history": [{"question": "\\udfff"}]}',
                                 b'{"question": "ok", "history": [{"question": -Infinity}]}'])
def test_odd_json_is_a_4xx_without_the_input(client_api, raw):
    r = client_api.post("/api/ask", content=raw, headers={"content-type": "application/json"})
    assert 400 <= r.status_code < 500 and r.json()["error"]
    assert "NaN" not in r.text and "Infinity" not in r.text and "\\ud800" not in r.text.lower()


def test_errors_do_not_echo_the_body(client_api):
    body = json.dumps({"question": 12345, "history": [{"question": "回声" * 1000}] * 2, "x": "回声" * 2000})
    r = client_api.post("/api/ask", content=body.encode(), headers={"content-type": "application/json"})
    assert r.status_code == 422 and len(r.content) < 1000 and "回声" not in r.text


@pytest.fixture
def client_api(settings, embedder):
    return TestClient(create_app(ChatBot(settings, embedder), page=False), base_url=LOCAL)


# 8. token with a root path; 10. token details

@pytest.fixture
def tokened(settings, embedder):
    return ChatBot(replace(settings, api_token="s3cret-token-0123456789"), embedder)


def test_open_paths_stay_open_under_a_root_path(tokened):
    client = TestClient(create_app(tokened, "/qa", page=False), base_url=LOCAL, root_path="/qa")
    for path in ("/qa/api/health", "/qa/embed", "/qa/embed.js", "/qa/embed-app.js"):
        assert client.get(path).status_code == 200, path
    assert client.post("/qa/api/ask", json={"question": "存款?"}).status_code == 401


def test_token_details(tokened):
    client = TestClient(create_app(tokened, page=False), base_url=LOCAL)
    ask = {"question": "存款?"}
    assert client.post("/api/ask", json=ask, headers={"Authorization": "s3cret-token-0123456789"}).status_code == 401  # no Bearer
    assert client.post("/api/ask", json=ask, headers={"Authorization": "bearer s3cret-token-0123456789"}).status_code == 200
    r = client.get("/embed?token=forged")
    assert r.status_code == 200 and "set-cookie" not in r.headers  # an open path stores no forged token
    assert "set-cookie" not in client.get("/api/health?token=forged").headers
    good = client.get("/api/health?token=s3cret-token-0123456789")
    assert "chatbot_token=s3cret-token-0123456789" in good.headers["set-cookie"] and "Secure" not in good.headers["set-cookie"]
    wrong = [client.post("/api/ask", json=ask, headers={"Authorization": f"Bearer guess{i}"}).status_code
             for i in range(12)]
    assert wrong[:10] == [401] * 10 and wrong[10:] == [429, 429]
    # no lockout: the right token still passes (guessing a 16+ character token is hopeless anyway)
    assert client.post("/api/ask", json=ask, headers={"Authorization": "Bearer s3cret-token-0123456789"}).status_code == 200


def test_a_short_token_is_refused_at_start(settings):
    from chatbot.errors import SettingsError

    with pytest.raises(SettingsError, match="16 characters"):
        replace(settings, api_token="short")


def test_the_token_cookie_is_secure_over_https(tokened):
    behind = ChatBot(replace(tokened.settings, trusted_proxies="testclient"), tokened.embedder)
    client = TestClient(create_app(behind, page=False), base_url=LOCAL)
    r = client.get("/api/health?token=s3cret-token-0123456789", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in r.headers["set-cookie"]


# 9. headers on the page and the docs

def test_page_and_docs_send_security_headers_and_load_nothing_from_a_cdn(app):
    for path in ("/", "/docs"):
        r = app.get(path)
        assert r.status_code == 200, path
        csp = r.headers["content-security-policy"]
        assert "frame-ancestors 'self'" in csp and "default-src 'self'" in csp
        assert r.headers["x-content-type-options"] == "nosniff" and r.headers["referrer-policy"]
        assert r.headers["x-frame-options"] == "SAMEORIGIN"
    docs = app.get("/docs").text
    assert "cdn.jsdelivr" not in docs and "unpkg" not in docs and "swagger-ui-bundle.js" in docs
    assert app.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200


# the body limit on the stream itself (also issue 14)

def test_a_chunked_body_over_the_limit_is_refused(settings, embedder):
    client = TestClient(create_app(ChatBot(replace(settings, max_body_kb=1), embedder), page=False), base_url=LOCAL)

    def chunks():
        yield b'{"question": "'
        for _ in range(100):
            yield "存款".encode() * 10
        yield b'"}'
    r = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert r.status_code == 413  # no Content-Length: counted as it arrives
    r = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json", "content-length": "10"})
    assert r.status_code == 413


# 2. and 11.: a real server in a subprocess (it must not hang; slow or huge heads are cut off)

SERVER = """
import sys
sys.path.insert(0, {tests!r})
from conftest import KeywordEmbedder
from chatbot.bot import ChatBot
from chatbot.serve import create_app
from chatbot.serve.app import server_config
from chatbot.settings import Settings
import uvicorn
from pathlib import Path
s = Settings(corpus_dir=Path({corpus!r}), index_dir=Path({index!r}), min_score=0.5, min_score_crosslingual=0.5,
             feedback_file=Path({feedback!r}), port={port}, header_timeout=1.0)
uvicorn.Server(server_config(create_app(ChatBot(s, KeywordEmbedder()).warm_up()), s)).run()
"""


@pytest.fixture
def live(corpus, tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    code = SERVER.format(tests=str(TESTS), corpus=str(corpus), index=str(tmp_path / "index"),
                         feedback=str(tmp_path / "fb.jsonl"), port=port)
    proc = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                if httpx.get(base + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not start: " + proc.stderr.read(4000).decode(errors="replace"))
        yield base, port
    finally:
        proc.kill()
        proc.wait(10)


def test_dev_zero_does_not_hang_the_server(live):
    base, _ = live
    devzero = file_data("/dev/zero")
    with httpx.Client(base_url=base, timeout=10) as client:
        for name, data in (("run_eval", [devzero]),
                           ("respond", ["hi", [{"role": "user", "content": [{"type": "file", "file": devzero}]}], [], []])):
            r = client.post(f"/gradio_api/call/{name}", json={"data": data})
            if r.status_code == 200:
                try:
                    client.get(f"/gradio_api/call/{name}/{r.json()['event_id']}", timeout=10)
                except httpx.ReadTimeout:
                    pass
        started = time.monotonic()
        assert client.get("/api/health", timeout=5).status_code == 200
        assert client.post("/api/ask", json={"question": "客服热线?"}, timeout=5).status_code == 200
        assert time.monotonic() - started < 5


def test_slow_and_huge_request_heads_are_cut_off(live):
    _, port = live
    with socket.create_connection(("127.0.0.1", port), timeout=5) as slow:
        slow.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # and never the blank line
        time.sleep(2.5)
        assert slow.recv(100) == b""  # closed by the server after header_timeout (1 s)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as silent:
        time.sleep(2.5)
        assert silent.recv(100) == b""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as huge:
        huge.sendall(b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + b"a" * 70_000 + b"\r\n\r\n")
        reply = huge.recv(200)
        assert reply == b"" or reply.split(b" ")[1] in (b"400", b"413", b"431")
    many = {f"x-h{i}": "1" for i in range(300)}
    assert httpx.get(f"http://127.0.0.1:{port}/api/health", headers=many, timeout=5).status_code in (400, 431)
    assert httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=5).status_code == 200


def test_an_evaluation_the_bot_cannot_run_stops_with_its_reason_and_frees_the_lock(settings, embedder, tmp_path):
    from chatbot.answerability import AnswerabilityModelError
    from chatbot.serve import page

    bot = ChatBot(settings, embedder)

    class Broken:
        settings = bot.settings

        def ask(self, question):
            raise AnswerabilityModelError("/srv/secret-models/chatbot/answerability.json has format 2, this code reads 3")

    small = tmp_path / "small.jsonl"
    small.write_text(json.dumps({"id": "1", "question": "客服热线?", "answers": ["95588"]}) + "\n")
    html, image, rows = page.evaluate_upload(Broken(), str(small))
    assert "评测中止" in html and "format 2" in html and image is None and rows is None
    assert "answerability.json" in html and "secret-models" not in html   # the file named, the server's folders not
    assert "hit@1" in page.evaluate_upload(bot, str(small))[0]   # the lock was released


def test_error_messages_shown_to_readers_name_the_file_but_not_the_servers_folders(settings, embedder):
    from chatbot.errors import IndexUnavailable, public_message
    from chatbot.serve.render import notice

    assert public_message("/root/.cache/chatbot/model.onnx has format 99") == "…/model.onnx has format 99"
    assert public_message("C:\\kb\\人事\\index 损坏") == "…/index 损坏"
    for kept in ("上传的 source/a.pdf 不是 PDF", "见 https://intranet.example/a/b", "比例 1/2/3", "~/x/y"):
        assert public_message(kept) == kept
    assert "/var/lib" not in notice("索引 /var/lib/kb/index 已损坏") and "…/index" in notice("索引 /var/lib/kb/index 已损坏")

    class Down(ChatBot):
        def ask(self, question, history=None):
            raise IndexUnavailable("the index at /var/lib/chatbot/index/CURRENT cannot be read", "run `chatbot index`")

    with TestClient(create_app(Down(settings, embedder), page=False), base_url=LOCAL) as client:
        r = client.post("/api/ask", json={"question": "客服热线?"})
    assert r.status_code == 503 and "…/CURRENT" in r.json()["error"] and "/var/lib" not in r.json()["error"]
