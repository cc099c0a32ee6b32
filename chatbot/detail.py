"""A detail the quote ignores: a word of the question that, left out, brings the question nearer the quote.

Consumes: the question (as answered: typos already read as the corpus's words), the quote about to be
given (its hit and span) with the text that names it (series.passage_text: file name, headings, the quote), the
retriever's lexicon (jieba's dictionary) and its encoders of queries and passages (`Retriever.encode_queries`,
`encode_passages`).
Produces: `ignored(...)`, the (word, gain) of the dictionary word of the question that the quote's text lacks and whose
removal raises the question's cosine to the quote the most, when that gain exceeds GAIN; else None. answer.py abstains
then: 「4D影院的军人票多少钱？」 over the 4D影院 price row that has no 军人 price, 「滨湖网球中心停车怎么收费？」 over the
centre's opening hours.
Why the embedding and not the word alone: a paraphrase also leaves words out of the quote (「礼拜天」 for 周日, 「红包」 for
礼金), but there the word carries the question to the quote, so leaving it out lowers the cosine; a detail the documents
lack carries the question away from every passage, so leaving it out raises the cosine to the one quoted.
Shortcuts: two encoder calls per question that reaches this check with a missing word (the quote as a passage; the
question and at most MAX_WORDS variants, each with that word's first occurrence deleted, as queries). The quote's
vector is a new embedding: the normalised sum of its clauses' stored vectors separated near misses from answers far
worse on tune (session 53); words of one Han character, Latin words, numbers and the STOPWORDS /
QUESTION_WORDS are never details.
Source of GAIN: bench/tune_probe.py on the tune sets, session 53 (README "Quality").
"""
from __future__ import annotations

import re

import numpy as np

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
