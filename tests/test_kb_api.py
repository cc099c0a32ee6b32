"""The knowledge-base API (/api/kbs…, POST /api/ask with kb) through the whole guarded app: the happy
path with a DOCX and a PDF, every refusal with its status and message, and who may write."""
import time
from dataclasses import replace

import pytest
from fastapi.testclient import TestClient

from chatbot.bot import ChatBot
from chatbot.serve import create_app
from conftest import KeywordEmbedder
from test_kb import CARD, PNG

LOCAL = "http://127.0.0.1:7860"
ADMIN = "admin-token-0123456789abcdef"
READER = "reader-token-0123456789abcdef"


def client_for(settings, **changes) -> TestClient:
    bot = ChatBot(replace(settings, kb_root=settings.index_dir.parent / "kbs", **changes), KeywordEmbedder())
    return TestClient(create_app(bot, page=False), base_url=LOCAL)


@pytest.fixture
def client(settings):
    return client_for(settings)


def idle(client, kb, timeout=60.0) -> dict:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        st = client.get(f"/api/kbs/{kb}/status").json()
        if st["state"] not in ("queued", "indexing"):
            return st
        time.sleep(0.05)
    raise AssertionError(f"{kb} still indexing: {st}")


def files(*items):
    return [("files", (name, data, "application/octet-stream")) for name, data in items]


@pytest.fixture
def zoo_files(tmp_path):
    from zoo import _docx, _pdf

    _docx(tmp_path / "贷款指南.docx")
    _pdf(tmp_path / "营业时间.pdf")
    return [(p, (tmp_path / p).read_bytes()) for p in ("贷款指南.docx", "营业时间.pdf")]


def test_create_upload_preview_ask_delete(client, zoo_files):
    assert client.post("/api/kbs", json={"name": "网点"}).status_code == 201
    r = client.post("/api/kbs/网点/documents", files=files(*zoo_files))
    assert r.status_code == 202 and [s["format"] for s in r.json()["saved"]] == ["docx", "pdf"]
    st = idle(client, "网点")
    assert st["state"] == "idle" and st["documents"] == 2 and st["indexed_at"]
    docs = {d["name"]: d for d in client.get("/api/kbs/网点/documents").json()["documents"]}
    pdf = docs["营业时间.pdf"]
    # a PDF or Office file has no text encoding (newcomer walkthrough, session 24: 编码 read 「docx」)
    assert (pdf["status"], pdf["format"], pdf["pages"], pdf["encoding"]) == ("indexed", "pdf", 2, "")
    assert docs["贷款指南.docx"]["encoding"] == ""
    assert pdf["sections"] >= 2 and pdf["chunks"] >= 2 and docs["贷款指南.docx"]["title"] == "贷款指南"
    chunks = client.get("/api/kbs/网点/documents/营业时间.pdf/chunks").json()["chunks"]
    weekend = next(c for c in chunks if "周末营业时间为10点至16点" in c["text"])
    assert [c["n"] for c in chunks] == list(range(len(chunks))) and chunks == sorted(chunks, key=lambda c: c["start"])
    assert weekend["page"] == 2 and weekend["location"] == "第2页" and weekend["path"][-1] == "二、周末"
    ask = {"question": "周末营业时间是几点?", "kb": "网点"}
    cited = client.post("/api/ask", json=ask).json()["citations"][0]
    assert (cited["source"], cited["location"]) == ("营业时间.pdf", "第2页") and "10点至16点" in cited["quote"]
    default = client.post("/api/ask", json={"question": "周末营业时间是几点?"}).json()
    assert all(c["source"] != "营业时间.pdf" for c in default["citations"])  # the default KB is untouched
    assert client.delete("/api/kbs/网点/documents/营业时间.pdf").status_code == 202
    idle(client, "网点")
    after = client.post("/api/ask", json=ask).json()
    assert all(c["source"] != "营业时间.pdf" for c in after["citations"] + after["passages"])
    assert client.delete("/api/kbs/网点").json() == {"deleted": "网点"}
    assert [k["name"] for k in client.get("/api/kbs").json()["kbs"]] == ["default"]
    assert client.post("/api/ask", json=ask).status_code == 404


def test_listing(client):
    client.post("/api/kbs", json={"name": "b"})
    client.post("/api/kbs", json={"name": "a"})
    kbs = client.get("/api/kbs").json()["kbs"]
    assert [(k["name"], k["default"], k["state"]) for k in kbs] == [("default", True, "unindexed"), ("a", False, "empty"),
                                                                    ("b", False, "empty")]
    assert kbs[0]["documents"] == 2


@pytest.mark.parametrize("method, path, body, status, message", [
    ("post", "/api/kbs", {"name": "../x"}, 400, "1–64 个字母"),
    ("post", "/api/kbs", {"name": "a.b"}, 400, "不能有点"),
    ("post", "/api/kbs", {"name": "x" * 65}, 400, "1–64"),
    ("post", "/api/kbs", {}, 422, "name"),
    ("post", "/api/kbs", {"name": "default"}, 409, "配置的语料文件夹"),
    ("post", "/api/kbs", {"name": "k"}, 409, "已经存在"),
    ("delete", "/api/kbs/default", None, 409, "不能删除"),
    ("delete", "/api/kbs/nope", None, 404, "没有名为「nope」的知识库"),
    ("get", "/api/kbs/nope/documents", None, 404, "nope"),
    ("get", "/api/kbs/nope/status", None, 404, "nope"),
    ("get", "/api/kbs/k/documents/nope.txt/chunks", None, 404, "没有名为「nope.txt」的文档"),
    ("get", "/api/kbs/k/documents/%2E%2E%2Fx.txt/chunks", None, 400, "以点开头"),
    ("delete", "/api/kbs/k/documents/nope.txt", None, 404, "没有名为「nope.txt」的文档"),
    ("delete", "/api/kbs/k/documents/%2E%2E%2Fsecret.txt", None, 400, "以点开头"),
    ("post", "/api/ask", {"question": "年费?", "kb": "nope"}, 404, "没有名为「nope」的知识库"),
    ("post", "/api/ask", {"question": "年费?", "kb": "k"}, 409, "还没有文档"),
    ("post", "/api/ask", {"question": "年费?", "kb": "../k"}, 400, "个字母、数字"),
])
def test_refusals(client, method, path, body, status, message):
    client.post("/api/kbs", json={"name": "k"})
    r = getattr(client, method)(path, **({"json": body} if body is not None else {}))
    assert r.status_code == status and r.headers["content-type"].startswith("application/json")
    assert message in r.json()["error"]


def _zip_xlsx() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml")
    return buf.getvalue()


@pytest.mark.parametrize("sent, status, message", [
    ([("报表.pdf", PNG)], 415, "不是 PDF：内容是一个 PNG 文件（image/png）"),
    ([("说明.txt", PNG)], 415, "PNG"),
    ([("合同.docx", _zip_xlsx())], 415, "内容是 .xlsx 文档"),
    ([("程序.exe", b"MZ")], 415, "不读取 .exe 文件"),
    ([("旧.doc", b"\xd0\xcf\x11\xe0")], 415, "另存为 .docx"),
    ([("空.txt", b"")], 400, "文件是空的"),
    ([("../evil.txt", CARD)], 400, "不能有 / 或 \\"),
    ([(".hidden.txt", CARD)], 400, "以点开头"),
    ([("长" * 130 + ".txt", CARD)], 400, "最长 120 个字符"),
    ([("userdict.txt", CARD)], 400, "分词用的词表"),
    ([("a.txt", CARD), ("a.txt", CARD)], 409, "两次"),
    ([("good.txt", CARD), ("bad.pdf", PNG)], 415, "bad.pdf"),
])
def test_upload_refusals_store_nothing(client, sent, status, message):
    client.post("/api/kbs", json={"name": "k"})
    r = client.post("/api/kbs/k/documents", files=files(*sent))
    assert r.status_code == status and message in r.json()["error"], r.json()
    assert client.get("/api/kbs/k/documents").json()["documents"] == []


def raw_upload(client, filename: bytes, data: bytes):
    """A multipart body written by hand: httpx would percent-encode a control character in the name."""
    body = (b"--xyz\r\nContent-Disposition: form-data; name=\"files\"; filename=\"" + filename + b"\"\r\n"
            b"Content-Type: text/plain\r\n\r\n" + data + b"\r\n--xyz--\r\n")
    return client.post("/api/kbs/k/documents", content=body, headers={"Content-Type": "multipart/form-data; boundary=xyz"})


def test_names_as_browsers_send_them(client):
    client.post("/api/kbs", json={"name": "k"})
    r = raw_upload(client, "a\x07b.txt".encode(), CARD)
    assert r.status_code == 400 and "控制字符" in r.json()["error"]
    r = raw_upload(client, "C:\\Users\\me\\年费.txt".encode(), CARD)  # old IE sends the whole path:
    assert r.status_code == 202 and r.json()["saved"][0]["name"] == "年费.txt"  # python-multipart keeps the name
    r = raw_upload(client, "e\u0301.txt".encode(), CARD)
    assert r.status_code == 202 and r.json()["saved"][0]["name"] == "\u00e9.txt"  # NFC
    r = raw_upload(client, "\u00e9.txt".encode(), CARD)
    assert r.status_code == 409                                                # the same name once normalised
    assert sorted(d["name"] for d in client.get("/api/kbs/k/documents").json()["documents"]) == ["\u00e9.txt", "年费.txt"]
    idle(client, "k")


def test_upload_collisions_replace_and_no_files(client):
    client.post("/api/kbs", json={"name": "k"})
    assert client.post("/api/kbs/k/documents", files=files(("信用卡.txt", CARD))).status_code == 202
    r = client.post("/api/kbs/k/documents", files=files(("信用卡.txt", b"new text")))
    assert r.status_code == 409 and "replace=true" in r.json()["error"]
    r = client.post("/api/kbs/k/documents?replace=true", files=files(("信用卡.txt", "新的年费说明。".encode())))
    assert r.status_code == 202 and r.json()["saved"][0]["replaced"] is True
    r = client.post("/api/kbs/k/documents", data={"note": "x"}, files=[("other", ("a.txt", CARD, "text/plain"))])
    assert r.status_code == 400 and "名为 files 的字段" in r.json()["error"]
    assert client.post("/api/kbs/k/documents", json={"files": []}).status_code == 400
    assert client.post("/api/kbs/nope/documents", files=files(("a.txt", CARD))).status_code == 404
    idle(client, "k")


def test_upload_size_and_count_limits(settings):
    client = client_for(settings, max_file_mb=0.001, upload_max_mb=0.01, upload_max_files=2, max_body_kb=1)
    client.post("/api/kbs", json={"name": "k"})
    r = client.post("/api/kbs/k/documents", files=files(("a.txt", b"a" * 2000)))
    assert r.status_code == 413 and "CHATBOT_MAX_FILE_MB" in r.json()["error"]
    r = client.post("/api/kbs/k/documents", files=files(("a.txt", b"a" * 20_000)))
    assert r.status_code == 413 and "CHATBOT_UPLOAD_MAX_MB" in r.json()["error"]
    r = client.post("/api/kbs/k/documents", files=files(*[(f"{i}.txt", CARD) for i in range(3)]))
    assert r.status_code == 400 and r.json() == {"error": "一次最多上传 2 个文件（CHATBOT_UPLOAD_MAX_FILES）：请分几次上传。"}
    assert client.post("/api/kbs/k/documents", files=files(("a.txt", b"a" * 900))).status_code == 202  # over max_body_kb
    assert client.post("/api/kbs", json={"name": "x" * 2000}).status_code == 413    # other bodies keep theirs
    idle(client, "k")


def test_management_is_off_on_an_exposed_server_without_an_admin_token(settings):
    client = client_for(settings, host="0.0.0.0", allowed_hosts="127.0.0.1")
    assert client.get("/api/kbs").status_code == 200
    for r in (client.post("/api/kbs", json={"name": "k"}), client.delete("/api/kbs/default/documents/guide.md"),
              client.post("/api/kbs/default/documents", files=files(("a.txt", CARD)))):
        assert r.status_code == 403 and "CHATBOT_ADMIN_TOKEN" in r.json()["error"]
    assert (settings.corpus_dir / "guide.md").exists()


def test_the_admin_token_guards_every_write(settings):
    client = client_for(settings, host="0.0.0.0", allowed_hosts="127.0.0.1", admin_token=ADMIN, api_token=READER)
    admin, reader = {"Authorization": f"Bearer {ADMIN}"}, {"Authorization": f"Bearer {READER}"}
    assert client.post("/api/kbs", json={"name": "k"}).status_code == 401
    assert client.post("/api/kbs", json={"name": "k"}, headers=reader).status_code == 401
    assert client.post(f"/api/kbs?token={ADMIN}", json={"name": "k"}).status_code == 401  # a header only
    assert client.post("/api/kbs", json={"name": "k"}, headers=admin).status_code == 201
    assert client.delete("/api/kbs/k", headers=reader).status_code == 401
    assert client.get("/api/kbs").status_code == 401                      # reads need a token …
    assert client.get("/api/kbs", headers=reader).status_code == 200       # … the reading one
    assert client.get("/api/kbs/k/status", headers=admin).status_code == 200  # … or the admin one
    assert client.post("/api/ask", json={"question": "年费?"}, headers=admin).status_code == 401  # not beyond /api/kbs
    r = client.post("/api/kbs", json={"name": "evil"}, headers={**admin, "Origin": "http://evil.example"})
    assert r.status_code == 403                                             # cross-site writes are refused
    assert client.delete("/api/kbs/k", headers=admin).status_code == 200


def test_wrong_admin_tokens_are_limited_and_writes_are_rate_limited(settings):
    client = client_for(settings, admin_token=ADMIN, kb_rate_limit=3)
    codes = [client.post("/api/kbs", json={"name": "k"}, headers={"Authorization": "Bearer wrong"}).status_code
             for _ in range(12)]
    assert codes[:10] == [401] * 10 and codes[10:] == [429, 429]
    admin = {"Authorization": f"Bearer {ADMIN}"}
    codes = [client.post("/api/kbs", json={"name": f"k{i}"}, headers=admin).status_code for i in range(4)]
    assert codes == [201, 201, 201, 429]
    assert client.get("/api/kbs").status_code == 200  # reads are not management writes


def test_the_widget_passes_its_kb():
    from chatbot.serve.api import STATIC

    widget, app = (STATIC / "embed.js").read_text(), (STATIC / "embed-app.js").read_text()
    assert 'query.push("kb=" + encodeURIComponent(d.kb))' in widget and 'params.get("kb")' in app and "kb: kb" in app
