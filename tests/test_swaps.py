"""A question's closed-class modifier that the quote writes only as a sibling's (chatbot/swaps.py): 「城北分馆在哪里？」
over the 城东分馆 row (breaker AF), 「三日连票多少钱？」 over 两日连票 (BE), 「14天通知存款…」 over 7天通知存款 (CL) are
refused; the question's own name written anywhere, in a group (东、西区, 中小学, 15—20号窗口) or by another numeral, and a
quantity beside another (20分钟 beside 15分钟: ranges.py's business) are not swaps."""
from dataclasses import replace

import pytest

from chatbot import refusals
from chatbot.bot import ChatBot
from chatbot.swaps import Group, groups, swapped


@pytest.mark.parametrize("question, text, swap", [
    ("城北分馆在哪里？", "场馆名称：城东分馆；地址：望江路215号", ("北分馆", "东分馆")),
    ("三日连票多少钱？", "两日连票 | 680 | 880", ("三日连票", "两日连票")),
    ("14天通知存款的利率是多少？", "个人通知存款；存期：7天；备注：须提前7天通知", ("14天通知", "7天通知")),
    ("电动自行车走D线的运费是多少？", "适用航线：A线、B线、C线；单程运费（元）：15", ("d线", "a线")),
    ("银卡会员每月可以免几次配送费？", "金卡会员每月免配送费3次", ("银卡会员每", "金卡会员每")),
    ("中号寄存柜租一次多少钱？", "小号柜每次20元，大号柜每次40元", ("中号", "小号")),   # a head of one naming character
    ("14天通知存款的利率是多少？", "须提前7天通知", ("14天通知", "7天通知")),            # 提前 is no top-N bound
    ("半程马拉松的赛会纪录是多少？", "全程马拉松赛会纪录为2小时10分", ("半程马拉松", "全程马拉松")),
    ("丙类药品医保能报销吗？", "乙类药品先由个人自付10%", ("丙类药品", "乙类药品")),
    ("110千伏用户的高可靠性供电费是多少？", "10千伏用户每千伏安收取", ("110千伏用户", "10千伏用户")),   # 110 is no 10
    ("臨江街道第三綜合為老服務站在哪？", "临江街道第二综合为老服务站：滨河路8号", ("三综合为老", "二综合为老")),   # folded
])
def test_a_sibling_written_in_place_of_the_question_s_modifier_is_a_swap(question, text, swap):
    assert swapped(question, text) == swap


@pytest.mark.parametrize("question, text", [
    ("城东分馆在哪里？", "场馆名称：城东分馆；地址：望江路215号"),                 # its own name
    ("城北分馆在哪里？", "城东分馆、城北分馆均设有停车场"),                          # written beside the sibling
    ("道东区用户投诉后多久上门？", "道东区、道西区用户投诉后，24小时内上门测温"),
    ("东区的用户呢？", "东、西区用户投诉后，24小时内上门测温"),                      # a group: 东、西区
    ("中学英语教师要什么专业？", "中小学英语教师岗位须英语专业"),                    # 中小学
    ("市民中心18号窗口受理什么业务？", "3层15—20号窗口：受理贷款申请"),              # 15—20 holds 18
    ("献全血每一百毫升积多少分？", "献全血：每100毫升积10分；采血量不足200毫升的不积分"),   # 一百 is 100
    ("迟到20分钟扣多少钱？", "迟到15分钟以上的，每次扣50元"),                         # quantities: ranges.py
    ("工作满12年的员工一年有几天年假？", "满10年不满20年的，年休假10天"),
    ("出差两个月年卡能冻结吗？", "年卡每年可冻结一次，最长3个月"),
    ("2026年度缴存基数上限是多少？", "本市2025年度职工月平均工资的3倍"),               # a calendar year: series.py
    ("8点开门吗？", "每日9点开门"),                                                   # a time of day
    ("一份爆米花多少钱？", "2份套餐68元"),                                            # 一: a count
    ("由哪两个乡镇合并？", "由19个乡镇合并"),                                         # 哪两个
    ("10月5日申请退赛能退多少？", "10月20日申请退赛的，退还50%"),                      # a date
    ("上午号源有多少？", "下午号源为40个"),                                           # 上下 is no class
    ("城北分馆在哪里？", "滨湖网球中心：湖滨路36号"),                                 # no sibling written
    ("用电功率提到10千瓦要怎么办？", "用电容量8千瓦以下的，直接申请增容"),                 # a bound, not a sibling
    ("30英寸的液晶电视回收价多少？", "液晶电视（32英寸及以上）：80元"),
    # the review (session 56): ranges written with the head after each member or with a plain hyphen, tiers and top-N
    # bounds, two-digit years, the question's member written with another head, yes/no questions, words (中奖, 中心)
    ("周三开放吗？", "周一至周五开放，周六、周日闭馆"),
    ("二年级学生免费吗？", "一年级至三年级学生免费"),
    ("第2名奖金多少？", "第1名至第3名奖金各500元"),
    ("18号窗口办什么？", "15-20号窗口：受理贷款；21号窗口：受理公积金"),
    ("B区停车场在哪？", "A区至C区停车场位于东侧"),
    ("金卡会员能免费停车吗？", "银卡及以上会员免费停车"),
    ("中专毕业可以报名吗？", "报名条件：大专及以上学历"),
    ("第50名顾客有礼品吗？", "活动当天前100名顾客有礼品"),
    ("24年新政策有哪些？", "2024年新政策解读"),
    ("周六开放吗？", "周一至周五开放，周六闭馆"),
    ("可以30天无理由退货吗？", "本店支持7天无理由退货"),
    ("中奖了怎么领取？", "获得大奖的顾客凭小票到服务台领取"),
    ("游客中心在哪？", "雨天路滑，请小心"),
    ("北区到南区的校车几点发车？", "北区校车 10—20路 7:00发车"),                         # 北区 named too (a range beside)
    ("两班倒夜班津贴多少钱？ 那三班倒的夜班呢？", "三班倒 | 夜班 | 23:00 | 30元/班"),      # a follow-up joined to its question
])
def test_the_question_s_own_modifier_a_group_or_a_quantity_is_no_swap(question, text):
    assert swapped(question, text) is None


def test_groups_read_members_joined_by_a_mark_or_a_range():
    assert groups("东、西区") == [Group("member", ("东", "西"), (), "区", "东、西区", 0)]
    assert groups("15—20号窗口")[0][1:4] == ((15.0, 20.0), ((15.0, 20.0),), "号窗口")
    assert groups("中小学")[0].members == ("中", "小")
    assert [g.text for g in groups("xr-300型号与a线")] == ["a线"]   # a code's number is no modifier


def _sheet(folder):
    folder.mkdir()
    (folder / "存款利率.md").write_text(
        "# 通知存款利率\n\n| 产品 | 起存金额 | 年利率 |\n| --- | --- | --- |\n| 1天通知存款 | 5万元 | 0.10% |\n"
        "| 7天通知存款 | 5万元 | 0.65% |\n", encoding="utf-8")


def test_the_bot_refuses_a_sibling_the_table_does_not_list_and_answers_its_own(settings, tmp_path, embedder, monkeypatch):
    _sheet(tmp_path / "deposits")
    bot = ChatBot(replace(settings, corpus_dir=tmp_path / "deposits"), embedder)
    own = bot.ask("7天通知存款的利率是多少？")
    assert not own.abstained and "0.65%" in own.citations[0].quote
    refused = bot.ask("14天通知存款的利率是多少？")
    assert refused.abstained and refused.refused_by == "swap" and own.refused_by == ""   # the abstention names its rule
    monkeypatch.setattr(refusals, "swapped", lambda question, text: None)   # the check is what refuses it
    assert not bot.ask("14天通知存款的利率是多少？").abstained
