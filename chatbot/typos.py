"""A name the question misspelt by one character of the same sound, read as the name the documents write.

Consumes: a word of a question (a place or a name jieba cut from it), the question and a text (a quote, a key cell).
Produces: `misspells(word, text)`, whether the text writes the word with one character changed for another of the
same sound, and `misspelt_in(question, word, texts, tagger)`, the same for the word taken with the one-character jieba
words either side of it in the question, which places.other_place and siblings.unlisted_name read before calling a
name another place or an unlisted sibling.
Why: 「兴龙湖站营业时间」 (breaker CO, session 50): jieba cuts 兴|龙湖|站 and tags 龙湖 a place, so the 兴隆湖站 row was
refused as another place's, then as a station the rows do not list. spelling.corrected fixes a typo only into a corpus
word of the same length, and the corpus cuts 兴隆|湖站.
Shortcuts: sounds are spelling.keys (CC-CEDICT's readings, tones dropped), cached per string; the question's word
must have a stray one-character jieba word beside it (a name jieba knows whole, 苏州 of 苏州|营业部, is that place, not
a typo of 宿州, as spelling.corrected reads it).
"""
from __future__ import annotations

from functools import lru_cache

from .lexical import fold
from .spelling import keys


def misspells(word: str, text: str) -> bool:
    """Whether the folded `text` writes `word` with one character changed for another of the same sound (`keys`): 龙湖
    in 「兴隆湖站」 (breaker CO, session 50). It reads no question: `misspelt_in` does, for places.other_place and
    siblings.unlisted_name."""
    sounds, n = _sounds(word), len(word)
    return bool(sounds) and n >= 2 and any(sum(a != b for a, b in zip(text[i:i + n], word)) == 1
                                           and sounds & _sounds(text[i:i + n]) for i in range(len(text) - n + 1))


def misspelt_in(question: str, word: str, texts, tagger) -> bool:
    """Whether `word` (a place or name of the folded `question`, as jieba cut it), taken with the one-character jieba
    words either side of it (兴|龙湖|站 → 兴龙湖站), `misspells` what one of `texts` writes (the question is cut once
    for all of them: siblings.unlisted_name passes every key cell): the question split the name it
    misspelt. Without such a stray character there is no typo to read: 苏州|营业部 names 苏州, not 宿州 (a name jieba
    knows whole is that place, as spelling.corrected reads 宿州 as no typo of 苏州)."""
    q = fold(question)
    at = q.find(word)
    if at < 0:
        return False
    spans, i = [], 0
    for piece in tagger.cut(q):
        spans.append((i, i + len(piece.word)))
        i += len(piece.word)
    lo = next((a for a, b in spans if b == at and b - a == 1), at)
    hi = next((b for a, b in spans if a == at + len(word) and b - a == 1), at + len(word))
    return (lo, hi) != (at, at + len(word)) and any(misspells(q[lo:hi], text) for text in texts)


@lru_cache(maxsize=1 << 16)
def _sounds(word: str) -> frozenset:
    """`keys(word)` as a set, cached: misspells reads the same key cells for every row a question is checked against."""
    return frozenset(keys(word))
