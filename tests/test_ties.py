"""A question naming no row of a table whose rows answer it differently gets those rows (chatbot/ties.py): 「服务中心几点
下班？」 over a list of service centres quoted one centre's hours as if they were every centre's (breaker DW, session 62)."""
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit
from chatbot.cells import cell_focus
from chatbot.tablerows import focus_caption, table_rows
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


PROVINCES = ["名称：杭州服务中心；省份：浙江；电话：0571-88675210；地址：杭州市西湖区文三路 90 号",
             "名称：宁波服务中心；省份：浙江；电话：0574-87352618；地址：宁波市鄞州区天童南路 588 号",
             "名称：温州服务中心；省份：浙江；电话：0577-88961234；地址：温州市鹿城区车站大道 77 号",
             "名称：合肥服务中心；省份：安徽；电话：0551-65318820；地址：合肥市蜀山区长江西路 189 号",
             "名称：阜阳服务中心；省份：安徽；电话：0558-2276405；地址：阜阳市颍州区颍州中路 12 号（近浙江商城）"]


def test_a_word_that_narrows_the_rows_lists_the_rows_it_names():
    """「浙江的服务中心电话是多少？」 names three centres by their 省份, not one: those three are listed, and no 安徽 row
    (session 63's notes: a word that narrows to some rows left the answer to one of them)."""
    retriever = box(PROVINCES)
    got, notice, tied = tied_rows("浙江的服务中心电话是多少？", picks(retriever, [1]), retriever)
    assert [p[0].chunk.id for p in got] == [1, 2, 0] and tied == {1, 2}
    assert "“浙江”" in notice and "电话" in notice and "3 行" in notice and "共 5 行" in notice
    assert quoted(retriever, got)[1:] == ["电话：0577-88961234", "电话：0571-88675210"]


def test_a_word_in_another_column_of_a_row_does_not_add_that_row():
    """阜阳's 地址 writes 浙江商城: 浙江 names the rows whose 省份 is 浙江, as the first row's does, not 阜阳's."""
    retriever = box(PROVINCES)
    got, notice, _ = tied_rows("浙江的服务中心地址在哪", picks(retriever, [0]), retriever)
    assert [p[0].chunk.id for p in got] == [0, 1, 2] and "地址" in notice
    got, notice, _ = tied_rows("安徽的服务中心地址在哪", picks(retriever, [3]), retriever)
    assert [p[0].chunk.id for p in got] == [3, 4] and "“安徽”" in notice


@pytest.mark.parametrize("question, first", [
    ("浙江的服务中心电话是多少？", 3),  # the first row is not one the word names: the ranker's row is left alone
    ("温州服务中心电话是多少？", 2),    # one row named
    ("浙江商城附近的服务中心电话", 4),  # 浙江商城 is one row's
])
def test_a_word_that_names_no_set_of_rows_leaves_the_answer_alone(question, first):
    retriever = box(PROVINCES)
    picked = picks(retriever, [first])
    assert tied_rows(question, picked, retriever) == (picked, "", set())


def long_rows():
    """Three stores whose CSV rows each go on in a second chunk (its context names the row, as readers.model.record_key
    writes it), then two staff rows: breaker DX's store list (session 63), cut short."""
    parts = [("编号：QT01；名称：观前店；类型：门店；营业时间：每日10:00-22:00；地址：观前街168号", ""),
             ("停车：观前街地下停车场（自费）；备注：旗舰店", "编号：QT01；名称：观前店"),
             ("编号：QT02；名称：园区店；类型：门店；地址：星湖街328号邻瑞广场1楼", ""),
             ("营业时间：周一至周五9:30-21:00；停车：消费满200元免费停车2小时", "编号：QT02；名称：园区店"),
             ("编号：QT03；名称：新区店；类型：门店；营业时间：每日10:00-21:00；地址：狮山路88号", ""),
             ("停车：金鹰购物中心停车场首小时免费", "编号：QT03；名称：新区店"),
             ("编号：QT01-S；名称：观前店售后专员；类型：联系人；营业时间：每日10:00-20:00；停车：—", ""),
             ("编号：QT02-S；名称：园区店顾问；类型：联系人；营业时间：周二至周日9:30-18:00；停车：—", "")]
    chunks, at = [], 0
    for i, (text, name) in enumerate(parts):
        chunks.append(Chunk(i, "门店信息.csv", "全文", (), at, at + len(text), text,
                            "门店信息" + (f"\n{name}" if name else ""), "record"))
        at += len(text) + 1
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), translated=lambda q: [])


def test_long_rows_are_read_whole():
    """「门店几点关门？」 over store rows too long for one chunk got one store (session 63's notes: tables.rows_of ended
    the table at the long row). The stores are the rows 门店 names (类型：门店), each quoted where its 营业时间 is."""
    retriever = long_rows()
    got, notice, tied = tied_rows("门店几点关门？", picks(retriever, [0]), retriever)
    assert [p[0].chunk.id for p in got] == [0, 3, 4] and tied == {1, 2}
    assert quoted(retriever, got)[1:] == ["营业时间：周一至周五9:30-21:00", "营业时间：每日10:00-21:00"]
    assert "“门店”" in notice and "共 5 行" in notice
    got, _, _ = tied_rows("门店几点关门？", picks(retriever, [3]), retriever)   # the first quote a later chunk
    assert [p[0].chunk.id for p in got] == [3, 4, 0]
    assert tied_rows("园区店几点关门？", picks(retriever, [3]), retriever)[1] == ""   # names its row (in the first chunk)


def test_a_long_records_later_chunk_is_focused_on_the_field_asked():
    """The focus of a long record's later chunk read its first field as the row's key, so 「园区店几点关门？」 quoting
    「营业时间：周一至周五9:30-21:00；停车：…」 bolded both fields; the row's name line is its key (tablerows.focus_caption)."""
    retriever = long_rows()
    c = retriever.chunks[3]
    column = asked_column("门店几点关门？", c, table_rows(retriever.chunks, 3), retriever)
    assert column == (0, "营业时间")
    fs, fe = cell_focus("园区店几点关门？", c.text, c.start, (), (c.start, c.end), retriever.lexicon, True, [],
                        focus_caption(retriever.chunks, c))
    assert c.text[fs - c.start:fe - c.start] == "营业时间：周一至周五9:30-21:00"
    assert focus_caption(retriever.chunks, retriever.chunks[2]) == ""   # a row's first chunk: its own key


MUSEUMS = ["名称：市博物馆；闭馆日：周一；开放时间：9:00-17:00", "名称：美术馆；闭馆日：周一；开放时间：9:30-17:30",
           "名称：科技馆；闭馆日：周二；开放时间：9:00-16:30", "名称：自然馆；闭馆日：周二；开放时间：10:00-18:00",
           "名称：档案馆；闭馆日：周三；开放时间：8:30-17:00"]
OUTLETS = ["网点名称：建设银行西江支行；网点类型：银行网点；电话：0737-83567533",
           "网点名称：农商银行营业部；网点类型：银行网点；电话：0737-82186688",
           "网点名称：市民中心大厅；网点类型：政务大厅；电话：0737-82612333",
           "网点名称：南港便民服务中心；网点类型：政务大厅；电话：0737-84731109"]


def test_a_day_names_no_category_of_rows():
    """The review: 「周一几点开门？」 listed the two museums closed on Monday, narrowed by their 闭馆日 周一."""
    retriever = box(MUSEUMS, source="场馆.csv")
    picked = picks(retriever, [0])
    assert tied_rows("周一几点开门？", picked, retriever) == (picked, "", set())


def test_a_category_is_found_in_whichever_column_its_rows_share():
    """The review: 银行 is in 网点名称 (建设银行西江支行) before 网点类型 (银行网点): the names differ, the type is one."""
    retriever = box(OUTLETS, source="网点.csv")
    got, notice, _ = tied_rows("银行网点的电话是多少？", picks(retriever, [0]), retriever)
    assert [p[0].chunk.id for p in got] == [0, 1]
    assert "“银行网点”" in notice or "“银行”" in notice
    got, _, _ = tied_rows("政务大厅的电话是多少？", picks(retriever, [2]), retriever)   # 大厅 is one row's name too:
    assert [p[0].chunk.id for p in got] == [2, 3]                                      # the column of more rows


def test_the_notice_writes_the_word_as_the_question_does():
    """The review: 「B区取送要钱吗？」 gave 「表中写有“b”的各行…」, the folded word; a letter alone narrows nothing."""
    rows = ["名称：一号点；片区：XQ东区；费用：10元", "名称：二号点；片区：XQ东区；费用：15元", "名称：三号点；片区：C区；费用：20元"]
    retriever = box(rows, source="取送点.csv")
    got, notice, _ = tied_rows("XQ东区取送要多少钱？", picks(retriever, [0]), retriever)
    assert [p[0].chunk.id for p in got] == [0, 1] and "“XQ”" in notice
    rows = [r.replace("XQ东区", "B区") for r in rows]
    retriever = box(rows, source="取送点.csv")
    picked = picks(retriever, [0])
    assert tied_rows("B区取送要多少钱？", picked, retriever) == (picked, "", set())


def test_a_question_writing_a_rows_name_whole_names_that_row():
    """The tune probe (session 64): 「城东校区的地址在哪里？」 listed 城东校区 and 城东校区学员服务中心, whose 所属校区 is
    城东校区: the question writes the first row's 名称 whole (tables.names_row reads its 编号 only)."""
    rows = ["编号：JZ01；名称：湖滨校区；所属校区：湖滨校区；地址：湖滨路88号", "编号：JZ02；名称：城东校区；所属校区：城东校区；地址：建设大道215号",
            "编号：JZ08；名称：城东校区学员服务中心；所属校区：城东校区；地址：城东校区教学楼1楼", "编号：JZ09；名称：湖滨校区教务处；所属校区：湖滨校区；地址：行政楼2楼"]
    retriever = box(rows, source="校区.csv")
    picked = picks(retriever, [1])
    assert tied_rows("城东校区的地址在哪里？", picked, retriever) == (picked, "", set())
    assert tied_rows("城东那边的地址在哪里？", picked, retriever)[1]   # 城东 alone: the rows of 所属校区 城东校区
