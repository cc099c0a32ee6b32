"""A detail the quote ignores: a word of the question that, left out, brings the question nearer the quote.

Consumes: the question (as answered: typos already read as the corpus's words), the quote about to be
given (its hit and span) with the text that names it (series.passage_text: file name, headings, the quote; for the
attribute, the whole passage in its context), the
retriever's lexicon (jieba's dictionary) and its encoders of queries and passages (`Retriever.encode_queries`,
`encode_passages`).
Produces: `unnamed_attribute(...)`, the attribute the question asks the value of (油耗 of 「百公里油耗是多少」) when the
quoted passage writes none of its characters; and `ignored(...)`, the (word, gain) of the dictionary word of the question
that the quote's text lacks and whose removal raises the question's cosine to the quote the most, when that gain exceeds
GAIN; else None. answer.py abstains on either: 「4D影院的军人票多少钱？」 over the 4D影院 price row that has no 军人 price,
「滨湖网球中心停车怎么收费？」 over the centre's opening hours (ignored); 「大众朗逸百公里油耗是多少？」 over the 朗逸 row of a
rental price sheet, which states no 油耗 (unnamed_attribute).
Why the embedding and not the word alone: a paraphrase also leaves words out of the quote (「礼拜天」 for 周日, 「红包」 for
礼金), but there the word carries the question to the quote, so leaving it out lowers the cosine; a detail the documents
lack carries the question away from every passage, so leaving it out raises the cosine to the one quoted.
Shortcuts: two encoder calls per question that reaches this check with a missing word (the quote as a passage; the
question and at most MAX_WORDS variants, each with that word's first occurrence deleted, as queries). The quote's
vector is a new embedding: the normalised sum of its clauses' stored vectors separated near misses from answers far
worse on tune (session 53); words of one Han character, Latin words, numbers and the STOPWORDS /
QUESTION_WORDS are never details.
Source of GAIN: bench/tune_probe.py on the tune sets, session 53 (README "Quality").
The attribute (unnamed_attribute) is judged by its characters, in the whole quoted passage with its file name,
headings and table header (lexical.in_context), not by the embedding: leaving 油耗 out moves e5-small's cosine by
−0.03 to +0.02 for near misses and paraphrases alike (session 54), so only a passage that writes none of its characters
is refused (车费 over a passage with 费用 passes). It is read by jieba's tagger (a noun right before 是多少 / 是什么 / 多少 /
几…), so its mistakes are ours: a verb phrase the dictionary files as a noun (能带, 先交) is skipped by its first
character (MODAL_FIRST). Words that name a kind of value (价格, 时间, 电话: VALUE_KINDS) are answered by the value and
never need to be written. Source: the answered tune questions of session 53's probe (README "Quality", session 54).
"""
from __future__ import annotations

import re

import numpy as np

from .columns import YES_NO_END
from .lexical import STOPWORDS, fold
from .signals import asked_nouns

GAIN = 0.015          # a cosine gain above this (session 53, tune: README "Quality") marks the word a detail the quote ignores
MAX_WORDS = 4         # question words tried, in the question's order
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]{2,}")
_BEFORE_WH = re.compile(r"(?:是|为|有|叫)?(?:什么|啥|多少|哪些|哪个|哪几|哪里|哪儿|哪家|哪位|怎样|怎么样|如何|几)")
FUNCTION_TAGS = ("r", "d", "c", "p", "u", "y", "e", "f")   # jieba's pronouns, adverbs, conjunctions, prepositions, particles,
                                                         # interjections and directions (以后, 里面): never a detail
# words that ask rather than state (哪些, 为什么), fillers of spoken questions (那个, 一下, 来着) and hedges (具体, 一般)
QUESTION_WORDS = frozenset(
    "什么 多少 怎么 怎样 如何 可以 需要 是否 哪些 哪个 哪里 哪儿 哪天 几点 什么样 有没有 能不能 是不是 一下 一般 大概 请问 "
    "还有 时候 的话 为什么 那个 这个 具体 东西 一共 来着 多久 多长 几个 几次 几年 几天 怎么办 咋办 行不行 可不可以".split())


# words naming the kind of value asked, which the value itself answers without the word (「缴存比例是多少」 over 「12%」)
VALUE_KINDS = frozenset(
    "标准 范围 比例 区间 额度 金额 数额 数量 时间 日期 期限 时限 时长 内容 电话 号码 价格 价钱 费用 地点 地址 位置 名字 名称 全称 简称 "
    "要求 条件 流程 步骤 方式 方法 办法 手续 规定 原因 理由 作用 目的 意思 含义 特点 区别 职业 身份 结果 情况 程序 类型 种类 形式 "
    "用途 功能 意义 政策 规则 安排 顺序 上限 下限 门槛 时段 频率 次数 年龄 人数 数字 名单 对象 材料 资料 事情 问题 部门 单位 机构 "
    "人员 地方 尺寸 大小 规格 情形 样子 水平 程度 状态 效果 关系 背景 经历 方面 部分 环节 标志 措施 "
    # … and kinds of description, which the answer gives without naming (「死因是什么」 over 「因肺癌病逝」)
    "死因 病因 起因 情节 剧情 经过 过程 主题 观点 看法 评价 影响 特征 特色 优点 缺点 优势 好处 风格".split())
# jieba's tagger reads the attribute; its dictionary tags some verb phrases n (能带, 先交: a modal verb and its verb) and
# counts (一针, 每页): skipped by their first character (the answered tune questions of session 53's probe, session 54)
MODAL_FIRST = "能可要会得先应需被该"
NUMBER_FIRST = "一二两三四五六七八九十半每几"
ATTRIBUTE_TAGS = ("n", "nz", "vn")   # nouns, other proper nouns, verbal nouns (收费 of 「每学时收费多少」)
# the question word after an attribute: 是/为 and any (油耗是多少, 死因是什么), 多少 or 几 (押金多少), or 什么 / 哪些 / 哪个
# closing the clause (「保修期什么？」); not 什么 / 哪些 before a noun (给患者什么补偿: 补偿 is asked), nor 为什么, 什么意思,
# 什么样, 什么时候 or 几点 (「利润率为什么下降」 asks why, 「油耗是什么意思」 a meaning, 「澡堂几点关门」: 澡堂 acts)
_WHAT = r"什么(?!时候|意思|样)|啥(?!时候|意思)"
_ASKS_VALUE = re.compile(rf"(?:是|为(?!什么))(?:多少|{_WHAT}|哪些|哪个|哪几|几(?![点时]))|多少|几(?![点时])"
                         r"|(?:什么|啥|哪些|哪个)(?![\u4e00-\u9fff])")
_ASKING = re.compile(r"多少|什么|啥|哪|几|呢")   # a clause that asks a value (or, with _YES_NO, whether)
_CLAUSE = re.compile(r"[\s,;。!?、，；！？]+")   # a follow-up is joined to the question it continues by a space
_YES_NO = re.compile(YES_NO_END.pattern + r"|是否|有没有|可否")   # asks whether, not a value (要不要, 能不能…吗)


def asking_clause(question: str) -> str:
    """The clause of `question` (folded) that asks: the last one holding a question word or asking yes or no (「…要交增值税
    吗？税率多少？」 → 税率多少; 「出门旅游几天，阀门要不要关」 → 阀门要不要关; 「朗逸油耗是多少 那押金呢」, a follow-up joined to
    its question → 那押金呢, which asks no value), or ""."""
    return next((c for c in reversed(_CLAUSE.split(fold(question))) if _ASKING.search(c) or _YES_NO.search(c)), "")


def unnamed_attribute(question: str, where: str, lexicon) -> str | None:
    """The attribute `question` asks the value of (a dictionary noun of two or more Han characters right before
    是多少 / 是什么 / 多少 / 哪些 / 几…: 油耗 of 「大众朗逸百公里油耗是多少？」) when `where` (the quoted passage in its context:
    file name, headings, a table's header row and the whole row or passage, lexical.in_context) writes none of its
    characters: the passage states other attributes' values (the 朗逸 row's prices and 日限里程). Only the clause that
    asks is read (asking_clause), and a yes/no clause asks no value. None when that clause has no such noun, or only one
    that names a kind of value (VALUE_KINDS: 价格, 比例), or the passage writes a character of it (手续费 over 「费率」: a
    paraphrase may name it otherwise, and this check does not judge it)."""
    asking = asking_clause(question)
    if not _HAN_WORD.search(asking) or _YES_NO.search(asking):
        return None
    held, freq, end = set(fold(where)), lexicon.tokenizer().FREQ, 0
    for word, flag in lexicon.tagger().lcut(asking):
        end += len(word)
        if (flag in ATTRIBUTE_TAGS and _HAN_WORD.fullmatch(word) and word[0] not in MODAL_FIRST + NUMBER_FIRST
                and freq.get(word) and word not in VALUE_KINDS and word not in QUESTION_WORDS and word not in STOPWORDS
                and _ASKS_VALUE.match(asking, end) and not held.intersection(word)):
            return word
    return None


def candidates(question: str, where: str, lexicon) -> list[str]:
    """The question's dictionary words (jieba's precise cut over the lexicon's dictionaries, folded) of two or more Han
    characters that `where` (the quote with its file name and headings) does not write, that do not name what is asked
    (`asked`) and that jieba's tagger does not read as a function word (FUNCTION_TAGS), first occurrences, in order, at
    most MAX_WORDS."""
    tokenizer, folded = lexicon.tokenizer(), fold(question)
    held = fold(where)
    out = []
    for w in tokenizer.lcut(folded):
        if (_HAN_WORD.fullmatch(w) and w not in STOPWORDS and w not in QUESTION_WORDS and tokenizer.FREQ.get(w)
                and w not in held and w not in out):
            out.append(w)
    if not out:
        return []
    tagged = lexicon.tagger().lcut(folded)
    tags = dict(tagged)   # 那年 of 「那年付呢？」 points back, 一直 and 还是 qualify: no details
    named = asked(folded, out, tagged)
    return [w for w in out if w not in named and not tags.get(w, "n").startswith(FUNCTION_TAGS)][:MAX_WORDS]


def asked(folded: str, words: list[str], tagged: list) -> set[str]:
    """The words of `words` that name the kind of value asked, not a detail of the thing asked about: the head after
    the question word (什么风格, 哪个城市: signals.asked_nouns) and a noun right before it (英文名是什么, 主演人员有哪些).
    A quote answers them with the value (a Latin name, the actors) and need not write the word. `tagged`: jieba's
    (word, flag) pairs of `folded`, as the lexicon's tagger gives them."""
    nouns = {w for w, flag in tagged if flag.startswith("n")}
    return asked_nouns(folded, words) | {w for w in words if w in nouns and re.match(_BEFORE_WH, folded[folded.index(w) + len(w):])}


def ignored(question: str, hit, start: int, end: int, where: str, retriever, gain: float = GAIN) -> tuple[str, float] | None:
    """(word, cosine gain) of the question's word that the quote [start, end) of `hit` ignores the most, when the gain
    exceeds `gain`; None when no word is missing from `where`, or the retriever has no encoders (`encode_queries`,
    `encode_passages`: None), or no gain exceeds it. The gain is cos(question without the word, quote) − cos(question,
    quote): the question folded (lexical.fold) and embedded as a query, the quote's text embedded as a passage (a table
    row with its chunk's context: heading and header row)."""
    encode, embed = getattr(retriever, "encode_queries", None), getattr(retriever, "encode_passages", None)
    words = candidates(question, where, retriever.lexicon) if encode is not None and embed is not None else []
    if not words:
        return None
    folded = fold(question)   # the words are cut from the folded question, so it is the baseline too (？ → ?)
    text = hit.chunk.text[start - hit.chunk.start:end - hit.chunk.start]
    if hit.chunk.kind == "table":   # a row means what its columns say: 「北京 | 600 | 900 | 100」 under 住宿标准 answers 酒店
        text = f"{hit.chunk.context}\n{text}"
    quote = np.asarray(embed([text])).reshape(-1)
    cosines = np.asarray(encode([folded, *(folded.replace(w, "", 1) for w in words)])) @ quote
    gains = cosines[1:] - cosines[0]
    best = int(np.argmax(gains))
    return (words[best], float(gains[best])) if gains[best] > gain else None
