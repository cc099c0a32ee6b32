"""A question's name whose one closed-class modifier the quote writes only as a sibling's (城北分馆 over 城东分馆's row).

Consumes: a question and the text a quote is judged by (its file name, headings and row or run: series.passage_text).
Produces: `swapped(question, text)` → (the question's name, the quote's sibling name), e.g. ("北分馆", "东分馆"), or
None; answer.answer refuses the quote when it is not None.
Why: a table or list of siblings that differ in one modifier (城东分馆 / 城南分馆, 两日连票, 7天通知存款, 金卡 / 银卡 会员,
A线、B线、C线, 初级 / 中级) shares every other word with a question about a sibling it does not list, so the cosines, word
overlaps and the learned answerability read the question as answered; rowterms.unlisted leaves such a name alone when
jieba does not tag it a noun (城北: s, 三日: t) or when the modifiers share a character (城北 / 城东).
How: a modifier is one of a closed class, whose members name siblings and are never typos of one another: a direction
(东南西北), a size or level (大中小, 高中低, 初中高), 甲乙丙丁, 金银铜, 男女, 春夏秋冬, 全半, 单双, one Latin letter (D线),
or a number (digits or a Chinese numeral, compared by value: 三 is 3). The question's modifier and the Han characters
after it (its head: 分馆, 日连票) are swapped when the text writes the head after another member of the class and
nowhere after the question's own, alone or in a group (东、西区; 中小学; 15—20号窗口 holds 18号窗口; 金银卡).
Shortcuts, each from the session-56 tune probe (README "Quality › Session 56"): a number needs a head of two characters
(天通知, 公里跑; a lone measure such as 人, 次, 期, 元 or 个 counted or ranked, 「第三次更换」 over 「2次」, as often as it
named another sibling) that goes on past a measure ranges.py reads with a word (14天通知存款; 「迟到20分钟」 beside 15分钟
and 「12年的员工」 beside 10年 are quantities, 17 right answers against none in the probe), no calendar year (2026年度 beside 2025年度: series.py reads periods), no time of day (8点), not
一 alone (a count or "per"), not after 哪 or 几, none when the text states that head's number as a bound (8千瓦以下,
超过8小时: a range the question's value may fall in); 上下 and 早晚 are no class (以上 / 以下, 上、下午 号源 are no siblings).
A question that names the text's member too (北区到南区 over 北区's row; a follow-up joined to the question it continues) is
no swap. Synonyms across classes are not known (城北 / 北城).
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .lexical import fold
from .numerals import number
from .ranges import _ZH_UNITS   # the measures a number counts in (天, 个月, 分钟, 公里, 万元…)

CLASSES = ("东南西北", "大中小", "高中低", "初中高", "甲乙丙丁", "金银铜", "男女", "春夏秋冬", "全半", "单双")
NUMBER_HEAD = 2   # Han characters a number's head needs (天通知 of 14天通知存款); a class character's needs one
HEAD = 4          # at most this many Han characters after the modifier are its head
_MEMBER = "".join(sorted(set("".join(CLASSES))))
_NUM = r"\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]+"
_TOKEN = re.compile(rf"(?<![a-z0-9.\-_/])(?:{_NUM})|(?<![a-z0-9])[a-z](?![a-z0-9])|[{_MEMBER}]")
_NEXT = re.compile(rf"(?:{_NUM})|[a-z](?![a-z0-9])|[{_MEMBER}]")   # a member after a mark: 15-20 too, not only 15—20
_SEP = re.compile(r"[、，,和与及或/]?")
# a range mark, after the first member's own head (一年级至三年级, 第1名至第3名, a区至c区) and before a prefix (周一至周五)
_RANGE = re.compile(r"([\u4e00-\u9fff]{0,3}?)\s*[至到\-–—~～]\s*(?:周|星期|礼拜|第)?")
_YES_NO = re.compile(r"吗[？?\s]*$|是否|是不是|能不能|可不可以|有没有|会不会|行不行|能否")
_NAMING = set("号包区门卡楼馆线班型级等类档码套间场座栋幢店站厅室院路组队期届段票程园")   # a head of one character that names
_HAN = re.compile(r"[\u4e00-\u9fff]{1,%d}" % HEAD)
_CLOCK = re.compile(r"[点时:：]")
_MEASURES = sorted({u for u in _ZH_UNITS if re.fullmatch(r"[\u4e00-\u9fff]+", u)} | {"日", "月"}, key=len, reverse=True)
# a bound, not a sibling: 「8千瓦以下」, 「32英寸及以上」, 「超过8小时」 hold values the question's may fall among
_BOUND_AFTER = re.compile(r"[\u4e00-\u9fff]{0,3}?[及或]?(?:以上|以下|以内|之内|以外|起)")
_BOUND_BEFORE = re.compile(r"(?:超过|不足|满|未满|低于|高于|达到|大于|小于|至少|不超过|不低于|[≥≤><])$")
_TOP = re.compile(r"(?<!提)[前头]$")   # 「前三名」, 「前100名顾客」: the first N (not 「提前7天」)
_FILLER = set("的了以内前后起左右上下多余及还就都也才再是")   # after a quantity: 「12年的员工」 names no sibling


class Group(NamedTuple):
    kind: str            # "num", "lat" or "member" (characters of one class of CLASSES)
    members: tuple       # the members written (a number's value: 3.0 for 三)
    spans: tuple         # (low, high) of each range written 15—20
    head: str            # the Han characters after the group (at most HEAD)
    text: str            # the group as written, head included
    start: int = 0       # where the group starts in the text


def _kind(token: str) -> str:
    if re.fullmatch(_NUM, token):
        return "num"
    if token.isascii():
        return "lat"
    return "member"


def _member(token: str, kind: str):
    return number(token) if kind == "num" else token


def _place(member) -> float | None:
    """A member's place in its series, for a range: a number's value, a letter's (a至c区 holds b); None for a class
    character."""
    return member if isinstance(member, float) else float(ord(member)) if isinstance(member, str) and member.isascii() else None


def groups(text: str) -> list[Group]:
    """The modifier groups of folded `text`, each with the Han head after it: 「东、西区」 → one group (东, 西) with head 区;
    「15—20号窗口」 → (15, 20) with the span (15, 20) and head 号窗口; 「中小学」 → (中, 小) with head 学. Members of one group
    are of one kind (numbers, a letter, or characters of one class)."""
    out, at = [], 0
    for m in _TOKEN.finditer(text):
        if m.start() < at:
            continue
        kind, members, spans, end = _kind(m.group()), [m.group()], [], m.end()
        while True:   # further members after a separator or a range mark: 东、西; 15—20; 中小; 一年级至三年级
            rng = _RANGE.match(text, end)
            sep = rng if rng and not (rng.group(1) and kind == "member") else _SEP.match(text, end)
            nxt = _NEXT.match(text, sep.end())
            if not nxt or _kind(nxt.group()) != kind or kind == "member" and not _same_class(members[0], nxt.group()) \
                    or kind != "member" and sep.end() == end \
                    or sep is rng and rng.group(1) and not text.startswith(rng.group(1), nxt.end()):
                break   # … a range's head is the same after both members (一年级至三年级; not 3人至5天)
            if sep is rng and kind != "member":
                low, high = _place(_member(members[-1], kind)), _place(_member(nxt.group(), kind))
                if low is not None and high is not None:
                    spans.append((min(low, high), max(low, high)))
            members.append(nxt.group())
            end = nxt.end()
        head = _HAN.match(text, end)
        at = end
        if head is None or kind == "member" and len(members) == 1 and _member_inside(text, m.start()):
            continue
        values = tuple(_member(t, kind) for t in members)
        out.append(Group(kind, values, tuple(spans), head.group(), text[m.start():head.end()], m.start()))
    return out


def _same_class(a: str, b: str) -> bool:
    return any(a in c and b in c for c in CLASSES)


def _member_inside(text: str, at: int) -> bool:
    """Whether the class character at `at` closes a group read already (the 小 of 中小学 is read with 中)."""
    return at > 0 and text[at - 1] in _MEMBER and _same_class(text[at - 1], text[at])


def _asked(group: Group, question: str) -> bool:
    """Whether a question's group names one sibling: a single member, a head long enough, and no count, year or clock."""
    if len(group.members) != 1 or group.spans:
        return False
    if group.kind != "num":
        return True
    value, token, start = group.members[0], group.text[:len(group.text) - len(group.head)], group.start
    return value is not None and len(group.head) >= NUMBER_HEAD and token != "一" \
        and not (value >= 1000 and group.head[:1] == "年") and not _CLOCK.match(group.head) \
        and question[max(0, start - 1):start] not in ("哪", "几", "月", "年")   # 哪两个; a date (10月5日)


def _holds(group: Group, member) -> bool:
    value = _place(member)
    return member in group.members or value is not None and any(low <= value <= high for low, high in group.spans)


def _bounded(text: str, group: Group) -> bool:
    """Whether a group of `text` is a bound (「8千瓦以下」, 「超过8小时」, 「银卡及以上」, 「前三名」), not a sibling's name."""
    number_end = group.start + len(group.text) - len(group.head)
    before = text[max(0, group.start - 3):group.start]
    return bool(_BOUND_AFTER.match(text, number_end) or _BOUND_BEFORE.search(before)
                or _TOP.search(before) and group.head[:1] in "名位个")


def _shared(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def swapped(question: str, text: str) -> tuple[str, str] | None:
    """(the question's modifier and head, the text's sibling with that head) when the text writes the head after
    another member of the modifier's class and never after the question's own; None otherwise. Example:
    swapped("城北分馆在哪里？", "场馆名称：城东分馆；地址：…") → ("北分馆", "东分馆"); "城东分馆在哪里？" → None."""
    q, t = fold(question), fold(text)
    written, asked = groups(t), groups(q)
    for g in asked:
        if not _asked(g, q) or any(o is not g and o.kind == g.kind and o.head[:1] == g.head[:1] and
                                   any(w.kind == g.kind and _holds(w, m) and w.head[:1] == g.head[:1] for w in written for m in o.members)
                                   for o in asked):
            continue   # the question names the text's member too (「两班倒…那三班倒的夜班呢」: a follow-up joined to its question)
        if g.kind == "num" and _YES_NO.search(q):
            continue   # 「可以30天无理由退货吗？」 over 「7天无理由退货」 answers it: no
        need = NUMBER_HEAD if g.kind == "num" else 1 if g.kind == "lat" or g.head[:1] in _NAMING else 2   # 中奖 / 大奖
        member, before = g.members[0], q[g.start - 1:g.start] if g.start else ""   # 中: 大中小, 高中低, 初中高 (中级, 初级)
        same = [w for w in written if w.kind == g.kind and (w.kind != "member" or _same_class(member, w.members[0]))]
        if any(_holds(w, member) and (w.head[:1] == g.head[:1] or before and t[w.start - 1:w.start] == before) for w in same):
            continue   # the text names it (城北分馆; 东、西区; 15—20号窗口; 周六 of 「周六闭馆」 for 「周六开放吗」)
        if any(_shared(w.head, g.head) >= 1 and _bounded(t, w) for w in same):
            continue   # 「10千瓦」 over 「8千瓦以下」, 「金卡」 over 「银卡及以上」, 「第二名」 over 「前三名」: a bound
        if g.kind == "num" and g.head[:1] == "年" and member < 100 and any(
                w.kind == "num" and w.members[0] and w.members[0] >= 1000 and w.members[0] % 100 == member for w in same):
            continue   # 24年 is 2024年
        sibling = max(same, key=lambda w: _shared(w.head, g.head), default=None)
        n = _shared(sibling.head, g.head) if sibling is not None else 0
        if g.kind == "num":   # a quantity (20分钟 beside 15分钟: ranges.py) unless a name follows its measure (14天通知存款)
            unit = next((u for u in _MEASURES if g.head.startswith(u)), "")
            n = n if n > len(unit) and g.head[len(unit)] not in _FILLER else 0
        if n >= need:
            return g.text[:len(g.text) - len(g.head) + n], sibling.text[:len(sibling.text) - len(sibling.head) + n]
    return None
