"""A question naming no row of a table whose rows answer it differently gets those rows (chatbot/ties.py): 「服务中心几点
下班？」 over a list of service centres quoted one centre's hours as if they were every centre's (breaker DW, session 62)."""
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit
from chatbot.ties import asked_column, tied_rows

CENTRES = ["编号：ZJ01；城市：杭州；服务中心：杭州服务中心；联系电话：0571-88675210；营业时间：周一至周日 9:00-18:00",
           "编号：ZJ02；城市：宁波；服务中心：宁波服务中心；联系电话：0574-87352618；营业时间：周一至周六 8:30-17:30",
           "编号：AH01；城市：合肥；服务中心：合肥服务中心；联系电话：0551-65318820；营业时间：周一至周六 8:30-17:30",
           "编号：AH03；城市：阜阳；服务中心：阜阳服务中心；联系电话：0558-2276405；营业时间：周一至周五 8:30-17:00"]
SAME = ["| 大床房 | 388元 | 14:00 |", "| 双床房 | 428元 | 14:00 |", "| 家庭房 | 568元 | 14:00 |"]


def box(texts, kind="record", head="服务中心列表", source="服务中心列表.csv"):
    chunks, at = [], 0
    for i, text in enumerate(texts):
        chunks.append(Chunk(i, source, "全文", (), at, at + len(text), text, head, kind))
        at += len(text) + 1
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), translated=lambda q: [])


def picks(retriever, ids):
    return [(Hit(retriever.chunks[i], n + 1, 1.0, 0.8, 2.0), retriever.chunks[i].start, retriever.chunks[i].end,
             retriever.chunks[i].start, retriever.chunks[i].end) for n, i in enumerate(ids)]


def quoted(retriever, picked):
    """Each picked quote's focus text."""
    return [p[0].chunk.text[p[3] - p[0].chunk.start:p[4] - p[0].chunk.start] for p in picked]


def test_a_question_naming_no_row_gets_every_row_and_a_notice():
    retriever = box(CENTRES)
    got, notice, tied = tied_rows("服务中心几点下班？", picks(retriever, [1]), retriever)
    assert [p[0].chunk.id for p in got] == [1, 2, 3, 0] and tied == {1, 2, 3}   # the first, then the table's order
    assert quoted(retriever, got)[1:] == ["营业时间：周一至周六 8:30-17:30", "营业时间：周一至周五 8:30-17:00",
                                          "营业时间：周一至周日 9:00-18:00"]
    assert "营业时间" in notice and "4 行" in notice
    got, notice, _ = tied_rows("服务中心的联系电话是多少", picks(retriever, [3]), retriever)
    assert len(got) == 4 and "联系电话" in notice


@pytest.mark.parametrize("question", [
    "合肥服务中心几点下班？",          # names its row
    "宁波的服务中心几点下班",          # names the first row (its 城市)
    "温州服务中心几点下班？",          # a place the table lacks: a near miss, not a tie
    "哪些服务中心周日营业？",          # a list: tablelists.with_rows's
    "服务中心怎么样",                  # no cell asked
    "周一至周五 8:30-17:00营业的是哪个服务中心",   # its words pick a row
    "哪个服务中心下班最晚？",          # asks which row (the review)
    "服务中心分布在什么城市",          # asks the key column: which rows
])
def test_a_question_that_names_a_row_or_asks_no_cell_is_left_alone(question):
    retriever = box(CENTRES)
    picked = picks(retriever, [1])
    assert tied_rows(question, picked, retriever) == (picked, "", set())


def test_rows_that_agree_on_the_asked_cell_are_no_tie():
    retriever = box(SAME, kind="table", head="房价\n| 房型 | 门市价 | 入住时间 |", source="房价.md")
    picked = picks(retriever, [0])
    assert asked_column("几点可以入住", retriever.chunks[1], retriever.chunks, retriever) == (2, "入住时间")
    assert tied_rows("几点可以入住", picked, retriever) == (picked, "", set())   # 14:00 in every row
    got, notice, _ = tied_rows("门市价多少钱", picked, retriever)
    assert [p[0].chunk.id for p in got] == [0, 1, 2] and "门市价" in notice
    assert quoted(retriever, got)[1:] == ["428元", "568元"]   # each added row's asked cell in bold


def test_a_long_table_lists_the_rows_with_another_value_first():
    texts = [f"编号：{i:02d}；门店：第{'一二三四五六七八九'[i]}分店；电话：0571-8800{i:04d}；营业时间：9:00-21:00" for i in range(9)]
    texts[7] = texts[7].replace("9:00-21:00", "10:00-22:00")
    retriever = box(texts, source="门店.csv")
    got, notice, _ = tied_rows("门店几点关门", picks(retriever, [0]), retriever)
    assert [p[0].chunk.id for p in got] == [0, 1, 2, 3, 4, 7]   # six quotes; 第八分店's later hours among them
    assert "共 9 行" in notice and len({quoted(retriever, [p])[0][:4] for p in got[1:]}) == 1   # one column bold


def test_the_other_quotes_are_kept_after_the_rows():
    retriever = box(CENTRES + ["各服务中心节假日营业时间另行通知。"])
    retriever.chunks[4] = Chunk(4, "说明.md", "说明", (), 900, 917, retriever.chunks[4].text, "说明", "text")
    picked = picks(retriever, [1, 4])
    got, _, tied = tied_rows("服务中心几点下班？", picked, retriever)
    assert [p[0].chunk.id for p in got] == [1, 2, 3, 0, 4] and tied == {1, 2, 3}


def test_a_follow_up_names_its_row_by_the_questions_before_it():
    """The tune probe (session 63): 「电话多少？」 after 「城中供电营业厅在哪里？」 listed every office's number. The follow-up's
    earlier questions (bot.ask's joined query) name its row."""
    retriever = box(CENTRES)
    picked = picks(retriever, [2])
    assert tied_rows("电话是多少？", picked, retriever, context="合肥服务中心在哪里？ 电话是多少？") == (picked, "", set())
    assert tied_rows("电话是多少？", picked, retriever)[1]   # asked alone: every centre's
