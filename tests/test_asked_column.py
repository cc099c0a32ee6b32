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
    assert beside_question_word("社区剧团是星期几上课？", [["星期"], ["上课"]]) == 0
    assert beside_question_word("星期几在哪间教室上课", [["星期"], ["教室"]]) is None   # both beside one: none


def test_asked_by_kind_needs_one_fitting_column():
    columns, values = ("学院", "秘书", "接待时间", "办公地点"), ["化学学院", "周磊", "周三 14:30-17:00", "化学楼201"]
    assert asked_by_kind("date", [1, 2], columns, values) == 2
    assert asked_by_kind("place", [1, 3], columns, values) == 3
    assert asked_by_kind("place", [1, 2], columns, values) is None        # neither holds a place
    assert asked_by_kind("number", [1, 2], columns, values) is None       # only dates and places are checked
