import pytest

from chatbot.documents import Document, load_corpus
from chatbot.sections import split_sections

from conftest import SEED


def doc(text, source="a.txt"):
    return Document(source, text, "utf-8", "x")


def test_seed_structure():
    sections = split_sections(doc(SEED.read_text(encoding="utf-8"), SEED.name))
    assert [s.kind for s in sections] == ["text"] * 8 + ["table", "faq"]
    assert sections[0].heading == "" and sections[0].title == "导语"
    assert [s.heading for s in sections[1:8]] == [
        "技术驱动创新深化,数字化能力成核心竞争力", "监管框架持续完善,合规成行业生存底线",
        "场景化金融服务加速渗透,生态化竞争成主流", "普惠金融向纵深发展,服务覆盖面与质量双提升",
        "绿色金融与可持续发展理念融入行业实践", "风险防控体系升级,平衡创新与安全", "国际化布局加速,跨境金融服务需求凸显"]
    assert sections[8].heading == "互联网金融行业发展趋势核心要点总结"
    assert sections[9].heading == "相关问答FAQs"
    assert sections[9].text.startswith("Q1:") and sections[9].text.endswith("社会公平。")


def test_section_offsets_round_trip(corpus):
    docs, _ = load_corpus(corpus)
    for d in docs:
        for s in split_sections(d):
            assert d.text[s.start:s.end] == s.text


def test_markdown_heading_paths():
    sections = split_sections(doc("# 指南\n\n## 时间\n九点开门。\n\n## 电话\n95588。\n", "g.md"))
    assert [(s.path, s.text) for s in sections] == [(("指南", "时间"), "九点开门。"), (("指南", "电话"), "95588。")]


@pytest.mark.parametrize("text, expected", [
    ("", []),
    ("一", [("", "一")]),
    ("标题\n", [("", "标题")]),                        # a lone short line is text, not a title
    # a heading with no body is kept as content (issue 11: nothing is ever dropped)
    ("# 标题一\n正文内容。\n# 标题二\n", [("标题一", "正文内容。\n# 标题二")]),
    ("🎉 开业\n庆祝开业,全场八折优惠🎉!", [("🎉 开业", "庆祝开业,全场八折优惠🎉!")]),
    ("这是一句完整的话。\n下一句也是完整的话,而且更长一些。", [("", "这是一句完整的话。\n下一句也是完整的话,而且更长一些。")]),
])
def test_edge_cases(text, expected):
    assert [(s.heading, s.text) for s in split_sections(doc(text))] == expected


def test_a_document_without_headings_is_cited_as_the_whole_text():
    """A CSV or a headingless note was cited 「导语」 (lead) in every citation (breaker H, session 33): its one untitled
    section is 「全文」; an untitled lead before headings stays 「导语」."""
    assert [s.title for s in split_sections(doc("营业时间为9点至17点。\n周末休息。\n"))] == ["全文"]
    assert [s.title for s in split_sections(doc("前言一段。\n\n# 第一节\n正文。\n"))] == ["导语", "第一节"]


def test_a_tables_caption_read_as_a_heading_is_its_caption():
    """sections._CAPTION (breaker P, session 35): a PDF reader took 「表1 免费托运行李额」 for a heading, so the paragraphs
    after the table were cited under 「表1 …」. A heading right above a table that reads as a caption is the table's."""
    from chatbot.readers.model import Builder
    b = Builder()
    b.add("heading", "二、免费托运行李额", level=2)
    b.add("paragraph", "详见表1。")
    b.add("heading", "表1 免费托运行李额", level=3)
    b.add_parts("table", ["| 舱位 | 国内 |", "| 经济舱 | 20公斤 |"], header=1)
    b.add("paragraph", "国内航线托运行李单件不得超过50公斤。")
    b.add("heading", "表2 行李箱尺寸", level=3)   # no table under it: a heading still
    b.add("paragraph", "尺寸见下。")
    ex = b.done()
    sections = split_sections(Document("行李.pdf", ex.text, "utf-8", "x", ex.blocks))
    assert [s.title for s in sections] == ["二、免费托运行李额", "表2 行李箱尺寸"]
    table = [blk for blk in sections[0].blocks if blk.kind == "table"][0]
    assert table.caption == "表1 免费托运行李额" and ex.text[table.start:].startswith("表1")
    assert sections[0].text.endswith("国内航线托运行李单件不得超过50公斤。")
