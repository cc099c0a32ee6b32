"""siblings.py: a question naming a sibling of what a table's rows name, which no row lists."""
import pytest

from chatbot.lexical import lexicon_for
from chatbot.siblings import unlisted_name

BACKUPS = {"全量备份", "增量备份", "异地备份"}
DELIVERY = {"同城订单", "同省订单", "跨省订单", "偏远地区"}
CHANNELS = {"电话客服", "在线客服", "邮件客服"}
NOTICE = {"计划检修停电", "提前7天", "故障停电", "不提前告知"}


@pytest.mark.parametrize("question, keys, sibling", [
    ("发往港澳台地区的订单几天能送到？", DELIVERY, "港澳台地区"),   # 港澳台地区 is one word to jieba, tagged j (session 36)
    ("微信客服几点上班", CHANNELS, "微信客服"),                       # 微信 a verbal noun to jieba (vn)
    ("跨省订单几天能送到？", DELIVERY, ""), ("电话客服几点上班", CHANNELS, ""),
    ("数据库传到外地云上的那份备份能留多长时间？", BACKUPS, ""),        # 那份: the one meant, no sibling
    ("下个备份什么时候做", BACKUPS, ""),                                # a relative
    ("计划检修停电要提前多久告知？", NOTICE, ""),                      # 多久 (m to jieba) asks: no sibling of 不提前告知
    ("计划检修停电提前几天告知？", NOTICE, ""),
])
def test_a_sibling_of_the_rows_names(question, keys, sibling):
    assert unlisted_name(question, keys, [" ".join(keys)], "", lexicon_for(None).tagger()) == sibling


def test_a_key_misspelt_by_one_homophone_is_no_sibling():
    """兴龙湖站 is a typo of the row 兴隆湖站, not a station the rows leave out (breaker CO, session 50); without that
    row it is one."""
    import jieba.posseg
    from chatbot.siblings import unlisted_name
    tagger = jieba.posseg.POSTokenizer()
    keys = ["天府广场站", "春熙路站", "兴隆湖站", "环球中心站"]
    assert unlisted_name("兴龙湖站营业时间", keys, [], "", tagger, 1) == ""
    assert unlisted_name("兴龙湖站营业时间", [k for k in keys if k != "兴隆湖站"], [], "", tagger, 1) == "龙湖站"
