"""Follow-ups naming another place, or a word the pointer swallowed (breakers BS and BU, session 44)."""
import jieba
import pytest

from chatbot.followup import pointer_split
from chatbot.rephrase import sibling_asked


@pytest.mark.parametrize("follow_up, previous, expected", [
    ("那南京呢？", "典雅婚纱在上海徐汇旗舰店多少钱？", "典雅婚纱在南京旗舰店多少钱？"),   # 徐汇, a district of 上海, goes too
    ("那北京呢？", "上海分公司的地址？", "北京分公司的地址？"),
    ("那西山呢？", "东湖派出所户籍室工作日上午几点开门？", "西山派出所户籍室工作日上午几点开门？"),
    ("那金卡呢？", "银卡会员的生日礼是什么？", "金卡会员的生日礼是什么？"),               # siblings as before
    ("那杭州呢？", "北京和上海的住宿标准", ""),                                          # two places: which one?
    ("那南京呢？", "年卡多少钱？", ""),                                                  # no place to put it for
])
def test_a_place_for_the_previous_questions_place(follow_up, previous, expected):
    assert sibling_asked(follow_up, previous, jieba.lcut) == expected


def test_a_pointer_glued_to_a_word_of_the_corpus_is_split():
    assert pointer_split("那个人写真呢？", {"个人", "写真"}, jieba.lcut) == "那 个人写真呢？"
    assert pointer_split("那个人写真呢？", {"个人"}, jieba.lcut) == "那个人写真呢？"              # no 写真 in the corpus
    assert pointer_split("那个人写真呢？", {"写真"}, jieba.lcut) == "那个人写真呢？"     # the corpus has no 个人
    assert pointer_split("年卡呢？", {"个人"}, jieba.lcut) == "年卡呢？"
    assert pointer_split("那个人的电话是多少？", {"个人", "电话"}, jieba.lcut) == "那个人的电话是多少？"   # that person's phone
    assert pointer_split("那个人叫什么？", {"个人"}, jieba.lcut) == "那个人叫什么？"
    # a word jieba's dictionary hardly knows (a brand, a card) after a pointer it glued on (breaker DW, session 62)
    freq = jieba.dt.FREQ
    assert pointer_split("那天合的呢？", {"天合", "隆基"}, jieba.lcut, freq) == "那 天合的呢？"
    assert pointer_split("那晶科的呢？", {"晶科"}, jieba.lcut, freq) == "那 晶科的呢？"
    assert pointer_split("那年卡呢？", {"年卡", "次卡"}, jieba.lcut, freq) == "那 年卡呢？"
    assert pointer_split("那天合的呢？", {"隆基"}, jieba.lcut, freq) == "那天合的呢？"          # the corpus has no 天合
    assert pointer_split("那个人的电话呢？", {"个人", "电话"}, jieba.lcut, freq) == "那个人的电话呢？"   # 个人 is common
    assert pointer_split("那天的呢？", {"天", "的"}, jieba.lcut, freq) == "那天的呢？"
    assert pointer_split("那周末呢？", {"周末"}, jieba.lcut, freq) == "那周末呢？"             # jieba cut 那 apart already
    assert pointer_split("这次要带哪些材料？", {"次要", "材料"}, jieba.lcut, freq) == "这次要带哪些材料？"   # 次要: a word


def test_a_follow_up_noun_the_corpus_writes_shorter():
    """followup._added: 手机号 counts as the corpus's 手机 (「他的手机号多少？」 was refused as asking a word the corpus
    never uses); a noun of two characters is not shortened."""
    from chatbot.followup import _added
    from chatbot.lexical import lexicon_for

    lexicon = lexicon_for(None)
    assert _added("他的手机号多少？", lexicon, {"手机", "邮箱"})[1] == {"手机"}
    assert _added("婚假呢？", lexicon, {"婚", "年假"})[1] == set()
