"""Short forms in a question read as the corpus phrase they shorten: 「全马」 → 「全程马拉松」, 「违停」 → 「违法停车」.

Consumes: the question and the retriever (its chunks' text, its lexicon's jieba tokenizer and tagger, and spelling.py's
corpus index: which character pairs the corpus writes, its folded text). Produces: `expanded(question, retriever)` →
(the question with each short form replaced by its phrase, [(short form, phrase)]), which the bot searches and answers
with, and names in a notice as it does a typo's correction.
Why: people shorten a long name by the first character of each of its words (全程马拉松 → 全马, 社会保险 → 社保, 专业型硕士
→ 专硕, 屏幕碎裂 → 屏碎); the short form is in no passage, so BM25 misses it and the answer step reads it as a detail the
documents lack (breakers BB and CC: 6 of 9 questions on 全马 or 半马 failed; AQ: 违停 five times).
Rule: a stretch of the question of 2–4 Chinese characters inside one word of jieba's HMM cut or its tagger's (半马, which
the tagger cuts 半|马), that jieba's dictionary lacks or tags j (an abbreviation: 社保), that no passage writes, and whose characters
are, in order, the first characters of as many consecutive words of one phrase the corpus writes, each of two
characters or more (a four-character dictionary word counts as its two halves when both are words: 自学考试 → 自学|考试;
a last numeral written as a word of its own wins: 科一 → 科目一, not 科目一次, breaker DK, session 58),
in exactly one way across the corpus; not when the word breaks a character pair the corpus writes as a word at its
edge (临江县公租房's HMM word 县公: 公 belongs to the corpus's 公租房) or one jieba's dictionary holds inside the same
HMM word (没人住's 人住 beside 没人, which a heating corpus read as 人员住宅, session 54; not 全马|赛事's 马赛), nor when it
holds a function or question word; of two that overlap, the one whose phrase the corpus writes more often (报|全马:
全程马拉松, not 报全's 报名全程).
Measured on the breakers' tune questions before it was built (session 47): the rule's words were all short forms (全马,
半马, 社保, 违停, 专硕, 身障, 美本, 屏碎, 补费, 填错, 学平(险)); without its dictionary test 同学 became 同一学年 and 开门 开药门诊.
Shortcuts: one regex pass over the corpus text per candidate (the characters in order, at most GAP apart: about 2 ms on
CMRC's 180,000 characters, linear in the corpus), and only the first MAX_RUNS runs of Chinese characters it finds are
cut and read; a short form that shortens two phrases (社保: 社会保险 and 社会保障) is left alone; jieba's dictionary
decides what a word is.
"""
from __future__ import annotations

import re

from .lexical import fold
from .numerals import ORDINAL_CHARS
from .spelling import _FUNCTION as _TYPO_FIXED, _bound, _corpus_index, _written

MAX_RUNS = 400   # stretches of the corpus cut per short form (a short form's characters in order in one stretch)
GAP = 6          # characters a word of the phrase may run past its first (专业型|硕士: 2; 全程|马拉松: 1)
_HAN = re.compile(r"[\u4e00-\u9fff]+")
# characters no short form holds: those a typo's correction never changes (spelling.py: function, pointing and question
# words, 这算, 那家, 几点) and modal or distributive ones (能, 要, 每, 各)
_FUNCTION = _TYPO_FIXED | set("能要会可该每各")


def _words(run: str, tokenizer) -> list[str]:
    """jieba's dictionary words of `run` (no HMM guesses), a four-character word as its two halves when both are words."""
    out = []
    for w in tokenizer.lcut(run, HMM=False):
        halves = len(w) == 4 and tokenizer.FREQ.get(w[:2]) and tokenizer.FREQ.get(w[2:])
        out += [w[:2], w[2:]] if halves else [w]
    return out


def phrases(short: str, text: str, tokenizer) -> set[str]:
    """The phrases of `text` (folded) that `short` shortens: consecutive words of two characters or more, as many as
    `short` has characters, each starting with its character in turn; a last numeral written as a word of its own wins
    (科一: 科目一 over 科目一次).
    Example: phrases("全马", "全程马拉松7:30起跑", t) == {"全程马拉松"}"""
    # the characters in order, at most GAP apart, inside one run of Chinese characters (one regex pass over the text)
    loose = re.compile(f"[\u4e00-\u9fff]{{1,{GAP}}}?".join(map(re.escape, short)))
    found: set[str] = set()
    runs = {}
    for m in loose.finditer(text):
        a = m.start()
        while a > 0 and "\u4e00" <= text[a - 1] <= "\u9fff":
            a -= 1
        runs.setdefault(a, _HAN.match(text, a).group())
        if len(runs) >= MAX_RUNS:
            break
    bare: set[str] = set()   # 科一 is 科目一 (科目|一) where the corpus writes it, not 科目一次 (DK, session 58); 硕二 is 硕士二年级
    for run in runs.values():
        words = _words(run, tokenizer)
        for i in range(len(words) - len(short) + 1):
            seg = words[i:i + len(short)]
            if all(len(w) >= 2 and w[0] == c for w, c in zip(seg[:-1], short)):
                if seg[-1] == short[-1] in ORDINAL_CHARS:
                    bare.add("".join(seg))
                elif len(seg[-1]) >= 2 and seg[-1][0] == short[-1]:
                    found.add("".join(seg))
    return bare or found


def _candidates(question: str, retriever) -> list[tuple[int, str]]:
    """(offset, stretch) of the question's stretches that may be short forms: 2–4 Chinese characters that start and end
    where jieba's dictionary words do, lie inside one word of jieba's HMM cut or of its tagger's (半马, 专硕 in 专硕要, 全马
    in the tagger's 全马要), hold no function character and are no dictionary word, or one tagged j (社保)."""
    tokenizer, tagger = retriever.lexicon.tokenizer(), retriever.lexicon.tagger()
    tokenizer.check_initialized()
    cuts = {edge for _, a, b in tokenizer.tokenize(question, HMM=False) for edge in (a, b)}
    spans = [(a, b) for _, a, b in tokenizer.tokenize(question)]
    at = 0
    for word in (t.word for t in tagger.lcut(question)):
        spans.append((at, at + len(word)))
        at += len(word)
    out = []
    for i in sorted(cuts):
        for n in (2, 3, 4):
            w = question[i:i + n]
            if (len(w) == n and i + n in cuts and _HAN.fullmatch(w) and not set(w) & _FUNCTION
                    and any(a <= i and i + n <= b for a, b in spans)
                    and (not tokenizer.FREQ.get(w) or [t.flag for t in tagger.lcut(w)] == ["j"])):
                out.append((i, w))
    return out


def expanded(question: str, retriever) -> tuple[str, list[tuple[str, str]]]:
    """(`question` with each short form replaced by the one corpus phrase it shortens, [(short form, phrase)]).
    Example (a corpus that writes 全程马拉松 and no 全马): expanded("全马几点起跑", r) == ("全程马拉松几点起跑",
    [("全马", "全程马拉松")])"""
    if not getattr(retriever, "chunks", None):
        return question, []
    _, pairs, text = _corpus_index(retriever)
    tokenizer = retriever.lexicon.tokenizer()
    read = []
    candidates = _candidates(question, retriever)
    words = [(a, b) for _, a, b in tokenizer.tokenize(question)] if candidates else []   # jieba's HMM cut
    for i, short in candidates:
        end = i + len(short)
        edges = ((question[i - 1:i + 1], i - 1, end) if i else ("", i, end), (question[end - 1:end + 1], i, end + 1))
        if _written(short, pairs, text) or any(
                _HAN.fullmatch(e) and len(e) == 2 and (_bound(fold(e), pairs) or tokenizer.FREQ.get(fold(e))
                                                       and any(a <= s and t <= b for a, b in words))
                for e, s, t in edges):
            continue   # 县公|租房: 公租 is a word of the corpus, 县公 no short form; 没人住: one HMM word holding 没人
        found = phrases(fold(short), text, tokenizer)
        if len(found) == 1:
            phrase = found.pop()
            read.append((text.count(phrase), len(short), i, phrase))
    fixes: list[tuple[int, int, str]] = []
    for _, size, i, phrase in sorted(read, reverse=True):   # of two that overlap, the phrase the corpus writes more often:
        if not any(a < i + size and i < b for a, b, _ in fixes):   # 报|全马 → 全程马拉松, not 报全 → 报名全程
            fixes.append((i, i + size, phrase))
    out, pairs_said = question, []
    for a, b, phrase in sorted(fixes, reverse=True):
        pairs_said.append((question[a:b], phrase))
        out = out[:a] + phrase + out[b:]
    return out, pairs_said[::-1]
