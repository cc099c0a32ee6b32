"""The answerability model's inputs: a feature vector of a question and its best candidate quote.

Consumes: the question, its unit vector, the ranked `Hit`s, the answer step's ranked clause runs
and the retriever (its lexicon, the chunks' token sets, and each top passage's `Clauses`: offsets and
vectors, retrieve.py). Produces: `features(...)`, a vector in `FEATURES` order (all cheap: no second model), which
answerability.Model turns into P(answerable) and bench/train_answerability.py fits on.
Features: cosines (best passage, its margin, best clause, best run), BM25, the question's search words weighted by
IDF (folded) in the top passages, in the quote or nowhere in the corpus, the asked-for answer type (answertype.py:
多少 → a number, 何时 → a date, 谁 → a name, 哪里 → a place; 多少天 → days) and whether the quote or run has one,
the rarest words in the quote or run, the quote's novelty, Latin-script flags; for near misses, the IDF share of the
question's dictionary nouns in the quote, the run or nowhere, a number or model code (2024, XR-300; not a condition
a stated range holds) missing from the best passage, a quantity in a named unit (多少天, 几点) the top passages lack;
for English questions their CC-CEDICT terms in the quote and how much of them renders into the corpus's words
(signals.english_topic); for a Chinese question with Latin words, the share no top passage writes or renders
(signals.latin_share); the highest cosine to the off-topic background this corpus does not cover (background.py).
Shortcut: the IDF table is computed once per retriever (one pass over the chunks' token sets).
"""
from __future__ import annotations

import math
import re

import numpy as np

from .answertype import answer_type, has_type, labels
from .background import background_max
from .lexical import fold, in_context
from .numbered import members as numbered_members
from .ranges import is_condition
from .signals import (CANDIDATE_PASSAGES, ENGLISH_TOPIC, asked_nouns, coverage, english_topic, is_latin, latin_share,
                      missing_terms, novelty)
from .values import lacks_value

FEATURES = ("dense_max", "dense_margin", "dense_spread", "bm25_log", "clause_max", "run_cos", "run_score",
            "run_margin", "coverage", "idf_cov_top", "idf_cov_quote", "idf_unknown", "missing_noun",
            "focus_in_quote", "focus_in_chunk", "type_asked", "type_mismatch", "novelty", "latin",
            "latin_dense", "latin_clause", "latin_spread", "q_chars_log",
            "noun_cov_quote", "noun_cov_run", "noun_absent", "rarest_in_run", "code_missing", "type_in_run",
            "latin_terms_quote", "unit_mismatch", "unit_absent",
            *ENGLISH_TOPIC, "mixed_latin_absent", "background_max")

_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_CODE = re.compile(r"[a-z]*[-_]?\d+(?:\.\d+)*[a-z]*")  # a number or model code of the folded question: 2024, xr-200, p1, v2.3


def features(question: str, query_vec: np.ndarray, hits: list, retriever, runs: list, quote: str = "",
             quote_hit=None) -> np.ndarray:
    """The FEATURES of a question and its best candidate (`runs` from answer.rank_runs, `quote` the
    best run's sentence as it would be quoted, `quote_hit` the Hit it is from: the best run's by default)."""
    q = query_vec.reshape(-1)
    dense = np.array([h.dense for h in hits] or [0.0])
    top = sorted(dense, reverse=True)
    idf, unseen = retriever.idf()
    words = set(retriever.lexicon.tokenize(question))
    weights = {w: idf.get(w, unseen) for w in words}
    total = sum(weights.values()) or 1.0
    cand = hits[:CANDIDATE_PASSAGES]
    idf_cov_top = max((sum(v for w, v in weights.items() if w in retriever.chunk_tokens[h.chunk.id]) / total
                       for h in cand), default=0.0)
    idf_unknown = sum(v for w, v in weights.items() if w not in idf) / total
    clause_vecs = [retriever.clauses(h).vectors for h in cand]
    clause_max = float((np.concatenate(clause_vecs) @ q).max()) if sum(map(len, clause_vecs)) else 0.0
    run_cos = run_score = run_margin = nov = 0.0
    fq = fold(quote)
    chunk_text = ""
    if runs:
        score, hit, s, e = runs[0]
        clauses = retriever.clauses(hit)
        members = (s <= clauses.spans[:, 0]) & (clauses.spans[:, 1] <= e)   # the run's clauses
        if members.any():
            v = clauses.vectors[members].sum(0)
            run_cos = float(v @ q / (np.linalg.norm(v) or 1.0))
        run_score = score
        other = next((r[0] for r in runs if r[1].chunk.id != hit.chunk.id), score - 0.2)
        run_margin = score - other
        nov = novelty(question, quote) if quote else 0.0
        # the passage in its context: its file name, title and headings are part of it (a model code
        # such as XR-300 may be only in the file name)
        chunk_text = in_context(hit.chunk)
    idf_cov_quote = sum(v for w, v in weights.items() if w in fq) / total if fq else 0.0
    focus = sorted(weights, key=lambda w: (-weights[w], w))[:2]  # ties by the word: not by set order (hash seed)
    focus_in_quote = sum(w in fq for w in focus) / len(focus) if focus else 0.0
    focus_in_chunk = sum(w in chunk_text for w in focus) / len(focus) if focus else 0.0
    kind = answer_type(question)
    latin = float(is_latin(question))
    mixed = float(not latin and bool(_LATIN_WORD.search(question)))
    spread = top[0] - float(np.mean(top[:10]))
    run_text = fold(quote_text(runs[0][1], runs[0][2], runs[0][3])) if runs else ""
    all_nouns = retriever.lexicon.content_nouns(question)
    asked = asked_nouns(question, all_nouns)   # 哪个部门 → 部门: names the answer's kind, need not occur
    nouns = {w: idf.get(w, unseen) for w in all_nouns if len(w) >= 2 and w not in asked and not is_condition(w, question)}
    ntotal = sum(nouns.values()) or 1.0
    zh = 1.0 - latin
    noun_cov_quote = zh * (sum(v for w, v in nouns.items() if w in fq) / ntotal if nouns else 1.0)
    noun_cov_run = zh * (sum(v for w, v in nouns.items() if w in run_text) / ntotal if nouns else 1.0)
    noun_absent = zh * sum(v for w, v in nouns.items() if w not in retriever.vocabulary and w not in chunk_text) / ntotal
    rarest = max(weights, key=lambda w: (weights[w], w)) if weights else ""
    # a number the question states as a condition (12 years of service, 超过5天) is held by a range the passage states
    # (满10年不满20年): not a code the passage must repeat (超过5天's bound is 5 + 1e-6 in ranges.py: compared within 1e-3)
    codes = [c for c in _CODE.findall(fold(question)) if c and not is_condition(c, question)]
    if any(c.isdigit() for c in codes):   # … nor a member of a numbered series inside a range the passage states (18号窗口
        spanned = {n for _, n in numbered_members(fold(question)) & numbered_members(chunk_text)}   # in 「15—20号窗口」)
        codes = [c for c in codes if not (c.isdigit() and int(c) in spanned)]
    code_missing = float(any(c not in chunk_text for c in codes)) if codes else 0.0
    # a table row or record names its unit once, in a column name (| 城市 | 住宿标准（元/晚） | over | 北京 | 600 |)
    labelled = bool(runs) and ":" in kind and bool(quote) and _labelled(question, quote, quote_hit or runs[0][1])
    terms = retriever.translated(question) if latin or mixed else []
    x = {
        "dense_max": top[0], "dense_margin": top[0] - (top[1] if len(top) > 1 else top[0] - 0.05),
        "dense_spread": spread, "bm25_log": math.log1p(max((h.bm25 for h in hits), default=0.0)),
        "clause_max": clause_max, "run_cos": run_cos, "run_score": run_score, "run_margin": run_margin,
        "coverage": coverage(question, hits, retriever) if words else 0.0, "idf_cov_top": idf_cov_top,
        "idf_cov_quote": idf_cov_quote, "idf_unknown": idf_unknown,
        "missing_noun": float(bool(missing_terms(question, retriever, 3))),
        "focus_in_quote": focus_in_quote, "focus_in_chunk": focus_in_chunk,
        "type_asked": float(bool(kind)),
        "type_mismatch": float(bool(kind) and bool(quote) and not has_type(kind, quote) and not labelled),
        "novelty": nov, "latin": latin,
        "latin_dense": latin * top[0], "latin_clause": latin * clause_max, "latin_spread": latin * spread,
        "q_chars_log": math.log1p(len(question)),
        "noun_cov_quote": noun_cov_quote, "noun_cov_run": noun_cov_run, "noun_absent": noun_absent,
        "rarest_in_run": zh * float(bool(rarest) and rarest in run_text), "code_missing": code_missing,
        "type_in_run": float(bool(kind) and bool(run_text) and (has_type(kind, run_text) or labelled)),
        "latin_terms_quote": sum(t in fq for t in terms) / len(terms) if terms else 0.0,
        # a quantity in a named unit (多少天, 几点, 多少钱): the judged quote, and every top passage, without one
        "unit_mismatch": float(":" in kind and bool(quote) and not has_type(kind, quote) and not labelled),
        "unit_absent": float(":" in kind and not any(has_type(kind, h.chunk.text) or _labelled(question, h.chunk.text, h)
                                                     for h in hits[:CANDIDATE_PASSAGES])),
        **english_topic(question, retriever, cand, clause_vecs, terms),
        # a Chinese question's Latin terms that no top passage writes or renders (Mac 上怎么 force quit; not 访客Wi-Fi,
        # annual leave 怎么申请 over 年休假): a mixed question is no weaker than a Chinese one unless its Latin words are
        # missing (session 17: a `mixed` flag scored every mixed question lower, field cases 01 and 13)
        "mixed_latin_absent": mixed * (1.0 - latin_share(question, [in_context(h.chunk) for h in cand],
                                                         retriever.vocabulary)) if mixed else 0.0,
        "background_max": background_max(q, retriever),
    }
    return np.array([x[name] for name in FEATURES], dtype=np.float64)


def _labelled(question: str, text: str, hit) -> bool:
    """Whether `text` of a table row or record `hit` holds the quantity `question` asks in a unit once its header rows
    (the chunk's context, with the units its sheet's title states: answertype.labels) and section are read with it: a
    figure in the text and the unit in a column name, the heading or the title (「2024年门市票价」 over 「周一至周四：99」;
    values.lacks_value).
    False for any other chunk. Why: the unit features read the row alone, so 「去北京出差住酒店能报多少钱」 over
    「| 北京 | 600 | 900 | 100 |」 under 「住宿标准（元/晚）」 was a type mismatch and abstained (session 28)."""
    return hit.chunk.kind in ("table", "record") and not lacks_value(question, text, f"{labels(hit.chunk)} {hit.chunk.section}")


def quote_text(hit, s: int, e: int) -> str:
    return hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
