"""The bold focus inside a quote: the fewest clauses of the quoted sentence that hold the answer.

Consumes: the question, its unit vector, a quote (a hit and its document span [start, end), grown to whole
sentences by quotes.to_sentences) with the run the run ranker chose inside it, and the retriever (the passage's
`Clauses`: spans and vectors built at index time). Produces: `focus_matrix` → every candidate focus (a run of
neighbouring clauses of the quote) with its `FOCUS_FEATURES`, and `tighten` → the chosen (start, end).
Why: the run ranker picks where the answer is (which passage, which sentence) and favours longer runs, whose
cosine and word overlap are higher; a reader wants the value in bold, not a 75-character run (issue 15: a
factoid's focus is the clause holding the value).
Choice: a logistic model gives P(the candidate holds the answer) from its cosine to the question, the
question's rare bigrams in it and in its neighbouring clauses (the answer usually sits beside the words the
question repeats), the share of the words beside the question word it holds (wh_context, session 22), its
novelty, whether it holds the asked-for kind of value, its length, its share of the
quote and its overlap with the ranker's run; the focus is the candidate with the highest
P − `char_cost` × characters. Both are fitted on `tune` questions only (bench/train_focus.py) and stored in
chatbot/data/focus.json with a manifest, checked on load; `CHATBOT_FOCUS=run` (or an index embedded by
another model) keeps the ranker's run as the focus.
An English question's word overlap is counted with its Chinese rendering (Retriever.gloss) added.
A quote has n pieces and n(n+1)/2 candidates; a quote is at most 150 characters (quotes.SENTENCE_CAP; a list question's 300, quotes.LIST_CAP; a table row's or record line's 300, quotes.ROW_CAP), so
at most a few hundred in practice (276 among 747 quotes of the tune sets).
Shortcuts: a comma or colon (also ：) right between two digits (6,476 · 9:30 · 9：30) does not end a candidate
here, although the index's clauses split there; a candidate of several pieces never crosses a line break (one
piece may hold one: a list or record the index keeps as one quotable span); a name (谁) is found by jieba's tagger.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .answertype import answer_type, has_type
from .errors import ChatbotError
from .fitted import fits_index, read_fitted
from .lexical import fold
from .runs import _DESCRIPTIVE, _QUANTITY, local_weights
from .signals import bigrams, novelty

FOCUS_FEATURES = ("cos", "cos_gap", "lexical", "lexical_near", "novelty", "type_has", "type_lacks", "number_digit",
                  "chars", "log_chars", "clauses", "quote_share", "whole", "descriptive_share", "in_run", "run_cover",
                  "has_top_lexical", "has_top_cos", "lexical_best_share", "padding", "descriptive", "factoid",
                  "after_top", "ends_at_top", "typed_share", "wh_context", "wh_context_near", "has_top_wh")
FORMAT_VERSION = 1
MODEL_FILE = Path(__file__).parent / "data" / "focus.json"
_SPLIT_NUMBER = re.compile(r"\d[,:：]$")   # 「…有2,」+「173个坐席」, 「9：」+「30开门」: one number cut by the index's clause marks
TRAILING = "，,；;：:、| "                  # marks a quote or focus does not end with (answer._trim)
# the question word (folded: 為什麼 → 为什么); a question restates its passage's sentence with the answer replaced by it,
# so the clause that repeats the words right beside it is where the answer stands (「…是由哪两个公司合作开发的」)
_WH = re.compile(r"为什么|什么时候|什么|哪[一二两三四五六七八九几]?[个些家位种类项年里儿国座条部次届所名本首]?|谁|多少|几[个位年种次]?|何[时地处]?|怎么|怎样|"
                 r"如何|多[大高长久远重]")
WH_WINDOW = 3   # characters each side of the question word (CMRC trial tune: 3 → 6 → 8 fewer answer clauses found)


class FocusModelError(ChatbotError):
    """The fitted focus model file is missing, damaged or made for other features."""


def wh_context(question: str) -> frozenset[str]:
    """The folded bigrams of the WH_WINDOW characters either side of the question's first question word (_WH), not
    across it: 「战国无双3是由哪两个公司合作开发的」 → 是由, 由 | 公司, 司合 (one character alone is no bigram of the
    question and weighs nothing); empty when the question has no Chinese question word."""
    folded = fold(question)
    m = _WH.search(folded)
    if not m:
        return frozenset()
    return bigrams(folded[max(0, m.start() - WH_WINDOW):m.start()]) | bigrams(folded[m.end():m.end() + WH_WINDOW])


def pieces(hit, start: int, end: int, retriever) -> tuple[list[tuple[int, int]], list[np.ndarray], list[str]]:
    """The quote's pieces as (start, end) document spans, vectors (float64; a merged piece's is the sum of its
    clauses' unit vectors) and texts, in order: the passage's clauses that start inside [start, end) (their
    trailing marks may run past `end`: focus_matrix cuts there), two clauses that cut one number (2,|173) as one."""
    c = retriever.clauses(hit)
    spans, vecs, texts = [], [], []
    for (s, e), v, t in zip(c.spans.tolist(), c.vectors, c.texts):
        if not start <= s < end:
            continue
        if spans and spans[-1][1] == s and _SPLIT_NUMBER.search(texts[-1]) and t[:1].isdigit():   # no space between
            spans[-1], vecs[-1], texts[-1] = (spans[-1][0], e), vecs[-1] + v, hit.chunk.text[spans[-1][0] - hit.chunk.start:e - hit.chunk.start]
            continue
        spans.append((s, e))
        vecs.append(np.asarray(v, dtype=np.float64))
        texts.append(t)
    return spans, vecs, texts


def focus_matrix(question: str, query_vec: np.ndarray, hit, start: int, end: int, run: tuple[int, int], retriever
                 ) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Every candidate focus of the quote [start, end) as a document span, and its features:
    (n, len(FOCUS_FEATURES)) float64. `run` is the ranker's (start, end) inside the quote. ([], (0, k)) when the
    quote has no clauses of its passage (nothing to tighten)."""
    spans, vecs, texts = pieces(hit, start, end, retriever)
    if not spans:
        return [], np.zeros((0, len(FOCUS_FEATURES)))
    q = np.asarray(query_vec, dtype=np.float64).reshape(-1)
    passage = retriever.clauses(hit).texts
    words = f"{question} {retriever.gloss(question)[0]}"   # an English question: with its Chinese rendering's bigrams
    weight = local_weights(words, list(passage) or texts)
    total = sum(weight.values()) or 1.0
    grams = [bigrams(t) & weight.keys() for t in texts]
    folded = fold(question)
    kind, wants_number = answer_type(question), bool(_QUANTITY.search(folded))
    descriptive = bool(_DESCRIPTIVE.search(folded)) and not wants_number
    typed = [has_type(kind, t) for t in texts] if kind else [False] * len(texts)
    single = [float(v @ q / (np.linalg.norm(v) or 1.0)) for v in vecs]
    best_single = max(single)
    # each piece's share of the question's weighted bigrams, rounded so that a tie (two pieces with the same words)
    # goes to the first piece whatever order the set is summed in (string hashes vary between processes)
    own = [round(sum(weight[b] for b in g) / total, 9) for g in grams]
    wh = wh_context(question) & weight.keys()
    wh_total = sum(weight[b] for b in wh) or 1.0
    wh_own = [round(sum(weight[b] for b in g & wh) / wh_total, 9) for g in grams]
    top_wh = int(np.argmax(wh_own)) if wh and max(wh_own) > 0 else -1
    top_lexical, top_cos, best_own = int(np.argmax(own)), int(np.argmax(single)), max(own) or 1.0
    quote_chars = max(min(end, spans[-1][1]) - spans[0][0], 1)
    rs, re_ = run
    cands, rows = [], []
    for i in range(len(spans)):
        for j in range(i + 1, len(spans) + 1):
            s, e = spans[i][0], min(spans[j - 1][1], max(end, spans[j - 1][0] + 1))
            text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
            if j - i > 1 and "\n" in text.strip():
                break
            v = np.sum(vecs[i:j], axis=0)
            cos = float(v @ q / (np.linalg.norm(v) or 1.0))
            inside = set().union(*grams[i:j])
            near = (grams[i - 1] if i > 0 else set()) | (grams[j] if j < len(spans) else set())
            lexical = sum(weight[b] for b in inside) / total
            lexical_near = sum(weight[b] for b in near - inside) / total
            wh_inside, wh_near = inside & wh, (near - inside) & wh
            has = any(typed[i:j])
            chars = float(len(text.strip().rstrip(TRAILING)))   # as shown: answer._trim drops the trailing mark
            overlap = max(0, min(e, re_) - max(s, rs))
            share = chars / quote_chars
            row = dict(cos=cos, cos_gap=cos - best_single, lexical=lexical, lexical_near=lexical_near,
                       novelty=novelty(question, text), type_has=float(bool(kind) and has),
                       type_lacks=float(bool(kind) and not has),
                       number_digit=float(wants_number and any(ch.isdigit() for ch in text)),
                       chars=chars, log_chars=math.log1p(chars), clauses=float(j - i), quote_share=share,
                       whole=float(i == 0 and j == len(spans)), descriptive_share=share if descriptive else 0.0,
                       in_run=overlap / max(e - s, 1), run_cover=overlap / max(re_ - rs, 1),
                       has_top_lexical=float(i <= top_lexical < j), has_top_cos=float(i <= top_cos < j),
                       lexical_best_share=max(own[i:j]) / best_own,
                       padding=float(sum(1 for k in range(i, j) if k != top_lexical and not typed[k])),
                       descriptive=float(descriptive), factoid=float(bool(kind)),
                       after_top=float(i <= top_lexical + 1 < j), ends_at_top=float(j - 1 == top_lexical),
                       typed_share=sum(typed[i:j]) / (j - i),
                       wh_context=sum(weight[b] for b in wh_inside) / wh_total,
                       wh_context_near=sum(weight[b] for b in wh_near) / wh_total, has_top_wh=float(i <= top_wh < j))
            rows.append([row[f] for f in FOCUS_FEATURES])
            cands.append((s, e))
    return cands, np.array(rows, dtype=np.float64).reshape(-1, len(FOCUS_FEATURES))


def overlap_of(question: str, hit, retriever):
    """text → the share (0–1) of the question's bigram weight (an English question's with its Chinese rendering) that
    the text holds, each bigram weighted by how rare it is among the passage's clauses (runs.local_weights), as
    focus_matrix counts them; for quotes.item_focus (which item of a list the question is about)."""
    cache: list = []   # the weights, made on the first call only (most quotes list nothing and never ask)

    def overlap(text: str) -> float:
        if not cache:
            words = f"{question} {retriever.gloss(question)[0]}"
            weight = local_weights(words, list(retriever.clauses(hit).texts) or [hit.chunk.text])
            cache.append((weight, sum(weight.values()) or 1.0))
        weight, total = cache[0]
        return sum(weight[b] for b in bigrams(text) & weight.keys()) / total
    return overlap


def choose(x: np.ndarray, model: dict) -> int:
    """Row of `x` (focus_matrix) with the highest P(holds the answer) − char_cost × characters."""
    p = 1.0 / (1.0 + np.exp(-(x @ model["weights"] + model["bias"])))
    return int(np.argmax(p - model["char_cost"] * x[:, FOCUS_FEATURES.index("chars")]))


def tighten(question: str, query_vec: np.ndarray, hit, start: int, end: int, run: tuple[int, int], retriever,
            model: dict | None = None) -> tuple[int, int]:
    """The focus (start, end) for the quote [start, end) of `hit`: the candidate `choose` picks with `model`
    (default: model_for(retriever)), or `run` when no model applies or the quote has no clauses of its own."""
    model = model_for(retriever) if model is None else model
    if model is None:
        return run
    cands, x = focus_matrix(question, query_vec, hit, start, end, run, retriever)
    return with_consequence(hit, *cands[choose(x, model)], end) if cands else run


_CONDITION = re.compile(r"的\s*[，,]\s*$")   # 「…逾期未领取的，」: a condition, its consequence after the comma
_CONSEQUENCE = re.compile(r"[^。；;！？!?\n]*[。；;！？!?]?")


def with_consequence(hit, s: int, e: int, end: int) -> tuple[int, int]:
    """The focus [s, e) grown to the end of its sentence (or ；, within the quote's `end`) when it ends in a condition
    「…的，」 or a key 「…电话：」 whose value follows on its line: 「换货后的商品再次出现性能故障的」 in bold said nothing
    of what follows (breaker Q, session 35; 22 tune quotes end so, 9 of them without their answer)."""
    text, off = hit.chunk.text, hit.chunk.start
    tail = text[e - off:min(end, hit.chunk.end) - off]
    comma = len(tail) - len(tail.lstrip("，, "))   # the condition's comma, when the focus stops before it
    if not _CONDITION.search(text[s - off:e - off] + tail[:comma]):
        comma = len(tail) - len(tail.lstrip("：: "))   # a key without its value (「…监督投诉电话」 of 「监督投诉电话：0599-8612
        if not re.search(r"[\u4e00-\u9fffA-Za-z][：:]\s*$", text[s - off:e - off] + tail[:comma]):   # 3399。」: breaker
            return s, e   # BM, session 43): the value after the colon, to the sentence's end
    if not tail[comma:comma + 1].strip():
        return s, e   # nothing on the line after it (a list's lead 「…如下：」): unchanged
    consequence = _CONSEQUENCE.match(tail, comma).group()
    return (s, e + comma + len(consequence.rstrip("。；;！？!?"))) if consequence.strip() else (s, e)


def model_for(retriever) -> dict | None:
    """The shipped focus model, or None when CHATBOT_FOCUS is "run" or the index was embedded by another model
    than the one it was fitted on (its cosines would mean something else)."""
    if getattr(retriever, "focus", "model") == "run":
        return None
    model = shipped_model()
    return model if fits_index(retriever, model["embedding_model"]) else None


def read_model(path: Path = MODEL_FILE) -> dict:
    """{"weights": (len(FOCUS_FEATURES),) over raw features, "bias", "char_cost", "embedding_model", "manifest"};
    raises FocusModelError when the file does not match this code (refit with bench/train_focus.py)."""
    data, arrays, scalars = read_fitted(path, FocusModelError, "focus model", FOCUS_FEATURES, FORMAT_VERSION,
                                        "bench/train_focus.py", scalars=("bias", "char_cost"))
    if scalars["char_cost"] < 0:
        raise FocusModelError(f"{path}: char_cost must be ≥ 0, not {scalars['char_cost']}")
    return {"weights": arrays["weights"], **scalars,
            "embedding_model": str(data["manifest"]["embedding_model"]), "manifest": data["manifest"]}


@lru_cache(maxsize=1)
def shipped_model() -> dict:
    return read_model(MODEL_FILE)
