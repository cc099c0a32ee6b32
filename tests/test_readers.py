"""Every format and structure kind of the fixture zoo (tests/zoo.py): blocks, pages, answers with their
page and location, faults skipped with a reason, and the nothing-dropped invariant over every fixture."""
import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from chatbot.bot import ChatBot
from chatbot.chunks import chunk_section, chunk_sections, locate
from chatbot.documents import Document, load_corpus
from chatbot.readers import ReadError, read
from chatbot.readers.lines import outline
from chatbot.readers.plain import reflow, structure
from chatbot.readers.text import decode, doubts
from chatbot.sections import split_sections
from chatbot.settings import ROOT, Settings

from conftest import FIXTURES
from zoo import QUESTIONS, write_zoo

FIELD_CASES = ROOT.parent / "shared" / "field-cases"


@pytest.fixture(scope="module")
def zoo(tmp_path_factory) -> Path:
    return write_zoo(tmp_path_factory.mktemp("zoo") / "corpus")


@pytest.fixture(scope="module")
def zoo_bot(zoo, tmp_path_factory):
    from conftest import KeywordEmbedder

    s = Settings(corpus_dir=zoo, index_dir=tmp_path_factory.mktemp("zoo-index"), min_score=0.3, min_coverage=0.2,
                 min_score_crosslingual=0.3, min_term_chars=0)
    return ChatBot(s, KeywordEmbedder())


def blocks_of(ex) -> list[tuple[str, str]]:
    """(kind, text) of each block of an `Extracted`, in order."""
    return [(b.kind, ex.text[b.start:b.end]) for b in ex.blocks]


def chunks_of(docs):
    sections = [s for d in docs for s in split_sections(d)]
    return locate(chunk_sections(sections, {d.source: d.text for d in docs}), {d.source: d for d in docs})


@pytest.mark.parametrize("source, question, expected, page, location", QUESTIONS)
def test_zoo_question_is_answered_with_its_page(zoo_bot, source, question, expected, page, location):
    a = zoo_bot.ask(question)
    assert not a.abstained, a.passages[:2]
    first = a.citations[0]
    assert first.source == source and expected in first.quote, (first.source, first.quote)
    hit = next(h for h in a.passages if h.chunk.source == first.source and h.chunk.start <= first.start < h.chunk.end)
    assert (hit.chunk.page, hit.chunk.location) == (page, location)


def test_every_format_has_its_structure(zoo):
    docs, skipped = load_corpus(zoo)
    assert skipped == []
    kinds = {d.source: {b.kind for b in d.blocks} for d in docs}
    assert kinds["贷款指南.docx"] >= {"heading", "list", "table", "paragraph"}
    assert kinds["客服热线.md"] >= {"heading", "list", "code", "table"}
    assert kinds["新员工手册.txt"] >= {"heading", "record", "faq", "paragraph"}
    assert kinds["密码问答.csv"] == {"faq"} and "record" in kinds["存款利率.xlsx"]
    pdf = next(d for d in docs if d.source.endswith(".pdf"))
    assert "某银行营业时间公告" not in pdf.text and "第1页" not in pdf.text  # running header and footer gone
    assert "节假日另行通知。" in pdf.text  # the hard wrap joined
    assert [(p.page, p.location) for p in pdf.places] == [(1, "第1页"), (2, "第2页")]
    html = next(d for d in docs if d.source.endswith(".html"))
    assert "var" not in html.text and "首页" not in html.text and "版权所有" not in html.text and html.title == "理财须知"
    md = next(d for d in docs if d.source.endswith(".md"))
    assert [md.text[b.start:b.end] for b in md.blocks if b.kind == "heading"] == ["客服热线"]  # no heading in a fence


def test_a_documents_own_footer_is_text_and_a_sites_footer_is_chrome():
    """readers/html.py (session 32's breaker: an intranet page's 「如有疑问请联系IQC组长李工，分机 6618」 sat in its <footer>
    and was dropped unseen, on a page with a <nav>): a <footer> with no copyright line and fewer than three links is text."""
    page = "<html><body><h1>IQC来料检验</h1><p>检验时限4小时。</p><footer>如有疑问请联系IQC组长李工，分机 6618</footer></body></html>"
    assert "分机 6618" in read(page.encode(), ".html").text
    site = "<html><body><nav><a>首页</a></nav><p>正文。</p><footer>联系IQC组长李工，分机 6618</footer></body></html>"
    assert "6618" in read(site.encode(), ".html").text and "首页" not in read(site.encode(), ".html").text
    links = "<html><body><p>正文。</p><footer><a>首页</a> | <a>制度</a> | <a>通讯录</a></footer></body></html>"
    assert read(links.encode(), ".html").text == "正文。"                     # a row of links is chrome
    chrome = "<html><body><p>正文。</p><footer>© 2026 某公司 版权所有</footer></body></html>"
    assert read(chrome.encode(), ".html").text == "正文。"
    # … and a contact line beside the © line and the links stays (breaker H, session 33)
    both = ("<html><body><p>正文。</p><footer><p>住院服务中心电话：86012345转8300</p><p>© 2025 某医院 版权所有 "
            "<a>关于我们</a> | <a>隐私政策</a> | <a>网站地图</a></p></footer></body></html>")
    assert read(both.encode(), ".html").text == "正文。\n住院服务中心电话：86012345转8300"
    notice = both.replace("住院服务中心电话：86012345转8300", "本页面仅限内部员工访问，未经许可不得转发。")
    assert read(notice.encode(), ".html").text == "正文。"        # a site footer's notice is no contact: dropped


def test_a_pages_own_header_is_text_and_a_sites_header_is_chrome():
    """readers/html.py (breaker CC, session 46): the FAQ page's <header> held its <h1> and 「更新日期：…以《竞赛规程》为准。」,
    and both were dropped, so 「FAQ和竞赛规程不一致时以哪个为准？」 was refused. A <header> without a heading (a logo), with a
    menu (<nav>, three links or more) or a © line is still the site's."""
    page = ("<html><body><header><h1>跑者常见问题</h1><p>更新日期：2025年10月28日。如与正式规程不一致，以《竞赛规程》为准。</p>"
            "</header><main><p>正文。</p></main></body></html>")
    ex = read(page.encode(), ".html")
    assert ex.text == "跑者常见问题\n更新日期：2025年10月28日。如与正式规程不一致，以《竞赛规程》为准。\n正文。"
    assert [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "heading"] == ["跑者常见问题"]
    for chrome in ("<header><nav><a>首页</a></nav><p>某集团门户</p></header>",
                   "<header><a>首页</a> <a>新闻</a> <a>办事</a></header>", "<header>© 2026 某公司</header>",
                   "<header><div class='logo'>澄源 CHENGYUAN</div></header>"):   # a logo banner: no heading
        assert read(f"<html><body>{chrome}<p>正文。</p></body></html>".encode(), ".html").text == "正文。"



def test_an_html_question_and_answer_in_paragraphs_of_their_own_are_one_faq_pair():
    """readers/html.py (breaker K, session 34): 「<p>问：…</p><p>答：…</p>」 were two passages, the question's and the
    answer's, so the answer's passage lacked the words the question asks with. They are one FAQ block, as in a PDF."""
    page = ("<html><body><h2>一、参保登记</h2><div class='faq'><p class='q'>问：社保卡丢了怎么办？</p>\n"
            "<p class='a'>答：可拨打12333挂失，补卡首次免费。</p></div><p>问：只有问题？</p><p>正文一段。</p></body></html>")
    ex = read(page.encode(), ".html")
    blocks = [(blk.kind, ex.text[blk.start:blk.end]) for blk in ex.blocks]
    assert ("faq", "问：社保卡丢了怎么办？\n答：可拨打12333挂失，补卡首次免费。") in blocks, blocks
    assert ("paragraph", "正文一段。") in blocks                  # a question without its answer: as before


def test_unmarked_items_right_under_a_heading_are_one_list():
    """readers/plain.py (breaker K, session 34): a PDF list whose bullets Chromium drew, with no lead line, came out as
    one passage a line (「义务教育；」 alone), and 「持有居住证能享受哪些公共服务」 abstained over them. Three lines or more
    ending in ；(the last in 。) right under a heading are one list; two, or such lines under no heading, stay apart."""
    from chatbot.readers.plain import structure

    text = "六、持证人享有的服务\n义务教育；\n基本公共就业服务；\n法律援助和其他法律服务。\n持证满3年的，可申请落户。"
    ex = structure(text)
    assert [(blk.kind, ex.text[blk.start:blk.end]) for blk in ex.blocks] == [
        ("heading", "六、持证人享有的服务"), ("list", "义务教育；\n基本公共就业服务；\n法律援助和其他法律服务。"),
        ("paragraph", "持证满3年的，可申请落户。")]
    for other in ["六、持证人享有的服务\n义务教育；\n基本公共就业服务。", "本段说明；\n其二说明；\n其三说明。"]:
        assert all(blk.kind != "list" for blk in structure(other).blocks), other

def _content(text: str) -> str:
    return "".join(re.findall(r"\w", text))


def assert_nothing_dropped(docs):
    """Every letter, digit and Han character of every document is in a chunk, or in its context
    (heading path, table header/caption, FAQ question, list lead-in)."""
    chunks = chunks_of(docs)
    for d in docs:
        covered = [False] * len(d.text)
        mine = [c for c in chunks if c.source == d.source]
        for c in mine:
            covered[c.start:c.end] = [True] * (c.end - c.start)
        contexts = _content(" ".join(" ".join(c.path) + c.context for c in mine))
        rest = re.split(r"\s+", "".join(ch if not ok else " " for ch, ok in zip(d.text, covered)))
        lost = [w for w in rest if _content(w) and _content(w) not in contexts]
        assert not lost, (d.source, lost[:5])


def test_nothing_dropped_in_the_zoo_and_the_fixtures(zoo):
    for folder in (zoo, FIXTURES / "corpus", ROOT / "corpus"):
        docs, _ = load_corpus(folder)
        assert docs
        assert_nothing_dropped(docs)


@pytest.mark.skipif(not FIELD_CASES.is_dir(), reason="../shared/field-cases is not in this checkout")
def test_nothing_dropped_in_the_field_cases():
    for folder in sorted(p for p in FIELD_CASES.rglob("corpus") if p.is_dir()):
        docs, _ = load_corpus(folder)
        assert_nothing_dropped(docs)


@pytest.mark.parametrize("text", ["", "一", "标题\n", "# 标题一\n正文。\n# 标题二\n", "第一条 总则\n第二条 细则",
                                  "包括：\n（一）甲\n（二）乙", "```\n# 注释\n```", "键：值\n键二：值二", "Q：问？A：答。"])
def test_nothing_dropped_edge_cases(text):
    assert_nothing_dropped([Document("a.txt", structure(text).text, "utf-8", "x")] if text.strip() else [])


def test_chinese_conventions():
    text = ("办公设备管理规定\n\n第一条 为规范管理，制定本规定。\n第二条 办公设备包括：\n（一）笔记本电脑\n（二）显示器\n"
            "第三条 设备丢失的，按净值赔偿\n第四条 本规定由行政部负责解释\n\n一、附则\n解释权归行政部。\n"
            "故障代码：E101\n所属系统：车门\n问：几点上班？答：九点。")
    ex = structure(text)
    got = [(b.kind, ex.text[b.start:b.end].split("\n")[0]) for b in ex.blocks]
    assert got == [("heading", "办公设备管理规定"), ("paragraph", "第一条 为规范管理，制定本规定。"),
                   ("list", "第二条 办公设备包括："), ("paragraph", "第三条 设备丢失的，按净值赔偿"),
                   ("paragraph", "第四条 本规定由行政部负责解释"), ("heading", "一、附则"), ("paragraph", "解释权归行政部。"),
                   ("record", "故障代码：E101"), ("faq", "问：几点上班？答：九点。")]
    assert reflow("　　本机额定功率为2.2千瓦，\n额定电压为380伏。\n标题\n正文比标题长得多。") == \
        "　　本机额定功率为2.2千瓦，额定电压为380伏。\n标题\n正文比标题长得多。"


def test_encodings_are_checked_for_plausibility():
    assert decode("访客网络\r\n密码: Guest@2024".encode("gbk"))[:2] == ("访客网络\n密码: Guest@2024", "gb18030")
    assert doubts("련와Wi-Fi 잰첨뗧뮰") == "6 个韩文字符" and doubts("𠀀𠀁") and not doubts("访客网络")


KOREAN = ("대한민국은 동아시아의 한반도 남부에 위치한 민주공화국이다. 수도는 서울특별시이며, 회사의 휴가 규정에 따르면 "
          "직원은 연간 15일의 유급 휴가를 받는다. 휴가 신청은 일주일 전까지 팀장에게 제출해야 한다.")
JAPANESE = ("会社の休暇規定によると、従業員は年間15日の有給休暇を取得できる。有給休暇の申請は一週間前までに上司へ"
            "提出すること。病気休暇には医師の診断書が必要である。")


def test_korean_and_japanese_bytes_that_decode_as_gb18030_are_not_taken_for_chinese():
    """EUC-KR Hangul and EUC-JP text decode as valid GB18030 into common simplified characters (대한민국 → 措茄刮惫):
    they are decoded as what they are, and Korean is flagged."""
    assert KOREAN.encode("euc-kr").decode("gb18030")[:4] == "措茄刮惫"   # the trap itself
    text, encoding, warning = decode(KOREAN.encode("euc-kr"))
    assert text == KOREAN and encoding != "gb18030" and "韩文字符" in warning
    text, encoding, warning = decode(JAPANESE.encode("euc-jp"))
    assert text == JAPANESE and encoding != "gb18030"


ROSTER = "\n".join(f"{n},{g},汉,否,本,中,休" for n, g in zip("周程张王李赵刘陈杨黄", "男女男女男女男女男女"))
PINYIN = "\n".join(f"{c} a" for c in "啊阿埃挨哎唉哀皑癌蔼矮艾碍爱隘") + "\n鞍 an\n氨 an\n安 an\n俺 an"


@pytest.mark.parametrize("text", [
    (ROOT / "corpus" / "互联网金融行业发展趋势分析.txt").read_text(encoding="utf-8"),
    ROSTER * 10,                                          # a GBK CSV export: one character a cell, no words
    PINYIN,                                               # GB2312's first rows: all Hangul read as EUC-KR, one at a time
    "氢氦锂铍硼碳氮氧氟氖钠镁铝硅磷硫氯氩钾钙钪钛钒铬锰铁钴镍铜锌镓锗砷硒溴氪",
    " ".join("张王李赵刘陈杨黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"),
])
def test_chinese_in_gbk_that_forms_few_words_still_decodes_as_gb18030(text):
    """Rosters, character tables and name lists in GBK are Chinese: no other reading, no warning (a first version
    that asked for dictionary words read them as Cyrillic or Korean)."""
    decoded, encoding, warning = decode(text.encode("gbk"))
    assert (encoding, warning) == ("gb18030", "") and decoded == text.replace("\r\n", "\n")


def test_identical_files_are_indexed_once_and_listed_as_aliases(tmp_path):
    (tmp_path / "制度.txt").write_text("报销须在60日内提交。", encoding="utf-8")
    (tmp_path / "制度 - 副本.txt").write_text("报销须在60日内提交。", encoding="utf-8")
    docs, _ = load_corpus(tmp_path)
    assert [(d.source, d.aliases) for d in docs] == [("制度.txt", ("制度 - 副本.txt",))]
    # a copy's name keeps the original indexed even when it is shorter (session 32's breaker: citations moved to it)
    other = tmp_path / "b"
    other.mkdir()
    (other / "门诊药房调剂工作制度.txt").write_text("普通处方保存1年。", encoding="utf-8")
    (other / "药房制度副本.txt").write_text("普通处方保存1年。", encoding="utf-8")
    (other / "制度(1).txt").write_text("普通处方保存1年。", encoding="utf-8")
    docs, _ = load_corpus(other)
    assert [(d.source, sorted(d.aliases)) for d in docs] == [("门诊药房调剂工作制度.txt", ["制度(1).txt", "药房制度副本.txt"])]


def test_file_name_is_part_of_every_chunks_context(tmp_path):
    (tmp_path / "XR-200产品说明.txt").write_text("产品说明书\n\n一、主要参数\n额定功率为2.2千瓦。\n", encoding="utf-8")
    (tmp_path / "XR-100产品说明.txt").write_text("产品说明书\n\n一、主要参数\n额定功率为1.5千瓦。\n", encoding="utf-8")
    docs, _ = load_corpus(tmp_path)
    chunk = [c for c in chunks_of(docs) if c.source.startswith("XR-200")][0]
    assert chunk.embed_text.startswith("XR-200产品说明 产品说明书 XR200\n") and chunk.text == "额定功率为2.2千瓦。"


@pytest.mark.parametrize("name, data, reason", [
    ("old.doc", b"\xd0\xcf\x11\xe0 old word", "另存为 .docx"),
    ("old.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
    ("empty.xlsx", b"", "空的"),
    ("broken.docx", b"PK\x03\x04 not really a zip", "无法按 .docx 读取"),
    ("broken.pdf", b"%PDF-1.4 garbage", "已损坏"),
])
def test_faulty_files_are_skipped_with_a_reason(tmp_path, name, data, reason):
    (tmp_path / name).write_bytes(data)
    (tmp_path / "ok.txt").write_text("正文。", encoding="utf-8")
    docs, skipped = load_corpus(tmp_path)
    assert [d.source for d in docs] == ["ok.txt"]
    assert len(skipped) == 1 and skipped[0].source == name and reason in skipped[0].reason, skipped


def test_encrypted_pdf_is_skipped_with_a_reason(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(tmp_path / "secret.pdf"), encrypt=StandardEncryption("pw", canPrint=0))
    c.drawString(72, 700, "secret")
    c.save()
    with pytest.raises(ReadError, match="加密"):
        read((tmp_path / "secret.pdf").read_bytes(), ".pdf")


def test_json_carries_page_and_location(zoo_bot):
    from chatbot.answer import to_dict
    from chatbot.chunks import with_places
    from chatbot.serve.render import answer_html

    a = zoo_bot.ask("周末营业时间是几点?")
    d = with_places(to_dict(a), a.passages)
    assert (d["citations"][0]["page"], d["citations"][0]["location"]) == (2, "第2页")
    assert all("page" in p and "location" in p for p in d["passages"])
    assert "营业时间.pdf › 二、周末 · 第2页" in answer_html(a)


def test_markdown_paragraph_lines_keep_records_and_join_wraps():
    from chatbot.readers.markdown import read_markdown

    ex = read_markdown("## 故障代码：E402\n故障代码：E402\n所属系统：车门\n检修方法：调整挡块间隙至2毫米。\n\n"
                       "这一句很长的说明被编辑器\n硬换行成了两行。\n\nThe English\nline wraps.\n")
    kinds = blocks_of(ex)
    assert ("record", "故障代码：E402\n所属系统：车门\n检修方法：调整挡块间隙至2毫米。") in kinds   # lines kept apart
    assert ("paragraph", "这一句很长的说明被编辑器硬换行成了两行。") in kinds                    # CJK wrap joined
    assert ("paragraph", "The English line wraps.") in kinds


@pytest.mark.parametrize("text", ["2. 危废暂存间未设置防渗漏托盘，现场存放电解液废桶共\n   36个，责任人为仓储主管李婷。\n3. 下一项。",
                                  "2. 危废暂存间未设置防渗漏托盘，现场存放电解液废桶共\n36个，责任人为仓储主管李婷。\n3. 下一项。"])
def test_a_wrapped_list_item_is_joined(text):
    assert reflow(text).split("\n") == ["2. 危废暂存间未设置防渗漏托盘，现场存放电解液废桶共36个，责任人为仓储主管李婷。", "3. 下一项。"]
    assert reflow("（一）笔记本电脑\n（二）显示器及扩展坞") == "（一）笔记本电脑\n（二）显示器及扩展坞"   # short items stay apart


def test_a_numbered_title_long_only_in_latin_is_not_joined_to_its_paragraph():
    """A numbered title with an English gloss holds as many characters as the line after it but is half as wide in
    print, so the page did not wrap it (breaker DQ, session 60: section 二 was read as section 一's paragraph)."""
    title = "二、预约讲解服务（Booked Guided Tours）"
    text = title + "\n观众可根据需要预约专场讲解。预约讲解按场次收费，价格如下表所示："
    assert reflow(text).split("\n") == [title, "观众可根据需要预约专场讲解。预约讲解按场次收费，价格如下表所示："]
    wrapped = "二、预约讲解服务按场次收费，标准讲解每场二百元，专家深度讲解每场六百元，须提前\n七天预约。"
    assert reflow(wrapped) == wrapped.replace("\n", "")   # a numbered line as wide as the page still goes on


def test_a_sheet_title_above_the_header_and_a_note_below_the_rows_are_paragraphs(tmp_path):
    """sheets._sheet (session 20): a title merged across the width above the header row was read as the header
    (every column named 列2…列9, the title repeated in every record); a 制表/审核 note below the rows was a record."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "台账"
    ws.append(["某公司2026年度试验点登记台账"])
    ws.merge_cells("A1:D1")
    ws.append(["编号", "所在地", "负责人", "面积（亩）"])
    ws.append(["QS-01", "庐江县", "陶国庆", 8])
    ws.append(["QS-02", "凤台县", "刘长松", 10])
    ws.append(["制表：郑雅琴（分机8712）"])
    path = tmp_path / "台账.xlsx"
    wb.save(path)
    ex = read(path.read_bytes(), ".xlsx")
    records = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "record"]
    assert records == ["编号：QS-01；所在地：庐江县；负责人：陶国庆；面积（亩）：8",
                       "编号：QS-02；所在地：凤台县；负责人：刘长松；面积（亩）：10"], records
    paragraphs = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "paragraph"]
    assert paragraphs == ["某公司2026年度试验点登记台账", "制表：郑雅琴（分机8712）"]
    assert "列2" not in ex.text
    # a title and a subtitle above the header; a last row with its key alone stays a record (review, session 20)
    wb3 = Workbook()
    for row in (["某公司2026年度台账"], ["填报单位：试验管理科"], ["编号", "所在地", "负责人"], ["QS-01", "庐江县", "陶国庆"], ["QS-02"]):
        wb3.active.append(row)
    wb3.save(tmp_path / "t3.xlsx")
    ex3 = read((tmp_path / "t3.xlsx").read_bytes(), ".xlsx")
    assert [ex3.text[b.start:b.end] for b in ex3.blocks if b.kind == "record"] == ["编号：QS-01；所在地：庐江县；负责人：陶国庆", "编号：QS-02"]
    # a two-column sheet keeps its first row as the header (a title needs a wider table under it)
    wb2 = Workbook()
    wb2.active.append(["问题", "答案"])
    wb2.active.append(["怎么改密码", "在门户修改"])
    wb2.save(tmp_path / "faq.xlsx")
    assert {b.kind for b in read((tmp_path / "faq.xlsx").read_bytes(), ".xlsx").blocks} >= {"faq"}
    # … unless its first row is a short title alone over a row that fills both columns (breaker DE, session 56: every
    # record read 「雪票价格说明：儿童；列2：6周岁以下…」 and 「项目；说明」 was a record)
    wb4 = Workbook()
    for row in (["雪票价格说明"], ["项目", "说明"], ["儿童", "6周岁以下免费"], ["青少年", "按票价8折购买"]):
        wb4.active.append(row)
    wb4.save(tmp_path / "notes.xlsx")
    ex4 = read((tmp_path / "notes.xlsx").read_bytes(), ".xlsx")
    assert [ex4.text[b.start:b.end] for b in ex4.blocks if b.kind == "record"] == ["项目：儿童；说明：6周岁以下免费",
                                                                                  "项目：青少年；说明：按票价8折购买"]
    assert "雪票价格说明" in [ex4.text[b.start:b.end] for b in ex4.blocks if b.kind == "paragraph"]
    wb6 = Workbook()   # numbered notes under a title (breaker DG, session 57: 「票价说明：1；列2：本表适用于…」)
    for row in (["票价说明"], [1, "本表适用于2024年9月1日至2025年7月31日期间的常规演出。"], ["2、", "“工作日”指周一至周四。"]):
        wb6.active.append(row)
    wb6.save(tmp_path / "numbered.xlsx")
    ex6 = read((tmp_path / "numbered.xlsx").read_bytes(), ".xlsx")
    assert [ex6.text[b.start:b.end] for b in ex6.blocks if b.kind == "paragraph"] == [
        "1. 本表适用于2024年9月1日至2025年7月31日期间的常规演出。", "2、“工作日”指周一至周四。"]
    assert "票价说明" in [ex6.text[b.start:b.end] for b in ex6.blocks if b.kind == "heading"] and "列2" not in ex6.text
    wb7 = Workbook()   # … a header 「序号 | 说明」 keeps it a table
    for row in (["序号", "说明"], [1, "本表适用于2024年9月1日起的常规演出。"], [2, "工作日指周一至周四的演出场次。"]):
        wb7.active.append(row)
    wb7.save(tmp_path / "table.xlsx")
    ex7 = read((tmp_path / "table.xlsx").read_bytes(), ".xlsx")
    assert [ex7.text[b.start:b.end] for b in ex7.blocks if b.kind == "record"][0] == "序号：1；说明：本表适用于2024年9月1日起的常规演出。"
    wb8 = Workbook()   # … and so does a titled table of values (the review: 120 is a price, not a note's number)
    for row in (["泊位租金（元/天）"], [120, "10米以下帆船每天泊位租金"], [180, "10米至15米帆船每天泊位租金"]):
        wb8.active.append(row)
    wb8.save(tmp_path / "values.xlsx")
    ex8 = read((tmp_path / "values.xlsx").read_bytes(), ".xlsx")
    assert not any(b.kind == "paragraph" and ex8.text[b.start:b.start + 4] == "120." for b in ex8.blocks)
    assert "120" in ex8.text and "10米以下帆船每天泊位租金" in ex8.text
    wb5 = Workbook()   # a titled sheet of fields keeps its rows (the review: 「地址 | 滨江路1号」 is no header)
    for row in (["滨江分馆基本信息"], ["地址", "滨江路1号"], ["电话", "0571-88888888"], ["开放时间", "9:00-17:00"]):
        wb5.active.append(row)
    wb5.save(tmp_path / "fields.xlsx")
    ex5 = read((tmp_path / "fields.xlsx").read_bytes(), ".xlsx")
    assert any("电话" in r and "0571-88888888" in r for r in (ex5.text[b.start:b.end] for b in ex5.blocks if b.kind == "record"))


def test_a_workbooks_title_is_its_properties_or_its_one_sheets_name_never_a_default_one(tmp_path):
    """sheets.read_xlsx (session 32's breaker: a workbook was titled 「Sheet1」, so every chunk's identity said so)."""
    from openpyxl import Workbook

    def title(rows, properties=""):
        wb = Workbook()
        for row in rows:
            wb.active.append(row)
        wb.properties.title = properties or None
        wb.save(tmp_path / "w.xlsx")
        return read((tmp_path / "w.xlsx").read_bytes(), ".xlsx").title

    table = [["姓名", "部门", "体检日期"], ["张三", "研发部", "2026-05-06"]]
    assert title(table) == ""                                            # was "Sheet"
    assert title([["2026年度员工体检安排表"], *table]) == ""                # a title row is text, not the title
    wb = Workbook()
    wb.active.title = "2026年体检名单"
    wb.active.append(["姓名", "部门"])
    wb.save(tmp_path / "named.xlsx")
    assert read((tmp_path / "named.xlsx").read_bytes(), ".xlsx").title == "2026年体检名单"   # a sheet named by a person
    wb.create_sheet("2025年体检名单").append(["姓名", "部门"])   # of several sheets the first names only itself, not the
    wb.save(tmp_path / "named.xlsx")                            # 2025 rows too (breaker DO, session 60)
    assert read((tmp_path / "named.xlsx").read_bytes(), ".xlsx").title == ""
    wb.remove(wb["2025年体检名单"])
    wb.create_sheet("Sheet2")   # an empty sheet beside it (Excel's default three) names nothing: the title stays (the review)
    wb.save(tmp_path / "named.xlsx")
    assert read((tmp_path / "named.xlsx").read_bytes(), ".xlsx").title == "2026年体检名单"
    assert title([["2026年度员工体检安排表"], *table], properties="体检安排") == "体检安排"
    assert read("# 标题\n正文".encode(), ".md").title == "标题"   # other formats: the first heading


def test_a_contact_list_is_not_reflowed_into_one_line():
    """lines._wrapped (session 20): lines of fields (CJK words set apart by spaces) or ending in a telephone number,
    an extension or an e-mail address are a list, not one hard-wrapped sentence; prose still joins."""
    text = ("基地主任 张建华 手机13907681254\n基地行政 王丽萍 分机8801 手机13807681133\n"
            "后勤保障组组长李志强，分机8805\n邮箱地址为nanfan@hfy-seed.com\n本机额定功率为2.2千瓦，\n额定电压为380伏。")
    assert reflow(text).split("\n") == ["基地主任 张建华 手机13907681254", "基地行政 王丽萍 分机8801 手机13807681133",
                                        "后勤保障组组长李志强，分机8805", "邮箱地址为nanfan@hfy-seed.com",
                                        "本机额定功率为2.2千瓦，额定电压为380伏。"]
    # prose still joins: an article's number set apart by a space, a year range or an amount at the end of a line
    # (review, session 20)
    for wrapped in ("第十一条 员工应认真阅读本手册并在入职当天签\n署确认书，并交人事部。", "本次会议为公司会期2023-2024\n年度总结会的预备会议。",
                    "合同总金额为人民币1200000\n元，分两期支付。", "员工应认真阅读本手册并在入职当天签\n署确认书。"):
        assert reflow(wrapped) == wrapped.replace("\n", ""), wrapped


def test_a_long_field_line_that_wraps_is_joined_but_a_list_of_fields_is_not():
    """lines._wrapped (session 21, found by the sixth blind set's corpus writer): a PDF FAQ's answer 「答：…按里程分」 that
    runs on to the line's width is joined with its continuation 「段计价…」, as is a long labelled line (「年满60周岁…：…9折」+
    「扣费。」); short fields, and a line after a field line that starts a field of its own, stay apart."""
    wrapped = "答：城区常规线路实行一票制2元；社区线1元；夜班线3元；机场快线A1路按里程分\n段计价，全程15元。"
    assert reflow(wrapped) == wrapped.replace("\n", "")
    label = "年满60周岁未满65周岁：办理敬老卡，乘车5折，每月限60次，超出次数按普通IC卡9折\n扣费。"
    assert reflow(label) == label.replace("\n", "")
    fields = "联系人：马丽娟\n分机：8601\n地址：澜江市解放路88号公交大厦12楼票务与客服中心办公室\n邮箱：mlj@example.com"
    assert reflow(fields) == fields
    title = "地址：澜江市解放路88号公交大厦12楼票务与客服中心办公室大厅\n乘车指南见背面"   # no sentence goes on (review)
    assert reflow(title) == title


def test_a_wrapped_line_that_ends_a_sentence_inside_is_joined_and_never_a_title():
    """Breaker DB (session 55), a Chromium-printed PDF: the first line of the paragraph under 「一、租赁点与营业时间」 ends a
    sentence inside (「…设有装备租赁点。…营业时间为每日」) and was shorter in characters than the next line of digits, so it
    was left alone, read as a title by its shape, and headed every later passage of the file while 「一、…」 became text.
    A field line wrapped before a series (「…适用范围：千岛湖湖畔营」 / 「地、莫干山竹林营地…」) runs on too; so does a line
    cut before an amount (「…由原标准」 / 「3.15元/立方米…」), which is no outline number 3.15."""
    text = ("一、租赁点与营业时间\n各营地前台设有装备租赁点。千岛湖湖畔营地和莫干山竹林营地租赁点营业时间为每日\n"
            "8:00–20:00；东极岛海岸营地租赁点营业时间为每日8:30–19:00。皮划艇在千岛湖水上中心\n单独办理租还手续。\n"
            "二、租金与押金一览\n下表租金按“晚”计。")
    ex = structure(text)
    blocks = [(b.kind, ex.text[b.start:b.end]) for b in ex.blocks]
    assert blocks[0] == ("heading", "一、租赁点与营业时间") and blocks[2] == ("heading", "二、租金与押金一览")
    assert blocks[1] == ("paragraph", text.split("\n", 1)[1].rsplit("\n二、", 1)[0].replace("\n", ""))
    series = "文件编号：QQ-ZL-2025-011 生效日期：2025年3月1日 适用范围：千岛湖湖畔营\n地、莫干山竹林营地、东极岛海岸营地"
    assert reflow(series) == series.replace("\n", "")
    amount = "本次价格调整经2024年4月18日价格听证会论证。居民第一阶梯综合水价由原标准\n3.15元/立方米上调0.30元；气价不变。"
    assert reflow(amount) == amount.replace("\n", "")
    assert [b.kind for b in structure("1.1 适用范围\n本办法适用于全体员工的差旅报销。").blocks] == ["heading", "paragraph"]
    # … a unit with a word after it is an outline number's title (「1.1元旦放假安排」), an amount has a mark or 以下 after it
    assert [outline(s) for s in ("1.1元旦放假安排", "2.3米面粮油采购", "3.2万能险条款")] == [(7, "1.1"), (7, "2.3"), (7, "3.2")]
    assert [outline(s) for s in ("3.15元/立方米上调", "1.2万元以下的", "0.30元；")] == [None, None, None]
    # a short word after a sentence end is a closing or a slogan, no prose run on: not joined to a signature, a title
    assert reflow("本通知自发布之日起施行。特此通知\nXX市人民政府办公厅 2024年3月1日").count("\n") == 1
    assert structure("安全第一！预防为主\n全体员工必须遵守本规定的各项安全要求。").blocks[0].kind == "heading"
    # a short line with no sentence inside it is still a title (「营业时间」 over a longer line)
    assert structure("营业时间\n各营地前台设有装备租赁点，每日8:00–20:00营业。").blocks[0].kind == "heading"


def test_an_faq_answer_that_leads_a_list_keeps_its_items():
    """plain._lead_items (session 21, the sixth blind set's PDF FAQ): an answer line ending in a colon continues over
    the item lines under it (marked or not) up to the next question or heading, so the question, its lead and its items
    are one block; an answer line ending otherwise ends at itself."""
    text = ("一、票价与支付\n问1：有哪些付款方式？\n答：目前支持以下四种方式：\nIC卡；\n乘车码；\n现金投币，不设找零。\n"
            "问2：票价多少？\n答：一票制2元。\n说明见附件。\n二、优惠卡办理\n问3：敬老卡要什么材料？\n答：\n1. 身份证；\n2. 照片。\n")
    ex = structure(text, reflowed=True)
    faqs = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "faq"]
    assert faqs[0] == "问1：有哪些付款方式？\n答：目前支持以下四种方式：\nIC卡；\n乘车码；\n现金投币，不设找零。"
    assert faqs[1] == "问2：票价多少？\n答：一票制2元。"
    assert faqs[2] == "问3：敬老卡要什么材料？\n答：\n1. 身份证；\n2. 照片。"
    # after the last answer's items, a heading, a contact block and a closing sentence stay apart (review, session 21)
    tail = ("问1：可以用哪些方式付钱？\n答：目前支持以下四种方式：\n澜江通IC卡；\n乘车码；\n现金投币，不设找零。\n联系我们\n"
            "客服热线：400-123-4567\n服务时间：每天8:00-20:00\n本公司保留对以上条款的最终解释权。")
    ex = structure(tail, reflowed=True)
    assert [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "faq"] == [tail[:tail.index("\n联系我们")]]
    assert any(b.kind == "heading" and ex.text[b.start:b.end] == "联系我们" for b in ex.blocks)


def test_items_written_without_marks_after_a_colon_are_one_list_with_their_lead():
    """plain.structure (session 33): a lead ending in ：and lines ending in ；(the last in 。) are one list block, as
    marked items are; a line after the 。 is not in it, and lines ending otherwise make no list."""
    from chatbot.readers.plain import structure

    ex = structure("办理时须带齐以下材料：\n身份证原件；\n户口簿；\n近期免冠照片两张。\n材料齐全的当场受理。\n")
    kinds = blocks_of(ex)
    assert kinds == [("list", "办理时须带齐以下材料：\n身份证原件；\n户口簿；\n近期免冠照片两张。"), ("paragraph", "材料齐全的当场受理。")]
    assert len(ex.blocks[0].parts) == 4
    long = structure("注意事项如下：\n请保持安静，不要在馆内大声喧哗或者接打电话，手机请调至静音模式以免影响他人阅读\n请勿吸烟\n")
    assert "list" not in [b.kind for b in long.blocks]


def test_items_numbered_like_headings_after_a_colon_are_its_list():
    """items.numbered_items (breaker DR, session 61): a Word clause's items are paragraphs numbered 一、二、…, which
    elsewhere head sections; after a lead ending in ：, the lines numbered in order from 一 are its list, with the deeper
    items under one (「搬家费用包括哪些部分」 quoted the lead alone). A numbered title heading a body, a bare title after
    content items and a list that starts at 二 end or make no list."""
    from chatbot.readers.plain import structure

    text = ("第八条 搬家费用由以下部分构成：\n一、车辆起步价；\n二、超里程费；\n三、楼层费，按下表收取。\n"
            "第九条 费用当场结清。\n")
    assert blocks_of(structure(text)) == [("list", "第八条 搬家费用由以下部分构成：\n一、车辆起步价；\n二、超里程费；\n三、楼层费，按下表收取。"),
                                          ("paragraph", "第九条 费用当场结清。")]
    assert len(structure(text).blocks[0].parts) == 4
    nested = blocks_of(structure("具体包括：\n（一）门诊费用；\n（二）住院费用。\n"))   # bullets, joined before already
    assert nested == [("list", "具体包括：\n（一）门诊费用；\n（二）住院费用。")]
    bare = blocks_of(structure("报销需提供以下材料：\n一、发票原件\n二、审批单\n三、付款凭证\n\n第五条 报销时限为30天。\n"))
    assert bare[0] == ("list", "报销需提供以下材料：\n一、发票原件\n二、审批单\n三、付款凭证")   # the last bare item too (review)
    deeper = blocks_of(structure("乙方应承担以下责任：\n一、按时交付；\n二、赔偿下列损失：\n（一）直接损失；\n（二）间接损失。\n"
                                 "三、支付违约金。\n第九条 其他。\n"))
    assert deeper[0] == ("list", "乙方应承担以下责任：\n一、按时交付；\n二、赔偿下列损失：\n（一）直接损失；\n（二）间接损失。\n三、支付违约金。")
    heading = blocks_of(structure("考试安排如下：\n一、报名时间为3月；\n二、考试分两部分。\n（一）笔试安排\n笔试于4月举行。\n"))
    assert heading[:2] == [("list", "考试安排如下：\n一、报名时间为3月；\n二、考试分两部分。"), ("heading", "（一）笔试安排")]
    after = blocks_of(structure("处理如下：\n一、退还定金；\n二、收取空驶费。\n三、附则\n本办法自发布之日起施行。\n"))
    assert after[:2] == [("list", "处理如下：\n一、退还定金；\n二、收取空驶费。"), ("heading", "三、附则")]
    titles = blocks_of(structure("本办法分为以下几部分：\n一、总则\n本办法适用于全体员工。\n二、考勤\n每日打卡两次。\n"))
    assert ("heading", "一、总则") in titles and all(k != "list" for k, _ in titles)
    late = blocks_of(structure("处理如下：\n二、超里程费；\n三、楼层费。\n"))
    assert all(k != "list" for k, _ in late)


def test_short_unpunctuated_lines_after_a_colon_are_its_items_not_headings():
    """lines._bare_items (breaker AI, session 39): Chromium prints a `<li>`'s bullet as a drawing, so a PDF's list is
    short lines with no mark and no punctuation; each line the next outlasted was a heading by its shape (「树脂充填（补牙）」
    heading 「普通牙及阻生齿拔除」), and 「哪些项目可以用医保」 quoted the lead alone. They are the lead's items; a numbered
    line (「三、报销比例」) or a sentence after them is not."""
    from chatbot.readers.plain import structure

    text = ("二、医保支付范围\n以下项目可以使用医保统筹基金结算：\n口腔检查及全景X线片\n树脂充填（补牙）\n普通牙及阻生齿拔除\n"
            "牙周基础治疗（龈下刮治）\n种植牙、正畸等不属于医保支付范围，需全额自费。\n三、报销比例\n起付线为300元。\n")
    ex = structure(text)
    kinds = blocks_of(ex)
    assert kinds == [("heading", "二、医保支付范围"),
                     ("list", "以下项目可以使用医保统筹基金结算：\n口腔检查及全景X线片\n树脂充填（补牙）\n普通牙及阻生齿拔除\n"
                              "牙周基础治疗（龈下刮治）"),
                     ("paragraph", "种植牙、正畸等不属于医保支付范围，需全额自费。"),
                     ("heading", "三、报销比例"), ("paragraph", "起付线为300元。")], kinds
    assert len(ex.blocks[1].parts) == 5
    one = structure("联系方式：\n城东店\n地址：东大街1号\n")   # one short line and a label: no list
    assert "list" not in [b.kind for b in one.blocks]


def test_a_definition_lists_entries_hold_their_terms():
    """html._terms (breaker G, session 33): each <dt> was a paragraph and a passage of its own (「单人研习间」, quoted alone
    as the answer), its <dd> a passage without the term it explains. Each entry is one paragraph 「术语：释义」 (packed
    into one record, several entries to a passage, retrieval lost one of blind6's docs6 test questions)."""
    page = ("<html><body><p>预约规则如下：</p><dl><dt>暂离时长</dt><dd>每次暂离不超过45分钟。</dd>"
            "<dt>单人研习间：</dt><dd>仅限成人高级证持证读者预约。</dd><dd>每周最多预约2次。</dd><dd></dd></dl>"
            "<p>其后正文。</p></body></html>")
    ex = read(page.encode(), ".html")
    assert [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "paragraph"] == [
        "预约规则如下：", "暂离时长：每次暂离不超过45分钟。", "单人研习间：仅限成人高级证持证读者预约。", "单人研习间：每周最多预约2次。",
        "其后正文。"]


def test_a_pdf_line_ending_in_a_semicolon_at_full_width_runs_on():
    """lines.reflow(text, full) (breakers G and H, session 33): 「…可立即在馆内借书；」 filled its printed line and 「如需实体卡，
    …」 went on with the sentence on the next, but a line ending in ；was never joined, so one paragraph became two
    passages. At the page's full width (less FULL_SLACK) it is a wrap; a shorter one stays an item's end."""
    from chatbot.readers.lines import width

    first = "通过公众号可办理成人普通证，押金通过微信支付缴纳。线上办理后即生成电子读者证，可立即在馆内借书；"
    text = f"{first}\n如需实体卡，可持身份证到任一服务台免费领取。"
    assert reflow(text, width(first)) == first + "如需实体卡，可持身份证到任一服务台免费领取。"
    assert reflow(text) == text                                  # width unknown (a .txt): as before
    items = "须遵守以下规定：\n进校须在门卫处出示身份证并登记；\n不得携带宠物进入校园。"
    assert reflow(items, width(first)) == items                  # short items: each ends its line


def test_a_pdf_line_at_full_width_runs_on_into_a_line_shaped_like_a_field():
    """lines.reflow(text, full) (breaker J, session 34): 「…交强险在全国范围」 filled its printed line and the sentence went
    on with 「内实行统一的责任限额：…」, which KEY_VALUE reads as a 键：值 field, so 第十条 was two passages and the limits
    were never quoted with it. A line at the full width ending in no mark runs on; a form's fields stay apart."""
    from chatbot.readers.lines import width

    first = "第十条 保险事故发生时，对于交强险责任限额以内的损失和费用，保险人不负责赔偿。交强险在全国范围"
    rest = "内实行统一的责任限额：无责任的，财产损失赔偿限额为100元。"
    assert reflow(f"{first}\n{rest}", width(first)) == first + rest
    assert reflow(f"{first}\n{rest}") == f"{first}\n{rest}"            # width unknown (a .txt): as before
    for text in [f"{first}。\n{rest}",                                  # the line ended its sentence
                 f"{first[:12]}\n{rest}",                               # a short line: a heading, then a field
                 "地址：上海市浦东新区张江路100号张江大厦十层十二室整层\n电话：021-1234567"]:   # a form's fields
        assert reflow(text, width(first)) == text, text


def test_a_pdf_line_cut_in_mid_word_at_full_width_runs_on():
    """lines._page_wrap (breakers DL and DN, session 59): 「…实施日期：2025年9」 / 「月1日」 was left apart because a field line
    joins only a next line with a clause mark, and 「月1日」 became a heading over the page; 「…建议住店宾客选择上」 /
    「午或20:00以后泡汤。…」 because the next line was longer in characters, and its time read as a 键：值 field."""
    from chatbot.readers.lines import width

    for first, rest in [("文件编号：QMX-JX-2025-03\u3000\u3000发布日期：2025年7月20日\u3000\u3000实施日期：2025年9", "月1日"),
                        ("每日14:00至17:00为入园高峰，周末及节假日可能出现排队，建议住店宾客选择上",
                         "午或20:00以后泡汤。温泉区单日接待上限为：汤山1800人、从化1500人、腾冲2000人，达到上限后暂停售票。")]:
        assert reflow(f"{first}\n{rest}", width(first)) == first + rest
        assert reflow(f"{first}\n{rest}", width(first) + 20) == f"{first}\n{rest}"   # short of the page's width
    formula = ["计算公式：应退或应补税额＝［（综合所得收入额－60000元－“三险一金”等专项扣除－",   # a field line, then a full
               "子女教育等专项附加扣除－依法确定的其他扣除－符合条件的公益慈善事业捐赠）×适用税", "率－速算扣除数］－已预缴税额。"]
    assert reflow("\n".join(formula), width(formula[0])) == "".join(formula)   # line wrapped again (breaker BC's PDF)
    full = width("每日14:00至17:00为入园高峰，周末及节假日可能出现排队，建议住店宾客选择上")
    for text in ["营业时间：每日8:30-21:00，节假日照常营业，春节期间另行通知营业安排\n地址：滨江路1号",   # a field after a field
                 "第一章 总则以及适用范围和本中心三个校区的相关管理规定说明\n第一条 为规范…",   # an article starts anew
                 "每日14:00至17:00为入园高峰，周末及节假日可能出现排队，请合理安排。\n午后人少。",   # the line ended
                 "每日9:00至21:00对外开放，周一及法定节假日闭馆不开放\n地址：滨江路1号",   # a time, then a field (the review)
                 "联系地址：浙江省杭州市滨江区长河街道江南大道3588号恒生大厦1208室\n乘车指南见背面",   # a field and a note
                 "项目名称：滨江新城综合管廊及配套道路建设工程（二期）总承包\n项目概况"]:   # … and a heading
        assert reflow(text, full) == text, text


@pytest.mark.parametrize("document, whole", [
    ("breakers/DL/corpus/启明星教师资质与教学质量管理办法.pdf", "等级考试（PAT）教师资格认证；"),   # the last line of page 1
    ("breakers/CU/corpus/未成年人网络游戏保护实施细则.pdf", "施行日期：2025年2月1日")])
def test_a_pdf_sentence_cut_at_a_full_line_is_one_paragraph(document, whole):
    """pdf.read_pdf with lines._page_wrap: a line at the page's full width that ends in mid-word goes on with the next line
    (「…（PAT）教」 at the foot of page 1 was a heading over pages 2 and 3: breaker DL, session 59)."""
    ex = read((ROOT / "bench/sets" / document).read_bytes(), ".pdf")
    assert [b.kind for b in ex.blocks if whole in ex.text[b.start:b.end]] == ["paragraph"]
    assert not [b for b in ex.blocks if b.kind == "heading" and re.fullmatch(r"月\d+日|.*（PAT）教", ex.text[b.start:b.end])]


def test_a_sheet_of_one_column_is_lines_of_text_not_records(tmp_path):
    """readers/sheets.py (breaker I, session 34): a one-column sheet 「发放说明」 of notes was read as records of one field,
    so every note was quoted as 「发放说明：1. …」. Its lines are paragraphs (its title line a heading, unless it repeats the
    sheet's name), each located at its row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "发放说明"
    for line in ["发放说明", "1. 各车间于每月25日前汇总下月需求。", "2. 新员工入职当天领取全套劳保用品。"]:
        ws.append([line])
    other = wb.create_sheet("备注")
    for line in ["补发规则", "遗失的按采购价自费购买。"]:
        other.append([line])
    path = tmp_path / "说明.xlsx"
    wb.save(path)
    ex = read(path.read_bytes(), ".xlsx")
    assert "发放说明：" not in ex.text and "1. 各车间于每月25日前汇总下月需求。\n2. 新员工" in ex.text
    kinds = [(blk.kind, ex.text[blk.start:blk.end]) for blk in ex.blocks]
    assert kinds == [("heading", "发放说明"), ("paragraph", "1. 各车间于每月25日前汇总下月需求。"),
                     ("paragraph", "2. 新员工入职当天领取全套劳保用品。"), ("heading", "备注"), ("heading", "补发规则"),
                     ("paragraph", "遗失的按采购价自费购买。")], kinds


def test_a_definition_list_of_questions_is_read_as_faq_pairs():
    """html._terms (breakers O and P, session 35): a <dt> 「问：…？」 over a <dd> 「答：…」 was joined as one line
    「问：里程过期了还能恢复吗？：答：可以。…」, which quotable() read as a question (no clause of it could be quoted), so
    every FAQ answer of the page was unquotable. A term that asks (marked or ending in ？) and its answer are one FAQ pair."""
    page = ("<html><body><h2>常见问题</h2><dl><dt>问：里程过期能恢复吗？</dt><dd>答：可以，6个月内申请。</dd>"
            "<dt>家庭账户最多几名成员？</dt><dd>最多5名成员。</dd><dt>暂离时长</dt><dd>每次不超过45分钟。</dd></dl></body></html>")
    ex = read(page.encode(), ".html")
    blocks = blocks_of(ex)
    assert ("faq", "问：里程过期能恢复吗？\n答：可以，6个月内申请。") in blocks, blocks
    assert ("faq", "家庭账户最多几名成员？\n最多5名成员。") in blocks, blocks
    assert ("paragraph", "暂离时长：每次不超过45分钟。") in blocks, blocks    # a term that asks nothing: as before


def test_a_table_inside_a_definition_lists_answer_is_a_table():
    """html._terms / _dd_lines (breaker AN, session 40): an FAQ answer <dd> holding a <table> was flattened into one
    run-on line (「学部房型卫浴生活老师配比 小学部（四至六年级）6人间楼层公共卫浴…」), bolded whole, its cells
    indistinguishable. The answer's text before the table stays the FAQ pair; the table is a table of its own; text after it
    is a paragraph; a <dd> that opens with a table keeps the term beside no text."""
    page = ("<html><body><dl><dt>问：宿舍是什么条件？</dt><dd>答：各学部宿舍配置如下表：<table><thead><tr><th>学部</th>"
            "<th>房型</th></tr></thead><tbody><tr><td>初中部</td><td>4人间</td></tr><tr><td>高中部</td><td>4人间</td></tr>"
            "</tbody></table>所有宿舍均配备空调。</dd><dt>收费</dt><dd><table><tr><th>项目</th><th>元</th></tr><tr><td>住宿</td>"
            "<td>3000</td></tr></table></dd></dl></body></html>")
    ex = read(page.encode(), ".html")
    assert blocks_of(ex) == [
        ("faq", "问：宿舍是什么条件？\n答：各学部宿舍配置如下表："), ("table", "| 学部 | 房型 |\n| 初中部 | 4人间 |\n| 高中部 | 4人间 |"),
        ("paragraph", "所有宿舍均配备空调。"), ("table", "| 项目 | 元 |\n| 住宿 | 3000 |")]


def test_a_nested_html_list_keeps_its_items_marked_and_indented():
    """html._items (breaker Q, session 35): a <ul> inside an <li> ran into its parent's line without marks
    (「1. 外包装检查 箱体有无明显破损； 封箱胶带是否完好。」). Each sub-item is a line of its own, marked and indented two
    spaces, as a Markdown nested list reads; inline elements still join without spaces."""
    page = ("<html><body><p>签收时请检查：</p><ol><li>外包装检查<ul><li>箱体有无明显破损；</li><li>封箱胶带是否完好。</li></ul></li>"
            "<li><b>核对</b>型号与<i>订单</i>一致</li><li></li></ol></body></html>")
    ex = read(page.encode(), ".html")
    assert blocks_of(ex) == [
        ("list", "签收时请检查：\n1. 外包装检查\n  - 箱体有无明显破损；\n  - 封箱胶带是否完好。\n2. 核对型号与订单一致")]


def test_a_list_inside_a_definition_keeps_its_items():
    """html._dd_lines (breakers T and V, session 36): a <ul> inside a <dd> was one run of text, 「新疆西藏青海…」, with
    nothing between the regions. Its items are lines of their own: in the FAQ answer, or in a list led by the term."""
    page = ("<html><body><dl><dt>哪些地区不包邮？</dt><dd>以下地区不参加包邮：<ul><li>新疆</li><li>西藏</li></ul>"
            "发往上述地区每单加收15元。</dd><dt>入住要带</dt><dd><ul><li>疫苗本</li><li>牵引绳</li></ul></dd>"
            "<dt>暂离时长</dt><dd>每次不超过<b>45</b>分钟。</dd></dl></body></html>")
    ex = read(page.encode(), ".html")
    assert blocks_of(ex) == [
        ("faq", "哪些地区不包邮？\n以下地区不参加包邮：\n- 新疆\n- 西藏\n发往上述地区每单加收15元。"),
        ("list", "入住要带：\n- 疫苗本\n- 牵引绳"), ("paragraph", "暂离时长：每次不超过45分钟。")]


@pytest.mark.parametrize("line, field", [
    ("犬健康年卡（10公斤以下）：1580元/年", True), ("出苗问题（发芽率低、出苗不齐）：水稻在播种后20日内提出", True),
    ("猫健康年卡：1280元/年", True), ("18:30以后闭馆", False), ("根据《城镇供水价格管理办法》（2021年修订）和批复：", False),
])
def test_a_key_with_a_bracketed_qualifier_is_a_field(line, field):
    """lines.KEY_VALUE (breaker V, session 36): a key over 12 characters with its bracket was no field, so two such
    lines of a PDF list were joined as one wrapped sentence (「…1580元/年犬健康年卡（10公斤及以上）：1880元/年」)."""
    from chatbot.readers.lines import KEY_VALUE, reflow

    assert bool(KEY_VALUE.match(line)) is field
    two = "犬健康年卡（10公斤以下）：1580元/年\n犬健康年卡（10公斤及以上）：1880元/年"
    assert reflow(two) == two


@pytest.mark.parametrize("document, row", [
    # one row of the table ruled alone at the top of the next page (breaker S, session 36)
    ("breakers/S/corpus/索道与观光车乘坐指南.pdf", "| 3号线（环线） | 东门—翠湖—西门—东门 | 约50分钟 | 30分钟 | 30元 |"),
    # the header ruled alone at the foot of a page, its rows overleaf (blind7's docs7)
    ("blind7/docs7/corpus/水价与阶梯气价标准.pdf", "| 非居民用水（工业、行政事业、经营服务） | 3.90 | 1.40 | 0.30 | 5.60 |"),
])
def test_a_pdf_table_row_ruled_alone_over_a_page_break_stays_in_its_table(document, row):
    """pdf._lone_rows: a one-row table was dropped as no table and its text read around it, as a heading (S) or as
    the header's characters cut into a heading each (「供水价」「格」, docs7)."""
    ex = read((ROOT / "bench/sets" / document).read_bytes(), ".pdf")
    table = next(b for b in ex.blocks if b.kind == "table" and any(ex.text[s:e] == row for s, e in b.parts))
    assert table.header == 1 and not any(b.kind == "heading" and "|" not in ex.text[b.start:b.end]
                                         and ex.text[b.start:b.end].endswith(("30元", "立方米）")) for b in ex.blocks)


def test_prose_under_a_label_is_no_record_field():
    """plain._field (breaker V, session 36): 「年卡包含：全年2次全面体检…。年卡不包含…。」 joined the card prices above it
    as one record, which a 哪些 question quoted whole; a label over sentences is prose, the prices stay a record."""
    text = "猫健康年卡：1280元/年\n犬健康年卡：1580元/年\n年卡包含：全年2次全面体检、4次体内驱虫。年卡不包含绝育费用。"
    ex = read(text.encode(), ".txt")
    assert blocks_of(ex) == [
        ("record", "猫健康年卡：1280元/年\n犬健康年卡：1580元/年"), ("paragraph", "年卡包含：全年2次全面体检、4次体内驱虫。年卡不包含绝育费用。")]


def test_a_questions_several_definitions_are_one_answer():
    """html._terms (breaker AC, session 38): a <dt> question over two <dd>s, 「谢绝携带以下物品入场：」 and the list of
    items, was two FAQ pairs, so the lead-in was quoted without its items. A question's <dd>s are one answer; a term
    that asks nothing still repeats itself per <dd>."""
    page = ("<html><body><dl><dt>可以自带食物吗？</dt><dd>可以携带少量零食。谢绝携带以下物品入场：</dd>"
            "<dd><ul><li>榴莲</li><li>酒精饮料</li></ul></dd>\n<dt>有无障碍设施吗？</dt><dd>有轮椅席位。</dd>"
            "<dt>会员卡</dt><dd>银卡</dd><dd>金卡</dd></dl></body></html>")
    ex = read(page.encode(), ".html")
    assert blocks_of(ex) == [
        ("faq", "可以自带食物吗？\n可以携带少量零食。谢绝携带以下物品入场：\n- 榴莲\n- 酒精饮料"),
        ("faq", "有无障碍设施吗？\n有轮椅席位。"), ("paragraph", "会员卡：银卡"), ("paragraph", "会员卡：金卡")]


def test_labelled_items_after_a_lead_are_its_list():
    """lines.unmarked_items (breaker AD, session 38): under 「…可办理以下三类分期业务：」, items that each open with a label
    and end in 。 (a PDF whose bullets were drawn) were read as a record, and the lead was a passage of its own, quoted
    alone for 「可以办理哪几种分期」. They are the lead's list; 键：值 lines without a lead are still a record."""
    text = ("一、分期产品\n持卡人可办理以下三类分期业务：\n账单分期：对已出账单的消费申请分期，最低500元。\n"
            "单笔消费分期：对单笔满600元的交易申请分期。\n现金分期（瑞易贷）：资金转入本人借记卡。\n二、联系\n姓名：张三\n电话：123\n")
    ex = read(text.encode(), ".txt")
    assert [(b.kind, ex.text[b.start:b.end].split("\n")[0]) for b in ex.blocks] == [
        ("heading", "一、分期产品"), ("list", "持卡人可办理以下三类分期业务："), ("heading", "二、联系"), ("record", "姓名：张三")]
    assert ex.text[ex.blocks[1].start:ex.blocks[1].end].endswith("资金转入本人借记卡。")


def test_an_article_after_unmarked_items_is_not_their_last_item():
    """lines.unmarked_items (breaker AN, session 40): after a lead ending in a colon, items each ending in ；, the last in 。,
    and then 「第五条 …。」 — the next article, also ending in 。, was read as the list's last item, so the list and the
    article were one passage, bolded together (「那低保家庭呢？」 quoted 第五条 with the items)."""
    text = ("第四条 符合下列条件之一的学生，可申请减免学费：\n低保家庭：学费全免，住宿费减半；\n军人子女：学费减免30%。\n"
            "第五条 学费减免仅针对学费，不包括伙食费。\n")
    ex = read(text.encode(), ".txt")
    blocks = blocks_of(ex)
    assert ("list", "第四条 符合下列条件之一的学生，可申请减免学费：\n低保家庭：学费全免，住宿费减半；\n军人子女：学费减免30%。") in blocks, blocks
    assert ("paragraph", "第五条 学费减免仅针对学费，不包括伙食费。") in blocks, blocks


def test_a_sheets_numbers_are_written_as_their_cells_show_them(tmp_path):
    """readers/sheets.py (breaker AZ, session 41): a price 2.10 under the number format 「0.00」 was quoted 「2.1」 and a
    share under 「0%」 as 0.15. A plain number format is applied (decimals, percent, literals), thousands commas left out
    (「16800」 is how questions and answers write it); General cells and other formats keep the value."""
    from openpyxl import Workbook

    from chatbot.readers import read

    wb = Workbook()
    ws = wb.active
    ws.append(["用户类别", "水价", "污水费占比", "年用水量", "备注"])
    ws.append(["居民", 2.1, 0.15, 16800, 3.5])
    for cell, fmt in zip(ws[2][1:4], ["0.00", "0%", "#,##0"]):
        cell.number_format = fmt
    path = tmp_path / "水价.xlsx"
    wb.save(path)
    text = read(path.read_bytes(), ".xlsx", ocr=False).text
    assert "水价：2.10；污水费占比：15%；年用水量：16800；备注：3.5" in text


def test_a_question_and_its_answer_on_one_wrapped_line_are_joined():
    """lines._wrapped (breaker BM, session 43): a PDF FAQ printed 「问：…？答：…」 on one line; its answer wrapped, and the
    question line was never joined, so the quote ended 「…是否分居由双方自」. A question line whose answer follows on it
    joins its wrapped rest; a question line alone still stands alone."""
    from chatbot.readers.lines import joins

    assert joins("问：冷静期内双方可以分居吗？答：冷静期内双方的婚姻关系依然存续，是否分居由双方自", "行商定，登记处不作要求。")
    assert not joins("问：冷静期内双方可以分居或者另行居住在其他地方吗", "请说明理由。")
    assert not joins("问：冷静期内双方可以分居吗？", "答：可以。")


def test_a_notices_byline_is_no_wrapped_line_and_heads_nothing():
    """plain.structure over a PDF notice's lines (breaker DD, session 56): the title, the byline 「滨江市农业农村局 2024年2月20日」
    and the first paragraph were read as one wrapped sentence, so the document had no title and its first passage began
    with both. A byline's date is a line of its own (lines.BYLINE); the line over it at the top is the title; at the end, a
    signature's issuer over its date heads nothing (it was the last section's heading when its date line was longer)."""
    from chatbot.readers.plain import structure

    top = ("滨江市2024年度犬猫狂犬病免疫工作公告\n滨江市农业农村局 2024年2月20日\n为有效预防和控制狂犬病，保障人民群众生命健康，"
           "根据《中华人民共和国动物\n防疫法》，现将有关事项公告如下。\n一、免疫对象和时间\n本市饲养的犬只应当每年接种一次狂犬病疫苗。\n"
           "临江市自来水有限公司\n2024年9月28日")
    ex = structure(top)
    blocks = [(b.kind, ex.text[b.start:b.end]) for b in ex.blocks]
    assert blocks[:3] == [("heading", "滨江市2024年度犬猫狂犬病免疫工作公告"), ("paragraph", "滨江市农业农村局 2024年2月20日"),
                          ("paragraph", "为有效预防和控制狂犬病，保障人民群众生命健康，根据《中华人民共和国动物防疫法》，现将有关事项公告如下。")]
    assert [t for k, t in blocks if k == "heading"] == ["滨江市2024年度犬猫狂犬病免疫工作公告", "一、免疫对象和时间"]
    assert blocks[-2:] == [("paragraph", "临江市自来水有限公司"), ("paragraph", "2024年9月28日")]
    # a date inside a sentence a page wrapped is no byline: 「…自2024年3月1日」 / 「起施行。」 is one sentence
    assert "自2024年3月1日起施行" in structure("本细则经市政府同意后发布，有关部门应当遵照执行，自2024年3月1日\n起施行。").text
    assert "自 2024年3月1日起施行" in structure("本细则经市政府同意后发布，有关部门应当遵照执行，自 2024年3月1日\n起施行。").text


def test_shape_titles_between_consecutive_outline_headings_are_their_sub_headings():
    """Breaker DH (session 58), a Chromium-printed PDF: <h2>二、课程内容</h2> held <h3> course names, read as shape titles
    (level 1, above 「一、」's 4), so 「二、课程内容」 held nothing and became a paragraph and 「三、上课时间」 was filed under the
    last course (readers/nesting.py). Titles whose numbering restarts under each (一、 again) head their own parts."""
    text = ("课程手册\n\n一、课程一览\n学院开设五类课程，均为小班教学。\n二、课程内容\n入门班（L1）\n适合零基础学员，共16课时。\n"
            "进阶班（L2）\n报名须持有L1结业证书。\n三、上课时间\n每周一为船只保养日，不安排课程。\n")
    ex = structure(text)
    heads = [(ex.text[b.start:b.end], b.level) for b in ex.blocks if b.kind == "heading"]
    assert heads == [("课程手册", 0), ("一、课程一览", 4), ("二、课程内容", 4), ("入门班（L1）", 5), ("进阶班（L2）", 5),
                     ("三、上课时间", 4)]
    paths = {s.title: s.path for s in split_sections(Document("a.txt", ex.text, "utf-8", "x"))}
    assert paths["三、上课时间"][-1] == "三、上课时间" and "进阶班（L2）" not in paths["三、上课时间"]
    assert paths["进阶班（L2）"][-2:] == ("二、课程内容", "进阶班（L2）")
    restart = ("员工手册\n\n考勤管理\n一、上班时间\n每日9:00上班，18:00下班。\n二、请假\n请假须提前一天申请。\n"
               "薪酬福利\n一、工资发放\n每月10日发放上月工资。\n")
    ex = structure(restart)
    assert [(ex.text[b.start:b.end], b.level) for b in ex.blocks if b.kind == "heading"][1:] == [
        ("考勤管理", 1), ("一、上班时间", 4), ("二、请假", 4), ("薪酬福利", 1), ("一、工资发放", 4)]

    def heads(text):
        ex = structure(text)
        return [(ex.text[b.start:b.end], b.level) for b in ex.blocks if b.kind == "heading"]

    # … and so do part titles before the numbering, which goes on across them (the review)
    assert heads(restart.replace("一、工资发放", "三、工资发放"))[4] == ("薪酬福利", 1)
    # a shape title's own （一） stays under it; the nearest numbered pair takes a title (一、 … 二、 inside 第一章)
    sub = ("课程手册\n一、课程一览\n学院开设五类课程。\n二、课程内容\n入门班\n（一）课程目标\n掌握基本的帆船操作。\n进阶班\n"
           "（一）课程目标\n学习大三角帆的操作。\n三、上课时间\n每周一不安排课程。\n")
    assert heads(sub)[3:8] == [("入门班", 5), ("（一）课程目标", 6), ("进阶班", 5), ("（一）课程目标", 6), ("三、上课时间", 4)]
    chapter = "规定\n\n第一章 总则\n一、目的\n为规范管理制定本规定。\n补充说明\n由人事部解释。\n二、范围\n适用于全体员工。\n第二章 附则\n自发布之日起施行。\n"
    assert heads(chapter)[2:5] == [("一、目的", 4), ("补充说明", 5), ("二、范围", 4)]


def test_a_sheets_title_rows_are_the_caption_its_records_are_read_with(tmp_path):
    """Breaker DJ (session 58): a price sheet's title row says the unit (「…价格表（单位：元）」) and its rows are bare numbers, so
    「犬舒适间旺季一晚多少钱？」 was refused as a quote without an amount with the right row first; and two sheets of rows
    named alike (P2 停车场 under 「…（小型车）」 and under 「…（大中型客车）」, DI) carried only their sheet names. The title
    rows are now each record's caption, read for the unit (values.value_missing), never embedded nor quoted: in the
    context of every row, a long shared title diluted what tells the rows apart (CY lost 6 first citations on tune)."""
    from openpyxl import Workbook

    from chatbot.values import value_missing

    wb = Workbook()
    ws = wb.active
    ws.title = "寄养"
    for row in (["寄养价格表（单位：元/晚）"], ["房型", "淡季", "旺季"], ["犬舒适间", 148, 178], ["猫咪标准间", 68, 88]):
        ws.append(row)
    bare = wb.create_sheet("说明")
    for row in (["房型", "淡季", "旺季"], ["犬舒适间", 148, 178]):
        bare.append(row)
    wb.save(tmp_path / "价格表.xlsx")
    ex = read((tmp_path / "价格表.xlsx").read_bytes(), ".xlsx")
    records = [b for b in ex.blocks if b.kind == "record"]
    assert [b.caption for b in records] == ["寄养价格表（单位：元/晚）"] * 2 + [""]
    doc = Document("价格表.xlsx", ex.text, "utf-8", "x", ex.blocks, ex.places)
    chunks = [c for s in split_sections(doc) for c in chunk_section(s, doc.text) if c.kind == "record"]
    assert [(c.context, c.caption) for c in chunks] == [("寄养", "寄养价格表（单位：元/晚）")] * 2 + [("说明", "")]
    assert all("单位" not in c.text + c.embed_text for c in chunks)
    asked = "犬舒适间旺季一晚多少钱？"
    assert not value_missing(asked, SimpleNamespace(chunk=chunks[0]), chunks[0].start, chunks[0].end)
    assert value_missing(asked, SimpleNamespace(chunk=chunks[2]), chunks[2].start, chunks[2].end)   # no unit anywhere
    # only the title's units are read, not its nouns nor a 填报单位 line (the review): 价格表 lets no figure answer 多少钱
    from chatbot.answertype import labels

    def label(caption):
        return labels(SimpleNamespace(context="寄养", caption=caption))

    assert label("2025年设备维保台账 填报单位：万科物业服务有限公司") == label("各部门价格表（2025年3月1日起执行）") == "寄养"
    assert label("泊位租金价目表（单位：人民币元，含6%增值税）") == "寄养 （人民币元）"


def test_a_decimal_numbered_title_over_bullets_heads_its_section():
    """Breaker DU (session 62), a PDF: 「3.2 使用规则」 between 「3.1 储值档位」 (over a table) and 「3.3 挂失与补办」 was a
    paragraph because bullets follow it, so its five rules were cited under 3.1. A number written with its parent's
    (3.2, 3.2.1) is a section's; a bare 「1. 准备材料」 over bullets is still an item with its sub-items."""
    text = ("三、储值卡\n3.1 储值档位\n| 储值金额 | 赠送金额 |\n| 500元 | 50元 |\n3.2 使用规则\n• 储值本金长期有效。\n"
            "• 储值卡余额不可提现。\n3.3 挂失与补办\n实体卡遗失的，应立即办理挂失。\n")
    ex = structure(text)
    heads = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "heading"]
    assert heads == ["三、储值卡", "3.1 储值档位", "3.2 使用规则", "3.3 挂失与补办"]
    paths = {s.title: s.path for s in split_sections(Document("a.pdf", ex.text, "utf-8", "x"))}
    assert paths["3.2 使用规则"][-2:] == ("三、储值卡", "3.2 使用规则")
    item = structure("办理流程：\n1. 准备材料\n• 身份证原件\n• 申请表\n2. 提交申请\n")
    assert not [b for b in item.blocks if b.kind == "heading"]
    price = structure("价目：\n9.9 元体验卡\n• 含1次体验课\n• 限新用户\n")   # an amount, no section number (the review)
    assert not [b for b in price.blocks if b.kind == "heading"]


def test_a_numbered_title_with_a_subtitle_after_a_colon_heads_its_section():
    """Breaker DY (session 63), a PDF: 「二、竹溪村：茶园与竹林」 between 「一、活动总则」 and 「五、活动组合套票」 was a paragraph
    (a colon was read as a field's), so each village's table was cited under 一、. A title and subtitle of words heads a
    section; a field's value (figures, more punctuation) does not, and items numbered alike stay items."""
    text = ("一、活动总则\n所有活动须提前1天预约。\n二、竹溪村：茶园与竹林\n竹溪村有高山茶园300亩。\n"
            "| 活动 | 价格 |\n| 采茶制茶 | 98元/人 |\n三、桃源村：桃园与稻田\n桃源村种植水蜜桃500亩。\n")
    heads = [b for b in structure(text).blocks if b.kind == "heading"]
    assert [text[b.start:b.end] for b in heads] == ["一、活动总则", "二、竹溪村：茶园与竹林", "三、桃源村：桃园与稻田"]
    for line in ("一、投保年龄：18至60周岁\n本产品面向在职员工。\n", "一、适用对象：本市户籍居民，含随迁子女\n正文。\n"):
        assert not [b for b in structure(line).blocks if b.kind == "heading"]
    items = structure("申请条件：\n一、年龄：年满十八周岁\n二、户籍：本市户籍\n三、学历：大专以上\n")
    assert not [b for b in items.blocks if b.kind == "heading"]
    # fields of words only, with no sibling title without a colon: their values stay text (the review)
    notice = structure("活动通知\n一、主办单位：市文化局\n本次活动由区文化馆承办。\n二、活动时间：每周六上午\n如遇节假日顺延。\n")
    assert [notice.text[b.start:b.end] for b in notice.blocks if b.kind == "heading"] == ["活动通知"]
    md = structure("# 手册\n## 第三章：收费\n正文一。\n## 第四章：退费\n正文二。\n")   # Markdown's own headings stay
    assert len([b for b in md.blocks if b.kind == "heading"]) == 3
