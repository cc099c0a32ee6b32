"""A nested list's sub-items, chosen and quoted under the item the question names.

Consumes: the ranked candidate runs (runs.rank_runs: (score, hit, start, end), document offsets) and a quote
[start, end) in a hit's passage. Produces: `prefer_parent` → the runs reordered so that a sub-item under the item the
question names comes before a sub-item under another; `under_parent` → a quote that is a sub-item grown to its item:
the item's line and all of its sub-items, when they fit in LIST_CAP characters; `items_above` → the item lines a line
sits under (what series.passage_text and the run ranker read a sub-item with); `unlisted_item` and `unlisted_entry`
→ a sibling of a nested list's items, or of a list's named entries (「- 天府广场站：…」), that the question names and the
list leaves out (answer.py abstains); `nested_focus` → quotes.item_focus, then a focus on an item that leads sub-items
(「- 70周岁以上老年人：」) moved to the sub-item the question names, or grown over them all.
Why: items of the same shape repeat the same sub-items (「- 艺术部」「- 体育部」, each with 「- 部长：…」「- 办公室：…」), so
the sub-item's own words match every item's equally and the one quoted was another item's: 「艺术部办公室在哪」 quoted 体育部's
「- 办公室：体育馆一楼108」, and 「体育部部长是谁」 quoted 「- 部长：赵一鸣」 with nothing saying it was 体育部's (breaker W,
session 36: 「科技部部长是谁」 got 艺术部's 「- 部长：林晓雯」).
Shortcuts: an item names what the question names when they share character bigrams (folded), counted over the items
a sub-item sits under within its passage (an item in an earlier passage, in the chunk's context, is not read); the
runs that sit in no nested list keep their places; a list within chunks.WHOLE_QUOTE_MAX is one quotable span (its bold
narrowed by quotes._one_item), so only a longer one has sub-items for runs. Quoting short nested lists by line too was
measured in session 37 and withdrawn: it lost 5 first citations of a held-out English test half (aggregates only).
"""
from __future__ import annotations

import re

from .lexical import fold
from .outline import indent
from .quotes import LIST_CAP, item_focus, item_spans
from .readers.lines import LIST_ITEM
from .siblings import shared_ending, unlisted_name
from .signals import bigrams, is_latin


def _lines_above(text: str, at: int) -> list[tuple[int, int]]:
    """(start, end) offsets in `text` of the list items that the line holding offset `at` sits under, nearest first:
    the nearest item line above it indented less, the nearest above that one indented less again, and so on; [] for a
    line that is no list item or sits under none."""
    begin = text.rfind("\n", 0, at) + 1
    end = text.find("\n", begin)
    if not LIST_ITEM.match(text[begin:len(text) if end < 0 else end]):
        return []
    out, depth, b = [], indent(text, begin), begin
    while depth > 0 and b > 0:
        b = text.rfind("\n", 0, b - 1) + 1
        e = text.find("\n", b)
        line = text[b:e]
        if not LIST_ITEM.match(line):
            break
        if (d := indent(text, b)) < depth:
            out.append((b, e))
            depth = d
    return out


def items_above(text: str, at: int) -> str:
    """The lines of the list items that the line holding offset `at` of `text` sits under, nearest first, joined by a
    space ("" for a line that is no sub-item). Example: items_above("- 智能手环\n  - 设备费：460元", 12) == "- 智能手环"."""
    return " ".join(text[a:b] for a, b in _lines_above(text, at))


def _named(question: set[str], hit, s: int) -> int | None:
    """The number of the question's bigrams (`question`) that the items above the run at `s` hold, None for a run in
    no nested list."""
    text, off = hit.chunk.text, hit.chunk.start
    above = _lines_above(text, s - off)
    if not above:
        return None
    return len(question & bigrams(fold(" ".join(text[a:b] for a, b in above))))


def _parent_of(run) -> tuple[str, str, int]:
    """(file, section, indentation of the item it sits right under) of a run that is a sub-item: a long list's items
    may be in passages of their own (outline.pieces), never in another section."""
    hit, s = run[1], run[2]
    a, _ = _lines_above(hit.chunk.text, s - hit.chunk.start)[0]
    return hit.chunk.source, hit.chunk.section, indent(hit.chunk.text, a)


def prefer_parent(question: str, runs: list) -> list:
    """`runs` with those that are sub-items of a nested list reordered among their own places: of the sub-items of the
    list the first of them is in (its section, its item's indentation: 「- 办公室：…」 under each of 「- 学习部」「- 艺术部」 …),
    the ones under the item sharing most of the question's bigrams first, score order kept inside each grade; `runs`
    itself when no such run sits under an item the question names. Only that list's: an item of another list named by a
    word the question asks (「- 优惠政策」 for 「员工卡充值有什么优惠」, beside 「- 就餐支付」's 「- 员工卡：…」) names no
    sibling (breaker Z, session 37)."""
    q = bigrams(fold(question))
    grades = [_named(q, r[1], r[2]) for r in runs]
    nested = [k for k, g in enumerate(grades) if g is not None]
    home = _parent_of(runs[nested[0]]) if nested else None
    slots = [k for k in nested if _parent_of(runs[k]) == home]
    if not slots or not max(grades[k] for k in slots):
        return runs
    out = list(runs)
    for slot, k in zip(slots, sorted(slots, key=lambda k: -grades[k])):   # sorted is stable: score order kept
        out[slot] = runs[k]
    return out


def under_parent(hit, s: int, e: int) -> tuple[int, int]:
    """(start, end): a quote [s, e) of one sub-item (or of one with its sub-items) grown to the item it sits under, from that item's line to its last
    sub-item, when that fits in LIST_CAP characters; else (s, e). Example: 「  - 部长：赵一鸣」 under 「- 体育部」 → 「- 体育部
    / - 部长：赵一鸣 / - 办公室：… / - 值班时间：…」."""
    text, off = hit.chunk.text, hit.chunk.start
    lines = text[s - off:e - off].strip().split("\n")   # one sub-item, or one with its own sub-items (「- 逾期违约金：」 and
    first = text.find(lines[0], s - off)                  # its three under 「- 电费」: breaker AA, session 38)
    depth = indent(text, text.rfind("\n", 0, first) + 1)
    if len(lines) > 1 and not all(LIST_ITEM.match(x) and len(x) - len(x.lstrip()) > depth for x in lines[1:]):
        return s, e
    above = _lines_above(text, first)
    if not above:
        return s, e
    a, b = above[0]
    depth, end = indent(text, a), b
    while end < len(text):
        nxt = text.find("\n", end + 1)
        line = text[end + 1:len(text) if nxt < 0 else nxt]
        if not line.strip() or not LIST_ITEM.match(line) or indent(text, end + 1) <= depth:
            break
        end = len(text) if nxt < 0 else nxt
    start = a + len(text[a:b]) - len(text[a:b].lstrip())
    if end - start > LIST_CAP or off + end < e:
        return s, e
    if re.search(r"[:：]\s*$", text[a:b]) and len(above) > 1:   # an item that is a label (「- 逾期违约金：」) is shown with
        return under_parent(hit, off + start, off + end)          # the item it sits under (「- 电费」: breaker AA)
    return off + start, off + end


def _heads(text: str, at: int) -> list[str]:
    """The names of the items of the nested list whose item line starts at offset `at` of `text`: that line and every
    line of the same list at its indentation that has sub-items, without marks and cut at a colon."""
    depth, names = indent(text, at), []
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    first = text.count("\n", 0, at)
    lo = first
    while lo > 0 and LIST_ITEM.match(lines[lo - 1]):
        lo -= 1
    hi = first
    while hi + 1 < len(lines) and LIST_ITEM.match(lines[hi + 1]):
        hi += 1
    for k in range(lo, hi):
        if indent(text, starts[k]) == depth and indent(text, starts[k + 1]) > depth:   # an item with sub-items
            mark = LIST_ITEM.match(lines[k]).end()
            names.append(fold(re.split(r"[:：]", lines[k][mark:], maxsplit=1)[0].strip()))
    return names


def unlisted_item(question: str, hit, s: int, e: int, tagger) -> str:
    """The question's name of a sibling of the items of a nested list that none of them is, when the quote [s, e) is
    one item with its sub-items, or a sub-item (grown so: under_parent), or "": 宣传部 over 「- 艺术部 / - 值班时间：…」 where the items are
    学习部, 艺术部, 体育部, 外联部 (siblings.unlisted_name, the ending every item shares for its shortest ending); "" when
    the items share no ending: they are no names of one kind (steps 「1. 报案」「2. 准备材料」: 「理赔材料」 is no sibling of
    准备材料, breaker V's tune question v-017 was refused so)."""
    s, e = under_parent(hit, s, e)   # the quote as shown (leads.shown)
    text, off = hit.chunk.text, hit.chunk.start
    quote = text[s - off:e - off]
    lines = quote.split("\n")
    if len(lines) < 2 or not LIST_ITEM.match(lines[0]) or not LIST_ITEM.match(lines[1]) \
            or indent(quote, len(lines[0]) + 1) <= indent(quote, 0):
        return ""
    begin = text.rfind("\n", 0, s - off) + 1
    keys = [k for k in _heads(text, begin) if k]
    head = len(shared_ending(keys))   # the ending every item shares: 部, 训练场
    if len(keys) < 2 or not head:   # items that are no names of one kind (报案, 准备材料, 提交审核: steps) name no sibling
        return ""
    return unlisted_name(question, keys, [fold(quote)], fold(hit.chunk.context), tagger, head)


# a list entry named before a colon: 「- 天府广场站：充电满30分钟免停车2小时…」, 「2. 春熙路站：不减免停车费…」
_ENTRY = re.compile(r"^[ \t]*(?:[-*•+]|\d{1,2}[.、)）])[ \t]*([^:：\n]{2,12})[:：]", re.M)
MIN_ENTRIES = 3   # entries sharing an ending that make a list of names of one kind (two are a pair, not a list)


def unlisted_entry(question: str, hit, s: int, e: int, tagger) -> str:
    """The question's name of a sibling of the named entries of the list the quote [s, e) is in, that none of them is,
    or "": 兴隆湖站 over 「各站点停车优惠不同：- 天府广场站：… - 春熙路站：… - 环球中心站：…」 (breaker CO, session 50:
    the list names the stations with an offer; the question asks one it leaves out). The entries are the passage's list
    lines named before a colon (MIN_ENTRIES or more, at most 12 characters each) sharing an ending (站, 结节); a name
    the passage writes anywhere is no sibling (siblings.unlisted_name, head 1 as unlisted_item). Entries that share no
    ending (工作日, 周末) are no names of one kind: ""."""
    text = hit.chunk.text
    if not _ENTRY.search(text[s - hit.chunk.start:e - hit.chunk.start]):
        return ""
    names = [fold(m.group(1).strip()) for m in _ENTRY.finditer(text)]
    head = len(shared_ending(names))
    if len(names) < MIN_ENTRIES or not head:
        return ""
    return unlisted_name(question, names, [fold(text)], fold(hit.chunk.context), tagger, 1)


def nested_focus(quote: str, start: int, focus: tuple[int, int], listing: bool, overlap, question: str) -> tuple[int, int]:
    """quotes.item_focus's focus (document offsets), then, for a question that asks no list (`listing`) and is not in
    Latin script, when that focus lies on one item line that ends in a colon and deeper items follow it (its
    sub-items): the one sub-item that holds the most of the question's character bigrams that the item's own line does
    not, in its label (the words before its colon) when every sub-item has one, else in its text, when one holds more
    than any other; else the item with all its sub-items (「70岁以上老人有什么优惠？」 names no 公交, 景区 or 地铁: every
    sub-item, not 景区's 「门票优惠50%」 by its 优惠; the review). Why: 「70岁的老头坐地铁要钱不？」
    bolded 「- 70周岁以上老年人」 over its sub-items 「- 公交：全天免费乘车；」 「- 地铁：全天免费乘车…」, and 「古城墙景区的年卡
    多少钱？」 the park's line over 「- 本市社保卡持卡人凭卡购买年卡100元…」: the item names whom or what the question is
    about, its sub-items answer (breaker EC, session 64)."""
    fs, fe = item_focus(quote, start, focus, listing, overlap, question)
    if listing or not question or is_latin(question):
        return fs, fe
    items = item_spans(quote)
    at = next((i for i, (a, b) in enumerate(items) if a <= fs - start and fe - start <= b), None)
    if at is None or not re.search(r"[:：]\s*$", quote[slice(*items[at])]):
        return fs, fe
    depth = indent(quote, items[at][0])
    subs = []
    for a, b in items[at + 1:]:
        if indent(quote, a) <= depth or quote[items[at][1]:a].strip() and not subs:
            break
        subs.append((a, b))
    if not subs:
        return fs, fe
    asked = bigrams(question) - bigrams(quote[slice(*items[at])])
    labels = [re.match(r"[^：:]{1,12}(?=[：:])", quote[a:b].lstrip(" \t-*•·+0123456789.、)）(（")) for a, b in subs]
    named = [m.group() if m else "" for m in labels] if all(labels) else [quote[a:b] for a, b in subs]
    held = [len(asked & bigrams(text)) for text in named]   # by the sub-items' labels (公交：, 地铁：) when each has one
    best = max(held)
    if best > 0 and held.count(best) == 1:
        a, b = subs[held.index(best)]
        return start + a, start + b
    return start + items[at][0], start + subs[-1][1]
