"""Every refusal a page, widget or API reader can see is a Chinese sentence (session 26): the guard's, the
JSON API's request validation, Starlette's own errors, Gradio's replaced error bodies, the feedback file's cap
and a question set's line errors. Each test fails if a message goes back to English or starts echoing input."""
import asyncio
import re
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from chatbot.bot import ChatBot
from chatbot.serve import create_app

LOCAL = "http://127.0.0.1:7860"
TOKEN = "s3cret-token-0123456789"
HAN = re.compile(r"[\u4e00-\u9fff]")
# three English words in a row ("request body over", "slow down" after "minute:"): a sentence left in English
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[\s,:;.'-]+[A-Za-z]{2,}){2,}")


def assert_chinese(message: str) -> None:
    """A Chinese sentence; setting names, `Authorization: Bearer <token>`, `Content-Type: application/json` and field
    paths may stay as they are."""
    assert isinstance(message, str) and HAN.search(message), message
    assert not ENGLISH.search(message.replace("Content-Type: application/json", "")), message


def refused(r, status: int) -> str:
    """The refusal's message, after checking its status and its JSON shape {"error": "…"}."""
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"}, body
    assert_chinese(body["error"])
    return body["error"]


def client_for(settings, embedder, **changes) -> TestClient:
    return TestClient(create_app(ChatBot(replace(settings, **changes), embedder), page=False), base_url=LOCAL)


@pytest.fixture
def client_api(settings, embedder):
    return client_for(settings, embedder)


@pytest.mark.parametrize("message", ["request body over 256 KB", "more than 3 requests a minute: slow down",
                                     "question: Input should be a valid string", "line 2: not a JSON object"])
def test_the_check_catches_the_old_english_messages(message):
    with pytest.raises(AssertionError):
        assert_chinese(message)


def test_the_guards_refusals_are_chinese_with_their_status_and_headers(settings, embedder):
    client = client_for(settings, embedder, api_token=TOKEN, max_body_kb=1, rate_limit=4)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    r = client.post("/api/ask", json={"question": "年假"})
    assert refused(r, 401) == "需要访问令牌：请以 Authorization: Bearer <token> 发送，或在网址后加 ?token=<token>。"
    assert r.headers["www-authenticate"] == "Bearer"
    big = client.post("/api/ask", json={"question": "存款" * 1000}, headers=auth)
    assert refused(big, 413) == "请求内容超过 1 KB 的上限（CHATBOT_MAX_BODY_KB）：请缩短后重试。"
    assert "存款" not in big.text
    headers = {f"x-h{i}": "1" for i in range(101)}
    assert "100 个" in refused(client.get("/api/health", headers=headers), 431)
    assert "CHATBOT_ALLOWED_HOSTS" in refused(client.get("/api/health", headers={"host": "rebind.evil.example"}), 400)
    assert "evil" not in client.get("/api/health", headers={"host": "rebind.evil.example"}).text
    cross = client.post("/api/ask", json={"question": "年假"}, headers={**auth, "Origin": "http://evil.example"})
    assert "CHATBOT_CORS_ORIGINS" in refused(cross, 403) and "evil" not in cross.text
    codes = [client.post("/api/ask", json={"question": "年假"}, headers=auth) for _ in range(5)]
    assert [r.status_code for r in codes] == [200] * 4 + [429]  # the refusals above are not counted
    last = codes[-1]
    assert refused(last, 429) == "一分钟内的请求超过 4 次：请稍后再试。" and last.headers["retry-after"] == "60"


def test_wrong_tokens_feedback_and_fetching_other_addresses(settings, embedder):
    client = client_for(settings, embedder, api_token=TOKEN, feedback_rate_limit=1)
    for _ in range(10):
        client.get("/api/kbs", headers={"Authorization": "Bearer wrong-token-0123456789"})
    r = client.get("/api/kbs", headers={"Authorization": "Bearer wrong-token-0123456789"})
    assert refused(r, 429) == "错误的令牌太多：请一分钟后再试。" and r.headers["retry-after"] == "60"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    body = {"rating": "up", "question": "问", "answer": "答"}
    assert client.post("/api/feedback", json=body, headers=auth).status_code == 201
    assert refused(client.post("/api/feedback", json=body, headers=auth), 429) == "反馈太频繁：请一分钟后再试。"
    r = client.get("/gradio_api/file=http://example.com/x", headers=auth)
    assert refused(r, 403) == "服务器不会替客户端获取其他地址的内容：请直接上传文件。"


def test_the_pages_upload_says_how_to_send_a_larger_file(settings, embedder):
    admin = client_for(settings, embedder, admin_token="admin-token-0123456789abcdef", max_body_kb=1)
    r = admin.post("/gradio_api/upload", files={"files": ("a.txt", b"a" * 2000)})
    assert "「知识库」页签" in refused(r, 413) and "管理员令牌" in r.json()["error"]
    off = client_for(settings, embedder, host="0.0.0.0", allowed_hosts="127.0.0.1", max_body_kb=1)
    r = off.post("/gradio_api/upload", files={"files": ("a.txt", b"a" * 2000)})
    assert refused(r, 413) == "上传的文件超过 1 KB 的上限（CHATBOT_MAX_BODY_KB）：请分开上传或换小一些的文件。"
    local = client_for(settings, embedder, upload_max_mb=0.001)  # management open: the upload limit applies
    r = local.post("/api/kbs/default/documents", files={"files": ("a.txt", b"a" * 2000)})
    assert refused(r, 413) == "一次上传超过 0.001 MB 的上限（CHATBOT_UPLOAD_MAX_MB）：请分几次上传。"


def test_a_slow_body_and_odd_json_to_gradio_are_refused_in_chinese():
    from chatbot.serve.payload import gradio_problem, quiet_message, read_body

    async def trickle():
        await asyncio.sleep(0.2)
        return {"type": "http.request", "body": b"x", "more_body": True}
    _, (status, message) = asyncio.run(read_body(trickle, 1024, timeout=0.5))
    assert status == 408 and message == "请求内容没有在 0.5 秒内传完：请检查网络后重试。"
    said = {raw: gradio_problem(raw) for raw in (b'{"data": NaN}', b'{"data": [1,', b'{"data": ["\\ud800"]}',
                                                  b'{"data": "\xc3\x28"}', b'{"data": [{"path": "https://x.org/q.jsonl"}]}')}
    assert said == {b'{"data": NaN}': "请求内容不是有效的 JSON：NaN 和 Infinity 不是 JSON 数字。",
                    b'{"data": [1,': "请求内容不是有效的 JSON（第 1 行第 13 列）。",
                    b'{"data": ["\\ud800"]}': "请求内容里有无效的 Unicode 字符（孤立的代理项）。",
                    b'{"data": "\xc3\x28"}': "请求内容不是 UTF-8 编码的 JSON。",
                    b'{"data": [{"path": "https://x.org/q.jsonl"}]}': "文件须上传到服务器，不能用网址指定。"}
    for status in (400, 403, 404, 405, 413, 422, 429, 500, 503):
        assert_chinese(quiet_message(status))


def test_gradios_own_error_bodies_are_replaced_in_chinese(settings, embedder):
    with TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL) as client:
        r = client.post("/gradio_api/call/search", json={"data": "SECRETECHO"})
        assert refused(r, r.status_code) == "请求无效。" and "SECRETECHO" not in r.text


@pytest.mark.parametrize("body, said", [
    ({}, "请求无效：question 字段缺失。"),
    ({"question": 5}, "请求无效：question 须为字符串。"),
    ({"question": "存款" * 10_001}, "请求无效：question 太长：最多 20000 个字符。"),
    ({"question": "存款", "history": "x"}, "请求无效：history 须为列表。"),
    ({"question": "存款", "history": [{"answer": "答"}] * 51}, "请求无效：history 太长：最多 50 项。"),
    ({"question": "存款", "history": [{"answer": "答"}]}, "请求无效：history.0.question 字段缺失。"),
    ([], "请求无效：请求体须为 JSON 对象。"),
])
def test_request_validation_names_the_field_in_chinese(client_api, body, said):
    r = client_api.post("/api/ask", json=body)
    assert r.status_code == 422 and r.json()["error"] == said
    assert_chinese(r.json()["error"])
    assert r.json()["detail"] and {"loc", "msg", "type"} <= set(r.json()["detail"][0])  # pydantic's, for programs
    assert "存款存款" not in r.text


def test_a_lone_surrogate_a_bad_rating_and_a_body_that_is_not_json(client_api):
    r = client_api.post("/api/ask", content=b'{"question": "\\ud800"}', headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.json()["error"] == "请求无效：question 不是有效的 Unicode 文本（含孤立的代理项）。"
    r = client_api.post("/api/feedback", json={"rating": "meh", "question": "问", "answer": "答"})
    assert r.status_code == 422 and r.json()["error"] == "请求无效：rating 须为 up、down 之一。"
    r = client_api.post("/api/ask", content=b"not json", headers={"content-type": "application/json"})
    assert r.status_code == 400 and r.json() == {"error": "请求无效：请求体不是 JSON。"}


def test_starlettes_own_errors_are_chinese(client_api):
    assert refused(client_api.get("/api/nothing-here"), 404) == "没有这个地址。"
    assert refused(client_api.put("/api/ask", json={"question": "年假"}), 405) == "这个地址不接受这种请求方法。"
    r = client_api.post("/api/ask", content=b"\xff\xfe not json", headers={"content-type": "application/json"})
    assert refused(r, 400).startswith("请求体无法解析")


def test_public_detail_keeps_ours_and_translates_starlettes():
    from chatbot.serve.invalid import public_detail

    assert public_detail(404, "没有这个知识库") == "没有这个知识库"
    assert public_detail(400, "Too many fields. Maximum number of fields is 30.") == "表单字段太多：最多 30 个。"
    for status, detail in ((400, "Some new Starlette sentence"), (418, "I'm a teapot"), (500, "Internal Server Error")):
        assert_chinese(public_detail(status, detail))


def test_the_feedback_files_cap_is_said_in_chinese(settings, embedder):
    client = client_for(settings, embedder, feedback_max_mb=1e-6)
    r = client.post("/api/feedback", json={"rating": "up", "question": "问", "answer": "答"})
    assert "CHATBOT_FEEDBACK_MAX_MB" in refused(r, 507) and "已满" in r.json()["error"]


def test_a_question_sets_line_errors_are_chinese(tmp_path):
    from chatbot.evaluate import load_questions

    path = tmp_path / "q.jsonl"
    path.write_text('[1, 2]\n{"question": "甲?"}\n{"id": 3, "question": "丙?", "answers": [1]}\n'
                    '{"id": 4, "question": "丁?", "answers": []}\r\n{"id": 5,\n', encoding="utf-8")
    questions, errors = load_questions(path)
    assert [q.id for q in questions] == ["4"]
    assert errors == ['第 1 行：不是 JSON 对象（每行须为一个 {"id", "question", "answers"} 对象）',
                      "第 2 行：缺少字段 id、answers",
                      "第 3 行：answers 须为字符串列表（文档无法回答的问题写 []）",
                      "第 5 行：不是有效的 JSON（第 10 列）"]
    for e in errors:
        assert_chinese(e)
    path.write_bytes('{"id": 1, "question": "甲?", "answers": []}\n{"id": 2}\n'.encode()
                     + '{"id": 3, "question": "丙?", "answers": []}\n'.encode("gb18030"))
    assert load_questions(path) == ([], ["第 3 行：不是 UTF-8 编码的文本：请把文件另存为 UTF-8 后再试"])
    path.write_text('[\n  {"id": 1, "question": "甲?", "answers": []}\n]\n', encoding="utf-8")
    assert load_questions(path) == ([], ["整个文件是一个 JSON 数组：问题集须为每行一个 JSON 对象（JSON Lines，.jsonl）"])
    path.write_text('{"id": null, "question": null, "answers": []}\n{"id": 2, "question": " ", "answers": []}\n'
                    + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    assert load_questions(path) == ([], ["第 1 行：question 须为非空字符串", "第 2 行：question 须为非空字符串",
                                         "第 3 行：嵌套太深，不是一个问题"])


def test_the_pages_toast_script_is_served_and_loaded(settings, embedder):
    with TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL) as client:
        r = client.get("/page-zh.js")
        assert r.status_code == 200 and r.headers["content-type"].startswith("text/javascript")
        assert "File\\(s\\) exceed the maximum allowed size" in r.text and "上传上限" in r.text
        assert '<script src="page-zh.js"' in client.get("/config").json()["head"]  # Gradio adds it to the page's head


def test_an_unknown_api_path_or_method_is_refused_in_chinese_with_the_page_mounted(settings, embedder):
    """With the page mounted at "/", a path no API route answers used to reach Gradio: {"detail": "Not Found"} in
    English, and a wrong method was a 404 too."""
    client = TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL)
    assert refused(client.get("/api/nothing-here"), 404) == "没有这个地址。"
    r = client.get("/api/ask")
    assert refused(r, 405) == "这个地址不接受这种请求方法。" and r.headers["allow"] == "POST"
    assert refused(client.delete("/api/feedback"), 405)
    assert client.get("/api/health").status_code == 200 and client.get("/").status_code == 200   # the rest is unchanged


def test_an_unknown_gradio_api_name_is_a_404_not_a_server_error(settings, embedder):
    """Gradio raised FnIndexInferError for an API name the page lacks, which left as a 500 (session 26's note)."""
    with TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL) as client:
        for path in ("/gradio_api/call/predict", "/gradio_api/run/predict", "/gradio_api/call/nothing"):
            r = client.post(path, json={"data": ["年假"]})
            assert refused(r, 404) and "年假" not in r.text
        assert client.post("/gradio_api/call/respond", json={"data": ["年假", [], [], [], "default"]}).status_code == 200


@pytest.mark.parametrize("headers", [{}, {"content-type": "application/x-www-form-urlencoded"},
                                     {"content-type": "text/plain; charset=utf-8"}])
def test_a_json_body_without_a_json_content_type_is_told_so(client_api, headers):
    """curl -d sends a form type, some clients none: the body is a JSON object, and was told 「须为 JSON 对象」."""
    r = client_api.post("/api/ask", content='{"question": "年假"}'.encode(), headers=headers)
    assert refused(r, 415) == "请求无效：请求头须有 Content-Type: application/json，请求体才会按 JSON 读取。"
    r = client_api.post("/api/ask", content='{"question": "年假"}'.encode(),
                        headers={"content-type": "application/json; charset=utf-8"})
    assert r.status_code == 200 and r.json()["question"] == "年假"
    assert client_api.post("/api/ask", json=[]).status_code == 422   # a JSON body that is no object is still that


def test_the_page_is_chinese_in_its_head_and_shows_no_gradio_card(settings, embedder):
    from chatbot.serve.pagehead import DESCRIPTION, TITLE, chinese_head

    with TestClient(create_app(ChatBot(settings, embedder)), base_url=LOCAL) as client:
        page = client.get("/")
        html = page.text.split("window.gradio_config")[0]  # the config holds Gradio's API examples (URLs never fetched)
        assert page.status_code == 200 and int(page.headers["content-length"]) == len(page.content)
        assert re.search(r'<html\s[^>]*lang="zh-CN"', html) and 'lang="en"' not in html[:300]
        assert f'property="og:title" content="{TITLE}"' in html and f'content="{DESCRIPTION}"' in html
        assert "Click to try out" not in html and 'content="Gradio"' not in html
        assert "og:image" not in html and "twitter:image" not in html and "http" not in html and 'content=""' not in html
        js = client.get("/page-zh.js")  # not HTML: untouched
        assert js.headers["content-type"].startswith("text/javascript") and "上传上限" in js.text
        assert client.get("/config").json()["title"] == TITLE
    other = '<html lang="fr"><meta name="x" content="Gradio-like">'
    assert chinese_head(other) == other  # only Gradio's own tags are rewritten
