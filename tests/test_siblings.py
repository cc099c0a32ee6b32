"""siblings.py: a question naming a sibling of what a table's rows name, which no row lists."""
import pytest

from chatbot.lexical import lexicon_for
from chatbot.siblings import unlisted_name

BACKUPS = {"全量备份", "增量备份", "异地备份"}
DELIVERY = {"同城订单", "同省订单", "跨省订单", "偏远地区"}
CHANNELS = {"电话客服", "在线客服", "邮件客服"}


@pytest.mark.parametrize("question, keys, sibling", [
    ("发往港澳台地区的订单几天能送到？", DELIVERY, "港澳台地区"),   # 港澳台地区 is one word to jieba, tagged j (session 36)
    ("微信客服几点上班", CHANNELS, "微信客服"),                       # 微信 a verbal noun to jieba (vn)
    ("跨省订单几天能送到？", DELIVERY, ""), ("电话客服几点上班", CHANNELS, ""),
    ("数据库传到外地云上的那份备份能留多长时间？", BACKUPS, ""),        # 那份: the one meant, no sibling
    ("下个备份什么时候做", BACKUPS, ""),                                # a relative
])
def test_a_sibling_of_the_rows_names(question, keys, sibling):
    assert unlisted_name(question, keys, [" ".join(keys)], "", lexicon_for(None).tagger()) == sibling
