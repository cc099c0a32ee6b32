"""A question's detail that one other row of the quoted table writes and the quoted row lacks (chatbot/otherrow.py):
「莫干山房车服务站限高多少米？」 over a camp's site list whose 限高 is in the 千岛湖房车服务站 row's notes only (breaker DB,
session 55) is refused; a word the quoted row writes, the table's own words and a short form of the row's words are not
details."""
from dataclasses import replace
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.otherrow import elsewhere

SITES = ["编号：QD-01；名称：千岛湖湖畔营地前台；所属营地：千岛湖湖畔营地；地址：环湖北路188号；备注：入住登记、装备租赁",
         "编号：QD-02；名称：千岛湖房车服务站；所属营地：千岛湖湖畔营地；地址：环湖北路188号B区；备注：房车专用入口位于B区北门，限高4米",
         "编号：QD-04；名称：千岛湖钓鱼平台；所属营地：千岛湖湖畔营地；地址：东侧湖湾；备注：须自带钓具",
         "编号：MG-01；名称：莫干山竹林营地前台；所属营地：莫干山竹林营地；地址：劳岭村62号；备注：入住登记",
         "编号：MG-02；名称：莫干山房车服务站；所属营地：莫干山竹林营地；地址：劳岭村62号房车区入口；备注：车长超过9米须提前预约",
         "编号：MG-03；名称：莫干山星空观测台；所属营地：莫干山竹林营地；地址：后山平台；备注：阴雨天关闭",
         "编号：ZK-01；名称：莫干山自学考试办公室；所属营地：莫干山竹林营地；地址：镇政府二楼；备注：代办自考报名"]


def SITES_CHUNKS():
    chunks, at = [], 0
    for i, text in enumerate(SITES):
        chunks.append(Chunk(i, "营地联系表.csv", "全文", (), at, at + len(text), text, "营地联系表", "record",
                            doc="营地联系表.csv"))
        at += len(text) + 1
    return chunks


@pytest.fixture(scope="module")
def retriever():
    return SimpleNamespace(chunks=SITES_CHUNKS(), lexicon=lexicon_for(None))


@pytest.mark.parametrize("question, quoted, word", [
    ("莫干山房车服务站限高多少米？", 4, "限高"),        # 限高: the 千岛湖 station's notes only
    ("莫干山竹林营地的钓鱼平台几点开放？", 3, "钓鱼"),   # the 莫干山 front desk's row; 钓鱼平台 is 千岛湖's
    ("千岛湖房车服务站限高多少米？", 1, ""),             # the row that writes it
    ("莫干山房车服务站在哪里？", 4, ""),                 # no word of another row
    ("莫干山房车服务站的地址是什么？", 4, ""),           # 地址: a field name, the table's own word
    ("莫干山自考办在哪？", 6, ""),                       # 自考办: a short form of the row's 自学考试办公室
    ("莫干山房车服务站和钓鱼平台几点开门？", 4, ""),     # two rows asked: the quote answers one of them
])
def test_a_word_only_another_row_writes_is_a_detail_the_quoted_row_lacks(retriever, question, quoted, word):
    assert elsewhere(question, retriever.chunks[quoted], retriever) == word


def test_a_word_the_other_row_writes_with_every_word_of_the_question_is_that_rows_not_a_detail(retriever):
    """A row that writes the quoted row's words and the missing one too is the answer (rowterms.prefer_rows' business),
    and a passage that is no row, or a table of two rows, is never judged."""
    assert elsewhere("千岛湖房车服务站限高多少米？", retriever.chunks[0], retriever) == ""   # QD-02 holds 千岛湖 and 房车服务站
    prose = SimpleNamespace(chunks=[Chunk(0, "a.md", "s", (), 0, 9, "房车服务站限高4米。")], lexicon=retriever.lexicon)
    assert elsewhere("莫干山房车服务站限高多少米？", prose.chunks[0], prose) == ""
    two = SimpleNamespace(chunks=[replace(c, id=i) for i, c in enumerate(retriever.chunks[3:5])], lexicon=retriever.lexicon)
    assert elsewhere("莫干山房车服务站限高多少米？", two.chunks[1], two) == ""


@pytest.mark.parametrize("question", ["莫干山房车服务站和千岛湖钓鱼平台几点开门？", "莫干山房车服务站比钓鱼平台开门早吗？",
                                      "莫干山房车服务站、钓鱼平台分别几点开门？"])
def test_a_question_about_two_rows_is_no_detail_of_one(retriever, question):
    assert elsewhere(question, retriever.chunks[4], retriever) == ""


def test_a_rows_tail_chunk_is_read_as_its_own():
    """A CSV row longer than a chunk goes on in a chunk of its own (the same 「第5行」): its 交通指引 is the row's, so
    「…怎么自驾过去？」 over the row's first chunk is not refused for 自驾 that another row writes (the review, session 55)."""
    texts = [("编号：QD-01；名称：千岛湖前台；地址：环湖北路188号；交通指引：自驾导航“千岛湖营地”", "第2行"),
             ("编号：QD-02；名称：千岛湖房车服务站；地址：环湖北路188号B区", "第3行"),
             ("编号：MG-01；名称：莫干山前台；地址：劳岭村62号", "第4行"),
             ("交通指引：自驾导航“莫干山营地”；乘旅游专线至劳岭村站", "第4行"),
             ("编号：MG-02；名称：莫干山房车服务站；地址：劳岭村62号房车区入口", "第5行")]
    chunks, at = [], 0
    for i, (text, where) in enumerate(texts):   # the tail's context names its row, so rows_of counts it apart
        context = "\n编号：MG-01；名称：莫干山前台" if text.startswith("交通指引") else ""
        chunks.append(Chunk(i, "营地.csv", "全文", (), at, at + len(text), text, context, "record", location=where))
        at += len(text) + 1
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert elsewhere("莫干山前台怎么自驾过去？", chunks[2], box) == ""
    lone = SimpleNamespace(chunks=[replace(c, location="") for c in chunks], lexicon=box.lexicon)
    assert elsewhere("莫干山前台怎么自驾过去？", lone.chunks[2], lone) == "自驾"   # without its tail: 自驾 is QD-01's


def test_rows_on_one_page_are_rows_of_their_own():
    """A PDF table's rows share their page (「第1页」), not a row: each is read alone (the final probe, session 55:
    「星河厅有独立新娘房吗？」 was answered when every row of the page was read as the quoted row's)."""
    rows = ["| 锦澜a厅 | 3楼 | 650 | 带独立新娘房 |", "| 锦澜b厅 | 3楼 | 550 | 靠近宴会专用电梯 |",
            "| 星河厅 | 5楼 | 480 | 穹顶星空灯 |", "| 翡翠厅 | 2楼 | 260 | 落地窗，可看江景 |"]
    chunks, at = [], 0
    for i, text in enumerate(rows):
        chunks.append(Chunk(i, "宴会厅.pdf", "场地", (), at, at + len(text), text, "| 厅 | 楼层 | 面积 | 特色 |", "table",
                            location="第1页"))
        at += len(text) + 1
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert elsewhere("星河厅有独立新娘房吗？", chunks[2], box) == "新娘"


def test_a_word_inside_a_longer_word_of_another_row_is_no_detail():
    """「江苏的光伏贷最高能贷多少？」 was refused over the 江苏 row: its 能贷 (can lend) is inside 安徽's product name 绿能贷,
    which jieba cuts 绿能 | 贷 (breaker DW, session 62). The other row must write the word where its own cut has one."""
    loans = ["省份：江苏；合作银行：江苏银行；产品：光伏e贷；期限：3年、5年、8年；最高额度：8万元",
             "省份：安徽；合作银行：徽商银行；产品：绿能贷；期限：3年、5年；最高额度：6万元",
             "省份：浙江；合作银行：浙江农商联合银行；产品：光伏贷；期限：3年、5年；最高额度：10万元"]
    chunks, at = [], 0
    for i, text in enumerate(loans):
        chunks.append(Chunk(i, "贷款产品.csv", "全文", (), at, at + len(text), text, "贷款产品", "record", doc="贷款产品.csv"))
        at += len(text) + 1
    bank = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert elsewhere("江苏的光伏贷最高能贷多少？", chunks[0], bank) == ""
    assert elsewhere("江苏的绿能贷最高能贷多少？", chunks[0], bank) == "绿能"   # 安徽's product named (jieba: 绿能 | 贷)
    # a word the other row writes at the start of a longer one is still its word (淋浴 of 淋浴间; the review)
    showers = [replace(c, text=c.text.replace("限高4米", "设有淋浴间")) for c in SITES_CHUNKS()]
    camp = SimpleNamespace(chunks=showers, lexicon=lexicon_for(None))
    assert elsewhere("莫干山房车服务站有淋浴吗？", showers[4], camp) == "淋浴"
