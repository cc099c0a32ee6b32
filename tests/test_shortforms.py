"""Short forms (chatbot/shortforms.py): a question's word that no passage writes and whose characters start, in order,
the words of exactly one corpus phrase is read as that phrase; dictionary words, words the corpus writes, words across a
corpus word's edge and short forms of two phrases are left alone."""
from types import SimpleNamespace

import pytest

from chatbot.lexical import lexicon_for
from chatbot.shortforms import expanded, phrases

TEXT = ["全程马拉松7:30起跑，半程马拉松7:40起跑。", "全程马拉松关门时间为13:30。", "违法停车罚款须在15日内缴纳。",
        "专业型硕士须修满32学分。", "公租房租金按市场租金的70%确定。", "公租房每两年复核一次。", "临江县城公交票价2元。", "海州市自学考试办公室周六加班。",
        "社会保险和社会保障卡在二楼办理。", "同一学年内只能申请一次。", "人员住宅按建筑面积计费。", "开药门诊周末照常开放。", "报名全程马拉松须年满20周岁。"]


class FakeRetriever(SimpleNamespace):   # spelling.py's corpus index is cached by the retriever (a weak, hashed reference)
    __hash__ = object.__hash__


@pytest.fixture(scope="module")
def retriever():
    lexicon = lexicon_for(None)
    return FakeRetriever(chunks=[SimpleNamespace(embed_text=t) for t in TEXT], vocabulary=set(), lexicon=lexicon)


def test_phrases_are_consecutive_words_starting_with_each_character():
    tokenizer = lexicon_for(None).tokenizer()
    assert phrases("全马", "全程马拉松7:30起跑", tokenizer) == {"全程马拉松"}
    assert phrases("自考办", "海州市自学考试办公室", tokenizer) == {"自学考试办公室"}   # 自学考试: 自学|考试
    assert phrases("全马", "全部马匹", tokenizer) == {"全部马匹"} and phrases("全马", "全程跑完", tokenizer) == set()
    # a last numeral is its own word: 科一 is 科目一, not the 科目|一次 of 「每个科目一次考试不合格」 (DK, session 58)
    exam = "科目一考试合格后方可预约科目二；每个科目一次考试不合格的，可补考一次。"
    assert phrases("科一", exam, tokenizer) == {"科目一"} and phrases("科二", exam, tokenizer) == {"科目二"}
    assert phrases("硕二", "硕士二年级须提交中期报告", tokenizer) == {"硕士二年级"}   # … where the corpus writes none (review)


@pytest.mark.parametrize("question, expected, fixes", [
    ("跑全马最晚几点必须到终点？", "跑全程马拉松最晚几点必须到终点？", [("全马", "全程马拉松")]),
    ("半马几点起跑", "半程马拉松几点起跑", [("半马", "半程马拉松")]),                  # the tagger cuts 半|马
    ("在校大学生报全马要交多少钱？", "在校大学生报全程马拉松要交多少钱？", [("全马", "全程马拉松")]),   # not 报全 → 报名全程
    ("违停罚款多少天内交？", "违法停车罚款多少天内交？", [("违停", "违法停车")]),
    ("专硕要修多少学分", "专业型硕士要修多少学分", [("专硕", "专业型硕士")]),
    # left alone: a dictionary word (同学 is no 同一学年, 开门 no 开药门诊), a word across the corpus's 公租房 (县公|租房), a
    # short form of two phrases (社保: 社会保险 and 社会保障), a word the corpus writes
    ("寒假留校的同学住哪", "寒假留校的同学住哪", []),
    ("体检中心周末开门吗", "体检中心周末开门吗", []),
    ("临江县公租房租金多少", "临江县公租房租金多少", []),
    ("社保卡在哪办", "社保卡在哪办", []),
    ("全程马拉松几点起跑", "全程马拉松几点起跑", []),
    # 人住 inside jieba's HMM word 没人住 would shorten 人员住宅, but 没人 is a dictionary word: no short form across it
    ("房子整个冬天都没人住，能不能申请不供暖？", "房子整个冬天都没人住，能不能申请不供暖？", []),
    ("沒人住能申請不供暖嗎", "沒人住能申請不供暖嗎", []),   # … in traditional characters
    ("全马赛事几点开始", "全程马拉松赛事几点开始", [("全马", "全程马拉松")]),   # 马赛 is a dictionary word, but across two HMM words (全马|赛事)
])
def test_short_forms_are_read_as_the_phrase_they_shorten(retriever, question, expected, fixes):
    assert expanded(question, retriever) == (expected, fixes)


def test_the_bot_searches_the_phrase_and_says_so(tmp_path, product_embedder):
    """With the real model: 「半马」 shares no word with the sections, so the full marathon's was quoted (breakers BB, CC)."""
    from tests.test_series import one_file_bot

    bot = one_file_bot(tmp_path, product_embedder, "竞赛规程.md", "# 全程马拉松\n\n7:30鸣枪起跑，关门时间为13:30。\n\n"
                       "# 半程马拉松\n\n7:40鸣枪起跑，关门时间为10:30。\n\n# 家庭跑\n\n9:00起跑，关门时间为10:00。\n")
    a = bot.ask("半马的关门时间是几点？")
    assert not a.abstained and "「半马」按「半程马拉松」查找" in a.notice and a.question == "半程马拉松的关门时间是几点？"
    assert "10:30" in a.citations[0].quote and a.citations[0].section == "半程马拉松"
