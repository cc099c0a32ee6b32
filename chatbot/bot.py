"""The question-answering service that the CLI, the web page and the tests share.

Consumes: settings and a question. Produces: an `Answer`.
`ChatBot` owns the embedder and the index; both load on the first question (or `warm_up`),
and the index is built or rebuilt then if it is missing or stale. A follow-up question
(「不良率呢?」) is retrieved together with the previous question, then quoted for itself. Questions are cleaned first:
HTML tags, control and zero-width characters dropped, whitespace folded, over-long ones truncated with a
notice; an empty one raises QuestionError.
"""
from __future__ import annotations

import re
import threading
import unicodedata

from .answer import Answer, answer
from .errors import QuestionError
from .settings import Settings, load_settings

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # markup is not part of a question (it is still shown as typed)


def clean_question(text: str, max_chars: int) -> tuple[str, str]:
    """(question, notice). Example: clean_question(" 你好\\u200b ", 500) == ("你好", "")"""
    text = _TAG.sub(" ", _INVISIBLE.sub("", text or ""))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("问题是空的：请输入一个问题。")
    notice = ""
    if len(text) > max_chars:
        notice = f"问题过长（{len(text)} 字），只按前 {max_chars} 字检索。"
        text = text[:max_chars]
    return text, notice


FOLLOW_UP = re.compile(r"^(那|那么|它|它们|这|这个|那个|其|还有|另外|and|what about|how about)|[呢吗]\s*[?？]?$",
                       re.IGNORECASE)


def with_context(question: str, history: list[str], max_chars: int) -> str:
    """A follow-up (short, or 「…呢?」, 「那…」) is asked together with the previous question.

    Example: with_context("不良率呢?", ["那个用卫星看庄稼放贷的项目覆盖了多少农户?"], 500)
             == "那个用卫星看庄稼放贷的项目覆盖了多少农户? 不良率呢?"
    """
    if not history or not (len(question) <= 6 or FOLLOW_UP.search(question)):
        return question
    previous, _ = clean_question(history[-1], max_chars)
    return f"{previous} {question}"[-max_chars:]


class ChatBot:
    def __init__(self, settings: Settings | None = None, embedder=None):
        self.settings = settings or load_settings()
        if embedder is None:
            from .embed import SentenceEmbedder
            embedder = SentenceEmbedder(self.settings.model)
        self.embedder = embedder
        self._retriever = None
        self._lock = threading.Lock()

    @property
    def retriever(self):
        with self._lock:
            if self._retriever is None:
                from .index import open_index
                from .retrieve import Retriever
                index = open_index(self.settings, self.embedder, progress=False)
                s = self.settings
                self._retriever = Retriever(index, s.rrf_k, s.corpus_dir / "userdict.txt", s.bm25_weight, s.clause_weight)
            return self._retriever

    def warm_up(self) -> "ChatBot":
        """Load the model and index now instead of on the first question."""
        self.retriever.search("预热", self.embedder.encode_queries(["预热"])[0], k=1)
        return self

    @property
    def ready(self) -> bool:
        """True once the model and index are loaded."""
        return self._retriever is not None

    def ask(self, question: str, history: list[str] | None = None) -> Answer:
        """Answer `question`; `history` (earlier questions, oldest first) resolves a follow-up."""
        text, notice = clean_question(question, self.settings.max_question_chars)
        query = with_context(text, history or [], self.settings.max_question_chars)
        vecs = self.embedder.encode_queries([query] if query == text else [query, text])
        hits = self.retriever.search(query, vecs[0], k=self.settings.top_k)
        # the context decides where to look; the question itself decides what to quote
        return answer(text, vecs[-1], hits, self.retriever, self.settings, notice)
