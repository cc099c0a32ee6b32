"""A list's lead line and its items, quoted together.

Consumes: a `Hit`, a quote [s, e) in it (document offsets) and the index's chunks (the passages, ids in document
order). Produces: `with_items` → a quote ending a lead line (「第十一条 投诉处理的基本步骤：」) continued with the items under
it; `with_lead` → a quote that is items of a list grown to its lead line and the whole list; `shown` → the quote
as the answer shows it (every tier of a rule, tiers.py, or the list with its lead).
Why: a lead alone answers nothing (field case 07's kind: a title quoted as the answer), and an item alone lacks the
predicate its lead gives it: 「5. 在厂区内吸烟（指定吸烟区除外）」 quoted for 「厂区内可以吸烟吗」 without 「第十一条 在生产区域内
严禁下列行为：」 reads as permission (breaker I, session 34).
Shortcuts: a lead is the line right above the items ending in a colon (for a list question also a sentence announcing
the list: _ANNOUNCES); items are LIST_ITEM lines (or, after a lead, lines ending in ；: unmarked_items); both stop at
LIST_CAP characters (a longer list: the quote is left as it was); the lead may end the passage before the items'.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .quotes import _JOINABLE, LIST_CAP, _item_lines, joined
from .outline import items_under, nests
from .readers.lines import LIST_ITEM, unmarked_items
from .subitems import under_parent
from .tiers import tiers

_ANNOUNCES = re.compile(r"(?:[0-9两一二三四五六七八九十]+\s*[条个种类项点家所处名位款]|如下|以下|下列|包括|分为|分别)[^。\n]*[。.]\s*$")


def _next_to(a, b) -> bool:
    """Whether passage `b` starts on the line after passage `a` ends, in the same section: blocks are "\n"-separated,
    so a lead's passage and its items' neither overlap nor touch (quotes.joined does not join them)."""
    return b.start == a.end + 1 and (b.source, b.path, b.section) == (a.source, a.path, a.section)


def _next_list(whole, hit, chunks):
    """`whole` (hit's passage, joined) continued with the list passage right after it, when hit's passage ends with
    its lead."""
    c = whole.chunk
    if chunks is not None and 0 <= hit.chunk.id < len(chunks) - 1 and (n := chunks[hit.chunk.id + 1]) \
            and n.kind == "list" and _next_to(c, n):
        return replace(whole, chunk=replace(c, end=n.end, text=c.text + "\n" + n.text))
    return whole


def with_items(hit, s: int, e: int, chunks, listing: bool = False, focus: tuple[int, int] | None = None):
    """(hit, start, end): a quote [s, e) that ends a lead line (「第十一条 投诉处理的基本步骤：」, a colon ending the line;
    for a list question (`listing`) also a sentence announcing the list, 「公司开通三条通勤班车线路。」: _ANNOUNCES; or an item
    with items indented under it: _parent) continued with the list items on the lines after it (`-`, `1.`, `（1）`, `一、`,
    `①` …; in `hit` joined to its neighbours), as many whole items as fit in LIST_CAP with the lead; unchanged when no
    item follows or the first does not fit. Given the run's `focus`: (hit, start, end, focus start, focus end), the focus
    moved to the items under an item (「- 城东理论教室」: the answer is one of them). Why: a lead line alone answers
    nothing (field case 07's kind: a title quoted as the answer; session 20, 「投诉处理的基本步骤包括什么？」 quoted the lead
    and cited item 1 second; session 31's breaker, 「有哪些班车线路」 quoted 「公司开通三条通勤班车线路，乘车须刷工卡，免费
    乘坐。」 alone; breaker U, session 36: 「- 城东理论教室」 for 「城东理论教室什么时候上课」)."""
    hit, s = _antecedent(hit, s, e, chunks)   # 「发往上述地区的订单…」: with the list it refers to
    text, off = hit.chunk.text, hit.chunk.start
    line_end = text.find("\n", e - off)
    line = text[:len(text) if line_end < 0 else line_end]
    parent = _parent(line[line.rfind("\n") + 1:], text[line_end + 1:] if line_end >= 0 else "")
    if not re.match(r"[ \t]*[:：]?[ \t]*$", text[e - off:len(line)]) or not (
            re.search(r"[:：]\s*$", line) or listing and _ANNOUNCES.search(line[line.rfind("\n") + 1:]) or parent):
        hit, s, e = _sequel(hit, s, e, chunks) if LIST_ITEM.match(text[:e - off].rsplit("\n", 1)[-1]) else (hit, s, e)
        return (hit, s, e) if focus is None else (hit, s, e, *focus)
    hit, s2, e2 = _sequel(*_items(hit, s, e, chunks), chunks)   # … and 「上述…」 after the list
    if focus is None:
        return hit, s2, e2
    return (hit, s2, e2, e + 1, e2) if parent and e2 > e else (hit, s2, e2, *focus)   # under a name: the focus is its items


def _items(hit, s: int, e: int, chunks):
    """with_items' growth of a quote [s, e) that ends a lead line (checked by the caller): the items after it."""
    whole = joined(hit, chunks) if chunks is not None and hit.chunk.kind in _JOINABLE else hit
    if not whole.chunk.text[e - whole.chunk.start:].strip(" \t:："):   # a lead ending its passage: the list passage next
        whole = _next_list(whole, hit, chunks)
    text, off = whole.chunk.text, whole.chunk.start
    at, end = text.find("\n", e - off), e
    following = text[at + 1:].split("\n") if at >= 0 else []
    if following and not LIST_ITEM.match(following[0]):   # items without marks (「…；」 a line): as many as fit
        for line in following[:unmarked_items(following)]:
            if off + at + 1 + len(line.rstrip()) - s > LIST_CAP:
                break
            end, at = off + at + 1 + len(line.rstrip()), at + 1 + len(line)
        return (whole, s, end) if end > e else (hit, s, e)
    lead = text[text.rfind("\n", 0, max(e - off - 1, 0)) + 1:].split("\n", 1)[0]
    # a lead that is an item: its sub-items only (deeper, or of another mark: outline.items_under)
    under = items_under(lead, following) if LIST_ITEM.match(lead) else len(following)
    while at >= 0 and under > 0:
        nxt, under = text.find("\n", at + 1), under - 1
        line = text[at + 1:len(text) if nxt < 0 else nxt]
        if not LIST_ITEM.match(line) or off + at + 1 + len(line.rstrip()) - s > LIST_CAP:
            break
        end, at = off + at + 1 + len(line.rstrip()), nxt
    return (whole, s, end) if end > e else (hit, s, e)


_BACK = re.compile(r"^[^，,。；;\n]{0,8}?(?:上述|上列|以上|前述)")   # a sentence naming what the lines above list


def _antecedent(hit, s: int, e: int, chunks):
    """(hit, start): a quote [s, e) of one line that refers to the list right above it (上述地区, 以上情形), its start moved
    back to that list's lead line (ending in a colon), when the whole fits in LIST_CAP; the passage before joined to
    `hit` when the line starts its passage (a blank line or a <p> after the <ul> parts them: breaker W); else (hit, s).
    Why: 「发往上述地区的订单，每单加收运费15元。」 alone answered 「发往海南的订单加收多少运费」 (breaker T, session 36):
    the regions it covers were not in the quote, so the place check (places.py) had nothing to compare."""
    text, off = hit.chunk.text, hit.chunk.start
    begin = text.rfind("\n", 0, s - off) + 1
    if "\n" in text[s - off:e - off].strip() or not _BACK.match(text[begin:e - off]):
        return hit, s
    c = hit.chunk
    if begin == 0 and chunks is not None and c.id > 0 and (p := chunks[c.id - 1]) and _next_to(p, c):
        hit = replace(hit, chunk=replace(c, start=p.start, text=p.text + "\n" + c.text))
        text, off, begin = hit.chunk.text, p.start, len(p.text) + 1
    above = off + begin - 2   # the last character of the line above
    a, _ = _item_lines(text, off, above, above + 1) if begin > 1 else (s, s)
    if a < above and re.search(r"[:：]\s*$", text[a - off:text.find("\n", a - off)]) and e - a <= LIST_CAP:
        return hit, a
    return (replace(hit, chunk=c) if hit.chunk is not c else hit), s


def _sequel(hit, s: int, e: int, chunks):
    """(hit, start, end): a quote [s, e) that ends a list, continued with the line after it when that line refers to the
    list (「上述校区的托管班时间为…」; also the first line of the next passage), within LIST_CAP. Why: 「东湖校区的托管班几点」
    quoted the list of 校区 without the times the sentence after it gives, and was refused (breaker W, session 36)."""
    text, off, grown = hit.chunk.text, hit.chunk.start, hit
    if e - off >= len(text) and chunks is not None and hit.chunk.id + 1 < len(chunks) \
            and _next_to(hit.chunk, n := chunks[hit.chunk.id + 1]):
        grown = replace(hit, chunk=replace(hit.chunk, end=n.end, text=text + "\n" + n.text))
        text = grown.chunk.text
    if not LIST_ITEM.match(text[text.rfind("\n", 0, e - off) + 1:]) or text[e - off:e - off + 1] != "\n":
        return hit, s, e
    line = text[e - off + 1:].split("\n", 1)[0]
    end = e + 1 + len(line.rstrip())
    return (grown, s, end) if _BACK.match(line) and end - s <= LIST_CAP else (hit, s, e)


def _parent(line: str, after: str) -> bool:
    """Whether the list item `line` heads the items indented under it on the lines `after` (「- 城东理论教室」 over
    「  - 上课时间：…」): a name, not an answer, however it ends (breaker U, session 36: it was quoted alone)."""
    nxt = after.split("\n", 1)[0]
    return bool(LIST_ITEM.match(line) and LIST_ITEM.match(nxt)) and len(nxt) - len(nxt.lstrip()) > len(line) - len(line.lstrip())


def with_lead(hit, s: int, e: int, chunks):
    """(hit, start, end): a quote [s, e) whose lines are all items of a list (LIST_ITEM) under a lead line ending in a
    colon, grown to that lead and every item when they fit in LIST_CAP (the answer step shows it with the item asked
    about in bold); else unchanged. The lead may end the passage before the items' (its last line)."""
    if hit.chunk.kind not in _JOINABLE or chunks is None:
        return hit, s, e
    whole = joined(hit, chunks)
    c = whole.chunk
    if c.id > 0 and (p := chunks[c.id - 1]) and p.kind in _JOINABLE and _next_to(p, c):   # the lead ends the one before
        whole = replace(whole, chunk=replace(c, start=p.start, text=p.text + "\n" + c.text))
    text, off = whole.chunk.text, whole.chunk.start
    a, b = _item_lines(text, off, s, e)
    lead, below = (text[a - off:] + "\n").split("\n")[:2]
    if b - a > LIST_CAP or not re.search(r"[:：]\s*$", lead) or LIST_ITEM.match(lead) and not nests(lead, below, False):
        return hit, s, e   # too long, or no lead line above the items (an item only when they nest under it)
    return whole, a, b


def shown(question: str, hit, s: int, e: int, cap: int, chunks) -> tuple[object, int, int, tuple[int, int] | None, tuple[int, int]]:
    """(hit, start, end, the span to bold or None, the span the bold is chosen in): the quote [s, e) as shown, once
    whether to answer is judged: grown to every tier of the rule it quotes (tiers.tiers, within `cap`; every tier
    bold), else, when it is a nested list's sub-item, to its item (subitems.under_parent; the bold chosen inside the
    sub-item, not in a sibling: 周六's line was bold for 「星期天…」; grown before the judgement, the item's other
    sub-items made an off-topic question's quote look answerable, session 37), else, when it is items under a lead, to
    the lead and the list (`with_lead`; the bold chosen in the items quoted)."""
    s2, e2, span = tiers(question, hit, s, e, cap)
    if span or (s2, e2) != (s, e):   # the tiers of a nested list's sub-item under their item too (「- 电费」: breaker AA)
        return hit, *under_parent(hit, s2, e2), span, (s2, e2)
    grown = under_parent(hit, s, e)   # 「  - 部长：赵一鸣」 with its item 「- 体育部」 and the item's other sub-items
    if grown != (s, e):
        return hit, *grown, None, (s, e)
    hit, s2, e2 = with_lead(hit, s, e, chunks)   # the bold chosen in the items quoted, not in a sibling (「上了年纪的人…」:
    return hit, s2, e2, None, (s, e)               # the 65周岁 item, not 6周岁以下's under 「5. 年龄优惠：」; breaker BE)
