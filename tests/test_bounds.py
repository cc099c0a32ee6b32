"""values.other_bound (breakers BT, BY, session 44; 最早 / 最晚: CQ, session 50): a question asking one bound of a quantity over a run stating only
the other is a near miss; the same bound, both, or a run naming none is not."""
import pytest

from chatbot.values import other_bound


@pytest.mark.parametrize("question, run, expected", [
    ("团检专场一场最少要多少人才开？", "单场最多接待150人，须提前7个工作日预约场次", True),
    ("团体定制套餐人均最高是多少钱？", "人均金额不低于400元", True),
    ("学术型硕士答辩时，答辩人陈述最少要讲多少分钟？", "答辩人陈述不超过20分钟", True),
    ("博士答辩时自己讲的部分最长可以讲多久？", "答辩人陈述不超过40分钟", False),   # the bound asked
    ("住家保姆的合同最短能签多长时间？", "合同期限最短为1个月，最长为12个月", False),   # both stated
    ("最少提前几天预约？", "需提前3天预约", False),                                   # no bound stated
    ("最少几人成团，最多几人？", "10人以上成团", False),                              # both asked
    ("年假有几天？", "最多不超过15天", False),                                        # no bound asked
    ("钱塘厅最多能容纳多少人？", "钱塘厅 | 12F | 40人 | 需部门总监以上审批", False),   # 以上 is another cell's
    ("普通门诊最多可以提前几天预约？", "普通门诊可提前1至14天预约；种植初诊须提前至少3天预约", False),   # 1至14天 unbound
    ("总监去二类城市出差，住宿每晚上限是多少？", "总监及以上 | 900元 | 700元", False),   # no unit asked
    # the earliest and the latest are the two ends of a window (breaker CQ, session 50)
    ("宴会最晚要提前几天预订？", "大厅座位最早可提前7天预订，包间最早可提前30天预订，宴会最早可提前90天预订。", True),
    ("最早几点可以入园？", "最晚入园时间为16:30", True),
    ("宴会最早提前几天预订？", "宴会最早可提前90天预订。", False),
    ("最晚几点前要退房？", "退房时间最晚为12:00", False),
    ("最晚几点到？", "最早9:00到，最晚10:00到", False),                                # both stated
])
def test_other_bound(question, run, expected):
    assert other_bound(question, run) is expected
