"""A place the question names, asked of a quote about other places only.

Consumes: a question, the text where a candidate quote's subject is named (series.passage_text: its file name, headings
and the quote, or a table row) and the corpus lexicon's jieba tagger.
Produces: `places(text, tagger)` → the place names a text holds (「嘉兴项目的客服主管」 → ["嘉兴"]), and
`other_place(question, passage, tagger)` → the question's places when the quote names other places and none of the
asked ones (「嘉兴项目的客服主管是谁」 over the row 「镜湖湾 | 绍兴市越城区… | 钱佳琪」; 「杭州市内次日配送的订单几点前
要下」 over 「苏州、昆山、武汉、成都四地市内次日配送订单…」; 「台南经销商第一季度出货多少台」 over 台灣區's figures): a
near miss, like another quarter or model (series.mismatch), which shares every other word with the passage and so
looks answerable.
Not one: a quote that names no place (a rule for every city: 「出差乘坐高铁二等座」), one that names an asked place
(「从杭州去北京」 over the 北京 row; 香港 inside its 「中国香港」), one that names a place an asked one lies in (芜湖 over
a row on 安徽: regions.enclosing, from CC-CEDICT; breaker DW, session 62), and a catch-all (「其他城市」, 「其余地区」, 「…以外」: tables.py answers an unlisted
place by it).
Shortcuts: a place is a word jieba tags ns, nr or nz (its dictionary tags 嘉兴 nr and 金华 nz) whose CC-CEDICT entry is a
proper noun (its pinyin capitalised), bare or less a 市/省/县/区/地区 suffix (杭州市 → 杭州): the tag alone takes 东西,
城市 and 上门 too; a famous person CC-CEDICT lists would count as well. In the quote, an ns word before the word an
asked place stands before counts too (西山 of 西山派出所 for 东湖派出所: CC-CEDICT has no 西山). Text is folded first (台灣 → 台湾).
Measured on the tune halves of bench/sets/answerability_tune.tsv (README "Quality › Session 30").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .cedict import PINYIN_POS, gloss_table
from .lexical import fold
from .regions import SUFFIX as _SUFFIX, enclosing
from .typos import misspelt_in

_CATCH_ALL = re.compile(r"其他|其它|其余|以外|之外")
_TOTAL = re.compile(r"全省|全区|全市|合计|总计|总量|总数|共计|累计|共出货|共销售|总共")


@lru_cache(maxsize=1)
def proper_nouns() -> frozenset[str]:
    """The simplified headwords CC-CEDICT spells with a capitalised pinyin (杭州, 泰国, 华南; not 东西 or 城市)."""
    return frozenset(h for entries in gloss_table().values() for pos, h in entries if pos == PINYIN_POS)


def places(text: str, tagger) -> list[str]:
    """The place names of `text`, folded, in order (a name once): jieba's ns, nr and nz words that are a proper noun
    bare or less a suffix. Example: places("杭州市内次日配送", tagger) == ["杭州市"]."""
    names = proper_nouns()
    out = []
    for word, flag in tagger.lcut(fold(text)):
        if flag in ("ns", "nr", "nz") and len(word) >= 2 and (word in names or _SUFFIX.sub("", word) in names) and word not in out:
            out.append(word)
    return out


def other_place(question: str, passage: str, tagger) -> list[str]:
    """The places `question` names when `passage` names other places, none of the asked ones, and is no catch-all;
    [] otherwise (module docstring). `tagger` is the corpus lexicon's jieba tagger."""
    asked = places(question, tagger)
    if not asked or _CATCH_ALL.search(passage):
        return []
    quoted = {_SUFFIX.sub("", p) for p in places(passage, tagger)} | _beside_head(question, asked, passage, tagger)
    text = fold(passage)   # 香港 in a cell 「中国香港」 (jieba's one word; breaker N, session 35: refused)
    if not quoted or any(_SUFFIX.sub("", p) in quoted or _SUFFIX.sub("", p) in text
                         or misspelt_in(question, p, [text], tagger) for p in asked):   # 兴|龙湖|站 of 兴隆湖站: a typo
        return []
    if any(_within(p, quoted, text) for p in asked):   # 芜湖 of a row on 安徽 (regions.py)
        return []
    return asked


def _within(asked: str, quoted: set[str], text: str) -> bool:
    """Whether the folded passage `text` is on the province `asked` lies in (regions.enclosing), written as a whole cell or
    field value (「省份：安徽」, 「| 安徽 |」), names no other place the dictionary puts in it and states no total (_TOTAL):
    a row on a province answers its cities (breaker DW, session 62); a figure of 台灣區 in prose (「台湾区共出货…」) is no
    figure of 台南, nor is a row on 「浙江省嘉兴市」 one on 宁波 (the probe's near misses). A city the dictionary does not
    place is not seen as another (the second review: 舟山 in a 浙江 row)."""
    if _TOTAL.search(text):   # a province's total (全省装机总量, 共出货) is no figure of one of its cities (the review)
        return False
    for c in enclosing(asked):
        whole = re.search(rf"(?:^|[：:|；;\n])\s*{re.escape(c)}(?:省|市|自治区|地区)?\s*(?:$|[|；;\n])", text)
        if whole and not any(q != c and c in enclosing(q) for q in quoted):
            return True
    return False


def _beside_head(question: str, asked: list[str], passage: str, tagger) -> set[str]:
    """The passage's jieba ns words (CC-CEDICT's proper noun or not: 西山) before the word an asked place stands before
    in the question: 西山 of 「西山派出所」 for 「东湖派出所…」 (breaker BR, session 44: 西山's summer hours answered 东湖's)."""
    def pairs(text: str) -> list[tuple[str, str, str]]:
        cut = [(t.word, t.flag) for t in tagger.cut(fold(text))]
        return [(w, f, n) for (w, f), (n, _) in zip(cut, cut[1:])]
    heads = {n for w, _, n in pairs(question) if w in asked and len(n) >= 2}
    return {w for w, f, n in pairs(passage) if f == "ns" and len(w) >= 2 and n in heads} if heads else set()
