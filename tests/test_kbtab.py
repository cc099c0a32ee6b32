"""The 「知识库」 tab's handlers (kbtab.py) with the keyword embedder: create, upload a DOCX and a PDF, status,
split preview, delete with confirmation, the back end's messages for bad input, who may write; and the
page's file-upload limit (guard.py/admin.py), which only the admin's cookie widens."""
import html
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest

from chatbot.kb import KnowledgeBases
from chatbot.serve.kbtab import NEEDS_TOKEN, OFF, KBTab
from conftest import KeywordEmbedder
from test_kb import PNG

ADMIN = "admin-token-0123456789abcdef"


def text(fragment: str) -> str:
    """What a person reads in an HTML fragment (tags dropped, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment or ""))


@pytest.fixture
def kbsettings(settings, tmp_path):
    return replace(settings, kb_root=tmp_path / "kbs")


@pytest.fixture
def tab(kbsettings):
    return KBTab(KnowledgeBases(kbsettings, KeywordEmbedder()))


@pytest.fixture
def zoo(tmp_path) -> list[str]:
    from zoo import _docx, _pdf

    folder = tmp_path / "upload"
    folder.mkdir()
    _docx(folder / "贷款指南.docx")
    _pdf(folder / "营业时间.pdf")
    return [str(folder / "贷款指南.docx"), str(folder / "营业时间.pdf")]


def settled(tab, kb, timeout=60.0):
    """Poll as the page's timer does until the build has ended; the last view."""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = tab.poll(kb)
        if not v.running:
            return v
        assert v.names is None and v.choices is None  # lists are not redrawn under the user while a build runs
        time.sleep(0.05)
    raise AssertionError(f"{kb} still indexing")


def test_create_upload_status_preview_delete(tab, zoo):
    v = tab.create("网点", "", "c", "default")
    assert v.ok and v.kb == "网点" and ("网点（0 个文件）", "网点") in v.choices and "已新建知识库「网点」" in v.message
    v = tab.upload("网点", zoo, False, "", "c")
    assert v.ok and v.running and "贷款指南.docx（docx" in v.message and "营业时间.pdf（pdf" in v.message
    v = settled(tab, "网点")
    assert "索引状态：就绪" in text(v.status) and "2 个文档" in v.status and v.names == ["营业时间.pdf", "贷款指南.docx"]
    assert "索引完成" in v.message  # replaces 「正在重新索引」
    row = next(r for r in v.documents.split("<tr")[1:] if "营业时间.pdf" in r)
    cells = [text(c).strip() for c in row.split("<td>")[1:]]
    assert cells[1:5] == ["已索引", "pdf", "2", cells[4]] and int(cells[4]) >= 2 and int(cells[5]) >= 2  # pages 2, sections, chunks
    assert "当前知识库： 网点" in text(v.header) and "2 个文档" in v.header
    preview = tab.preview("网点", "营业时间.pdf")
    blocks = preview.split('class="cb-passage cb-chunk"')[1:]
    assert len(blocks) == int(cells[5]) and "#1 ·" in blocks[0] and "#2 ·" in blocks[1]  # in order, numbered from 1
    weekend = next(b for b in blocks if "周末营业时间为10点至16点" in b)
    assert "二、周末" in weekend and "第2页" in weekend
    from urllib.parse import quote  # each chunk opens its place in this KB's original
    start, end = (int(x) for x in weekend.split('class="cb-offsets">[')[1].split("]")[0].split(":"))
    assert (f'href="source/{quote("营业时间.pdf")}/view?kb={quote("网点", safe="")}&amp;start={start}&amp;end={end}#quote"'
            in weekend) and "打开原文" in weekend
    v = tab.ask_delete("网点", "", "c", "营业时间.pdf")
    assert v.pending == ("doc", "网点", "营业时间.pdf") and "删除文档「营业时间.pdf」" in v.confirm
    assert tab.kbs.documents("网点")[0]["name"] == "营业时间.pdf"  # asking deletes nothing
    v = tab.confirm(v.pending, "", "c", "网点")
    assert v.ok and v.confirm == "" and v.pending == () and "已删除「营业时间.pdf」" in v.message
    v = settled(tab, "网点")
    assert v.names == ["贷款指南.docx"] and "营业时间.pdf" not in v.documents
    assert "没有名为「营业时间.pdf」的文档" in tab.preview("网点", "营业时间.pdf")
    answer = tab.kbs.ask("网点", "周末营业时间是几点?")
    assert all(c.source != "营业时间.pdf" for c in answer.citations)


def test_deleting_a_kb_asks_first_and_the_default_is_kept(tab):
    tab.create("临时", "", "c", "default")
    v = tab.ask_delete("临时", "", "c")
    assert v.pending == ("kb", "临时") and "删除知识库「临时」" in v.confirm and v.kb == "临时"
    assert "临时" in [name for _, name in tab.view("临时").choices]
    v = tab.confirm(v.pending, "", "c", "临时")
    assert v.ok and v.kb == "default" and [name for _, name in v.choices] == ["default"]
    v = tab.ask_delete("default", "", "c")
    assert not v.pending and "默认知识库" in v.message and [name for _, name in v.choices] == ["default"]
    assert tab.confirm((), "", "c", "default").message == ""  # nothing pending: nothing done


def test_the_delete_button_cannot_be_pressed_for_the_default_kb():
    from chatbot.kb import DEFAULT_KB
    from chatbot.serve.kbwire import drop_label

    assert drop_label(DEFAULT_KB) == {"value": "默认库不可删除", "interactive": False}
    assert drop_label("hr") == {"value": "删除这个知识库", "interactive": True}


def test_bad_input_shows_the_back_ends_message_and_loses_nothing(tab, tmp_path, zoo):
    tab.create("网点", "", "c", "default")
    assert tab.upload("网点", [zoo[0]], False, "", "c").ok
    settled(tab, "网点")
    fake = tmp_path / "扫描件.pdf"
    fake.write_bytes(PNG)
    v = tab.upload("网点", [zoo[1], str(fake)], False, "", "c")
    assert not v.ok and "扫描件.pdf" in v.message and "PNG" in v.message  # what the content really is
    assert [d["name"] for d in tab.kbs.documents("网点")] == ["贷款指南.docx"]  # the good file was not stored either
    assert "其余 1 个文件也没有保存" in text(v.message)                          # … and the message says so
    assert fake.exists() and Path(zoo[1]).exists()  # the upload box still holds them
    v = tab.upload("网点", [zoo[0]], False, "", "c")
    assert not v.ok and "贷款指南.docx：知识库里已有同名文档" in v.message and "覆盖同名文档" in v.message
    v = tab.upload("网点", [zoo[0]], True, "", "c")
    assert v.ok and "已覆盖" in v.message
    assert "名为「网点」的知识库已经存在" in text(tab.create("网点", "", "c", "网点").message)
    assert "1–64 个字母" in tab.create("../x", "", "c", "default").message
    v = tab.choose("没有这个")
    assert v.kb == "default" and "没有这个" in v.message  # an unknown KB: the default answers, and the tab says why
    v = tab.upload("没有这个", [zoo[0]], False, "", "c")
    assert not v.ok and "没有这个" in v.message and v.kb == "default"
    assert "先选择要上传的文件" in tab.upload("网点", [], False, "", "c").message


def test_document_names_and_texts_are_escaped(tab, tmp_path):
    tab.create("网点", "", "c", "default")
    hostile = tmp_path / "<img src=x onerror=alert(1)>客服.txt"
    hostile.write_text("客服热线<script>alert(1)</script>电话95588。\n", encoding="utf-8")
    assert tab.upload("网点", [str(hostile)], False, "", "c").ok
    v = settled(tab, "网点")
    assert "<img" not in v.documents and "&lt;img src=x onerror=alert(1)&gt;客服.txt" in v.documents
    preview = tab.preview("网点", "<img src=x onerror=alert(1)>客服.txt")
    assert "<script>" not in preview and "&lt;script&gt;alert(1)&lt;/script&gt;" in preview


def test_the_admin_token_is_checked_on_every_write(kbsettings, zoo):
    tab = KBTab(KnowledgeBases(replace(kbsettings, admin_token=ADMIN), KeywordEmbedder()))
    assert tab.mode == "token"
    for given in ("", "wrong-token-0123456789", ADMIN[:-1]):
        assert NEEDS_TOKEN in tab.create("网点", given, "c", "default").message
    assert [k["name"] for k in tab.kbs.list()] == ["default"]
    assert tab.unlock("wrong", "c")[0] is False and tab.unlock(ADMIN, "c")[0] is True
    assert tab.create("网点", f" {ADMIN} ", "c", "default").ok  # pasted with spaces
    assert NEEDS_TOKEN in tab.upload("网点", zoo, False, "", "c").message  # unlocking once is not enough
    assert NEEDS_TOKEN in tab.ask_delete("网点", "", "c").message
    assert NEEDS_TOKEN in tab.confirm(("kb", "网点"), "nope", "c", "网点").message  # a forged confirmation
    assert "网点" in [k["name"] for k in tab.kbs.list()]
    for _ in range(12):
        last = tab.create("x", "wrong-token-0123456789", "guesser", "default").message
    assert "错误的令牌太多：请一分钟后再试。" in last                         # the same words as the unlock button's
    assert "错误的令牌太多" in tab.unlock("wrong", "guesser")[1]
    assert tab.unlock(ADMIN, "guesser")[0] and tab.upload("网点", zoo, False, ADMIN, "guesser").ok  # no lockout


def test_management_off_on_an_exposed_server_without_admin_token(kbsettings, zoo):
    tab = KBTab(KnowledgeBases(replace(kbsettings, host="0.0.0.0"), KeywordEmbedder()))
    assert tab.mode == "off" and tab.unlock(ADMIN, "c") == (False, tab.unlock("", "c")[1])
    assert OFF in tab.create("网点", ADMIN, "c", "default").message
    assert OFF in tab.upload("default", zoo, False, "", "c").message
    assert [k["name"] for k in tab.kbs.list()] == ["default"]
    assert "cb-table" in tab.view("default").documents  # reading still works


def test_writes_are_rate_limited_per_client(kbsettings):
    tab = KBTab(KnowledgeBases(replace(kbsettings, kb_rate_limit=2), KeywordEmbedder()))
    assert tab.create("a1", "", "c", "default").ok and tab.create("a2", "", "c", "default").ok
    assert "一分钟内对知识库的改动超过 2 次：请稍后再试。" in tab.create("a3", "", "c", "default").message
    assert tab.create("a3", "", "other", "default").ok


def test_polling_keeps_within_the_rate_limit(kbsettings):
    assert KBTab(KnowledgeBases(kbsettings, KeywordEmbedder())).interval == 1.0
    assert KBTab(KnowledgeBases(replace(kbsettings, rate_limit=60), KeywordEmbedder())).interval == 2.0


@pytest.mark.parametrize("changes, cookie, allowed", [
    ({"admin_token": ADMIN}, "", False),                         # a reader: CHATBOT_MAX_BODY_KB
    ({"admin_token": ADMIN}, "wrong-token-0123456789", False),
    ({"admin_token": ADMIN}, ADMIN, True),                       # the cookie the tab's 解锁 sets
    ({"admin_token": ADMIN}, ADMIN.replace("-", "%2D"), True),   # as encodeURIComponent may send it
    ({}, "", True),                                              # management open on 127.0.0.1
    ({"host": "0.0.0.0"}, ADMIN, False),                         # management off
])
def test_the_pages_file_uploads_are_large_only_where_the_page_may_manage(kbsettings, changes, cookie, allowed):
    from fastapi.testclient import TestClient

    from chatbot.bot import ChatBot
    from chatbot.serve import create_app

    bot = ChatBot(replace(kbsettings, max_body_kb=64, upload_max_mb=1, **changes), KeywordEmbedder())
    client = TestClient(create_app(bot, page=False), base_url="http://127.0.0.1:7860")
    if cookie:
        client.cookies.set("chatbot_admin", cookie)
    body = {"files": ("a.pdf", b"%PDF-" + b"x" * 200_000, "application/pdf")}
    r = client.post("/gradio_api/upload", files=body)  # no page here: a 404 means the guard let it through
    assert (r.status_code == 404) if allowed else (r.status_code == 413 and "64 KB" in r.json()["error"])
    too_big = {"files": ("a.pdf", b"%PDF-" + b"x" * 1_100_000, "application/pdf")}
    assert client.post("/gradio_api/upload", files=too_big).status_code == 413  # never past CHATBOT_UPLOAD_MAX_MB
    assert client.post("/gradio_api/queue/join", content=b"x" * 100_000).status_code == 413  # other routes: as before


def test_a_kb_deleted_elsewhere_is_named_and_the_default_takes_over(tab):
    """Session 31's breaker: a KB deleted through the API while the page had it chosen; the page's refresh fell back to
    the default with the API's words (「请用 POST …/kbs 新建」), and the next upload went to the default unannounced."""
    assert tab.create("网点", "", "c", "default").kb == "网点"
    tab.kbs.delete("网点")
    v = tab.view("网点")
    assert v.kb == "default" and "知识库「网点」已不存在" in text(v.message) and "默认知识库 default" in text(v.message)
    assert "POST" not in text(v.message)


def test_a_file_that_could_not_be_indexed_is_said_when_the_build_ends(tab, zoo, tmp_path):
    """Breaker G (session 33): a damaged PDF passed the upload's checks, failed to index, and the tab said 「索引完成」 in
    green; only the list's grey column told. The end-of-build message now names it and why, as a notice."""
    damaged = tmp_path / "损坏.pdf"
    damaged.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 64)
    tab.create("网点", "", "c", "default")
    v = tab.upload("网点", [zoo[0], str(damaged)], False, "", "c")
    assert v.ok, v.message
    v = settled(tab, "网点")
    said = text(v.message)
    assert 'class="cb-notice"' in v.message and "有 1 个文件未能索引：损坏.pdf（文件已损坏或不是 PDF（数据格式错误））" in said
    assert "贷款指南.docx" not in said and ("网点（2 个文件）", "网点") in v.choices and "1 个文档" in v.header


def test_a_name_gradio_shortened_is_refused_not_stored(tab, tmp_path):
    """Gradio cuts an uploaded file's name to 200 UTF-8 bytes before the tab sees it (breaker G, session 33: a 253-byte
    name was stored as 「…关于江.txt」 without a word). A name at that length is refused, saying why; nothing is stored."""
    long = tmp_path / ("关于" * 32 + "江.txt")   # 65 Han characters: 195 bytes, + .txt = 199
    long.write_text("正文。", encoding="utf-8")
    tab.create("网点", "", "c", "default")
    v = tab.upload("网点", [str(long)], False, "", "c")
    assert not v.ok and "文件名太长，网页上传时被截断" in text(v.message) and "200 字节" in text(v.message)
    assert tab.kbs.documents("网点") == []
    short = tmp_path / ("关于" * 30 + ".txt")
    short.write_text("正文。", encoding="utf-8")
    assert tab.upload("网点", [str(short)], False, "", "c").ok
