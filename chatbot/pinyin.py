"""Chinese names an English question writes in pinyin (Binjiang → 滨江分馆), read with pypinyin.

Consumes: the corpus's BM25 vocabulary (the folded jieba tokens of its chunks) and a question's Latin words.
Produces: `romanized(vocabulary)`, the toneless pinyin of the vocabulary's words read from their start (how an English
question writes a Chinese name: crosslingual.unknown_names), and `pinyin_names(question, vocabulary)`, the vocabulary
words a question's Latin word, or two neighbouring ones (Qingchuan Yuan → 晴川苑, Li Na → 李娜), spells from their
start: search terms for the BM25 side and the Chinese rendering of an English question (retrieve.Retriever.translated).
Why: CC-CEDICT renders the English words of 「What is the phone number of the Binjiang branch library?」 (phone number →
电话, library → 图书馆) but not the name, which is what picks one branch's row among its siblings; six breakers' sets
asked so, and every one quoted another branch (README, session 48).
Shortcuts: pypinyin's phrase readings, without tones; ü is spelt both v (pypinyin's lv) and u (lu, as English writes
it); a spelling is a word's first two or more syllables, never a run inside a word (内心独白 would spell Dubai). A Latin
word is read as a name when it is capitalised after the question's first word (Haicheng, although CC-CEDICT glosses
海城 so; Beijing, which CC-CEDICT renders too), else only when CC-CEDICT has no English word of that form (binjiang, not
branch); never when the corpus writes it in Latin letters. Of the words a spelling starts (滨江 → 滨江, 滨江区, 滨江分馆,
滨江路), NAME_WORDS are kept, those it spells whole first, then the shortest: jieba keeps 滨江区 whole, so 滨江 alone
misses its rows (session 49's tune probe: 滨江 alone lost four first citations, among them Xiaoshan and Xishan), though
a sibling row's 滨江路 can then match too. A name jieba cuts apart (云|顶峰, 白桦|谷: it knows 顶峰 and 白桦) counts when a
Latin word spells all of it and no corpus word (`split_names`, `whole_spellings`; breaker DE, session 56: Yundingfeng
found nothing, so the 云顶峰 rows were not searched); it is searched by its pieces.
"""
from __future__ import annotations

import re

from .cedict import LATIN, PINYIN_POS, gloss_table, lemma

ROMANIZED_CACHE = 8   # vocabularies whose spellings are kept (one per loaded index; each entry holds its vocabulary)
_spellings: dict[int, tuple[object, dict[str, tuple[tuple[str, ...], tuple[str, ...]]]]] = {}
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_APOSTROPHE = re.compile(r"['’]")   # Xi'an → xian
_PAIR_STOP = {"an", "he", "me", "we", "be", "de", "le", "ma", "na", "ba"}   # English words before a name: not its surname
NAME_WORDS = 3        # corpus words kept per spelling: those it spells whole, then the shortest it starts (滨江, 滨江区 …)


def split_names(texts, tokenizer) -> dict[str, tuple[str, ...]]:
    """{name: its pieces} of the names jieba cuts apart in `texts` (see the module docstring): 2–3 neighbouring pieces
    of jieba's precise cut inside one run of Han characters, one of them a single character and none a function word
    (的, 与, 到 …), 3–4 characters together. Example: split_names(["云顶峰雪场"], tokenizer) == {"云顶峰": ("云", "顶峰")}
    where jieba cuts 云 | 顶峰 | 雪场 (顶峰雪场 holds no single character)."""
    out: dict[str, tuple[str, ...]] = {}
    for text in texts:
        for run in _CJK_RUN.findall(text):
            pieces = tokenizer.lcut(run) if len(run) >= 3 else []
            for i in range(len(pieces) - 1):
                for parts in (pieces[i:i + 2], pieces[i:i + 3]):
                    name = "".join(parts)
                    if 3 <= len(name) <= 4 and any(len(t) == 1 for t in parts) and not any(t in _FUNCTION for t in parts):
                        out[name] = tuple(parts)
    return out


_FUNCTION = set("的地得了着过与和及或在到请按仅无是为有对由从向把被给让每各该此其等并且而之以于也都就还再又")
_whole: dict[int, tuple[object, dict[str, tuple[str, ...]]]] = {}


def whole_spellings(names) -> dict[str, tuple[str, ...]]:
    """Toneless pinyin of each name of `names` (split_names), whole only (云顶峰 → yundingfeng, not yunding): a question's
    Latin word must spell all of a name jieba cut apart. Cached per `names` object."""
    hit = _whole.get(id(names))
    if hit is not None and hit[0] is names:
        return hit[1]
    from pypinyin import lazy_pinyin

    table: dict[str, set[str]] = {}
    for name in names:
        spelt = "".join(y.lower() for y in lazy_pinyin(name))
        for key in {spelt, spelt.replace("v", "u")}:
            table.setdefault(key, set()).add(name)
    out = {key: tuple(sorted(v)) for key, v in table.items()}
    if len(_whole) >= ROMANIZED_CACHE:
        _whole.clear()
    _whole[id(names)] = (names, out)
    return out


def spellings(vocabulary) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Toneless pinyin (lower case, no spaces) of the first 2+ syllables of every Chinese run of the vocabulary's words →
    (the words it spells whole, the other words it starts, shortest first): 滨江 → (("滨江",), ("滨江区", "滨江分馆")); a ü
    both ways (旅顺 → lvshun, lushun). Built once per vocabulary, which must not change afterwards (about 1 s for 20,000
    words)."""
    hit = _spellings.get(id(vocabulary))
    if hit is not None and hit[0] is vocabulary:
        return hit[1]
    from pypinyin import lazy_pinyin

    found: dict[str, set[str]] = {}
    whole: dict[str, set[str]] = {}
    for word in vocabulary:
        if word.isascii():
            continue
        for run in _CJK_RUN.findall(word):
            syllables = [y.lower() for y in lazy_pinyin(run)]
            for j in range(2, len(syllables) + 1):
                spelt = "".join(syllables[:j])
                for key in {spelt, spelt.replace("v", "u")}:   # 旅顺: lvshun and lushun
                    found.setdefault(key, set()).add(word)
                    if j == len(syllables) and run == word:
                        whole.setdefault(key, set()).add(word)
    table = {key: (tuple(sorted(whole.get(key, ()))), tuple(sorted(words - whole.get(key, set()), key=lambda w: (len(w), w))))
             for key, words in found.items()}
    if len(_spellings) >= ROMANIZED_CACHE:
        _spellings.clear()
    _spellings[id(vocabulary)] = (vocabulary, table)
    return table


def romanized(vocabulary) -> frozenset[str]:
    """The toneless pinyin (lower case, no spaces) of the vocabulary's Chinese words and of their first 2+ characters
    (瑞慈体检中心 → ruici, ruicitiji…, ruicitijianzhongxin; 厦门 → xiamen, read as a phrase): how an English question
    writes a Chinese name. Only a word's start: a run inside a word spells too many English names (内心独白 → dubai,
    吉林大学 → linda); only its Chinese characters (iphone手机 → shouji)."""
    return frozenset(spellings(vocabulary))


def pinyin_names(question: str, vocabulary, table=None, split=None) -> list[str]:
    """The vocabulary words the question's Latin words spell in pinyin, in question order, without repeats: two
    neighbouring words together first (Qingchuan Yuan → 晴川苑, Li Na → 李娜), then one (Binjiang → 滨江); of the words
    a spelling starts, NAME_WORDS: those it spells whole, then the shortest. Which words are read: see the module
    docstring (`table`, the CC-CEDICT gloss table). Empty for a question without Latin letters.

    Example: pinyin_names("Phone of the Binjiang branch?", {"滨江分馆", "滨江", "电话"}, table={"branch": [(0, "分店")]})
    == ["滨江", "滨江分馆"]"""
    question = question.replace("ü", "u").replace("Ü", "U")
    found = [(m.start() > 0 and m.group()[:1].isupper(), _APOSTROPHE.sub("", m.group()).lower())
             for m in LATIN.finditer(question)]
    if not found:
        return []
    from .lexical import fold

    table = gloss_table() if table is None else table
    names = spellings(vocabulary)

    def readable(capital: bool, w: str, least: int = 3) -> bool:
        if not w.isalpha() or len(w) < least or fold(w) in vocabulary:
            return False   # written in Latin letters
        return capital or not any(pos != PINYIN_POS for pos, _ in table.get(lemma(w), ()))

    out: list[str] = []
    i, pieces, whole = 0, None, None
    while i < len(found):
        pair = found[i][1] + found[i + 1][1] if i + 1 < len(found) else ""
        if pair in names and found[i][1] not in _PAIR_STOP and readable(*found[i], 2) and readable(*found[i + 1], 2):
            key, i = pair, i + 2
        elif readable(*found[i]) and found[i][1] in names:
            key, i = found[i][1], i + 1
        else:   # … or a name jieba cut apart that the word spells whole (`split`: the names, or a callable giving them)
            if split is not None and readable(*found[i]):   # … searched by its pieces (云, 顶峰: BM25's tokens)
                if whole is None:
                    pieces = split() if callable(split) else split
                    whole = whole_spellings(pieces)
                out.extend(p for w in whole.get(found[i][1], ())[:NAME_WORDS] for p in pieces[w] if p not in out)
            i += 1
            continue
        spelt, started = names[key]
        out.extend(w for w in (spelt + started)[:NAME_WORDS] if w not in out)
    return out
