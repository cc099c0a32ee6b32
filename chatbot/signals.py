"""Signals of a question and a candidate quote, shared by the answer step and the abstention deciders.

Consumes: question and quote texts, the ranked `Hit`s and the retriever (its lexicon, chunk tokens and
vocabulary). Produces: character bigrams and a quote's novelty, the expected answer type of a question
(多少 → number, 何时/哪年 → date, 谁/哪家 → name, 哪里 → place) and whether a text holds such a value,
the Latin-script test, word coverage of the top passages, the question's nouns the corpus never uses
(`missing_terms`) and its English words whose dictionary renderings it never uses (`absent_english`),
and the calibrated abstention rules (`is_answerable`: best cosine, coverage, unknown nouns, and a lower
cosine bar for Latin-script questions; README "Quality").
Used by answer.py (ranking, second quotes, the rules) and answerability.py (features, the fallback).
Shortcut: names are found by jieba's part-of-speech tagger, or by organisation suffixes (部, 处, 经理 …).
"""
from __future__ import annotations

import re
import weakref
from functools import lru_cache

from .crosslingual import absent_terms
from .lexical import fold
from .retrieve import Hit

_NUMBER_Q = re.compile(r"多少|几|多大|多高|多长|多久|多重|比例|百分之|how (many|much|long|old)", re.IGNORECASE)
_DATE_Q = re.compile(r"何时|哪年|哪一年|什么时候|几月|几号|哪天|哪一天|日期|when\b|what (year|date)", re.IGNORECASE)
_WHO_Q = re.compile(r"谁|哪位|哪家|哪个公司|哪个部门|由谁|who\b|which (company|department)", re.IGNORECASE)
_WHERE_Q = re.compile(r"哪里|哪儿|在哪|什么地方|何地|where\b", re.IGNORECASE)
_NUMBER = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千万亿两]+[个名次人家年月日天元条项位%％]|百分之")
_DATE = re.compile(r"\d{4}年|\d{1,2}月|\d{1,2}日|[一二三四五六七八九十]+月|世纪|年代|\d{4}[-/.]\d{1,2}|周[一二三四五六日]|星期")
_PLACE = re.compile(r"[省市县区镇村路街号楼室层]|北京|上海|杭州|深圳|广州|中国|国家|地区")
_ROLE = re.compile(r"[部处组科室司会]|经理|主任|总监|负责人|副总|总裁|主管|领导|部长|董事|秘书|专员|管理员|工程师|委员|行长|校长|院长")
# the head of a wh-phrase names the kind of answer, not a term the text must contain: 哪个部门 → 部门, 什么时候 → 时候
_WH_HEAD = re.compile(r"(?:哪个|哪一个|哪些|哪家|哪位|哪种|哪类|哪项|什么|啥|多少|几)([\u4e00-\u9fff]{1,2})|(多[重高大长久远宽厚深少])")
CANDIDATE_PASSAGES = 3       # clauses are drawn from this many top passages (answer.py)
MIN_ABSENT = 2               # English words with no rendering in the corpus that make a question unknown (absent_english)
_CHAR = re.compile(r"[\w\u3400-\u9fff]")
TYPE_CACHE = 4096            # (kind, text) verdicts kept: runs.py and focus.py ask of the same clauses (a name: jieba's tagger)
BIGRAM_CACHE = 2048          # texts whose bigrams are kept: one question's candidate runs and clauses (≤ ~12 MB: ~6 KB each)


@lru_cache(maxsize=BIGRAM_CACHE)
def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of the word characters, folded as for BM25 (see lexical.fold). Cached: the answer step
    asks for the same question's and clauses' bigrams once per candidate run (novelty), and fold is the cost."""
    chars = [c for c in fold(text) if _CHAR.match(c)]
    return frozenset({a + b for a, b in zip(chars, chars[1:])} or chars)


def novelty(question: str, quote: str) -> float:
    """Share of the quote's bigrams that the question does not have: an answer adds something (0…1)."""
    c = bigrams(quote)
    return len(c - bigrams(question)) / len(c) if c else 0.0


def is_latin(text: str) -> bool:
    """True when most letters are Latin: such a question shares no words with Chinese text."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isascii() for c in letters) > len(letters) / 2


def coverage(question: str, hits: list[Hit], retriever, depth: int = CANDIDATE_PASSAGES) -> float:
    """Largest share of the question's search words that one of the top passages contains."""
    words = set(retriever.lexicon.tokenize(question)) if hits[:depth] else set()
    if not words:
        return 0.0
    return max((len(words & retriever.chunk_tokens[h.chunk.id]) / len(words) for h in hits[:depth]), default=0.0)


def asked_nouns(question: str, nouns) -> set[str]:
    """The nouns of `nouns` that belong to the question's wh-phrase (哪个部门 → 部门, 什么时候 → 时候, 多重):
    they say what kind of value is asked for, so their absence from the documents means nothing."""
    heads = [m.group(1) or m.group(2) for m in _WH_HEAD.finditer(question)]
    return {w for w in nouns if any(w == h or w in h or h.startswith(w) or w.startswith(h) for h in heads)}


def missing_terms(question: str, retriever, min_chars: int) -> list[str]:
    """The question's specific nouns and numbers (at least `min_chars` long: 准备金率, 个人所得税, 2024) that
    the corpus never uses: what the question is about is not in the documents."""
    if min_chars <= 0:
        return []
    nouns = retriever.lexicon.content_nouns(question)
    asked = asked_nouns(question, nouns)
    return sorted(w for w in nouns if len(w) >= min_chars and w not in retriever.vocabulary and w not in asked)


_corpus_text: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def corpus_uses(retriever):
    """term → whether the corpus uses it: an English word as one of its BM25 tokens; a Chinese term as a token,
    inside one (班车 in 班车时刻表), or anywhere in the passages' text, simplified or traditional (年假 where jieba
    split 带薪年假 into 年 and 假). The joined vocabulary and text are built once per retriever (a copy of the
    corpus's text in memory; each lookup scans it)."""
    vocabulary = retriever.vocabulary
    joined = _corpus_text.get(retriever)
    if joined is None:
        text = "\n".join(c.embed_text for c in retriever.chunks).lower()
        joined = _corpus_text[retriever] = "\n".join(sorted(vocabulary)) + "\n" + text

    def uses(term: str) -> bool:
        if term in vocabulary:
            return True
        if term.isascii():
            return False
        import zhconv

        return term in joined or zhconv.convert(term, "zh-hant") in joined
    return uses


def absent_english(question: str, retriever, min_chars: int) -> list[str]:
    """The English content words of a Latin-script question that CC-CEDICT translates but the corpus uses in no
    rendering (crosslingual.absent_terms), when there are at least MIN_ABSENT of them and they are more than half
    of the words the dictionary or the corpus knows: the English counterpart of `missing_terms`. One such word, or
    half of them, is weak evidence: the dictionary misses many renderings (12 years of service → 服务 where the
    corpus says 工作; payment → 付款 and volume → 容量 where it says 支付 and 规模).
    Example: "What is the company's policy on remote work?" over a leave policy → ["policy", "remote"]"""
    if min_chars <= 0 or not is_latin(question):
        return []
    absent, known = absent_terms(question, corpus_uses(retriever))
    return absent if len(absent) >= MIN_ABSENT and 2 * len(absent) > known else []


def is_answerable(question: str, hits: list[Hit], retriever, settings) -> bool:
    """The calibrated abstention rules (answer.py's docstring and README "Quality")."""
    if not hits:
        return False
    top = max(h.dense for h in hits)
    if is_latin(question):
        return top >= settings.min_score_crosslingual and not absent_english(question, retriever, settings.min_term_chars)
    return (top >= settings.min_score and coverage(question, hits, retriever) >= settings.min_coverage
            and not missing_terms(question, retriever, settings.min_term_chars))


def answer_type(question: str) -> str:
    """'date' | 'number' | 'name' | 'place' | '' — what kind of value the question asks for, in simplified or
    traditional characters (folded first: 誰 → 谁, 哪裡 → 哪里, 幾 → 几)."""
    folded = fold(question)
    for kind, pattern in (("date", _DATE_Q), ("number", _NUMBER_Q), ("name", _WHO_Q), ("place", _WHERE_Q)):
        if pattern.search(folded):
            return kind
    return ""


@lru_cache(maxsize=TYPE_CACHE)
def has_type(kind: str, text: str) -> bool:
    """Whether `text` holds a value of the asked-for kind (names: a person or organisation by jieba's tagger);
    the text is folded first as for BM25 (lexical.fold): traditional to simplified (縣 → 县, 經理 → 经理) and NFKC,
    so full-width and circled digits count as digits (１２ → 12, ① → 1)."""
    text = fold(text)
    if kind == "number":
        return bool(_NUMBER.search(text))
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "place":
        return bool(_PLACE.search(text)) or _has_tag(text, ("ns",))
    if kind == "name":
        return _has_tag(text, ("nr", "nt", "nz")) or bool(_ROLE.search(text))
    return True


def _has_tag(text: str, tags: tuple[str, ...]) -> bool:
    from jieba import posseg

    return any(flag.startswith(tags) for _, flag in posseg.lcut(text))
