"""Chinese names an English question writes in pinyin (pinyin.py), and what they change in retrieval: the branch a
question names by its pinyin is ranked first, not a sibling branch whose row holds the same English-rendered words."""
import dataclasses

from chatbot.cedict import parse
from chatbot.index import build_index
from chatbot.pinyin import pinyin_names, romanized
from chatbot.retrieve import Retriever

TABLE = parse(["分店 分店 [fen1 dian4] /branch/", "電話 电话 [dian4 hua4] /telephone/phone/",
               "港口 港口 [gang3 kou3] /port/harbor/", "海城 海城 [Hai3 cheng2] /Haicheng county level city/",
               "元 元 [yuan2] /yuan/", "嫦娥 嫦娥 [Chang2 e2] /Chang'e, the moon goddess/", "改變 改变 [gai3 bian4] /to change/"])


def test_a_latin_word_spells_the_corpus_words_it_spells_whole_else_the_shortest_it_starts():
    vocab = {"滨江分馆", "滨江", "滨江路", "滨江区政务中心", "电话", "图书馆"}
    # 滨江 is spelt whole: it first, then the shortest words it starts, three in all (jieba keeps 滨江区 whole)
    assert pinyin_names("What is the phone number of the Binjiang branch library?", vocab, TABLE) == ["滨江", "滨江路", "滨江分馆"]
    assert pinyin_names("binjiang phone", vocab, TABLE)[0] == "滨江"            # lower case, a word CC-CEDICT lacks
    assert pinyin_names("Binjiang branch phone", {"滨江区政务中心", "滨江分馆"}, TABLE) == ["滨江分馆", "滨江区政务中心"]
    assert pinyin_names("滨江分馆的电话是多少?", vocab, TABLE) == []            # no Latin letters


def test_two_words_spell_one_name_before_either_alone():
    vocab = {"晴川苑", "晴川", "张伟", "白沙岛", "李娜", "旅顺港"}
    assert pinyin_names("How many flats are offered at Qingchuan Yuan?", vocab, TABLE) == ["晴川苑"]
    assert pinyin_names("When is Zhang Wei in the office?", vocab, TABLE) == ["张伟"]
    assert pinyin_names("When is Li Na in the office?", vocab, TABLE) == ["李娜"]   # a surname of two letters
    assert pinyin_names("Fare to Baisha Island?", vocab, TABLE) == ["白沙岛"]   # island is English: the name alone
    # ü written u or v, as English writes it (pypinyin spells 旅 lv)
    assert pinyin_names("Where is Lüshun port?", vocab, TABLE) == pinyin_names("Where is Lvshun port?", vocab, TABLE) \
        == pinyin_names("Where is Lushun port?", vocab, TABLE) == ["旅顺港"]
    assert {"lvshun", "lushun"} <= romanized(vocab)


def test_english_words_are_no_names_unless_capitalised_after_the_first():
    vocab = {"海澄港", "嫦娥", "元宵", "改变"}
    # Haicheng is a CC-CEDICT gloss (海城) but, capitalised inside the question, it is read as a name: 海澄港 here
    assert pinyin_names("Fare from Haicheng Port?", vocab, TABLE) == ["海澄港"]
    assert pinyin_names("Can I change my ticket?", vocab, TABLE) == []     # an English word, lower case
    assert pinyin_names("Change the ticket", vocab, TABLE) == []           # an English word, first in the question
    assert pinyin_names("How much is 100 yuan?", vocab, TABLE) == []       # yuan: English and one syllable
    # a capitalised name CC-CEDICT renders is read too: the corpus's words it starts (北京市) search its rows
    beijing = parse(["北京 北京 [Bei3 jing1] /Beijing/"])
    assert pinyin_names("Hotel allowance in Beijing?", {"北京", "北京市", "北京路"}, beijing) == ["北京", "北京市", "北京路"]


def test_a_word_the_corpus_writes_in_latin_letters_is_no_pinyin():
    vocab = {"wifi", "维菲", "ruici", "瑞慈体检中心"}
    assert pinyin_names("Is there free wifi?", vocab, TABLE) == []
    assert pinyin_names("Where is Ruici?", vocab, TABLE) == []             # ruici is a token as written
    assert "ruici" in romanized({"瑞慈体检中心"})


BRANCHES = """# 服务网点

| 网点名称 | 地址 | 联系电话 |
|---|---|---|
| 城东分馆 | 东湖路1号 | 0571-1111 |
| 滨江分馆 | 江南大道8号 | 0571-2222 |
| 北苑分馆 | 北苑路3号 | 0571-3333 |
| 西溪分馆 | 文二路5号 | 0571-4444 |
"""


def _lexical_best(retriever, question, embedder) -> list[str]:
    """The texts of the passages with the highest BM25 score (the question's tokens and its translated terms)."""
    hits = retriever.search(question, embedder.encode_queries([question])[0], k=8, rerank=False)
    top = max(h.bm25 for h in hits)
    return [h.chunk.text for h in hits if h.bm25 == top]


def test_the_branch_an_english_question_names_in_pinyin_scores_highest_on_the_lexical_side(settings, embedder, monkeypatch):
    """Every row holds 联系电话 (phone number) through its header; only the name tells them apart, and only its pinyin
    says which. (The keyword embedder ties the rows on the dense side; with the real model the Chinese rendering,
    which now holds the name, ranks the row too: Retriever.gloss.)"""
    (settings.corpus_dir / "网点.md").write_text(BRANCHES, encoding="utf-8")
    retriever = Retriever(build_index(settings, embedder), settings)
    question = "What is the phone number of the Binjiang branch?"
    assert "滨江" in retriever.translated(question)                       # jieba: 滨江 | 分馆
    assert "滨江" in retriever.gloss(question)[0].split()
    for name, phone in (("Binjiang", "0571-2222"), ("Chengdong", "0571-1111"), ("Beiyuan", "0571-3333"),
                        ("Xixi", "0571-4444")):
        best = _lexical_best(retriever, f"What is the phone number of the {name} branch?", embedder)
        assert len(best) == 1 and phone in best[0], name
    monkeypatch.setattr("chatbot.crosslingual.pinyin_names", lambda question, vocabulary, split=None: [])
    without = Retriever(build_index(settings, embedder), settings)
    assert len(_lexical_best(without, question, embedder)) == 4            # the four rows tie
    off = Retriever(build_index(settings, embedder), dataclasses.replace(settings, crosslingual_weight=0.0))
    assert off.translated(question) == []


RESORTS = """# 雪场票价

| 雪场 | 全日票 | 联系电话 |
| --- | --- | --- |
| 云顶峰雪场 | 360 | 0433-1111 |
| 白桦谷雪场 | 220 | 0433-2222 |
| 松岭雪场 | 260 | 0433-3333 |
"""


def test_a_name_jieba_cuts_apart_is_spelt_whole_and_searched_by_its_pieces(settings, embedder):
    """pinyin.split_names (breaker DE, session 56): jieba cuts 云顶峰 as 云 | 顶峰 and 白桦谷 as 白桦 | 谷, so
    「Yundingfeng」 spelt no corpus word and the resort's rows were not searched by name; now a Latin word that spells all
    of such a name is searched by its pieces, and the row that holds it scores highest on the lexical side. A word that
    spells only part of one (Yunding), or a run across a function word (到 of 请到服务: Qingdao), finds nothing."""
    (settings.corpus_dir / "雪场.md").write_text(RESORTS + "\n请到服务台咨询。\n", encoding="utf-8")
    retriever = Retriever(build_index(settings, embedder), settings)
    names = retriever.split_names()
    assert names["云顶峰"] == ("云", "顶峰") and "云顶峰" not in retriever.vocabulary
    assert not any("到" in n for n in names)
    assert {"云", "顶峰"} <= set(retriever.translated("What is the phone number of Yundingfeng?"))
    assert "服务" not in retriever.translated("What is the phone number of the Qingdao branch?")
    for name, phone in (("Yundingfeng", "0433-1111"), ("Baihuagu", "0433-2222"), ("Songling", "0433-3333")):
        best = _lexical_best(retriever, f"What is the phone number of {name}?", embedder)
        assert len(best) == 1 and phone in best[0], name
    from chatbot.crosslingual import unknown_names

    assert unknown_names("Is the Yundingfeng resort open?", retriever.vocabulary, split=retriever.split_names) == []
    assert unknown_names("Is the Yundingfeng resort open?", retriever.vocabulary) == ["yundingfeng"]
