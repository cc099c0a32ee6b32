"""Number ranges (chatbot/ranges.py) and the run order they give (runs.rank_runs): a question's value or range
is matched against the ranges a clause states, so 「12 years of service」 quotes 「满10年不满20年」."""
import pytest

from chatbot.bot import ChatBot
from chatbot.ranges import INF, Range, fit, is_condition, number, question_ranges, text_ranges
from chatbot.settings import Settings

E = 1e-6


@pytest.mark.parametrize("word, value", [("12", 12.0), ("2.5", 2.5), ("twelve", 12.0), ("十二", 12.0), ("十", 10.0),
                                         ("二十五", 25.0), ("两", 2.0), ("百", None), ("一十二十", None),
                                         # places above 十 (session 28's breaker: 两万五千元 was no value)
                                         ("三百", 300.0), ("两千", 2000.0), ("一千零五", 1005.0), ("两万五千", 25000.0),
                                         ("三千五", 3500.0), ("两万五", 25000.0), ("一百五", 150.0), ("三十五万", 350000.0),
                                         ("千万", None), ("一二", None)])
def test_number(word, value):
    assert number(word) == value


@pytest.mark.parametrize("question, ranges", [
    ("How many days of annual leave does an employee with 12 years of service get?", [Range("年", 12, 12, True)]),
    ("Who approves a leave of more than 5 days?", [Range("天", 5 + E, INF, False)]),
    ("a 12-year employee, at least three months", [Range("月", 3, INF, False), Range("年", 12, 12, True)]),
    ("between 3 and 5 working days", [Range("天", 3, 5, False)]),
    ("工作满12年的员工年假几天?", [Range("年", 12, 12, True)]),         # a question's 满 names the point it stands at
    ("报销超过5000元谁审批?", [Range("元", 5000 + E, INF, False)]),
    ("不超过2万元的报销", [Range("元", 0, 20000, False)]),
    ("滤芯多久换一次?", []),                                           # 一次: "once", not a condition
    ("XR-200的保修期是几年? 2024年呢?", []),                          # a model number and a calendar year
    ("What is the design capacity of the CY-W50 per day?", []),
    # an amount asked without its unit when the question is about money (session 29): 1.5万, 3500, 三千五, 两万五
    ("报销1.5万要谁批", [Range("元", 15000, 15000, True)]),
    ("报销3500要谁批", [Range("元", 3500, 3500, True)]),
    ("报销三千五谁批", [Range("元", 3500, 3500, True)]),
    ("两万五的报销谁签", [Range("元", 25000, 25000, True)]),
    ("报销3万块钱谁批", [Range("元", 30000, 30000, True)]),
    ("公司有1.5万人吗", []),                                         # a count of people, and no money asked
    ("发票100张要多少钱", [Range("张", 100, 100, True)]),              # a count of sheets, no amount of money
    ("溪谷球场打完4个洞下雨了，雨票怎么算？", [Range("洞", 4, 4, True)]),   # a count's band is asked (DV, session 62)
    ("2024年报销政策", []),
    ("2026 运输保价 费率", []),                                       # a year in a keyword question, not 2026元
    ("报销单号10023的金额是多少", []),                                # a number after 号 names a document
    ("报销电话4008201234多少钱", []),                                 # ten digits: a telephone number
    ("采购2000的设备谁批", [Range("元", 2000, 2000, True)]),           # spent: an amount, not the year 2000
    ("利率3.1%", [Range("%", 3.1, 3.1, True)]),                       # not 1% (the English pattern read after the dot)
    # a year of service as an ordinal: in the seventh year, more than 6 years and less than 7
    ("工作第七年年假几天", [Range("年", 6, 7 - E, False)]),
    ("入职第十五年病假工资打几折", [Range("年", 14, 15 - E, False)]),   # not 五年: 十五 read whole after 第
    ("第十五周的会议", []),
    ("第3年度计划", []),
])
def test_question_ranges(question, ranges):
    assert question_ranges(question) == [Range(r.unit, float(r.lo), float(r.hi), r.point) for r in ranges]


def test_a_condition_in_its_own_scale_is_no_missing_word():
    assert is_condition("1.5", "报销1.5万要谁批") and is_condition("三千五", "报销三千五谁批")
    assert is_condition("第七年", "工作第七年年假几天") and is_condition("12", "工作12年的年假")
    assert not is_condition("2024", "2024年营收多少") and not is_condition("万", "报销1.5万要谁批")
    assert not is_condition("300", "XR-300多少钱")


def test_text_ranges_of_a_bracketed_clause():
    assert text_ranges("员工累计工作满1年不满10年的，年休假5天；满20年的，年休假15天；3至5个工作日；5天以内") == [
        Range("年", 1.0, 10 - E, False), Range("天", 3.0, 5.0, False), Range("年", 20.0, INF, False),
        Range("天", 0.0, 5.0, False), Range("天", 5.0, 5.0, True), Range("天", 15.0, 15.0, True)]
    assert text_ranges("第18周：2025年12月18日召开") == []               # an ordinal and a date
    # 不满1年 alone is below one year, not 满1年 (session 28: a tier table's 「不满1年」 row held 8 years)
    assert text_ranges("| 不满1年 | 1000分 |") == [Range("年", 0.0, 1 - E, False)]
    assert text_ranges("未满3个月的") == [Range("月", 0.0, 3 - E, False)]
    # each bound in its own scale (session 28's breaker: 2000元至1万元 was [2e7, 1e4]); 块 and 千元 are amounts of 元
    assert text_ranges("2000元至1万元") == [Range("元", 2000.0, 10000.0, False)]
    assert text_ranges("1万元至5万元") == [Range("元", 10000.0, 50000.0, False)]
    assert text_ranges("5千元以下") == [Range("元", 0.0, 5000.0, False)]
    assert question_ranges("报销3000块钱要谁签字") == [Range("元", 3000.0, 3000.0, True)]
    assert question_ranges("报销两万五千元由谁审批") == [Range("元", 25000.0, 25000.0, True)]
    assert text_ranges("一千五百元以下") == [Range("元", 0.0, 1500.0, False)]


def test_fit_holds_misses_or_says_nothing():
    twelve_years, over_five_days = question_ranges("12 years"), question_ranges("more than 5 days")
    assert fit(twelve_years, "满10年不满20年的，年休假10天") == 4
    assert fit(twelve_years, "满1年不满10年的，年休假5天；满10年不满20年的") == 3  # beside a bracket that misses
    assert 2 <= fit(twelve_years, "员工在公司连续工作满1年后享受带薪年假") < 2.1     # unbounded: less specific
    assert fit(twelve_years, "员工累计工作满1年不满10年的，年休假5天") == -1
    assert fit(twelve_years, "符合法定结婚年龄的员工可享受婚假13天") == 0    # no figure in years
    assert fit(over_five_days, "超过5天的须报分管副总审批") == 2
    assert fit(over_five_days, "连续休假5天以内由直属主管审批") == -1
    assert fit(over_five_days, "员工可享受婚假13天") == 0                    # an amount, not a condition
    assert fit([], "满10年不满20年") == 0
    five_days = question_ranges("请假5天谁批")
    assert fit(five_days, "满10年不满20年的，年休假10天；满1年不满10年的，年休假5天") == 0.5   # an equal amount: last but
    assert 2 <= fit(five_days, "3天以上由部门负责人和人力资源总监共同审批") <= 2.5            # a condition that holds it
    assert 1 <= fit(five_days, "请假3天以内（含3天）由部门负责人审批；3天以上由部门负责人和人力资源总监共同审批") < 1.5
    assert fit(five_days, "请假3至7天的由总监审批") == 4
    # the same value after the same words is the condition itself, not an amount (the breaker's 审批.md, session 27)
    assert fit(five_days, "员工请假1天由直接主管审批。员工请假5天由分管副总审批。", "请假5天谁批") == 4
    assert fit(five_days, "满1年不满10年的，年休假5天", "请假5天谁批") == 0.5
    # a count's bands (breaker DV, session 62): 4 holes played in 「3–5洞」, not in 「6洞及以上」 nor 「1–2洞」; 150 sheets
    four_holes = question_ranges("溪谷球场打完4个洞下雨了，雨票怎么算？")
    assert fit(four_holes, "溪谷球场 | 3–5洞 | 50%果岭费") == 4
    assert fit(four_holes, "溪谷球场 | 6洞及以上 | 不签发雨票") == fit(four_holes, "溪谷球场 | 1–2洞 | 全额") == -1
    assert fit(question_ranges("打印150张要多少钱"), "黑白A4 | 100-499张 | 0.3元") == 4
    assert fit(question_ranges("打印150张要多少钱"), "每人每次限打印20张") == 0    # an amount, not a band
    # the review: two units in one phrase are no range; 二套房 is a second home, no count of 套
    assert text_ranges("100张以上，0.8元/张") == [Range("张", 100, INF, False), Range("元", 0.8, 0.8, True)]
    assert text_ranges("5人以上，200元/人")[0] == Range("人", 5, INF, False)
    assert question_ranges("二套房首付比例是多少？") == []


HANDBOOK = ("新员工手册\n\n年休假\n新员工连续工作满1年后享受带薪年假。新员工累计工作满1年不满10年的，年休假5天；满10年不满20年的，年休假10天；"
            "满20年的，年休假15天。\n\n审批\n新员工连续休假5天以内由直属主管审批，超过5天的须报分管副总审批。\n")


def handbook_bot(tmp_path, embedder) -> ChatBot:
    """The keyword embedder's bot over HANDBOOK alone, in its own index folder."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "手册.txt").write_text(HANDBOOK, encoding="utf-8")
    return ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index", min_score=0.3, min_coverage=0.0,
                            min_score_crosslingual=0.3, min_term_chars=0, feedback_file=tmp_path / "feedback.jsonl"),
                   embedder)


@pytest.mark.parametrize("question, expected, wrong", [
    ("新员工 annual leave with 12 years of service?", "满10年不满20年", "满1年"),
    ("新员工手册:工作满12年年休假几天?", "满10年不满20年", "满1年"),
    ("新员工 leave of more than 5 days: who approves?", "超过5天的须报分管副总审批", "以内"),
    ("新员工手册:工作第十五年年休假几天?", "满10年不满20年", "满1年"),   # an ordinal year, read whole (session 29)
])
def test_the_run_whose_range_holds_the_number_is_quoted(tmp_path, embedder, question, expected, wrong):
    a = handbook_bot(tmp_path, embedder).ask(question)
    assert not a.abstained
    c = a.citations[0]
    focus = c.quote[c.focus_start - c.start:c.focus_end - c.start]   # the run that answers, shown in bold
    assert expected in focus and wrong not in focus


@pytest.mark.parametrize("question", ["新员工手册:年休假有几天?", "新员工手册 年休假怎么规定的"])
def test_a_question_without_a_value_is_quoted_every_tier(tmp_path, embedder, question):
    """ranges.tiers (session 27): 「年假有几天」 quoted 「满10年不满20年的，年休假10天；满20年的，年休假15天。」 and dropped
    the first, most common tier; a question naming no number of the tiers' unit gets the whole rule."""
    a = handbook_bot(tmp_path, embedder).ask(question)
    assert not a.abstained
    c = a.citations[0]
    quote, focus = c.quote, c.quote[c.focus_start - c.start:c.focus_end - c.start]
    assert "满1年不满10年的，年休假5天" in quote and "满10年不满20年的，年休假10天" in quote and "满20年的，年休假15天" in quote
    assert focus.startswith("新员工累计工作满1年不满10年的") and focus.rstrip("。").endswith("满20年的，年休假15天")   # all in bold


def test_tiers_grow_only_within_one_sentence_and_only_without_the_asked_value():
    from types import SimpleNamespace

    from chatbot.tiers import tiers

    text = "年假规定。满1年不满10年的，年休假5天；满10年不满20年的，年休假10天；满20年的，年休假15天。病假另计。"
    hit = SimpleNamespace(chunk=SimpleNamespace(start=100, text=text, kind="text"))
    s = 100 + text.index("满10年")
    e = 100 + text.index("。病假") + 1
    assert tiers("年假几天", hit, s, e)[:2] == (100 + text.index("满1年"), e)
    assert tiers("年假几天", hit, s, e)[2] == (100 + text.index("满1年"), 100 + text.index("病假"))   # the tiers, bold
    assert tiers("工作12年年假几天", hit, s, e)[:2] == (s, e)      # its own tier: by_range chose it
    assert tiers("年假几天", hit, s, e, cap=20)[:2] == (s, e)      # over the cap: unchanged
    one = "满1年的员工享受年休假5天。"
    hit = SimpleNamespace(chunk=SimpleNamespace(start=0, text=one, kind="text"))
    assert tiers("年假几天", hit, 0, len(one))[:2] == (0, len(one))   # one tier: nothing to grow to
    # deadlines are no tiers (session 41: 「7天内」 read as a range made them one, and bolded the wrong one)
    due = "须在支付成功后180天内申请；电子发票在3个工作日内发送。"
    hit = SimpleNamespace(chunk=SimpleNamespace(start=0, text=due, kind="text"))
    assert tiers("发票要在付款后多少天内申请？", hit, 0, due.index("；"))[2] is None


APPROVAL = "第六条 资助实行分级审批：单笔资助金额在5000元以下的，由科室主任审批；5000元（含）至3万元的，由分管副院长审批；超过3万元的，提交院长办公会集体审议。"
SERVICE = "第七条 资助总额在1万元以下的，不约定服务期；1万元（含）至5万元的，服务期为2年；超过5万元的，服务期为5年。"


def _hit(i: int, text: str):
    from types import SimpleNamespace

    from chatbot.chunks import Chunk
    return SimpleNamespace(chunk=Chunk(i, "进修.docx", "第三章", (), 1000 * i, 1000 * i + len(text), text))


PREPAY = "一次性预交全年物业费的，可享受九五折优惠；预交两年及以上的，享受九折优惠。"


@pytest.mark.parametrize("question, text, bold", [
    ("一笔4万块的资助需要谁来审批", APPROVAL, "超过3万元的，提交院长办公会集体审议。"),
    ("进修资助2万元由谁审批", APPROVAL, "5000元（含）至3万元的，由分管副院长审批；"),   # 含 before 至: one range
    ("资助总额8万元服务期几年", SERVICE, "超过5万元的，服务期为5年。"),
    ("资助有哪几档审批", APPROVAL, None),                                        # no value: every tier (tier_span)
    # one part states a range that holds the value, the other none of its unit (全年; session 32's breaker: 九五折 bold)
    ("一口气交两年物业费能打几折", PREPAY, "预交两年及以上的，享受九折优惠。"),
    ("预交物业费有什么优惠", PREPAY, None),
    ("交一年物业费打几折", PREPAY, None),                                          # no range holds it: no narrowing
    ("年假5天怎么请", "员工年休假5天，须提前申请；病假另计。", None),                 # a bare equal amount is no tier
])
def test_the_tier_holding_the_questions_value_is_bold(question, text, bold):
    """A question with a value is quoted the tiered rule with the tier that holds it in bold (tiers.held_tier); the
    breaker's 「4万块谁审批」 had the first tier, 5000元以下…科室主任, in bold (session 29)."""
    from chatbot.tiers import held_tier

    hit = _hit(0, text)
    span = held_tier(question, hit, 0, len(text))
    assert (text[span[0]:span[1]] if span else None) == bold


def test_the_value_is_looked_for_first_in_the_best_passage_that_holds_it():
    """runs.by_range: the 审批 article's 超过3万元 (unbounded) before the 服务期 article's 1万元至5万元 (bounded), which the
    ranker put second: a more specific range in another passage is another rule (session 29's breaker)."""
    from chatbot.runs import by_range

    approval, service = _hit(0, APPROVAL), _hit(1, SERVICE)
    cut = APPROVAL.index("超过3万元")
    runs = [(0.9, approval, cut, len(APPROVAL)), (0.8, service, 1000 + SERVICE.index("1万元（含）"), 1000 + SERVICE.index("；超过")),
            (0.7, approval, 0, APPROVAL.index("；"))]
    assert by_range("一笔4万块的资助需要谁来审批", runs)[0] is runs[0]
    # within one passage, the bounded tier before an unbounded one that also holds the value (满10年不满20年 before 满1年后)
    tiers = _hit(2, "员工连续工作满1年后享受带薪年假。满1年不满10年的，年休假5天；满10年不满20年的，年休假10天。")
    t = tiers.chunk.text
    runs = [(0.9, tiers, 2000, 2000 + t.index("。") + 1), (0.8, tiers, 2000 + t.index("满10年不满"), 2000 + len(t))]
    assert by_range("工作12年年假几天", runs)[0] is runs[1]


def test_distances_ranges_above_one_value_up_to_another_and_approximate_values():
    """ranges (breaker Q, session 35): 公里 was no unit, so 「家离网点六十多公里」 and 「距离网点100公里」 picked no row of the
    远程费 sheet; 「50元以上至200元」 read as 50元 or more (and a bare 200元), so 150元 fitted 「单次最高不超过300元」 first."""
    assert question_ranges("家离网点六十多公里要收钱吗") == [Range("公里", 60 + 1e-6, 70 - 1e-6, False)]
    assert question_ranges("How much for 65 km?") == [Range("公里", 65, 65, True)]
    assert text_ranges("50元以上至200元") == [Range("元", 50 + 1e-6, 200, False)]
    assert text_ranges("3公斤以上、10公斤以下") == [Range("公斤", 3 + 1e-6, 10, False)]
    rows = ["距离：30-50公里；收费标准：50元/次", "距离：50-80公里；收费标准：100元/次", "距离：80公里以上；收费标准：每增加10公里加收20元"]
    assert [fit(question_ranges("六十多公里上门收钱吗"), r) for r in rows] == [-1, 4, -1]
    assert [fit(question_ranges("距离100公里远程费多少"), r) for r in rows] == [-1, -1, 2.4]   # 80 of 100: +0.4
    assert fit(question_ranges("补偿150元的优惠券谁审批"), "| 50元以上至200元 | 客服主管审批 |") == 4
    assert fit(question_ranges("补偿150元的优惠券谁审批"), "| 50元及以下优惠券 | 一线客服直接发放 |") == -1
    assert question_ranges("买20节私教课单价多少") == [Range("节", 20, 20, True)]            # breaker R: lessons
    assert fit(question_ranges("买20节私教课单价多少"), "10节至29节：300元/节") == 4
    assert question_ranges("保价一千二的东西丢了赔多少") == [Range("元", 1200, 1200, True)]   # 保价: an amount
    ten_wan = question_ranges("保10万的货保价费率多少")                                  # the nearer bound first
    assert fit(ten_wan, "满10万元的，费率降为2‰") > fit(ten_wan, "保价金额满1万元的，费率降为2.5‰") > 2


def test_training_hours_are_a_unit():
    """ranges (breaker U, session 36): 学时 was no unit, so 「已用学时超过8学时时退学」 fitted neither refund row, and the
    row 「不超过8学时」, which holds 「超过8学时」 in its words, was quoted."""
    asked = question_ranges("科目二培训中、已用学时超过8学时时退学，退费比例是多少？")
    assert asked == [Range("节", 8 + 1e-6, float("inf"), False)]
    assert [fit(asked, r) for r in ("| 科目二培训中，已用学时不超过8学时 | 45% |", "| 科目二培训中，已用学时超过8学时 | 30% |")] == [-1, 2.0]


def test_a_childs_height_said_aloud_is_held_by_the_height_rule():
    """ranges (breakers S, X, AC, session 38): 米 was no unit and 「一米二」 no number, so 「娃一米一，坐观光车要买票不」
    fitted neither the free rule (1.2米以下) nor the half-price one; 不到 bounds from above like 不满."""
    child = question_ranges("娃一米一，坐观光车要买票不")
    assert child == [Range("米", 1.1, 1.1, True)]
    assert [fit(child, t) for t in ("身高1.2米以下儿童免票乘车", "身高1.2米（含）至1.5米（含）的儿童购买半价票")] == [4.0, -1]
    assert question_ranges("个子不到一米二的小孩要买票吗？") == [Range("米", 0.0, 1.2 - 1e-6, False)]
    assert question_ranges("身高120厘米") == [Range("米", 1.2, 1.2, True)]
    assert question_ranges("坐公交要两块五吗") == [Range("元", 2.5, 2.5, True)]
    assert question_ranges("一米的小孩") == []   # 一 alone: a figure of speech


def test_a_countdown_range_holds_the_days_between():
    """ranges (breaker AR, session 40): a cancellation table counts down to departure, 「出发前29天至15天」, so the range
    was read as [29, 15], holding nothing, and 「日韩线路提前20天取消要扣多少？」 quoted another passage than that row. A
    range written high to low holds the values between."""
    from chatbot.ranges import fit, question_ranges, text_ranges

    assert [(r.lo, r.hi) for r in text_ranges("出发前14天至7天")] == [(7.0, 14.0)]
    asked = question_ranges("日韩线路提前20天取消要扣多少？")
    assert fit(asked, "出发前29天至15天") > 0 and fit(asked, "出发前14天至7天") < 0


def test_a_countdown_to_the_day_itself_starts_at_zero():
    """ranges (breaker AR, session 41): 「出发前3天至出发当日」 was read as the bare value 3天, so 「临走前两天才说不去了，要扣多少
    钱？」 quoted the 出发前6天至4天 row. A range ending on the day itself (当日, 当天) holds [0, a]."""
    from chatbot.ranges import fit, question_ranges, text_ranges

    assert [(r.unit, r.lo, r.hi) for r in text_ranges("出发前3天至出发当日")] == [("天", 0.0, 3.0)]
    assert [(r.lo, r.hi) for r in text_ranges("开课前7个工作日至开课当天")] == [(0.0, 7.0)]
    asked = question_ranges("如果我临走前两天才说不去了，要扣多少钱？")
    assert fit(asked, "出发前3天至出发当日 | 团费的90%") > 0 and fit(asked, "出发前6天至4天 | 团费的70%") < 0


@pytest.mark.parametrize("question, right, wrong", [
    ("进园才玩了两个钟头就因为天气关门了，有什么补偿？", "入园后3小时内因天气闭园的，可获赠门票一张",
     "入园超过3小时后闭园的，每张门票补偿50元"),                         # 钟头 is an hour (breaker AX)
    ("我提前三天就决定不去了，把票退掉要扣钱吗？", "开航前48小时以上 | 免收",
     "开航前48小时以内至24小时以上 | 票价的5%"),                         # days against hours; a window counting down (AU)
    ("开课二十来天了，课看了不到三成，能退多少钱啊？", "| 开课后第8至30天 | 不超过30% | 实付金额的70% |",
     "| 开课后第31至90天 | 不超过50% | 实付金额的30% |"),                  # 第8至30天, 三成; one condition missed (AW)
    ("开课后第31至90天、学习进度超过50%的，能退多少？", "| 开课后第31至90天 | 超过50% | 不予退款 |",
     "| 开课后第31至90天 | 不超过50% | 实付金额的30% |"),
    ("停航后第20天还能退票吗？", "退票须在停航之日起30日内办理", "退票须在停航之日起7日内办理"),   # 30日内
    ("一次加班超过4小时要谁批？", "单次加班4小时以内的，由车间主任审批；超过4小时的，由生产经理审批",
     "可先加班，并在加班后1个工作日内补办"),                              # a coarser unit is not compared
    ("个头还没到一米二的小朋友能下大池子吗？", "身高1.2米以下的儿童只能在儿童戏水池活动",
     "身高1.2米至1.4米的儿童可在标准池浅水区活动"),                    # 没到, as 不到
    ("开航前2小时以内退票要到哪里办理？", "开航前2小时以内至开航前 | 票价的20% | 仅限码头售票窗口办理",
     "开航前24小时以内至2小时以上 | 票价的10% | 可在线上自助办理"),          # a bound shared is no overlap (AU)
])
def test_spoken_units_day_counts_and_every_condition_decide_the_tier(question, right, wrong):
    """ranges (breakers AU, AW, AX, session 41): 两个钟头, 三天 against 「48小时以上」, 「48小时以内至24小时以上」, 二十来天,
    不到三成, 「第8至30天」 and 「30日内」 were not read, so the opposite tier was quoted; and a row holding one of two
    conditions (第31至90天 for 第20天) ranked with the row holding both. The right tier fits, the wrong one does not."""
    from chatbot.ranges import fit, question_ranges

    asked = question_ranges(question)
    assert fit(asked, right) >= 1 > fit(asked, wrong)


def test_share_words_and_dates_are_not_misread():
    """ranges (session 41's probe): 「星期六星期天」 was read as 6 weeks, and 「7天内」 holding 七天 at its bound outranked the
    row naming 7天无理由退货 (an amount that happens to be equal, as a bare value is)."""
    from chatbot.ranges import fit, question_ranges, text_ranges

    assert question_ranges("星期六星期天租车比工作日贵多少？") == [] and question_ranges("周三上午有课吗") == []
    asked = question_ranges("大家电七天无理由退货要收多少取件费？")
    assert fit(asked, "自签收之日起7天内，商品完好的可退") == fit(asked, "7天无理由退货（大家电） | 80元") == 0.5

    assert text_ranges("三成人") == [] and text_ranges("5月30日内") == []
    assert [(r.unit, r.lo, r.hi) for r in text_ranges("九成新")] == [("%", 90.0, 90.0)]
    assert [(r.unit, r.lo, r.hi) for r in text_ranges("7天内退款")] == [("天", 0.0, 7.0)]


def test_a_volume_in_fang_is_held_by_its_tier():
    """ranges (breaker AZ, session 41): 「俺家一年用了250方水，超出的那部分按啥价算？」 quoted the first tier (0—216立方米): 方
    was no unit. 方, 立方 and 立方米 are one unit; 方 after a Chinese numeral (三方协议, 双方) is none."""
    from chatbot.ranges import fit, question_ranges, text_ranges

    asked = question_ranges("俺家一年用了250方水，超出的那部分按啥价算？")
    assert fit(asked, "第二阶梯；用水量范围：217—300立方米") > 0 > fit(asked, "第一阶梯；用水量范围：0—216立方米")
    assert text_ranges("签订三方协议") == []


def test_a_deadline_is_no_tier():
    """tiers._ranges (session 41's probe): 「预约手术要交多少定金？」 bolded the 取消 tiers (「术前24小时以上取消的，定金全额退还；
    术前24小时内取消的，定金不予退还」) after 「手术预约须支付定金300元。」 once 「24小时内」 was read as a range (ranges.py, for
    「两个钟头」 in 「入园后3小时内」): for tiers a bare 「X小时内」 is a time limit; caps in 元 still are tiers."""
    from types import SimpleNamespace

    from chatbot.tiers import tier_span

    rule = "手术预约须支付定金300元。术前24小时以上取消的，定金全额退还；术前24小时内取消的，定金不予退还。"
    hit = SimpleNamespace(chunk=SimpleNamespace(start=0, text=rule, kind="text"))
    assert tier_span("预约手术要交多少定金？", hit, 0, len(rule)) is None
    caps = "本市户籍职工每次提取额度不超过18000元；非本市户籍职工每次提取额度不超过15000元。"
    hit = SimpleNamespace(chunk=SimpleNamespace(start=0, text=caps, kind="text"))
    assert tier_span("公积金一次能取多少钱", hit, 0, len(caps)) is not None


def test_a_tier_stated_as_above_one_bound_and_below_another_is_one_range():
    """ranges._ZH_PATTERNS (breaker BL, session 43): 「24小时以上、不足48小时」 was read as [24, ∞) and [0, 48), so
    「离发车不到24小时退票」 held it and its row (10%) was quoted before the 「不足24小时」 row (20%). Above one bound and below
    another in the same unit is one range; in two units (48小时以上、不足8天) each is read alone."""
    from chatbot.ranges import fit, text_ranges

    assert text_ranges("24小时以上、不足48小时") == [Range("小时", 24.0, 48 - E, False)]
    assert text_ranges("1万元以上不足5万元") == [Range("元", 10000.0, 50000 - E, False)]
    assert [r.unit for r in text_ranges("48小时以上、不足8天")] == ["小时", "天"]
    asked = question_ranges("离发车不到24小时退票，退票费怎么算？")
    assert fit(asked, "24小时以上、不足48小时 | 票面价格的10% | 含24小时") < 0 < fit(asked, "不足24小时 | 票面价格的20%")


def test_a_flats_area_as_people_say_it_is_held_by_its_tier():
    """ranges (breaker CE, session 47): 「我家140平，装修押金要交多少啊？」 was refused over the rows 「90㎡以上至144㎡」 and
    「144㎡以上」: 平 and ㎡ were no unit. 平, 平米, 平方, 平方米, ㎡ and m2 are one unit; 平 of 平台 or 平均 is none."""
    from chatbot.ranges import fit, question_ranges, text_ranges

    asked = question_ranges("我家140平，装修押金要交多少啊？")
    assert fit(asked, "高层、小高层 90㎡以上至144㎡ | 5000元") > 0 > fit(asked, "高层、小高层 144㎡以上 | 8000元")
    assert fit(question_ranges("144平以上的大平层垃圾清运费多少？"), "144㎡以上 | 1200元") > 0
    assert fit(question_ranges("建筑面积120平方米的押金"), "90m2以上至144m2 | 5000元") > 0
    assert text_ranges("3平台入口") == [] and text_ranges("人均5平均分配") == []


def test_a_records_fields_are_no_tiers():
    """tiers.held_tier (session 47's probe): 「唯一住房面积90平米以上契税是多少？」 over the record 「…适用情形：家庭唯一住房，面积90平方
    米以上；税率或标准：1.5%…」 bolded the condition field once 平米 was a unit; a record's fields are split at ；, as tiers are."""
    from types import SimpleNamespace

    from chatbot.tiers import held_tier

    text = "序号：2；费用名称：契税；适用情形：家庭唯一住房，面积90平方米以上；税率或标准：1.5%；缴纳方：买方"
    record, prose = (SimpleNamespace(chunk=SimpleNamespace(start=0, text=text, kind=kind)) for kind in ("record", "text"))
    assert held_tier("唯一住房面积90平米以上契税是多少？", record, 0, len(text)) is None
    assert held_tier("唯一住房面积90平米以上契税是多少？", prose, 0, len(text)) is not None   # as prose: its part


def test_another_rules_tiers_in_the_quote_do_not_take_the_bold(tmp_path, embedder):
    """answer.answer (session 47's probe): 「展馆主通道的宽度最少要多少？」 over a list whose third item is a tiered rule on
    area (「面积超过100㎡的…；100㎡及以下的…」) bolded that rule, not 「主通道宽度不得少于3米」: the tiers take the bold only
    where the focus lies in them."""
    from tests.test_series import one_file_bot

    bot = one_file_bot(tmp_path, embedder, "安全规定.md", "# 通道与消防\n\n1. 展馆主通道宽度不得少于3米，次通道不得少于2米。\n"
                       "2. 消火栓前1.5米范围内不得摆放物品。\n3. 面积超过100㎡的特装展位须自备2具灭火器；100㎡及以下的特装展位至少配备1具。\n")
    c = bot.ask("展馆主通道的宽度最少要多少？").citations[0]
    assert "3米" in c.quote[c.focus_start - c.start:c.focus_end - c.start]


@pytest.mark.parametrize("question", ["我家娃10岁，一次最多能充多少钱啊", "孩子10周岁能充多少？", "十岁的小孩能玩几个小时"])
def test_an_age_is_a_value_in_years_of_age_not_weeks(question):
    """岁 and 周岁 are one unit (breaker CU, session 51: 「10周岁」 was read as 10 周, weeks, and 「10岁」 not at all), so an
    age falls in the age band a row states, not in its neighbours'."""
    asked = question_ranges(question)
    assert asked == [Range("岁", 10.0, 10.0, True)]
    assert fit(asked, "8周岁以上未满16周岁 | 50元 | 200元", question) >= 1
    for other in ("16周岁以上未满18周岁 | 100元 | 400元", "未满8周岁 | 不得充值", "65周岁（含）以上老年人免费"):
        assert fit(asked, other, question) < 0
    assert text_ranges("60至64周岁的老年人购买优惠票") == [Range("岁", 60.0, 64.0, False)]
    # a lone 一 is "per" (一次, 一年), but 一岁 is an age (the reviewer's case)
    assert question_ranges("一岁的宝宝要买票吗") == [Range("岁", 1.0, 1.0, True)]
    assert question_ranges("一次能充多少") == []
    # English ages too, and a length of service stays in years
    assert question_ranges("Can a 12-year-old ride alone?") == [Range("岁", 12.0, 12.0, True)]
    assert question_ranges("My son is 10 years old, how much can he top up?") == [Range("岁", 10.0, 10.0, True)]
    assert question_ranges("with 12 years of service, how many days of leave?") == [Range("年", 12.0, 12.0, True)]
