"""The column a question asks of a quoted record (breakers BT, BV, session 44): the word beside the question word names
it (星期几 → 星期, 哪间教室 → 教室, even where the cell holds the word too), of the columns named the one whose cell holds
the kind asked (什么时候 → a time, 在哪里 → a place: not the secretary's name the question also names), and 谁 of a
named column is its short cell though jieba tags no name there (羅建成)."""
import pytest

from chatbot.cells import cell_focus
from chatbot.columns import asked_by_kind, beside, beside_question_word
from chatbot.lexical import lexicon_for

COURSE = "課程名稱：社區劇團；教室：明德樓B1陶藝教室；星期：週五（隔週）；上課時間：18:50-21:20；講師：羅建成；名額：25"
SECRETARY = "学院：化学与分子科学学院；研究生秘书：周磊；办公地点：化学楼201；接待时间：周三、五 14:30-17:00；电话：027-1234"


@pytest.mark.parametrize("question, record, expected", [
    ("社區劇團是星期幾上課？", COURSE, "星期：週五（隔週）"),          # was 上課時間 (上课 names it too, last)
    ("社区剧团星期几上课", COURSE, "星期：週五（隔週）"),              # simplified, no question mark
    ("社區劇團在哪間教室上課？", COURSE, "教室：明德樓B1陶藝教室"),    # 教室 is in the cell as well: asked, not the row
    ("社區劇團的講師是誰？", COURSE, "講師：羅建成"),                  # was the whole record
    ("社區劇團幾點上課？", COURSE, "上課時間：18:50-21:20"),           # the clock column stays
    ("化学与分子科学学院的研究生秘书什么时候接待？", SECRETARY, "接待时间：周三、五 14:30-17:00"),
    ("化学与分子科学学院的研究生秘书在哪里办公？", SECRETARY, "办公地点：化学楼201"),
    ("化学与分子科学学院的研究生秘书是谁？", SECRETARY, "研究生秘书：周磊"),
])
def test_the_asked_column_of_a_record(question, record, expected):
    s, e = cell_focus(question, record, 0, (), (0, len(record)), lexicon_for(None), record=True)
    assert record[s:e] == expected


def test_beside_a_question_word():
    assert beside("星期", "社区剧团是星期几上课？") and beside("教室", "在哪间教室上课")
    assert not beside("上课", "社区剧团是星期几上课？") and not beside("套餐", "德国 硕士 套餐 价格")
    assert beside_question_word("社区剧团是星期几上课？", [["星期"], ["上课"]], ["星期", "上課時間"]) == 0
    assert beside_question_word("星期几在哪间教室上课", [["星期"], ["教室"]], ["星期", "教室"]) is None   # both: none


def test_asked_by_kind_needs_one_fitting_column():
    columns, values = ("学院", "秘书", "接待时间", "办公地点"), ["化学学院", "周磊", "周三 14:30-17:00", "化学楼201"]
    assert asked_by_kind("date", [1, 2], columns, values) == 2
    assert asked_by_kind("place", [1, 3], columns, values) == 3
    assert asked_by_kind("place", [1, 2], columns, values) is None        # neither holds a place
    assert asked_by_kind("number", [1, 2], columns, values) is None       # only dates and places are checked


@pytest.mark.parametrize("question, record, expected", [
    # the word before 多少 names the row (套餐 of 美国本科藤校冲刺套餐), its money column is asked (breaker BG)
    ("美本那个冲藤校的套餐多少钱呀？", "国家/地区：美国；套餐名称：美国本科藤校冲刺套餐；申请层次：本科；服务费（元）：68000",
     "服务费（元）：68000"),
    # 要求 before 是什么 is the head of both 外观描述's and 功能要求's question: no column is chosen by it (breaker AY)
    ("B级成色对外观的要求是什么？", "等级：B级（良好）；外观描述：边框明显磕碰；功能要求：全部功能正常；估价系数：基准价的75%",
     None),
])
def test_words_beside_a_question_word_that_name_no_column_whole(question, record, expected):
    s, e = cell_focus(question, record, 0, (), (0, len(record)), lexicon_for(None), record=True)
    assert record[s:e] == (expected or record)


def test_a_follow_up_asks_in_its_own_sentence():
    assert not beside("平日价", "北京国贸店标准大床房平日价几？ 周末呢？")   # the previous question's 几 is not this one's
    assert beside("星期", "周末呢？ 星期几开门？")


def test_a_landline_asked_is_not_a_mobile():
    """contacts (breaker BU, session 44): 「座机号码是多少」 asks a number with its area code; a row that gives only a
    mobile lacks it (the mobile was bold as the answer), one with 「电话：0736-5120256」 holds it."""
    from chatbot.contacts import contact_kind, lacks_contact

    assert contact_kind("西南区工程师的座机号码是多少？") == "landline" == contact_kind("座机电话多少")
    assert contact_kind("客服电话是多少") == "phone" and contact_kind("手机号多少") == "mobile"
    assert lacks_contact("西南区工程师的座机号码是多少？", "区域：西南区；负责工程师：赵敏；手机：139-8061-4457")
    assert not lacks_contact("西山派出所的座机是多少？", "网点名称：西山派出所；电话：0736-5120256；地址：文昌路1号")


def test_a_line_named_by_its_rating_is_a_member_of_a_series():
    """series (breaker BW, session 44): 「40M的独享宽带」 over a quote pricing 10M and 20M lines, 「220V/20A的展期用电」
    over the 220V/10A row are about another member; the asked one is not (20M)."""
    from chatbot.series import mismatch, named

    lines = "申请有线独享宽带：10M 1800元/展期，20M 3000元/展期"
    assert mismatch("40M的独享宽带多少钱？", lines) == [("no:m", 40)]
    assert mismatch("20M的独享宽带多少钱？", lines) == []
    assert mismatch("220V/20A的展期用电多少钱？", "展期用电 | 220V/10A | 800元") == [("no:a", 20)]
    assert named("27寸4K显示器") == {("no:寸", 27)}


def test_a_question_word_jieba_glues_to_the_next_word_is_one_word():
    """data/userdict.txt and lexical.STOPWORDS (breaker CB, session 46): jieba cut 「那它哪天摇号？」 as 哪 | 天摇号 and
    「周几摇号」 as one token, so 摇号 named no column (the row's 项目 cell stayed bold, not its 摇号时间) and BM25 had
    no 摇号. 哪天, 周几, 星期几 are question words: dropped from the search tokens, the word after them kept."""
    from chatbot.cells import cell_focus
    from chatbot.lexical import lexicon_for

    lexicon = lexicon_for(None)
    assert lexicon.tokenize("那它哪天摇号？") == ["它", "摇号"] and lexicon.tokenize("周几摇号") == ["摇号"]
    row = "第三批 | 高新区创智人才公寓 | 600 | 9月12日 | 9月23日—10月11日"
    columns = ("批次", "房源项目", "房源套数", "摇号时间", "签约时间")
    for question in ("那它哪天摇号？", "第三批哪天摇号？"):
        start, end = cell_focus(question, row, 0, columns, (6, 15), lexicon)
        assert row[start:end] == "9月12日", question


ALLOWANCE = "机组人员 | 800元 | 每次进境 | 不适用"
ALLOWANCE_COLUMNS = ("旅客类别", "免税额度（人民币）", "计算方式", "免税店额度")


def test_a_columns_unit_is_no_extra_word_between_columns_named_alike():
    """cells._cell_focus (breaker CH, session 48): 「机组人员每次进境的免税额度是多少？」 names 免税额度（人民币） and 免税店额度
    alike (免税, 额度; the heading 「二、免税额度」 takes their pairs), and the tie went to the name with fewer characters
    the question lacks, counting the bracketed unit: 免税店额度's 「不适用」 was bold. Without its unit, 免税额度 has none."""
    question = "机组人员每次进境的免税额度是多少？"
    s, e = cell_focus(question, ALLOWANCE, 0, ALLOWANCE_COLUMNS, (0, len(ALLOWANCE)), lexicon_for(None),
                      caption="二、免税额度")
    assert ALLOWANCE[s:e] == "800元"


HALL = "营业厅名称：城西营业厅；所在区县：城西区；地址：西山路12号；营业时间：周一至周五 8:30-17:00；咨询电话：0739-2265003"
BRANCH = "网点：西湖服务中心；地址：文三路520号；姓名：赵一鸣；联系电话：139 0571 2210；工作时间：周一至周六 9:00-17:30"


@pytest.mark.parametrize("question, record, expected", [
    ("周末想去城西那个营业厅办事，开门不", HALL, "营业时间：周一至周五 8:30-17:00"),
    ("城西营业厅礼拜一开门吗？", HALL, "营业时间：周一至周五 8:30-17:00"),
    ("晚上十一点多了，城西营业厅还能交电费不", HALL, "营业时间：周一至周五 8:30-17:00"),
    ("周末能去西湖那个店不", BRANCH, "工作时间：周一至周六 9:00-17:30"),
    ("城西营业厅的电话是多少？", HALL, "咨询电话：0739-2265003"),   # a column named: that one
    ("城西营业厅几点开门？", HALL, "营业时间：周一至周五 8:30-17:00"),   # a clock asked: as before
    ("东港那边周三能去办事吗", "名称：东港办事处；办公时间：周一至周五 8:30-17:00；电话：1；备注：周三下午不对外办公",
     "备注：周三下午不对外办公"),   # the day asked is in 备注: that cell (breaker CD)
    ("周日想去办电费业务，哪个营业厅开门啊", HALL, "营业厅名称：城西营业厅；"),   # which hall: the focus given stays
])
def test_a_question_whether_a_place_is_open_bolds_its_hours(question, record, expected):
    """columns.asks_open, hours_column (breakers AF, AH, AS, BF, BS, CG, session 48): 「浦东店礼拜一开门吗」 names no column, so the
    record's first fields (its name) were bold; a question whether a place is open, or one with a day or time and
    还能…不, asks for its hours."""
    s, e = cell_focus(question, record, 0, (), (0, 12), lexicon_for(None), record=True)
    assert record[s:e] == expected


def test_what_asks_whether_a_place_is_open():
    from chatbot.columns import asks_open

    assert asks_open("国庆节门诊开不开") and asks_open("半夜去体育中心那个停车场，还开着门吗？")
    assert not asks_open("年假有几天？") and not asks_open("周末加班费怎么算？") and not asks_open("城西营业厅在哪")
    assert not asks_open("休息日加班费怎么算") and not asks_open("周末还开发票吗") and not asks_open("上班第一天要带什么材料")
    assert asks_open("礼拜天去城东分馆行不行？")   # a day, 去 … 行不行


TICKETS = "名称：海澄火车站代售点；类型：代售点；地址：南广场旅游服务中心；营业时间：8:00-18:00；备注：仅售票，不办理改签和退票"


@pytest.mark.parametrize("question, expected", [
    ("火车站那个代售点能退票不？", "备注：仅售票，不办理改签和退票"),
    ("海澄火车站代售点几点关门？", "营业时间：8:00-18:00"),
    ("海澄火车站代售点在什么地方？", "地址：南广场旅游服务中心"),
    ("哪些代售点能退票？", "名称：海澄火车站代售点"),   # which: the focus given stays
    ("在南广场旅游服务中心的代售点能改签不？", "备注：仅售票，不办理改签和退票"),   # not 地址: where names the row (AA)
])
def test_a_question_naming_no_column_bolds_the_one_cell_holding_its_word(question, expected):
    """cells._cell_focus, columns.told_cell (breaker AU; session 48): 「火车站那个代售点能退票不？」 names no column and asks
    no kind of value, so the record's first fields were bold (its name); the one cell holding a word of the yes/no
    question that the row's key does not (退票) answers it. Not for a price (「周六搬家是不是要多收钱啊？」: the price
    column) nor which one (哪些…)."""
    s, e = cell_focus(question, TICKETS, 0, (), (0, 10), lexicon_for(None), record=True)
    assert TICKETS[s:e] == expected


BRANCH_HOURS = "名称：城东分馆；类型：分馆；地址：建设路156号；开放时间：周一至周六9:00-17:30；周末安排：周六开放，周日闭馆；节假日安排：春节除夕至正月初一闭馆"


@pytest.mark.parametrize("question, expected", [
    ("礼拜天去城东分馆行不行？", "周末安排：周六开放，周日闭馆"),      # 礼拜天 is 周日 (CI)
    ("城东分馆过年关门不？", "节假日安排：春节除夕至正月初一闭馆"),   # 过年 is 春节 (groups.py; CI)
    ("周一去城东分馆开门不？", "开放时间：周一至周六9:00-17:30"),
])
def test_a_yes_no_question_names_a_cell_by_its_day_or_holiday(question, expected):
    """columns.told_cell (breaker CI, session 48): the day or holiday a question names, as the document writes it."""
    s, e = cell_focus(question, BRANCH_HOURS, 0, (), (0, 8), lexicon_for(None), record=True)
    assert BRANCH_HOURS[s:e] == expected


def test_a_tie_between_columns_goes_to_the_range_holding_the_value_or_away_from_a_price():
    """cells._cell_focus (breakers P and AR, session 48): columns named alike tied, and the one with the fewest characters
    the question lacks won, so a column name's unit decided: 「公务舱起飞前2小时退票…」 over 起飞前…小时 columns needs the one
    whose range holds 2小时, and 「去泰国还用办签证吗？」 (no price asked) the 签证类型 field, not 签证费（元/人）."""
    row = "公务舱（C） | 免费 | 5% | 10% | 20%"
    columns = ("舱位等级", "起飞前7天（含）以上", "起飞前7天至48小时（含）", "起飞前48小时至4小时（含）", "起飞前4小时以内及起飞后")
    s, e = cell_focus("公务舱起飞前2小时退票收多少手续费？", row, 0, columns, (0, len(row)), lexicon_for(None))
    assert row[s:e] == "20%"
    visa = "国家/地区：泰国；签证类型：免签入境；签证费（元/人）：0；服务费（元/人）：0；有效期及停留期：每次停留不超过30天"
    s, e = cell_focus("去泰国还用办签证吗？", visa, 0, (), (0, 8), lexicon_for(None), record=True)
    assert visa[s:e] == "签证类型：免签入境"
    s, e = cell_focus("去泰国的签证要多少钱？", visa, 0, (), (0, 8), lexicon_for(None), record=True)
    assert visa[s:e] == "签证费（元/人）：0"   # a price asked: the price
    row, columns = "企业团体账户 | 每辆车150元 | 签订企业服务协议 | 5至10个工作日", ("车型", "押金金额", "信用免押条件", "押金退还到账时间")
    s, e = cell_focus("企业账户 押金", row, 0, columns, (0, len(row)), lexicon_for(None))
    assert row[s:e] == "每辆车150元"   # keywords, no yes/no question: the fewest characters the question lacks (BA)
