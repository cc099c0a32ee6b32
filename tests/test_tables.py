"""The row a question picks by a table's first column (chatbot/tables.py): its key (成都), the tier holding its value
(工作4年 → 3年至5年), or the catch-all row (「杭州出差住宿标准」 over a city table whose last row is 其他城市); a question
naming nothing of the keys' kind or nothing of the table's columns keeps the ranker's passages. And the cell of a
quoted row under the column the question names."""
from types import SimpleNamespace

import numpy as np
import pytest

from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit
from chatbot.tables import first, rows_of, table_row

HEADER = "住宿标准\n| 城市 | 普通员工住宿标准（元/晚） | 伙食补助（元/天） |"
TIERS = "福利积分\n| 司龄 | 年度积分 |"
TEXTS = [("第二条 员工出差住宿费实行限额报销，各城市标准如下表：", "text", "住宿标准"),
         ("| 北京 | 600 | 100 |", "table", HEADER), ("| 上海 | 650 | 100 |", "table", HEADER),
         ("| 成都 | 400 | 60 |", "table", HEADER), ("| 其他城市 | 350 | 50 |", "table", HEADER),
         ("第三条 出差乘坐火车的，可乘坐高铁二等座。", "text", "交通"),
         ("| XR-200 | 1200元 |", "table", "价格\n| 型号 | 价格 |"), ("| XR-300 | 1500元 |", "table", "价格\n| 型号 | 价格 |"),
         ("| 其他型号 | 询价 |", "table", "价格\n| 型号 | 价格 |"),
         ("公司每年1月发放福利积分，积分按司龄确定，见下表。", "text", "福利积分"),
         ("| 不满1年 | 1000分 |", "table", TIERS), ("| 1年至3年 | 2000分 |", "table", TIERS),
         ("| 3年至5年 | 3000分 |", "table", TIERS), ("| 5年及以上 | 4000分 |", "table", TIERS),
         ("成都分公司负责西南地区差旅住宿标准的审核。", "text", "分公司")]
SOURCES = ["差旅.md"] * 6 + ["价格.md"] * 3 + ["福利.md"] * 5 + ["分公司.md"]


@pytest.fixture(scope="module")
def retriever():
    chunks, at = [], 0
    for i, (text, kind, context) in enumerate(TEXTS):
        chunks.append(Chunk(i, SOURCES[i], context.split("\n")[0], (), at, at + len(text), text, context, kind))
        at += len(text) + 1
    store = SimpleNamespace(vectors=lambda ids: np.full((len(ids), 2), 0.5, dtype=np.float32))
    common = {"员工": 0.5, "公司": 0.5}   # in most passages: a low IDF
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), index=SimpleNamespace(store=store),
                           idf=lambda: (common, 3.0))


def hits_of(retriever, ids):
    return [Hit(retriever.chunks[i], r, 1.0 / r, 0.8, 2.0) for r, i in enumerate(ids, 1)]


def test_rows_of_a_table_are_its_consecutive_rows_under_one_header(retriever):
    assert [c.id for c in rows_of(retriever.chunks, 2)] == [1, 2, 3, 4]
    assert [c.id for c in rows_of(retriever.chunks, 7)] == [6, 7, 8]   # another file's table
    assert rows_of(retriever.chunks, 0) == []


@pytest.mark.parametrize("question, top, expected", [
    ("杭州出差住宿标准", [0, 5], 4),                      # the lead-in first: the catch-all row joins before it
    ("南京的伙食补助一天多少", [5, 2, 0], 4),             # a row of the table among the top 3
    ("北京出差住宿标准", [0, 5], 1),                      # a listed key: that row, not the default
    ("成都出差住宿标准", [5, 0], 3),
    ("北京和上海的住宿标准", [0, 5], None),               # two keys: the ranker's order
    ("成都分公司的住宿标准谁审核", [14, 0], None),         # a passage above the table names 成都
    ("出差住宿标准是多少", [0, 5], None),                 # no place named
    ("杭州有什么好玩的", [0, 5], None),                   # a place, but no column of the table
    ("杭州出差住宿标准", [5, 7, 3, 0], 4),                # another table first (the price list, not about it): the
                                                          # next one's catch-all row (session 29: the search stopped)
    ("杭州出差住宿标准", [5, 7, 9, 10, 11, 0], None),     # the table not among the top 5 passages
    ("XR-500的价格", [6], 8),                             # a model code the price list lacks
    ("XR-300的价格", [6], 7),
    ("xr300价格多少", [6], 7),                            # a code typed without its hyphen is that key
    ("在公司干了4年，每年能拿到多少福利积分？", [9, 5], 12),   # the tier holding 4 years
    ("工作8年的员工年度积分有多少", [5, 10], 13),
    ("入职半年积分多少", [9], None),                      # no value the tiers read (半年)
    ("福利积分怎么发放", [9], None),                      # no value
    ("成都出差的交通补贴", [0, 5], None),                 # 交通, 补贴: nouns the table does not write (the breaker's)
    ("工作4年的员工事假扣多少工资", [9], None),
])
def test_the_row_a_question_picks_by_the_first_column_joins_the_passages(retriever, question, top, expected):
    hits = hits_of(retriever, top)
    row, out = table_row(question, np.array([0.6, 0.8], dtype=np.float32), hits, retriever)
    assert row == expected
    if expected is None:
        assert out is hits
        return
    ids = [h.chunk.id for h in out]
    assert ids.count(expected) == 1 and [h.rank for h in out] == list(range(1, len(out) + 1))
    table_at = next(n for n, h in enumerate(hits) if h.chunk.id in (0, 1, 2, 3, 6, 9, 10))
    assert ids[table_at] == expected and out[table_at].score == hits[table_at].score
    assert out[table_at].dense == pytest.approx(0.7) and out[table_at].bm25 == 0.0   # its own cosine, no BM25 match


def test_a_catch_all_row_found_lower_down_is_moved_up_not_repeated(retriever):
    hits = hits_of(retriever, [0, 5, 2, 4])
    row, out = table_row("杭州出差住宿标准", np.array([0.6, 0.8]), hits, retriever)
    assert row == 4 and [h.chunk.id for h in out] == [4, 0, 5, 2] and out[0].dense == 0.8   # its own scores kept


def test_first_puts_the_rows_runs_first():
    a, b = (SimpleNamespace(chunk=SimpleNamespace(id=i)) for i in (1, 4))
    runs = [(3.0, a, 0, 5), (2.0, b, 0, 5), (1.0, a, 6, 9)]
    assert first(4, runs) == [runs[1], runs[0], runs[2]]
    assert first(None, runs) is runs and first(1, runs) is runs and first(7, runs) is runs


COLUMNS = ("城市", "普通员工住宿标准（元/晚）", "经理及以上住宿标准（元/晚）", "伙食补助（元/天）")
ROW = "上海 | 650 | 950 | 100"


@pytest.mark.parametrize("question, expected", [
    ("上海经理住宿标准多少", "950"),                 # 经理 decides between two 住宿标准 columns
    ("上海普通员工住宿标准", "650"),
    ("上海伙食补助一天多少钱", "100"),
    ("上海住宿标准多少", ROW),                       # two columns alike: the whole row
    ("上海出差能报多少", ROW),                        # no column named
    ("城市上海的标准", ROW),                          # the key column is never the focus
])
def test_the_focus_of_a_row_is_the_cell_the_question_names_by_its_column(question, expected):
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, ROW, 100, COLUMNS, (100, 100 + len(ROW)), lexicon_for(None))
    assert ROW[s - 100:e - 100] == expected


SCORE_COLUMNS = ("项目", "计分标准", "上限")
SCORE_ROW = "学历 | 大专计10分；本科计30分；硕士研究生计60分 | 60分"


@pytest.mark.parametrize("question, expected", [
    ("本科学历积分落户能加几分", "本科计30分"),          # the clause on the asked member of the cell (session 31)
    ("硕士计分标准", "硕士研究生计60分"),
    ("学历的计分标准是什么", "大专计10分；本科计30分；硕士研究生计60分"),   # no member asked: the whole cell
    ("博士学历加几分", "大专计10分；本科计30分；硕士研究生计60分"),         # a member the cell lacks: the whole cell
])
def test_a_cell_listing_several_members_is_narrowed_to_the_asked_ones_clause(question, expected):
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, SCORE_ROW, 100, SCORE_COLUMNS, (100, 100 + len(SCORE_ROW)), lexicon_for(None))
    assert SCORE_ROW[s - 100:e - 100] == expected


def test_a_clause_is_not_narrowed_across_cells_nor_without_another_member():
    from chatbot.cells import member_clause

    row = "本科计30分 | 硕士计60分"
    assert member_clause("本科加几分", row, 0, (0, len(row))) == (0, len(row))              # a whole row: cells, not clauses
    cell = "本科计30分，满3年的另加10分"
    assert member_clause("本科加几分", cell, 0, (0, len(cell))) == (0, len(cell))          # no other member named


def test_cell_focus_keeps_the_focus_without_matching_columns():
    from chatbot.cells import cell_focus

    lexicon = lexicon_for(None)
    assert cell_focus("上海经理住宿标准多少", ROW, 0, COLUMNS[:3], (0, 2), lexicon) == (0, 2)   # 3 names, 4 cells
    assert cell_focus("上海经理住宿标准多少", ROW, 0, (), (0, 2), lexicon) == (0, 2)           # no table row
    assert cell_focus("上海经理住宿标准多少", "上海 | 650 |  | 100", 0, COLUMNS, (0, 5), lexicon) == (0, 5)   # empty cell


@pytest.mark.parametrize("question, expected", [
    ("P3优先级是怎么定义的", "个人工作受影响"),            # names the row by its key: the 定义 cell
    ("哪个优先级的定义是个人工作受影响", "P3 中 | 个人工作受影响 | 2小时"),   # asks for the key: the whole row
    ("P3工单该找谁", "P3 中 | 个人工作受影响 | 2小时"),          # a name asked, no name in the 响应时间 cell
    ("P3的响应时间多久", "2小时"),
])
def test_the_key_column_and_the_asked_kind_decide_between_cell_and_row(question, expected):
    from chatbot.cells import cell_focus

    row, columns = "P3 中 | 个人工作受影响 | 2小时", ("优先级", "定义", "响应时间（找谁请拨分机）")
    s, e = cell_focus(question, row, 0, columns, (0, len(row)), lexicon_for(None))
    assert row[s:e] == expected


@pytest.mark.parametrize("question, expected", [
    ("8000元的费用审批要几个工作日", "3个工作日"),   # 审批 names the 审批人 column, whose cell holds no days: the one cell that does
    ("8000元的费用办理时限", "3个工作日"),
    ("8000元的费用谁审批", "分管副总"),
    ("8000元的费用怎么处理", "5000元至20000元 | 分管副总 | 3个工作日"),   # no column named, no value asked: the row
])
def test_a_quantity_asked_in_a_unit_is_the_one_cell_in_that_unit(question, expected):
    from chatbot.cells import cell_focus

    row, columns = "5000元至20000元 | 分管副总 | 3个工作日", ("金额", "审批人", "办理时限")
    s, e = cell_focus(question, row, 0, columns, (0, len(row)), lexicon_for(None))
    assert row[s:e] == expected


def test_a_key_that_holds_the_questions_value_is_not_asked_for():
    """The breaker's 「工作3年有几天年假」: 工作 names the key column 累计工作年限, whose cell holds the 3 years; the 天 cell
    is bold, not the whole row."""
    from chatbot.cells import cell_focus

    row, columns = "满1年不满10年 | 5天", ("累计工作年限", "年休假天数")
    s, e = cell_focus("工作3年有几天年假", row, 0, columns, (0, len(row)), lexicon_for(None))
    assert row[s:e] == "5天"
    s, e = cell_focus("报销50元谁批", "1000元以下 | 部门经理 | 1个工作日", 0, ("金额", "审批人", "办理时限"), (0, 9),
                      lexicon_for(None))
    assert "1000元以下 | 部门经理 | 1个工作日"[s:e] == "部门经理"   # 谁 asks for a name: the one cell with one




@pytest.mark.parametrize("question, record, expected", [
    ("两门衣柜需要拆卸的话另外加多少钱？", False, "需拆卸的另加20元"),   # breaker AV: 50元 was bold
    ("两门衣柜清运多少钱？", False, "50元"),                              # no word of the 备注 cell: the price
    ("PET饮料瓶按个数卖的话一个多少钱？", True, "备注：按个数交售的每个0.03元"),   # breaker AV: 指导价 1.5 was bold
    ("团体票 预约", True, None),               # no quantity asked: the focus given stays (a looser rule lost 7 tune focuses)
])
def test_a_remark_holding_a_word_of_the_question_is_the_focus(question, record, expected):
    """cells._cell_focus (breaker AV, session 41): a question asking a quantity and naming no column but a word only the
    备注 cell holds (拆卸, 个数) asks that cell; it was the price column's. The cell must hold the quantity asked (另加20元
    for 多少钱); without such a word the price stands, and without a quantity asked nothing changes."""
    from chatbot.cells import cell_focus

    rows = {False: ("两门及以下衣柜 | 件 | 50元 | 需拆卸的另加20元", ("品类", "计价单位", "清运费", "备注")),
            True: ("品名：PET饮料瓶；回收要求：倒空、压扁；指导价（元）：1.5；计价单位：公斤；备注：按个数交售的每个0.03元"
                   if "PET" in question else "票种：团体票；适用对象：20人及以上团队；平季价：230；旺季价：270；备注：须提前3天预约", ())}
    row, columns = rows[record]
    s, e = cell_focus(question, row, 0, columns, (0, len(row)), lexicon_for(None), record)
    assert row[s:e] == (expected or row)

RECORD = "型号：XR-500；产品名称：边缘计算网关；单价（元）：12800；保修期（月）：36；交货周期（工作日）：15"


@pytest.mark.parametrize("question, expected", [
    ("XR-500多少钱", "单价（元）：12800"),      # an amount asked: the one field in 元
    ("xr-500保修期几个月", "保修期（月）：36"),
    ("XR-500交货要几个工作日", "交货周期（工作日）：15"),
    ("XR-500单价", "单价（元）：12800"),        # the field the question names
    ("XR-500是什么产品", "产品名称：边缘计算网关"),
    ("XR-500怎么样", RECORD),                 # nothing named, nothing asked: the whole record
])
def test_a_sheet_records_focus_is_the_field_the_question_asks_for(question, expected):
    """The breaker's Excel price list (session 28): a record 「型号：…；单价（元）：…」 was bold whole. The field is bold
    with its name (session 29: the name is in the record's text, and says what the value is)."""
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, RECORD, 10, (), (10, 10 + len(RECORD)), lexicon_for(None), record=True)
    assert RECORD[s - 10:e - 10] == expected


def test_a_sheets_records_are_a_tables_rows():
    from chatbot.cells import fields
    from chatbot.rowkeys import first_key as _key

    cells, names = fields(RECORD, 0)
    assert names == ("型号", "产品名称", "单价（元）", "保修期（月）", "交货周期（工作日）")
    assert [RECORD[s:e] for s, e, _ in cells] == ["XR-500", "边缘计算网关", "12800", "36", "15"]
    assert _key(RECORD) == "xr-500" and _key("| 北京 | 600 |") == "北京"
    records = [Chunk(i, "价格.xlsx", "报价", (), 0, 1, f"型号：{m}；单价（元）：{p}", "报价", "record")
               for i, (m, p) in enumerate([("XR-100", 3200), ("XR-200", 5800), ("其他型号", "面议")])]
    retriever = SimpleNamespace(chunks=records, lexicon=lexicon_for(None), idf=lambda: ({}, 3.0),
                                index=SimpleNamespace(store=SimpleNamespace(vectors=lambda ids: np.ones((len(ids), 2)))))
    assert [c.id for c in rows_of(records, 1)] == [0, 1, 2]
    row, out = table_row("XR-300报价多少", np.array([0.6, 0.8]), hits_of(retriever, [0]), retriever)
    assert row == 2 and out[0].chunk.id == 2     # the 其他型号 record: the sheet's name 报价 is its heading


def test_a_catch_all_answer_says_which_row_stands_for_what_was_asked(retriever):
    from chatbot.tables import catch_all_notice

    chunks = retriever.chunks
    assert catch_all_notice("杭州出差住宿标准", chunks[4], retriever) == "表中没有单独列出「杭州」，以下按「其他城市」一行回答。"
    assert catch_all_notice("XR-500的价格", chunks[8], retriever) == "表中没有单独列出「XR-500」，以下按「其他型号」一行回答。"
    assert catch_all_notice("北京出差住宿标准", chunks[4], retriever) == ""   # a listed key
    assert catch_all_notice("杭州出差住宿标准", chunks[1], retriever) == ""   # not the catch-all row
    assert catch_all_notice("杭州出差住宿标准", chunks[0], retriever) == ""   # no table row


def test_a_catch_all_row_is_judged_on_the_question_it_answers(retriever):
    """The unlisted code or place is replaced by the row's key for the answerability judgement (tables.stand_in)."""
    from chatbot.tables import stand_in

    chunks = retriever.chunks
    assert stand_in("XR-500的价格是多少", chunks[8], retriever) == "其他型号的价格是多少"
    assert stand_in("杭州出差住宿标准", chunks[4], retriever) == "杭州出差住宿标准"   # a place is judged as asked
    assert stand_in("XR-300的价格", chunks[8], retriever) == "XR-300的价格"    # a listed model
    assert stand_in("杭州出差住宿标准", chunks[1], retriever) == "杭州出差住宿标准"   # not the catch-all row


def test_a_question_asking_an_amount_is_about_a_sheet_with_an_amount_column():
    """「XR-300多少钱」 names no column of the price sheet (单价（元）) but asks for its kind of value (values.lacks_value):
    the catch-all record is picked (session 29: it names nothing of the header, so the sheet was not looked at)."""
    records = [Chunk(i, "价格.xlsx", "2024报价", (), 0, 1, f"型号：{m}；单价（元）：{p}", "2024报价", "record")
               for i, (m, p) in enumerate([("XR-100", 3200), ("XR-200", 5800), ("其他型号", "面议")])]
    retriever = SimpleNamespace(chunks=records, lexicon=lexicon_for(None), idf=lambda: ({}, 3.0),
                                index=SimpleNamespace(store=SimpleNamespace(vectors=lambda ids: np.ones((len(ids), 2)))))
    assert table_row("XR-300多少钱", np.array([0.6, 0.8]), hits_of(retriever, [0]), retriever)[0] == 2
    assert table_row("XR-300是什么颜色", np.array([0.6, 0.8]), hits_of(retriever, [0]), retriever)[0] is None


def test_an_english_questions_chinese_terms_name_the_column():
    """The breaker's 「What is the hotel limit for managers in Beijing?」 got the 北京 row bold whole: its CC-CEDICT terms
    (Retriever.translated: managers → 经理) name the column as a Chinese question's words do."""
    from chatbot.cells import cell_focus

    q = "What is the hotel limit for managers in Shanghai?"
    s, e = cell_focus(q, ROW, 0, COLUMNS, (0, len(ROW)), lexicon_for(None), terms=["酒店", "经理", "上海"])
    assert ROW[s:e] == "950"
    assert cell_focus(q, ROW, 0, COLUMNS, (0, len(ROW)), lexicon_for(None)) == (0, len(ROW))   # without them: the row


SHIFTS = "班次\n| 班次 | 时间 | 适用岗位 |"
PAY = "值班津贴标准\n单位：元/次\n| 科室类别 | 白班加班 | 夜班 | 24小时值班 |"
WARD = [("| 白班 | 08:00—17:00 | 门诊、病房 |", "table", SHIFTS), ("| 小夜班 | 16:00—24:00 | 病房护理 |", "table", SHIFTS),
        ("| 24小时值班 | 08:00—次日08:00 | 急诊科、ICU、产科医师 |", "table", SHIFTS),
        ("| 急诊科、ICU | 180 | 260 | 480 |", "table", PAY), ("| 产科、儿科 | 160 | 240 | 450 |", "table", PAY),
        ("| 医技科室（检验、影像、药剂） | 120 | 180 | 320 |", "table", PAY), ("| 其他科室 | 100 | 150 | 280 |", "table", PAY),
        ("| 北京、上海 | 5000元/月 |", "table", "补助\n| 进修地点 | 生活补助 |"),
        ("| 成都、武汉、南京 | 3500元/月 |", "table", "补助\n| 进修地点 | 生活补助 |"),
        ("| 其他城市 | 2500元/月 |", "table", "补助\n| 进修地点 | 生活补助 |")]


@pytest.fixture(scope="module")
def ward():
    chunks = [Chunk(i, "津贴.md" if i < 7 else "进修.md", c.split("\n")[0], (), 100 * i, 100 * i + len(t), t, c, k)
              for i, (t, k, c) in enumerate(WARD)]
    store = SimpleNamespace(vectors=lambda ids: np.full((len(ids), 2), 0.5, dtype=np.float32))
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), index=SimpleNamespace(store=store),
                           idf=lambda: ({}, 3.0))


@pytest.mark.parametrize("question, top, expected", [
    ("产科值一次24小时班能拿多少钱", [2, 4], 4),           # one name of 「产科、儿科」; the first table is not about it
    ("医技科室夜班多少钱", [5], 5),                       # the head of 「医技科室（检验、影像、药剂）」
    ("ICU夜班津贴多少", [3], 3),
    ("皮肤科白班加班多少钱", [1, 3], 6),                  # an organisational unit the table does not list: 其他科室
    ("去西安进修每月补助多少", [7], 9),                   # a city of no list: 其他城市 (keys that list cities)
    ("去武汉进修每月补助多少", [9], 8),
    ("去金华进修每月补助多少", [8], 9),                   # jieba tags 金华 nz, not ns: a city all the same
])
def test_a_key_that_lists_names_and_an_organisational_unit_pick_the_row(ward, question, top, expected):
    """Session 29's breaker: a key cell lists several names (「产科、儿科」, 「北京、上海」) or brackets them, and
    departments (产科, 皮肤科) are common nouns to jieba; the first table among the passages (the 班次 table) need not
    be the one the question is about."""
    row, _ = table_row(question, np.array([0.6, 0.8]), hits_of(ward, top), ward)
    assert row == expected


def test_a_unit_line_above_the_table_names_every_columns_unit():
    """「单位：元/次」 above the table: 多少钱 over a row of bare figures holds the value (values.lacks_value), and the
    asked column's cell is bold (cells.cell_focus)."""
    from chatbot.cells import cell_focus
    from chatbot.values import lacks_value

    row = "产科、儿科 | 160 | 240 | 450"
    assert not lacks_value("产科24小时值班多少钱", row, PAY) and lacks_value("产科24小时值班多少钱", row, SHIFTS)
    columns = ("科室类别", "白班加班", "夜班", "24小时值班")
    s, e = cell_focus("产科医生值24小时班能拿多少钱", row, 0, columns, (0, len(row)), lexicon_for(None), caption=PAY)
    assert row[s:e] == "450"


@pytest.mark.parametrize("question, expected", [
    ("花桥那趟班车早上几点走", "早班发车：06:50"),      # 早 names 早班发车 alone (a time asked: two cells hold one)
    ("花桥那趟班车晚上几点返程", "晚班返程发车：18:10"),
    ("花桥那趟班车几点", None),                          # nothing tells the two times apart: the focus kept
])
def test_of_two_cells_of_the_asked_kind_the_column_the_question_names_by_a_character_is_bold(question, expected):
    from chatbot.cells import cell_focus

    record = "线路：5号线；起点：昆山花桥地铁站；终点：澄源总部东门；早班发车：06:50；晚班返程发车：18:10；司机：周建华"
    s, e = cell_focus(question, record, 0, (), (0, len(record)), lexicon_for(None), record=True)
    assert (record[s:e] if (s, e) != (0, len(record)) else None) == expected


def test_a_second_quote_is_never_another_row_of_the_first_ones_table(ward):
    """answer.adds_answer: 「金华的住宅物业费」 was answered by the 其他城市 row and, as [2], the 宁波 row beside it."""
    from chatbot.answer import adds_answer

    rows = [SimpleNamespace(chunk=ward.chunks[i]) for i in (9, 8, 0)]
    first = (rows[0], rows[0].chunk.start, rows[0].chunk.end, rows[0].chunk.start, rows[0].chunk.end)
    assert not adds_answer("去金华进修的补助", first, (rows[1], rows[1].chunk.start, rows[1].chunk.end,
                                                        rows[1].chunk.start, rows[1].chunk.end))
    assert adds_answer("去金华进修的补助", first, (rows[2], rows[2].chunk.start, rows[2].chunk.end,
                                                    rows[2].chunk.start, rows[2].chunk.end))   # another table


PACKAGE = "序号：7；套餐名称：尊享套餐（男）；适用人群：50岁以上男性；价格（元）：3680；备注：含专家解读"
CAR = "代表车型：丰田凯美瑞；座位数：5；1-2天（元/天）：288；3-6天（元/天）：258；7-29天（元/天）：228；月租（元/30天）：5680"
TICKET = "影厅类型：IMAX厅；时段：黄金场；周一至周四：79；周五至周日：89；备注：3D影片另收眼镜押金20元，散场归还后退回"
CLINIC = "科室：内分泌科；楼层：门诊楼4楼；出诊时间：周一至周五全天；周日上午；电话：86012345转8410"


@pytest.mark.parametrize("record, question, expected", [
    # a word the cell holds names the row there (套餐 in 尊享套餐（男）), so 价格 decides (breaker H, session 33)
    (PACKAGE, "尊享套餐男价格", "价格（元）：3680"),
    (PACKAGE, "尊享套餐适用人群", "适用人群：50岁以上男性"),
    # a value with its own ；is one field still (fields: the cells matched the names no more)
    (CLINIC, "内分泌科出诊时间", "出诊时间：周一至周五全天；周日上午"),
    (CLINIC, "内分泌科电话多少", "电话：86012345转8410"),
    # a bare number under the column named (its unit in the sheet's name), not the note's 押金20元 (breaker AC, session 38)
    (TICKET, "IMAX厅黄金场周一至周四多少钱？", "周一至周四：79"),
    (TICKET, "2D普通厅黄金场周一至周四多少钱？ 那IMAX厅呢？", "周一至周四：79"),
    # a column named by a range that holds the question's value (breaker AE, session 38: 租5天 bolded 月租)
    (CAR, "丰田凯美瑞租5天，每天多少钱？", "3-6天（元/天）：258"),
    (CAR, "丰田凯美瑞租10天多少钱一天", "7-29天（元/天）：228"),
    (CAR, "丰田凯美瑞月租多少", "月租（元/30天）：5680"),
])
def test_a_records_field_is_named_by_the_question_not_by_the_rows_own_words(record, question, expected):
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, record, 100, (), (100, 100 + len(record)), lexicon_for(None), record=True)
    assert record[s - 100:e - 100] == expected


PREMIUM = "车型/座位数：家庭自用汽车 6座以下；险种：附加车身划痕损失险；保额：5000元；年保费：570元；备注：仅车龄3年以内的车辆可投保"
SEAT = "车型/座位数：家庭自用汽车 6座以下；险种：车上人员责任险（乘客）；保额：每座1万元；年保费：27元/座；备注：按核定座位数减1投保"


@pytest.mark.parametrize("record, question, focus, expected", [
    # the value the question states (保额 5000元) is its condition: the other column it names is asked (breaker J)
    (PREMIUM, "车身划痕险保额5000元的保费是多少？", None, "年保费：570元"),
    # two amounts and no column named: 多少钱 asks for the price's column (费), not the sum insured
    (SEAT, "车上人员责任险乘客每坐多少钱？", None, "年保费：27元/座"),
    # no field decided: a focus cutting fields (ending at 「年保费」, its value cut off) grows to the fields it touches
    (PREMIUM, "这个险怎么样", ("家庭自用汽车", "年保费"), "车型/座位数：家庭自用汽车 6座以下；险种：附加车身划痕损失险；保额：5000元；年保费：570元"),
])
def test_a_records_focus_skips_stated_values_and_keeps_whole_fields(record, question, focus, expected):
    from chatbot.cells import cell_focus

    at = (100 + record.index(focus[0]), 100 + record.index(focus[1]) + len(focus[1])) if focus else (100, 100 + len(record))
    s, e = cell_focus(question, record, 100, (), at, lexicon_for(None), record=True)
    assert record[s - 100:e - 100] == expected


CONTACT = ("站点：上海分公司；地址：上海市浦东新区碧波路690号5号楼8楼；HR负责人：陈佳怡；职务：HRBP；座机：021-50801234；"
           "邮箱：chenjy@hualan-tech.cn；办公时间：周一至周五 9:00-18:00")


@pytest.mark.parametrize("question, expected", [
    ("上海分公司HRBP的电话是多少？", "座机：021-50801234"),     # 电话 asked, the column is named 座机 (contacts.contact_kind)
    ("上海分公司HR的邮箱是什么", "邮箱：chenjy@hualan-tech.cn"),  # HR names HR负责人 too: only one field holds an address
    ("上海分公司HR的邮箱", "邮箱：chenjy@hualan-tech.cn"),        # HR负责人 and 邮箱 tie: the head noun, last, is asked
    ("上海分公司HR负责人是谁", "HR负责人：陈佳怡"),
])
def test_a_contact_detail_asked_is_the_field_that_writes_one(question, expected):
    """cells._cell_focus (breaker Y, session 37): 「上海分公司HRBP的电话是多少？」 over a contact list's record bolded
    站点, 地址 and HR负责人, and 「深圳分公司HR的邮箱」 the same: 电话 names no column, and HR named HR负责人 as much as 邮箱."""
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, CONTACT, 100, (), (100, 130), lexicon_for(None), record=True)
    assert CONTACT[s - 100:e - 100] == expected


def test_of_columns_the_question_names_alike_the_one_named_by_a_word_not_in_the_tables_heading_is_bold():
    """cells._cell_focus (breaker L, session 34): 「豪华双床房续住的话清洁时限是多少？」 over a table under 「二、清洁时限」
    named 住客房（续住） by 续住 and 主管查房时限 by 时限 alike, and 8分钟 was bold. 时限 is the heading's word (the table's
    topic): of columns named alike, the one named by a word the heading lacks decides."""
    from chatbot.cells import cell_focus

    row, caption = "豪华双床房 | 45分钟 | 22分钟 | 8分钟", "二、清洁时限\n| 房型 | 走客房（退房后） | 住客房（续住） | 主管查房时限 |"
    columns = ("房型", "走客房（退房后）", "住客房（续住）", "主管查房时限")
    s, e = cell_focus("豪华双床房续住的话清洁时限是多少？", row, 0, columns, (0, len(row)), lexicon_for(None), caption=caption)
    assert row[s:e] == "22分钟"
    s, e = cell_focus("豪华双床房主管查房时限是多少？", row, 0, columns, (0, len(row)), lexicon_for(None), caption=caption)
    assert row[s:e] == "8分钟"   # no tie: as before


SHOP_COLUMNS = ("城市", "营业厅名称", "地址", "营业时间")
SHOP_ROW = "杭州 | 杭州萧山人民路营业厅 | 萧山区人民路256号 | 8:30-17:30"


@pytest.mark.parametrize("question, expected", [
    ("杭州有哪些营业厅？", "杭州萧山人民路营业厅"),      # what a 哪些 question lists: the cell naming it (breaker R)
    ("杭州哪些营业厅晚上还开门", "杭州萧山人民路营业厅"),
    ("杭州萧山人民路营业厅几点开门", "8:30-17:30"),     # no list asked: the column its words name, as before
])
def test_a_list_asked_of_a_tables_rows_bolds_the_cell_naming_each(question, expected):
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, SHOP_ROW, 100, SHOP_COLUMNS, (100, 100 + len(SHOP_ROW)), lexicon_for(None))
    assert SHOP_ROW[s - 100:e - 100] == expected


PARKING = ("编号：P09；停车场名称：体育中心停车场；所在区：高新区；收费类别：三类区域公共停车场；泊位数：1500；其中充电泊位：40；"
           "开放时间：24小时")


@pytest.mark.parametrize("question, expected", [
    # 泊位 names 泊位数 and 其中充电泊位 alike: the one whose name adds least the question lacks (充电 is not asked), not
    # 停车场名称, whose pairs 停车 / 车场 are its own cell's: the row's name
    ("体育中心停车场有多少个泊位？", "泊位数：1500"),
    # 哪些 lists the column named 停车场, not the 收费类别 cell that holds 公共停车场 on every row
    ("高新区有哪些公共停车场？", "停车场名称：体育中心停车场"),
])
def test_a_records_asked_field_over_names_alike_and_a_list_over_a_category(question, expected):
    """cells._cell_focus and _listed (breaker AQ, session 40): both bolded five fields from 停车场名称 to 泊位数."""
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, PARKING, 0, (), (0, 10), lexicon_for(None), record=True)
    assert PARKING[s:e] == expected


def test_a_price_asked_of_a_row_with_its_parts_and_their_total_is_the_total():
    """cells._cell_focus (breaker AS, session 41): 「A5小保养多少钱？」 over 工时费 / 材料费 / 合计（元） bolded the 车型 and
    保养项目 fields: three money fields, two named 费. The one column named as a total (合计, 总计, 总价) is the price."""
    from chatbot.cells import cell_focus

    row = "车型：远航A5 2.0T；保养项目：小保养；工时费（元）：150；材料费（元）：468；合计（元）：618"
    s, e = cell_focus("A5小保养多少钱？", row, 0, (), (0, len(row)), lexicon_for(None), True)
    assert row[s:e] == "合计（元）：618"


@pytest.mark.parametrize("question, record, expected", [
    ("美本那个冲藤校的套餐多少钱呀？", "套餐名称：美国本科藤校冲刺套餐；申请层次：本科；可申请院校数：12所；服务费（元）：128000；"
     "早鸟价（元）：115200", "服务费（元）：128000"),                       # two prices, none named: the first (breaker BG)
    ("德国 硕士 套餐 价格", "国家/地区：德国；套餐名称：德国公立大学硕士套餐；申请层次：硕士；可申请院校数：8所；服务费（元）：30000",
     "服务费（元）：30000"),                                                # 价格 names no column (breaker BG)
    ("带状疱疹那个疫苗贵不贵，一针多少", "序号：16；疫苗名称：重组带状疱疹疫苗；生产企业：葛兰素史克；全程剂次：2剂；"
     "单价（元/剂）：1598", "单价（元/剂）：1598"),                          # 贵 asks a price (breaker BD)
    ("A5小保养多少钱？", "车型：远航A5 2.0T；保养项目：小保养；工时费（元）：150；材料费（元）：468；合计（元）：618",
     "合计（元）：618"),                                                    # the total still
    ("贵宾厅在哪里", "序号：3；服务项目：贵宾厅；位置：T2三层；价格（元）：380", "位置：T2三层"),   # a place asked, 贵 of 贵宾厅:
    # no price, the place (session 43)
])
def test_a_price_asked_of_a_record_naming_no_column_is_its_first_price(question, record, expected):
    """cells._cell_focus (breakers BD, BG, session 42): a price asked without naming a column (「多少钱呀」 over 服务费 and
    早鸟价, 「价格」 over 单价, 「贵不贵，一针多少」) bolded the record's first fields, 套餐名称 or 序号. The first price column
    (its name holds 费 or 价, its cell a number) is the focus; a total (合计) still wins."""
    from chatbot.cells import cell_focus

    s, e = cell_focus(question, record, 0, (), (0, record.index("；", 20)), lexicon_for(None), True)
    assert record[s:e] == (expected or record[:record.index("；", 20)])


def test_a_named_column_saying_there_is_none_is_the_focus():
    """cells._cell_focus (breaker BF, session 42): 「别墅没电梯每层加多少钱？」 names the column 无电梯每层加价, whose cell says
    不适用; it held no amount, so the 3980 of 基础价格（元，电梯房） was bold. A named column's cell saying there is none
    (不适用, 无, 免费, 不限) answers the question."""
    from chatbot.cells import cell_focus

    row = ("序号：10；户型/服务类型：别墅（300平方米以内）；标准搬运工人数：8；基础价格（元，电梯房）：3980；"
           "无电梯每层加价（元/层）：不适用；含里程（公里）：30")
    s, e = cell_focus("别墅没电梯每层加多少钱？", row, 0, (), (0, len(row)), lexicon_for(None), True)
    assert row[s:e] == "无电梯每层加价（元/层）：不适用"
    row = row.replace("不适用", "200")
    s, e = cell_focus("别墅没电梯每层加多少钱？", row, 0, (), (0, len(row)), lexicon_for(None), True)
    assert row[s:e] == "无电梯每层加价（元/层）：200"


def test_a_code_inside_a_rows_key_names_that_row():
    """tables.named_in (breaker AS, session 41): 「A5小保养多少钱？」 was answered from the row 「通用（A3/A5/S7）」 (its key lists
    A5 as a name) and not the rows 「远航A5 2.0T」, whose key names A5 inside a longer cell. A code inside a key names it."""
    from chatbot.tables import named_in

    assert named_in("远航A5 2.0T", "A5小保养多少钱？") == ["a5"]
    assert named_in("通用（A3/A5/S7）", "A5小保养多少钱？") == ["a5"]
    assert named_in("远航S7 2.0T", "A5小保养多少钱？") == []


def test_a_dash_cell_is_no_focus():
    """cells._cell_focus (breaker AZ, session 41): 「特种行业用水多少钱一立方米？」 bolded 「用水量范围：—」, a dash placeholder
    standing for no value; the price field holds one."""
    from chatbot.cells import cell_focus

    row = "用户类别：特种行业用水；用水量范围：—；综合水价（元/立方米）：10.2；备注：洗车、洗浴"
    s, e = cell_focus("特种行业用水多少钱一立方米？", row, 0, (), (0, len(row)), lexicon_for(None), True)
    assert row[s:e] == "综合水价（元/立方米）：10.2"


@pytest.mark.parametrize("question, expected", [
    ("成都 IT 服务台在哪里？", "办公地点：成都办公室（高新区天府三街 288 号）8楼"),
    ("IT服务台成都那个在什么地方", "办公地点：成都办公室（高新区天府三街 288 号）8楼"),
    ("成都 IT 服务台的联系人是谁？", "联系人：唐果"),        # another kind asked: its own field
])
def test_a_place_asked_of_a_record_naming_no_column_is_its_place_field(question, expected):
    """cells._cell_focus (breaker BO, session 43): 「成都 IT 服务台在哪里？」 bolded the record's first fields (工具或服务,
    用途): 在哪里 names no column, and only numbers, names and contacts were looked for by kind. A place asked is the one
    field named 地点, 地址, 位置…."""
    from chatbot.cells import cell_focus

    record = ("工具或服务：IT 服务台(成都)；用途：电脑领取、维修；负责团队：IT 服务部；联系人：唐果；分机：8002；"
              "办公地点：成都办公室（高新区天府三街 288 号）8楼；服务时间：工作日 09:00-18:00")
    s, e = cell_focus(question, record, 0, (), (0, record.index("；", 20)), lexicon_for(None), True)
    assert record[s:e] == expected


def test_a_column_numbering_the_rows_names_none():
    """rowkeys.row_keys, tables._pick (breaker CG, session 48): 「农业排灌1—10千伏的电度电价是多少？」 named the record
    「序号：10；…细分：一般农业；电压等级：不满1千伏」 by its key 10 (in 1—10千伏), and its price was quoted; a first column
    numbering the rows (1, 2, 3…) names none, the cell after it does."""
    from chatbot.rowkeys import row_keys

    rows = [Chunk(i, "电价.xlsx", "电价表", (), 0, 1, f"序号：{n}；细分：{k}；电压等级：{v}；电度电价：{p}", "电价表", "record")
            for i, (n, k, v, p) in enumerate([(10, "一般农业", "不满1千伏", "0.4850"), (11, "一般农业", "1—10千伏", "0.4750"),
                                              (12, "农业排灌", "不满1千伏", "0.3950"), (13, "农业排灌", "1—10千伏", "0.3850")])]
    assert row_keys(rows) == ["一般农业", "一般农业", "农业排灌", "农业排灌"]
    assert row_keys(rows[:1]) == ["10"] and row_keys([rows[1], rows[0]]) == ["11", "10"]   # one row, or not in order
    retriever = SimpleNamespace(chunks=rows, lexicon=lexicon_for(None), idf=lambda: ({}, 3.0),
                                index=SimpleNamespace(store=SimpleNamespace(vectors=lambda ids: np.ones((len(ids), 2)))))
    row, _ = table_row("农业排灌1—10千伏的电度电价是多少？", np.array([0.6, 0.8]), hits_of(retriever, [3, 2, 1, 0]), retriever)
    assert row != 0
    # … and a name another row holds too names none (breaker BP: 「东院区在哪里办理入院手续？」 got the record of
    # 「发热门诊（东院区）」 beside a 院区 column of 东院区 / 西院区)
    points = [Chunk(i, "服务点.csv", "全文", (), 0, 1, f"序号：{i + 1}；服务点名称：{n}；院区：{c}；电话：{p}", "全文", "record")
              for i, (n, c, p) in enumerate([("发热门诊（东院区）", "东院区", "1"), ("采血中心", "东院区", "2"),
                                             ("住院处", "西院区", "3"), ("体检中心（西院区）", "西院区", "4")])]
    retriever = SimpleNamespace(chunks=points, lexicon=lexicon_for(None), idf=lambda: ({}, 3.0),
                                index=SimpleNamespace(store=SimpleNamespace(vectors=lambda ids: np.ones((len(ids), 2)))))
    assert table_row("东院区在哪里办理入院手续？", np.array([0.6, 0.8]), hits_of(retriever, [1, 0]), retriever)[0] is None
    assert table_row("采血中心的电话是多少？", np.array([0.6, 0.8]), hits_of(retriever, [0, 1]), retriever)[0] == 1


def test_a_passage_stating_the_tier_with_a_word_the_table_lacks_is_an_exception_not_the_row():
    """「旺季开航前5个小时退票，手续费是多少？」: the table's 2–24 hour row holds 5 hours, but the top passage states that
    same tier for 旺季, a word of the question the table never writes (breaker CK, session 49); without 旺季, or for a
    value the exception does not hold (30 hours), the table's row."""
    head = "退票\n| 距开航时间 | 退票手续费 |"
    texts = [("旅客自愿退票的，按距开航时间收取退票手续费，标准如下：", "text", "退票"),
             ("| 开航前48小时（含）以上 | 票面金额的5% |", "table", head),
             ("| 开航前24小时（含）至48小时 | 票面金额的10% |", "table", head),
             ("| 开航前2小时（含）至24小时 | 票面金额的20% |", "table", head),
             ("| 开航前2小时以内 | 票面金额的50% |", "table", head),
             ("旺季期间，开航前2小时（含）至24小时退票的，手续费为票面金额的30%，其他时段仍按上表执行。", "text", "退票")]
    chunks = [Chunk(i, "退票.md", c.split("\n")[0], (), 80 * i, 80 * i + len(t), t, c, k) for i, (t, k, c) in enumerate(texts)]
    store = SimpleNamespace(vectors=lambda ids: np.full((len(ids), 2), 0.5, dtype=np.float32))
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None), index=SimpleNamespace(store=store),
                          idf=lambda: ({}, 3.0))
    vec = np.array([0.6, 0.8], dtype=np.float32)
    assert table_row("旺季开航前5个小时退票，手续费是多少？", vec, hits_of(box, [5, 0, 1]), box)[0] is None
    assert table_row("开航前5个小时退票，手续费是多少？", vec, hits_of(box, [5, 0, 1]), box)[0] == 3
    assert table_row("旺季开航前30个小时退票，手续费是多少？", vec, hits_of(box, [5, 0, 1]), box)[0] == 2
    # a word of the question the exception also writes that names no case (需要: a verb), or a figure (15), is none
    texts[5] = ("团体旅客需要改签的，开航前2小时（含）至24小时退票的，手续费为票面金额的15%。", "text", "退票")
    chunks[5] = Chunk(5, "退票.md", "退票", (), 400, 400 + len(texts[5][0]), texts[5][0], "退票", "text")
    assert table_row("开航前15个小时退票需要交多少手续费？", vec, hits_of(box, [5, 0, 1]), box)[0] == 3


def test_a_duration_asked_bolds_the_column_holding_one_though_its_cell_repeats_the_word():
    """「多久检验一次」: 检验 names both 检验周期 and 安全技术检验费（元）, and the 检验周期 cell 「每2年上线检验1次」 repeats it (a word
    a cell holds names the row there); the one holding a duration is asked (breaker CJ, session 49: 180 was bold)."""
    from chatbot.cells import cell_focus

    record = ("序号：11；车辆类型：轻型、微型载货汽车；使用性质：非营运；车龄：10年以内；检验周期：每2年上线检验1次；"
              "安全技术检验费（元）：180；尾气检测费（元）：100")
    lexicon = lexicon_for(None)
    for question, expected in (("非营运的轻型载货汽车多久检验一次？", "检验周期：每2年上线检验1次"),
                               ("轻型载货汽车检验费多少钱？", "安全技术检验费（元）：180")):
        s, e = cell_focus(question, record, 0, (), (0, len(record)), lexicon, True, [], "")
        assert record[s:e] == expected, question
