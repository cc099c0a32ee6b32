import re

import pytest

from chatbot.chunks import chunk_section, chunk_sections, clauses, pack
from chatbot.documents import Document, load_corpus
from chatbot.sections import split_sections
from chatbot.settings import Settings

from conftest import SEED


def seed_chunks(**kw):
    d = Document(SEED.name, SEED.read_text(encoding="utf-8"), "utf-8", "x")
    sections = split_sections(d)
    return d, sections, chunk_sections(sections, {d.source: d.text}, **kw)


@pytest.mark.parametrize("cap, overlap", [(Settings.chunk_max, Settings.chunk_overlap), (120, 0)])
def test_offsets_round_trip_and_lengths(cap, overlap):
    d, _, chunks = seed_chunks(chunk_max=cap, overlap=overlap)
    assert [c.id for c in chunks] == list(range(len(chunks)))
    for c in chunks:
        assert d.text[c.start:c.end] == c.text
        assert len(c.text) <= 1.25 * cap  # the cap, or 1.25 × cap where a short tail joined its neighbour
    lengths = [len(c.text) for c in chunks]
    assert cap / 2 <= sum(lengths) / len(lengths) <= cap


def test_chunking_defaults_are_the_settings():
    d, sections, chunks = seed_chunks()
    assert chunks == seed_chunks(chunk_max=Settings.chunk_max, chunk_min=Settings.chunk_min,
                                 overlap=Settings.chunk_overlap)[2]
    assert (Settings.chunk_max, Settings.chunk_min, Settings.chunk_overlap) == (200, 40, 60)


def test_chunks_rebuild_their_section():
    d, sections, chunks = seed_chunks()
    for s in sections:
        mine = [c for c in chunks if c.section == s.title]
        gaps = [d.text[a.end:b.start] for a, b in zip(mine, mine[1:])]
        assert all(not g.strip() or re.fullmatch(r"\s*\|?-[-|\s]*\|\s*|\s*\|[^\n]*\|\s*", g) for g in gaps), gaps
        assert mine[0].start >= s.start and mine[-1].end == s.end


def test_table_rows_carry_title_and_header():
    _, _, chunks = seed_chunks()
    rows = [c for c in chunks if c.text.startswith("|")]
    assert len(rows) == 7
    assert rows[0].text == "| 技术驱动 | AI、大数据、云计算、区块链深化应用,数字化能力成核心竞争力 |"
    assert rows[0].context == "互联网金融行业发展趋势核心要点总结\n| 趋势维度 | 核心表现 |"


def test_faq_question_stays_with_its_answer():
    _, _, chunks = seed_chunks(chunk_max=120, overlap=0)  # small chunks: an answer spans several
    faq = [c for c in chunks if c.section == "相关问答FAQs"]
    assert faq[0].text.startswith("Q1:互联网金融行业未来的发展机遇主要在哪里?\nA1:")
    later = [c for c in faq if not c.text.startswith("Q")]
    assert later and all("Q1:" in c.context or "Q2:" in c.context for c in later)
    assert any(c.text.startswith("四是技术伦理风险") and "Q2:互联网金融行业面临的主要挑战有哪些?" in c.context for c in later)


def test_long_sentences_split_at_clause_marks_and_hard_cut():
    d = Document("a.txt", "甲" * 50 + "," + "乙" * 50 + "," + "丙" * 300 + "。", "utf-8", "x")
    (section,) = split_sections(d)
    chunks = chunk_section(section, d.text, chunk_max=120, chunk_min=10)
    assert [len(c.text) for c in chunks] == [102, 120, 120, 61]
    assert "".join(c.text for c in chunks) == d.text


def test_clauses_split_both_widths():
    text = "一是技术,二是市场，三是监管;四是人才；最后:总结：甲、乙、丙。"
    assert [text[s:e] for s, e in clauses(text)] == ["一是技术,", "二是市场，", "三是监管;", "四是人才；", "最后:", "总结：",
                                                     "甲、乙、丙。"]


@pytest.mark.parametrize("text", ["一", "😀", "只有一句话没有标点" * 30, "表头\n| a | b |\n|---|---|\n| 1 | 2 |"])
def test_edge_cases_round_trip(text):
    d = Document("a.txt", text, "utf-8", "x")
    for c in chunk_sections(split_sections(d), {"a.txt": text}):
        assert text[c.start:c.end] == c.text and c.text.strip()


def test_fixture_corpus_chunks(corpus):
    docs, _ = load_corpus(corpus)
    sections = [s for d in docs for s in split_sections(d)]
    chunks = chunk_sections(sections, {d.source: d.text for d in docs})
    assert [(c.section, c.text[:6]) for c in chunks] == [
        ("营业时间", "网点周一至周"), ("联系方式", "客服热线是9"),
        ("导语", "本手册介绍某"), ("存款业务", "银行提供活期"), ("贷款业务", "个人住房贷款"),
        ("业务一览", "| 信用卡 "), ("业务一览", "| 理财 |"), ("常见问题", "Q1:忘记密")]
    assert chunks[0].path == ("营业指南", "营业时间") and chunks[0].context == "营业指南 › 营业时间"


def test_overlap_repeats_the_previous_chunks_last_sentence():
    pieces = [(0, 50), (50, 100), (100, 130), (130, 200), (200, 260)]
    assert pack(pieces, 120, 10) == [(0, 100), (100, 200), (200, 260)]
    with_overlap = pack(pieces, 120, 10, overlap=80)
    assert with_overlap == [(0, 100), (50, 130), (100, 200), (200, 260)]
    assert all(e - s <= 120 for s, e in with_overlap)


def test_a_long_records_later_chunks_say_whose_record_they_are(tmp_path):
    """chunks.chunk_section (breaker BM, session 43): a CSV row of 13 columns (~280 characters) became two chunks, the
    second without the office's name, so 「高新区婚姻登记处的主管单位是哪个？」 could not reach its 主管单位. A record's
    later chunk has its first field (its key) in its context; a short record's chunk is unchanged."""
    (tmp_path / "网点.csv").write_text(
        "网点名称,地址,办理范围,停车,备注,主管单位\n"
        "高新区婚姻登记处,高新区创新大道9号行政服务中心二楼," + "结婚登记、离婚登记、补领婚姻登记证，" * 4
        + ",行政服务中心地下停车场，前2小时免费,设照相室；周六上午号源40对,高新区社会事务局\n"
        "鼓楼区婚姻登记处,鼓楼区中山路1号,结婚登记,无,无,鼓楼区民政局\n", encoding="utf-8")
    docs, _ = load_corpus(tmp_path)
    chunks = chunk_sections([s for d in docs for s in split_sections(d)], {d.source: d.text for d in docs}, chunk_max=120)
    tail = [c for c in chunks if "高新区社会事务局" in c.text]
    assert tail and not tail[0].text.startswith("网点名称") and "网点名称：高新区婚姻登记处" in tail[0].context
    short = [c for c in chunks if "鼓楼区民政局" in c.text]
    assert short and short[0].text.startswith("网点名称：鼓楼区婚姻登记处") and "网点名称" not in short[0].context


def test_no_clause_of_a_question_sentence_is_quotable():
    """chunks.quotable (breaker CE, session 47): an FAQ's <dt> 「装修公司没有资质，只是个人施工队，可以吗？」 had its first
    two clauses quoted as the answer to 「没有正规公司资质的散户师傅能接我家的活吗？」, before its <dd>."""
    from chatbot.chunks import Chunk, quotable

    text = "装修公司没有资质，只是个人施工队，可以吗？\n可以，但须提供身份证复印件。为什么？因为规定如此，请遵守。"
    got = [text[s:e] for s, e in quotable(Chunk(0, "a.html", "FAQ", (), 0, len(text), text, "", "faq"))]
    assert got == ["可以，", "但须提供身份证复印件。", "因为规定如此，", "请遵守。"]
    # … nor of a long list's item (breaker DI, session 58: 「航班延误到凌晨，还能坐巴士进城吗？」 was quoted as an answer)
    items = ["1. 问：机场巴士可以刷乘车码吗？答：可以，车上支持微信、支付宝扫码，江澜通公交卡享95折。",
             "2. 问：航班延误到凌晨，还能坐巴士进城吗？答：可乘坐夜间线N1，该线随航班到达发车，在航班大面积延误时延长运营。",
             "3. 问：巴士车票可以改签吗？答：同一线路当日车票可在开车前30分钟以上免费改签一次。",
             "4. 问：巴士站台有无障碍设施吗？答：T1、T2巴士站台均设有无障碍坡道，需使用的乘客请提前向站台工作人员说明。"]
    text = "\n".join(items)
    got = [text[s:e] for s, e in quotable(Chunk(0, "a.md", "常见问题", (), 0, len(text), text, "", "list"))]
    assert not any("吗" in g for g in got) and "可乘坐夜间线N1，" in got and "江澜通公交卡享95折。" in got


def test_a_records_later_chunk_names_it_by_its_name_field_not_its_code():
    """A 键：值 record too long for one chunk: its later chunks carry the fields up to the name (站点编号 is a code), so a
    question about the station's bus routes finds the tail (breakers CX and CY, session 53)."""
    from chatbot.readers.model import Block, record_key
    from chatbot.sections import Section

    assert record_key("站点编号：AX06；站点名称：南湖检测站；电话：0736-1") == "站点编号：AX06；站点名称：南湖检测站"
    assert record_key("站点名称：南湖检测站；电话：0736-1") == "站点名称：南湖检测站"
    assert record_key("门店编号：HZ02；城市：杭州；门店名称：东站店；电话：1") == "门店编号：HZ02；城市：杭州；门店名称：东站店"
    assert record_key("门店编号：HZ02；城市：杭州；区：上城；地址：天城路；门店名称：东站店") == "门店编号：HZ02；城市：杭州"
    assert record_key("code：A1；phone：1") == "code：A1"   # no value in Han characters: the first field
    line = "站点编号：AX06；站点名称：南湖检测站；" + "；".join(f"备注{i}：停车场车位{i}0个，高峰期建议从辅路进站" for i in range(12))
    text = line + "\n"
    section = Section("站点.csv", "全文", ("全文",), "text", 0, len(text), text, (Block("record", 0, len(line), parts=((0, len(line)),)),))
    chunks = chunk_section(section, text, chunk_max=120, chunk_min=20)
    assert len(chunks) > 1
    assert all("南湖检测站" in c.context or "南湖检测站" in c.text for c in chunks)


def test_an_item_with_sub_items_of_its_own_is_no_lead_in_for_the_items_after_it():
    """outline.lead (breaker DI, session 58): a Markdown list 「- 出租车：」 (its own sub-items under it), then 「- 网约车：」: the
    chunk of 网约车 carried 「- 出租车：」 in its context as if the list's lead-in; a real lead-in still leads."""
    from chatbot.outline import lead

    text = "- 出租车：\n  - T1：6号门上客点\n  - 起步价12元\n- 网约车：\n  - T1：P2停车场南侧"
    lines = [(0, 6), (7, 19), (20, 29), (30, 36), (37, 51)]
    assert [text[a:b].strip() for a, b in lines][0] == "- 出租车：" and lead(text, lines) == ""
    listed = "办理时须带齐以下材料：\n- 身份证原件\n- 户口簿"
    assert lead(listed, [(0, 11), (12, 19), (20, 25)]) == "办理时须带齐以下材料："
    same_level = "- 需携带以下材料：\n- 身份证原件\n- 户口簿"   # a marked lead over items of its own level
    assert lead(same_level, [(0, 10), (11, 18), (19, 24)]) == "- 需携带以下材料："
    marked = "1. 出租车：\n（1）T1：6号门上客点\n2. 网约车：\n（1）T1：P2停车场南侧"   # nested by its marks (the review)
    assert lead(marked, [(0, 7), (8, 20), (21, 28), (29, 43)]) == ""
    from chatbot.chunks import chunk_section
    from chatbot.documents import Document
    from chatbot.readers import read
    from chatbot.sections import split_sections

    md = ("## 七、出租车与网约车\n\n- 出租车：\n  - T1航站楼：1楼到达大厅外6号门出租车上客点\n  - 计价标准：起步价12元（3公里），超过3公里后每公里2.6元\n"
          "- 网约车：\n  - T1航站楼网约车上客点位于P2地面停车场南侧\n  - 网约车在上客点免费等候10分钟\n")
    ex = read(md.encode(), ".md")
    doc = Document("a.md", ex.text, "utf-8", "x", ex.blocks, ex.places)
    chunks = [c for s in split_sections(doc) for c in chunk_section(s, doc.text, chunk_max=80)]
    later = next(c for c in chunks if c.text.startswith("- 网约车"))
    assert "- 出租车" not in later.context, later.context
