"""Knowledge bases below the HTTP layer (chatbot/kb/): names, content checks, atomic writes, background
indexing with the embedding cache, concurrency, crashes (a killed upload, a killed build), folder sync."""
import io
import threading
import zipfile
from dataclasses import replace

import pytest

from chatbot.errors import Conflict, KnowledgeBaseError, NotFound, TooLarge, Unsupported
from chatbot.kb import KnowledgeBases
from chatbot.kb.names import document_name, kb_name, stored_path
from chatbot.kb.uploads import check_content, clean_temporary, save
from conftest import KeywordEmbedder

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 64
CARD = "信用卡\n\n信用卡年费为200元，积分可以抵扣年费。\n".encode()
LOAN = "贷款\n\n住房贷款最长期限为30年，首付不低于20%。\n".encode()


class Gated(KeywordEmbedder):
    """The keyword embedder whose builds (encode_passages) wait while `gate` is clear; questions never wait."""

    def __init__(self):
        super().__init__()
        self.gate, self.waiting = threading.Event(), threading.Event()
        self.gate.set()

    def encode_passages(self, texts, progress=False):
        if not self.gate.is_set():
            self.waiting.set()
            assert self.gate.wait(30), "the test never opened the gate"
        return super().encode_passages(texts, progress)

    def encode_queries(self, texts):
        return KeywordEmbedder.encode_passages(self, texts)


@pytest.fixture
def kbs(settings, tmp_path):
    return KnowledgeBases(replace(settings, kb_root=tmp_path / "kbs"), Gated())


def upload(kbs, kb, name, data, replace=False):
    return kbs.add_documents(kb, [(name, io.BytesIO(data))], replace)


def answered_from(kbs, kb, question) -> str:
    a = kbs.ask(kb, question)
    return "" if a.abstained else a.citations[0].source


@pytest.mark.parametrize("raw, name", [(" 产品手册 ", "产品手册"), ("hr-2024_v2", "hr-2024_v2"), ("知识库", "知识库")])
def test_good_kb_names(raw, name):
    assert kb_name(raw) == name


@pytest.mark.parametrize("raw", ["", " ", "../x", "a/b", "a.b", "..", "-x", "a b", "x" * 65, "a\\b", "a\x00"])
def test_bad_kb_names(raw):
    with pytest.raises(KnowledgeBaseError):
        kb_name(raw)


def test_document_names_are_normalised_and_checked():
    assert document_name(" e\u0301.txt ") == "\u00e9.txt"  # NFC
    for bad in ["../x.txt", "/etc/passwd.txt", "C:\\x.txt", ".hidden.txt", "a\x01.txt", "a\u200b.txt",
                "x" * 121 + ".txt", "userdict.txt", ""]:
        with pytest.raises(KnowledgeBaseError) as err:
            document_name(bad)
        assert type(err.value) is KnowledgeBaseError, bad
    for unsupported in ["a.exe", "noext", "a.doc", "a.zip"]:
        with pytest.raises(Unsupported):
            document_name(unsupported)


def test_stored_path_stays_inside(tmp_path):
    (tmp_path / "sub").mkdir()
    assert stored_path(tmp_path, "sub/a.txt") == tmp_path / "sub" / "a.txt"
    (tmp_path / "out.txt").symlink_to("/etc/hostname")
    for bad in ["../a.txt", "sub/../../a.txt", "out.txt", ".a/b.txt"]:
        with pytest.raises(KnowledgeBaseError):
            stored_path(tmp_path, bad)


def _zip(members: dict) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("name, data, message", [
    ("a.pdf", PNG, "PNG"), ("a.txt", PNG, "PNG"), ("a.docx", PNG, "不是 zip"), ("a.pdf", b"hello", "不是 PDF"),
    ("a.docx", _zip({"x.txt": "x"}), "Content_Types"),
    ("a.docx", _zip({"[Content_Types].xml": "spreadsheetml.sheet.main+xml"}), ".xlsx 文档"),
    ("a.csv", bytes(range(256)) * 4, "文本"),
])
def test_content_that_is_not_what_its_extension_says_is_refused(name, data, message):
    with pytest.raises(Unsupported, match=message):
        check_content(name, io.BytesIO(data))


def test_an_empty_upload_is_a_bad_request_not_an_unsupported_type():
    """An empty file has no type to be wrong about: KnowledgeBaseError, which the API answers 400 (415 before)."""
    with pytest.raises(KnowledgeBaseError, match="文件是空的") as caught:
        check_content("a.txt", io.BytesIO(b""))
    assert not isinstance(caught.value, Unsupported)


def test_content_that_matches_passes(tmp_path):
    from zoo import _docx, _pdf

    _docx(tmp_path / "a.docx")
    _pdf(tmp_path / "a.pdf")
    assert check_content("a.docx", io.BytesIO((tmp_path / "a.docx").read_bytes())) == "docx"
    assert check_content("a.pdf", io.BytesIO((tmp_path / "a.pdf").read_bytes())) == "pdf"
    assert check_content("a.txt", io.BytesIO("网络小贷".encode("gbk"))) == "txt"
    assert check_content("a.txt", io.BytesIO("\ufeff网络".encode("utf-16"))) == "txt"  # NULs, but a BOM says UTF-16


def test_a_zip_bomb_is_refused_before_it_is_inflated():
    buf, zeros = io.BytesIO(), b"\0" * (1 << 20)
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "wordprocessingml.document.main+xml")
        with z.open("word/document.xml", "w") as member:
            for _ in range(600):
                member.write(zeros)
    bomb = buf.getvalue()
    assert len(bomb) < 2 << 20  # 600 MB unpacked
    with pytest.raises(Unsupported, match="压缩炸弹"):
        check_content("a.docx", io.BytesIO(bomb))


def test_two_saves_of_one_name_never_overwrite(tmp_path):
    results = []

    def put(data):
        try:
            save(tmp_path, "a.txt", io.BytesIO(data))
            results.append(data)
        except Conflict:
            results.append(None)
    threads = [threading.Thread(target=put, args=(bytes([65 + i]) * 100_000,)) for i in range(4)]
    [t.start() for t in threads]
    [t.join() for t in threads]
    winners = [r for r in results if r is not None]
    assert len(winners) == 1 and (tmp_path / "a.txt").read_bytes() == winners[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]  # no temporaries left
    save(tmp_path, "a.txt", io.BytesIO(b"new"), replace=True)
    assert (tmp_path / "a.txt").read_bytes() == b"new"


def test_upload_index_ask_delete(kbs):
    kbs.create("银行")
    assert upload(kbs, "银行", "信用卡.txt", CARD) == [{"name": "信用卡.txt", "format": "txt", "bytes": len(CARD),
                                                        "replaced": False}]
    assert kbs.wait("银行", 30)
    assert kbs.status("银行")["state"] == "idle" and kbs.status("银行")["documents"] == 1
    assert answered_from(kbs, "银行", "信用卡年费是多少?") == "信用卡.txt"
    assert answered_from(kbs, None, "信用卡年费是多少?") != "信用卡.txt"  # the default KB does not hold it
    kbs.delete_document("银行", "信用卡.txt")
    assert kbs.wait("银行", 30) and kbs.status("银行")["state"] == "empty"
    with pytest.raises(Conflict, match="没有能读取的文档"):
        kbs.ask("银行", "信用卡年费是多少?")
    kbs.delete("银行")
    with pytest.raises(NotFound):
        kbs.status("银行")
    assert [k["name"] for k in kbs.list()] == ["default"]


def test_a_refused_upload_stores_nothing(kbs, settings):
    kbs.create("k")
    with pytest.raises(Unsupported):
        kbs.add_documents("k", [("good.txt", io.BytesIO(CARD)), ("bad.pdf", io.BytesIO(PNG))])
    with pytest.raises(TooLarge):
        kbs.add_documents("k", [("big.txt", io.BytesIO(b"x" * int(settings.max_file_mb * 1024 * 1024 + 1)))])
    with pytest.raises(Conflict, match="两次"):
        kbs.add_documents("k", [("a.txt", io.BytesIO(CARD)), ("a.txt", io.BytesIO(LOAN))])
    assert kbs.documents("k") == [] and list((kbs.get("k").documents).iterdir()) == []


def test_every_bad_file_of_a_batch_is_named_and_letter_case_is_one_name(kbs):
    """A batch with two bad files named only the first; 「制度.PDF」 beside 「制度.pdf」 was stored as a second copy of one
    document (session 27's newcomer), and is one file on Windows and macOS."""
    kbs.create("k")
    with pytest.raises(Unsupported) as refused:
        kbs.add_documents("k", [("bad.pdf", io.BytesIO(PNG)), ("good.txt", io.BytesIO(CARD)), ("empty.md", io.BytesIO(b""))])
    assert "bad.pdf" in str(refused.value) and "empty.md" in str(refused.value) and "good.txt" not in str(refused.value)
    assert kbs.documents("k") == []
    upload(kbs, "k", "信用卡.txt", CARD)
    with pytest.raises(Conflict, match="只差大小写"):
        upload(kbs, "k", "信用卡.TXT", LOAN)
    with pytest.raises(Conflict, match="两次"):
        kbs.add_documents("k", [("a.txt", io.BytesIO(CARD)), ("A.TXT", io.BytesIO(LOAN))])
    assert upload(kbs, "k", "信用卡.TXT", LOAN, replace=True) == [
        {"name": "信用卡.txt", "format": "txt", "bytes": len(LOAN), "replaced": True}]   # the stored name is kept
    assert [p.name for p in kbs.get("k").documents.iterdir()] == ["信用卡.txt"]
    assert (kbs.get("k").documents / "信用卡.txt").read_bytes() == LOAN
    upload(kbs, "k", "STRASSE.txt", CARD)
    assert upload(kbs, "k", "straße.txt", LOAN)[0]["name"] == "straße.txt"   # no file system takes ß for ss


def test_a_rebuild_embeds_only_the_new_document(kbs):
    kbs.create("k")  # two documents first: a one-document corpus embeds no file names (chunks.locate)
    kbs.add_documents("k", [("信用卡.txt", io.BytesIO(CARD)), ("客服.txt", io.BytesIO("客服热线电话是95588。".encode()))])
    kbs.wait("k", 30)
    before = kbs.embedder.calls
    upload(kbs, "k", "贷款.txt", LOAN)
    kbs.wait("k", 30)
    from chatbot.chunks import quotable
    from chatbot.index import load_index

    index = load_index(kbs.get("k").index)
    new = {c.embed_text for c in index.chunks if c.source == "贷款.txt"} | {
        c.text[s - c.start:e - c.start] for c in index.chunks if c.source == "贷款.txt" for s, e in quotable(c)}
    old = {c.embed_text for c in index.chunks if c.source != "贷款.txt"}
    assert kbs.embedder.calls - before == len(new - old) == 3  # the other documents' texts came from the cache


def test_two_uploads_at_once_and_one_during_a_rebuild(kbs):
    kbs.create("k")
    upload(kbs, "k", "信用卡.txt", CARD)
    kbs.wait("k", 30)
    emb = kbs.embedder
    emb.gate.clear()  # the next build stops at its first encode
    errors = []

    def put(name, data):
        try:
            upload(kbs, "k", name, data)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
    a = threading.Thread(target=put, args=("贷款.txt", LOAN))
    b = threading.Thread(target=put, args=("客服.txt", "客服\n\n客服热线电话是95588。\n".encode()))
    a.start(), b.start()
    assert emb.waiting.wait(30)
    a.join(), b.join()
    put("理财.txt", "理财\n\n理财产品风险等级分为五级。\n".encode())  # during the rebuild
    st = kbs.status("k")
    assert st["state"] == "indexing" and st["rebuild_queued"] and errors == []
    assert answered_from(kbs, "k", "信用卡年费是多少?") == "信用卡.txt"  # the previous build answers meanwhile
    emb.gate.set()
    assert kbs.wait("k", 60)
    names = {d["name"]: d["status"] for d in kbs.documents("k")}
    assert names == dict.fromkeys(["信用卡.txt", "客服.txt", "理财.txt", "贷款.txt"], "indexed")
    assert answered_from(kbs, "k", "理财产品风险等级分几级?") == "理财.txt"


def test_a_failed_build_keeps_the_previous_one_answering(kbs, monkeypatch):
    kbs.create("k")
    upload(kbs, "k", "信用卡.txt", CARD)
    kbs.wait("k", 30)
    kbs.ask("k", "信用卡年费是多少?")
    monkeypatch.setattr(type(kbs.embedder), "encode_passages", lambda *a, **k: 1 / 0)
    upload(kbs, "k", "贷款.txt", LOAN)
    kbs.wait("k", 30)
    st = kbs.status("k")
    assert st["state"] == "failed" and "ZeroDivisionError" in st["error"] and st["documents"] == 1
    assert answered_from(kbs, "k", "信用卡年费是多少?") == "信用卡.txt"
    assert {d["name"]: d["status"] for d in kbs.documents("k")} == {"信用卡.txt": "indexed", "贷款.txt": "pending"}


def test_paced_encoding_keeps_the_order_and_reports_progress(monkeypatch):
    from chatbot.kb import indexer
    from chatbot.kb.indexer import PACE, Paced

    texts = [("存款利率" * (i % 7 + 1)) + ("贷款" if i % 3 else "信用卡") for i in range(2 * PACE + 5)]
    seen, inner = [], KeywordEmbedder()
    vecs = Paced(inner, lambda done, total: seen.append((done, total))).encode_passages(texts)
    assert (vecs == KeywordEmbedder().encode_passages(texts)).all() and vecs.dtype.name == "float32"
    assert seen[-1] == (len(texts), len(texts)) and inner.calls == len(texts)
    assert all(0 < b - a <= PACE for (a, _), (b, _) in zip([(0, 0)] + seen, seen))
    long = ["信用卡" * 400, "存款", "贷款" * 600, "理财"]  # 1,200 and 1,200 characters: not in the first slice
    seen.clear()
    assert (Paced(inner, lambda d, n: seen.append(d)).encode_passages(long) == KeywordEmbedder().encode_passages(long)).all()
    assert seen == [2, 4]  # the fake is fast: the next slice takes the rest

    class Slow(KeywordEmbedder):  # 1,000 characters a second
        def encode_passages(self, texts, progress=False):
            clock[0] += sum(map(len, texts)) / 1000
            return super().encode_passages(texts)
    clock = [0.0]
    monkeypatch.setattr(indexer.time, "perf_counter", lambda: clock[0])
    seen.clear()
    Paced(Slow(), lambda d, n: seen.append(d)).encode_passages(["存款利率。" * 20] * 30)  # 100 characters each
    assert seen == [10, 15, 20, 25, 30]  # 1,000 characters first, then what takes 0.5 s: 500
    assert Paced(inner, None).model_id == inner.model_id and Paced(inner, None).encode_passages([]).shape == (0, inner.dim)


@pytest.mark.parametrize("changes, message", [
    ({"kb_root": "corpus/kbs"}, "inside CHATBOT_CORPUS"), ({"admin_token": "short"}, "at least 16"),
    ({"admin_token": "same-token-0123456789", "api_token": "same-token-0123456789"}, "differ from"),
])
def test_kb_settings_that_cannot_work_are_refused(tmp_path, changes, message):
    from chatbot.errors import SettingsError
    from chatbot.settings import Settings

    paths = {k: tmp_path / v for k, v in changes.items() if k == "kb_root"}
    with pytest.raises(SettingsError, match=message):
        Settings(corpus_dir=tmp_path / "corpus", **{**changes, **paths})


def test_pending_and_skipped_documents_say_so(kbs):
    kbs.create("k")
    kbs.embedder.gate.clear()
    kbs.add_documents("k", [("信用卡.txt", io.BytesIO(CARD)), ("空白.txt", io.BytesIO(b" \n\n \n"))])
    assert kbs.embedder.waiting.wait(30)
    assert {d["name"]: d["status"] for d in kbs.documents("k")} == {"信用卡.txt": "pending", "空白.txt": "pending"}
    with pytest.raises(Conflict, match="还没有索引"):
        kbs.chunks("k", "信用卡.txt")
    kbs.embedder.gate.set()
    assert kbs.wait("k", 30)
    docs = {d["name"]: d for d in kbs.documents("k")}
    assert docs["信用卡.txt"]["status"] == "indexed" and docs["信用卡.txt"]["chunks"] == 1
    assert docs["空白.txt"]["status"] == "skipped" and docs["空白.txt"]["warnings"] == ["文件是空的"]
    with pytest.raises(Conflict, match="未能索引：文件是空的"):
        kbs.chunks("k", "空白.txt")
    with pytest.raises(NotFound):
        kbs.chunks("k", "无.txt")


def test_the_status_is_never_idle_while_a_change_waits(kbs):
    """A change that arrives while a build ends (its thread not yet looped) shows as queued, never idle."""
    from chatbot.kb.indexer import Indexer

    kbs.create("k")
    kb, seen, built = kbs.get("k"), [], []
    (kb.documents / "信用卡.txt").write_bytes(CARD)

    class Probe(Indexer):
        def _finish(self, state, error=""):
            super()._finish(state, error)
            seen.append(self.status()["state"])
            if len(seen) == 1:
                self.request()
                seen.append(self.status()["state"])

    ix = Probe(kb, kbs.settings, kbs.embedder, built.append)
    ix.request()
    assert ix.wait(30) and seen == ["idle", "queued", "idle"] and len(built) == 2
    ix.embedder.gate.clear()
    (kb.documents / "贷款.txt").write_bytes(LOAN)  # new texts to embed: the build stops at the gate
    ix.request()
    assert ix.embedder.waiting.wait(30)
    ix.request()  # during a build: it stays "indexing", with a rebuild queued …
    st = ix.status()
    assert (st["state"], st["rebuild_queued"]) == ("indexing", True)
    ix.embedder.gate.set()
    assert ix.wait(30) and seen[3:] == ["queued", "idle"]  # … and its end says queued, not idle
