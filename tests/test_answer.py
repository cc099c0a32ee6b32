import re
from urllib.parse import quote

import pytest

from chatbot.answer import SENTENCE_CAP, coverage, is_latin, to_dict, to_sentences
from chatbot.runs import local_weights
from chatbot.bot import ChatBot, clean_question
from chatbot.chunks import Chunk
from chatbot.retrieve import Hit
from chatbot.errors import QuestionError
from chatbot.serve.render import answer_html, highlight


@pytest.fixture
def bot(settings, embedder):
    return ChatBot(settings, embedder)


def test_answer_is_a_cited_verbatim_sentence(bot, corpus):
    a = bot.ask("定期存款的利率是多少?")
    assert not a.abstained
    (c,) = a.citations
    text = (corpus / "银行手册.txt").read_text(encoding="utf-8")
    assert text[c.start:c.end] == c.quote
    assert "2.5%" in c.quote and len(c.quote) <= SENTENCE_CAP
    assert text[c.start - 1] in "。；;\n" and text[c.end] in "。；;\n"  # a whole sentence, its stop trimmed
    assert (c.source, c.section) == ("银行手册.txt", "存款业务")
    assert a.answer == f"{c.quote} [1]"
    assert a.passages[0].chunk.section == "存款业务"


def test_table_row_and_faq_answers(bot):
    assert bot.ask("信用卡有年费吗?").citations[0].quote == "信用卡 | 免年费,积分可兑换礼品"
    a = bot.ask("忘记密码了怎么办?")
    assert a.citations[0].section == "常见问题" and "重置密码" in a.citations[0].quote
    assert not a.citations[0].quote.startswith(("Q1", "A1"))


def test_unrelated_question_abstains_and_shows_passages(bot):
    a = bot.ask("今天的天气怎么样?")
    assert a.abstained and a.citations == [] and a.answer.startswith("文档中没有找到")
    assert len(a.passages) == 8


def test_json_shape_is_stable(bot):
    d = to_dict(bot.ask("客服热线是多少?"))
    assert set(d) >= {"answer", "abstained", "citations", "passages"}
    c = d["citations"][0]
    assert set(c) == {"n", "source", "section", "start", "end", "quote", "focus_start", "focus_end", "page", "location",
                      "columns"}
    assert c["page"] is None and c["location"] == ""  # plain text: no pages
    assert c["start"] <= c["focus_start"] < c["focus_end"] <= c["end"]
    assert "95588" in c["quote"][c["focus_start"] - c["start"]:c["focus_end"] - c["start"]]
    assert set(d["passages"][0]) >= {"source", "section", "text", "score", "start", "end", "page", "location"}
    assert "95588" in d["answer"]


@pytest.mark.parametrize("raw, expected", [
    ("  年假\u200b ", ("年假", "")),
    ("a\x00b\tc\n", ("a b c", "")),
    ("😀 存款？", ("😀 存款？", "")),
    ("<b>存款</b>利率 a<b", ("存款 利率 a<b", "")),
])
def test_clean_question(raw, expected):
    assert clean_question(raw, 500) == expected


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b", "\n\t", "<img src=x onerror=alert(1)>"])
def test_empty_question_is_refused(bot, raw):
    with pytest.raises(QuestionError, match="空"):
        bot.ask(raw)


@pytest.mark.parametrize("raw, says", [("？？？", "没有文字"), ("😀😀😀", "没有文字"), ("……!!", "没有文字"),
                                       ("年" * 600, "同一个字的重复"), ("啊 啊 啊啊？", "同一个字的重复")])
def test_a_question_without_words_is_refused_with_a_reason(raw, says):
    """Punctuation or emoji alone, or one Chinese character repeated, is no question: retrieval would still find
    "nearest" passages (600 × 年 was answered with a quote about years). The message never repeats the input."""
    with pytest.raises(QuestionError, match=says) as refused:
        clean_question(raw, 500)
    assert "年" not in str(refused.value) and "啊" not in str(refused.value)
    for fine in ("1年?", "AAA", "XXX", "111", "666", "1.1.1", "１１１"):   # short ones, ratings, codes, numbers
        assert clean_question(fine, 500)[0] == fine


@pytest.mark.parametrize("raw", ["我想问一下", "请问一下哈", "你好", "您好！", "在吗？", "谢谢", "好的，谢谢老师", "我有个问题",
                                 "可以吗", "哈哈", "Hi, thanks!", "hello??", "请问有人在吗", "hello你好", "你好；", "您好！😊",
                                 "你好 :)", "請問一下", "謝謝"])
def test_a_greeting_or_a_courtesy_alone_is_refused_with_a_reason(raw):
    """「我想问一下」 was answered with two FAQ entries (session 27's newcomer): greetings, courtesies and the words
    of asking itself leave nothing to search for. None of the 8,494 questions of the project's and the shared
    question sets is refused by it but one off-topic 「hello??」."""
    with pytest.raises(QuestionError, match="没有看到要问的内容") as refused:
        clean_question(raw, 500)
    assert raw not in str(refused.value)
    for fine in ("年假有几天", "在哪", "请假流程", "问题反馈渠道", "下载地址", "hi 年假", "有无班车", "你们公司总部在哪里"):
        assert clean_question(fine, 500)[0] == fine
    for follow_up in ("下一个呢？", "我呢？", "你们呢？", "问题呢"):   # after an earlier question they ask something
        assert clean_question(follow_up, 500, follow_up=True)[0] == follow_up


def test_a_follow_up_ignores_an_earlier_turn_that_was_no_question():
    from chatbot.bot import with_context

    assert with_context("不良率呢?", ["哈哈哈"], 500) == "不良率呢?"
    assert with_context("不良率呢?", ["？？？"], 500) == "不良率呢?"
    assert with_context("不良率呢?", ["覆盖了多少农户?"], 500) == "覆盖了多少农户? 不良率呢?"


def test_long_question_is_truncated_with_a_notice(bot):
    a = bot.ask("定期存款利率" * 5000)
    assert "问题过长（30000 字），只按开头和结尾共" in a.notice


@pytest.mark.parametrize("text, asked", [
    ("我想问一下，" * 200 + "上海住宿标准多少", "上海住宿标准多少"),                          # a background, then the question
    ("上海住宿标准多少？下面是我的情况说明：" + "我上个月出差去了好几个城市。" * 60, "上海住宿标准多少？"),   # the question first
    ("背景：" + "访问 http://oa.example.com/page?id=123 看到的说明。" * 20 + "上海住宿标准多少", "上海住宿标准多少"),
    ("为什么总是超标呢？" + "情况是这样的。" * 100 + "上海住宿标准多少", "上海住宿标准多少"),   # a rhetorical ？ before
])
def test_a_long_question_keeps_its_opening_and_its_end(text, asked):
    """A colleague asks and then explains, or pastes a background and then asks: the first 500 characters lost the
    second kind (session 27), a window ending at the last question mark lost questions after a URL's ? or a rhetorical
    one, and a question put first (the breaker's cases)."""
    from chatbot.bot import clean_question

    kept, notice = clean_question(text, 500)
    assert asked in kept and len(kept) <= 500 and "只按开头和结尾共" in notice


def test_helpers():
    w = local_weights("史继偕是谁的儿子", ["史继偕，字世程", "史继偕是福建人", "史朝宜之子", "史继偕登进士"])
    assert w["儿子"] > w["继偕"] > 0 and "是谁" in w


def test_a_quote_grows_to_its_sentence_within_the_cap():
    text = "甲乙丙，丁戊己。庚辛壬，癸子丑，寅卯辰。"
    hit = Hit(Chunk(0, "d.txt", "s", ("s",), 100, 100 + len(text), text), 0, 1.0, 0.0, 0.0)
    assert to_sentences(hit, 108, 112) == (108, 120)          # 庚辛壬， → the whole second sentence
    s, e = to_sentences(hit, 112, 116, cap=8)                   # too long: the clauses around the run that fit
    assert text[s - 100:e - 100] == "癸子丑，寅卯辰。"
    assert is_latin("How many trees?") and not is_latin("蚂蚁森林种了多少树 trees")
    assert coverage("", [], None) == 0.0
    assert highlight("a<b>c", 1, 4) == "a<mark>&lt;b&gt;</mark>c"


@pytest.mark.parametrize("name", ["evil.txt", "evil.md"])
def test_html_escapes_document_and_question_text(bot, corpus, name):
    (corpus / name).write_text("# 投诉<b>\n投诉电话<script>alert(1)</script>[点我](javascript:alert(1))是12345。\n",
                               encoding="utf-8")
    a = bot.ask("投诉电话是多少?")
    assert a.citations[0].source == name
    html = answer_html(a)
    links = re.findall(r"<a [^>]*>", html)  # only the 「打开原文」 links to this server's source route
    assert "<script>" not in html and "<mark>" in html and links
    c = a.citations[0]
    assert f"[{c.start}:{c.end}]" not in html   # character offsets mean nothing to a reader (the 检索测试 tab shows them)
    assert all(link.startswith(f'<a class="cb-open" href="source/{quote(name)}/view?start=') for link in links)
    if name == "evil.txt":  # plain text is quoted verbatim, escaped
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "投诉&lt;b&gt;" in html
    else:  # Markdown's inline HTML is markup: never indexed, embedded or shown (issue 11)
        assert "&lt;script" not in html and "投诉电话alert(1)" in html


@pytest.mark.parametrize("question, text, header, lacks", [
    ("讲座几点开始？", "公司将于2026年7月9日下午在钱塘厅举办讲座", None, True),          # a day, no time of day
    ("讲座几点开始？", "讲座于7月9日14:30在钱塘厅开始", None, False),
    ("扩展麦克风多少钱一个?", "每台主机最多可级联2个扩展麦克风", None, True),           # a figure, not an amount
    ("扩展麦克风多少钱一个?", "扩展麦克风XR-MIC2单价1200元", None, False),
    ("申请提交后多久生效?", "如需变更收款卡,须在OA提交申请", None, True),
    ("申请提交后多久生效?", "提交后3个工作日内生效", None, False),
    ("How much does the platform charge per month?", "帮助小微企业降低财务管理成本", None, True),
    ("设备丢了要赔多少钱", "按设备净值的百分之五十由责任人赔偿", None, False),       # a share of a value is an amount
    ("体检要交多少钱", "每年安排一次免费体检", None, False),                          # … and so is 免费
    ("大会议室能坐多少人", "小会议室可当天预约", None, True),                          # 当天 answers 多久, not 多少人
    ("冻伤用多少度的水复温", "用37℃～40℃温水复温", None, False),                      # ℃ folds to °c
    ("新员工几点报到", "每月第一个星期一上午八点到总部报到", None, False),
    ("冷藏车出车前要注意哪几点？", "厢体预冷至设定温度后方可装货", None, False),      # 哪几点 is no time of day
    ("企业邮箱是什么时候开通的", "入职当天IT部会开通以下账号", None, False),            # asks when, not the address
    ("库容占用率百分之几", "| 相城 | 92 |", "| 中心 | 库容占用率(%) |", False),
    ("相城中心有多少人值班", "| 苏州相城冷链中心 | 孙立强 | 分机 8301 |", "| 中心 | 负责人 | 电话 |", True),   # 负责人 names no unit
    ("XR-500多少钱", "| XR-500 | 1200 |", "| 型号 | 价格 |", False),                # a column named 价格 (review, session 19)
    ("XR-500多少钱", "型号：XR-500；单价：1200", "", False),
    ("多少钱", "培训于14:30开始", None, True),                                       # a clock time is no share of a cost
    ("展位费用总公司跟经销商各出多少？", "费用由总公司与经销商按7:3分摊", None, False),     # … a ratio is
    ("CY-W50 一台报价大概多少钱？", "参数：装机功率（kW）；CY-W10：1.5；CY-W30：3", "技术参数", True),   # … a code's value is not
    ("How much is the fee?", "The fee is 30 dollars.", None, False),                 # an English quote is not read here
    ("膜面积有多少平方米？", "参数：膜面积（m²）；CY-W50：200", "", False),          # a record: the unit in a column name
    ("膜面积有多少平方米？", "| CY-W50 | 200 |", "| 型号 | 膜面积（m²） |", False),   # … or in the header row
    ("膜面积有多少平方米？", "| CY-W50 | 200 |", "| 型号 | 处理量 |", True),
    ("膜面积有多少平方米？", "参数：膜面积；CY-W50：200", None, True),                # prose: the unit must follow
    ("有多少个国家?", "覆盖十多个国家", None, False),                                # no unit asked: left to the model
    ("网络组组长的手机号是多少?", "网络组组长:邓伟,分机8012", None, True),            # an extension is no mobile number
    ("值班领导手机号多少？", "钱志刚（设备工程部经理），手机 135 1234 6608", None, False),
    ("钱蕾的邮箱地址是什么?", "IT服务经理:钱蕾,分机8020", None, True),
    ("What's the support email?", "请发送至support@example.com", None, False),
    ("DBA组负责人的分机号是多少？", "须由DBA组（负责人：龚立峰）审批", None, True),
    ("刘建华的分机号是多少？", "| 刘建华 | 客户服务部经理 | 8402 |", "| 姓名 | 职务 | 分机 |", False),   # a column named 分机
    ("客服电话是多少?", "全国服务热线400-186-5500", None, False),
    ("发现安全事件打哪个电话?", "应立即拨打分机8110报告", None, False),             # an extension is a telephone number
    ("人事部的联系电话是多少?", "新员工手册：人事部联系电话是9002。", None, False),   # an internal number after 电话是
    ("手机号码变更怎么办", "在OA中提交信息变更申请", None, False),                   # a mobile number mentioned, not asked
    # a contact list: the asked person's line must hold the detail, another line's is someone else's (session 20)
    ("运维经理邵航的手机号码是多少？", "- 一线值班：值班手机 139 1520 6688。\n- 三线：运维经理 邵航（分机6201）", None, True),
    ("值班手机号码是多少？", "- 一线值班：值班手机 139 1520 6688。\n- 三线：运维经理 邵航（分机6201）", None, False),
    ("邵航的分机是多少？", "- 一线值班：值班手机 139 1520 6688。\n- 三线：运维经理 邵航（分机6201）", None, False),
    ("钱蕾的手机号是多少", "升级联系人:\n- 网络组组长:邓伟,分机8012\n- IT服务经理:钱蕾,分机8005,手机138-0571-2468", None, False),
    ("网络组组长的手机号是多少", "升级联系人:\n- 网络组组长:邓伟,分机8012\n- IT服务经理:钱蕾,分机8005,手机138-0571-2468", None, True),
    ("投诉电话是多少", "投诉渠道包括：\n1. 客服热线：400-826-7788；\n2. 投诉邮箱：c@hc.com", None, False),   # the lead names the topic
    ("邵航的手机号码是多少？", "如需现场支持请联系：\n- 联系人：邵航\n- 手机：139 1520 6688", None, False),   # one card (review)
    ("运维经理邵航的手机号码是多少？", "- 三线：运维经理 邵航（分机6201）\n- 一线值班：值班手机 139 1520 6688", None, True),   # an item first
    ("客户投述邮箱是多少？", "渠道包括：\n1. 客服热线：400-826-7788；\n2. 投诉邮箱：c@hc.com；\n3. 客户所属的经理转交。", None, False),
    ("a voicemail on the hotline after hours, when do we call back?", "由次日早班客服在上午9:00前完成回拨", None, False),
    ("试用期工资是转正工资的百分之多少?", "试用期工资为转正工资的90%", None, False),     # a percentage, not an amount
    ("公司总部在哪里?", "总部设在园区", None, False),                                 # not a quantity
    ("初一到初三在岗按日薪几倍算?", "在岗员工按日工资的300%支付加班工资", None, False),   # a multiple written in % (session 31)
    ("初一到初三在岗按日薪几倍算?", "在岗员工须提前一天报备", None, True),
    # a record's money word counts as a column's name only before its colon, not inside a value (BZ, session 45)
    ("南门停车场月租车位多少钱一个月？", "窗口：南门停车场管理处；电话：0571-88261130；主要事项：停车缴费、月租车位", "服务目录", True),
    ("南门停车场月租车位多少钱一个月？", "窗口：南门停车场管理处；月租费：300；电话：0571-88261130", "服务目录", False),
    # a count's column names its unit with 数 (CB, session 46): 房源套数 holds 套, not 台
    ("第二批房源有多少套？", "| 第二批 | 南港区海棠湾公寓 | 450 | 6月20日 |", "| 批次 | 房源项目 | 房源套数 | 摇号时间 |", False),
    ("第二批有多少台？", "| 第二批 | 南港区海棠湾公寓 | 450 | 6月20日 |", "| 批次 | 房源项目 | 房源套数 | 摇号时间 |", True),
    ("第二批房源有多少套？", "| 第二批 | 南港区海棠湾公寓 | 6月20日 |", "| 批次 | 房源项目 | 摇号时间 |", True),
    # after 个 a unit character starts the noun counted (DG, session 58): 几个轮椅席位 is answered by 「8个」 as by 「8轮」
    ("星澜音乐厅有几个轮椅席位？", "| 星澜音乐厅 | 8个 | 一楼池座第22排 |", "| 场馆 | 轮椅席位 | 席位位置 |", False),
    ("贵宾室有多少个座位？", "| 云端贵宾室 | 2楼 | 36个 |", "| 名称 | 位置 | 座位 |", False),
    ("贵宾室有多少个座位？", "云端贵宾室位于T1航站楼安检后二层，开放时间05:30至23:00", None, True),   # … not by any figure
    ("试用期有几个月？", "试用期为3个月", None, False),                              # … but 个月, 个小时 are units
    ("试用期有几个月？", "试用期内须完成3次培训", None, True),
    # a term or quarter is a duration (EA, session 64: 「休学最多能休多久？」 was refused over 「不超过2个学期」)
    ("休学最多能休多久？", "休学期限累计不超过2个学期，期满未复学的视为自动退学。", None, False),
    ("休学最多能休多长时间？", "休学期限累计不超过两个学期", None, False),
    ("安委会多久开一次会？", "安委会每季度召开一次例会", None, False),
    ("休学最多能休多久？", "休学须由本人提出书面申请", None, True),
])
def test_a_quote_without_the_asked_unit_is_no_answer(question, text, header, lacks):
    from chatbot.values import lacks_value

    assert lacks_value(question, text, header) is lacks


def test_a_question_asking_a_time_of_day_abstains_over_a_sentence_without_one(bot):
    """values.value_missing: the fixture says 审批一般在7个工作日内完成 (no time of day); asked 几点 it is no answer, whatever
    the decision says (without the check it is quoted); 免年费 answers 年费多少钱 (an answer that needs no figure)."""
    a = bot.ask("个人住房贷款审批几点开始?")
    assert a.abstained and not a.citations
    b = bot.ask("信用卡的年费是多少钱?")
    assert not b.abstained and "免年费" in b.citations[0].quote
    c = bot.ask("定期存款起存要多少钱?")
    assert not c.abstained and "50元" in c.citations[0].quote


@pytest.mark.parametrize("question, kind", [
    ("钱蕾的邮箱地址是什么?", "email"), ("投诉 邮箱地址", "email"), ("What's the support email?", "email"),
    ("运维经理的手机号码是多少？", "mobile"), ("What's the mobile number of the team lead?", "mobile"),
    ("DBA组负责人的分机号是多少？", "extension"), ("客服电话是多少?", "phone"), ("打哪个电话?", "phone"), ("报销系统的网址是什么", "url"),
    # a contact word mentioned, not asked for (review, session 19): no check
    ("上班时间能玩手机？", ""), ("如何申请企业邮箱?", ""), ("手机是什么牌子？", ""), ("公司配发的手机多少钱?", ""),
    ("国际电话多少钱一分钟", ""), ("邮箱多少G", ""), ("How do I change my phone number?", ""),
    ("How do I update my email address?", ""), ("Can I request a probation extension?", ""),
    ("What is the hotline's opening hours?", ""), ("手机号码变更怎么办", ""), ("企业邮箱是什么时候开通的", ""),
])
def test_a_contact_detail_is_asked_for_not_only_mentioned(question, kind):
    from chatbot.contacts import contact_kind

    assert contact_kind(question) == kind


def test_the_value_check_on_a_helpers_adversarial_pairs():
    """tests/value_pairs.py (session 19): refuses at most 1 of the 80 true answers (7×24小时 for 几点下班), none of the
    made-up phrasings nor the mere mentions, and catches at least 44 of the 52 near misses."""
    from chatbot.values import lacks_value
    from tests.value_pairs import NEG, OFF, POS, SYN

    refused = [cid for cid, q, t, h in POS + SYN + OFF if lacks_value(q, t, h)]
    caught = [cid for cid, q, t, h in NEG if lacks_value(q, t, h)]
    assert len(POS) == 80 and len(refused) <= 1, refused
    assert len(NEG) == 52 and len(caught) >= 44, len(caught)


def test_the_run_that_holds_the_asked_value_is_preferred_within_the_margin():
    """values.prefer_value (session 20): 「客服热线号码是多少」's best run wrote no number and was refused although the
    next passage's run gives it; within the ranker's margin that run comes first, beyond it the order stands."""
    from chatbot.values import blank_field, prefer_value
    from chatbot.chunks import Chunk
    from chatbot.lexical import lexicon_for

    texts = ["第五条 客服热线非服务时间的来电转入语音留言。", "1. 客服热线：400-826-7788，服务时间为每天8:00至22:00。"]
    hits = [Hit(Chunk(i, "办法.md", "s", ("s",), 0, len(t), t), i + 1, 1.0, 0.9, 1.0) for i, t in enumerate(texts)]
    runs = [(2.0, hits[0], 0, len(texts[0])), (1.5, hits[1], 0, len(texts[1]))]
    lexicon = lexicon_for(None)
    assert [r[1].chunk.id for r in prefer_value("客服热线号码是多少", runs, 1.0, lexicon)] == [1, 0]
    assert prefer_value("客服热线号码是多少", runs, 0.2, lexicon) is runs          # beyond the margin
    assert prefer_value("客服热线什么时候回拨", runs, 1.0, lexicon) is runs         # no value asked by its form
    # a run that writes the value but not what the question names (会议室) is another thing's value: not preferred
    room = "会议室预订须在系统中提交。"
    other = [(2.0, Hit(Chunk(0, "办法.md", "s", ("s",), 0, len(room), room), 1, 1.0, 0.9, 1.0), 0, len(room)), runs[1]]
    assert prefer_value("会议室的预订电话是多少", other, 1.0, lexicon) is other
    # runs out of score order (by_range and prefer_series reorder them): each run kept once, the margin from the best
    mixed = [(1.0, hits[0], 0, len(texts[0])), (0.2, hits[0], 0, len(texts[0])), (0.95, hits[1], 0, len(texts[1]))]
    assert prefer_value("客服热线号码是多少", mixed, 0.3, lexicon) == [mixed[2], mixed[0], mixed[1]]


def test_a_quote_across_two_passages_is_marked_in_them_joined():
    """render._spanning (walkthrough, session 20): a list quoted across a passage boundary had its passage shown
    unmarked; the overlapping passages are joined and the quote marked in them."""
    from chatbot.answer import Answer, Citation
    from chatbot.chunks import Chunk

    doc = "挑战有：一是成本上升；二是风险加大；三是竞争加剧。其他内容。"
    c1, c2 = Chunk(0, "r.md", "s", ("s",), 0, 16, doc[:16]), Chunk(1, "r.md", "s", ("s",), 12, len(doc), doc[12:])
    s, e = doc.index("一是"), doc.index("。") + 1
    a = Answer("q", "x", False, [Citation(1, "r.md", "s", s, e, doc[s:e])], [Hit(c1, 1, 1.0, 0.9, 1.0), Hit(c2, 2, 0.9, 0.8, 1.0)])
    html = answer_html(a)
    assert "<mark>一是成本上升；二是风险加大；三是竞争加剧。</mark>" in html.replace("\n", ""), html


def test_a_later_quote_is_set_apart_as_see_also():
    """Newcomer walkthrough (session 38): a second quote ran on after the first in the answer line and read as part of
    it; the first quote is the answer, each later one sits in its own block under 「另见」."""
    from chatbot.answer import Answer, Citation
    from chatbot.chunks import Chunk

    doc = "年假为5天。病假须附医院证明。"
    ch = Chunk(0, "r.md", "s", ("s",), 0, len(doc), doc)
    first, second = Citation(1, "r.md", "s", 0, 6, doc[:6]), Citation(2, "r.md", "s", 6, len(doc), doc[6:])
    html = answer_html(Answer("q", "x", False, [first, second], [Hit(ch, 1, 1.0, 0.9, 1.0)])).replace("\n", "")
    answer = html[html.index('<div class="cb-answer">'):html.index('<details')]
    also = answer.index('<div class="cb-also">')
    assert answer.index("年假为5天。") < also < answer.index("另见") < answer.index("病假须附医院证明。"), answer
    assert answer.count('class="cb-also"') == 1
    one = answer_html(Answer("q", "x", False, [first], [Hit(ch, 1, 1.0, 0.9, 1.0)]))
    assert "另见" not in one and "年假为5天。" in one


def test_a_refusal_lists_the_closest_passages_in_search_order_without_a_cosine():
    """Newcomer walkthrough (session 24): the refusal's passages showed 相似度 0.82, 0.83, 0.81 in the reranked order,
    which a reader takes for the order's key; they are listed by rank, with no cosine beside them."""
    from chatbot.answer import NOT_FOUND, Answer
    from chatbot.chunks import Chunk

    chunks = [Chunk(i, "r.md", "s", ("s",), 10 * i, 10 * i + 5, f"段落{i}内容。") for i in range(3)]
    a = Answer("q", NOT_FOUND, True, [], [Hit(c, i + 1, 1.0, d, 1.0) for i, (c, d) in enumerate(zip(chunks, (0.82, 0.83, 0.81)))])
    html = answer_html(a)
    assert "相似度" not in html and "0.8" not in html
    assert [html.index(f"段落{i}内容") for i in range(3)] == sorted(html.index(f"段落{i}内容") for i in range(3))
    assert "1. r.md" in html and "3. r.md" in html


@pytest.mark.parametrize("question, text, withheld", [
    ("在印尼推出数字钱包的是哪家互联网公司?", "例如某互联网公司在印尼推出的数字钱包,用户数突破1亿", True),
    ("利率低1-2个百分点的绿色信贷是哪家互联网银行推出的?", "某互联网银行推出的“绿色信贷”产品,利率较普通信贷低1-2个百分点", True),
    ("那个区块链供应链金融平台叫什么名字?", "例如某基于区块链的供应链金融平台,将审批时间缩短至3天", True),
    ("Which bank launched the green credit product?", "某互联网银行推出的绿色信贷产品", True),
    # a name the clause gives (quoted, Latin, or not withheld at all); a name not asked for; another kind of thing withheld
    ("蚂蚁森林是哪家平台推出的?", "支付宝推出“蚂蚁森林”", False),
    ("哪家平台推出了碳账户?", "某支付平台推出“蚂蚁森林”碳账户", False),          # “蚂蚁森林” may be the name asked for
    ("哪家公司为东南亚卖家放贷?", "某平台基于Amazon的销售数据为东南亚卖家放贷", False),   # a Latin name in the clause
    ("在印尼推出数字钱包的公司用户有多少?", "例如某互联网公司在印尼推出的数字钱包,用户数突破1亿", False),   # no name asked
    ("印尼那个数字钱包叫什么名字?", "例如某互联网公司在印尼推出的数字钱包,用户数突破1亿", False),   # 某 marks the company
    ("哪家银行的不良率最低?", "某互联网平台的贷款不良率控制在3%以内。网商银行的不良率为1.5%", False),
    ("哪个城市试点了碳账户?", "某城市试点碳账户", False),                            # not a kind of name this reads
    # a helper's adversarial answerable pairs (session 24): a person's 张某, 某日 / 某种 / 某知情人士, a question that
    # repeats the report's 「某银行」 to ask something else, a clause between 某 and the head, a name in the next clause
    ("张某就职于哪家银行?", "经查,张某就职于招商银行杭州分行,担任客户经理。", False),
    ("哪家银行发布了数字人民币试点公告?", "3月某日招商银行发布了数字人民币试点公告。", False),
    ("哪家公司率先在手机上应用了该技术?", "在某种程度上华为公司率先在手机上应用了该技术。", False),
    ("哪家公司将在印尼推出数字钱包?", "据某知情人士透露腾讯公司将在印尼推出数字钱包。", False),
    ("某银行的总部设在哪个城市?", "某银行将总部设在杭州,并在上海设立研发中心。", False),
    ("哪家银行与这家互联网公司合作?", "某互联网公司与浙商银行合作推出联名信用卡。", False),
    ("Which company launched the e-wallet in Indonesia?", "某互联网公司,即腾讯,在印尼推出了数字钱包。", False),
    ("哪家公司发布了这个大模型?", "某AI公司发布了这个大模型。", True),              # a Latin word inside the 某 phrase
    ("是哪間銀行推出了這項服務?", "某銀行推出了這項跨境匯款服務。", True),           # traditional characters
])
def test_a_name_the_quote_withholds_as_mou_is_no_answer(question, text, withheld):
    """values.withheld_name (session 24): 「哪家互联网公司」 over 「某互联网公司…」 — the report withholds the name."""
    from chatbot.values import lacks_value, withheld_name

    assert withheld_name(question, text) is withheld
    assert lacks_value(question, text) is withheld


def test_a_follow_up_naming_a_series_member_keeps_the_bold_of_the_column_asked_before():
    """followup.follow_up, _OWN_VALUE (breaker M, session 34): when `reply` and `joined` quote the same row, the
    continued question's bold stands unless the follow-up names a value of its own. The 三 of 「那三班倒的夜班呢?」 was
    taken for one, so the row's 夜班补贴 cell stood bold over the 下班时间 the previous question asked. Session 36: a
    follow-up that does name a value of its own (三个月以上, 10公斤以上) over a table row gets the cell of what was asked
    before too, not its own bold (breaker V: 「那10公斤以上的呢？」 after 「…10公斤以下多少钱？」 bolded 10公斤及以上)."""
    from chatbot.answer import Answer, Citation
    from chatbot.followup import follow_up
    from chatbot.lexical import lexicon_for

    row = "三班倒 | 夜班 | 次日06:00 | 80元"
    columns = ("班制", "班次", "下班时间", "夜班补贴")

    def said(question, bold):
        s = row.index(bold)
        return Answer(question, row + " [1]", False, [Citation(1, "班次.md", "两班倒与三班倒", 0, len(row), row, s,
                                                               s + len(bold), columns)], [])
    vocabulary = {"夜班", "三班倒", "两班倒", "班次"}
    for text, bold in [("那三班倒的夜班呢？", "次日06:00"), ("那三个月以上的呢？", "次日06:00")]:
        a = follow_up(said(text, "80元"), text, lambda: said("两班倒的夜班几点下班？ " + text, "次日06:00"),
                      lexicon_for(None), vocabulary, previous="两班倒的夜班几点下班？")
        c = a.citations[0]
        assert c.quote[c.focus_start:c.focus_end] == bold and a.question == text, text


@pytest.mark.parametrize("question, previous, asked", [
    ("那金卡呢？", "银卡会员的生日礼是什么？", "金卡会员的生日礼是什么？"),      # breaker AM: the 银卡 row was quoted
    ("高级的呢？", "初级住家保姆月薪多少？", "高级住家保姆月薪多少？"),        # breaker AP: the 育儿嫂 row
    ("儿童票呢", "成人票多少钱", "儿童票多少钱"),
    ("那经理呢？", "上海出差住宿标准多少？", ""),     # no word of the question ends alike: asked together, as before
    ("不良率呢?", "那个项目覆盖了多少农户?", ""),
    ("那会员呢？", "银卡会员的生日礼是什么？", ""),   # a word the previous question has
    ("那多少钱呢？", "银卡怎么办？", ""),              # no bare noun
    ("那江南区呢？", "江北区办公室电话是多少？", "江南区办公室电话是多少？"),   # breaker AV: a shared start, the rest different
    ("E6车主呢？", "A3车主借的代步车是什么车？", "E6车主借的代步车是什么车？"),   # breaker AS
    ("那晚上呢？", "东湖小区早上几点可以投放垃圾？", "东湖小区晚上几点可以投放垃圾？"),   # breaker AV
    ("那A5呢？", "远航A3的小保养多少钱？", "远航A5的小保养多少钱？"),     # a code for the one code of its shape
    ("12期呢？", "花呗分期6期的手续费是多少？", "花呗分期12期的手续费是多少？"),   # a number for the one of its unit
    ("那A5呢？", "A3和S7的小保养多少钱？", ""),       # two codes: which one is meant is not known
    ("那线路C呢？", "线路B几点发车？", "线路C几点发车？"),   # a series' member by its letter (breaker DN, session 59)
    ("科目三呢？", "科目二补考费多少？", "科目三补考费多少？"),   # … by its numeral
    ("那展厅3呢？", "滨江馆展厅2几点关门？", "滨江馆展厅3几点关门？"),
    ("那线路C呢？", "线路A和线路B几点发车？", ""),     # two of the series: which one is meant is not known
    ("那北校区3呢？", "南校区3几点开门？", "北校区3几点开门？"),   # the series is not there: as any other word (the review)
    ("那方案九呢？", "方案十一的首付多少？", ""),       # not 方案十 of 方案十一
    ("12期呢？", "分6期一共多少手续费？", "分12期一共多少手续费？"),   # a count's 一 after it is another word
])
def test_a_follow_up_naming_a_sibling_is_searched_as_the_previous_question_about_it(question, previous, asked):
    """followup.sibling_asked (session 40): 「那金卡呢？」 after 「银卡会员的生日礼是什么？」 was searched as the two joined,
    whose words are the 银卡 row's, and quoted it; a bare noun ending as one word of the previous question does, the rest of
    it different, takes that word's place, and the previous question so changed is searched."""
    from chatbot.followup import sibling_asked, with_context

    assert sibling_asked(question, previous) == asked
    assert with_context(question, [previous], 500) == (asked or f"{previous} {question}")


def test_a_follow_up_asking_its_own_question_keeps_its_own_bold():
    """followup._asks_own (session 40; the newcomer's P1 of session 39): 「那它在当地排第几呢？」 after 「…数字钱包有多少用户？」
    quoted the right sentence but bolded the previous question's fact (用户数突破1亿), the continued question's bold; a
    follow-up with a question word of its own asks another thing, so the bold made for it stands. Without one (「那钱包
    呢？」) or with the same one (「那钱包有多少用户呢？」) the continued question's bold still stands."""
    from chatbot.answer import Answer, Citation
    from chatbot.followup import _asks_own, follow_up
    from chatbot.lexical import lexicon_for

    text = "某公司在印尼推出的数字钱包，用户数突破1亿，成为当地第三大电子钱包。"
    previous = "那个在印尼推出的数字钱包有多少用户？"

    def said(question, bold):
        s = text.index(bold)
        return Answer(question, text + " [1]", False, [Citation(1, "趋势.txt", "国际化", 0, len(text), text, s,
                                                                s + len(bold), ())], [])
    vocabulary = {"印尼", "数字", "钱包", "用户", "当地", "电子"}
    for question, bold in [("那它在当地排第几呢？", "成为当地第三大电子钱包"), ("那钱包呢？", "用户数突破1亿"),
                           ("那钱包有多少用户呢？", "用户数突破1亿")]:
        a = follow_up(said(question, "成为当地第三大电子钱包"), question, lambda: said(f"{previous} {question}", "用户数突破1亿"),
                      lexicon_for(None), vocabulary, previous=previous)
        c = a.citations[0]
        assert c.quote[c.focus_start:c.focus_end] == bold and a.question == question, question
    assert _asks_own("那它在当地排第几呢？", previous) and not _asks_own("那儿童呢？", previous)
    assert not _asks_own("北京多少钱呢？", "上海多少钱？") and _asks_own("那在哪里办呢？", "要多少钱？")
    assert _asks_own("会被拖走吗？", "违停罚多少钱？") and not _asks_own("那儿童可以吗？", "老人可以免费吗？")


def test_a_follow_up_over_a_record_bolds_the_field_asked_before_and_keeps_its_latin_words():
    """followup.follow_up (breaker U, session 36): 「那西山的呢？」 after 「北郊报名点的电话是多少？」 quoted the 西山 record
    with its name bold, not its phone; 「VIP班呢？」 added no word (VIP is Latin), so the previous question's 普通班 row
    held it as well as the VIP row did."""
    from chatbot.answer import Answer, Citation
    from chatbot.followup import _added, follow_up
    from chatbot.lexical import lexicon_for

    record = "报名点：西山报名点；所在区：西山区；地址：翠屏路9号；咨询电话：0551-62881005；营业时间：周二至周日8:00—17:30"
    name = record[:record.index("；所在区")]
    reply = Answer("那西山的呢？", record + " [1]", False,
                   [Citation(1, "报名点.csv", "全文", 0, len(record), record, 0, len(name), ())], [])
    a = follow_up(reply, "那西山的呢？", lambda: reply, lexicon_for(None), {"西山", "报名点"}, previous="北郊报名点的电话是多少？")
    c = a.citations[0]
    assert c.quote[c.focus_start:c.focus_end] == "咨询电话：0551-62881005"
    assert "vip" in _added("VIP班呢？", lexicon_for(None), {"vip", "班"})[1]
    assert _added("What about Beijing?", lexicon_for(None), {"vip"}) == (set(), set())   # judged by its answers, as before


@pytest.mark.parametrize("question, text, header, lacks", [
    ("猫咪景观房的面积有多大？", "猫咪景观房 | 猫 | 98元 | 128元", "| 房型 | 适用 | 平日价 | 节假日价 |", True),   # breaker V
    ("基地面积多大", "南繁基地占地面积约320亩，建有温室6栋。", None, False),
    ("标准间面积多大", "| 标准间 | 25 | 2 |", "| 房型 | 面积 | 入住人数 |", False),
    ("虚假发货扣几分？", "违规类型：虚假发货；严重程度：一般违规；单次扣分：3；处罚措施：下架相关商品", "违规处罚标准", False),   # breaker T
    ("虚假发货扣几分？", "违规类型：虚假发货；严重程度：一般违规；处罚措施：下架相关商品", "违规处罚标准", True),
])
def test_an_area_asked_and_points_under_a_field_named_for_them(question, text, header, lacks):
    """values.lacks_value (session 36): 面积…多大 asks an area (平方米, 亩 …), which a room's price row does not hold; a
    bare figure under a field named 单次扣分 answers 扣几分 (it was refused over the right row)."""
    from chatbot.values import lacks_value

    assert lacks_value(question, text, header) is lacks


def test_a_quoted_sub_item_keeps_its_indentation_on_the_page():
    """render._text (session 36): the spaces that start a line collapsed in the page, so a nested list's sub-items
    showed at their parent's level (「- 城东理论教室」 over 「  - 上课时间：…」)."""
    assert highlight("- 城东理论教室\n  - 上课时间：19:00", 0, 8) == \
        "<mark>- 城东理论教室</mark><br>&nbsp;&nbsp;- 上课时间：19:00"
    assert highlight("a <b>", 0, 1) == "<mark>a</mark> &lt;b&gt;"   # a space inside a line stays a space


def test_a_follow_ups_quantity_is_no_noun_it_adds():
    """followup._added (breaker AE, session 38): 「那租一个月呢？」 after 「大众朗逸租1-2天每天多少钱？」 was refused: jieba tags
    一个月 a noun, which the corpus never writes (it says 月租), so the follow-up seemed to add a topic the documents lack."""
    from chatbot.followup import _added
    from chatbot.lexical import lexicon_for

    assert _added("那租一个月呢？", lexicon_for(None), {"月租", "大众"}) == (set(), set())
    assert _added("那三个星期呢？", lexicon_for(None), set())[0] == set()
    assert _added("那游泳馆呢？", lexicon_for(None), {"游泳馆"})[1] == {"游泳馆"}   # a noun still counts


@pytest.mark.parametrize("question, previous, asked", [
    ("美洲线路呢？", "东南亚线路的定金是多少？", "美洲线路的定金是多少？"),   # not 南亚线路, inside 东南亚线路: the whole word
    ("那网球场呢？", "羽毛球场每天最多能订几片？", "网球场每天最多能订几片？"),   # not 毛球场, inside 羽毛球场
    ("那主板维修呢？", "原装屏幕总成保修多久？", ""),           # not 总成保修: its last word 保修 is more than 修 (AY)
    ("双床房呢？", "标准大床房押金多少？", "标准双床房押金多少？"),   # 大床|房: the last word inside 床房
    ("那静安支行呢？", "徐汇支行的电话是多少？", "静安支行的电话是多少？"),
    ("那铂金卡呢？", "银卡的延保多少钱？", "铂金卡的延保多少钱？"),   # another length, ending alike (AS, session 42)
    ("那房东提前收房呢？", "剩余租期不足3个月，租客提前退租违约金多少？", "剩余租期不足3个月，房东提前收房违约金多少？"),  # AT
    ("那三班倒的夜班呢？", "两班倒的白班几点下班？", "三班倒的夜班几点下班？"),   # word by word: 两班倒|的|白班
    ("第二期呢？", "暑期托管第一期是什么时间？", "暑期托管第二期是什么时间？"),   # a word as long first, not 暑期
    ("那10公里的呢？", "全程和半程选手在哪里取衣？", ""),            # not the question word 哪里 (breaker BB)
    ("那IMAX厅呢？", "2D普通厅黄金场周一至周四多少钱？", "IMAX厅黄金场周一至周四多少钱？"),
    ("那节假日呢？", "全天票周末多少钱？", "全天票节假日多少钱？"),      # another member of a group (日别; breaker BE)
    ("那国庆呢", "春节期间几点开门", "国庆期间几点开门"),
    ("那男生宿舍呢？", "女生宿舍楼允许男生进去吗？", ""),             # two words: not 男生宿舍 for 女生 (breaker O)
])
def test_a_sibling_replaces_only_a_whole_word_of_the_previous_question(question, previous, asked):
    """followup.sibling_asked with jieba's cut (session 41's probe): a word as long and ending alike inside a longer word
    (南亚线路 of 东南亚线路) was replaced, and 「东美洲线路的定金」 searched; the word replaced starts and ends on the previous
    question's word bounds. Session 42 (rephrase.py): a word of another length ending alike (铂金卡 for 银卡, 美洲线路 for
    the whole 东南亚线路) and words sharing a middle (提前) are siblings too, never a question word."""
    from chatbot.followup import sibling_asked
    from chatbot.lexical import lexicon_for

    assert sibling_asked(question, previous, lexicon_for(None).tokenizer().lcut) == asked


def test_a_follow_up_keeps_the_code_the_previous_question_named():
    """followup.follow_up (breaker AU, session 41): 「那儿童呢？」 after 「A线普通舱成人票多少钱？」 quoted the C线 row's 儿童票:
    both rows hold 儿童, 普通舱 and 成人票, and jieba cuts A线 into a and 线, so the topic named no line. The previous
    question's codes (A线, A3) are topic words too, unless the follow-up names a code of its own."""
    from chatbot.answer import Answer, Citation
    from chatbot.followup import follow_up
    from chatbot.lexical import lexicon_for

    rows = {"C": "航线：C线 白沙岛—鹿角湾；舱位：普通舱；成人票（元）：22；儿童票（元）：11",
            "A": "航线：A线 海澄港—白沙岛；舱位：普通舱；成人票（元）：35；儿童票（元）：18"}

    def said(question, line):
        row, at = rows[line], 100 * (line == "A")
        return Answer(question, row + " [1]", False, [Citation(1, "票价.xlsx", "客票价格", at, at + len(row), row, at,
                                                               at + len(row), ())], [])
    vocabulary = {"儿童", "普通舱", "成人", "票", "线", "航线"}
    a = follow_up(said("那儿童呢？", "C"), "那儿童呢？", lambda: said("A线普通舱成人票多少钱？ 那儿童呢？", "A"),
                  lexicon_for(None), vocabulary, previous="A线普通舱成人票多少钱？")
    assert "A线" in a.citations[0].quote and a.question == "那儿童呢？"


def test_a_sibling_question_is_answered_only_by_a_quote_naming_the_sibling():
    """bot._names (session 41's probe): 「城东分馆呢？」 after 「中心本部羽毛球馆有几片场地？」 was rewritten 「中心本部城东分馆
    有几片场地？」 and answered with the 中心本部健身房 row; the characters the sibling brings (城东分) must be in the quote, its
    columns or section, else the follow-up is answered as before."""
    from chatbot.answer import Answer, Citation
    from chatbot.bot import _names

    def said(quote, columns=()):
        return Answer("q", quote, False, [Citation(1, "场馆.csv", "全文", 0, len(quote), quote, 0, len(quote), columns)], [])
    added = set("中心本部城东分馆有几片场地？") - set("中心本部羽毛球馆有几片场地？")
    assert not _names(said("场馆名称：中心本部健身房；主要设施：有氧区"), added)
    assert _names(said("场馆名称：城东分馆；主要设施：羽毛球场8片"), added)
    assert _names(said("东湖小区 | 7:30-9:30 | 18:00-20:00", ("小区", "早上投放时间", "晚上投放时间")), {"晚"})
    assert not _names(Answer("q", "", True, [], []), set())
    # session 42: when the two joined find nothing, a quote naming some of it answers the sibling's question (房东 is
    # 出租人 in the columns; 收房 is there), one naming none does not (「那成都店呢？」 over a 上海陆家嘴店 row)
    rent = said("不足3个月 | 半个月租金 | 一个月租金", ("剩余租期", "承租人提前退租违约金", "出租人提前收房违约金"))
    assert not _names(rent, {"房", "东", "收"}) and _names(rent, {"房", "东", "收"}, some=True)
    assert not _names(said("门店：上海陆家嘴店；房型：行政套房；平日价：1688"), {"成", "都"}, some=True)
    assert _names(said("补办（第2次） | 30元", ("办理事项", "费用")), {"二"})   # a digit for its numeral (breaker BI)
    assert not _names(said("补办（第3次） | 50元", ("办理事项", "费用")), {"二"})


def test_a_follow_up_over_prose_bolds_the_clause_on_the_member_it_names():
    """followup._bold_on_added (breaker CH, session 48): 「那航期6个月以上的呢？」 after 「航期不足6个月的船员免税额度多少？」
    showed the continued question's quote with its bold, on the 不足6个月 clause; the follow-up's own bold (on what it adds,
    以上) inside that quote is shown instead. A table row keeps the bold of the column asked before (the test above)."""
    from chatbot.answer import Answer, Citation
    from chatbot.followup import follow_up
    from chatbot.lexical import lexicon_for

    text = "8. 船员按航期核定：航期不足6个月的，每次进境免税额度为1000元；航期6个月以上的，每次进境免税额度为3000元。"
    previous, question = "航期不足6个月的船员免税额度多少？", "那航期6个月以上的呢？"

    def said(q, quote, bold):
        s, b = text.index(quote), text.index(bold)
        return Answer(q, quote + " [1]", False, [Citation(1, "指南.docx", "二、免税额度", s, s + len(quote), quote, b,
                                                             b + len(bold), ())], [])
    own = "航期6个月以上的，每次进境免税额度为3000元。"
    a = follow_up(said(question, own, own), question, lambda: said(f"{previous} {question}", text, "航期不足6个月的"),
                  lexicon_for(None), {"航期", "船员", "免税", "额度"}, previous=previous)
    c = a.citations[0]
    assert c.quote == text and text[c.focus_start:c.focus_end] == own


def test_a_record_whose_asked_field_is_a_dash_gives_way_to_one_that_writes_it():
    """values.blank_field (breaker DU, session 62): a store's CSV rows share its name, and 「金鸡湖店的地址在哪里？」 quoted the
    dispatch desk's row, 「地址：—」 in bold, with the front desk's address one passage down. A record whose fields named
    by the question are all dashes holds no value; a row naming less of the question (another store) is not preferred."""
    from chatbot.values import blank_field, prefer_value
    from chatbot.chunks import Chunk
    from chatbot.lexical import lexicon_for

    assert blank_field("门店：金鸡湖店；联系类型：配送调度；地址：—；电话：0512-1", {"地址"})
    assert not blank_field("门店：金鸡湖店；地址：星港街199号", {"地址"})
    assert not blank_field("门店：金鸡湖店；地址：—", {"电话"})          # the field asked is not blank (nor named)
    assert not blank_field("早班发车：—；晚班发车：21:15", {"发车"})     # one named field writes a value
    assert blank_field("门店：金鸡湖店；地址：—", {"门店", "金鸡湖", "地址"})   # 门店 names the row: its value is asked by none
    texts = ["门店：金鸡湖店；联系类型：配送调度；电话：0512-3309；地址：—",
             "门店：金鸡湖店；联系类型：门店前台；电话：0512-3306；地址：星港街199号",
             "门店：狮山店；联系类型：门店前台；电话：0512-4450；地址：狮山路88号"]
    hits = [Hit(Chunk(i, "门店.csv", "s", ("s",), 0, len(t), t, kind="record"), i + 1, 1.0, 0.9, 1.0)
            for i, t in enumerate(texts)]
    runs = [(2.0, hits[0], 0, len(texts[0])), (1.9, hits[1], 0, len(texts[1]))]
    lexicon = lexicon_for(None)
    assert [r[1].chunk.id for r in prefer_value("金鸡湖店的地址在哪里？", runs, 0.5, lexicon)] == [1, 0]
    assert prefer_value("金鸡湖店的电话是多少？", runs, 0.5, lexicon) is runs   # its phone is written
    other = [runs[0], (1.9, hits[2], 0, len(texts[2]))]
    assert prefer_value("金鸡湖店的地址在哪里？", other, 0.5, lexicon) is other   # another store's address: not preferred
    # … nor a sibling whose name holds the asked one's (the review): 「型号：XR-500 Pro」 for XR-500's blank 产地
    pro = ["型号：XR-500；产地：—；备注：已停产", "型号：XR-500 Pro；产地：深圳"]
    pro_hits = [Hit(Chunk(i, "型号.csv", "s", ("s",), 0, len(t), t, kind="record"), i + 1, 1.0, 0.9, 1.0)
                for i, t in enumerate(pro)]
    pro_runs = [(2.0, pro_hits[0], 0, len(pro[0])), (1.9, pro_hits[1], 0, len(pro[1]))]
    assert prefer_value("XR-500的产地是哪里？", pro_runs, 0.5, lexicon) is pro_runs


def test_a_discount_asked_by_ji_zhe_is_held_by_a_share_or_a_discount_column():
    """answertype's 'number:折' (breaker DU, session 62) and the review's cases: a discount written 8.8折, 88%, 0.88 under
    a 折扣 column, 半价 or 不参与打折 holds 「…打几折？」; a tier's top-up amount does not; 多少折算 asks no discount."""
    from chatbot.answertype import answer_type
    from chatbot.values import lacks_value

    q = "钻石卡会员打几折？"
    assert lacks_value(q, "| 3000元 | 600元 | 钻石卡会员 |", "| 储值金额 | 赠送金额 | 等级 |")
    for text, header in [("钻石卡会员享受8.8折", None), ("| 钻石卡 | 88% |", "| 会员等级 | 折扣 |"),
                         ("| 钻石卡 | 8.8 |", "| 会员等级 | 折扣 |"), ("会员等级：钻石卡；折扣：0.88", ""),
                         ("享受半价优惠", None), ("钻石卡会员不参与打折", None)]:
        assert not lacks_value(q, text, header), text
    assert answer_type("积分按多少折算成现金？") == "number" and answer_type("金卡打几折") == "number:折"
