"""Quote spans (quotes.py): a list question's quote is its whole enumeration, also where a passage boundary cuts it;
passages are joined only where they overlap, within one section, and read the same there."""
import pytest

from chatbot.bot import ChatBot
from chatbot.chunks import Chunk
from chatbot.quotes import LIST_CAP, SENTENCE_CAP, enumeration, item_focus, joined, lists, to_sentences
from chatbot.retrieve import Hit

DOC = "前言。一是甲甲甲；二是乙乙乙；三是丙丙丙；四是丁丁丁。后记在此处结束。"


def chunk(i, s, e, section="s", kind="text", text=None):
    return Chunk(i, "d.txt", section, (section,), s, e, DOC[s:e] if text is None else text, kind=kind)


@pytest.mark.parametrize("question, asks", [
    ("互联网金融面临的主要风险有哪些?", True), ("信息安全事件分为哪幾級?", True), ("报销有几种方式?", True),
    ("What are the main risks?", True), ("年假有几天?", False), ("公司总部在哪里?", False), ("Who signs it?", False),
])
def test_a_list_question_is_recognised_by_its_words(question, asks):
    assert lists(question) is asks


def test_overlapping_passages_of_one_section_are_joined_where_they_read_the_same():
    chunks = [chunk(0, 0, 16), chunk(1, 10, 30), chunk(2, 26, len(DOC))]   # overlaps: 10..16 and 26..30
    hit = Hit(chunks[1], 1, 1.0, 0.9, 1.0)
    j = joined(hit, chunks)
    assert (j.chunk.start, j.chunk.end, j.chunk.text) == (0, len(DOC), DOC)
    assert j.chunk.id == 1 and (j.rank, j.score) == (1, 1.0) and hit.chunk.text == DOC[10:30]   # the hit is kept
    assert joined(hit, None) is hit
    # another section, a table row, a gap between passages, or a shared stretch that differs: not joined
    for other in ([chunk(0, 0, 16, section="t"), chunks[1], chunk(2, 26, len(DOC), section="t")],
                  [chunk(0, 0, 16, kind="table"), chunks[1], chunk(2, 26, len(DOC), kind="record")],
                  [chunk(0, 0, 8), chunks[1], chunk(2, 31, len(DOC))],
                  [chunk(0, 0, 16, text="X" * 16), chunks[1], chunk(2, 26, len(DOC), text="Y" * (len(DOC) - 26))]):
        assert joined(Hit(other[1], 1, 1.0, 0.9, 1.0), other).chunk is other[1]
    # a chunk list that is not the index's (ids out of step) is never trusted
    assert joined(hit, [chunks[0], chunks[2]]) is hit


def test_an_enumeration_is_one_sentence_for_a_list_question_when_it_fits():
    chunks = [chunk(0, 0, len(DOC))]
    hit = Hit(chunks[0], 1, 1.0, 0.9, 1.0)
    s, e = DOC.index("三是"), DOC.index("；四是")
    assert DOC[slice(*to_sentences(hit, s, e))] == "三是丙丙丙；"                  # a fact question: its clause's sentence
    grown, a, b = enumeration(hit, s, e, chunks)
    assert DOC[a:b] == "一是甲甲甲；二是乙乙乙；三是丙丙丙；四是丁丁丁。" and grown.chunk is hit.chunk
    long = "前言。" + "；".join(f"第{i}项" + "甲" * 20 for i in range(20)) + "。"      # longer than LIST_CAP: not grown
    assert len(long) > LIST_CAP and SENTENCE_CAP < LIST_CAP
    big = Chunk(0, "d.txt", "s", ("s",), 0, len(long), long)
    assert enumeration(Hit(big, 1, 1.0, 0.9, 1.0), 30, 40, [big]) is None
    table = Chunk(0, "d.txt", "s", ("s",), 0, len(DOC), DOC, kind="table")
    assert enumeration(Hit(table, 1, 1.0, 0.9, 1.0), s, e, [table]) is None


def test_a_list_question_quotes_the_whole_enumeration_across_two_passages(settings, embedder):
    items = ["一是利率风险，定期存款提前支取的部分按支取日的活期存款利率计息，储户会损失这部分本应得到的定期利息收益",
             "二是流动性风险，定期存款在到期之前不能随时支取全部本金，急需用钱时只能办理提前支取或者部分提前支取手续",
             "三是通胀风险，当存款利率低于同期物价上涨幅度时，存款的实际购买力会下降，储户的实际收益可能变为负数",
             "四是机构风险，存款保险只保障每家银行每位存款人五十万元以内的本金和利息，超出部分需要自行评估银行风险"]
    enumeration = "存款业务的风险主要有四类：" + "；".join(items) + "。"
    assert len(enumeration) > settings.chunk_max
    (settings.corpus_dir / "存款风险.txt").write_text(f"存款风险提示\n\n{enumeration}\n\n以上内容仅供参考。\n", encoding="utf-8")
    bot = ChatBot(settings, embedder).warm_up()
    a = bot.ask("存款有哪些风险?")
    assert not a.abstained and a.citations
    first = a.citations[0]
    doc = (settings.corpus_dir / "存款风险.txt").read_text(encoding="utf-8")
    assert first.quote == doc[first.start:first.end]                              # verbatim
    assert all(item in first.quote for item in items), first.quote                # every item, in document order
    assert len({h.chunk.id for h in a.passages if h.chunk.source == "存款风险.txt"}) > 1   # it spans two passages


def test_a_sheet_row_is_quoted_whole_up_to_the_row_cap():
    """An 8-column sheet row runs past SENTENCE_CAP; its quote is still the whole row (the asked column was cut off:
    session 19), up to ROW_CAP; the same text as prose is cut to the clauses around the run."""
    from chatbot.quotes import ROW_CAP

    fields = [f"列{i}：" + "值" * 18 for i in range(8)]           # 8 × 22 characters + separators
    row = "；".join(fields)
    assert SENTENCE_CAP < len(row) <= ROW_CAP
    text = "表头\n" + row + "\n下一行"
    s = text.index("列1")
    for kind, whole in (("record", True), ("table", True), ("text", False)):
        hit = Hit(Chunk(0, "d.xlsx", "s", ("s",), 0, len(text), text, kind=kind), 1, 1.0, 0.9, 1.0)
        a, b = to_sentences(hit, s, s + len(fields[1]))
        assert (text[a:b] == row) is whole and (b - a <= SENTENCE_CAP) is not whole
    long = "；".join(f"列{i}：" + "值" * 30 for i in range(12))         # longer than ROW_CAP: cut to clauses
    text = long + "\n"
    hit = Hit(Chunk(0, "d.xlsx", "s", ("s",), 0, len(text), text, kind="record"), 1, 1.0, 0.9, 1.0)
    a, b = to_sentences(hit, 0, 10)
    assert len(long) > ROW_CAP and b - a <= SENTENCE_CAP and a == 0


STEPS = ("第五章 处理流程\n第十一条 投诉处理的基本步骤：\n1. 受理登记：客服创建投诉工单。\n2. 分派：主管分派工单。\n"
         "3. 调查核实：责任部门调查原因。\n第十二条 客户不满意的，可申请重新处理一次。")


def test_a_lead_line_is_quoted_with_the_items_it_introduces():
    """quotes.with_items (session 20): a quote that ends on a line ending in a colon takes the list items below it,
    as many as fit in LIST_CAP; any other quote is left alone."""
    from chatbot.leads import with_items

    c = Chunk(0, "d.md", "s", ("s",), 0, len(STEPS), STEPS, kind="text")
    hit = Hit(c, 1, 1.0, 0.9, 1.0)
    s = STEPS.index("第十一条")
    lead = STEPS.index("：\n1.")
    for e in (lead, lead + 1):   # the quote ends before or after the colon
        h, qs, qe = with_items(hit, s, e, [c])
        assert STEPS[qs:qe] == STEPS[s:STEPS.index("\n第十二条")], STEPS[qs:qe]
    # a sentence that is no lead line, or a lead with no item after it: unchanged
    one = STEPS.index("1. 受理"), STEPS.index("\n2.")
    assert with_items(hit, *one, [c])[1:] == one
    plain = "说明如下：\n本条自发布之日起施行。"
    p = Chunk(0, "d.md", "s", ("s",), 0, len(plain), plain, kind="text")
    assert with_items(Hit(p, 1, 1.0, 0.9, 1.0), 0, 4, [p])[1:] == (0, 4)
    # items that do not fit in LIST_CAP: as many whole ones as fit
    long = "步骤：\n" + "\n".join(f"{i}. " + "甲" * 120 for i in range(1, 4))
    q = Chunk(0, "d.md", "s", ("s",), 0, len(long), long, kind="text")
    _, qs, qe = with_items(Hit(q, 1, 1.0, 0.9, 1.0), 0, 2, [q])
    assert long[qs:qe] == long[:long.index("\n3.")] and qe - qs <= LIST_CAP


RULES = ("第十条 员工进入生产区域必须正确佩戴劳动防护用品。\n第十一条 在生产区域内严禁下列行为：\n1. 无证操作设备；\n"
         "2. 酒后上岗；\n3. 在厂区内吸烟（指定吸烟区除外）；\n第十二条 冲压设备每班开机前应试运行光栅。")


def test_an_item_is_shown_with_its_lead_and_list():
    """leads.with_lead, leads.shown (breaker I, session 34): 「3. 在厂区内吸烟（指定吸烟区除外）」 quoted alone for
    「厂区内可以吸烟吗」 read as permission, its lead 「严禁下列行为：」 cut off. An item under a lead is shown with the lead and
    the whole list (when they fit in LIST_CAP), also when the lead ends the passage before; anything else as it was."""
    from chatbot.leads import shown, with_lead

    lead, end = RULES.index("第十一条"), RULES.index("\n第十二条")
    item = RULES.index("3. 在厂区"), RULES.index("\n第十二条")
    c = Chunk(0, "d.md", "s", ("s",), 0, len(RULES), RULES, kind="text")
    assert with_lead(Hit(c, 1, 1.0, 0.9, 1.0), *item, [c])[1:] == (lead, end)
    # … its bold chosen in the item quoted (session 48: 「上了年纪的人…」 bolded a sibling item under 「5. 年龄优惠：」)
    assert shown("厂区内可以吸烟吗", Hit(c, 1, 1.0, 0.9, 1.0), *item, 150, [c])[1:] == (lead, end, None, item)
    # the lead ending the passage before the items' (blocks are "\n"-separated): joined for the view
    a, b = RULES[:RULES.index("\n1.")], RULES[RULES.index("1. 无证"):]
    p, q = (Chunk(0, "d.md", "s", ("s",), 0, len(a), a, kind="text"),
            Chunk(1, "d.md", "s", ("s",), len(a) + 1, len(RULES), b, kind="list"))
    h, s, e = with_lead(Hit(q, 1, 1.0, 0.9, 1.0), *item, [p, q])
    assert (s, e) == (lead, end) and h.chunk.text[s - h.chunk.start:e - h.chunk.start] == RULES[lead:end]
    # a sentence that is no item, items without a lead line, or a list too long: unchanged
    first = 0, RULES.index("\n第十一条")
    assert with_lead(Hit(c, 1, 1.0, 0.9, 1.0), *first, [c])[1:] == first
    bare = "1. 无证操作设备；\n2. 酒后上岗；"
    d = Chunk(0, "d.md", "s", ("s",), 0, len(bare), bare, kind="list")
    assert with_lead(Hit(d, 1, 1.0, 0.9, 1.0), 0, 9, [d])[1:] == (0, 9)
    long = "严禁：\n" + "\n".join(f"{i}. " + "甲" * 120 for i in range(1, 4))
    g = Chunk(0, "d.md", "s", ("s",), 0, len(long), long, kind="text")
    assert with_lead(Hit(g, 1, 1.0, 0.9, 1.0), 4, 127, [g])[1:] == (4, 127)


def test_a_sentence_announcing_a_list_in_the_passage_before_it_is_quoted_with_the_items_for_a_list_question():
    """quotes.with_items, _ANNOUNCES (session 31's breaker: 「有哪些班车线路」 quoted 「公司开通三条通勤班车线路，乘车须刷工卡，
    免费乘坐。」 alone; the lead ends in 。 and its items are the next passage, a "list" one block further)."""
    from chatbot.leads import with_items

    doc = "公司开通三条通勤班车线路，乘车须刷工卡。\n1. 一号线：天通苑北站，7:40发车。\n2. 二号线：回龙观站，7:50发车。\n晚班车18:30发车。"
    lead_end, list_end = doc.index("\n1."), doc.index("\n晚班车")
    chunks = [Chunk(0, "d.md", "班车", ("班车",), 0, lead_end, doc[:lead_end]),
              Chunk(1, "d.md", "班车", ("班车",), lead_end + 1, list_end, doc[lead_end + 1:list_end], kind="list"),
              Chunk(2, "d.md", "班车", ("班车",), list_end + 1, len(doc), doc[list_end + 1:])]
    hit = Hit(chunks[0], 1, 1.0, 0.9, 1.0)
    h, s, e = with_items(hit, 0, lead_end, chunks, listing=True)
    assert h.chunk.text[s - h.chunk.start:e - h.chunk.start] == doc[:list_end]     # the text the document has there
    assert with_items(hit, 0, lead_end, chunks)[1:] == (0, lead_end)             # not a list question: the lead alone
    plain = [Chunk(0, "d.md", "班车", ("班车",), 0, 7, "乘车须刷工卡。"), chunks[1]]
    assert with_items(Hit(plain[0], 1, 1.0, 0.9, 1.0), 0, 7, plain, listing=True)[1:] == (0, 7)   # announces nothing
    other = [chunks[0], Chunk(1, "d.md", "食堂", ("食堂",), lead_end + 1, list_end, chunks[1].text, kind="list")]
    assert with_items(hit, 0, lead_end, other, listing=True)[1:] == (0, lead_end)      # another section's list


def test_a_list_question_over_items_one_a_line_gets_the_whole_list():
    """quotes.enumeration (session 20): a run on one item of a list written one item a line grows to every item and
    the lead line above (when the whole fits in LIST_CAP); a run in plain prose is grown as before."""
    c = Chunk(0, "d.md", "s", ("s",), 0, len(STEPS), STEPS, kind="text")
    hit = Hit(c, 1, 1.0, 0.9, 1.0)
    s = STEPS.index("2. 分派")
    _, qs, qe = enumeration(hit, s, s + 5, [c])
    assert STEPS[qs:qe] == STEPS[STEPS.index("第十一条"):STEPS.index("\n第十二条")]
    s = STEPS.index("客户不满意")
    _, qs, qe = enumeration(hit, s, s + 5, [c])
    assert STEPS[qs:qe] == "第十二条 客户不满意的，可申请重新处理一次。"


def test_item_marks_nested_items_and_a_list_too_long():
    """Review, session 20: （一） items are items; a lead that is itself an item takes its sub-items only, not its
    siblings; a list longer than LIST_CAP leaves the item's own enumeration quoted, as before."""
    from chatbot.leads import with_items

    t = "第五条 违反规定的，予以警告：\n（一）迟到三次以上；\n（二）未按时提交报告。\n第六条 其他。"
    c = Chunk(0, "d.md", "s", ("s",), 0, len(t), t, kind="text")
    assert t.__getitem__(slice(*with_items(Hit(c, 1, 1.0, 0.9, 1.0), 0, t.index("："), [c])[1:])) == t[:t.index("\n第六条")]
    t = "流程如下：\n1. 受理阶段：\n  - 登记\n  - 分派\n2. 处理阶段：调查。\n3. 结案阶段：回访。"
    c = Chunk(0, "d.md", "s", ("s",), 0, len(t), t, kind="text")
    s, e = t.index("1. 受理"), t.index("：\n  -")
    assert t.__getitem__(slice(*with_items(Hit(c, 1, 1.0, 0.9, 1.0), s, e, [c])[1:])) == "1. 受理阶段：\n  - 登记\n  - 分派"
    t = "要求：\n" + "\n".join(f"{i}. " + "甲" * 60 + "。" for i in range(1, 7))
    c = Chunk(0, "d.md", "s", ("s",), 0, len(t), t, kind="text")
    s = t.index("3. ")
    _, qs, qe = enumeration(Hit(c, 1, 1.0, 0.9, 1.0), s, s + 10, [c])
    assert t[qs:qe] == "3. " + "甲" * 60 + "。"


def test_a_listed_answer_is_bold_on_the_item_asked_about_or_on_every_item():
    """quotes.item_focus (session 21): a quote that lists items is bold over all of them when the items are asked for
    (asks_items) or the focus is the lead line above them, unless the question's words point to one item (twice any
    other's weight, more than the lead's): then that item, or the focus inside it. A focus inside a list that was not
    asked for, or a quote that lists nothing, keeps its focus."""
    from chatbot.quotes import asks_items, is_list, item_focus

    def overlap(question):
        return lambda text: float(sum(w in text for w in question.split()))

    q = "投诉处理的基本步骤：\n1. 受理登记。\n2. 分派处理。\n3. 回访结案。"
    at = 100                                             # the quote's document offset
    one = (at + q.index("2. "), at + q.index("\n3."))     # the ranker's run: item 2 alone
    items = (at + q.index("1. "), at + len(q))
    assert item_focus(q, at, one, True, overlap("步骤")) == items           # the lead's words: every item
    assert item_focus(q, at, one, False, overlap("步骤")) == one            # items not asked for: the focus kept
    assert item_focus(q, at, (at, at + q.index("：")), False, overlap("步骤")) == items   # the focus was the lead
    assert item_focus(q, at, one, True, overlap("回访")) == (at + q.index("3. "), at + len(q))   # one item asked about
    assert item_focus(q, at, (at + q.index("分派"), at + q.index("处理。")), True, overlap("分派")) == \
        (at + q.index("分派"), at + q.index("处理。"))                      # … the focus inside it kept
    v = "1. 前台登记。\n2. 访客证分为三种颜色：\n- 蓝色：商务；\n- 黄色：施工；\n3. 当日有效。"   # an item leading sub-items
    assert item_focus(v, 0, (0, 5), True, overlap("访客证 颜色")) == (v.index("2. "), v.index("\n3."))
    assert item_focus(v, 0, (0, 5), True, lambda text: 0.1) == (0, len(v))    # no item holds ITEM_SHARE: every item
    n = "以下物品禁止携带：\n- 枪支\n  - 仿真枪\n- 爆炸物品\n  - 炸药、雷管\n  - 烟花爆竹\n- 管制器具\n  - 匕首"   # nested, no colon
    asked = (n.index("- 爆炸"), n.index("\n- 管制"))   # the item with its deeper sub-items (breaker BL, session 43)
    assert item_focus(n, 0, (n.index("- 爆炸"), n.index("\n  - 炸药")), True, overlap("爆炸物品")) == asked
    s = "行业面临三大挑战:一是成本上升;二是风险增加;三是竞争加剧。"
    assert item_focus(s, 0, (s.index("二是"), s.index(";三")), True, overlap("挑战")) == (s.index("一是"), len(s))
    plain = "年假须提前3个工作日申请。"
    assert item_focus(plain, 0, (0, 5), True, overlap("年假")) == (0, 5)
    assert is_list(q) and is_list(s) and not is_list(plain) and not is_list("1. 只有一项。")
    assert asks_items("面临哪些挑战?") and asks_items("Which licenses are banned?") and asks_items("步骤包括什么")
    assert not asks_items("高雄有几个工程师?") and not asks_items("Which host is the primary?") and not asks_items("哪几天体检")
    for single in ("Which is the customer hotline?", "which has the lowest fee", "Which address do I use?",
                   "What is the list price of XR-200?", "which bus goes to the depot"):   # review, session 21
        assert not asks_items(single), single
    # a focus that answers before the lead's colon clause is no lead: 「要多久」 keeps 「一般3个工作日可取卡」 (review)
    r = "答：一般3个工作日可取卡，办理时需携带：\n1. 身份证原件；\n2. 旧卡或挂失回执。"
    f = (r.index("一般"), r.index("，办理"))
    assert item_focus(r, 0, f, False, overlap("多久")) == f
    # prose is no inline list (review, session 21); item 10 is no sub-item of item 9
    for prose in ("本产品是市场上唯一是通过认证的产品，统一是指标准一致。", "依据第(1)项和第(2)项的规定办理。",
                  "主要原因之一是成本高，之二是周期长。"):
        assert not is_list(prose), prose
    n = "\n".join(f"{i}. 项目{i}。" for i in range(1, 9)) + "\n9. 访客证分为三种颜色：\n- 蓝色；\n- 黄色；\n10. 当日有效。\n11. 其他。"
    assert item_focus(n, 0, (0, 3), True, overlap("访客证 颜色")) == (n.index("9. "), n.index("\n10."))


def test_a_second_quote_beside_a_list_is_another_list():
    """answer.adds_answer (session 21): after a first quote that lists the items a list question asks for, a second
    quote that lists nothing is not shown; a second list, or any second quote of a question that is no list
    question, still is."""
    from chatbot.answer import adds_answer

    def quote(text):
        c = Chunk(0, "d.md", "s", ("s",), 0, len(text), text, kind="text")
        return Hit(c, 1, 1.0, 0.9, 1.0), 0, len(text), 0, len(text)

    first = quote("主要风险：\n1. 信用风险。\n2. 流动性风险。")
    assert not adds_answer("主要风险有哪些?", first, quote("本报告分析了行业的发展。"), listing=True)
    assert adds_answer("主要风险有哪些?", first, quote("一是操作风险；二是合规风险。"), listing=True)
    assert adds_answer("风险怎么防控?", first, quote("本报告分析了行业的发展。"), listing=False)
    assert not adds_answer("风险怎么防控?", first, first, listing=False)            # the same text again
    assert not adds_answer("有多少种风险?", first, quote("一是操作风险；二是合规风险。"))  # one value asked
    # a list headed by the question's word negated answers the opposite question (session 40's newcomer: 「团费包含哪些
    # 费用？」 showed the 「四、费用不含」 list, bold, under 另见 after 「三、费用包含」's)
    included = quote("费用包含：\n- 往返机票\n- 酒店住宿")
    assert not adds_answer("团费包含哪些费用？", included, quote("费用不含：\n- 签证费\n- 单房差"), listing=True)
    assert adds_answer("团费不含哪些费用？", included, quote("费用不含：\n- 签证费\n- 单房差"), listing=True)
    assert adds_answer("团费包含哪些费用？", included, quote("其他费用：\n- 领队服务\n- 保险"), listing=True)


def test_a_list_written_without_marks_is_a_list():
    """quotes.unmarked_items (session 21, the sixth blind set's PDF FAQ, whose bullets Chromium drew rather than
    wrote): after a lead line ending in a colon, lines that each end in ；(the last in ；or 。) are the lead's items:
    with_items quotes them and item_spans counts them; a question label or a line ending otherwise ends the list."""
    from chatbot.leads import with_items
    from chatbot.quotes import item_spans, unmarked_items

    t = ("问1：有哪些付款方式？\n答：目前支持以下四种方式：\nIC卡（含学生卡）；\n乘车码；\n银联闪付，社区线暂不支持；\n"
         "现金投币，不设找零。\n问2：票价是多少？")
    c = Chunk(0, "d.pdf", "s", ("s",), 0, len(t), t, kind="faq")
    s, e = t.index("目前"), t.index("：\nIC")
    _, qs, qe = with_items(Hit(c, 1, 1.0, 0.9, 1.0), s, e, [c])
    assert t[qs:qe] == t[s:t.index("\n问2")]
    assert [t[qs:qe][a:b] for a, b in item_spans(t[qs:qe])] == ["IC卡（含学生卡）；", "乘车码；", "银联闪付，社区线暂不支持；",
                                                               "现金投币，不设找零。"]
    assert unmarked_items(["第一项；", "问2：下一个问题？"]) == 0            # one item is no list
    assert unmarked_items(["甲；", "乙；", "说明如下", "丙。"]) == 2          # a line ending otherwise ends it
    assert unmarked_items(["本条自发布之日起施行。", "其他。"]) == 0


def test_a_focus_over_a_whole_list_narrows_to_the_item_asked_about():
    """quotes._one_item (breakers M, N, P, Q, session 35): a list the index keeps as one quotable span was bold whole for
    「金卡客户在城区报修多久上门？」. The item the question's rarer words point to is the bold; a procedure or rule question,
    a list question and an English one keep the whole list; a tie keeps it too."""
    q = ("第九条 上门时限如下：\n（一）金卡客户：城区4小时内上门，乡镇8小时内上门；\n（二）银卡客户：城区8小时内上门，乡镇24小时内上门；\n"
         "（三）普通客户：城区24小时内上门，乡镇48小时内上门。")
    whole, unused = (0, len(q)), (lambda text: 0.0)
    item = lambda s: (q.index(s), q.index("\n", q.index(s)) if "\n" in q[q.index(s):] else len(q))   # noqa: E731
    assert item_focus(q, 0, whole, False, unused, "金卡客户在城区报修多久上门？") == item("（一）")
    assert item_focus(q, 0, whole, False, unused, "银卡客户报修多久上门？") == item("（二）")
    assert item_focus(q, 0, whole, False, unused, "报修以后怎么安排上门？") == whole         # a procedure: every item
    assert item_focus(q, 0, whole, True, unused, "哪些客户城区4小时内上门？") != item("（一）")   # a list asked for
    assert item_focus(q, 0, whole, False, unused, "客户报修多久上门？") == whole              # no item stands out
    assert item_focus(q, 0, whole, False, unused, "How soon for gold card customers?") == whole
    # a Chinese question naming a Latin word is no English one (breaker AC, session 38: 「IMAX厅包场要提前几天预订」)
    assert item_focus(q, 0, whole, False, unused, "VIP银卡客户报修多久上门？") == item("（二）")
    assert item_focus(q, 0, whole, False, unused) == whole                                # no question given: as before


GROUNDS = ("- 南湖训练场\n  - 地址：南湖区湖滨路66号\n  - 开放时间：每天7:00—21:30\n- 城东理论教室\n  - 地址：建设路201号\n"
           "  - 上课时间：每周二、周四19:00—21:00")
REMOTE = ("哪些地区不包邮？\n以下偏远地区不参加满额包邮活动：\n- 新疆\n- 西藏\n- 甘肃\n发往上述地区的订单，每单加收运费15元。")


def test_an_item_that_names_items_under_it_is_quoted_with_them_and_they_hold_the_focus():
    """leads.with_items, _parent (breaker U, session 36): 「- 城东理论教室」, an item with items indented under it, was
    quoted alone for 「城东理论教室什么时候上课」; it is a name, and the answer one of its items."""
    from chatbot.leads import with_items

    c = Chunk(0, "场地.md", "s", ("s",), 0, len(GROUNDS), GROUNDS, kind="list")
    s = GROUNDS.index("- 城东")
    e = GROUNDS.index("\n", s)
    h, qs, qe, fs, fe = with_items(Hit(c, 1, 1.0, 0.9, 1.0), s, e, [c], False, (s, e))
    assert GROUNDS[qs:qe] == GROUNDS[s:] and GROUNDS[fs:fe].strip().startswith("- 地址：建设路") and fe == len(GROUNDS)
    item = GROUNDS.index("  - 开放时间"), GROUNDS.index("\n- 城东")   # an item with nothing under it: as it was
    assert with_items(Hit(c, 1, 1.0, 0.9, 1.0), *item, [c], False, item)[1:] == (*item, *item)


def test_a_sentence_about_the_list_above_it_is_quoted_with_that_list():
    """leads._antecedent (breaker T, session 36): 「发往上述地区的订单，每单加收运费15元。」 alone answered 「发往海南…」: the
    regions were outside the quote, so the place check saw none."""
    from chatbot.leads import with_items

    c = Chunk(0, "物流.html", "s", ("s",), 0, len(REMOTE), REMOTE, kind="faq")
    s = REMOTE.index("发往")
    h, qs, qe = with_items(Hit(c, 1, 1.0, 0.9, 1.0), s, len(REMOTE), [c])
    assert REMOTE[qs:qe] == REMOTE[REMOTE.index("以下偏远"):]
    other = "问：运费多少？\n发往偏远地区的订单，每单加收运费15元。"   # no 上述: unchanged
    o = Chunk(0, "物流.html", "s", ("s",), 0, len(other), other, kind="faq")
    assert with_items(Hit(o, 1, 1.0, 0.9, 1.0), other.index("发往"), len(other), [o])[1:] == (other.index("发往"), len(other))


def test_the_bot_quotes_a_sentence_about_a_list_with_the_list(settings, embedder, corpus):
    (corpus / "物流.md").write_text("# 运费\n\n" + REMOTE.replace("哪些地区不包邮？\n", "") + "\n", encoding="utf-8")
    bot = ChatBot(settings, embedder)
    a = bot.ask("发往偏远地区的订单每单加收多少运费？")
    assert not a.abstained and "新疆" in a.citations[0].quote and "15元" in a.citations[0].quote


def test_a_list_is_quoted_with_the_sentence_after_it_that_refers_to_it():
    """leads._sequel (breaker W, session 36): 「东湖校区的托管班几点」 quoted the list of 校区 without the times that the
    sentence after it (another passage: a blank line parts them) gives, and was refused for holding no time."""
    from chatbot.leads import with_items

    items = "开设周末托管班的校区如下：\n- 人民路总部\n- 东湖校区"
    after = "上述校区的托管班时间为周六、周日8:30—17:00。"
    a = Chunk(0, "d.md", "s", ("s",), 0, len(items), items, kind="list")
    b = Chunk(1, "d.md", "s", ("s",), len(items) + 1, len(items) + 1 + len(after), after, kind="text")
    h, qs, qe = with_items(Hit(a, 1, 1.0, 0.9, 1.0), 0, len(items), [a, b])
    assert h.chunk.text[qs - h.chunk.start:qe - h.chunk.start] == items + "\n" + after
    h2, s2, e2 = with_items(Hit(b, 1, 1.0, 0.9, 1.0), b.start, b.end, [a, b])   # and back from the sentence
    assert h2.chunk.text[s2 - h2.chunk.start:e2 - h2.chunk.start] == items + "\n" + after


def test_a_list_questions_item_ending_in_a_colon_is_bold_with_its_sub_items():
    """quotes.item_focus (session 37): a nested list is quoted line by line (outline.nested), so the run of 「访客证分哪几种
    颜色？」 is the item's lead 「2. 访客证分为三种颜色」 alone; the item asked is bold with the colours under it."""
    quote = ("1. 访客到达后在1楼大堂前台出示身份证件进行登记，领取访客证。\n2. 访客证分为三种颜色：\n   - 蓝色：一般商务来访；\n"
             "   - 黄色：施工及维修人员；\n3. 访客证当日有效，离开时须交还前台。")
    run = (quote.index("2. 访客证"), quote.index("："))
    fs, fe = item_focus(quote, 0, run, True, lambda text: 0.6 if "颜色" in text else 0.0, "访客证分哪几种颜色？")
    assert quote[fs:fe] == "2. 访客证分为三种颜色：\n   - 蓝色：一般商务来访；\n   - 黄色：施工及维修人员；"


def test_the_sibling_item_holding_more_of_the_questions_words_is_bold():
    """quotes.item_focus (breaker BF, session 42): 「三室一厅整屋打包套餐多少钱？」 over 「- 一室一厅：400元 / - 两室一厅：600元 /
    - 三室一厅：900元」 kept the focus model's first item, 一室一厅 (室一厅 is all it shares with the question). A sibling item
    (the same mark) holding a longer run of the question's characters, one holding what the bold one holds, is bold
    instead; an item sharing other words (营业时间 beside 工作日) or a lead line does not take it."""
    lead = "2. 整屋打包套餐：\n"
    items = ["  - 一室一厅：400元", "  - 两室一厅：600元", "  - 三室一厅：900元", "  - 套餐已包含常规用量的纸箱和胶带。"]
    quote = lead + "\n".join(items)
    one = quote.index(items[0]), quote.index(items[0]) + len(items[0])
    third = quote.index(items[2]), quote.index(items[2]) + len(items[2])
    assert item_focus(quote, 0, one, False, lambda t: 0.0, "三室一厅整屋打包套餐多少钱？") == third
    assert item_focus(quote, 0, one, False, lambda t: 0.0, "一室一厅整屋打包套餐多少钱？") == one
    hours = "营业安排：\n- 工作日：9:00-18:00\n- 营业时间说明：周末另行通知"
    day = hours.index("- 工作日"), hours.index("\n- 营业")
    assert item_focus(hours, 0, day, False, lambda t: 0.0, "工作日营业时间是几点？") == day


WARRANTY = ("3. 保修期内同一故障复发的，免费维修。\n4. 下列情形不在保修范围内：")
WARRANTY_ITEMS = "（1）人为摔落、挤压造成的损坏；\n（2）进水、受潮造成的损坏；\n（3）私自刷机导致的软件故障。"
AFTER = "5. 更换非原装配件后，防水性能不再保证。"


def test_items_of_another_mark_at_the_same_depth_sit_under_an_item_ending_in_a_colon():
    """outline.nests, leads.with_items / with_lead (breakers AS, AY, BE, BG, BL, session 48): a Word list nests by
    its marks, not by indentation, so 「4. 下列情形不在保修范围内：」 was quoted alone (its （1）… items are no deeper, and the
    reader put them in the next passage) and 「（2）进水…」 without its lead. The items of another mark are its items; the
    next item of the lead's own mark (5.) is not."""
    from chatbot.leads import with_items, with_lead
    from chatbot.outline import mark_kind, nests

    assert [mark_kind(x) for x in ("4. 甲：", "（1）乙", "（一）丙", "一、丁", "① 戊", "- 己", "正文")] == \
        ["1", "(1)", "(一)", "一", "①", "-", ""]
    assert nests("4. 下列情形不在保修范围内：", "（1）人为摔落") and not nests("4. 下列情形：", "5. 更换")
    assert not nests("4. 下列情形不在保修范围内", "（1）人为摔落")   # no colon: no lead
    assert nests("- 材料：", "  - 身份证") and not nests("  - 材料：", "- 流程")
    lead = Chunk(0, "d.docx", "四、保修政策", ("四、保修政策",), 0, len(WARRANTY), WARRANTY, kind="list")
    at = len(WARRANTY) + 1
    items = Chunk(1, "d.docx", "四、保修政策", ("四、保修政策",), at, at + len(WARRANTY_ITEMS), WARRANTY_ITEMS, kind="list")
    at = items.end + 1
    after = Chunk(2, "d.docx", "四、保修政策", ("四、保修政策",), at, at + len(AFTER), AFTER, kind="list")
    chunks = [lead, items, after]
    text = WARRANTY + "\n" + WARRANTY_ITEMS + "\n" + AFTER
    s = WARRANTY.index("4.")
    for e in (len(WARRANTY) - 1, len(WARRANTY)):   # the quote ends before or after the colon
        h, qs, qe = with_items(Hit(lead, 1, 1.0, 0.9, 1.0), s, e, chunks)
        assert text[qs:qe] == text[s:items.end], text[qs:qe]
    s = items.start + WARRANTY_ITEMS.index("（2）")
    h, qs, qe = with_lead(Hit(items, 1, 1.0, 0.9, 1.0), s, s + 14, chunks)
    assert text[qs:qe] == text[WARRANTY.index("4."):items.end]   # its lead and every item, not 3. nor 5.
