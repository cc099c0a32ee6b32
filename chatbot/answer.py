"""Extractive answers: pick the run of clauses in the retrieved passages that answers the question.

Consumes: the question, its embedding, ranked `Hit`s and the retriever (for clause vectors and its lexicon).
Produces: an `Answer` whose quotes are verbatim spans of the corpus
(`Citation.quote == doc.text[start:end]`), each numbered and cited to its document and section.
Nothing is generated.
Candidates: runs of neighbouring clauses of the top passages — up to 5 (120 characters) for a
fact question, up to 8 (150 characters) for a "why / how / what is" one — and a table row as a
whole. A question (a clause ending in ? or a FAQ `Q1:` line) is never an answer.
Score: the cosine of question and run (clause vectors from the index, a run's vector is their
normalised sum) + the question's character bigrams the run contains, each weighted by how rare it
is among the candidate clauses (the asked-for relation counts, the subject every clause repeats
does not) + its novelty (the share of it that is not the question's own words: a clause that only
restates the subject answers nothing) + a small prior for the passage's rank + a bonus for a
figure when the question asks "how many" − a small cost per character.
Quotes: the best run grows to its whole sentence (at most 150 characters), so the answer is a
readable statement and not a fragment; a second run from another place that scores within
SECOND_MARGIN of the best is quoted too, as [2] (measured on the seed set and the CMRC trial set,
see README "Tuning").
Abstention: by the calibrated rules (`CHATBOT_ANSWERABILITY=rules`, the default) or the learned model of
answerability.py (`model`; not the default yet, see README "Quality"); the rules also apply
whenever the index was embedded by another model than the
one the model was fitted on (thresholds calibrated by bench/calibrate.py, see README). A Chinese question is
answered when the best passage's cosine reaches `min_score`, one top passage holds at least
`min_coverage` of its search words, and every dictionary noun of it with `min_term_chars` or
more characters occurs somewhere in the corpus; a question in Latin script, whose words cannot
match Chinese text, needs the cosine `min_score_crosslingual`.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from .chunks import SENTENCE, clauses, spans, with_places
from .lexical import fold
from .answerability import decide
from .signals import (CANDIDATE_PASSAGES, answer_type, bigrams, coverage, is_answerable, is_latin,  # noqa: F401
                      missing_terms, novelty)
from .retrieve import Hit

NOT_FOUND = "文档中没有找到与这个问题直接相关的内容。下面是最接近的段落，仅供参考。"
LEXICAL_WEIGHT = 0.5         # weight of the bigram overlap against the cosine
RANK_PRIOR = 0.01            # bonus per rank step above the last candidate passage
SENTENCE_CAP = 150          # a chosen run grows to its whole sentence(s), at most this many characters
SECOND_MARGIN = 0.05        # a second quote from elsewhere when its run scores within this of the best
MAX_QUOTES = 2
SHORT_RUN = (5, 120)         # a fact question is answered by up to 5 neighbouring clauses, at most 120 characters
LONG_RUN = (8, 150)          # a "why / how / what is" question by up to 8, at most 150 characters
NOVELTY_WEIGHT = 0.6         # weight of the share of the quote that is not the question's own words
LENGTH_COST = 0.0006         # per character, so a longer run wins only when it adds an answer
TRAILING = "，,；;：:、| "
QUANTITY_BONUS = 0.05        # for a clause with a digit when the question asks for a quantity
_QUANTITY = re.compile(r"多少|几|多大|多高|多长|多久|比例|规模|增长|提升|how (many|much|large|big|long)|rate|percent",
                       re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"为什么|为何|怎么|怎样|如何|什么样|哪些|特点|特色|介绍|是什么|什么是|原因|背景|过程|经过|作用|意义|"
                          r"影响|定义|内容|表现|what is|what are|why|how (do|does|did|is|are|was)|describe", re.IGNORECASE)
_LABEL = re.compile(r"^\s*(?:A|答)\s*\d*\s*[:：]\s*", re.IGNORECASE)


@dataclass(frozen=True)
class Citation:
    n: int
    source: str
    section: str
    start: int
    end: int
    quote: str
    focus_start: int = -1           # the clause run that answers, inside [start, end): shown in bold
    focus_end: int = -1


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str                     # the quotes, each followed by its [n]; or NOT_FOUND
    abstained: bool
    citations: list[Citation]
    passages: list[Hit]
    notice: str = ""                # e.g. "the question was truncated"


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    label = _LABEL.match(text)
    if label:
        start, text = start + label.end(), text[label.end():]
    while text[:1] in ("|", " "):  # a table row is quoted without its outer rules
        start, text = start + 1, text[1:]
    while end > start and text[end - 1 - start] in TRAILING:
        end -= 1
    return start, end


def _weights(question: str, clause_texts: list[str]) -> dict[str, float]:
    """Weight of each question bigram: rare among the candidate clauses = informative (local idf).

    The question's subject (史继偕, 网络小贷) recurs in many clauses of its passage and says little about
    where the answer is; the asked-for relation (之子, 开花, 门槛) occurs in few.
    """
    qb = bigrams(question)
    n = len(clause_texts)
    sets = [bigrams(t) for t in clause_texts]
    return {b: math.log((n + 1) / (sum(b in s for s in sets) + 0.5)) for b in qb}


def rank_runs(question: str, query_vec: np.ndarray, hits: list[Hit], retriever) -> list[tuple[float, Hit, int, int]]:
    """Every run of neighbouring clauses in the top passages, scored, best first: (score, hit, start, end).

    Clause vectors come from the index's clause store; a run's vector is the normalised sum of its clauses'.
    """
    spans, clause_store = retriever.index.clause_spans, retriever.index.clause_store
    q = query_vec.reshape(-1)
    top = min(len(hits), CANDIDATE_PASSAGES)
    wants_number = bool(_QUANTITY.search(question))
    max_clauses, max_span = LONG_RUN if _DESCRIPTIVE.search(question) and not wants_number else SHORT_RUN
    texts = {}
    for hit in hits[:top]:
        for row in retriever.clause_rows.get(hit.chunk.id, []):
            texts[row] = hit.chunk.text[int(spans[row][1]) - hit.chunk.start:int(spans[row][2]) - hit.chunk.start]
    weight = _weights(question, list(texts.values()))
    total = sum(weight.values()) or 1.0
    grams = {row: bigrams(t) & weight.keys() for row, t in texts.items()}
    runs = []
    for hit in hits[:top]:
        rows = retriever.clause_rows.get(hit.chunk.id, [])
        vecs = clause_store.vectors(rows) if rows else None   # one fetch per passage (a round trip with Milvus)
        for i in range(len(rows)):
            for j in range(i + 1, min(i + max_clauses, len(rows)) + 1):
                members = rows[i:j]
                s, e = int(spans[members[0]][1]), int(spans[members[-1]][2])
                text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
                if len(members) > 1 and (e - s > max_span or "\n" in text):
                    continue
                v = vecs[i:j].sum(0)
                lexical = sum(weight[b] for b in set().union(*(grams[m] for m in members))) / total
                score = (float(v @ q / np.linalg.norm(v)) + LEXICAL_WEIGHT * lexical
                         + NOVELTY_WEIGHT * novelty(question, text) + RANK_PRIOR * (top - hit.rank)
                         + (QUANTITY_BONUS if wants_number and any(ch.isdigit() for ch in text) else 0.0)
                         - LENGTH_COST * len(text))
                runs.append((score, hit, s, e))
    runs.sort(key=lambda r: -r[0])
    return runs


def to_sentences(hit: Hit, s: int, e: int, cap: int = SENTENCE_CAP) -> tuple[int, int]:
    """Grow the run [s, e) to the whole sentence(s) it lies in; when they are longer than `cap`, to the
    clauses around the run (after it first) that fit in `cap` characters."""
    off, text = hit.chunk.start, hit.chunk.text
    sentences = [(a, b) for a, b in spans(text, SENTENCE, off) if a < e and b > s]
    lo, hi = min([s] + [a for a, _ in sentences]), max([e] + [b for _, b in sentences])
    if hi - lo <= cap:
        return lo, hi
    inside = [c for c in clauses(text, off) if lo <= c[0] and c[1] <= hi]
    after = [c for c in inside if c[0] >= e]
    before = [c for c in inside if c[1] <= s][::-1]
    while after and after[0][1] - s <= cap:
        e = after.pop(0)[1]
        if before and e - before[0][0] <= cap:
            s = before.pop(0)[0]
    while before and e - before[0][0] <= cap:
        s = before.pop(0)[0]
    return s, e


def select_quotes(question: str, query_vec: np.ndarray, hits: list[Hit], retriever,
                  runs: list | None = None) -> list[tuple[Hit, int, int, int, int]]:
    """(hit, start, end, focus_start, focus_end) of each quote: the best run grown to its sentence, and a
    second one from elsewhere when its run scores within SECOND_MARGIN of the best (the passages
    disagree, or the answer sits in two places). The focus is the run itself."""
    runs = rank_runs(question, query_vec, hits, retriever) if runs is None else runs
    quotes = []
    for score, hit, fs, fe in runs:
        if len(quotes) == MAX_QUOTES or score < runs[0][0] - SECOND_MARGIN:
            break
        fs, fe = _trim(hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start], fs, fe)
        s, e = to_sentences(hit, fs, fe)
        s, e = _trim(hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start], s, e)
        if fs < fe and not any(q[0].chunk.source == hit.chunk.source and q[1] < e and s < q[2] for q in quotes):
            if quotes and not adds_answer(question, quotes[0], hit, fs, fe):
                continue
            quotes.append((hit, min(s, fs), max(e, fe), fs, fe))
    return quotes


def adds_answer(question: str, first: tuple, hit: Hit, fs: int, fe: int) -> bool:
    """A second quote is shown only when it adds a different answer: not for a question that asks for one
    value (多少 / 何时 / 谁 / 哪里: two values would contradict each other), and not the same focus text again
    (a duplicate file, or another version of the same sentence)."""
    if answer_type(question):
        return False
    h0, _, _, f0s, f0e = first
    return fold(h0.chunk.text[f0s - h0.chunk.start:f0e - h0.chunk.start]) != fold(hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start])


def answer(question: str, query_vec: np.ndarray, hits: list[Hit], retriever, settings, notice: str = "") -> Answer:
    """Cite the best clause, or abstain when the documents do not answer (answerability.decide)."""
    if not hits:
        return Answer(question, NOT_FOUND, True, [], hits, notice)
    runs = rank_runs(question, query_vec, hits, retriever)
    picked = select_quotes(question, query_vec, hits, retriever, runs)
    if not picked or not decide(question, query_vec, hits, retriever, settings, runs, picked):
        return Answer(question, NOT_FOUND, True, [], hits, notice)
    citations = [Citation(n, hit.chunk.source, hit.chunk.section, s, e, hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start],
                          fs, fe) for n, (hit, s, e, fs, fe) in enumerate(picked, 1)]
    return Answer(question, " ".join(f"{c.quote} [{c.n}]" for c in citations), False, citations, hits, notice)


def to_dict(a: Answer) -> dict:
    """The JSON shape of `chatbot ask --json`, the HTTP API and eval details (field names are stable);
    every citation and passage carries `page` (1-based PDF page or slide, else null) and `location`."""
    return with_places({
        "question": a.question,
        "answer": a.answer,
        "abstained": a.abstained,
        "notice": a.notice,
        "citations": [vars(c) for c in a.citations],
        "passages": [{"rank": h.rank, "source": h.chunk.source, "section": h.chunk.section, "text": h.chunk.text,
                      "score": round(h.score, 6), "dense": round(h.dense, 6), "bm25": round(h.bm25, 6),
                      "start": h.chunk.start, "end": h.chunk.end} for h in a.passages],
    }, a.passages)
