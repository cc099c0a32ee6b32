"""subitems.py: a nested list's sub-item is the one under the item the question names, quoted with that item, and an
item the list does not have is refused (breaker W, session 36: 「科技部部长是谁」 got 艺术部's 「- 部长：林晓雯」)."""
import jieba.posseg
import pytest

from chatbot.chunks import Chunk
from chatbot.quotes import item_focus
from chatbot.retrieve import Hit
from chatbot.subitems import _lines_above, nested_focus, prefer_parent, under_parent, unlisted_entry, unlisted_item

UNION = ("- 学习部\n  - 部长：王思远\n  - 办公室：学生活动中心201\n"
         "- 艺术部\n  - 部长：林晓雯\n  - 办公室：学生活动中心305\n"
         "- 体育部\n  - 部长：赵一鸣\n  - 办公室：体育馆一楼108\n"
         "- 外联部\n  - 办公室：学生活动中心210")


def _hit(text: str = UNION, start: int = 100) -> Hit:
    return Hit(Chunk(0, "学生会.md", "组织架构", ("组织架构",), start, start + len(text), text, kind="list"), 1, 1.0, 0.9, 1.0)


def _span(line: str, after: str = "", start: int = 100) -> tuple[int, int]:
    s = UNION.index(line, UNION.index(after) if after else 0)
    return start + s, start + s + len(line)


def test_the_items_a_sub_item_sits_under():
    at = UNION.index("  - 办公室：体育馆")
    assert [UNION[a:b] for a, b in _lines_above(UNION, at)] == ["- 体育部"]
    assert _lines_above(UNION, UNION.index("- 艺术部")) == []   # a top-level item sits under nothing
    assert _lines_above("说明：\n  办公室：301", 6) == []       # no list item


def test_the_sub_item_under_the_named_item_comes_first():
    hit = _hit()
    runs = [(0.9, hit, *_span("  - 办公室：体育馆一楼108")), (0.8, hit, *_span("  - 办公室：学生活动中心305")),
            (0.7, hit, *_span("  - 办公室：学生活动中心201"))]
    got = prefer_parent("艺术部的办公室在哪里", runs)
    assert got[0] is runs[1] and got[1:] == [runs[0], runs[2]]   # the rest keep their order
    assert prefer_parent("办公室在哪里", runs) is runs             # no item named: unchanged
    other = Hit(Chunk(1, "a.md", "s", ("s",), 0, 20, "艺术部办公室在三楼。", kind="text"), 2, 0.9, 0.9, 1.0)
    mixed = [(0.95, other, 0, 10)] + runs
    assert prefer_parent("艺术部的办公室在哪里", mixed)[0] is mixed[0]   # a run in no nested list keeps its place


def test_a_sub_item_is_quoted_with_its_item():
    hit = _hit()
    s, e = _span("- 部长：赵一鸣")
    qs, qe = under_parent(hit, s, e)
    assert UNION[qs - 100:qe - 100] == "- 体育部\n  - 部长：赵一鸣\n  - 办公室：体育馆一楼108"
    item = _span("- 体育部")
    assert under_parent(hit, *item) == item                              # an item: not a sub-item
    assert under_parent(_hit("- 甲\n  - " + "很长" * 200), 108, 500) == (108, 500)   # too long to quote whole: as it was


def test_an_item_the_list_lacks_is_refused():
    hit, tagger = _hit(), jieba.posseg.POSTokenizer()
    quote = under_parent(hit, *_span("- 办公室：学生活动中心305"))
    assert unlisted_item("宣传部办公室在哪", hit, *quote, tagger) == "宣传部"
    assert unlisted_item("艺术部办公室在哪", hit, *quote, tagger) == ""
    assert unlisted_item("学生会办公室在哪", hit, *quote, tagger) == ""   # no sibling of the items' form
    assert unlisted_item("宣传部办公室在哪", hit, *_span("  - 办公室：学生活动中心305"), tagger) == "宣传部"   # a sub-item: its item
    prose = _hit("宣传工作由艺术部负责。\n外联部负责校外合作。")
    assert unlisted_item("宣传部办公室在哪", prose, 100, 111, tagger) == ""   # no nested list



def test_a_sub_item_is_shown_with_its_item_once_answering_is_judged():
    """leads.shown, not with_items (session 37): grown before the judgement, the item's other sub-items made an off-topic
    question's quote look answerable (a held-out off-topic half lost one refusal)."""
    from chatbot.leads import shown, with_items

    hit, (s, e) = _hit(), _span("  - 办公室：体育馆一楼108")
    assert with_items(hit, s, e, None)[1:] == (s, e)
    got = shown("体育部办公室在哪", hit, s, e, 150, None)
    assert UNION[got[1] - 100:got[2] - 100] == "- 体育部\n  - 部长：赵一鸣\n  - 办公室：体育馆一楼108"
    assert got[3:] == (None, (s, e))   # the bold is chosen inside the sub-item


def test_an_item_of_another_sections_list_names_no_sibling():
    """prefer_parent (breaker Z, session 37): 「员工卡充值有什么优惠」 moved 「- 优惠政策」's sub-item (the gym's section)
    before 「- 就餐支付」's 「- 员工卡：…」 (the canteen's): 优惠 is the word asked, not an item named."""
    canteen = "- 就餐支付\n  - 员工卡：充值满500元赠送30元\n  - 微信：每餐加收3元"
    gym = "- 优惠政策\n  - 新员工首月免费体验\n  - 5人以上办年卡每张优惠200元"
    a = Hit(Chunk(0, "指南.md", "三、员工食堂", ("三、员工食堂",), 0, len(canteen), canteen, kind="list"), 1, 1.0, 0.9, 1.0)
    b = Hit(Chunk(1, "指南.md", "二、健身房", ("二、健身房",), 500, 500 + len(gym), gym, kind="list"), 2, 1.0, 0.9, 1.0)
    s = canteen.index("  - 员工卡")
    runs = [(0.9, a, s, s + 20), (0.8, b, 500 + gym.index("  - 5人"), 500 + len(gym))]
    assert prefer_parent("员工卡充值有什么优惠", runs) is runs


FEES = ("- 电费\n  - 缴费期限：账单发出之日起15日内\n  - 逾期违约金：\n    - 当年欠费部分：每日千分之一\n"
        "    - 违约金不足1元的，按1元收取\n- 燃气费\n  - 缴费期限：账单日起30日内")


def test_a_label_item_is_quoted_with_the_item_it_sits_under():
    """subitems.under_parent (breaker AA, session 38): 「- 违约金不足1元的，按1元收取」 was shown under 「- 逾期违约金：」 only,
    so an electricity rule read as a gas one; an item that is a label (ending in a colon) is grown to its own item, and a
    quote of one sub-item with its sub-items grows as one sub-item does."""
    hit = _hit(FEES)
    line = FEES.index("    - 违约金不足")
    s, e = 100 + line, 100 + FEES.index("\n- 燃气费")
    qs, qe = under_parent(hit, s, e)
    assert FEES[qs - 100:qe - 100] == FEES[:FEES.index("\n- 燃气费")]
    block = 100 + FEES.index("  - 逾期违约金"), e                       # the label with its sub-items
    assert under_parent(hit, *block) == (qs, qe)
    gas = 100 + FEES.index("  - 缴费期限：账单日起"), 100 + len(FEES)
    assert FEES[slice(*(x - 100 for x in under_parent(hit, *gas)))] == FEES[FEES.index("- 燃气费"):]


PARKING = ("各站点停车优惠不同，具体如下：\n- 天府广场站：充电满30分钟免停车2小时；\n- 春熙路站：不减免停车费，停车费打8折；\n"
           "- 环球中心站：单次充电满20kWh免停车3小时；\n- 双流机场站：充电期间免停车费。")
HOURS = "服务时段：\n- 工作日：8:00—20:00\n- 周末：9:00—18:00\n- 法定节假日：10:00—16:00"


def test_an_entry_a_list_of_names_leaves_out_is_refused():
    """兴隆湖站 over a list naming the stations with a parking offer (breaker CO, session 50); entries sharing no
    ending (工作日, 周末) are no names of one kind, and a name the passage writes is no sibling."""
    tagger = jieba.posseg.POSTokenizer()
    hit = _hit(PARKING)
    whole = (100, 100 + len(PARKING))
    assert unlisted_entry("兴隆湖站充电能减免停车费吗？", hit, *whole, tagger) == "兴隆湖站"
    assert unlisted_entry("春熙路站充电能减免停车费吗？", hit, *whole, tagger) == ""
    assert unlisted_entry("充电能减免停车费吗？", hit, *whole, tagger) == ""
    assert unlisted_entry("兴隆湖站充电能减免停车费吗？", hit, 100, 115, tagger) == ""    # the lead-in alone: no entry quoted
    hours = _hit(HOURS)
    assert unlisted_entry("纪念日几点上门？", hours, 100, 100 + len(HOURS), tagger) == ""   # 日 of 工作日, not 周末
    two = _hit("- 天府广场站：免停车2小时\n- 春熙路站：打8折")
    assert unlisted_entry("兴隆湖站能减免停车费吗？", two, 100, 120, tagger) == ""       # a pair is no list


def test_a_sub_item_is_read_with_the_items_it_sits_under():
    """series.passage_text (breaker DC, session 55): 「  - 设备费：120元；无月服务费」 under 「- 烟感报警器」 is that device's
    fee, so the words a check reads it with include its item; values.prefer_value had preferred 「免费安装…烟感报警器」
    (another section's line naming the device, 免费 a price) over it for 「烟感报警器的设备费是多少？」."""
    from chatbot.lexical import lexicon_for
    from chatbot.series import passage_text
    from chatbot.subitems import items_above
    from chatbot.values import prefer_value

    devices = ("- 烟感报警器\n  - 安装在厨房门外侧天花板\n  - 设备费：120元；无月服务费\n"
               "- 门磁感应器\n  - 设备费：90元；月服务费：5元")
    assert items_above(devices, devices.index("  - 设备费：90元")) == "- 门磁感应器"
    assert items_above(devices, devices.index("- 门磁感应器")) == ""
    hit = Hit(Chunk(0, "设备.md", "一、设备类型与收费", ("一、设备类型与收费",), 0, len(devices), devices, kind="list"),
              1, 1.0, 0.9, 1.0)
    fee = devices.index("  - 设备费：120元") + 2, devices.index("无月服务费")
    assert "烟感报警器" in passage_text(hit, *fee) and "门磁感应器" not in passage_text(hit, *fee)
    free = "- 80周岁及以上独居老人免费安装一键通呼叫器和烟感报警器"
    other = Hit(Chunk(1, "设备.md", "二、免费安装与补贴", ("二、免费安装与补贴",), 500, 500 + len(free), free, kind="list"),
                2, 1.0, 0.8, 1.0)
    item = devices.index("- 烟感报警器"), len("- 烟感报警器")
    runs = [(3.0, hit, *item), (2.9, hit, *fee), (2.8, other, 502, 500 + len(free))]
    assert prefer_value("烟感报警器的设备费是多少？", runs, 1.0, lexicon_for(None))[0] is runs[1]


FARES = ("- 70周岁以上老年人：\n  - 公交：全天免费乘车；\n  - 地铁：全天免费乘车，不区分高峰时段。\n  - 景区：门票优惠50%。\n"
         "- 中小学生：公交、地铁均为5折，寒暑假期间同样适用。")


def _focus_on(quote, text, start=100):
    at = quote.index(text)
    return start + at, start + at + len(text)


def _bold(quote, span, start=100):
    return quote[span[0] - start:span[1] - start]


@pytest.mark.parametrize("question, bold", [
    ("70岁的老头坐地铁要钱不？", "  - 地铁：全天免费乘车，不区分高峰时段。"),   # the sub-item the question names
    ("70岁以上坐公交收费吗", "  - 公交：全天免费乘车；"),
    ("70岁以上老人乘车有什么优惠", FARES[:FARES.index("\n- 中小学生")]),   # none named: the item with its sub-items
    ("70岁以上老人有什么优惠", FARES[:FARES.index("\n- 中小学生")]),   # 优惠 is in no label, though in a sub-item's text
])
def test_a_focus_on_an_item_that_leads_sub_items_moves_to_them(question, bold):
    """Breaker EC (session 64): 「70岁的老头坐地铁要钱不？」 bolded the item 「- 70周岁以上老年人」 that names whom the
    question is about; its sub-items say what it asks."""
    got = nested_focus(FARES, 100, _focus_on(FARES, "- 70周岁以上老年人"), False, lambda t: 0.0, question)
    assert _bold(FARES, got).strip() == bold.strip()


def test_a_focus_on_an_item_without_sub_items_or_a_list_question_is_kept():
    focus = _focus_on(FARES, "- 中小学生：公交、地铁均为5折，寒暑假期间同样适用。")
    assert nested_focus(FARES, 100, focus, False, lambda t: 0.0, "中小学生坐地铁打几折") == focus   # no colon at its end
    parent = _focus_on(FARES, "- 70周岁以上老年人")   # a list asked: quotes.item_focus's focus, not moved
    assert nested_focus(FARES, 100, parent, True, lambda t: 0.0, "有哪些乘车优惠") == \
        item_focus(FARES, 100, parent, True, lambda t: 0.0, "有哪些乘车优惠")
    english = _focus_on(FARES, "- 70周岁以上老年人")
    assert nested_focus(FARES, 100, english, False, lambda t: 0.0, "Is the metro free for people over 70?") == english
