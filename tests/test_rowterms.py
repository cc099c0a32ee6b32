"""The rows a question names by the words of a table's key columns (chatbot/rowterms.py): a quoted row lacking one is
another row (the row holding them is quoted first), and when no row holds them all the table does not answer (a near
miss: 「涂装工的安全鞋」 where the sheet lists 安全鞋 for the 装配工 only)."""
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.retrieve import Hit
from chatbot.rowterms import key_terms, lacking, prefer_rows
from chatbot.tablelists import with_rows

SHEET = "发放标准"
RECORDS = ["岗位：焊接工；用品名称：阻燃工作服；发放周期：每12个月；数量：2套",
           "岗位：焊接工；用品名称：焊接皮手套；发放周期：每月；数量：2副",
           "岗位：装配工；用品名称：安全鞋（防砸）；发放周期：每12个月；数量：1双",
           "岗位：涂装工；用品名称：防毒口罩；发放周期：每月；数量：4个",
           "岗位：质检员；用品名称：防护眼镜；发放周期：每6个月；数量：1副"]
TABLE = "网点\n| 城市 | 网点名称 | 电话 |"
ROWS = ["| 北京 | 北京朝阳营业部 | 010-1 |", "| 北京 | 北京海淀理赔服务中心 | 010-2 |", "| 广州 | 广州天河理赔服务中心 | 020-3 |"]
TWO = "班次\n| 班次 | 津贴 |"


@pytest.fixture(scope="module")
def retriever():
    texts = ([(t, "record", SHEET, "劳保用品.xlsx") for t in RECORDS] + [("劳保用品每年盘点一次。", "text", "说明", "劳保用品.xlsx")]
             + [(t, "table", TABLE, "网点.md") for t in ROWS]
             + [("| 白班 | 20元 |", "table", TWO, "班次.md"), ("| 夜班 | 40元 |", "table", TWO, "班次.md")])
    chunks, at = [], 0
    for i, (text, kind, context, source) in enumerate(texts):
        chunks.append(Chunk(i, source, context.split("\n")[0], (), at, at + len(text), text, context, kind))
        at += len(text) + 1
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


def table_box(texts, head, source="表.md", section="表", step=50, kind="table"):
    """(the chunks of `texts`, each a row of `kind` under `head` (a passage of kind "text" where `kind` names none for it:
    a list of kinds), a retriever stand-in holding them)."""
    kinds = kind if isinstance(kind, list) else [kind] * len(texts)
    chunks = [Chunk(i, source, section, (), step * i, step * i + len(t), t, head if k != "text" else section, k)
              for i, (t, k) in enumerate(zip(texts, kinds))]
    return chunks, SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


def runs_of(retriever, ids):
    return [(1.0 - n / 10, Hit(retriever.chunks[i], n + 1, 1.0, 0.8, 2.0), retriever.chunks[i].start,
             retriever.chunks[i].end) for n, i in enumerate(ids)]


@pytest.mark.parametrize("question, quoted, lacks, holding", [
    ("涂装工的安全鞋多久发一次", 2, True, []),            # 涂装工 and 安全鞋: no record holds both
    ("质检员的手套怎么发放", 4, True, []),                # 手套 of 焊接皮手套's column, not the 质检员 record's
    ("焊接工的焊接皮手套多久发一次", 0, True, [1]),       # the 焊接工 record of another item: record 1 holds both
    ("装配工的安全鞋多久发一次", 2, False, []),           # the record asked about
    ("安全鞋多久发一次", 2, False, []),
    ("焊接工的劳保用品有哪些", 0, False, []),             # 劳保用品: the file's name, no key word
    ("北京朝阳营业部的电话", 7, True, [6]),               # the 海淀 row of 北京 holds one of 北京, 朝阳, 营业部
    ("广州天河营业部电话多少", 8, False, []),             # the row holding most: 营业部 is no 理赔服务中心 (left)
    ("北京海淀的电话", 7, False, []),
    ("夜班津贴多少", 9, False, []),                       # a two-row table: left alone
])
def test_a_row_lacking_a_key_word_of_the_question(retriever, question, quoted, lacks, holding):
    got, rows = lacking(question, retriever.chunks[quoted], retriever)
    assert got is lacks and [r.id for r in rows] == holding


def test_words_of_one_column_are_alternatives_and_the_topic_is_no_key(retriever):
    rows = retriever.chunks[0:5]
    terms = key_terms("正式员工的焊接工和装配工发什么", rows, retriever.lexicon.tokenizer())
    assert terms == {0: {"焊接工", "装配工"}}
    assert lacking("焊接工和装配工的安全鞋", retriever.chunks[2], retriever) == (False, [])
    assert lacking("正式员工的安全鞋多久发", retriever.chunks[2], retriever) == (False, [])   # 正式员工 is in no cell
    assert lacking("焊接工和装配工的安全鞋", retriever.chunks[0], retriever)[1] == [retriever.chunks[2]]
    assert lacking("劳保用品多久盘点", retriever.chunks[5], retriever) == (False, [])   # prose: no row


def test_a_word_anywhere_in_the_quoted_row_counts_and_a_table_of_prose_is_left_alone():
    """The quoted row holds a key word in any cell (「季卡能冻结几次」 over the 季卡 row whose 条款内容 says 冻结, not the
    冻结办理 row); a CSV of terms, one column of prose, names its rows by titles, not keys (breaker F's gym)."""
    terms = ["条款编号：3；条款名称：季卡；条款内容：售价999元，自激活之日起90日内有效，有效期内可冻结1次，冻结期最长30天，期满自动恢复。",
             "条款编号：9；条款名称：退卡规定；条款内容：会员自购卡之日起7日内且未激活的，可申请全额退款；已激活的按剩余天数折算后退还。",
             "条款编号：11；条款名称：冻结办理；条款内容：会员因出差、伤病需暂停使用的，可在前台或小程序申请冻结，须提前一天办理。"]
    chunks = [Chunk(i, "条款.csv", "全文", (), 100 * i, 100 * i + len(t), t, "全文", "record") for i, t in enumerate(terms)]
    assert lacking("季卡能冻结几次", chunks[0], SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))) == (False, [])
    sheet = ["岗位：焊接工；用品名称：阻燃工作服；备注：冬季加发冻结防护套", "岗位：装配工；用品名称：冻结柜", "岗位：质检员；用品名称：防护眼镜"]
    rows = [Chunk(i, "劳保.xlsx", "标准", (), 100 * i, 100 * i + len(t), t, "标准", "record") for i, t in enumerate(sheet)]
    r = SimpleNamespace(chunks=rows, lexicon=lexicon_for(None))
    assert lacking("焊接工的冻结要求", rows[0], r) == (False, [])        # 冻结 in its 备注: held all the same
    assert lacking("质检员的冻结要求", rows[2], r) == (True, [])         # held by the 冻结柜 row only, which is no 质检员's


def test_a_row_whose_key_cell_names_another_member_does_not_hold_the_one_it_mentions():
    """A tier's row that writes the tier below it in another cell (「保养项目：中保养；主要内容：小保养+空调滤芯」) is the 中保养
    row, not the 小保养 one: a word that is some row's whole key cell counts in the quoted row's own key cell of that
    column only (breaker AS, session 60: 「A3做个小保养得多少钱」 quoted the 中保养 row's 676元)."""
    sheet = ["车型：远航A3；保养项目：小保养；主要内容：更换机油及机油滤清器；合计（元）：478",
             "车型：远航A3；保养项目：中保养；主要内容：小保养+空调滤芯+空气滤清器；合计（元）：676",
             "车型：远航A3；保养项目：大保养；主要内容：中保养+火花塞+刹车油；合计（元）：1270"]
    rows = [Chunk(i, "保养.xlsx", "价格", (), 100 * i, 100 * i + len(t), t, "价格", "record") for i, t in enumerate(sheet)]
    r = SimpleNamespace(chunks=rows, lexicon=lexicon_for(None))
    assert lacking("A3做个小保养多少钱", rows[1], r) == (True, [rows[0]])
    assert lacking("A3做个小保养多少钱", rows[0], r) == (False, [])
    assert lacking("A3中保养多少钱", rows[2], r) == (True, [rows[1]])
    assert lacking("中保养包括空调滤芯吗", rows[1], r) == (False, [])
    # a row whose key cell names no sibling, or a question asking which row, still holds the word in any cell (the review)
    for texts, question, quoted in [
            (["岗位：部门经理；职级：M1；汇报对象：总经理", "岗位：主管；职级：P3；汇报对象：部门经理",
              "岗位：专员；职级：P2；汇报对象：主管", "岗位：实习生；职级：P1；汇报对象：专员"], "哪个岗位向部门经理汇报", 1),
            (["课程：高等数学；学分：5；先修课程：无", "课程：线性代数；学分：3；先修课程：高等数学",
              "课程：离散数学；学分：3；先修课程：高等数学"], "哪些课程需要先修高等数学", 2)]:
        chunks = [Chunk(i, "表.xlsx", "表", (), 100 * i, 100 * i + len(t), t, "表", "record") for i, t in enumerate(texts)]
        assert lacking(question, chunks[quoted], SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))) == (False, [])


def test_the_row_holding_the_key_words_is_quoted_first(retriever):
    runs = runs_of(retriever, [0, 5, 1])
    assert [r[1].chunk.id for r in prefer_rows("焊接工的焊接皮手套多久发一次", runs, retriever)] == [1, 0, 5]
    assert prefer_rows("焊接工的阻燃工作服多久发一次", runs, retriever) is runs   # the best run holds them
    assert prefer_rows("涂装工的安全鞋多久发一次", runs_of(retriever, [2, 3]), retriever)[0][1].chunk.id == 2   # none does
    # no run on the one row holding them: a run on that whole row, the best run's score and hit otherwise
    got = prefer_rows("北京朝阳营业部的电话", runs_of(retriever, [7, 5]), retriever)
    row = retriever.chunks[6]
    assert [r[1].chunk.id for r in got] == [6, 7, 5] and got[0][2:] == (row.start, row.end) and got[0][0] == got[1][0]


def test_a_letter_glued_to_a_word_names_its_row_and_a_whole_cell_names_its_own_column():
    """rowterms.key_terms (breaker M, session 34): 冷冻库B and 冷冻库A were one word (冷冻库, the letter dropped), so
    「冷冻库B的冰淇淋温度」 quoted the 冷冻库A row; 白班, a whole cell of 班次, also sat inside 常白班 of 班制, so
    「三班倒的白班几点上班」 took the 两班倒 row for holding 白班 in both. Both are near misses now."""
    sheet = ["库区：冷冻库A；货品类别：冰淇淋；温度范围：-22℃以下", "库区：冷冻库B；货品类别：速冻肉类；温度范围：-18℃以下",
             "库区：冷藏库；货品类别：乳制品；温度范围：2-6℃"]
    shifts = ["| 两班倒 | 白班 | 08:00 |", "| 两班倒 | 夜班 | 20:00 |", "| 三班倒 | 早班 | 06:00 |", "| 三班倒 | 夜班 | 22:00 |",
              "| 常白班 | 行政班 | 09:00 |"]
    for texts, kind, question, quoted in [(sheet, "record", "冷冻库B的冰淇淋温度要求是多少？", 0),
                                          (shifts, "table", "三班倒的白班几点上班？", 0)]:
        context = "班次\n| 班制 | 班次 | 上班时间 |" if kind == "table" else "标准"
        chunks = [Chunk(i, "表.md", "s", (), 100 * i, 100 * i + len(t), t, context, kind) for i, t in enumerate(texts)]
        r = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
        assert lacking(question, chunks[quoted], r) == (True, []), question
    chunks = [Chunk(i, "表.md", "s", (), 100 * i, 100 * i + len(t), t, "标准", "record") for i, t in enumerate(sheet)]
    r = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert lacking("冷冻库B的速冻肉类能放多久", chunks[1], r) == (False, [])   # its own row


WARRANTY = "保修期\n| 品类 | 整机保修 | 主要部件 |"
WARRANTY_ROWS = ["| 空调 | 6年 | 压缩机 |", "| 电热水器 | 3年 | 内胆 |", "| 洗衣机 | 3年 | 电机 |", "| 计算机学院 | 1年 | 无 |"]
CATCH = "费用\n| 项目 | 收费 |"
CATCH_ROWS = ["| 空调移机 | 200元 |", "| 冰箱移机 | 100元 |", "| 其他项目 | 面议 |"]


@pytest.fixture(scope="module")
def tables():
    texts = [(t, WARRANTY) for t in WARRANTY_ROWS] + [(t, CATCH) for t in CATCH_ROWS]
    chunks, at = [], 0
    for i, (text, context) in enumerate(texts):
        chunks.append(Chunk(i, "表.md", context.split("\n")[0], (), at, at + len(text), text, context, "table"))
        at += len(text) + 1
    return SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


@pytest.mark.parametrize("question, quoted, lacks", [
    ("燃气热水器保修几年", 1, True),       # 燃气热水器: a sibling of 电热水器 no row lists (breaker Q)
    ("法学院的保修期", 3, True),           # 法学院 beside 计算机学院 (breaker O's faculties)
    ("电热水器保修几年", 1, False),        # the row asked about
    ("热水器保修几年", 1, False),          # inside the cell: no other modifier
    ("家用电热水器保修几年", 1, False),    # holds the cell whole
    ("空调保修几年", 0, False),
    ("洗碗机移机多少钱", 3 + 1, False),    # a table with a catch-all row (其他项目): tables.table_row answers from it
    ("下学期的计算机学院保修几年", 3, False),   # 下学期: a relative modifier, no sibling
    ("坐洗衣机去哪", 2, False),             # a verb is no modifier of a name
])
def test_a_sibling_no_row_lists_is_named_by_another_modifier(tables, question, quoted, lacks):
    assert lacking(question, tables.chunks[quoted], tables)[0] is lacks


def test_a_list_asked_of_a_table_quotes_every_row_it_names(retriever):
    """tablelists.with_rows (breaker Q, session 35): 「北京有哪些网点」 quoted one of the two 北京 rows. A 哪些 question gets,
    after the first, every row of the table holding as many of its key words, in the table's order."""
    def picks(ids):
        return [(run[1], run[2], run[3], run[2], run[3]) for run in runs_of(retriever, ids)]
    got = with_rows("北京有哪些网点", picks([7, 0]), retriever)
    assert [p[0].chunk.id for p in got] == [7, 6, 0]                  # the other 北京 row after the first, then the rest
    assert with_rows("北京朝阳营业部的电话", picks([7]), retriever) == picks([7])   # no list asked
    assert with_rows("广州有哪些网点", picks([8]), retriever) == picks([8])        # one row names it
    assert with_rows("北京有哪些网点", picks([8]), retriever) == picks([8])        # the first is no row it names


def test_a_short_form_names_the_one_key_cell_it_shortens():
    """rowterms.shortens, key_terms (breaker O, session 35): 「经管院的教学秘书」 named no key cell as written, so the 医学院
    row was quoted. A word whose characters stand in one key cell's order, first and last its own, names that cell."""
    from chatbot.rowterms import shortens
    assert shortens("经管院", "经济管理学院") and shortens("计科院", "计算机科学与技术学院")
    assert not shortens("外院", "外国语学院") and not shortens("管院", "经济管理学院") and not shortens("经院", "经济管理学院")
    rows = [Chunk(i, "院系.csv", "院系", (), i * 40, i * 40 + len(t), t, "院系\n| 学院 | 教学秘书 |", "table")
            for i, t in enumerate(["| 计算机科学与技术学院 | 王丽娜 |", "| 经济管理学院 | 陈晓东 |", "| 医学院 | 李雪梅 |"])]
    assert key_terms("经管院的教学秘书是谁", rows, lexicon_for(None).tokenizer()) == {0: {"经济管理学院"}}


def test_a_short_form_names_the_one_phrase_it_shortens_by_its_words_first_characters():
    """key_terms with shortforms.phrases (breaker CD, session 47): 「海州市自考办的咨询电话是多少？」 quoted the 海州市西湖区自考服务点
    record over 海州市自学考试办公室's: 自考办 (自学|考试|办公室) is in no cell, and the service point's holds 自考."""
    rows = [Chunk(i, "通讯录.csv", "通讯录", (), i * 40, i * 40 + len(t), t, "通讯录\n| 机构名称 | 咨询电话 |", "table")
            for i, t in enumerate(["| 海州市自学考试办公室 | 0580-85023311 |", "| 海州市西湖区自考服务点 | 0580-85119876 |",
                                   "| 临江市自学考试办公室 | 0581-86112345 |"])]
    tokenizer = lexicon_for(None).tokenizer()
    assert key_terms("海州市自考办的咨询电话是多少", rows, tokenizer) == {0: {"海州", "自学考试办公室"}}
    assert key_terms("海州市自考点的咨询电话是多少", rows, tokenizer) == {0: {"海州", "自考"}}   # 自考|点: as written


def test_a_list_asked_by_a_word_of_any_column_quotes_every_row_holding_it():
    """tablelists.with_rows (breaker R, session 35): 「哪些团课适合初学者」 quoted two of the three classes whose 适用人群 cell
    names 初学者: the word need not be in a key column."""
    rows = ["| 流瑜伽 | 80元 | 初学者 |", "| 搏击操 | 90元 | 有基础者 |", "| 垫上普拉提 | 100元 | 初学者 |", "| 尊巴 | 70元 | 初学者、老人 |"]
    chunks = [Chunk(i, "团课.md", "团课", (), i * 30, i * 30 + len(t), t, "团课\n| 课程 | 单价 | 适用人群 |", "table")
              for i, t in enumerate(rows)]
    retriever = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    first = (Hit(chunks[2], 1, 1.0, 0.8, 2.0), chunks[2].start, chunks[2].end, chunks[2].start, chunks[2].end)
    assert [p[0].chunk.id for p in with_rows("哪些团课适合初学者", [first], retriever)] == [2, 0, 3]


CLASSES = ["| 托班 | 2—3岁 | 6800 |", "| 小班 | 3—4岁 | 5800 |", "| 中班 | 4—5岁 | 5500 |", "| 大班 | 5—6岁 | 5200 |"]
CARDS = ["| 记名普通卡 | 25元 |", "| 学生卡 | 20元 |", "| 敬老卡 | 首次免费 |", "| 爱心卡 | 免费 |"]


@pytest.mark.parametrize("rows, question, sibling", [
    (CLASSES, "学前班每月的保育教育费是多少？", "学前班"),   # every key ends in 班: one shared character names a sibling
    (CLASSES, "小班每月的保育教育费是多少？", ""),
    (CARDS, "钛金卡补卡多少钱", "钛金卡"),
    (CARDS, "敬老卡补卡收费吗？", ""),                        # jieba cuts 敬老|卡补卡: no whole word, no sibling
    (CARDS, "没有本地户口的老人能申请优惠乘车卡吗？", ""),   # 优惠|乘车卡: two words
])
def test_a_sibling_of_keys_that_all_end_alike(rows, question, sibling):
    """rowterms.unlisted (breakers AB and AD, session 38): 「学前班…」 over 托班, 小班, 中班, 大班 and 「钛金卡…」 over the
    card rows were answered with a sibling row; a key column whose cells share their last character names a sibling by
    it, when the question's name is one jieba word that does not start with it."""
    from chatbot.rowterms import unlisted

    chunks = [Chunk(i, "表.md", "收费", (), 30 * i, 30 * i + len(t), t, "收费\n| 名称 | 条件 | 费用 |", "table")
              for i, t in enumerate(rows)]
    assert unlisted(question, chunks, lexicon_for(None).tagger()) == sibling


def test_a_chinese_questions_latin_name_is_a_key_word():
    """rowterms.key_terms (breaker AC, session 38): 「IMAX厅黄金场周五至周日的票价是多少？」 quoted the 2D普通厅 row, as
    jieba cuts imax|厅 and only Han words were key words; a Chinese question's Latin name is one (not an English one's)."""
    halls = ["影厅类型：2D普通厅；时段：黄金场；周五至周日：55", "影厅类型：IMAX厅；时段：黄金场；周五至周日：89",
             "影厅类型：IMAX厅；时段：早场；周五至周日：69", "影厅类型：4DX动感厅；时段：黄金场；周五至周日：99"]
    chunks = [Chunk(i, "票价表.xlsx", "票价", (), 60 * i, 60 * i + len(t), t, "票价", "record") for i, t in enumerate(halls)]
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    lacks, rows = lacking("IMAX厅黄金场周五至周日的票价是多少？", chunks[0], box)
    assert lacks and [r.id for r in rows] == [1]
    assert not lacking("IMAX厅黄金场周五至周日的票价是多少？", chunks[1], box)[0]
    assert key_terms("What does the IMAX hall cost?", chunks, box.lexicon.tokenizer()) == {}


def test_a_category_after_the_key_columns_names_rows_too():
    """rowterms.key_count (breaker AK, session 39): rows named by 区域 | 项目名称 | 户型 were read by their first two cells
    only, so 「青湖佳苑三室一厅月租金多少？」 got the 一室一厅 row's 990 and 「港湾新城单间…」 the 二室一厅 row. A third column
    of short, digit-free values each on two rows or more is a key column too; one of counts or prices is not."""
    from chatbot.rowterms import KEY_COLUMNS, key_columns

    flats = ["区域：青湖区；项目名称：青湖佳苑；户型：单间；月租金参考（元）：660", "区域：青湖区；项目名称：青湖佳苑；户型：一室一厅；月租金参考（元）：990",
             "区域：南港区；项目名称：港湾新城；户型：一室一厅；月租金参考（元）：720", "区域：南港区；项目名称：港湾新城；户型：二室一厅；月租金参考（元）：992",
             "区域：北塘区；项目名称：北塘人才公寓；户型：单间；月租金参考（元）：600", "区域：北塘区；项目名称：北塘人才公寓；户型：二室一厅；月租金参考（元）：1210"]
    chunks = [Chunk(i, "租金.xlsx", "租金", (), 60 * i, 60 * i + len(t), t, "租金", "record") for i, t in enumerate(flats)]
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert key_columns(chunks) == slice(0, KEY_COLUMNS + 1)
    lacks, rows = lacking("青湖佳苑单间月租金多少？", chunks[1], box)
    assert lacks and rows == [chunks[0]]                                          # the 单间 row of 青湖佳苑
    lacks, rows = lacking("港湾新城单间每月租金多少？", chunks[3], box)
    assert lacks and rows == []                                                   # 单间 only at 青湖佳苑
    assert not lacking("港湾新城二室一厅月租金多少？", chunks[3], box)[0]
    assert lacking("青湖佳苑一室一厅月租金多少？", chunks[2], box)[0]            # the 港湾新城 row of 一室一厅
    pay = [Chunk(i, "押金.md", "押金", (), 400 + 40 * i, 400 + 40 * i + len(t), t, "押金\n| 房型 | 押金 | 支付方式 |", "table")
           for i, t in enumerate(["| 标准间 | 300 | 现金或预授权 |", "| 亲子家庭房 | 800 | 仅限预授权 |",
                                  "| 行政套房 | 1000 | 仅限预授权 |", "| 大床房 | 300 | 现金或预授权 |"])]
    assert key_columns(pay) == slice(0, KEY_COLUMNS + 1)
    assert not lacking("亲子家庭房的押金可以收现金吗？", pay[1], SimpleNamespace(chunks=pay, lexicon=box.lexicon))[0]  # asked, not named
    assert key_columns([Chunk(i, "f.md", "s", (), 9 * i, 9 * i + 9, t, "s", "record") for i, t in
                      enumerate(["城市：北京；网点：朝阳；电话：010-1", "城市：北京；网点：海淀；电话：010-2"])]) == slice(0, KEY_COLUMNS)
    coded = [Chunk(i, "价.xlsx", "价", (), 40 * i, 40 * i + 30, t, "价", "record") for i, t in enumerate(
        ["编号：C01；类别：洁牙；项目：超声波洁治（洗牙）；标准价（元）：198", "编号：C02；类别：洁牙；项目：喷砂；标准价（元）：120",
         "编号：F01；类别：补牙；项目：树脂充填；标准价（元）：280"])]
    assert key_columns(coded) == slice(1, 1 + KEY_COLUMNS)                        # a first column of codes names no row
    assert key_terms("喷砂多少钱", coded, lexicon_for(None).tokenizer()) == {1: {"喷砂"}}


def test_a_column_of_yes_or_no_answers_names_no_row():
    """rowkeys._answers (breaker AM, session 40): under 商品类别 | 个人账户 | 统筹基金, the cells 可以支付 / 不可以 were read as
    key cells, so 「医疗器械能用医保个人账户支付吗？」 named 个人账户支付, an "unlisted sibling" of 可以支付, and was refused
    with its row ranked first. A second column that answers yes or no in half its cells leaves the first alone as key."""
    from chatbot.rowterms import key_columns

    rows = ["| 甲类药品 | 可以支付 | 可以，需处方 | 全额纳入 |", "| 医疗器械（血糖试纸等） | 仅限目录内产品 | 不可以 | 目录外自费 |",
            "| 中药饮片 | 可以支付 | 不可以 | 代煎费需自费 |", "| 保健食品 | 不可以 | 不可以 | 全部自费 |"]
    head = "医保支付范围\n| 商品类别 | 个人账户 | 统筹基金 | 说明 |"
    chunks, box = table_box(rows, head, "医保.pdf", "医保")
    assert key_columns(chunks) == slice(0, 1)
    assert not lacking("医疗器械能用医保个人账户支付吗？", chunks[1], box)[0]
    assert lacking("保健食品能用医保个人账户支付吗？", chunks[1], box)[0]     # another row named: still refused here


def test_a_column_of_amounts_names_no_row():
    """rowkeys._amounts (breaker AR, session 41): under 取消通知时间 | 东南亚及日韩线路 | 欧洲线路, the first row's cell
    「收取定金的50%」 made 收取 a key word, so 「欧洲线路在出发前10天取消，收取多少费用？」 moved that row (出发前30天以上)
    before the 出发前14天至7天 row its 10 days fall in. A second column of prices or shares leaves the first alone as key;
    a second column of names stays a key."""
    from chatbot.rowterms import key_columns

    rows = ["| 出发前30天以上（含第30天） | 收取定金的50% | 收取全部定金 |", "| 出发前29天至15天 | 团费的20% | 团费的30% |",
            "| 出发前14天至7天 | 团费的50% | 团费的60% |", "| 出发前3天至出发当日 | 团费的90% | 团费的100% |"]
    head = "二、游客取消行程\n| 取消通知时间 | 东南亚及日韩线路 | 欧洲、澳新及美洲线路 |"
    chunks, box = table_box(rows, head, "合同.docx", "取消")
    assert key_columns(chunks) == slice(0, 1)
    assert not lacking("欧洲线路在出发前10天取消，收取多少费用？", chunks[2], box)[0]
    priced = [Chunk(i, "价目.xlsx", "价目", (), 30 * i, 30 * i + len(t), t, "| 车型 | 价格 |", "table")
              for i, t in enumerate(["| 轿车 | 1,280 |", "| SUV | ¥1680 |", "| MPV | 2080 |"])]
    assert key_columns(priced) == slice(0, 1)
    named = [Chunk(i, "网点.csv", "网点", (), 30 * i, 30 * i + len(t), t, "| 城市 | 网点 | 电话 |", "table")
             for i, t in enumerate(["| 杭州 | 西湖店 | 0571-1 |", "| 杭州 | 滨江店 | 0571-2 |", "| 宁波 | 鄞州店 | 0574-3 |"])]
    assert key_columns(named) == slice(0, 2)


def test_a_list_asked_by_the_tables_own_words_quotes_every_row_without_its_pipes():
    """tablelists.with_rows (breaker AK, session 39): 「哪些人可以优先配租？」 under the heading 优先配租 quoted two of five rows:
    every word it asks with (not 可以) names the table itself, so every row is the list; each row is quoted by its
    cells, not its outer pipes (they showed as 「| 城市最低生活保障家庭 | … |」), in the table's order."""
    head = "二、优先配租\n| 优先对象 | 优先方式 | 证明材料 |"
    texts = ["| 低保家庭 | 单独摇号 | 低保证 |", "| 残疾人家庭 | 优先选择低楼层 | 残疾人证 |", "| 烈士遗属 | 直接选房 | 烈士证明书 |"]
    chunks = [Chunk(i, "配租.md", "二、优先配租", (), 40 * i, 40 * i + len(t), t, head, "table") for i, t in enumerate(texts)]
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    first = (Hit(chunks[1], 1, 1.0, 0.8, 2.0), chunks[1].start + 2, chunks[1].end - 2, chunks[1].start + 2, chunks[1].end - 2)
    picked = with_rows("哪些人可以优先配租？", [first], box)
    assert [p[0].chunk.id for p in picked] == [0, 1, 2]   # the table's order (session 41)
    assert [p[0].chunk.text[p[1] - p[0].chunk.start:p[2] - p[0].chunk.start] for p in picked] == [
        "低保家庭 | 单独摇号 | 低保证", "残疾人家庭 | 优先选择低楼层 | 残疾人证", "烈士遗属 | 直接选房 | 烈士证明书"]
    assert with_rows("哪些人可以优先选择低楼层？", [first], box) == [first]     # 低楼层 names a row, not the table


def test_a_list_asked_of_what_a_table_is_named_quotes_its_rows_before_a_sentence_beside_it():
    """tablelists.prefer_table and with_rows (breakers AX and AS, session 41): 「园内有哪几个医疗急救点？」 quoted the AED
    sentence under 三、医疗急救点 and none of the four rows of the table there. A 哪些 question whose nouns all name a table
    (its heading, header or file) over a best run of running text gets the table's rows, whole and in order; a question
    with a noun the table is not named by (北京), or no list asked, keeps the sentence."""
    from chatbot.tablelists import prefer_table

    head = "三、医疗急救点\n| 急救点 | 位置 | 开放时间 |"
    texts = ["全园共配置12台AED，分布在各急救点、正门和各主题区游客服务点。", "| 中心医务室 | 正门东侧 | 全天 |",
             "| 冒险岛急救站 | 过山车出口旁 | 9:30—18:00 |", "| 未来城急救站 | 跳楼机南侧 | 9:30—18:00 |"]
    chunks, box = table_box(texts, head, "指南.md", "三、医疗急救点", 60, ["text"] + ["table"] * 3)
    runs = runs_of(box, [0, 2, 1])
    ordered = prefer_table("园内有哪几个医疗急救点？", runs, box)
    assert ordered[0][1].chunk.id == 2 and len(ordered) == 3
    first = ordered[0]
    picked = with_rows("园内有哪几个医疗急救点？", [(first[1], first[2], first[3], first[2], first[3])], box)
    assert [p[0].chunk.id for p in picked] == [1, 2, 3]
    assert prefer_table("北京有哪几个医疗急救点？", runs, box) == runs      # 北京 does not name this table
    assert prefer_table("AED放在哪里？", runs, box) == runs                   # no list asked


def test_a_list_asked_by_a_yes_or_no_column_quotes_the_rows_that_answer_yes():
    """tablelists._affirmed (breaker AY, session 41): 「哪些门店可以做主板维修？」 quoted the stores' first rows, three of them
    否 under 支持主板维修, and left a 是 store out. The rows answering yes in the yes/no column the question names (the one
    holding most of its words: 支持回收, not 支持主板维修, for 「哪些门店支持回收？」) are the list."""
    head = "门店与技术员名录\n| 门店名称 | 地址 | 支持回收 | 支持主板维修 |"
    texts = ["| 西湖店 | 文三路 | 是 | 是 |", "| 武林店 | 延安路 | 是 | 否 |", "| 湖滨店 | 东坡路 | 否 | 否 |", "| 下沙店 | 龙湖 | 是 | 是 |"]
    chunks, box = table_box(texts, head, "门店.csv", "全文", 40)
    first = (Hit(chunks[1], 1, 1.0, 0.8, 2.0), chunks[1].start, chunks[1].end, chunks[1].start, chunks[1].end)
    assert [p[0].chunk.id for p in with_rows("哪些门店可以做主板维修？", [first], box)] == [0, 3]
    other = (Hit(chunks[2], 2, 1.0, 0.8, 2.0), chunks[2].start, chunks[2].end, chunks[2].start, chunks[2].end)
    assert [p[0].chunk.id for p in with_rows("哪些门店可以做主板维修？", [first, other], box)] == [0, 3]   # no 否 row after
    assert [p[0].chunk.id for p in with_rows("哪些门店支持回收？", [first], box)] == [0, 1, 3]


def test_a_quote_announcing_a_table_is_followed_by_its_rows():
    """tablelists._announced (breaker AT, session 41): 「提前退租违约金多少？」 quoted 「…承租人提前退租应支付的违约金如下」 alone,
    a sentence ending on 如下 with nothing after it. Its table's rows follow it; a quote announcing nothing stays alone."""
    texts = ["任何一方须至少提前30日书面通知对方。承租人提前退租应支付的违约金如下：", "| 不足3个月 | 半个月租金 |",
             "| 3个月至6个月 | 一个月租金 |", "| 6个月以上 | 两个月租金 |"]
    head = "三、提前退租\n| 剩余租期 | 承租人违约金 |"
    chunks, box = table_box(texts, head, "租房.html", "三、提前退租", 60, ["text"] + ["table"] * 3)
    lead = (Hit(chunks[0], 1, 1.0, 0.8, 2.0), 0, len(texts[0]), 0, len(texts[0]))
    picked = with_rows("提前退租违约金多少？", [lead], box)
    assert [p[0].chunk.id for p in picked] == [0, 1, 2, 3]
    assert picked[1][0].chunk.text[picked[1][1] - 60:picked[1][2] - 60] == "不足3个月 | 半个月租金"
    plain = (Hit(chunks[0], 1, 1.0, 0.8, 2.0), 0, 18, 0, 18)      # 「任何一方须至少提前30日书面通知对方。」
    assert with_rows("提前退租要提前几天通知？", [plain], box) == [plain]
    # 「…均可验配以下产品：」, quoted without its colon (breaker DX, session 63); not 「…10人以下。」
    for lead_text, listed in (("三家门店均可验配以下产品：", True), ("每组人数须在10人以下。", False)):
        chunks, box = table_box([lead_text] + texts[1:], head, "手册.pdf", "二、镜片", 60, ["text"] + ["table"] * 3)
        lead = (Hit(chunks[0], 1, 1.0, 0.8, 2.0), 0, len(lead_text) - 1, 0, len(lead_text) - 1)
        assert len(with_rows("有哪些产品？", [lead], box)) == (4 if listed else 1)


def test_a_number_a_measure_follows_is_no_part_of_the_key_word_before_it():
    """key_terms (breaker BX, session 44): 「通州馆两居室12个月月租是多少？」 read 两居室12 as one name (as 冷冻库B is), which
    no cell holds, so the 通州馆 一居室 row answered for a flat type 通州馆 does not let; 12个月 is the lease."""
    texts = ["| 望京馆 | 两居室 | 8300 |", "| 通州馆 | 一居室 | 3500 |", "| 冷冻库A | 开间 | 2700 |", "| 冷冻库B | 开间 | 12 |"]
    rows = [Chunk(i, "租金.csv", "租金", (), i * 40, i * 40 + len(t), t, "租金\n| 门店 | 房型 | 12个月月租 |", "table")
            for i, t in enumerate(texts)]
    tokenizer = lexicon_for(None).tokenizer()
    assert key_terms("通州馆两居室12个月月租是多少？", rows, tokenizer)[1] == {"两居室"}
    assert key_terms("冷冻库B的月租多少", rows, tokenizer).get(0) == {"冷冻库b"}   # a letter naming one of a series glues


def test_a_whole_key_cell_the_question_writes_and_a_column_of_grades_name_rows():
    """rowterms.key_terms, rowkeys.key_columns (breaker CG, session 48): jieba cuts 「大工业不满1千伏…」 as 大|工业, and the
    一般工商业 record's 适用范围 「…的工业用电」 holds 工业, so its price answered a question about 大工业 (a near miss: no
    大工业 row is 不满1千伏). A key cell the question writes whole (大工业) is a key word of its column, and a column of
    grades of one unit (电压等级: 不满1千伏, 1—10千伏, 35千伏) names rows as a category does."""
    from chatbot.rowkeys import key_columns

    texts = [f"序号：{n}；用户类别：{k}；细分：{d}；电压等级：{v}；适用范围：{u}" for n, k, d, v, u in [
        (1, "一般工商业", "单一制", "不满1千伏", "商业及不足315千伏安的工业用电"), (2, "一般工商业", "单一制", "1—10千伏", "商场"),
        (3, "大工业", "两部制", "1—10千伏", "工业生产用电"), (4, "大工业", "两部制", "35千伏", "大工业用户"),
        (5, "农业生产", "一般农业", "不满1千伏", "种植"), (6, "农业生产", "一般农业", "35千伏", "规模化种植")]]
    chunks, retriever = table_box(texts, "电价表", source="电价.xlsx", kind="record")
    assert key_columns(chunks) == slice(1, 4)
    assert key_terms("大工业不满1千伏的电价是多少？", chunks, lexicon_for(None).tokenizer())[0] == {"工业", "大工业"}
    assert lacking("大工业不满1千伏的电价是多少？", chunks[0], retriever) == (True, [])   # no row is both: refused
    lacks, rows = lacking("大工业1—10千伏的电价是多少？", chunks[0], retriever)
    assert lacks and [r.id for r in rows] == [2]
    assert lacking("大工业1—10千伏的电价是多少？", chunks[2], retriever) == (False, [])
    priced = [t.replace("不满1千伏", "50元").replace("1—10千伏", "80元").replace("35千伏", "120元") for t in texts]
    assert key_columns(table_box(priced, "电价表", kind="record")[0]) == slice(1, 3)   # amounts: no grades


@pytest.mark.parametrize("last, question, quoted, lacks, holding", [
    ("高级", "QGET高级的复核申请截止到哪天？", 2, True, [3]),     # 高级 is the 高级 row's whole cell: 中高级 is a sibling level
    ("高级", "QGET高级的复核申请截止到哪天？", 3, False, []),
    ("高级", "QGET中高级的复核申请截止到哪天？", 2, False, []),
    ("高级（含面试）", "QGET高级的复核申请截止到哪天？", 3, False, []),   # the word with a note after it
    ("高级（含面试）", "QGET高级的复核申请截止到哪天？", 2, False, []),   # no row's cell is 高级 itself: no sibling named
    ("高级考生", "QGET高级的复核申请截止到哪天？", 3, False, []),      # a qualifier after the word: its row still
    ("常高级", "QGET常高级的复核申请截止到哪天？", 3, False, []),      # the longer whole cell asked (jieba: 常|高级)
    ("常高级", "QGET常高级的复核申请截止到哪天？", 2, True, [3]),
    ("高级", "QGET初级考试是哪天？", 0, False, []),
])
def test_a_word_that_is_a_rows_whole_cell_is_not_held_inside_a_longer_name(last, question, quoted, lacks, holding):
    """rowterms.lacking, categories.affirms_alone (breaker CV, session 52): 「QGET高级的复核申请截止到哪天？」 quoted the
    中高级 row, which holds 高级 inside its level's name, so no row lacked the question's key word."""
    texts = [f"考试名称：QGET；级别：{v}；复核申请截止：2026-01-{5 * n + 5:02d}" for n, v in enumerate(["初级", "中级", "中高级", last])]
    chunks, retriever = table_box(texts, "考试日程", source="日程.xlsx", kind="record")
    got, rows = lacking(question, chunks[quoted], retriever)
    assert (got, [r.id for r in rows]) == (lacks, holding)


def test_a_whole_cell_inside_the_longer_whole_cell_the_question_asks_is_not_asked():
    """rowterms.scored (review of session 52): 「常白班几点上班？」 is cut 常|白班, so it holds two whole cells of 班次, 白班 and
    常白班; the 常白班 row holds 白班 only after 常, so both rows held one and the quoted 白班 row passed. 白班 inside the
    asked 常白班 is no word of the question."""
    texts = ["班次：白班；上班时间：08:00", "班次：夜班；上班时间：20:00", "班次：常白班；上班时间：09:00"]
    chunks, retriever = table_box(texts, "班次表", source="班次.xlsx", kind="record")
    lacks, rows = lacking("常白班几点上班？", chunks[0], retriever)
    assert lacks and [r.id for r in rows] == [2]
    assert lacking("常白班几点上班？", chunks[2], retriever) == (False, [])
    assert lacking("白班几点上班？", chunks[0], retriever) == (False, [])
    lacks, rows = lacking("白班几点上班？", chunks[2], retriever)
    assert lacks and [r.id for r in rows] == [0]


def test_a_csv_row_is_cited_under_its_key_not_the_whole_text():
    """rowkeys.shown_section (breakers DR, DS, DT, session 61: every CSV citation's section was 「全文」): a record in the
    whole-text section shows the values that name its row, the quoted row's for a citation (a chunk may hold two rows),
    a long row's tail chunk the key in its context; a passage of several rows, and a sheet's record, keep their own."""
    from chatbot.rowkeys import shown_section

    one = "名称：文三路店；类型：门店；电话：1"
    assert shown_section(Chunk(0, "门店.csv", "全文", ("全文",), 0, len(one), one, "全文", "record")) == "文三路店"
    two = "名称：甲店；电话：1\n名称：乙店；电话：2"
    rows = Chunk(1, "门店.csv", "全文", ("全文",), 100, 100 + len(two), two, "全文", "record")
    assert shown_section(rows) == "全文" and shown_section(rows, 100) == "甲店"
    assert shown_section(rows, 100 + len("名称：甲店；电话：1\n")) == "乙店"
    tail = "交通：地铁；备注：总店"
    assert shown_section(Chunk(2, "门店.csv", "全文", ("全文",), 50, 50 + len(tail), tail, "全文\n名称：文三路店", "record")) == "文三路店"
    keyed = "门店编号：HZ02；城市：杭州；门店名称：东站店；电话：1"
    assert shown_section(Chunk(3, "门店.csv", "全文", ("全文",), 0, len(keyed), keyed, "全文", "record")) == "HZ02 杭州 东站店"
    assert shown_section(Chunk(4, "价格.xlsx", "价格", ("价格",), 0, len(keyed), keyed, "价格", "record")) == "价格"
    price = "价格：1999元"   # a 键：值 record of a headingless .txt is no row (the second review)
    assert shown_section(Chunk(5, "产品.txt", "全文", ("全文",), 0, len(price), price, "全文", "record")) == "全文"
