"""A row whose asked cell says no does not answer 「去哪…」 (chatbot/closed.py): 「平时上班没空，周末能去哪办社保卡啊？」
quoted the one outlet closed at weekends (breaker EC, session 64)."""
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.closed import closed, open_row
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit

OUTLETS = ["网点编号：YH03；网点名称：建设银行西江支行；工作日服务时间：周一至周五9:00-17:00；周末服务时间：周六、周日休息；即时制卡：否",
           "网点编号：YH01；网点名称：农商银行总行营业部；工作日服务时间：周一至周五8:30-17:00；周末服务时间：周六、周日9:00-16:00；即时制卡：是",
           "网点编号：ZW03；网点名称：南港区便民服务中心；工作日服务时间：周一至周五8:30-17:00；周末服务时间：周六9:00-12:00；周日休息；即时制卡：否"]


def outlets():
    chunks, at = [], 0
    for i, text in enumerate(OUTLETS):
        chunks.append(Chunk(i, "网点.csv", "全文", (), at, at + len(text), text, "网点一览", "record"))
        at += len(text) + 1
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), translated=lambda q: [])


def runs_on(retriever, ids):
    """A run on each chunk's 周末服务时间 field, best first."""
    out = []
    for n, i in enumerate(ids):
        c = retriever.chunks[i]
        a = c.text.index("周末服务时间")
        out.append((10.0 - n, Hit(c, n + 1, 1.0, 0.8, 2.0), c.start + a, c.start + c.text.index("；即时")))
    return out


def test_a_closed_cell_gives_way_to_an_open_row_of_its_table():
    retriever = outlets()
    runs = runs_on(retriever, [0, 1, 2])
    got = open_row("平时上班没空，周末能去哪办社保卡啊？", runs, retriever)
    first = got[0][1].chunk
    assert first.id == 1 and first.text[got[0][2] - first.start:got[0][3] - first.start] == "周末服务时间：周六、周日9:00-16:00"
    assert got[1:] == runs   # the ranker's runs follow, in order


@pytest.mark.parametrize("question, ids", [
    ("周末哪里不能办社保卡", [0, 1, 2]),          # asks for the closed ones
    ("哪些网点周末能办社保卡", [0, 1, 2]),         # a list: tablelists.with_rows
    ("周末能去哪办社保卡", [1, 0, 2]),             # the first row is open already
    ("西江支行周末几点开门", [0, 1, 2]),           # no 哪: a row's own cell, 休息 is its answer
    ("周末能去哪办社保卡", [0]),                   # no other row among the runs
    ("建设银行西江支行周末哪天能去办？", [0, 1, 2]),   # names the first row (the review: it was replaced by another)
])
def test_other_questions_and_open_rows_keep_the_order(question, ids):
    retriever = outlets()
    runs = runs_on(retriever, ids)
    assert open_row(question, runs, retriever) is runs


def test_a_follow_up_keeps_the_row_its_earlier_question_names():
    """The review: 「周末哪天能去？」 after 「建设银行西江支行在哪里？」 quoted another outlet's row, with no notice."""
    retriever = outlets()
    runs = runs_on(retriever, [0, 1, 2])
    assert open_row("周末哪天能去？", runs, retriever, context="建设银行西江支行在哪里？ 周末哪天能去？") is runs


@pytest.mark.parametrize("cell, no", [
    ("周六、周日休息", True), ("不提供", True), ("否", True), ("暂停办理", True),
    ("暂不提供，预计2025年第四季度开通", True),   # a refusal with a date after it (the review)
    ("周六9:00-12:00；周日休息", False), ("是", False), ("提供，范围为滨江区全域", False),
    ("设有休息区、母婴室", False), ("周六：正常营业；周日：休息", False), ("工作日全天，节假日休息", False),
    ("不提供发票，支持微信支付", False),   # says yes too
])
def test_a_cell_says_no_without_hours_and_with_a_word_of_closing(cell, no):
    assert closed(cell) is no
