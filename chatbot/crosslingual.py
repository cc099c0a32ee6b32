"""Chinese search terms for the English words of a question, from CC-CEDICT, for the BM25 side.

Consumes: a question (English, or Chinese with English words) and the corpus's BM25 vocabulary
(the folded jieba tokens of its chunks). Produces: `chinese_terms(question, vocabulary)`, the
simplified headwords whose English glosses match the question's English words or phrases and that
the corpus uses, as extra BM25 query tokens (retrieve.py scores them at a lower weight, or as a
separate ranking fused by RRF, `Settings.crosslingual_mode`).
`search_terms` adds the corpus words the question's Latin words spell in pinyin (pinyin.py: Binjiang → 滨江分馆).
Dictionary: the CC-CEDICT table of cedict.py (key → headwords, in dictionary order).
Matching: lower case, a simple lemma per word (…ies → …y, a final s dropped except after s/u/i; a word the
table lacks by its stem without -ing/-ed, `form`), English stopwords dropped, the longest phrase (3, 2, then
1 words) first.
Shortcuts: only headwords of 2+ characters that occur in the corpus vocabulary are kept (a
dictionary term the corpus never uses cannot change BM25, and single characters are too
ambiguous), at most `per_word` of them per matched phrase, the ones whose matching gloss comes
earliest in their entry first. The table also holds a single-character headword under its entry's first
gloss (天 day, 年 year), for `absent_terms` only.
Abstention evidence (answerability.decide, signals.absent_english): `unknown_names`, an English proper
name the corpus never mentions, and `absent_terms`, English content words whose every dictionary
rendering the corpus lacks (remote → 远程/偏远/遥远…), the English counterpart of a Chinese question's
unknown noun (signals.missing_terms).
"""
from __future__ import annotations

import difflib
import re

from .cedict import LATIN, PINYIN_POS, gloss_keys, gloss_table, lemma, parse  # noqa: F401 (tests read them here)
from .pinyin import pinyin_names, romanized, whole_spellings

STOP = set("""a an the of to in on at by for from with about as into over under and or but not no nor is are was were be
been being am do does did done have has had having can could should would will shall may might must what which who whom
whose when where why how this that these those there here it its i me my we our you your he she they them their his her
any some all each every much many more most other such than then so very just also if whether please tell give show
get got s t one ones thing things way need needs want wants like""".split())
# words that carry no topic (prepositions, time and frequency adverbs, pronouns, light verbs): a question's absent
# rendering of one of them says nothing about whether the documents cover it (absent_terms; the Chinese rule
# looks at nouns only)
FUNCTION = set("""until till before after during since within without between among across through throughout toward
towards upon onto against along around beyond despite except per via behind below above near off out up down often
always never sometimes usually quickly soon today tonight tomorrow yesterday now later already still again also only
even ever yet too enough really exactly someone somebody anyone anybody everyone everybody something anything
everything nothing nobody none either neither both few several own need needed use used happen happened make made
take taken let know want allow allowed able go come see say said put keep mean meant""".split())


CONTRACTION = re.compile(r"['’][A-Za-z]*\b")   # what's, I've, Alipay's: cut before words are looked up
TYPO_CUTOFF = 0.85   # difflib similarity for a misspelling: warrenty → warranty (0.875), pasword → password (0.93); not
                     # chengyuan → chenghua (0.82), nor reveiw → review (0.83). On the English tune questions 0.8 and 0.85
                     # answer the same; 0.85 corrects fewer names


def form(word: str, table, correct: bool = True) -> str:
    """The word's lemma; else its stem without -ing / -ed when only that is in the table (blinking → blink,
    shipped → ship, canceling → cancel, stored → store); else, for a lower-case word, the table's one-word key
    of the same first letter and length ± 1 closest to it (difflib ratio ≥ TYPO_CUTOFF; a key that only a name's
    pinyin gives is never a target). Examples: form("Shipped", {"ship": []}) == "ship"; form("warrenty", {"warranty": [(0, "保修")]})
    == "warranty"."""
    w = lemma(word)
    if w in table or len(w) < 5:
        return w
    for suffix in ("ing", "ed"):
        if w.endswith(suffix):
            stem = w[:-len(suffix)]
            for candidate in (stem, stem + "e", stem[:-1] if len(stem) > 2 and stem[-1] == stem[-2] else ""):
                if candidate and candidate in table:
                    return candidate
    if correct and word[:1].islower() and w.isalpha():   # a misspelt word (warrenty, pasword); a capitalised one may be a name
        index, seen = _words(table)
        found = seen.get(w)
        if found is None:
            if len(seen) > 10_000:
                seen.clear()
            near = difflib.get_close_matches(w, index.get((w[0], len(w)), []), n=1, cutoff=TYPO_CUTOFF)
            found = seen[w] = near[0] if near else w
        return found
    return w


_word_index: dict[int, tuple[object, dict, dict]] = {}


def _words(table) -> tuple[dict, dict]:
    """((first letter, length ± 1) → the table's one-word keys, where a misspelt word's neighbours are;
    the words already looked up → their correction)."""
    kept = _word_index.get(id(table))
    if kept is None or kept[0] is not table:
        index: dict = {}
        for key, entries in table.items():
            if key.isalpha() and any(pos != PINYIN_POS for pos, _ in entries):   # a word, not a name's pinyin
                for n in (len(key) - 1, len(key), len(key) + 1):
                    index.setdefault((key[0], n), []).append(key)
        kept = _word_index[id(table)] = (table, index, {})
    return kept[1], kept[2]


def english_phrases(question: str, table, correct: bool = True) -> list[str]:
    """The question's English words grouped into the longest phrases the table knows (stopwords dropped;
    contractions and possessives cut: what's → what, Alipay's → alipay). `correct`: look a misspelt word up by its
    nearest key (`form`); only for finding terms, never for evidence of absence, since a real word the dictionary
    lacks would be "corrected" into another (login → loin).

    Example (with a table that has "business class" and "director"): "Can directors fly business class?"
    → ["director", "fly", "business class"] (words the table lacks are kept, they find nothing later)
    """
    question = CONTRACTION.sub("", question)
    words = [w.lower() if w.lower() in STOP else form(w, table, correct) for w in LATIN.findall(question)]
    out, i = [], 0
    while i < len(words):
        for n in (3, 2, 1):
            part = words[i:i + n]
            if len(part) == n and (n == 1 or " ".join(part) in table and not all(w in STOP for w in part)):
                if n > 1 or (part[0] not in STOP and len(part[0]) > 1):
                    out.append(" ".join(part))
                i += n
                break
    return out


def chinese_terms(question: str, vocabulary, per_word: int = 1, table=None) -> list[str]:
    """Simplified Chinese headwords for the question's English words that the corpus vocabulary has,
    at most `per_word` per phrase, in phrase order, without repeats.

    Example: chinese_terms("What is the minimum password length?", {"密码", "长度", "最少"},
    table=parse(["密碼 密码 [mi4 ma3] /password; PIN/", "長度 长度 [chang2 du4] /length/",
                 "最少 最少 [zui4 shao3] /at least/minimum/"])) == ["最少", "密码", "长度"]
    """
    if not LATIN.search(question):
        return []
    from .lexical import fold

    table = gloss_table() if table is None else table
    out: list[str] = []
    for phrase in english_phrases(question, table):
        found = 0
        for _, word in table.get(phrase, ()):
            if len(word) < 2:
                continue
            word = fold(word)
            if word in vocabulary and word not in out:
                out.append(word)
                found += 1
                if found >= per_word:
                    break
    return out


def search_terms(question: str, vocabulary, split=None) -> list[str]:
    """`chinese_terms` (one per phrase), then the corpus words the question's Latin words spell in pinyin
    (pinyin.pinyin_names: Binjiang → 滨江分馆; with `split`, the names jieba cut apart: Yundingfeng → 云顶峰), without
    repeats: an English question's Chinese search terms."""
    return list(dict.fromkeys(chinese_terms(question, vocabulary) + pinyin_names(question, vocabulary, split=split)))


def unknown_names(question: str, vocabulary, table=None, split=None) -> list[str]:
    """The question's proper names (capitalised words after its first word: Australia, Tokyo) that the
    corpus never mentions, neither in Latin letters, nor in the pinyin of one of its Chinese words (Ruici for
    瑞慈, Chengyuan for 澄源, Zhang Wei for 张伟: `romanized`), nor through a CC-CEDICT headword; a word beside a capitalised word the
    corpus knows as a name, in Latin letters or pinyin, counts as known (Chengyuan Cloud), not one beside a word
    known only through the dictionary (Tesla beside Model, 型号). What the question is about is not in the
    documents (as a Chinese question's unknown noun, signals.missing_terms; answerability.decide).

    Example: unknown_names("What is the capital of Australia?", {"资本"}, table=parse(["澳大利亞 澳大利亚 [Ao4 da4 li4 ya4] /Australia/"]))
    == ["australia"]"""
    from .lexical import fold

    table = gloss_table() if table is None else table
    words = LATIN.findall(CONTRACTION.sub("", question))   # Alipay's → Alipay, I've → I
    pinyin = romanized(vocabulary)

    def named(w: str) -> bool:   # … or spells a name jieba cut apart whole (`split`: pinyin.split_names; Yundingfeng)
        return fold(w) in vocabulary or lemma(w) in vocabulary or fold(w) in pinyin or split is not None and fold(w) in \
            whole_spellings(split() if callable(split) else split)

    def known(w: str) -> bool:
        heads = {fold(z) for _, z in table.get(lemma(w), ()) if len(z) > 1}
        return named(w) or bool(heads & vocabulary)

    # a name written in two words (Zhang Wei for 张伟, Rui Ci): the two words together, in pinyin
    joined = {k for i in range(len(words) - 1) if fold(words[i] + words[i + 1]) in pinyin for k in (i, i + 1)}
    out = []
    for i, w in enumerate(words[1:], 1):
        if not w[:1].isupper() or w.isupper() or len(w) < 3 or i in joined or known(w):
            continue                     # acronyms (VPN, OA) and short words are left to retrieval
        # a word of a name whose other word the corpus knows as a name (Chengyuan Cloud) is taken as known
        if any(0 < j < len(words) and words[j][:1].isupper() and named(words[j]) for j in (i - 1, i + 1)):
            continue
        out.append(lemma(w))
    return out


def absent_terms(question: str, uses, table=None) -> tuple[list[str], int]:
    """(the question's English content phrases that CC-CEDICT translates but the corpus uses in no rendering,
    how many of its phrases the dictionary or the corpus knows). `uses(term)` says whether the corpus uses a
    folded term (a Chinese headword, or an English word as written in the documents). Wh-phrases (how long,
    what time) name the kind of answer and function words (until, often, someone: FUNCTION) name no topic, so
    both are skipped; words the dictionary lacks are no evidence.

    Example: absent_terms("What is the company's policy on remote work?", {"工作", "公司"}.__contains__,
    table=parse(["政策 政策 [zheng4 ce4] /policy/", "遠程 远程 [yuan3 cheng2] /long-range/remote/",
                 "工作 工作 [gong1 zuo4] /work/", "公司 公司 [gong1 si1] /company/"])) == (["policy", "remote"], 4)
    """
    from .lexical import fold

    if not LATIN.search(question):
        return [], 0
    table = gloss_table() if table is None else table
    absent, known = [], 0
    for phrase in english_phrases(question, table, correct=False):
        words = phrase.split()
        if any(w in STOP for w in words) or phrase in FUNCTION:   # how long, what time; until, often
            continue
        heads = {fold(h) for pos, h in table.get(phrase, ()) if pos != PINYIN_POS}
        if uses(fold(phrase)) or all(uses(fold(w)) for w in words):
            known += 1                             # written in Latin letters in the documents (ProxySQL, VPN)
        elif heads:
            known += 1
            if not any(uses(h) for h in heads):
                absent.append(phrase)
    return absent, known


def content_phrases(question: str, table=None) -> list[str]:
    """The question's English phrases that name its topic, once each: english_phrases without stopwords,
    wh-phrases (how long) and function words (until, often). Words the table lacks count too (a code such as XR,
    a misspelling nothing is near): the share of them a rendering carries is what Retriever.gloss weighs.
    Example: content_phrases("How long is the probation period until we get a job?") == ["probation period",
    "job"] with a table that has both."""
    table = gloss_table() if table is None else table
    return list(dict.fromkeys(p for p in english_phrases(question, table)
                              if not any(w in STOP for w in p.split()) and p not in FUNCTION))
