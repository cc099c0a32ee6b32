"""The source routes with ?kb= (chatbot/serve/source.py): a citation from another knowledge base opens that
KB's original, never a same-named file of the default one; the links of the page, the view and the widget
carry the KB. Two KBs each hold a 手册.txt with different text; the keyword embedder answers."""
import io
import re
import time
from dataclasses import replace
from html import unescape
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from chatbot.bot import ChatBot
from chatbot.serve import create_app
from chatbot.serve.render import answer_html, passages_html, source_link
from chatbot.settings import Settings

from conftest import KeywordEmbedder
from zoo import _pdf

LOCAL = "http://127.0.0.1:7860"
KB = "人事"
KB_Q = quote(KB, safe="")
TOKEN = "t0ken-0123456789abcdef"
DEFAULT_TEXT = "新员工手册\n新员工手册：客服热线电话是8001。\n"
KB_TEXT = "新员工手册\n新员工手册：人事部联系电话是9002。\n"
QUESTION = "新员工手册里的联系电话是多少?"


@pytest.fixture(scope="module")
def settings(tmp_path_factory) -> Settings:
    root = tmp_path_factory.mktemp("kbsrc")
    (root / "corpus").mkdir()
    (root / "corpus" / "手册.txt").write_text(DEFAULT_TEXT, encoding="utf-8")
    (root / "corpus" / "仅默认.txt").write_text("存款利率：活期存款年利率0.3%。\n", encoding="utf-8")
    (root / "secret.txt").write_text("机密：口令是123456。\n", encoding="utf-8")
    return Settings(corpus_dir=root / "corpus", index_dir=root / "index", kb_root=root / "kbs", min_score=0.3,
                    min_coverage=0.2, min_score_crosslingual=0.3, min_term_chars=0)


@pytest.fixture(scope="module")
def bot(settings):
    return ChatBot(settings, KeywordEmbedder()).warm_up()


@pytest.fixture(scope="module")
def client(bot, settings, tmp_path_factory):
    """The guarded API app; KB 人事 created and filled through it (手册.txt with other text, a PDF)."""
    client = TestClient(create_app(bot, page=False), base_url=LOCAL)
    assert client.post("/api/kbs", json={"name": KB}).status_code == 201
    pdf = tmp_path_factory.mktemp("pdf") / "营业时间.pdf"
    _pdf(pdf)
    files = [("files", ("手册.txt", KB_TEXT.encode(), "text/plain")), ("files", ("营业时间.pdf", pdf.read_bytes(), "application/pdf"))]
    assert client.post(f"/api/kbs/{KB}/documents", files=files).status_code == 202
    end = time.monotonic() + 60
    while client.get(f"/api/kbs/{KB}/status").json()["state"] in ("queued", "indexing"):
        assert time.monotonic() < end, "KB still indexing"
        time.sleep(0.05)
    (Path(settings.kb_root) / KB / "secret.txt").write_text("机密：口令是123456。\n", encoding="utf-8")
    return client


@pytest.fixture(scope="module")
def kbs(bot, client):
    """KnowledgeBases over the same folders as the app's (the page gets the server's one; this reads the same builds)."""
    from chatbot.kb import KnowledgeBases

    return KnowledgeBases(bot.settings, default_bot=bot)


def cite(client, question: str, kb: str | None = None) -> dict:
    body = client.post("/api/ask", json={"question": question, **({"kb": kb} if kb else {})}).json()
    assert not body["abstained"], body
    return body["citations"][0]


def follow(client, html: str):
    """GET the first 「打开原文」 href in `html` (relative to the page, the #quote fragment dropped)."""
    href = unescape(re.search(r'class="cb-open" href="([^"]+)"', html).group(1))
    return href, client.get("/" + href.split("#")[0])


def test_a_citation_from_another_kb_opens_that_kbs_original(client):
    c = cite(client, QUESTION, KB)
    assert c["source"] == "手册.txt" and "9002" in c["quote"]
    href, r = follow(client, source_link(c["source"], c["start"], c["end"], KB))
    assert f"kb={KB_Q}&" in href and r.status_code == 200
    assert "9002" in re.search(r'<mark id="quote">(.*?)</mark>', r.text, re.S).group(1) and "8001" not in r.text
    assert f'href="../%E6%89%8B%E5%86%8C.txt?kb={KB_Q}"' in r.text  # 打开原文件: the same KB's file
    assert client.get(f"/source/{quote('手册.txt')}?kb={KB_Q}").text == KB_TEXT


def test_the_default_link_still_opens_the_default_original(client):
    c = cite(client, QUESTION)
    assert "8001" in c["quote"]
    href, r = follow(client, source_link(c["source"], c["start"], c["end"]))
    assert "kb=" not in href and r.status_code == 200
    assert "8001" in re.search(r'<mark id="quote">(.*?)</mark>', r.text, re.S).group(1) and "9002" not in r.text
    assert client.get(f"/source/{quote('手册.txt')}").text == DEFAULT_TEXT
    assert client.get(f"/source/{quote('手册.txt')}?kb=default").text == DEFAULT_TEXT
    assert client.get(f"/source/{quote('手册.txt')}?kb=").text == DEFAULT_TEXT


def test_a_pdf_of_another_kb_has_its_page_and_links_in_that_kb(client):
    c = cite(client, "周末营业时间是几点?", KB)
    assert c["source"] == "营业时间.pdf"
    assert client.get(f"/source/{quote(c['source'])}/view?start={c['start']}&end={c['end']}").status_code == 404
    _, r = follow(client, source_link(c["source"], c["start"], c["end"], KB))
    assert r.status_code == 200 and "周末营业时间为10点至16点" in r.text and "第2页 / 共2页" in r.text
    image = unescape(re.search(r'<img src="([^"]+)"', r.text).group(1))
    assert image.startswith(f"page/2.png?kb={KB_Q}&")
    png = client.get(f"/source/{quote(c['source'])}/{image}")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    links = [unescape(h) for h in re.findall(r'<a href="([^"]+)"', r.text)]
    assert f"view?page=1&kb={KB_Q}&start={c['start']}&end={c['end']}" in links
    assert f"../{quote(c['source'])}?kb={KB_Q}#page=2" in links


@pytest.mark.parametrize("kb", ["不存在的库", "..", "../kbs", "a/b", "x" * 300, ".deleted-abc", "-x", "a b", "%00"])
def test_an_unknown_or_malformed_kb_is_404_without_echo(client, kb):
    for tail in ("?", "/view?start=0&end=4&", "/page/1.png?"):
        r = client.get(f"/source/{quote('手册.txt')}{tail}kb={quote(kb, safe='')}")
        assert r.status_code == 404 and r.headers["content-type"] == "application/json", (kb, tail, r.text)
        assert set(r.json()) == {"error"} and kb not in r.text and "不存在" not in r.text


@pytest.mark.parametrize("path", [
    "/source/..%2Fsecret.txt", "/source/%2e%2e/secret.txt", "/source/..%2F..%2Fsecret.txt", "/source/secret.txt",
    "/source/..%2F..%2Fcorpus%2F%E6%89%8B%E5%86%8C.txt", "/source/%2Fetc%2Fpasswd", "/source/..%5Csecret.txt",
    "/source/%E4%BB%85%E9%BB%98%E8%AE%A4.txt",  # in the default KB's index, not in this one's
    "/source/..%2Findex%2FCURRENT", "/source/%2e%2e%2fsecret.txt/view?start=0&end=2", "/source/%00.txt",
])
def test_traversal_with_a_kb_is_still_404(client, path):
    r = client.get(path + ("&" if "?" in path else "?") + f"kb={KB_Q}")
    assert r.status_code == 404 and set(r.json()) == {"error"}
    assert "secret" not in r.text and "机密" not in r.text and "passwd" not in r.text and "8001" not in r.text


def test_the_token_guards_the_kb_routes_as_before(bot, client):
    guarded = ChatBot(replace(bot.settings, api_token=TOKEN), bot.embedder)
    guarded._retriever = bot.retriever
    g = TestClient(create_app(guarded, page=False), base_url=LOCAL)
    assert g.get(f"/source/{quote('手册.txt')}?kb={KB_Q}").status_code == 401
    assert g.get(f"/source/{quote('手册.txt')}?kb=%E4%B8%8D%E5%AD%98%E5%9C%A8").status_code == 401  # no probing KBs
    assert g.get(f"/source/{quote('手册.txt')}?kb={KB_Q}&token={TOKEN}").text == KB_TEXT


def test_render_carries_the_kb_and_leaves_the_default_out(kbs):
    assert source_link("a/b c.txt", 3, 9, "default") == source_link("a/b c.txt", 3, 9)
    assert 'href="source/a/b%20c.txt/view?kb=a%26b&amp;start=3&amp;end=9#quote"' in source_link("a/b c.txt", 3, 9, "a&b")
    answer = kbs.ask(KB, QUESTION)
    assert f"view?kb={KB_Q}&amp;start=" in answer_html(answer, KB)
    assert f"view?kb={KB_Q}&amp;start=" in passages_html(answer.passages, KB)
    assert "kb=" not in answer_html(kbs.ask(None, QUESTION)) + passages_html(kbs.ask(None, QUESTION).passages)


def test_the_page_renders_a_non_default_kbs_links_with_it(bot, client, kbs):
    from chatbot.serve.page import build

    demo = build(bot, kbs)
    fns = {fn.api_name: fn.fn for fn in demo.fns.values() if fn.api_name}
    _, shown, *_ = fns["respond"](QUESTION, [], [], [], KB)
    href, r = follow(client, shown[-1]["content"])
    assert f"kb={KB_Q}" in href and "9002" in r.text and "8001" not in r.text
    found, answered = fns["search"](QUESTION, KB)
    assert f"kb={KB_Q}" in found and f"kb={KB_Q}" in answered
    _, shown, *_ = fns["respond"](QUESTION, [], [], [], "default")
    assert "kb=" not in shown[-1]["content"] and "8001" in follow(client, shown[-1]["content"])[1].text
