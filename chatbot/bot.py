"""The question-answering service that the CLI, the web page and the tests share.

Consumes: settings and a question. Produces: an `Answer`.
`ChatBot` owns the embedder and the index; both load on the first question (or `warm_up`),
and the index is built or rebuilt then if it is missing or stale. A follow-up question
(「不良率呢?」) is retrieved together with the previous question, then quoted for itself (followup.py). Questions are
cleaned first (question.py): an empty one, or one that asks nothing, raises QuestionError.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from .answer import Answer, answer
from .answerability import shipped_model
from .cedict import phrase_renderings
from .background import uncovered
from .pinyin import romanized
from .errors import ChatbotError, IndexUnavailable, QuestionError
from .followup import CONTEXT_CHARS, FOLLOW_UP, follow_up, pointer_split, with_context  # noqa: F401 (CONTEXT_CHARS: tests)
from .lexical import fold
from .question import clean_question
from .settings import Settings, load_settings
from .shortforms import expanded
from .spelling import corrected

if TYPE_CHECKING:
    import numpy as np

RELOAD_CHECK_SECONDS = 1.0  # how often a running bot looks for a newer index build
log = logging.getLogger(__name__)
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
        retriever.encode_passages = self.embedder.encode_passages   # a quote, against the question less a word (detail.py)
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
                phrase_renderings()              # CC-CEDICT's phrase keys by word (signals.latin_share): ~0.3 s, once
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
        # 「下一个呢?」 asks something after an earlier question, and nothing alone (question.py)
        text, notice = clean_question(question, self.settings.max_question_chars,
                                      follow_up=bool(history) and bool(FOLLOW_UP.search((question or "").strip())))
        if self._retriever is None:
            self.warm_up()  # model and index loaded side by side
        if self.settings.spelling:   # 「提检」 → 「体检」: a homophone typo read as the corpus's word (spelling.py)
            text, fixes = corrected(text, self.retriever)
            text, longs = expanded(text, self.retriever)   # 「全马」 → 「全程马拉松」: a short form (shortforms.py)
            fixes += longs
            if fixes:
                said = "、".join(f"「{typo}」按「{word}」" for typo, word in fixes)
                notice = "；".join(filter(None, [notice, f"{said}查找。"]))
        tokenizer = self.retriever.lexicon.tokenizer()
        cut = tokenizer.lcut
        text = pointer_split(text, self.retriever.vocabulary, cut, tokenizer.FREQ) if history else text   # 那天合: 那 天合
        query = with_context(text, history or [], self.settings.max_question_chars, cut)
        whole = None
        if query != text and not query.endswith(text):   # followup.sibling_asked: the previous question about the sibling,
            own, own_vec, _, _ = self.search(query, query)   # a whole question, searched and answered so when its quote
            whole = answer(query, own_vec, own, self.retriever, self.settings, notice)   # names the sibling
            whole = replace(whole, question=text, notice="；".join(filter(None, [whole.notice, f"按「{query}」回答。"])))
            if _names(whole, added := set(fold(query)) - set(fold(history[-1]))):
                return whole
            query = with_context(text, history or [], self.settings.max_question_chars, siblings=False)   # joined, as before
        # the context decides where to look; the question itself decides what to quote
        hits, vec, query_vec, _ = self.search(query, text)
        reply = answer(text, vec, hits, self.retriever, self.settings, notice, context=query)   # 「电话呢？」: the row asked before
        if query == text:
            return reply
        def alone() -> Answer:   # 「年卡多少钱」 after 「私教课怎么预约」: a whole question, searched by itself
            own, own_vec, _, _ = self.search(text, text)
            return answer(text, own_vec, own, self.retriever, self.settings, notice)

        said = follow_up(reply, text, lambda: answer(query, query_vec, hits, self.retriever, self.settings, notice),
                         self.retriever.lexicon, self.retriever.vocabulary,   # 「经理呢?」: its own, the continued one's, none
                         previous=history[-1], alone=None if FOLLOW_UP.search(text) else alone)
        # joined, nothing answers; asked whole about the sibling, a quote does that names some of it (「那房东提前收房呢？」:
        # the row under 出租人提前收房违约金, 收房; breaker AT, session 42), not none of it (「那成都店呢？」: a 上海 row)
        return whole if said.abstained and whole is not None and _names(whole, added, some=True) else said

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


def _names(a: Answer, added: set[str], some: bool = False) -> bool:
    """Whether `a` answers and its first quote (with its columns and section) holds every character in `added`, what a
    sibling put into the previous question brings (「那晚上呢？」: 晚 of 东湖小区 | … | 18:00-20:00 under 晚上投放时间; breaker AV,
    session 41). Not 「中心本部城东分馆有几片场地？」 answered with the 中心本部健身房 row (城东分 is not in it). `some`: one
    character of them is enough. A digit stands for its Chinese numeral (「第二次呢？」 over 「补办（第2次）」, breaker BI)."""
    first = a.citations[0] if a.citations and not a.abstained else None
    held = set(fold(" ".join((first.quote, *first.columns, first.section)))) if first else set()
    held |= {"〇一二三四五六七八九"[int(d)] for d in held if d in "0123456789"} | ({"两"} if "2" in held else set())   # 第二次: 第2次
    return first is not None and (bool(added & held) if some else added <= held)
