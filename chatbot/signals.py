"""Signals of a question and a candidate quote, shared by the answer step and the abstention deciders.

Consumes: question and quote texts, the ranked `Hit`s and the retriever (its lexicon, chunk tokens and
vocabulary). Produces: character bigrams and a quote's novelty (the answer types are in answertype.py),
the Latin-script test, word coverage of the top passages, the question's nouns the corpus never uses
(`missing_terms`) and its English words whose dictionary renderings it never uses (`absent_english`), how
much of an English question the dictionary renders into the corpus's words (`english_topic`: an off-topic
English question, the weather or another company's product, renders into few of them), and the calibrated abstention rules (`is_answerable`: best cosine, coverage, unknown nouns, and a lower
cosine bar for Latin-script questions; README "Quality").
Used by answer.py (ranking, second quotes, the rules) evidence.py (features) and answerability.py (the fallback).
Shortcut: an English word of a question counts as written by the corpus when it occurs there as a whole term with
marks between its letters and spaces only next to a digit (wifi in Wi-Fi, wifi6 in Wi-Fi 6): a search of the
lower-case corpus text kept per retriever.
"""
from __future__ import annotations

import re
import weakref
from functools import lru_cache

import numpy as np

from .cedict import gloss_table, lemma, phrase_renderings
from .crosslingual import absent_terms, chinese_terms
from .lexical import fold, in_context
from .ranges import is_condition
from .retrieve import Hit

# the head of a wh-phrase names the kind of answer, not a term the text must contain: 哪个部门 → 部门, 什么时候 → 时候
_WH_HEAD = re.compile(r"(?:哪个|哪一个|哪些|哪家|哪位|哪种|哪类|哪项|什么|啥|多少|几)([\u4e00-\u9fff]{1,2})|(多[重高大长久远宽厚深少])")
CANDIDATE_PASSAGES = 3       # clauses are drawn from this many top passages (answer.py)
MIN_ABSENT = 2               # English words with no rendering in the corpus that make a question unknown (absent_english)
_CHAR = re.compile(r"[\w\u3400-\u9fff]")
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
    the corpus never uses: what the question is about is not in the documents.
    Not missing: a quantity the question asks for (几公斤, 多少小时: answertype.py reads its unit), a quantity written
    with a Chinese numeral (一个月, 三百块, 一部分: documents often write it in digits, 1个月, and it names no topic) or
    an ordinal count (第一次, 第二天; not 第二期),
    and an English word (of any question) that the corpus writes with marks or spaces (wifi → Wi-Fi, wifi6 → Wi-Fi 6)
    or renders as one of its CC-CEDICT headwords (usage → 用量)."""
    if min_chars <= 0:
        return []
    nouns = retriever.lexicon.content_nouns(question)
    asked = asked_nouns(question, nouns)
    missing = sorted(w for w in nouns if len(w) >= min_chars and w not in retriever.vocabulary and w not in asked
                     and not _ASKED_QUANTITY.match(w) and not _NUMERAL_QUANTITY.match(w) and not is_condition(w, question))
    return [w for w in missing if not (w.isascii() and w.isalnum() and not w.isdigit() and _written_otherwise(w, retriever))]


_ASKED_QUANTITY = re.compile(r"几|多少")
# a Chinese numeral and a measure word (一个月, 三百块, 两年, 十几天, 一部分, 一刻钟, 百分之五十), not a word that starts
# with one (一体化, 三明治); an ordinal of a count or a time (第一次, 第二天, 第三年: documents write 首次, 次日, 满2年), not
# of a period or an edition that names what is asked (第四季度, 第二期, 第三届: series.py compares those)
_NUMERAL_QUANTITY = re.compile(r"(?:[零〇一二两三四五六七八九十百千万亿半]+[多几余]?个?(?:部分|小时|分钟|刻钟|公里|公斤|周岁|周年|月份|[个块元条次天日月年周"
                               r"岁份点分名位家台件张项种类层级倍号期届批趟遍回成折秒米斤吨人步])|百分之[零〇一二两三四五六七八九十百]+"
                               r"|第[一二两三四五六七八九十百]+(?:个?(?:小时|星期|礼拜)|[次天日年周回遍步轮])?)$")
# what may stand between two characters of a Latin term as the corpus writes it: a mark between letters (Wi-Fi), also a
# space between a letter and a digit (Wi-Fi 6, USB 3.0), or after a digit before a letter (4K 屏); nothing inside a number
_LATIN_MARKS = {(True, True): r"[\-_.·/]*", (True, False): r"[\s\-_.·/]*", (False, True): r"[\s\-_·/]*", (False, False): ""}
_corpus_lower: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_corpus_vocabulary: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_short_forms: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _lower_text(retriever) -> str:
    """The corpus's passage text in lower case, built once per retriever."""
    text = _corpus_lower.get(retriever)
    if text is None:
        text = _corpus_lower[retriever] = "\n".join(c.embed_text for c in retriever.chunks).lower()
    return text


def _written_otherwise(word: str, retriever) -> bool:
    """Whether the corpus has the English `word` (lower case) as a whole term, with marks between its letters and
    spaces only next to a digit (wifi in 「2.4GHz Wi-Fi」, wifi6 in Wi-Fi 6; not "art" inside "start", "isa" in
    "this is a", v12 in V1.2, nor two terms joined across Chinese text), or one of its CC-CEDICT renderings of two
    or more characters."""
    return re.search(_term_pattern(word), _lower_text(retriever)) is not None or bool(chinese_terms(word, retriever.vocabulary))


@lru_cache(maxsize=1024)
def _term_pattern(word: str) -> str:
    """The regular expression of `_written_otherwise` for a lower-case Latin term (letters and digits only)."""
    first = re.escape(word[0])
    rest = "".join(_LATIN_MARKS[a.isalpha(), b.isalpha()] + re.escape(b) for a, b in zip(word, word[1:]))
    # the lookbehind follows the first character, so the search skips ahead to it (placed before, every position is tried)
    return rf"{first}(?<![a-z0-9]{first}){rest}(?![a-z0-9])"


# a term may open with digits glued to its letters (530Li, 4K: breaker AE, session 38: 「宝马530Li…」 looked for li alone,
# which the corpus writes only inside 530Li, so every question naming the car was refused)
_HAN_CHAR = re.compile(r"[\u4e00-\u9fff]")
FEW_SENSES = 4   # an English word CC-CEDICT renders at most this many ways is read by any rendering (latin_share)
_PLACE = "[厅店馆间室屋吧所站处]"   # a place's ending: 咖啡店 and 咖啡厅 are the same place
_LATIN_TERM = re.compile(r"(?<![A-Za-z0-9])\d*[A-Za-z][A-Za-z0-9]*(?:[-_.·/][A-Za-z0-9]+)*")


def latin_share(question: str, texts: list[str], vocabulary=frozenset()) -> float:
    """Share of the question's Latin terms (two or more characters, marks dropped: Wi-Fi → wifi, VPN, XR-200 → xr200,
    V1.2 → v1.2) that one of `texts` (folded: ＶＰＮ → vpn) writes, as a whole term the way `_written_otherwise` finds
    one, or through one of its CC-CEDICT renderings that `vocabulary` has (leave → 休假: crosslingual.chinese_terms), or
    with a vocabulary, one of a phrase key's it writes (parking → 停车场: cedict.phrase_renderings);
    0.0 when it has none. For a Chinese question with Latin words (answerability's `mixed_latin_absent`): one whose
    terms the passages lack (force quit, Slack) is off topic, one whose terms they write (访客Wi-Fi的密码) is about them.
    Example: latin_share("访客Wi-Fi的密码是什么?", ["访客Wi-Fi 密码: Guest@2024"]) == 1.0"""
    found_words = _LATIN_TERM.findall(question)
    words = {}
    for i, w in enumerate(found_words):
        # marks dropped, except a point between digits (V1.2 stays v1.2: _term_pattern allows nothing inside a number)
        key = re.sub(r"(?<![0-9])[^a-z0-9]|[^a-z0-9.](?=[0-9])|\.(?![0-9])", "", w.lower())
        if len(key) >= 2:   # the word, and the phrases with its neighbours (annual leave → 年假)
            words.setdefault(key, [w] + [" ".join(found_words[j:j + 2]) for j in (i - 1, i) if 0 <= j < len(found_words) - 1])
    if not words:
        return 0.0
    folded = [fold(t) for t in texts]

    def found(key: str, phrases: list[str]) -> bool:
        if any(re.search(_term_pattern(key), x) for x in folded):
            return True
        renderings = {r for p in phrases for r in chinese_terms(p, vocabulary, per_word=3)} if vocabulary else set()
        # a word CC-CEDICT glosses only inside a phrase: parking of 「parking lot」 停车场, coach of 「sports coach」 教练
        renderings |= {r for p in phrases if vocabulary and " " not in p for r in phrase_renderings().get(lemma(p), ())}
        # a two-character rendering also as the text's three-character form (年假 in 年休假, as corpus_uses reads it);
        # a one-character one as the head of a word (ticket → 票 of 早场票, price → 价 of 平日价: breaker AF, session 38:
        # 「游泳馆早场ticket平日多少钱？」 was refused over the 早场票 row)
        senses = [[fold(w) for _, w in gloss_table().get(lemma(p), ())] for p in phrases]
        heads = ["[\u4e00-\u9fff]" + re.escape(w) for ws in senses for w in ws if len(w) == 1 and _HAN_CHAR.match(w)]
        # with a vocabulary, a word of few senses also by any two-character rendering the passages write and a place's stem
        # (咖啡店 → 咖啡厅; AG, EB, session 64: 「馆里有café吗」, 「储值卡top up…」 were refused; not 出租车 → 出租: the review)
        few = [w for ws in senses if len(ws) <= FEW_SENSES for w in ws] if vocabulary else []
        renderings |= {w for w in few if len(w) == 2}
        heads += [re.escape(w[:2]) + _PLACE for w in few if len(w) == 3 and re.fullmatch(_PLACE, w[2]) and _HAN_CHAR.match(w)]
        return any(r in x or len(r) == 2 and re.search(re.escape(r[0]) + "[\u4e00-\u9fff]" + re.escape(r[1]), x)
                   for r in renderings for x in folded) or any(re.search(h, x) for h in heads for x in folded)
    return sum(found(k, p) for k, p in words.items()) / len(words)


def corpus_uses(retriever):
    """term → whether the corpus uses it: an English word as one of its BM25 tokens; a Chinese term as a token,
    inside one (班车 in 班车时刻表), or anywhere in the passages' text, simplified or traditional (年假 where jieba
    split 带薪年假 into 年 and 假); a two-character term also as the short form of a three-character token with one
    more character inside (年假 of 年休假: CC-CEDICT renders "annual leave" as 年假; a token that is another word,
    天然气 for 天气, counts too: the rule cannot tell them apart). The joined vocabulary, the
    lower-case text (shared with `_written_otherwise`) and the short forms are built once per retriever (a copy of
    the corpus's text in memory; each lookup scans it)."""
    vocabulary = retriever.vocabulary
    joined = _corpus_vocabulary.get(retriever)
    if joined is None:
        joined = _corpus_vocabulary[retriever] = "\n".join(sorted(vocabulary))
    short = _short_forms.get(retriever)
    if short is None:
        short = _short_forms[retriever] = {w[0] + w[2] for w in vocabulary if len(w) == 3 and not w.isascii()}
    text = _lower_text(retriever)

    def uses(term: str) -> bool:
        if term in vocabulary:
            return True
        if term.isascii():
            return False
        import zhconv

        forms = dict.fromkeys((term, zhconv.convert(term, "zh-hant")))
        return any(t in joined or t in text or t in short for t in forms)
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


ENGLISH_TOPIC = ("latin_rendered", "latin_terms_top", "latin_absent", "latin_gloss_clause")


def english_topic(question: str, retriever, cand: list, clause_vecs: list, terms: list[str]) -> dict[str, float]:
    """The ENGLISH_TOPIC features of a Latin-script question (answerability.FEATURES; all 0.0 for another): the share
    of its content phrases the dictionary renders into words the corpus uses (Retriever.gloss), the best share of
    those renderings (`terms`, Retriever.translated) in one of the top passages `cand` (Hits, in their context), its
    words rendered nowhere per word the dictionary or corpus knows (crosslingual.absent_terms), and the rendering's
    best cosine to the top passages' clauses (`clause_vecs`, each (n_i, d)): one more query embedding."""
    if not is_latin(question):
        return dict.fromkeys(ENGLISH_TOPIC, 0.0)
    contexts = [fold(in_context(h.chunk)) for h in cand] if terms else []
    absent, known = absent_terms(question, corpus_uses(retriever))
    rendering, rendered = retriever.gloss(question)
    encode = getattr(retriever, "encode_queries", None) if rendering else None
    gloss_vec = encode([rendering])[0].reshape(-1) if encode is not None else None
    gloss_clause = (float((np.concatenate(clause_vecs) @ gloss_vec).max())
                    if gloss_vec is not None and sum(map(len, clause_vecs)) else 0.0)
    return {"latin_rendered": rendered,
            "latin_terms_top": max((sum(t in c for t in terms) / len(terms) for c in contexts), default=0.0),
            "latin_absent": len(absent) / max(known, 1), "latin_gloss_clause": gloss_clause}
