"""The question-answering service that the CLI, the web page and the tests share.

Consumes: settings and a question. Produces: an `Answer`.
`ChatBot` owns the embedder and the index; both load on the first question (or `warm_up`),
and the index is built or rebuilt then if it is missing or stale. A follow-up question
(「不良率呢?」) is retrieved together with the previous question, then quoted for itself. Questions are cleaned first:
HTML tags, control and zero-width characters dropped, whitespace folded, over-long ones truncated with a
notice; an empty one raises QuestionError.
"""
from __future__ import annotations

import logging
import re
import threading
import time
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

from .answer import Answer, answer
from .answerability import shipped_model
from .background import uncovered
from .crosslingual import romanized
from .errors import ChatbotError, IndexUnavailable, QuestionError
from .settings import Settings, load_settings
from .spelling import corrected

if TYPE_CHECKING:
    import numpy as np

RELOAD_CHECK_SECONDS = 1.0  # how often a running bot looks for a newer index build
log = logging.getLogger(__name__)
_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # markup is not part of a question (it is still shown as typed)


def clean_question(text: str, max_chars: int) -> tuple[str, str]:
    """(question, notice). Example: clean_question(" 年假\\u200b ", 500) == ("年假", "")"""
    text = _TAG.sub(" ", _INVISIBLE.sub("", text or ""))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("问题是空的：请输入一个问题。")
    words = [c for c in text if c.isalnum()]   # letters, digits and Han characters: what retrieval can match
    if not words:
        raise QuestionError("问题里没有文字（只有标点或表情）：请用文字输入问题。")
    if len(words) >= 3 and len(set(words)) == 1 and not words[0].isascii() and not words[0].isdigit():
        # 年年年…, 啊啊啊, 哈哈哈; not AAA (a rating), XXX, 111 or 666, which can be codes or values
        raise QuestionError("问题只是同一个字的重复：请输入完整的问题。")
    if not _FILLER.sub("", text.lower()).strip(" ,，.。!！?？~～…、:："):
        # 「我想问一下」, 「你好」, 「在吗」, 「谢谢」: nothing to search for (「我想问一下」 was answered with two FAQ entries)
        raise QuestionError("没有看到要问的内容：请直接写出想问的事，例如某项规定、数字或流程。")
    notice = ""
    if len(text) > max_chars:
        text, notice = _shortened(text, max_chars)
    return text, notice


# greetings, courtesies and the words around asking itself: a question of these alone asks nothing (clean_question)
_FILLER = re.compile(r"请问|问一下|问问|问个|想问|咨询一下|咨询|打听|了解一下|请教|麻烦|帮忙|帮我|你们|我们|你好|您好|大家好|"
                     r"谢谢|多谢|感谢|辛苦了|老师|一下|一个|问题|事情|在吗|在不在|有人吗|那个|这个|可以吗|行吗|好的|"
                     r"\b(?:hi|hello|hey|thanks|thank you|ok|okay|please)\b|[我你您想问下个事吗呢吧啊呀哈嗯哦喂在好请有]")


_ASKED_END = re.compile(r"[?？](?=[^?？]*$)")   # the last question mark
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _shortened(text: str, max_chars: int) -> tuple[str, str]:
    """(the part of an over-long question that is searched, its notice). A colleague who pastes a background and then
    asks puts the question last, and the first `max_chars` lost it (session 27: 1,200 characters of 「我想问一下，」
    and then 上海住宿标准多少 were answered about 体检): the window ends at the last question mark, or at the end
    when there is none, and starts after a sentence end when one falls in its first third (no half sentence first)."""
    mark = _ASKED_END.search(text)
    end = mark.end() if mark and mark.end() >= max_chars // 2 else len(text)
    start = max(0, end - max_chars)
    cut = _SENTENCE_END.search(text, start, start + max_chars // 3) if start else None
    window = text[cut.end() if cut else start:end].strip()
    said = "含最后一个问句的" if end < len(text) else "最后"
    return window, f"问题过长（{len(text)} 字），只按{said} {len(window)} 字检索。"


# 呢 asks about the same thing again (不良率呢?); 吗 only makes a yes/no question (明天会下雨吗?), no follow-up
FOLLOW_UP = re.compile(r"^(那|那么|它|它们|这|这个|那个|其|还有|另外|and|what about|how about)|呢\s*[?？]?$",
                       re.IGNORECASE)


FOLLOW_UP_MAX_CHARS = 40  # a longer question carries its own context
CONTEXT_CHARS = 100       # of the previous question, prepended: a follow-up costs one short encode more


def with_context(question: str, history: list[str], max_chars: int) -> str:
    """A follow-up (short, or 「…呢?」, 「那…」, at most FOLLOW_UP_MAX_CHARS) is asked together with the
    start of the previous question (CONTEXT_CHARS).

    Example: with_context("不良率呢?", ["那个用卫星看庄稼放贷的项目覆盖了多少农户?"], 500)
             == "那个用卫星看庄稼放贷的项目覆盖了多少农户? 不良率呢?"
    """
    if not history or len(question) > FOLLOW_UP_MAX_CHARS or not (len(question) <= 6 or FOLLOW_UP.search(question)):
        return question
    try:
        previous, _ = clean_question(history[-1][:4 * CONTEXT_CHARS], max_chars)
    except QuestionError:   # an earlier turn that was no question (empty, 「？？？」): the follow-up is asked alone
        return question
    return f"{previous[:CONTEXT_CHARS]} {question}"[-max_chars:]


class ChatBot:
    def __init__(self, settings: Settings | None = None, embedder=None):
        self.settings = settings or load_settings()
        if embedder is None:
            from .embedding import SentenceEmbedder
            embedder = SentenceEmbedder.from_settings(self.settings)
        self.embedder = embedder
        self._retriever = None
        self._checked = 0.0
        self._lock = threading.Lock()

    @property
    def retriever(self):
        """The loaded index; a newer build named by index/CURRENT (a `chatbot index` run beside a
        live server) is swapped in, checked at most once a second. Questions already running keep
        the retriever they started with; a new build that fails to load leaves the old one serving."""
        from .index import load_index, open_index

        with self._lock:
            s = self.settings
            if self._retriever is None:
                self._retriever = self._make_retriever(open_index(s, self.embedder, progress=False))
                self._checked = time.monotonic()
            elif time.monotonic() - self._checked >= RELOAD_CHECK_SECONDS:
                self._checked = time.monotonic()
                try:
                    current = (Path(s.index_dir) / "CURRENT").read_text(encoding="utf-8").strip()
                    if current != self._retriever.index.path.name:
                        index = load_index(s.index_dir, s)
                        if index.manifest.get("model") != self.embedder.model_id:  # another model or backend
                            raise IndexUnavailable(f"it was built with {index.manifest.get('model')}, "
                                                   f"this bot embeds with {self.embedder.model_id}")
                        self._retriever = self._make_retriever(index)
                        log.warning("switched to the new index %s", current)
                except (OSError, ChatbotError) as exc:
                    log.warning("kept the loaded index: the new one cannot be used (%s)", exc)
            return self._retriever

    def swap(self, index) -> None:
        """Answer from `index` (an `index.Index`, e.g. a build kb/indexer.py just made) from now on, without
        reading it again and without checking it against the corpus; running questions keep their retriever."""
        retriever = self._make_retriever(index)
        with self._lock:
            self._retriever, self._checked = retriever, time.monotonic()

    def _make_retriever(self, index):
        from .retrieve import Retriever

        s = self.settings
        if s.torch_threads > 0:  # FAISS's OpenMP stalls like torch's on shared cores: 80 ms → 14 ms per 100k search
            import faiss
            faiss.omp_set_num_threads(s.torch_threads)
        retriever = Retriever(index, s)
        retriever.encode_queries = self.embedder.encode_queries   # the answer step's subject-free question (runs.py)
        return retriever

    def warm_up(self) -> "ChatBot":
        """Load the model and index now instead of on the first question: the model in a thread while
        this one reads the index and builds BM25 (they overlap wherever torch or file reads drop the GIL)."""
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1, thread_name_prefix="load-model") as pool:
            vec = pool.submit(self.embedder.encode_queries, ["预热"])
            retriever = self.retriever
            retriever.lexicon.content_nouns("预热")  # jieba's part-of-speech dictionary, used by the answer step
            retriever.search("预热", vec.result()[0], k=1)
            retriever.translated("warm up")  # the CC-CEDICT table (crosslingual.py), when cross-lingual terms are on
            if self.settings.spelling:
                corrected("预热", retriever)   # the pinyin table and this corpus's sounds (spelling.py): ~0.5 s, once
            if self.settings.answerability == "model" and shipped_model().fits(str(retriever.index.manifest.get("model", ""))):
                # what only the learned decision reads, when it applies to this index (answerability.decide)
                romanized(retriever.vocabulary)  # the pinyin of its words (crosslingual.unknown_names): ~0.5 s for 20,000
                uncovered(retriever)             # the off-topic background's vectors (background.py): ~1 s, once
            if self.settings.rerank == "model":
                from .rerank import shipped_reranker
                shipped_reranker()               # a damaged reranker file fails here, not at the first question
        return self

    @property
    def ready(self) -> bool:
        """True once the model and index are loaded."""
        return self._retriever is not None

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer `question`; `history` (earlier questions, oldest first) resolves a follow-up."""
        text, notice = clean_question(question, self.settings.max_question_chars)
        if self._retriever is None:
            self.warm_up()  # model and index loaded side by side
        if self.settings.spelling:   # 「提检」 → 「体检」: a homophone typo read as the corpus's word (spelling.py)
            text, fixes = corrected(text, self.retriever)
            if fixes:
                said = "、".join(f"「{typo}」按「{word}」" for typo, word in fixes)
                notice = "；".join(filter(None, [notice, f"{said}查找。"]))
        query = with_context(text, history or [], self.settings.max_question_chars)
        # the context decides where to look; the question itself decides what to quote
        hits, vec = self.retrieve(query, text)
        return answer(text, vec, hits, self.retriever, self.settings, notice)

    def retrieve(self, query: str, text: str | None = None) -> tuple[list, np.ndarray]:
        """(the top_k passages for `query`, the unit vector of `text`: the question itself, `query` by default),
        with one embedding call. An English query is also searched as its Chinese rendering (Retriever.gloss) at
        gloss_weight × the share it renders. The answer step and bench/train_answerability.py both search here."""
        hits, vec, _, _ = self.search(query, text)
        return hits, vec

    def search(self, query: str, text: str | None = None, rerank: bool = True) -> tuple[list, np.ndarray, np.ndarray,
                                                                                        np.ndarray | None]:
        """`retrieve`, with the vectors it searched by: (hits, the unit vector of `text`, of `query`, of its Chinese
        rendering or None). `rerank` False keeps the fused order of the passages (no rerank.py), for
        bench/train_reranker.py."""
        text = query if text is None else text
        gloss, share = self.retriever.gloss(query) if self.settings.gloss_weight > 0 else ("", 0.0)
        texts = [query] + ([gloss] if gloss else []) + ([text] if query != text else [])
        vecs = self.embedder.encode_queries(texts)
        gloss_vec = vecs[1] if gloss else None
        hits = self.retriever.search(query, vecs[0], k=self.settings.top_k, extra_vec=gloss_vec,
                                     extra_weight=self.settings.gloss_weight * share, rerank=rerank)
        return hits, vecs[-1] if query != text else vecs[0], vecs[0], gloss_vec
