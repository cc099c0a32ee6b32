"""A Chinese question's English words read as the Chinese words the corpus writes for them.

Consumes: a question and the retriever (its BM25 vocabulary and passage text). Produces: `rendered(question,
retriever)` → (the question with each English word or phrase the corpus never writes replaced by its first CC-CEDICT
rendering that the corpus uses, [(english, chinese)]): 「律师专家坐席需要提前 booking 吗？」 → 「律师专家坐席需要提前预约吗？」,
[("booking", "预约")]. bot.py asks the rewritten question and says so in the notice, as for a typo (spelling.py).
Why: a mixed question was searched by its Chinese words alone (Retriever.gloss renders English questions only) and the
answerability model's `mixed_latin_absent` refused it when the top passages did not write its English word, although
they wrote the Chinese one: breakers BJ and BN (session 43) lost all six of their mixed questions, 「市法律援助中心的
address 是哪里？」 among them, with the answer ranked first.
Shortcuts: only a question with at least as many Han characters as Latin letters (「月租 locker 在哪个区」: breaker BQ); only words of letters (XR-200, V3.2, 64GB,
Q3 are codes and stay); a word the corpus writes (VPN, Harbor, Wi-Fi for wifi: signals._written_otherwise's pattern)
stays; the rendering is the dictionary's first of two or more characters that the corpus uses (chinese_terms), so a
word with a rendering the corpus uses in another sense is read in that sense (schedule → 调度); when one English word
has no rendering the corpus uses, the question stays as asked (rendering the others made it look further off:
「去Korea的五年多次visa一共多少钱？」 was refused once visa was read as 签证).
"""
from __future__ import annotations

import re

from .crosslingual import chinese_terms, english_phrases
from .cedict import gloss_table
from .signals import _lower_text, _term_pattern

_HAN = re.compile(r"[\u4e00-\u9fff]")
_ASCII_LETTER = re.compile(r"[A-Za-z]")
# a run of English words (letters, an apostrophe or a hyphen inside), not touching a digit or another Latin letter
_RUN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z'\-]*(?:[ \t]+[A-Za-z][A-Za-z'\-]*)*(?![A-Za-z0-9])")


def rendered(question: str, retriever) -> tuple[str, list[tuple[str, str]]]:
    """(`question` with its English words in the corpus's Chinese, [(the English as asked, its rendering)]); the question
    unchanged and [] when it is not mostly Chinese, has no English word, or the corpus writes or renders none of them.
    Each run of English words is rendered phrase by phrase (crosslingual.english_phrases: "feature branch" → 分支 for
    branch, feature has no rendering the corpus uses and is dropped only when another word of the run is rendered)."""
    if len(_HAN.findall(question)) < len(_ASCII_LETTER.findall(question)):   # English (Retriever.gloss renders it whole)
        return question, []
    vocabulary, text = retriever.vocabulary, None
    out, fixes, at = [], [], 0
    for m in _RUN.finditer(question):
        run = m.group(0)
        words = [re.sub(r"[^a-z]", "", w.lower()) for w in run.split()]
        text = _lower_text(retriever) if text is None else text
        if any(len(w) >= 2 and re.search(_term_pattern(w), text) for w in words):
            continue   # a word the corpus writes: the run is one of its names (Harbor, GameDay)
        terms = [t for p in english_phrases(run, gloss_table()) for t in chinese_terms(p, vocabulary)[:1]]
        if not terms:   # one word left in Latin letters the corpus never writes: the question is judged as asked (its
            return question, []   # other words rendered, that one alone would make it look further off: 去Korea的…visa)
        chinese = "".join(dict.fromkeys(terms))
        before = question[at:m.start()]
        out += [before.rstrip(" \t") if re.search(r"[\u4e00-\u9fff][ \t]+$", before) else before, chinese]
        at = m.end()   # 「提前 booking 吗」: the spaces around an English word go with it
        at += len(re.match(r"(?:[ \t]+(?=[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]))?", question[at:]).group(0))
        fixes.append((run, chinese))
    if not fixes:
        return question, []
    return "".join(out) + question[at:], fixes
