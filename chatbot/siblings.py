"""A sibling of what a table's rows name that the question names and no row lists (rowterms.unlisted's test).

Consumes: the question, the names of the rows (a table's key cells: rowterms.py), their texts, the words naming the
table itself (file name, heading, header) and jieba's tagger. Produces: `unlisted_name` → the question's name of a
sibling none of the rows lists (燃气热水器 beside the 电热水器 row), or "", which rowterms.lacking (and so answer.py)
refuses.
Why: a row shares every word but one with a question about its sibling row, so its cosines and word overlaps look like
an answerable question's (breakers O, P, Q, session 35).
Shortcuts: names are jieba's words (one to three neighbours); a sibling shares at least SIBLING_HEAD characters at its
end with the nearest names and no character of the rest; synonyms are not told apart (热瑜伽 beside 高温瑜伽 is a
sibling). The same test over a quoted list's items (named by their text, or the words before a colon) was measured in
session 36 and not shipped: on tune it refused 1 more near miss (港澳台地区 beside 偏远地区), on the test halves 2
answerable questions of the intranet corpus.
"""
from __future__ import annotations

import os
import re

from .lexical import STOPWORDS, fold
from .typos import misspelt_in

SIBLING_HEAD = 2  # the characters a name shares at its end with a key cell or item of another modifier (热水器, 学院)
_HAN2 = re.compile(r"^[\u3400-\u9fff]{2,}[a-z0-9]{0,3}$")
_RELATIVE = set("上下本这那该此每前后次全各整同某其新旧当没未不无非被把给让")   # 下学期, 本季度, 没出险, 被盗抢: no sibling
_GENERIC = {"时候", "时间", "地方", "东西", "情况", "问题", "事情", "方式", "办法", "多少", "什么"}   # 什么时候反馈: no name
# a question word, which jieba may tag a numeral (多久: m): 「提前多久告知」 is no sibling of the cell 不提前告知 (breaker AA)
_ASKING = re.compile(r"多[久少长大远高重宽深早晚]|几.*|哪.*|什么.*|怎.*|如何|为何|谁")
_BRACKETED = re.compile(r"[（(][^（）()]*[）)]$")   # 「老年人体检（65岁以上）」 is named 老年人体检
_POINTING = re.compile(r"^[这那此该其每各本同]一?[个份种类项条位家些次]$")   # 那份备份, 这个套餐, 同一个检查: the one meant


def question_words(question: str, lexicon) -> set[str]:
    """The words of `question` that name rows, cells and column names: jieba's (`lexicon`'s tokenizer, the question
    folded), of two Han characters or more (optionally with a short Latin or digit tail: 冷冻库b), no stopword."""
    return {w for w in lexicon.tokenizer().lcut(fold(question)) if _HAN2.match(w) and w not in STOPWORDS}


def shared_ending(names) -> str:
    """The ending every one of `names` shares (「学习部」, 「艺术部」 → 部; 「不满1千伏」, 「35千伏」 → 千伏), "" for none or no
    names: the series a sibling of them is named by (rowterms.unlisted, subitems, columns.unlisted_column, rowkeys)."""
    names = list(names)
    return os.path.commonprefix([n[::-1] for n in names])[::-1] if names else ""


def _names(question: str, tagger, names: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The question's names of one to three neighbouring jieba words (燃气|热水器 → 燃气热水器), folded, each with its
    (word, part of speech) pairs: the last word a noun or verb (四级|投诉), the others nouns (微信 too, a verbal noun to
    jieba), numerals, 区别词 or adjectives;
    three characters or more, and not inside `names` (the table's topic or a column's name)."""
    tagged = [(t.word, t.flag) for t in tagger.cut(fold(question))]
    out = []
    for i in range(len(tagged)):
        for j in range(i + 1, min(i + 4, len(tagged) + 1)):
            word, flag = tagged[j - 1]
            last_ok = flag[:1] == "n" or flag in ("vn", "j") or flag[:1] == "v" and j - i >= 2   # 四级|投诉, 港澳台地区
            if not re.fullmatch(r"[\u3400-\u9fff]+", word) or word in STOPWORDS or word in _GENERIC or _ASKING.fullmatch(word) or not (
                    last_ok or flag[:1] in ("n", "a", "b", "m") or flag == "j"):
                break
            w = "".join(t for t, _ in tagged[i:j])
            if len(w) >= 3 and w not in names and last_ok:
                out.append((w, tagged[i:j]))
            if not (flag[:1] in ("n", "a", "b", "m") or flag in ("j", "vn")):   # a verb ends a name (微信: vn, a noun's)
                break
    return out


def unlisted_name(question: str, keys, texts: list[str], names: str, tagger, head: int = SIBLING_HEAD) -> str:
    """A sibling of the names `keys` (folded) that the question names and none lists, or "": a name (`_names`) that no
    text of `texts` holds and that holds no key, whose nearest keys (those sharing its longest ending, SIBLING_HEAD
    characters or more, a key's bracketed tail aside: 老年人体检（65岁以上）) share no character of the rest (its
    modifier), which no key nor `names` (the table's own words) holds and which is no relative or negation (下学期,
    没出险), no pointing word (那份备份) nor an adjective alone (小电器 beside 禾悦电器): 燃气热水器 beside the 电热水器 row, 法学院 beside 计算机学院
    and 外国语学院, 三人间 beside 四人间; not 地库固定车位 beside 地下固定车位, 年度体检 beside 年度健康体检, 香港 inside 中国香港,
    nor 天河营业部 beside 北京朝阳营业部 when a row is 广州天河理赔服务中心 (its name with another head). A name the corpus
    writes elsewhere counts (法学院 in the faculties' list, not in the exam sheet asked): requiring it unwritten lost 2 of
    the tune sets' near misses and no false refusal (session 35). `head`: the shortest ending shared (a nested list's
    items that all end alike, 学习部 and 艺术部, pass 1: subitems.unlisted_item)."""
    keys = {_BRACKETED.sub("", k) for k in keys if k}
    for w, words in _names(question, tagger, names):
        if any(w in t for t in texts) or any(k in w for k in keys if k) \
                or misspelt_in(question, w, keys, tagger):   # … or a key misspelt (兴龙湖站 of 兴隆湖站)
            continue
        shared = {k: next((n for n in range(min(len(w), len(k)) - 1, 0, -1) if w[-n:] == k[-n:]), 0) for k in keys}
        most = max(shared.values(), default=0)
        closest = [k for k, n in shared.items() if n == most]   # the nearest siblings (固定车位 of 地下固定车位, not 车位)
        modifier, lead = w[:-most] if most else w, ""
        for i, (word, _) in enumerate(words):   # the modifier's own words, when it ends between two of them: adjectives only?
            lead += word
            if lead == modifier and all(f[:1] == "a" for _, f in words[:i + 1]):
                modifier = ""
        if most >= head and modifier and all(_HAN2.match(k) and not set(modifier) & set(k[:-most]) for k in closest) \
                and not set(modifier) <= _RELATIVE and not _POINTING.match(modifier) and not (len(modifier) > 1 and modifier in names) \
                and not any(modifier in c for c in keys):
            return w
    return ""
