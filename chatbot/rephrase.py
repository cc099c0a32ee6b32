"""A follow-up naming a sibling of a word of the previous question, rephrased as that question about the sibling.

Consumes: the follow-up (「那金卡呢？」), the previous question (「银卡会员的生日礼是什么？」) and jieba's cut. Produces:
`sibling_asked` → 「金卡会员的生日礼是什么？」, or "" when the follow-up names no sibling of one word of it; followup.py's
`with_context` searches that question instead of the two joined, and bot.py answers it as a whole question when its
quote names the sibling.
Why: joined in front, the previous question outweighed the follow-up's word and the sibling's row was quoted (breakers
AM, AP, session 40; AS, AU, AV, AY, session 41).
Shortcuts: a sibling is told by its characters (`_siblings`: what two words share at the same places, and what they do
not share at all), or, failing that, as another member of a series or group series.named knows (节假日 for 周末); a
word of another length only when they end alike (铂金卡 for 银卡); a follow-up of more than one bare noun (「那房东提前
收房的违约金呢？」) is not rephrased.
"""
from __future__ import annotations

import re
from itertools import accumulate, groupby

from .numerals import ORDINAL_CHARS as _NUMERALS
from .series import named

LENGTH_SLACK = 2  # a sibling ending alike may be this many characters longer or shorter (铂金卡 / 银卡, 停车费 / 物业管理费)

_BARE = re.compile(r"^(?:那么?|还有|另外)?\s*([A-Za-z0-9\u4e00-\u9fff]{2,6}?)的?呢?\s*[?？]?$")   # 「那金卡呢？」, 「高级的呢？」
_NAME = re.compile(r"[A-Za-z0-9\u4e00-\u9fff]+")
_CODE = re.compile(r"[A-Za-z]{1,3}\d{1,4}")      # A5, E6, XR200
_COUNT = re.compile(r"\d+[\u4e00-\u9fff]")       # 12期, 6个 (a number and its unit)
_MARKS = (r"[A-Za-z]", r"\d{1,3}", f"[{_NUMERALS}]")   # what tells apart the members of a lettered series
_LETTERED = re.compile(r"([\u4e00-\u9fff]{2,4})(" + "|".join(_MARKS) + ")")   # 线路C, 方案二, 展厅3
QUESTION_WORD = re.compile(r"几|多少|哪|什么|啥")   # a follow-up holding one asks, it names no sibling


def sibling_asked(question: str, previous: str, cut=None) -> str:
    """The previous question with its one word the follow-up names a sibling of put in the sibling's place: 「那金卡呢？」
    after 「银卡会员的生日礼是什么？」 → 「金卡会员的生日礼是什么？」, 「高级的呢？」 after 「初级住家保姆月薪多少？」 →
    「高级住家保姆月薪多少？」, 「那铂金卡呢？」 after 「银卡的延保多少钱？」 → 「铂金卡的延保多少钱？」, 「那房东提前收房呢？」 after
    「…租客提前退租违约金多少？」 → 「…房东提前收房违约金多少？」 (`_siblings`); a code for the one code of its shape (A5 for
    A3), a number for the one number of its unit (12期 for 6期), a series' member told by its last letter or numeral for
    the one of that series (线路C for 线路B, 科目三 for 科目二: `_LETTERED`), a place for its one place (jieba's ns: 「那南京呢？」 after
    「典雅婚纱在上海徐汇旗舰店多少钱？」 → 「典雅婚纱在南京旗舰店多少钱？」, the proper names after it with it); "" when the
    follow-up is no bare noun, names a word the previous question has, or fits none or several. `cut` (jieba's lcut)
    keeps the word replaced on the previous question's word bounds, with no bound of either word inside a part the two
    do not share (美洲线路 for the whole 东南亚线路, not its 南亚线路; not 保修 of 总成保修 for 主板|维修); without `cut`, only
    words as long and ending alike."""
    m = _BARE.match(question.strip())
    word = m.group(1) if m else ""
    if not word or word in previous or QUESTION_WORD.search(word):
        return ""
    lettered = _LETTERED.fullmatch(word)   # 线路C for the one 线路B, 方案二 for 方案一 (breaker DN, session 59)
    shape = (_CODE.fullmatch(word) and r"[A-Za-z]{1,3}\d{1,4}" or _COUNT.fullmatch(word) and r"\d+" + re.escape(word[-1])
             or lettered and re.escape(lettered.group(1)) + next(c for c in _MARKS if re.fullmatch(c, lettered.group(2))))
    after = _NUMERALS if lettered and lettered.group(2) in _NUMERALS else ""   # 方案九: not 方案十 of 方案十一
    found = {(m.start(), m.group()) for m in re.finditer(rf"(?<![A-Za-z0-9.]){shape}(?![A-Za-z0-9{after}])", previous)
             } if shape else set()   # A5 for the one code A3; 12期 for the one 6期
    if not found and (lettered or not shape):   # a lettered word the shape finds no sibling of: as any other word
        bounds = None if cut is None else set(accumulate(map(len, cut(previous)), initial=0))
        own = set() if cut is None else set(accumulate(map(len, cut(word)), initial=0)) - {0, len(word)}
        slack = 0 if bounds is None else LENGTH_SLACK
        found = set()
        for n in sorted(range(max(2, len(word) - slack), len(word) + slack + 1), key=lambda n: n != len(word)):
            for i in range(len(previous) - n + 1):
                c = previous[i:i + n]
                parts = _NAME.fullmatch(c) and not QUESTION_WORD.search(c) and _siblings(c, word, middle=bounds is not None)
                if parts and (bounds is None or i in bounds and i + n in bounds
                              and _whole_words(c, word, parts, {b - i for b in bounds if i < b < i + n}, own)):
                    found.add((i, c))
            if found and n == len(word):
                break   # a word as long first: 第一期 for 第二期, not 暑期 (both end in 期)
        if not found and not own and cut is not None and (units := {u for u, _ in named(word)}):   # one word, another
            at = list(accumulate(map(len, words := cut(previous)), initial=0))   # member of a series or group than a
            found = {(a, w) for a, w in zip(at, words) if {u for u, _ in named(w)} & units and abs(len(w) - len(word)) < 2
                     and not named(w) & named(word)}   # previous word, as long or nearly: 节假日 for 周末 (日别), 国庆 for
                                                       # 春节 (series.named; breaker BE); not 男生宿舍 for 女生 (breaker O)
    if not found and cut is not None and [f for _, f in _tagged(word)] == ["ns"]:   # a place for the previous one: 南京
        tagged = _tagged(previous)   # for 上海徐汇 of 上海徐汇旗舰店: the place and a district (breaker BS, session 44)
        at = list(accumulate((len(w) for w, _ in tagged), initial=0))
        for i, (w, flag) in enumerate(tagged):
            if flag == "ns" and (i == 0 or tagged[i - 1][1] not in _PROPER):
                j = next((j for j in range(i + 1, len(tagged)) if tagged[j][1] not in _PROPER), len(tagged))
                found.add((at[i], previous[at[i]:at[j]]))
    if len(found) != 1:
        return ""
    i, c = found.pop()
    return previous[:i] + word + previous[i + len(c):]


_PROPER = ("ns", "nr", "nz")   # a place and the proper names after it (上海|徐汇: a district) go together


def _tagged(text: str) -> list[tuple[str, str]]:
    """jieba's (word, part of speech) pairs of `text`."""
    from jieba import posseg

    return [(p.word, p.flag) for p in posseg.lcut(text)]


def _whole_words(a: str, b: str, parts, inner_a: set[int], inner_b: set[int]) -> bool:
    """Whether the word bounds inside `a` and `b` (`inner_a`, `inner_b`: offsets) leave the parts they do not share whole:
    of words ending alike, the last word of each lies inside the end they share (车主 of A3车主, 房 of 大床|房; not 保修 of
    总成|保修 for 主板|维修), or no bound falls inside a part not shared (租客|提前|退租 / 房东|提前|收房, 两班倒|的|白班 /
    三班倒|的|夜班)."""
    end = _end(a, b)
    if end and all(max(inner, default=len(w)) >= len(w) - end for w, inner in ((a, inner_a), (b, inner_b))):
        return True
    return not any(x < t < y for pa, pb in parts for (x, y), inner in ((pa, inner_a), (pb, inner_b)) for t in inner)


def _end(a: str, b: str) -> int:   # how many last characters `a` and `b` share
    return next(k for k in range(min(len(a), len(b)) + 1) if k == min(len(a), len(b)) or a[-1 - k] != b[-1 - k])


def _siblings(a: str, b: str, middle: bool = False) -> list[tuple[tuple[int, int], tuple[int, int]]] | None:
    """The pairs of spans, (start, end) in `a` and in `b`, that the two do not share, when they are siblings; else None.
    Words as long: the characters they share at the same places, with no character shared elsewhere between each pair
    of spans that differ, and a shared end (江南区 / 江北区) or, with `middle`, a shared middle of two characters or
    more (租客提前退租 / 房东提前收房; not 早班 / 早上, nor 代步车是 / E6车主). Words of another length: a shared end,
    after a shared start if any, and no character shared between the rest (铂金卡 / 银卡, 停车费 / 物业管理费).
    Example: _siblings("租客提前退租", "房东提前收房", True) == [((0, 2), (0, 2)), ((4, 6), (4, 6))]."""
    if len(a) != len(b):
        end = _end(a, b)
        start = next(k for k in range(min(len(a), len(b)) - end + 1) if k == min(len(a), len(b)) - end or a[k] != b[k])
        rest_a, rest_b = a[start:len(a) - end], b[start:len(b) - end]
        apart = end and rest_a and rest_b and not set(rest_a) & set(rest_b)
        return [((start, len(a) - end), (start, len(b) - end))] if apart else None
    runs, k = [], 0   # (shared, start, end) of each run of places where the two agree or differ
    for shared, places in groupby(x == y for x, y in zip(a, b)):
        n = len(list(places))
        runs.append((shared, k, k + n))
        k += n
    differ = next((s for shared, s, _ in runs if not shared), len(a))   # where they first differ
    later = [(s, e) for shared, s, e in runs if shared and s > differ]   # what they share after it
    if not later:   # the same word, none shared, or only their start
        return None
    if not runs[-1][0] and not (middle and any(e - s >= 2 for s, e in later)):
        return None   # a shared middle: of two characters or more (提前), and only on word bounds (not 车 of 代步车是)
    parts = [((s, e), (s, e)) for shared, s, e in runs if not shared]
    return None if any(set(a[s:e]) & set(b[s:e]) for (s, e), _ in parts) else parts
