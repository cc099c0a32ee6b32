"""Chinese names an English question writes in pinyin (Binjiang → 滨江分馆), read with pypinyin.

Consumes: the corpus's BM25 vocabulary (the folded jieba tokens of its chunks) and a question's Latin words.
Produces: `romanized(vocabulary)`, the toneless pinyin of the vocabulary's words read from their start (how an English
question writes a Chinese name: crosslingual.unknown_names), and `pinyin_names(question, vocabulary)`, the vocabulary
words a question's Latin word, or two neighbouring ones (Qingchuan Yuan → 晴川苑), spells from their start: search terms
for the BM25 side and the Chinese rendering of an English question (retrieve.Retriever.translated).
Why: CC-CEDICT renders the English words of 「What is the phone number of the Binjiang branch library?」 (phone number →
电话, library → 图书馆) but not the name, which is what picks one branch's row among its siblings; six breakers' sets
asked so, and every one quoted another branch (README, session 48).
Shortcuts: pypinyin's phrase readings, without tones, ü written u (lü → lu, as English writes it); a spelling is a word's
first two or more syllables, never a run inside a word (内心独白 would spell Dubai); a Latin word is read as a name only
when CC-CEDICT has no English word of that form (a name CC-CEDICT glosses, Beijing, is crosslingual.chinese_terms's) and
the corpus does not write it in Latin letters. A spelling is shared by every word it starts (滨江 → 滨江, 滨江分馆,
滨江路): the shortest NAME_WORDS of them are kept, the word the spelling is whole first.
"""
from __future__ import annotations

import re

from .cedict import LATIN, gloss_table, lemma

ROMANIZED_CACHE = 8   # vocabularies whose spellings are kept (one per loaded index; each entry holds its vocabulary)
NAME_WORDS = 3        # vocabulary words kept per spelling (滨江, 滨江分馆, 滨江路 …)
_spellings: dict[int, tuple[object, dict[str, tuple[str, ...]]]] = {}
_CJK_RUN = re.compile(r"[\u3400-\u9fff]{2,}")
_APOSTROPHE = re.compile(r"['’]")   # Xi'an → xian


def spellings(vocabulary) -> dict[str, tuple[str, ...]]:
    """Toneless pinyin (lower case, no spaces) of the first 2+ syllables of every Chinese run of the vocabulary's
    words → those words, the words it spells whole first, then the shorter first (瑞慈体检中心 → ruici, ruicitiji, …).
    Built once per vocabulary, which must not change afterwards (about 1 s for 20,000 words)."""
    hit = _spellings.get(id(vocabulary))
    if hit is not None and hit[0] is vocabulary:
        return hit[1]
    from pypinyin import lazy_pinyin

    found: dict[str, set[str]] = {}
    whole: set[tuple[str, str]] = set()
    for word in vocabulary:
        if word.isascii():
            continue
        for run in _CJK_RUN.findall(word):
            syllables = [y.lower().replace("v", "u") for y in lazy_pinyin(run)]
            for j in range(2, len(syllables) + 1):
                key = "".join(syllables[:j])
                found.setdefault(key, set()).add(word)
                if j == len(syllables) and run == word:
                    whole.add((key, word))
    table = {key: tuple(sorted(words, key=lambda w: ((key, w) not in whole, len(w), w))) for key, words in found.items()}
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


def pinyin_names(question: str, vocabulary, table=None) -> list[str]:
    """The vocabulary words the question's Latin words spell in pinyin, in question order, without repeats: two
    neighbouring words together first (Qingchuan Yuan → 晴川苑, Zhang Wei → 张伟), then one (Binjiang → 滨江, 滨江分馆),
    at most NAME_WORDS per spelling. A capitalised word after the first is read as a name (Haicheng, although
    CC-CEDICT glosses 海城 so); another word only when CC-CEDICT (`table`, the gloss table) has it as no English word
    (binjiang, not branch or yuan); neither when the corpus writes it in Latin letters. A pair only when its first word
    is read. Empty for a question without Latin letters.

    Example: pinyin_names("Phone of the Binjiang branch?", {"滨江分馆", "电话"}, table={"branch": [(0, "分店")]})
    == ["滨江分馆"]"""
    found = [(m.start() > 0 and m.group()[:1].isupper(), _APOSTROPHE.sub("", m.group()).lower().replace("ü", "u"))
             for m in LATIN.finditer(question)]
    if not found:
        return []
    from .cedict import PINYIN_POS
    from .lexical import fold

    table = gloss_table() if table is None else table
    names = spellings(vocabulary)

    def readable(capital: bool, w: str) -> bool:
        english = any(pos != PINYIN_POS for pos, _ in table.get(lemma(w), ()))
        return len(w) >= 3 and w.isalpha() and (capital or not english) and fold(w) not in vocabulary

    out: list[str] = []
    i = 0
    while i < len(found):
        if not readable(*found[i]):
            i += 1
            continue
        pair = found[i][1] + found[i + 1][1] if i + 1 < len(found) else ""
        if pair in names:
            words, i = names[pair], i + 2
        else:
            words, i = names.get(found[i][1], ()), i + 1
        out.extend(w for w in words[:NAME_WORDS] if w not in out)
    return out
