"""periods.py: a price asked for one period over a quote whose prices are all for a longer one is refused (breaker Z,
session 37: 「开放工位可以按天租吗？日租价格多少？」 bolded 「每人每月1200元」, 「路演厅全天的价格」 the half-day prices)."""
import pytest

from chatbot.periods import asked_period, other_period, stated_periods
from chatbot.values import lacks_value


@pytest.mark.parametrize("question, period", [
    ("开放工位可以按天租吗？日租价格多少？", "日"), ("路演厅全天的价格是多少？", "全天"), ("会议室一小时多少钱", "小时"),
    ("车位包年多少钱", "年"), ("停车费多少钱", ""), ("3个工作日内能退多少钱", ""), ("按天还是按月收费", ""),
    # a pass named by its period is the thing asked about (breaker AQ, session 40: refused over 价格（元/月）)
    ("全天月卡（二类）多少钱？", ""), ("夜间月卡多少钱", ""), ("月卡一个月多少钱", "月"),
])
def test_the_period_a_price_is_asked_for(question, period):
    assert asked_period(question) == period


def test_the_periods_a_quotes_amounts_are_stated_for():
    assert stated_periods("每人每月1200元") == ({"月"}, False)
    assert stated_periods("半天1800元；全天3000元") == ({"半天", "日"}, False)
    assert stated_periods("80元/天，押金2000元") == ({"日"}, True)   # the deposit: for no period
    assert stated_periods("| 价格（元/月） |\n| 开放工位 | 1200 |") == ({"月"}, False)   # the column states it


@pytest.mark.parametrize("question, quote, refused", [
    ("开放工位可以按天租吗？日租价格多少？", "开放工位 | 每人每月1200元", True),
    ("路演厅全天的价格是多少？", "路演厅 | A栋1楼 | 半天1800元 | 半天2800元", True),
    ("开放工位日租多少钱", "每天80元，每月1200元", False),
    ("停车一天多少钱", "每小时8元", False),          # a shorter period's price adds up: answered
    ("工位月租多少钱", "每人每月1200元", False),
    ("工位日租多少钱", "工位押金2000元，每月1200元", False),   # an amount for no period: no evidence
])
def test_a_price_for_a_longer_period_only_does_not_answer(question, quote, refused):
    assert other_period(question, quote) is refused
    assert lacks_value(question, quote) is refused
