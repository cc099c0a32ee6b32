"""siblings.py: a question naming a sibling of a list's items that the list does not list is refused."""
import pytest

from chatbot.bot import ChatBot
from chatbot.lexical import lexicon_for
from chatbot.siblings import unlisted_item

DELIVERY = "- 同城订单：发货后1天内送达；\n- 同省订单：发货后1-2天送达；\n- 跨省订单：发货后2-4天送达；\n- 偏远地区：发货后5-7天送达。"
CAMPUSES = "开设周末托管班的校区如下：\n- 人民路总部\n- 东湖校区\n- 高新校区\n上述校区的托管班时间为周六、周日8:30—17:00。"


@pytest.mark.parametrize("question, text, sibling", [
    ("发往港澳台地区的订单几天能送到？", DELIVERY, "港澳台地区"),   # breaker T
    ("滨江校区周末托管班几点开始", CAMPUSES, "滨江校区"),             # breaker W
    # what the list lists, or no sibling of its items
    ("跨省订单几天能送到？", DELIVERY, ""), ("东湖校区的周末托管班几点到几点", CAMPUSES, ""),
    ("偏远地区几天送到", DELIVERY, ""), ("托管班一学期多少钱", CAMPUSES, ""),
    ("下个校区什么时候开", CAMPUSES, ""),                               # a relative, not a sibling
    ("发往新疆的订单几天能送到？", "- 同城订单：1天", ""),               # one item names no series
    # tune answers the first version refused: 那份 points at one; an item of prose, or one speaking of the modifier
    ("数据库传到外地云上的那份备份能留多长时间？", "- 全量备份：每天\n- 增量备份：每小时\n- 异地备份：每周", ""),
    ("厂区主干道限速多少？", "（五）厂区内机动车限速：主干道20公里/小时\n（六）危险化学品运输车辆：限速10公里/小时", ""),
])
def test_a_sibling_of_a_lists_items_the_list_does_not_list(question, text, sibling):
    assert unlisted_item(question, text, lexicon_for(None).tagger()) == sibling


def test_the_bot_refuses_an_unlisted_sibling_of_a_lists_items(settings, embedder, corpus):
    """End to end (rowterms.lacking over a list passage): the listed item is answered, its sibling refused (without the
    check the list is quoted for both: they share every other word)."""
    (corpus / "客服.md").write_text("# 客服热线时间\n\n各渠道客服时间如下：\n- 电话客服：每天8:00-22:00\n- 在线客服：全天24小时\n"
                                    "- 邮件客服：工作日内回复\n\n# 预约\n\n营业厅支持微信预约，也可电话联系客服预约。\n", encoding="utf-8")
    bot = ChatBot(settings, embedder)
    assert not bot.ask("电话客服几点到几点？").abstained
    assert bot.ask("微信客服几点到几点？").abstained
