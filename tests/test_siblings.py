"""A sibling quoted in the place of what is asked (chatbot/siblings.py): 「婚假有几天」 over a quote on 事假 abstains;
a paraphrase, a typo or an asked noun does not."""
from types import SimpleNamespace

import numpy as np
import pytest

from chatbot.lexical import lexicon_for
from chatbot.siblings import contrast

from test_series import one_file_bot


class Corpus:
    """What contrast reads of a retriever: its lexicon, its BM25 vocabulary and its chunks' text."""

    def __init__(self, *texts: str):
        self.lexicon = lexicon_for(None)
        self.chunks = [SimpleNamespace(embed_text=t) for t in texts]
        self.vocabulary = set().union(*(self.lexicon.tokenize(t) for t in texts))


LEAVE = "事假为无薪假，每次原则上不超过3天。年假须提前3个工作日申请。"


@pytest.mark.parametrize("question, passage, corpus, expected", [
    ("婚假有几天?", "事假为无薪假，每次原则上不超过3天。", LEAVE, [("婚假", "事假")]),
    ("加班的晚餐补贴标准是多少?", "午餐补贴每个工作日25元。", "午餐补贴每个工作日25元。", [("晚餐", "午餐")]),
    ("石英石台面打孔每孔多少钱?", "例如大理石台面打孔每孔50元。", "例如大理石台面打孔每孔50元。", [("石英石", "大理石")]),
    ("XR-200的光学变焦是几倍?", "变焦：5倍数字变焦", "变焦：5倍数字变焦", [("光学变焦", "数字变焦")]),
])
def test_a_sibling_in_the_place_of_an_unused_noun_is_found(question, passage, corpus, expected):
    assert contrast(question, passage, Corpus(corpus)) == expected


@pytest.mark.parametrize("question, passage, corpus", [
    ("婚假有几天?", "事假每次不超过3天。", LEAVE + "婚假为10天。"),              # the corpus has 婚假: a ranking matter
    ("婚假和事假有什么区别?", "事假每次不超过3天。", LEAVE),                      # the sibling is asked too
    ("乡村网民使用网上支付的比例?", "农村地区网民使用互联网支付的比例达85.6%", "农村地区网民使用互联网支付的比例达85.6%"),
    ("补偿优先给什么形式的?", "优先以换货方式补偿。", "优先以换货方式补偿。"),    # 形式 is the asked kind of value
    ("帐本放在哪里?", "账本由财务部保管。", "账本由财务部保管。"),              # 帐 / 账 read alike: a typo
    ("事假有几天?", "事假每次不超过3天。", LEAVE),                              # nothing unused
])
def test_a_paraphrase_typo_or_asked_noun_is_no_sibling(question, passage, corpus):
    assert contrast(question, passage, Corpus(corpus)) == []


def test_words_the_embedding_model_reads_as_one_are_no_siblings():
    """硬盘 / 磁盘: a synonym CC-CEDICT does not link, at a cosine of SAME_MEANING or more; 婚假 / 事假 stay below it."""
    from chatbot.siblings import SAME_MEANING

    vectors = {"硬盘": [1.0, 0.0], "磁盘": [0.99, 0.141], "婚假": [0.0, 1.0], "事假": [0.6, 0.8]}
    corpus = Corpus("数据盘使用率超过90%时按P1处理。事假每次不超过3天。")
    corpus.encode_queries = lambda texts: np.array([vectors[t] for t in texts])
    assert np.dot(vectors["硬盘"], vectors["磁盘"]) >= SAME_MEANING > np.dot(vectors["婚假"], vectors["事假"])
    assert contrast("服务器硬盘占用到多少要处理?", "磁盘使用率超过90%时按P1处理。", corpus) == []
    assert contrast("婚假有几天?", "事假每次不超过3天。", corpus) == [("婚假", "事假")]


def test_a_sibling_the_rules_lack_abstains_and_the_described_one_is_cited(tmp_path, embedder):
    bot = one_file_bot(tmp_path, embedder, "银行业务.txt",
                       "银行业务手册\n\n信用卡\n信用卡年费每年200元，刷卡满6次免年费。\n\n贷款\n住房首付比例最低为30%。\n")
    a = bot.ask("信用卡年费每年多少钱?")
    assert not a.abstained and "200元" in a.citations[0].quote
    assert bot.ask("借记卡年费每年多少钱?").abstained
    a = bot.ask("住房首付比例最低多少?")
    assert not a.abstained and "30%" in a.citations[0].quote
    assert bot.ask("汽车首付比例最低多少?").abstained
