"""A column of categories past a table's key columns names rows too (categories.py), and a key cell's negation (非营运)
names the other rows (categories.affirms): a quoted row of another cabin, or of 非营运 for 营运, is another row, and when
no row holds them all the table does not answer (breakers CK and CJ, session 49)."""
from types import SimpleNamespace

import pytest

from chatbot.categories import affirms, affirms_alone, holds, written
from chatbot.chunks import Chunk
from chatbot.lexical import lexicon_for
from chatbot.rowterms import lacking

FARES = ["航线编号：L1；航线：定澜港—青屿岛；船型：高速客船；舱位：普通座；淡季票价（元）：68",
         "航线编号：L1；航线：定澜港—青屿岛；船型：高速客船；舱位：商务座；淡季票价（元）：108",
         "航线编号：L3；航线：定澜港—鹿角岛；船型：客滚船；舱位：一等舱；淡季票价（元）：105",
         "航线编号：L3；航线：定澜港—鹿角岛；船型：客滚船；舱位：二等舱；淡季票价（元）：80",
         "航线编号：L5；航线：白沙岛—鹿角岛；船型：普通客船；舱位：经济舱；淡季票价（元）：32",
         "航线编号：L5；航线：白沙岛—鹿角岛；船型：普通客船；舱位：二等舱；淡季票价（元）：45",
         "航线编号：L2；航线：定澜港—白沙岛；船型：普通客船；舱位：经济舱；淡季票价（元）：30",
         "航线编号：L2；航线：定澜港—白沙岛；船型：普通客船；舱位：二等舱；淡季票价（元）：42"]
INSPECTION = ["序号：1；车辆类型：载客汽车；使用性质：非营运；检验周期：每2年1次",
              "序号：2；车辆类型：载客汽车；使用性质：营运；检验周期：每年1次",
              "序号：3；车辆类型：载货汽车；使用性质：非营运；检验周期：每2年1次",
              "序号：4；车辆类型：载货汽车；使用性质：营运；检验周期：每6个月1次",
              "序号：5；车辆类型：校车；使用性质：营运；检验周期：每6个月1次"]


def _box(texts, source):
    chunks = [Chunk(i, source, "表", (), 100 * i, 100 * i + len(t), t, "表", "record") for i, t in enumerate(texts)]
    return chunks, SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))


def test_a_cell_of_a_column_of_categories_is_read_from_the_question():
    rows, _ = _box(FARES, "票价.xlsx")
    assert written("L5航线一等舱淡季票价多少？", rows) == {"舱位": "一等舱"}
    assert written("一等舱和二等舱差多少钱？", rows) == {}                  # two cells of one column: no one row
    assert written("L5航线有一等舱吗？", rows) == {}                        # a yes/no question checks, it does not pick
    assert written("L5航线淡季票价多少？", rows) == {}
    assert holds(rows[2], {"舱位": "一等舱"}) and not holds(rows[5], {"舱位": "一等舱"}) and holds(rows[5], {})


def test_a_row_of_another_category_is_another_row_and_none_holding_both_answers_nothing():
    rows, box = _box(FARES, "票价.xlsx")
    assert lacking("L5航线一等舱淡季票价多少？", rows[5], box) == (True, [])      # L5 has no 一等舱: a near miss
    assert lacking("L3航线一等舱淡季票价多少？", rows[3], box) == (True, [rows[2]])  # the 一等舱 row of L3
    assert lacking("L3航线一等舱淡季票价多少？", rows[2], box) == (False, [])
    assert lacking("L5航线二等舱淡季票价多少？", rows[5], box) == (False, [])


def test_a_negated_cell_is_the_other_rows():
    assert affirms("营运", "使用性质：营运") and not affirms("营运", "使用性质：非营运")
    assert affirms("营运", "非营运；营运")                                   # one affirmed occurrence is enough
    rows, box = _box(INSPECTION, "检验.xlsx")
    assert lacking("营运的载货汽车多久检验一次？", rows[2], box) == (True, [rows[3]])
    assert lacking("营运的载货汽车多久检验一次？", rows[3], box) == (False, [])
    assert lacking("非营运的载货汽车多久检验一次？", rows[2], box) == (False, [])   # jieba's 营运 of 非营运 is not asked
    assert lacking("非营运的载货汽车多久检验一次？", rows[3], box)[0]
    assert lacking("非营运的校车多久检验一次？", rows[4], box) == (True, [])        # no 非营运 校车 row


RATES = ["产品类别：活期存款；产品名称：个人活期存款；存期：—；起存金额：不限；年利率（%）：0.10",
         "产品类别：定期存款；产品名称：整存整取；存期：1年；起存金额：50元；年利率（%）：1.30",
         "产品类别：定期存款；产品名称：整存整取；存期：2年；起存金额：50元；年利率（%）：1.45",
         "产品类别：定期存款；产品名称：整存整取；存期：5年；起存金额：50元；年利率（%）：1.80；备注：5年期利率低于3年期",
         "产品类别：定期存款；产品名称：零存整取；存期：1年；起存金额：5元；年利率（%）：1.05",
         "产品类别：定期存款；产品名称：零存整取；存期：3年；起存金额：5元；年利率（%）：1.25",
         "产品类别：通知存款；产品名称：个人通知存款；存期：7天；起存金额：5万元；年利率（%）：0.65",
         "产品类别：大额存单；产品名称：个人大额存单；存期：1年；起存金额：20万元；年利率（%）：1.55",
         "产品类别：大额存单；产品名称：个人大额存单；存期：3年；起存金额：20万元；年利率（%）：2.00"]


def test_a_column_of_terms_is_read_by_the_value_the_question_states():
    """存期 (1年, 2年, 3年, 7天 …) names rows as a category does, by the value the question states (2年期 → 2年): the
    整存整取 5年 row, whose remark's 「低于3年期」 holds 2年 as a range, is another row, and 零存整取 has no 2年 row (CL)."""
    rows, box = _box(RATES, "利率.xlsx")
    assert written("整存整取2年期的年利率是多少？", rows) == {"存期": "2年"}
    assert lacking("整存整取2年期的年利率是多少？", rows[3], box) == (True, [rows[2]])
    assert lacking("零存整取2年期的年利率是多少？", rows[5], box) == (True, [])
    assert lacking("5年期大额存单的年利率是多少？", rows[7], box) == (True, [])
    assert lacking("零存整取3年利率", rows[5], box) == (False, [])
    # an amount the question states of itself (存5万块) names no row: 起存金额 is no column of terms
    assert written("存5万块零存整取1年利率多少", rows) == {"存期": "1年"}
    assert lacking("存5万块零存整取1年利率多少", rows[4], box) == (False, [])


def test_a_word_the_question_negates_names_no_row():
    """「科目二还没开始练」 is the 「科目二未开始实操」 row's: 开始, negated in the question (没), is not asked as a key word, so
    the row whose cell negates it (未) is not another row (breaker U's refund tiers; session 49's first probe)."""
    tiers = ["| 报名后未参加任何培训 | 90% | 扣除资料费 |", "| 科目一已合格，科目二未开始实操 | 60% | — |",
             "| 科目二已开始培训 | 30% | — |", "| 科目三已开始培训或已参加考试 | 0% | 不予退费 |"]
    chunks = [Chunk(i, "退费.md", "退费", (), 60 * i, 60 * i + len(t), t, "退费\n| 培训进度 | 退费比例 | 备注 |", "table")
              for i, t in enumerate(tiers)]
    box = SimpleNamespace(chunks=chunks, lexicon=lexicon_for(None))
    assert not lacking("科目一考过了，科目二还没开始练，退费能退多少？", chunks[1], box)[0]
    assert lacking("科目二已经开始练了，退费能退多少？", chunks[1], box)[0]


def test_empty_cells_negated_cells_and_compounds_that_are_no_negation():
    """A sheet reader leaves an empty cell's field out of its record, and a 「—」 holds no category: the column is still
    read from the other rows. A whole cell the question negates (非营运 where the sheet writes 营运 and 自用) is not
    written. 有无 asks whether there is one; its 无 negates nothing (session 49's review)."""
    fares = [t.replace("船型：高速客船；", "") if i == 0 else t for i, t in enumerate(FARES)] + [   # row 0 lacks 船型
        "航线编号：L6；航线：鹿角岛—东礁岛；船型：普通客船；舱位：经济舱；淡季票价（元）：28",
        "航线编号：L6；航线：鹿角岛—东礁岛；船型：普通客船；舱位：二等舱；淡季票价（元）：38"]
    fares[4] = fares[4].replace("舱位：经济舱", "舱位：—")
    rows, box = _box(fares, "票价.xlsx")
    assert written("L5航线一等舱淡季票价多少？", rows) == {"舱位": "一等舱"}
    assert lacking("L5航线一等舱淡季票价多少？", rows[5], box) == (True, [])
    own = [t.replace("使用性质：非营运", "使用性质：自用") for t in INSPECTION]
    rows, box = _box(own, "检验.xlsx")
    assert written("非营运的载货汽车多久检验一次？", rows) == {}
    assert not lacking("非营运的载货汽车多久检验一次？", rows[2], box)[0]
    assert affirms("朝阳营业部", "北京有无朝阳营业部") and not affirms("朝阳营业部", "北京无朝阳营业部")


def test_one_character_cells_not_inside_other_words_nor_places_in_a_sentence():
    """男 / 女 inside 男女的 or 子女的 names no row, nor does jieba's locative 中 of 过程|中 name the 中 cell (review,
    session 50); a whole key cell inside jieba's dictionary words is not written (一级 of 同一|级别)."""
    from chatbot.categories import one_character, whole_words
    assert one_character(["男", "女"], [], "51-60周岁男女的升级版保费一样吗") == set()
    assert one_character(["男", "女"], [], "子女的保费怎么算") == set()
    assert one_character(["男", "女"], [], "女的多少钱") == {"女"}
    assert one_character(["大", "中", "小"], ["在", "使用", "过程", "中"], "在使用过程中") == set()
    assert one_character(["大", "中", "小"], ["大", "杯"], "大杯多少钱") == {"大"}
    tokenizer = lexicon_for(None).tokenizer()
    assert not whole_words("一级", "同一级别医院又做了一遍", tokenizer)
    assert whole_words("一级", "一级医院报销多少", tokenizer) and whole_words("大工业", "大工业电价", tokenizer)


@pytest.mark.parametrize("cell, held", [
    ("高级", True), ("高级（含面试）", True), ("高级会员", True), ("中级及高级", True), ("中级、高级", True), ("（高级）", True),
    ("QGET高级", True),                           # a Latin name before it is no modifier
    ("中高级", False), ("非高级", False), ("副高级", False), ("初级", False),
])
def test_a_word_alone_is_not_after_a_modifier(cell, held):
    """categories.affirms_alone (session 52): 中高级 names a sibling of 高级; a qualifier after it (高级会员) or a joining word
    before it (中级及高级) does not."""
    assert affirms_alone("高级", cell) is held
