"""Quote spans: a chosen run grown to what a reader can quote.

Consumes: a `Hit` and the run [s, e) the answer step chose in it (document offsets), the question, and the index's
chunks (the passages, ids in document order). Produces: `to_sentences` → the quote's (start, end), the run grown
to its whole sentence(s) (a table row or record line whole); `joined` → the hit with its passage's text continued
into the neighbouring passages of its section, for a quote that must cross a passage boundary; `enumeration` → a list
question's quote, the whole enumeration when it fits in LIST_CAP (a list written one item a line too; a lead line
with its items: leads.py); `lists` → whether the question asks for one (哪些, 哪几, 几种 …);
`item_focus` → the bold focus of a quote that lists items (the item asked about, or all of them); `is_list` → whether
a quote lists items; `asks_items` → whether the question asks for a list's items (and outline.marked_lead's lead).
Why: chunks are packed to 200 characters with a 60-character overlap, so an enumeration 「一是…；二是…；三是…；四是…」
longer than a chunk is split across two passages, and a 150-character cap cut it again: 「互联网金融面临的主要风险有
哪些?」 quoted items 三 and 四 only (issue 15: a 哪些 question over a list returns the whole list).
Shortcuts: only passages that overlap or touch are joined (a gap's text is not in any chunk); a table row, a
record line or code is never joined; a list question is recognised by its words only.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from difflib import SequenceMatcher

from .answertype import answer_type, has_type
from .chunks import SENTENCE, clauses, spans
from .lexical import fold
from .signals import bigrams, is_latin
from .outline import marked_lead
from .readers.lines import LIST_ITEM, unmarked_items

SENTENCE_CAP = 150          # a chosen run grows to its whole sentence(s), at most this many characters
LIST_CAP = 300              # … a list question's: the whole enumeration, at most this many
ROW_CAP = 300               # … a table row or record line: the whole row, at most this many (session 19: an
                            # 8-column sheet row runs to 160-170 characters; at 150 its quote lost the asked column)
_LIST = re.compile(r"哪些|哪几|有几[个种类项条点方面]|几种|几类|几大|几个方面|列举|\bwhat are\b|\bwhich\b", re.IGNORECASE)
_JOINABLE = ("text", "faq", "list")   # a table row, a record line or code is quoted alone
# an item mark inside a sentence: 「一是…；二是…」, 「第一，…第二，…」, 「①…②…」, 「（1）…（2）…」
_INLINE_ITEM = re.compile(r"(?:^|(?<=[：:；;，,。\s]))(?:([一二三四五六七八九十])是|第([一二三四五六七八九十])[，,、]|([①-⑳])|"
                          r"[（(](\d{1,2})[)）])")
_ITEMS_ASKED = re.compile(r"哪些|哪几(?!天|个?月|年|次)|几种|几类|几大|几个方面|几点(?:要求|注意|建议)|列举|包括(?:什么|哪)|"
                          r"有什么(?:要求|条件|规定|步骤)|\bwhat are\b|"
                          r"\bwhich\s+(?!(?:is|has|was|does|this|bus|status|campus|address|process|class)\b)[a-z-]+(?<!s)s\b|"
                          r"^\s*list\b|\blist\s+(?:all|the|every)\b", re.IGNORECASE)
# a lead sentence that announces the list under it without a colon: a count (「开通三条通勤班车线路。」) or 如下/以下/包括
ITEM_SHARE = 0.2   # item_focus: the share of the question's weighted words one item must hold (tune: 0.3 → 0.2, same hits, shorter)
# a sentence that a semicolon does not end: an enumeration 「一是…；二是…；三是…。」 is one (chunks.SENTENCE ends at ；)
ENUMERATION = re.compile(r"[^。！？!?\n]*(?:[。！？!?]+[”’」』\"')）]*|\n|$)")


def lists(question: str) -> bool:
    """Whether the question asks for an enumeration (哪些 / 哪幾 / 有几个方面 / what are …), compared folded."""
    return bool(_LIST.search(fold(question)))


def joined(hit, chunks):
    """`hit` with its passage's text continued into the neighbouring passages of the same section that overlap or
    touch it (`chunks`: the index's passages, `chunks[i].id == i`, in document order), so that a sentence a passage
    boundary cuts can be quoted whole; `hit` itself when no neighbour joins. The shared stretch must read the same in
    both passages. The joined hit keeps its chunk id (its clauses, for the focus, are the passage's own)."""
    c = hit.chunk
    if chunks is None or c.kind not in _JOINABLE or not 0 <= c.id < len(chunks) or chunks[c.id] is not c:
        return hit
    start, end, text = c.start, c.end, c.text

    def neighbour(n) -> bool:
        return n.source == c.source and n.path == c.path and n.section == c.section and n.kind in _JOINABLE

    if c.id > 0 and neighbour(p := chunks[c.id - 1]) and p.start < start <= p.end \
            and p.text[start - p.start:] == text[:p.end - start]:
        text, start = p.text[:start - p.start] + text, p.start
    if c.id + 1 < len(chunks) and neighbour(n := chunks[c.id + 1]) and n.start <= end < n.end \
            and text[n.start - start:] == n.text[:end - n.start]:
        text, end = text + n.text[end - n.start:], n.end
    return hit if (start, end) == (c.start, c.end) else replace(hit, chunk=replace(c, start=start, end=end, text=text))


def enumeration(hit, s: int, e: int, chunks):
    """(hit, start, end): the run [s, e) grown to the whole enumeration it lies in (its ENUMERATION sentence(s), in
    `hit` joined to its overlapping neighbours), or None when that is longer than LIST_CAP (a quote that long would be
    cut anyway: the question gets the usual sentence) or the passage is a table, record or code."""
    if hit.chunk.kind not in _JOINABLE:
        return None
    hit = joined(hit, chunks)
    found = [(a, b) for a, b in spans(hit.chunk.text, ENUMERATION, hit.chunk.start) if a < e and b > s]
    lo, hi = min([s] + [a for a, _ in found]), max([e] + [b for _, b in found])
    wide = _item_lines(hit.chunk.text, hit.chunk.start, lo, hi) if hi - lo <= LIST_CAP else None
    return None if wide is None else (hit, *wide) if wide[1] - wide[0] <= LIST_CAP else (hit, lo, hi)   # too long: the item


def _item_lines(text: str, off: int, s: int, e: int) -> tuple[int, int]:
    """[s, e) grown, when its lines are list items (`1.`, `-`, `（1）` …), to every item line next to them and the lead
    line above ending in a colon (「恢复步骤如下：」); else unchanged. A list written one item a line is one enumeration
    (session 20: 「恢复的步骤有哪些？」 quoted step 4 alone)."""
    lines = [(m.start() + off, m.end() + off) for m in re.finditer(r"[^\n]+", text)]
    inside = [i for i, (a, b) in enumerate(lines) if a < e and b > s]
    if not inside or not all(LIST_ITEM.match(text[lines[i][0] - off:lines[i][1] - off]) for i in inside):
        return s, e
    first, last = inside[0], inside[-1]
    if nested := marked_lead([text[a - off:b - off] for a, b in lines], first, last):   # 「4. 下列情形…：」 over its （1）…
        return min(s, lines[nested[0]][0]), max(e, lines[nested[1]][1])
    while first > 0 and LIST_ITEM.match(text[lines[first - 1][0] - off:lines[first - 1][1] - off]):
        first -= 1
    while last + 1 < len(lines) and LIST_ITEM.match(text[lines[last + 1][0] - off:lines[last + 1][1] - off]):
        last += 1
    if first > 0 and re.search(r"[:：]\s*$", text[lines[first - 1][0] - off:lines[first - 1][1] - off]):
        first -= 1
    return min(s, lines[first][0]), max(e, lines[last][1])


def line_bounds(text: str, s: int, e: int) -> tuple[int, int]:
    """(start, end) in `text` of the line(s) the span [s, e) of `text` lies in, without their line breaks."""
    b = text.find("\n", max(e, 0))
    return text.rfind("\n", 0, max(s, 0)) + 1, len(text) if b < 0 else b


def to_sentences(hit, s: int, e: int, cap: int = SENTENCE_CAP) -> tuple[int, int]:
    """Grow the run [s, e) to the whole sentence(s) it lies in — in a record or table passage, to its whole
    line (a row, every field with its name) when it fits in max(cap, ROW_CAP) — ; when they are longer than `cap`,
    to the clauses around the run (after it first) that fit in `cap` characters."""
    off, text = hit.chunk.start, hit.chunk.text
    if hit.chunk.kind in ("record", "table"):   # a sheet row 「门店：…；电话：…」 or a table row is quoted whole
        a, b = line_bounds(text, s - off, e - off)
        if a <= s - off and e - off <= b and b - a <= max(cap, ROW_CAP) and "\n" not in text[s - off:e - off]:
            return off + a, off + b
    sentences = [(a, b) for a, b in spans(text, SENTENCE, off) if a < e and b > s]
    lo, hi = min([s] + [a for a, _ in sentences]), max([e] + [b for _, b in sentences])
    if hi - lo <= cap:
        return lo, hi
    inside = [c for c in clauses(text, off) if lo <= c[0] and c[1] <= hi]
    after = [c for c in inside if c[0] >= e]
    before = [c for c in inside if c[1] <= s][::-1]
    while after and after[0][1] - s <= cap:
        e = after.pop(0)[1]
        if before and e - before[0][0] <= cap:
            s = before.pop(0)[0]
    while before and e - before[0][0] <= cap:
        s = before.pop(0)[0]
    return s, e


def item_spans(quote: str) -> list[tuple[int, int]]:
    """(start, end) in `quote` of each line that is a list item (`LIST_ITEM`), or, when fewer than two lines are, of each
    inline item mark (`_INLINE_ITEM`: 一是, 第二，, ②, （3）) with the text after it up to the next mark."""
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", quote) if LIST_ITEM.match(m.group())]
    if len(lines) >= 2:
        return lines
    every = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", quote)]
    for i, (a, b) in enumerate(every[:-1]):   # a lead ending in a colon, then items without marks (unmarked_items)
        if re.search(r"[:：]\s*$", quote[a:b]):
            n = unmarked_items([quote[c:d] for c, d in every[i + 1:]])
            if n:
                return every[i + 1:i + 1 + n]
    found = list(_INLINE_ITEM.finditer(quote))
    if not found or next(g for g in found[0].groups() if g) not in ("一", "①", "1"):   # a list starts at its first item
        return []
    marks = [m.start() for m in found]
    return [(a, b) for a, b in zip(marks, marks[1:] + [len(quote.rstrip())])]


# what a whole list answers: a procedure, the conditions or rules (「要走什么流程」, 「有什么要求」), and English questions
# (is_latin: a Chinese one naming IMAX or VIP is no English question; breaker AC, session 38: 「IMAX厅包场要提前几天预订」
# bolded the whole booking list, not 「IMAX厅包场须提前7天预订」)
_WHOLE_LIST = re.compile(r"为什么|为何|怎么|怎样|如何|流程|步骤|程序|手续|注意|要求|条件|规定")


def _shared(question: str, text: str) -> str:   # the longest run of characters (folded) both hold
    return (a := fold(question))[(m := SequenceMatcher(None, a, fold(text), False).find_longest_match()).a:m.a + m.size]


def _one_item(quote: str, start: int, focus: tuple[int, int], items, question: str) -> tuple[int, int]:
    """The one item of a focus spanning several (a list the index keeps as one quotable span, chunks.WHOLE_QUOTE_MAX)
    that the question's words point to: its character bigrams, each weighted by 1 / the number of those items holding
    it (none when all do), some, twice any other item's and more than the focus's lead line holds (「主库宕机且5分钟内
    无法恢复时，…：」); of the items holding the asked kind of value when some do (谁 → a name). `focus` for a question a
    whole list answers (_WHOLE_LIST) or when no item stands out. Not item_focus's `overlap`: its clause weights see the
    list as one clause. Why: 「金卡客户在城区报修多久上门」 bolded all three tiers of a list (breakers M, N, P, Q, session
    35); on the tune halves' whole-list focuses of other questions the clear item held the answer 75 times in 79."""
    if _WHOLE_LIST.search(question) or is_latin(question):
        return focus
    fs, fe = focus[0] - start, focus[1] - start
    inside = [(a, b) for a, b in items if fs <= a and b <= fe]
    kind = answer_type(question)
    typed = [has_type(kind, quote[a:b]) for a, b in inside] if kind else [True] * len(inside)
    grams = [bigrams(fold(quote[a:b])) for a, b in inside]
    asked, seen = bigrams(fold(question)), Counter(g for item in grams for g in item)
    weight = {g: 1 / n for g, n in seen.items() if n < len(inside)}   # a bigram every item holds tells none apart
    scores = [sum(weight.get(g, 0.0) for g in item & asked) if t or not any(typed) else -1.0 for item, t in zip(grams, typed)]
    best = max(range(len(inside)), key=scores.__getitem__)
    lead = sum(weight.get(g, 1.0) for g in bigrams(fold(quote[fs:inside[0][0]])) & asked)   # 「主库宕机且5分钟内无法恢复时，…：」
    if scores[best] > max(0.0, lead) and scores[best] >= 2 * max(x for i, x in enumerate(scores) if i != best):
        return start + inside[best][0], start + inside[best][1]
    return focus


def is_list(quote: str) -> bool:
    """Whether `quote` lists two or more items (lines with item marks, or 一是…二是… inside a sentence)."""
    return len(item_spans(quote)) >= 2


def asks_items(question: str) -> bool:
    """Whether the question asks for the items of a list (哪些, 哪几项, 几种, 包括什么, what are, which licenses), compared
    folded: stricter than `lists`, which also grows the quote for a count (有几个) or a single which-question."""
    return bool(_ITEMS_ASKED.search(fold(question)))


def _mark(line: str) -> str:
    """An item line's kind of mark, indent included: digits and Chinese numerals made alike (「2. 」 and 「3. 」 → 「9.」)."""
    m = LIST_ITEM.match(line)
    return re.sub(r"[一二三四五六七八九十]+", "一", re.sub(r"\d+", "9", m.group().rstrip())) if m else ""


def item_focus(quote: str, start: int, focus: tuple[int, int], listing: bool, overlap, question: str = "") -> tuple[int, int]:
    """The bold focus (document offsets) of the quote `quote` at `start` when it lists two or more items (`item_spans`)
    and the items are asked for (`listing`: asks_items) or the focus is the lead line above them (「投诉处理的基本步骤：」,
    which leads.with_items grew): the one item the question is about, when its words point to one (`overlap(text)`: their
    weighted share in it; at least ITEM_SHARE, twice any other item's and more than the lead's; an item that ends in a
    colon with its sub-items), else every item from the first to the last. Any other focus is kept: inside a list that
    was not asked for, the focus model's choice stands. Why: a list's answer is every item and the ranker's run is one
    of them (session 20 left 「…面临哪些挑战？」 with item 一 alone bold), but 「生成式AI可以用在哪些地方」 is answered in
    item 一 alone; tune halves, session 21: a version that overrode every focus inside a list lost 8 hotline and
    colour questions to a wrong item."""
    items = item_spans(quote)
    fs, fe = focus[0] - start, focus[1] - start
    lead = len(items) >= 2 and fe <= items[0][0] and re.fullmatch(r"[^，,。；;！？!?\n]*[:：]\s*", quote[fe:items[0][0]])
    if question and not listing and sum(fs <= a and b <= fe for a, b in items) >= 2:
        return _one_item(quote, start, focus, items, question)
    if question and not (listing or is_latin(question)) and (inside := [i for i, x in enumerate(items) if x[0] <= fs < fe <= x[1]]):
        mark = _mark(quote[slice(*items[inside[0]])])   # one item bold, a sibling holding more of the question's words and
        held = [_shared(question, quote[a:b]) if _mark(quote[a:b]) == mark else "" for a, b in items]   # those the bold one
        best = max(range(len(items)), key=lambda i: len(held[i]))   # holds: that one (「三室一厅…多少钱」, not 一室一厅; BF)
        if len(held[best]) > max(1, len(held[inside[0]])) and held[inside[0]] in held[best] \
                and [len(h) for h in held].count(len(held[best])) == 1:
            return start + items[best][0], start + items[best][1]
    if len(items) < 2 or not (listing or lead):   # the lead: nothing but the colon's clause between it and the items
        return focus
    scores = [overlap(quote[a:b]) for a, b in items]
    best = max(range(len(items)), key=scores.__getitem__)
    runner_up = max(x for i, x in enumerate(scores) if i != best)
    if scores[best] >= ITEM_SHARE and scores[best] >= 2 * runner_up and scores[best] > overlap(quote[:items[0][0]]):
        a, b = items[best]
        colon, kind = re.search(r"[:：]\s*$", quote[a:b]), _mark(quote[a:b])
        depth = lambda mark: len(mark) - len(mark.lstrip())   # noqa: E731
        for c, d in items[best + 1:]:   # 「2. 访客证分为三种颜色：」 with its sub-items, 「- 爆炸物品」 with its deeper ones
            if _mark(quote[c:d]) == kind or not colon and depth(_mark(quote[c:d])) <= depth(kind):
                break   # (「  - 炸药、雷管、导火索」: breaker BL, session 43)
            b = d
        grown = b > items[best][1]   # the whole item, not the run inside its lead line (a long list: by line)
        return (start + a, start + b) if colon or grown or not (a <= fs and fe <= b) else focus
    return start + items[0][0], start + items[-1][1]
