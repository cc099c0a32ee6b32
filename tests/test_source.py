"""The source routes (chatbot/serve/source.py): the cited original, its view with the quote marked,
and PDF pages rendered with the quote's character boxes highlighted."""
import dataclasses
import io
import os
from pathlib import Path
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from PIL import Image, ImageChops

from chatbot.bot import ChatBot
from chatbot.readers import read
from chatbot.serve import create_app
from chatbot.serve import pdfpage, quotematch
from chatbot.settings import Settings

from conftest import KeywordEmbedder
from zoo import QUESTIONS, write_zoo

LOCAL = "http://127.0.0.1:7860"
HOSTILE = "安全提示\n安全提示热线是12110<script>alert('doc')</script>，请勿点击<a href=x>链接</a>。\n"
TOKEN = "t0ken-0123456789abcdef"
PAGE_HEIGHT = 841.8897705078125  # reportlab's default A4, in points
RATES = ["活期存款的年利率为0.3%，按季结息。", "定期存款的年利率为0.3%，到期一次结息。"]


def _rates_pdf(path: Path) -> None:
    """One page, the same words 「年利率为0.3%」 on two lines (y = 700 and 682)."""
    from reportlab.pdfgen import canvas

    _font()
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    for k, line in enumerate(RATES):
        c.drawString(72, 700 - 18 * k, line)
    c.showPage()
    c.save()


def _font() -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))


def _bot(folder: Path, index: Path, **kw) -> ChatBot:
    return ChatBot(Settings(corpus_dir=folder, index_dir=index, min_score=0.3, min_coverage=0.2,
                            min_score_crosslingual=0.3, min_term_chars=0, **kw), KeywordEmbedder())


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The fixture zoo, a hostile text, a PDF with a repeated phrase, a link out of the corpus and a secret beside it."""
    folder = write_zoo(tmp_path_factory.mktemp("source") / "corpus")
    (folder / "安全提示.txt").write_text(HOSTILE, encoding="utf-8")
    _rates_pdf(folder / "利率公告.pdf")
    (folder.parent / "secret.txt").write_text("机密：口令是123456。\n", encoding="utf-8")
    os.symlink(folder.parent / "secret.txt", folder / "link.txt")
    return folder


@pytest.fixture(scope="module")
def bot(corpus, tmp_path_factory):
    return _bot(corpus, tmp_path_factory.mktemp("source-index")).warm_up()


@pytest.fixture(scope="module")
def client(bot):
    return TestClient(create_app(bot, page=False), base_url=LOCAL)


def url(name: str, tail: str = "") -> str:
    return f"/source/{quote(name)}{tail}"


def cite(client, question: str) -> dict:
    body = client.post("/api/ask", json={"question": question}).json()
    assert not body["abstained"], body
    return body["citations"][0]


@pytest.mark.parametrize("name, kind", [("营业时间.pdf", "application/pdf"), ("密码问答.csv", "text/plain; charset=gb18030"),
                                        ("新员工手册.txt", "text/plain; charset=gb18030"), ("理财须知.html", "text/html"),
                                        ("存款利率.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")])
def test_the_original_is_served_inline(client, corpus, name, kind):
    r = client.get(url(name))
    assert r.status_code == 200 and r.content == (corpus / name).read_bytes()
    assert r.headers["content-type"].startswith(kind)
    assert r.headers["content-disposition"] == f"inline; filename*=UTF-8''{quote(name)}"
    assert r.headers["x-content-type-options"] == "nosniff"
    if name.endswith(".html"):  # its scripts never run on this server's origin
        assert r.headers["content-security-policy"].startswith("sandbox;")


@pytest.mark.parametrize("path", [
    "/source/..%2Fsecret.txt", "/source/%2e%2e/secret.txt", "/source/%2E%2E%2Fsecret.txt", "/source/../secret.txt",
    "/source/%2Fetc%2Fpasswd", "/source//etc/passwd", "/source/..%5Csecret.txt", "/source/link.txt",
    "/source/secret.txt", "/source/%E4%B8%8D%E5%AD%98%E5%9C%A8.pdf", "/source/%2e%2e%2fsecret.txt/view?start=0&end=2",
    "/source/..%2F..%2F..%2Fetc%2Fpasswd/page/1.png", "/source/userdict.txt", "/source/", "/source/%00.txt",
])
def test_only_indexed_documents_are_served(client, path):
    r = client.get(path)
    assert r.status_code == 404 and r.headers["content-type"] == "application/json"
    assert set(r.json()) == {"error"} and "secret" not in r.text and "passwd" not in r.text and "机密" not in r.text


def test_a_file_swapped_for_a_link_after_indexing_is_not_served(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "手册.txt").write_text("新员工手册：联系电话8001。\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("机密\n", encoding="utf-8")
    bot = _bot(folder, tmp_path / "index").warm_up()
    client = TestClient(create_app(bot, page=False), base_url=LOCAL)
    assert client.get(url("手册.txt")).status_code == 200
    (folder / "手册.txt").unlink()
    os.symlink(tmp_path / "secret.txt", folder / "手册.txt")
    r = client.get(url("手册.txt"))
    assert r.status_code == 404 and "机密" not in r.text


def test_a_changed_file_is_viewed_with_a_warning(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "手册.txt").write_text("新员工手册：联系电话8001。\n", encoding="utf-8")
    bot = _bot(folder, tmp_path / "index").warm_up()
    client = TestClient(create_app(bot, page=False), base_url=LOCAL)
    assert "建立索引之后改过" not in client.get(url("手册.txt", "/view")).text
    (folder / "手册.txt").write_text("新员工手册：联系电话8002。\n", encoding="utf-8")
    assert "建立索引之后改过" in client.get(url("手册.txt", "/view")).text


@pytest.mark.parametrize("tail", [
    "/page/0.png", "/page/3.png", "/page/abc.png", "/page/1.png?start=5", "/page/1.png?start=9&end=3",
    "/page/1.png?start=-1&end=3", "/page/1.png?start=1e3&end=2000", "/page/1.png?start=0&end=99999999999",
    "/page/1.png?scale=9", "/page/1.png?scale=0.01", "/page/1.png?scale=nan", "/view?page=3", "/view?page=%EF%BC%91",
    "/view?start=0&end=5000",  # not within one passage
])
def test_bad_pages_and_offsets_are_400(client, tail):
    r = client.get(url("营业时间.pdf", tail))
    assert r.status_code == 400 and set(r.json()) == {"error"}
    assert "abc" not in r.text and "99999999999" not in r.text and "nan" not in r.text


def test_a_text_view_offset_past_the_end_is_400_and_a_text_has_no_pages(client):
    assert client.get(url("新员工手册.txt", "/view?start=0&end=100000")).status_code == 400
    assert client.get(url("新员工手册.txt", "/page/1.png")).status_code == 404


def band(image: Image.Image, box) -> list:
    return [image.getpixel((x, y)) for x in range(box[0], box[2]) for y in range(box[1], box[3])]


def yellow(pixels) -> float:
    """The share of highlighter-yellow pixels (the page is white and black; the mark multiplies in yellow)."""
    return sum(1 for r, g, b in pixels if r > 200 and g > 150 and b < 110) / max(1, len(pixels))


def line_box(x0: float, x1: float, baseline: float, scale: float = pdfpage.DEFAULT_SCALE, pad: float = 0):
    """Pixels of the band of a 12 pt line drawn by reportlab at `baseline` from x0 to x1 (PDF points)."""
    return (int((x0 - pad) * scale), int((PAGE_HEIGHT - baseline - 10.5 - pad) * scale),
            int((x1 + pad) * scale), int((PAGE_HEIGHT - baseline + 2.5 + pad) * scale))


def test_the_pdf_page_has_the_quote_marked_exactly(client):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _font()
    c = cite(client, "周末营业时间是几点?")
    assert (c["source"], c["page"], c["location"], c["quote"]) == ("营业时间.pdf", 2, "第2页", "周末营业时间为10点至16点。")
    marked = client.get(url(c["source"], f"/page/2.png?start={c['start']}&end={c['end']}"))
    plain = client.get(url(c["source"], "/page/2.png"))
    assert marked.status_code == plain.status_code == 200 and marked.headers["content-type"] == "image/png"
    marked, plain = (Image.open(io.BytesIO(r.content)).convert("RGB") for r in (marked, plain))
    assert marked.size == plain.size == (1191, 1684)
    # zoo.py draws the quote at (72, 682) in STSong-Light 12 pt: from 1 point under its baseline to 8 over it
    width = stringWidth(c["quote"], "STSong-Light", 12)
    inside = (int(74 * 2), int((PAGE_HEIGHT - 690) * 2), int((72 + width - 2) * 2), int((PAGE_HEIGHT - 681) * 2))
    assert yellow(band(marked, inside)) > 0.5 and yellow(band(plain, inside)) == 0
    changed = ImageChops.difference(marked, plain).getbbox()
    outer = line_box(72, 72 + width, 682, pad=3)
    assert changed is not None and all(outer[i] <= changed[i] for i in (0, 1)) and all(changed[i] <= outer[i] for i in (2, 3))


def test_a_repeated_phrase_is_marked_where_it_was_quoted(client, corpus):
    text = read((corpus / "利率公告.pdf").read_bytes(), ".pdf").text
    phrase = "年利率为0.3%"
    second = text.rfind(phrase)
    assert second > text.find(phrase) >= 0
    marked = Image.open(io.BytesIO(client.get(url("利率公告.pdf", f"/page/1.png?start={second}&end={second + len(phrase)}")).content))
    plain = Image.open(io.BytesIO(client.get(url("利率公告.pdf", "/page/1.png")).content))
    changed = ImageChops.difference(marked.convert("RGB"), plain.convert("RGB")).getbbox()
    first_line, second_line = line_box(0, 595, 700), line_box(0, 595, 682, pad=3)
    assert changed is not None and changed[1] >= second_line[1] and changed[3] <= second_line[3]
    assert changed[1] > first_line[3]  # nothing on the first line


def test_the_pdf_view_shows_the_cited_page(client):
    c = cite(client, "周末营业时间是几点?")
    r = client.get(url(c["source"], f"/view?start={c['start']}&end={c['end']}"))
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp and "img-src 'self'" in csp
    assert f'src="page/2.png?start={c["start"]}&amp;end={c["end"]}"' in r.text
    assert "第2页 / 共2页" in r.text and c["quote"] in r.text and 'id="quote"' in r.text
    assert f'href="../{quote(c["source"])}#page=2"' in r.text and "上一页" in r.text and "下一页" not in r.text
    other = client.get(url(c["source"], f"/view?page=1&start={c['start']}&end={c['end']}"))
    assert "第1页 / 共2页" in other.text and 'id="quote"' not in other.text  # the quote is not on page 1


@pytest.mark.parametrize("file, question, answer, page, location", QUESTIONS)
def test_every_format_opens_at_the_quote(client, file, question, answer, page, location):
    c = cite(client, question)
    assert c["source"] == file
    r = client.get(url(file, f"/view?start={c['start']}&end={c['end']}"))
    assert r.status_code == 200
    if file.endswith(".pdf"):
        assert f"page/{page}.png" in r.text
    else:
        from html import escape

        assert f'<mark id="quote">{escape(c["quote"])}</mark>' in r.text and location in r.text


def test_the_text_view_escapes_the_document(client):
    c = cite(client, "安全提示热线是多少?")
    assert c["source"] == "安全提示.txt"
    r = client.get(url(c["source"], f"/view?start={c['start']}&end={c['end']}"))
    assert "<script>alert" not in r.text and "<a href=x>" not in r.text
    assert "&lt;script&gt;alert(&#x27;doc&#x27;)&lt;/script&gt;" in r.text and "<mark id=\"quote\">" in r.text


def test_the_token_guards_the_source_routes(bot):
    guarded = ChatBot(dataclasses.replace(bot.settings, api_token=TOKEN), bot.embedder)
    guarded._retriever = bot.retriever  # same index, already loaded
    client = TestClient(create_app(guarded, page=False), base_url=LOCAL)
    assert client.get(url("营业时间.pdf")).status_code == 401
    assert client.get(url("营业时间.pdf", "/page/1.png")).status_code == 401
    r = client.get(url("营业时间.pdf", f"/view?token={TOKEN}"))
    assert r.status_code == 200 and "chatbot_token=" in r.headers["set-cookie"]
    assert client.get(url("营业时间.pdf", "/page/1.png")).status_code == 200  # the cookie set by the view


def test_the_rate_limit_counts_source_requests(bot):
    limited = ChatBot(dataclasses.replace(bot.settings, rate_limit=3), bot.embedder)
    limited._retriever = bot.retriever
    client = TestClient(create_app(limited, page=False), base_url=LOCAL)
    assert [client.get(url("新员工手册.txt")).status_code for _ in range(4)] == [200, 200, 200, 429]


def test_a_huge_page_is_rendered_within_the_pixel_cap(tmp_path):
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "poster.pdf"), pagesize=(14000, 14000))
    c.drawString(100, 100, "poster")
    c.showPage()
    c.save()
    png, _ = pdfpage.render((tmp_path / "poster.pdf").read_bytes(), 1, scale=pdfpage.MAX_SCALE)
    with Image.open(io.BytesIO(png)) as image:
        assert image.width * image.height <= pdfpage.MAX_PIXELS * 1.01
    assert pdfpage.fit_scale(595, 842) == pdfpage.DEFAULT_SCALE


def test_a_passage_over_a_page_break_is_marked_on_both_pages(corpus):
    data = (corpus / "营业时间.pdf").read_bytes()
    text = read(data, ".pdf").text
    passage = text[text.index("网点"):text.index("至16点")]  # page 1's sentence, then page 2's heading and line
    chars = pdfpage.quote_chars(data, 1, passage, 0, len(passage))
    assert set(chars) == {1, 2}
    assert len(chars[1]) + len(chars[2]) == len(quotematch.fold(passage)[0])


def test_fold_drops_what_the_readers_add():
    assert quotematch.fold("| 型号 | ＸＲ-200 |\n功率") == ("型号xr-200功率", [2, 3, 7, 8, 9, 10, 11, 12, 16, 17])


def test_a_passage_the_reader_rewrote_is_still_marked_and_a_scan_is_not(corpus, tmp_path):
    from reportlab.pdfgen import canvas

    data = (corpus / "营业时间.pdf").read_bytes()
    exact = pdfpage.quote_chars(data, 2, "周末营业时间为10点至16点。", 0, 4)
    rewritten = pdfpage.quote_chars(data, 2, "周末營業时间为10点至16点!", 0, 4)  # two characters no longer match
    assert set(rewritten) == {2} and set(rewritten[2]) <= set(exact[2]) and len(rewritten[2]) == 2
    c = canvas.Canvas(str(tmp_path / "scan.pdf"))
    c.rect(72, 600, 300, 100, fill=1)  # an image-like page: no text layer
    c.showPage()
    c.save()
    assert pdfpage.quote_chars((tmp_path / "scan.pdf").read_bytes(), 1, "周末营业时间", 0, 4) == {}


@pytest.mark.parametrize("fp, text, expected", [
    ("abxd", "zzabcd", {0: 2, 1: 3, 3: 5}),
    ("周末營業时间", "二、周末周末营业时间为", {0: 4, 1: 5, 4: 8, 5: 9}),  # next to its neighbours, not the heading's 周末
    ("xyz", "abc", {}),
])
def test_align_skips_rewritten_characters(fp, text, expected):
    assert quotematch.align(fp, text) == expected
    assert quotematch.split("xab", "cd", "abcd") == 2 and quotematch.fold("| ＸＲ b|c") == ("xrbc", [2, 3, 5, 7])


def test_a_quote_over_a_page_break_opens_both_pages_marked(tmp_path):
    """A sentence the PDF breaks over two pages is one quote (pdf.read_pdf joins it): its view shows page 1 and page
    2, each with its part of the quote marked, one #quote anchor (at page 1's part) and links past both pages."""
    from reportlab.pdfgen import canvas

    _font()
    folder = tmp_path / "corpus"
    folder.mkdir()
    c = canvas.Canvas(str(folder / "出差申请.pdf"))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 700, "出差申请")
    c.drawString(72, 80, "员工出差须在出发前三个工作日内向部门负责人提交")
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "书面申请，并抄送人力资源部。")
    c.showPage()
    c.drawString(72, 700, "page three")
    c.showPage()
    c.save()
    data = (folder / "出差申请.pdf").read_bytes()
    text = read(data, ".pdf").text
    start, end = text.index("员工出差"), text.index("人力资源部。") + 6
    client = TestClient(create_app(_bot(folder, tmp_path / "index").warm_up(), page=False), base_url=LOCAL)
    r = client.get(url("出差申请.pdf", f"/view?start={start}&end={end}"))
    assert r.status_code == 200 and "第1–2页 / 共3页" in r.text, r.text
    assert 'src="page/1.png?' in r.text and 'src="page/2.png?' in r.text and r.text.count('id="quote"') == 1
    assert 'href="view?page=3&amp;' in r.text and "上一页" not in r.text
    for page in (1, 2):
        marked = client.get(url("出差申请.pdf", f"/page/{page}.png?start={start}&end={end}")).content
        assert yellow(Image.open(io.BytesIO(marked)).convert("RGB").get_flattened_data()) > 0, page
    one = client.get(url("出差申请.pdf", f"/view?page=2&start={start}&end={end}"))
    assert "第2页 / 共3页" in one.text and 'src="page/1.png' not in one.text and 'id="quote"' in one.text
