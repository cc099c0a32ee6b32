"""Lexical matching: folding, jieba tokens for BM25, content nouns, stopwords and the lexicon key.

Consumes: text, and a corpus folder's optional `userdict.txt` (one "word [freq] [tag]" a line).
Produces: `fold(text)`, and a `Lexicon` per corpus dictionary (`lexicon_for(user_dict)`) whose
`tokenize` gives the BM25 tokens (`jieba.lcut_for_search` of the folded text, punctuation and
question words dropped, a weekday's spellings as one token: 星期六, 礼拜六 → 周六) and `content_nouns` the
dictionary nouns and numbers (jieba's part-of-speech tagger, precise mode); `lexicon_key` names everything that
could change a split.
Folding: NFKC (full-width → half-width), lower case, traditional → simplified with zhconv, so
「網路小貸」 finds 网络小贷.
Each lexicon owns one `jieba.Tokenizer` (jieba's dictionary + chatbot/data/userdict.txt + the
corpus dictionary) and one `jieba.posseg.POSTokenizer` over it, never jieba's process-wide default,
so a word added for one corpus stays out of every other corpus and test.
Shortcuts: lexicons are cached by lexicon key, so corpora without a dictionary of their own share one
(nothing is ever added to it, and it is kept for the process); a corpus lexicon lives as long as a
retriever holds it (after userdict.txt is edited the old one goes with the old index). The jieba
dictionaries load on first use (about a second per lexicon).
"""
from __future__ import annotations

import hashlib
import re
import threading
import unicodedata
import weakref
from functools import lru_cache
from pathlib import Path

WORD = re.compile(r"[\w\u3400-\u9fff]", re.UNICODE)
STOPWORDS = set("的 了 是 在 和 与 及 或 等 有 吗 呢 吧 啊 么 呀 这 那 哪 其 之 也 都 而 就 被 把 对 从 向 为 以 于 "
                "什么 多少 哪些 哪个 哪里 怎么 怎样 如何 为何 为什么 是否 是不是 有没有 现在 目前 请问 一下 "
                "什么样 怎么样 哪些地方 哪些方面 哪一个 哪一年 多少钱 由谁 第几 第几名 几家 几个 几年 哪天 周几 星期几 "
                "the a an of to in on and or is are was were what which who how why does do did".split())
# a weekday's spellings as one search token (「礼拜六能办吗」 finds 「周六上午受理」): a closed set, so no synonym list risk
WEEKDAYS = {f"{head}{day}": f"周{'日' if day == '天' else day}" for head in ("周", "星期", "礼拜") for day in "一二三四五六日天"}
# … and the weekend also as its two days (「银行周末开门吗」 finds 「周六、周日 9:30–16:00」; session 32's breaker)
WEEKEND = {"周末": ("周六", "周日"), "双休日": ("周六", "周日")}
BASE_DICT = Path(__file__).parent / "data" / "userdict.txt"
EMPTY = "∅"  # the token of a chunk with none, so bm25s keeps its row
_lock = threading.Lock()
_shared: dict[str, "Lexicon"] = {}   # the base-only lexicon: kept
_lexicons: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # corpus lexicons: while in use


def fold(text: str) -> str:
    """Text for lexical matching: NFKC (full-width → half-width), lower case, traditional → simplified.

    Example: fold("網路小貸ＡＢＣ") == "网络小贷abc"
    """
    import zhconv

    return zhconv.convert(unicodedata.normalize("NFKC", text).lower(), "zh-cn")


def in_context(chunk) -> str:
    """A chunk's file name, context (heading, table header), section and text, folded: the passage as the question is
    matched against it (a model code such as XR-300 may be only in the file name). evidence.py, rerank.py."""
    return fold(" ".join((chunk.doc, chunk.context, chunk.section, chunk.text)))


# what says nothing about the asked-for detail: punctuation, question words and the words of a summary question
# (主要讲什么, 介绍一下): a question left with only these keeps its whole text (without_subject)
_WORDLESS = re.compile(r"[\W_]|主要|内容|介绍|部分|什么|哪些|怎么|如何|讲|说|[吗呢吧啊的了是有在么哪谁几多少怎样何为]")
_LATIN_PAIR = re.compile(r"[A-Za-z0-9]{2}")


def subject_free_text(question: str, chunk) -> str:
    """The question without the subject of `chunk`'s passage: `without_subject` against its file name (without the
    extension), context and section. "" when nothing is removed."""
    return without_subject(question, " ".join((chunk.doc.rsplit(".", 1)[0], chunk.context, chunk.section)))


@lru_cache(maxsize=1024)   # the reranker and the run step ask it for the same passages of a question
def without_subject(question: str, heading: str, min_chars: int = 2) -> str:
    """The question with every stretch of `min_chars`+ characters that its passage's heading (file name, title,
    section) also has removed, longest stretches first, compared after `fold` (character by character, so a
    character that folds into several, … → ..., still maps back to itself); a stretch never starts or ends inside a
    Latin word or number (Employee Handbook does not cut "employees"). "" when nothing is removed or when fewer than
    two characters of content (not punctuation, question words or a summary question's words) would be left.
    The passage is about its heading's subject, so every clause of it shares the subject with the question; what
    is left is the asked-for relation, which tells the clause that answers from the others (runs.py).
    Cost: O(m·s·k) for a heading of m characters, s the question's positions that start one of the heading's
    `min_chars`-grams and k ≤ m the stretch length tried, after one pass over the question's n characters: 2 ms for
    a 500-character question made of a 34-character heading's characters (19 ms when every position was tried).
    Example: without_subject("乍都节公园的面积有多大？", "乍都节公园") == "的面积有多大？"
    """
    h = fold(heading)
    parts = [fold(c) for c in question]
    owner = [i for i, p in enumerate(parts) for _ in p]      # folded position → the question character it came from
    q = "".join(parts)
    keep = [True] * len(q)
    # a shared stretch starts with one of the heading's min_chars-grams: only those starts are tried
    grams = {h[i:i + min_chars] for i in range(len(h) - min_chars + 1)}
    starts = [s for s in range(len(q) - min_chars + 1) if q[s:s + min_chars] in grams]
    for n in range(min(len(q), len(h)), min_chars - 1, -1):
        for s in starts:
            e = s + n
            if e > len(q):
                break
            if not (keep[s] and keep[e - 1]) or (s > 0 and _LATIN_PAIR.fullmatch(q[s - 1:s + 1])) \
                    or (e < len(q) and _LATIN_PAIR.fullmatch(q[e - 1:e + 1])):
                continue
            if all(keep[s:e]) and q[s:e] in h:
                keep[s:e] = [False] * n
    if all(keep):
        return ""
    gone = {owner[i] for i, k in enumerate(keep) if not k}
    rest = "".join(c for i, c in enumerate(question) if i not in gone)
    return rest if len(_WORDLESS.sub("", rest)) >= 2 else ""


def lexicon_key(user_dict: Path | None) -> str:
    """Changes whenever tokenize() could split a text differently: the libraries' versions, the
    dictionaries' contents, the stopwords and the word pattern."""
    from importlib.metadata import version

    h = hashlib.sha1("|".join([version("jieba"), version("zhconv"), unicodedata.unidata_version, WORD.pattern,
                               " ".join(sorted(STOPWORDS)), " ".join(sorted(f"{k}>{v}" for k, v in WEEKDAYS.items())), repr(sorted(WEEKEND.items()))]).encode())
    for path in (BASE_DICT, user_dict):
        h.update(path.read_bytes() if path and path.is_file() else b"-")
    return h.hexdigest()[:16]


class Lexicon:
    """One corpus dictionary's jieba tokenizer and part-of-speech tagger, loaded on first use."""

    def __init__(self, user_dict: Path | None = None, key: str | None = None):
        self.user_dict = Path(user_dict) if user_dict and Path(user_dict).is_file() else None
        self.key = key or lexicon_key(self.user_dict)
        self._tokenizer = self._tagger = None
        self._lock = threading.Lock()

    def tokenizer(self):
        """The jieba.Tokenizer with the base and corpus dictionaries."""
        with self._lock:
            if self._tokenizer is None:
                import jieba

                jieba.setLogLevel(60)
                tokenizer = jieba.Tokenizer()
                tokenizer.load_userdict(str(BASE_DICT))
                if self.user_dict:
                    tokenizer.load_userdict(str(self.user_dict))
                self._tokenizer = tokenizer
            return self._tokenizer

    def tagger(self):
        """jieba's part-of-speech tagger over this lexicon's tokenizer."""
        tokenizer = self.tokenizer()
        with self._lock:
            if self._tagger is None:
                from jieba.posseg import POSTokenizer

                self._tagger = POSTokenizer(tokenizer)
            return self._tagger

    def tokenize(self, text: str) -> list[str]:
        """Search tokens for BM25, a weekday as one token and the weekend also as its days (WEEKDAYS, WEEKEND).
        Example: tokenize("网络小贷的注册资本") == ["网络", "小贷", "网络小贷", "注册", "资本", "注册资本"]"""
        return [u for t in (w.strip() for w in self.tokenizer().lcut_for_search(fold(text)))
                if t and WORD.search(t) and t not in STOPWORDS for u in (WEEKDAYS.get(t, t), *WEEKEND.get(t, ()))]

    def chunk_tokens(self, chunks) -> list[list[str]]:
        """BM25 tokens of each chunk's embed_text (EMPTY for a chunk with none)."""
        return [self.tokenize(c.embed_text) or [EMPTY] for c in chunks]

    def content_nouns(self, text: str) -> set[str]:
        """Dictionary nouns and numbers of a text (precise mode), folded; names jieba only guessed (后康忠) are left out.

        Example: content_nouns("央行的存款准备金率是多少?") == {"央行", "存款", "准备金率"}
        """
        tagged = self.tagger().lcut(fold(text))
        freq = self.tokenizer().FREQ
        return {w for w, flag in tagged
                if WORD.search(w) and w not in STOPWORDS
                and (flag in ("eng", "m") or flag.startswith("n") and freq.get(w) is not None)}


def backed_off(tokens: list[str], vocabulary: set[str]) -> list[str]:
    """`tokens` and, for each Han token of three characters or more that `vocabulary` (the corpus's BM25 tokens) lacks,
    its longest pieces the vocabulary holds (two characters at least).
    Example: backed_off(["打九价", "钱"], {"九价", "钱"}) == ["打九价", "钱", "九价"]. Why: jieba's HMM glues an unknown
    run of a question into one word (「打九价一针」 → 打九价), which no passage holds: BM25 scored 0 everywhere and the
    九价HPV row was refused (breaker BD, session 42)."""
    out = list(tokens)
    for t in tokens:
        if len(t) >= 3 and t not in vocabulary and re.fullmatch(r"[\u4e00-\u9fff]+", t):
            for size in range(len(t) - 1, 1, -1):
                pieces = [p for i in range(len(t) - size + 1) if (p := t[i:i + size]) in vocabulary]
                if pieces:
                    out += [p for p in dict.fromkeys(pieces) if p not in out]
                    break
    return out


def lexicon_for(user_dict: Path | None) -> Lexicon:
    """The lexicon of a corpus dictionary (None or a missing file: the base dictionaries only), one per lexicon key."""
    key = lexicon_key(user_dict)
    with _lock:
        lexicon = _shared.get(key) or _lexicons.get(key)
        if lexicon is None:
            lexicon = Lexicon(user_dict, key)
            (_lexicons if lexicon.user_dict else _shared)[key] = lexicon
        return lexicon
