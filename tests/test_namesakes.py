"""A row named exactly before its namesakes (chatbot/namesakes.py): a store's list holds the store and rows whose name
holds the store's (its staff) or that name it in another column (its collection points), and 「新区店的地址在哪里？」 quoted
the staff row's 「地址：新区店收银台」 (breaker DX, session 63), 「新区狮山店的地址」 a collection point's (breaker DZ)."""
from types import SimpleNamespace

import pytest

from chatbot.answertype import answer_type
from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.namesakes import prefer_exact
from chatbot.retrieve import Hit
from chatbot.rowkeys import key_columns

STAFF = ["编号：QT01；名称：观前店；类型：门店；地址：观前街1号", "编号：QT02；名称：园区店；类型：门店；地址：星湖街328号",
         "编号：QT03；名称：新区店；类型：门店；地址：狮山路88号", "编号：QT01-S；名称：观前店售后专员；类型：联系人；地址：观前店收银台",
         "编号：QT03-S；名称：新区店售后专员；类型：联系人；地址：新区店收银台"]
POINTS = ["编号：JY01；类型：门店；名称：观前旗舰店；所属门店：—；地址：观前街168号",
          "编号：JY03；类型：门店；名称：新区狮山店；所属门店：—；地址：狮山路88号",
          "编号：JY01-D1；类型：代收点；名称：平江路代收点；所属门店：观前旗舰店；地址：平江路210号",
          "编号：JY03-D1；类型：代收点；名称：何山路代收点；所属门店：新区狮山店；地址：何山路350号",
          "编号：JY03-D2；类型：代收点；名称：科技城代收点；所属门店：新区狮山店；地址：科灵路78号"]

ROOMS = ["编号：R1；名称：大床房；价格：388元", "编号：R2；名称：大床房（含早）；价格：438元", "编号：R3；名称：双床房；价格：408元"]
HAIR = ["编号：H1；名称：理发；价格：38元", "编号：H2；名称：男士理发；价格：48元", "编号：H3；名称：儿童理发；价格：28元"]
COURTS = ["场馆：羽毛球馆；时段：工作日晚间；价格：80", "场馆：乒乓球馆；时段：工作日；价格：25", "场馆：羽毛球馆；时段：周末；价格：100"]
PEOPLE = ["工号：E01；姓名：张伟；直属上级：王总", "工号：E02；姓名：李娜；直属上级：张伟", "工号：E03；姓名：赵磊；直属上级：王总"]


def box(texts):
    chunks = [Chunk(i, "门店.csv", "全文", (), 80 * i, 80 * i + len(t), t, "", "record") for i, t in enumerate(texts)]
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


def runs(retriever, ids):
    return [(50.0 - n, Hit(retriever.chunks[i], n + 1, 1.0, 0.8, 2.0), retriever.chunks[i].start, retriever.chunks[i].end)
            for n, i in enumerate(ids)]


@pytest.mark.parametrize("texts, question, ids, first", [
    (STAFF, "新区店的地址在哪里？", [4, 2], 2),             # the staff row's name holds 新区店: the store's row first
    (STAFF, "新区店的地址在哪里？", [4], 2),                # … a run on the whole row when none is on it
    (STAFF, "新区店售后专员的电话是多少？", [4, 2], 4),     # the question names the staff row itself
    (STAFF, "观前店售后专员在哪", [3, 0], 3),
    (POINTS, "新区狮山店的地址在哪里？", [3, 1], 1),         # 所属门店 names it; 名称 is the store's own
    (POINTS, "新区狮山店的代收点在哪？", [3, 1], 3),         # the first row holds 代收点, which the store's row lacks
    (POINTS, "何山路代收点的电话", [3, 1], 3),
    # the review: a longer name adding a word the question writes, a modifier before the name, a relation asked
    (STAFF, "新区店售后的电话是多少？", [4, 2], 4),
    (ROOMS, "带早餐的大床房多少钱？", [1, 0], 1),
    (HAIR, "男生理发多少钱", [1, 0], 1),
    (PEOPLE, "向张伟汇报的是谁？", [1, 0], 1),
    # the probe: a word of a later key column (工作日 of 工作日晚间), and a row lacking the first's 羽毛球馆, move nothing
    (COURTS, "工作日下午四点到六点打两个小时羽毛球，场地费一共多少？", [0, 1], 0),
])
def test_the_row_named_exactly_is_quoted_first(texts, question, ids, first):
    retriever = box(texts)
    assert prefer_exact(question, runs(retriever, ids), retriever)[0][1].chunk.id == first


def test_codes_with_a_sub_code_are_no_key():
    """rowkeys._CODE: QT03-S and JY01-D1 are codes, so the 名称 column behind them is a key column."""
    assert key_columns(box(STAFF).chunks).start == 1 and key_columns(box(POINTS).chunks).start == 1


def test_a_unit_inside_a_word_of_the_question_is_no_unit():
    """answertype._in_word (breaker DX, session 63): 「金卡会员可以绑定多少家属？」 asked a number of 家 and was refused over
    「可绑定2名家属」; after 个 the noun is counted in a measure word (「2名」) or its unit (「36座」)."""
    assert answer_type("金卡会员可以绑定多少家属？") == "number"
    assert answer_type("有几家门店") == answer_type("多少家门店") == "number:家"
    assert answer_type("积分按多少折算成现金？") == "number" and answer_type("金卡打几折") == "number:折"
    assert answer_type("一共多少人次") == "number:人" and answer_type("要多少分钟") == "number:分钟"
    assert answer_type("多少天后可以退款") == "number:天" and answer_type("服务了多少家小微企业?") == "number:家"   # 天后, 家小
    from chatbot.answertype import has_type
    assert has_type(answer_type("金卡能绑定几个家属？"), "可绑定2名家属")
    assert not has_type(answer_type("贵宾室有多少个座位？"), "开放时间05:30至23:00")
