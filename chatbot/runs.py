"""Candidate answers: runs of neighbouring clauses in the top passages, described by features and ranked.

Consumes: the question, its unit vector, the ranked `Hit`s and the retriever, which hands over each top
passage's `Clauses` (retrieve.py: their offsets, texts and vectors, built at index time). Produces:
`rank_runs` → [(score, hit, start, end)] best first, and `run_matrix` → the same candidates with their
`RUN_FEATURES` (for bench/train_run_ranker.py).
Candidates: up to 5 neighbouring clauses (120 characters) for a fact question, up to 8 (150) for a
"why / how / what is" one, never across a line break (a table row, a list item, a record line is
quoted whole or alone).
Features of a run: its cosine to the question (a run's vector is the normalised sum of its clauses') and to the
question without its passage's subject (Retriever.subject_free: 「乍都节公园的面积有多大?」 → 「的面积有多大?」 in a
passage headed 乍都节公园, so the clause with the area outscores the lead sentence that names the park; on the CMRC
tune questions the answer's clause is the best single clause for 0.55 of them by the whole question, 0.77 by the
rest),
the question's character bigrams it holds weighted by how rare they are among the candidate clauses
(the asked-for relation counts, the subject every clause repeats does not; an English question's bigrams are
those of its Chinese rendering, Retriever.gloss: on the English tune questions whose candidates hold the answer,
the shipped weights' best run holds it for 0.769 of them against 0.754 without), and the same share over the
question without its passage's subject (a subject the passage names once, in its lead sentence, would
otherwise count as rare: 斯氏腔吻鳕 in 「斯氏腔吻鳕主要以什么为食?」), its best single clause (cosine to the
question and to the question without the subject, and that clause's gap to the best clause of all
candidates; its share of the question's bigrams, also without the subject), the question's bigrams in the
clause just before it (the answer often follows the clause that repeats the question's words), whether it
opens its passage, its novelty (the share
that is not the question's own words), the retrieval evidence of its passage (rank, cosine, its gap
to the best, BM25 share, and the question's bigrams in the passage's heading context and file name,
which its clause vectors never saw, with the list items a sub-item sits under: subitems.items_above, session 55),
whether it holds the asked-for kind of value (多少 → a number …),
its length in characters and clauses.
Score: a pairwise logistic ranker fitted on `tune` questions only (bench/train_run_ranker.py: a run
that holds a gold answer must outscore one that does not), stored in
chatbot/data/run_ranker.json with a manifest and checked on load; with an index embedded by another
model, or `CHATBOT_RUN_RANKER=rules`, the hand-set weights `RULES` apply (the pre-learning formula).
Numbers: `by_range` reorders the runs when the question names a value or range with a unit (12 years of
service, 超过5天): the runs whose stated range holds it first and those whose ranges all miss it last, the
ranker's order kept inside each grade (ranges.py: 「满10年不满20年」 answers 12 years, not the higher-scored
「满1年不满10年」). It chooses what is quoted; answer.py leaves the answerability decision on the ranker's order.
Shortcut: a name (谁) is detected per clause by jieba's tagger, once per clause per question.
"""
from __future__ import annotations

import math
import re
from functools import lru_cache
from pathlib import Path

import numpy as np

from .answertype import MONEY_NOUN, answer_type, has_type, labels
from .errors import ChatbotError
from .fitted import fits_index, read_fitted
from .lexical import fold, subject_free_text
from .quotes import asks_items
from .ranges import fit, question_ranges
from .signals import CANDIDATE_PASSAGES, bigrams, is_latin, novelty
from .subitems import items_above

RUN_FEATURES = ("run_cos", "lexical", "novelty", "rank_prior", "passage_dense", "dense_gap", "bm25_share",
                "number_digit", "type_has", "type_lacks", "chars", "clauses", "context", "top_passage", "latin_cos",
                "subject_free_cos", "lexical_free", "lexical_prev", "lead", "clause_cos_max", "clause_free_max",
                "clause_free_gap", "clause_lexical_max", "clause_lexical_free_max")
# the formula before learning (hand-set on the seed set and the CMRC trial set): cosine + 0.5 lexical +
# 0.6 novelty + 0.01 per rank step + 0.05 for a figure when a quantity is asked − 0.0006 per character
RULES = dict(run_cos=1.0, lexical=0.5, novelty=0.6, rank_prior=0.02, number_digit=0.05, chars=-0.0006)
RULE_WEIGHTS = np.array([RULES.get(f, 0.0) for f in RUN_FEATURES])
RULE_MARGIN = 0.05   # a second quote from elsewhere when its run scores within this of the best (rules' units)
FORMAT_VERSION = 1
MODEL_FILE = Path(__file__).parent / "data" / "run_ranker.json"
SHORT_RUN = (5, 120)         # a fact question is answered by up to 5 neighbouring clauses, at most 120 characters
LONG_RUN = (8, 150)          # a "why / how / what is" question by up to 8, at most 150 characters
_QUANTITY = re.compile(r"多少|几|多大|多高|多长|多久|比例|规模|增长|提升|how (many|much|large|big|long)|rate|percent",
                       re.IGNORECASE)
_DESCRIPTIVE = re.compile(r"为什么|为何|怎么|怎样|如何|什么样|哪些|特点|特色|介绍|是什么|什么是|原因|背景|过程|经过|作用|意义|"
                          r"影响|定义|内容|表现|what is|what are|why|how (do|does|did|is|are|was)|describe", re.IGNORECASE)


class RunRankerError(ChatbotError):
    """The fitted run ranker file is missing, damaged or made for other features."""


def local_weights(question: str, clause_texts: list[str]) -> dict[str, float]:
    """Weight of each question bigram: rare among the candidate clauses = informative (local idf).

    The question's subject (史继偕, 网络小贷) recurs in many clauses of its passage and says little about
    where the answer is; the asked-for relation (之子, 开花, 门槛) occurs in few.
    """
    qb = bigrams(question)
    n = len(clause_texts)
    sets = [bigrams(t) for t in clause_texts]
    return {b: math.log((n + 1) / (sum(b in s for s in sets) + 0.5)) for b in qb}


def run_matrix(question: str, query_vec: np.ndarray, hits: list, retriever) -> tuple[list[tuple], np.ndarray]:
    """Every candidate run of the top passages as (hit, start, end), and its features: (n, len(RUN_FEATURES))."""
    q = query_vec.reshape(-1)
    top = min(len(hits), CANDIDATE_PASSAGES)
    folded = fold(question)   # 為什麼 → 为什么, 幾 → 几
    wants_number, kind, latin = bool(_QUANTITY.search(folded)), answer_type(question), is_latin(question)
    max_clauses, max_span = LONG_RUN if _DESCRIPTIVE.search(folded) and not wants_number else SHORT_RUN
    clauses = [retriever.clauses(hit) for hit in hits[:top]]   # one vector fetch per passage (a round trip with Milvus)
    texts = {row: text for c in clauses for row, text in zip(c.rows.tolist(), c.texts)}
    # an English question shares no bigram with a Chinese clause: its words count through their Chinese rendering
    asked = f"{question} {retriever.gloss(question)[0]}" if latin else question
    weight = local_weights(asked, list(texts.values()))
    total = sum(weight.values()) or 1.0
    grams = {row: bigrams(t) & weight.keys() for row, t in texts.items()}
    typed = {row: has_type(kind, t) for row, t in texts.items()} if kind else {}
    for hit, c in zip(hits[:top], clauses):   # a row's figure under a heading naming a price (「周一至周四：99」 under
        if kind == "number:money" and hit.chunk.kind in ("table", "record") \
                and re.search(MONEY_NOUN + "|[(（]元", f"{labels(hit.chunk)} {hit.chunk.section}"):   # 2024年门市票价: AC)
            typed |= {row: True for row, t in zip(c.rows.tolist(), c.texts) if re.search(r"\d", t)}
    best_dense = max((h.dense for h in hits[:top]), default=0.0)
    best_bm25 = max((h.bm25 for h in hits[:top]), default=0.0)
    # the question without each passage's subject (乍都节公园的面积有多大 → 的面积有多大): every clause of a passage shares
    # its subject, so the rest is what tells the answering clause from the lead sentence that names the subject
    free = retriever.subject_free(question, hits[:top])
    free_texts = [subject_free_text(asked, h.chunk) for h in hits[:top]]
    # each clause's cosine to the whole question and to the question without its passage's subject; the best of the
    # latter over every candidate clause (a run's best clause is compared with it)
    whole = [c.vectors @ q for c in clauses]
    qfs = [q if f is None else f.reshape(-1) for f in free]
    single = [c.vectors @ qf for c, qf in zip(clauses, qfs)]
    best_single = max((float(a.max()) for a in single if len(a)), default=0.0)
    own = {row: sum(weight[b] for b in g) / total for row, g in grams.items()}
    cands, rows_out = [], []
    for position, (hit, clause) in enumerate(zip(hits[:top], clauses)):
        qf = qfs[position]
        rows, spans, vecs = clause.rows.tolist(), clause.spans.tolist(), clause.vectors
        heading = bigrams(" ".join((hit.chunk.doc, hit.chunk.context, hit.chunk.section)))
        # the question's bigrams left without the passage's subject (all of them when nothing is removed): which
        # clause says the asked-for relation; a subject the passage names once, in its lead, would count otherwise
        rest = bigrams(free_texts[position]) & weight.keys() or set(weight)
        rest_total = sum(weight[b] for b in rest) or 1.0
        own_free = {row: sum(weight[b] for b in grams[row] & rest) / rest_total for row in rows}
        context = sum(w for b, w in weight.items() if b in heading) / total
        above: dict[int, float] = {}   # the context feature by line start
        passage = [(top - 1 - position) / max(top - 1, 1), hit.dense, hit.dense - best_dense,
                   hit.bm25 / best_bm25 if best_bm25 > 0 else 0.0]
        for i in range(len(rows)):
            # a sub-item's context holds the items it sits under (「- 智能手环」 over 「  - 设备费：…」): once per line
            if (line := hit.chunk.text.rfind("\n", 0, spans[i][0] - hit.chunk.start) + 1) not in above:
                items = bigrams(items_above(hit.chunk.text, line)) if line else frozenset()
                above[line] = (sum(w for b, w in weight.items() if b in heading or b in items) / total
                               if items else context)
            for j in range(i + 1, min(i + max_clauses, len(rows)) + 1):
                members = rows[i:j]
                s, e = spans[i][0], spans[j - 1][1]
                text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
                if len(members) > 1 and (e - s > max_span or "\n" in text):
                    continue
                v = vecs[i:j].sum(0)
                norm = np.linalg.norm(v)
                cos = float(v @ q / norm)
                inside = set().union(*(grams[m] for m in members))
                lexical = sum(weight[b] for b in inside) / total
                has = any(typed.get(m, False) for m in members)
                rows_out.append([cos, lexical, novelty(asked, text), *passage,
                                 float(wants_number and any(ch.isdigit() for ch in text)),
                                 float(bool(kind) and has), float(bool(kind) and not has), float(len(text)),
                                 float(len(members)), above[line], float(position == 0),
                                 cos if latin else 0.0, float(v @ qf / norm),
                                 sum(weight[b] for b in inside & rest) / rest_total,
                                 sum(weight[b] for b in grams[rows[i - 1]] - inside) / total if i else 0.0,
                                 float(i == 0), float(whole[position][i:j].max()), float(single[position][i:j].max()),
                                 float(single[position][i:j].max()) - best_single, max(own[m] for m in members),
                                 max(own_free[m] for m in members)])
                cands.append((hit, s, e))
    return cands, np.array(rows_out, dtype=np.float64).reshape(-1, len(RUN_FEATURES))


def rank_runs(question: str, query_vec: np.ndarray, hits: list, retriever, weights: np.ndarray | None = None
              ) -> list[tuple[float, object, int, int]]:
    """Every candidate run, scored, best first: (score, hit, start, end). `weights` (len(RUN_FEATURES)) or
    the ranker the index fits (`ranker_for`)."""
    cands, x = run_matrix(question, query_vec, hits, retriever)
    if not cands:
        return []
    scores = x @ (ranker_for(retriever)[0] if weights is None else weights)
    order = sorted(range(len(cands)), key=lambda k: -scores[k])
    return [(float(scores[k]), *cands[k]) for k in order]


def by_range(question: str, runs: list) -> list:
    """`runs` (rank_runs) reordered for a question with a number and unit (12 years, 超过5天): the runs whose range
    holds it first, those of the best-scored such run's passage before the others, the most specific range first
    (ranges.fit), score order inside each grade; `runs` itself when the question names no such number."""
    ranges = question_ranges(question)
    if not ranges:
        return runs
    fits = [fit(ranges, run_text(*r[1:]), question) for r in runs]
    # the passage of the best-scored run that holds the value comes first: a more specific range elsewhere is another
    # rule (「4万块谁审批」: the 审批 article's 超过3万元, not the 服务期 article's 1万元至5万元; session 29's breaker)
    home = next((r[1].chunk.id for r, f in zip(runs, fits) if f >= 1), None)   # a stated range (not an equal amount)
    group = [0 if f >= 1 and r[1].chunk.id == home else 1 if f > 0 else 2 for r, f in zip(runs, fits)]
    return [runs[k] for k in sorted(range(len(runs)), key=lambda k: (group[k], -fits[k]))]   # stable: score order kept


def ranker_for(retriever) -> tuple[np.ndarray, float]:
    """(weights, second-quote margin in score units): the learned ones when the shipped ranker was fitted
    on the index's embedding model (and CHATBOT_RUN_RANKER is not "rules"), else (RULE_WEIGHTS, RULE_MARGIN)."""
    if getattr(retriever, "run_ranker", "model") == "rules":
        return RULE_WEIGHTS, RULE_MARGIN
    model = shipped_ranker()
    if not fits_index(retriever, model["embedding_model"]):
        return RULE_WEIGHTS, RULE_MARGIN
    return model["weights"], model["second_margin"]


def read_ranker(path: Path = MODEL_FILE) -> dict:
    """{"weights": array (len(RUN_FEATURES)) over raw features, "second_margin", "embedding_model", "manifest"}; raises
    RunRankerError when the file does not match this code (refit with bench/train_run_ranker.py)."""
    data, arrays, scalars = read_fitted(path, RunRankerError, "run ranker", RUN_FEATURES, FORMAT_VERSION,
                                        "bench/train_run_ranker.py", scalars=("second_margin",))
    return {"weights": arrays["weights"], "second_margin": scalars["second_margin"],
            "embedding_model": str(data["manifest"]["embedding_model"]), "manifest": data["manifest"]}


@lru_cache(maxsize=1)
def shipped_ranker() -> dict:
    return read_ranker(MODEL_FILE)


def run_text(hit, s: int, e: int) -> str:
    """The text of a run [s, e) of `hit`'s passage, folded for matching."""
    return fold(hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start])


# what a question asks the exceptions of (「哪些情况下停电是不给补偿的」), and what a passage states exceptions with
_NOT_ASKED = re.compile(r"不能|不给|不予|不可|不得|不允许|不让|不准|不包括|不接受|不受理|不支持|不适用|谢绝|禁止|无法")
_NOT_STATED = re.compile(r"不|无|非|禁|谢绝|除外|严禁")
NEGATION_MARGIN = 0.5   # run-score points a run stating exceptions may trail one that states none (AA's: 0.1)


def by_negation(question: str, runs: list) -> list:
    """`runs` with the first run (within NEGATION_MARGIN of the best) that states an exception (不予, 不得, 禁止 …) moved
    first, when the question asks for the items that are not (哪些…不能 / 不给 / 不予: quotes.asks_items) and the best
    run states none; else `runs`. Why: 「哪些情况下停电是不给补偿的？」 quoted 「…按以下标准给予补偿」 0.1 above 「有下列情形之一的，
    本公司不予补偿或赔偿：…」 (breaker AA, session 38): the ranker reads 给予补偿 and 不予补偿 alike."""
    if not runs or not asks_items(question) or not _NOT_ASKED.search(fold(question)) \
            or _NOT_STATED.search(run_text(*runs[0][1:])):
        return runs
    stated = next((r for r in runs[1:] if r[0] >= runs[0][0] - NEGATION_MARGIN and _NOT_ASKED.search(run_text(*r[1:]))), None)
    return runs if stated is None else [stated] + [r for r in runs if r is not stated]
