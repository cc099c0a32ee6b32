"""detail.py: a question word the quote lacks, whose removal brings the question nearer the quote, is a detail the
quote ignores (「信用卡年费的客服电话」 over a sentence on the card's fee); a word on the quote's own topic is not. An
attribute whose value is asked (油耗 of 「…百公里油耗是多少」) that the quote writes nothing of is no answer either."""
from types import SimpleNamespace

from chatbot.detail import GAIN, candidates, ignored, unnamed_attribute
from chatbot.lexical import lexicon_for
from conftest import KeywordEmbedder

QUOTE = "信用卡的年费为每年200元，刷卡满6次免次年年费。"


HIT = SimpleNamespace(chunk=SimpleNamespace(text="【年费】" + QUOTE, start=100, kind="text", context=""))   # the quote: offsets 104 to its end
SPAN = (104, 104 + len(QUOTE))


def _retriever(**encoders):
    emb = KeywordEmbedder()
    return SimpleNamespace(lexicon=lexicon_for(None), **{"encode_queries": emb.encode_queries,
                                                        "encode_passages": emb.encode_passages, **encoders})


def test_candidates_are_the_dictionary_words_the_quote_lacks():
    # 电话 names what is asked (电话是多少): the number answers it without the word; 客服 is a detail
    assert candidates("信用卡年费的客服电话是多少？", QUOTE, lexicon_for(None)) == ["客服"]
    assert candidates("信用卡年费是多少？", QUOTE, lexicon_for(None)) == []   # every word written: nothing to try
    assert candidates("押金怎么退", "", lexicon_for(None)) == ["押金"]        # 怎么 asks, it states nothing
    assert candidates("年费多少", "", lexicon_for(None)) == []   # 年费: a word jieba only guessed (HMM), in no dictionary


def test_function_words_are_no_details():
    # 那年 (jieba: a pronoun) of a follow-up points back to the previous question; 以后, 还是, 一直 qualify
    assert candidates("那年付呢？", "固定工位月付1,880元/人", lexicon_for(None)) == []
    assert candidates("以后还是一直这样收费吗？", "收费标准", lexicon_for(None)) == []


def test_the_words_naming_what_is_asked_are_no_details():
    lexicon = lexicon_for(None)
    assert candidates("西贡商业信用银行的英文名是什么？", "西贡商业信用银行（Saigon Bank）成立于1987年", lexicon) == []
    assert candidates("黑龙江省博物馆的建筑是什么风格的？", "黑龙江省博物馆的建筑为巴洛克式", lexicon) == []
    assert candidates("健身房的费用能报销吗？", "员工出差的交通费用可以报销", lexicon) == ["健身房"]


def test_a_word_off_the_quotes_topic_is_ignored():
    r = _retriever()
    word, gain = ignored("信用卡年费的客服电话是多少？", HIT, *SPAN, QUOTE, r)
    assert word == "客服" and gain > GAIN   # 电话 names what is asked: never tried


def test_a_word_on_the_quotes_topic_is_no_detail():
    # 积分 is not in the quote, but it points where the quote does (the card's topic): leaving it out lowers the cosine
    assert ignored("信用卡积分年费怎么算？", HIT, *SPAN, QUOTE, _retriever()) is None


def test_nothing_without_encoders():
    for missing in ("encode_queries", "encode_passages"):
        assert ignored("信用卡年费的客服电话是多少？", HIT, *SPAN, QUOTE, _retriever(**{missing: None})) is None


ROW = "车型组别：经济型；代表车型：大众朗逸；座位数：5；1-2天（元/天）：168；日限里程（公里）：不限"


def test_an_attribute_the_quote_writes_nothing_of():
    lexicon = lexicon_for(None)
    assert unnamed_attribute("大众朗逸百公里油耗是多少？", ROW, lexicon) == "油耗"
    assert unnamed_attribute("电影票的增值税税率是多少？", "钻石卡 | 1000元 | 8折", lexicon) == "税率"
    assert unnamed_attribute("大众朗逸的座位数是多少？", ROW, lexicon) is None   # written
    assert unnamed_attribute("公积金贷款的利率是多少？", "公积金贷款年利率3.1%", lexicon) is None


def test_a_shared_character_or_a_kind_of_value_is_not_judged():
    lexicon = lexicon_for(None)
    # 手续费 over 费率: a paraphrase may name it otherwise; this check only judges a quote that writes none of it
    assert unnamed_attribute("分期的手续费是多少？", "24期：总费率12.0%", lexicon) is None
    # 比例, 价格, 电话 name the kind of value: 「12%」 answers 比例 without the word
    assert unnamed_attribute("住房公积金的缴存比例是多少？", "公司与个人各按缴存基数的12%缴存", lexicon) is None
    assert unnamed_attribute("客服电话是多少？", "服务热线：400-186-5500", lexicon) is None


def test_only_the_clause_that_asks_a_value_is_read():
    lexicon = lexicon_for(None)
    # the last clause that asks: 税率, not the yes/no clause before it; a yes/no clause asks no value
    assert unnamed_attribute("公租房租金要交增值税吗？税率多少？", "租金按月缴纳", lexicon) == "税率"
    assert unnamed_attribute("出门旅游几天，家里暖气阀门要不要关啊？", "外出时关闭阀门", lexicon) is None   # 几天: no question
    assert unnamed_attribute("朗逸的油耗有没有说明？", ROW, lexicon) is None
    # a follow-up joined to the question it continues (followup.with_context: a space): 那押金呢 asks no attribute
    assert unnamed_attribute("大众朗逸油耗是多少 那押金呢", ROW, lexicon) is None
    # why, a meaning, a time: no value of an attribute
    assert unnamed_attribute("这个季度利润率为什么往下走了？", ROW, lexicon) is None
    assert unnamed_attribute("油耗是什么意思？", ROW, lexicon) is None
    assert unnamed_attribute("大众朗逸的油耗是多少？", ROW, lexicon) == "油耗"


def test_traditional_characters_are_read_folded():
    assert unnamed_attribute("大眾朗逸的油耗是多少？", ROW, lexicon_for(None)) == "油耗"
    assert unnamed_attribute("大眾朗逸的座位數是多少？", ROW, lexicon_for(None)) is None   # 座位數 → 座位数, written


def test_who_acts_and_verbs_are_no_attribute():
    lexicon = lexicon_for(None)
    assert unnamed_attribute("南区澡堂几点关门呀", "南区学生浴室 | 每天14:00—23:30", lexicon) is None   # 几点: 澡堂 acts
    assert unnamed_attribute("看牙能带几个人进去陪着？", "每位患者限1名陪同人进入诊室", lexicon) is None   # 能带: a verb
    assert unnamed_attribute("What is the fuel consumption of the Lavida?", ROW, lexicon) is None   # Latin script


GUIDE = """# 科技馆参观指南

## 票价

4D影院票价：成人票60元，儿童票30元，60岁以上老人凭证件免费。

## 停车

本馆地下停车场共200个车位，前2小时免费，超出部分每小时5元。

## 开放时间

每周二至周日9:00-17:00开放，周一闭馆（法定节假日除外）。
"""


def test_the_real_model_refuses_a_detail_the_guide_lacks(product_embedder, tmp_path):
    """The real model over a one-file guide: 军人票 is a ticket the price list does not have, so its 4D row is no answer
    (with the check off, it is quoted); the tickets it does list are answered."""
    import dataclasses

    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "参观指南.md").write_text(GUIDE, encoding="utf-8")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "idx")
    bot = ChatBot(settings, product_embedder).warm_up()
    assert bot.ask("4D影院的军人票多少钱？").abstained
    assert "30元" in bot.ask("4D影院儿童票多少钱？").citations[0].quote
    assert "5元" in bot.ask("停车超过两小时怎么收费？").citations[0].quote
    off = ChatBot(dataclasses.replace(settings, detail_gain=0.0), product_embedder).warm_up()
    assert not off.ask("4D影院的军人票多少钱？").abstained


def test_the_setting_defaults_to_the_fitted_gain():
    from chatbot.settings import Settings

    assert Settings().detail_gain == GAIN


RENTAL = """# 租车服务指南

## 车型与价格

| 车型 | 座位数 | 日租金（元/天） | 押金（元） |
|---|---|---|---|
| 大众朗逸 | 5 | 168 | 3000 |
| 丰田凯美瑞 | 5 | 268 | 5000 |
| 别克GL8 | 7 | 398 | 8000 |

## 取车与还车

取车时须出示本人身份证和驾驶证，驾龄须满1年。还车时油量须与取车时一致，不足部分按每升10元收取加油服务费。
"""


def test_the_real_model_refuses_an_attribute_the_row_lacks(product_embedder, tmp_path, monkeypatch):
    """The real model over a price table: the 朗逸 row states no 油耗, so it is no answer to 「大众朗逸的油耗是多少？」
    (without this check the row is quoted); the columns it has are answered."""
    import chatbot.refusals
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "租车服务指南.md").write_text(RENTAL, encoding="utf-8")
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), product_embedder).warm_up()
    assert bot.ask("大众朗逸的油耗是多少？").abstained
    assert "8000" in bot.ask("别克GL8的押金是多少？").citations[0].quote
    assert "168" in bot.ask("朗逸一天多少钱？").citations[0].quote
    monkeypatch.setattr(chatbot.refusals, "unnamed_attribute", lambda *args: None)
    assert "大众朗逸" in bot.ask("大众朗逸的油耗是多少？").citations[0].quote
