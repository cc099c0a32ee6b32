"""Extractive answers: pick the run of clauses in the retrieved passages that answers the question.

Consumes: the question, its embedding, ranked `Hit`s and the retriever (for clause vectors and its lexicon). Produces:
an `Answer` whose quotes are verbatim spans of the corpus (`Citation.quote == doc.text[start:end]`), each numbered and
cited to its document and section; a quoted table row also carries its column names, read from the header row in its
chunk's context (columns.table_columns). Nothing is generated.
Candidates: runs of neighbouring clauses of the top passages, ranked by runs.py (a learned logistic scorer over the
run's cosine, weighted word overlap, novelty, its passage's retrieval evidence and answer type; fitted on `tune`
questions by bench/train_run_ranker.py), the runs whose number range holds the question's number first (runs.by_range;
abstention still reads the ranker's own order), and the passages on the year, quarter, month, week or model code the
question names before those on another (series.py). A question (a clause ending in ? or a FAQ `Q1:` line) is never an
answer. A table among the top passages whose keys do not hold the place or code asked about answers from its 「其他…」 row
(tables.table_row); a quoted row's focus is the cell under the column the question names (cells.cell_focus); a
nested list's sub-item is the one under the item the question names, quoted with that item (subitems.py); a clause
that points to another document (「详见《…》」) gives way to that document's run (pointers.py), and for 「去哪…」 a row
whose asked cell says no (休息, 不提供) to a row of its table that says yes (closed.py).
Quotes: the best run grows to its whole sentence (at most 150 characters; a list question's to its whole enumeration
when it fits in 300, also into the next passage: quotes.py), a readable statement, not a fragment; a second run from
elsewhere scoring within the ranker's margin of the best is quoted too, as [2] (selection.py; README "Tuning").
Versions: passages of a superseded version of a document (「（2022版）」 beside 「（2024版）」) leave the candidates when the
current version has one, unless the question names that version (versions.py).
Abstention: answerability.decide, the learned model by default (`CHATBOT_ANSWERABILITY=model`), the calibrated rules
of signals.py when the index was embedded by another model than the one the model was fitted on, or with
`CHATBOT_ANSWERABILITY=rules` (README "Quality"); and always when the quote (with its file name and headings) names
only other periods or codes of a unit than the ones asked for (「第二季度」 over a passage on 第三季度 only, 「XR-500」 over one
on XR-200: series.mismatch), or holds no value in the unit the question asks for (「几点开始」 over 「7月9日下午」, 「多少钱」 over a
sentence with no amount, 「手机号」 over a list of extensions: values.lacks_value), or is a table row lacking the question's
key-column words that no row holds all of (「涂装工的安全鞋」 over the 装配工 row: rowterms.py), or ignores a detail the question
names: a word it lacks that, left out, brings the question nearer the quote (「4D影院的军人票多少钱？」: detail.py), or writes
nothing of the attribute whose value it asks (「大众朗逸百公里油耗是多少？」 over the 朗逸 row's prices: detail.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .chunks import with_places
from .answerability import decide
from .values import prefer_value
from .signals import (CANDIDATE_PASSAGES, bigrams, coverage, is_answerable, is_latin,  # noqa: F401
                      missing_terms, novelty)
from .retrieve import Hit
from .versions import families_for, prefer_current
from .cells import cell_focus
from .columns import table_columns
from .tables import first, table_row
from .rowterms import prefer_named_row, prefer_rows
from .namesakes import prefer_exact
from .rowkeys import shown_section
from .beside import prefer_row as prefer_table_row
from .tablelists import prefer_table, with_rows
from .series import member_item, prefer as prefer_series, prefer_row
from .runs import by_negation, by_range, rank_runs, ranker_for
from .clock import by_clock
from .detail import ignored
from .focus import overlap_of, tighten
from .quotes import SENTENCE_CAP, asks_items, to_sentences  # noqa: F401 (SENTENCE_CAP, to_sentences: tests, bench)
from .leads import shown
from .selection import MAX_QUOTES, _trim, adds_answer, select_quotes  # noqa: F401 (tests, bench)
from .subitems import nested_focus, prefer_parent
from .refusals import refusal
from .ties import tied_rows
from .tablerows import focus_caption
from .pointers import referenced
from .closed import open_row

NOT_FOUND = "文档中没有找到与这个问题直接相关的内容。下面是最接近的段落，仅供参考。"


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
    columns: tuple[str, ...] = ()   # a table row: the header's name of each cell of the quote (table_columns)


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str                     # the quotes, each followed by its [n]; or NOT_FOUND
    abstained: bool
    citations: list[Citation]
    passages: list[Hit]
    notice: str = ""                # e.g. "the question was truncated"
    refused_by: str = ""            # an abstention's reason: a content rule's name (refusals.py), "decide", "ignored",
                                    # "no_passages", or "followup" (followup.py)


def quotes_for(question: str, query_vec: np.ndarray, hits: list[Hit], retriever, context: str = "") -> tuple[list, list, list, list]:
    """(ranked hits, the ranker's runs, the quotes to show, the quotes to judge answerability on): the quotes as
    select_quotes gives them (each focus is still the ranker's run), the shown ones after the range and series
    orders, the judged ones on the ranker's own order; `context`: a follow-up joined with the questions before it (they
    may name the row it asks of: closed.py). bench/train_focus.py starts from here too."""
    row, hits = table_row(question, query_vec, hits, retriever)   # 杭州 → the 其他城市 row, 4年 → 3年至5年 (tables.py)
    ranked = prefer_current(question, hits, families_for(retriever))  # 2024版 before the 2022版 it replaces
    runs = rank_runs(question, query_vec, ranked, retriever)
    ordered = by_negation(question, by_clock(question, by_range(question, runs)))   # 12 years → the 满10年不满20年 clause first (runs.py, ranges.py); 凌晨3点 → 2:00–5:00 (clock.py)
    ordered = prefer_series(question, ordered)   # 第二季度 → a passage on 第二季度 before one on 第三季度 (series.py)
    ordered = prefer_value(question, ordered, ranker_for(retriever)[1], retriever.lexicon)   # 热线号码 → one that writes it
    ordered = first(row, prefer_row(question, ordered, retriever.lexicon))   # 成都…伙食补助 → the row 「成都 | 400 | 650 | 60」
    ordered = prefer_parent(question, prefer_rows(question, prefer_named_row(question, ordered, retriever), retriever))   # 焊接皮手套 → that row before the 焊接工 row of 阻燃工作服; 艺术部办公室 → 艺术部's sub-item
    ordered = prefer_exact(question, ordered, retriever)   # 新区店 → its own row, not 新区店售后专员's (namesakes.py)
    ordered = prefer_table_row(question, ordered, retriever)   # a row of the table, not the 说明 note beside it
    ordered = open_row(question, referenced(question, ordered), retriever, context)   # 详见《…》: that file's run (pointers.py); 去哪
    ordered = prefer_table(question, ordered, retriever)   # …: not a row saying 休息 (closed.py); 哪几个急救点: the table's rows
    picked = with_rows(question, select_quotes(question, query_vec, ranked, retriever, ordered), retriever)   # 哪些: every row
    # whether to answer is judged on the ranker's own best run: the orders above change what is quoted only (a quote on
    # another period or model is refused on its own, in answer); a row the question names by its key is judged itself
    judged = first(row, prefer_row(question, runs, retriever.lexicon))
    evidence = picked if ordered is judged or ordered[:1] == judged[:1] else select_quotes(question, query_vec, ranked,
                                                                                          retriever, judged)
    return ranked, runs, picked, evidence


def answer(question: str, query_vec: np.ndarray, hits: list[Hit], retriever, settings, notice: str = "", context: str = "") -> Answer:
    """Cite the best clause, or abstain when the documents do not answer (answerability.decide); `context`: a follow-up
    joined with the questions before it (bot.ask: they may name the row it asks of, ties.py)."""
    if not hits:
        return Answer(question, NOT_FOUND, True, [], hits, notice, "no_passages")
    ranked, runs, picked, evidence = quotes_for(question, query_vec, hits, retriever, context)
    rule, asked, where, said = refusal(question, picked, ranked, retriever)
    if not rule and not decide(asked, query_vec, ranked, retriever, settings, runs, evidence or picked):
        rule = "decide"
    if not rule and settings.detail_gain > 0 and not said \
            and ignored(asked, *picked[0][:3], where, retriever, settings.detail_gain):   # 军人票 (detail.py); not for
        rule = "ignored"                                                             # 杭州 answered by the 其他城市 row
    if rule:
        return Answer(question, NOT_FOUND, True, [], hits, notice, rule)
    picked, tie, tied = tied_rows(question, picked, retriever, context)   # 服务中心几点下班: each centre's row (ties.py)
    citations = []
    for n, (hit, s, e, fs, fe) in enumerate(picked, 1):
        if n - 1 in tied:   # a row that ties with the first: its cell under the first's column, as ties.py read it
            citations.append(Citation(n, hit.chunk.source, shown_section(hit.chunk, s), s, e, hit.chunk.text[s - hit.chunk.start:
                                      e - hit.chunk.start], fs, fe, table_columns(hit.chunk, s, e)))
            continue
        # 年假有几天: every tier 「满1年…5天；…；满20年…15天」 (ranges.py), shown only: whether to answer was judged above
        hit, s, e, span, window = shown(question, hit, s, e, SENTENCE_CAP, getattr(retriever, "chunks", None))   # or a list's lead
        if any(c.source == hit.chunk.source and c.start < e and s < c.end for c in citations):
            continue   # a grown first quote holds the second already
        fs, fe = tighten(question, query_vec, hit, *window, (fs, fe), retriever)   # the clauses that hold the value (focus.py)
        fs, fe = member_item(question, hit, s, e, nested_focus(hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start], s, (fs, fe),
                             asks_items(question), overlap_of(question, hit, retriever), question))   # a list: the item asked, or every item
        # 年假有几天: every tier in bold, not the one the run started in; not another rule's tiers the run also holds
        fs, fe = span if span and span[0] < fe and fs < span[1] else (fs, fe)   # (「主通道宽度最少」: not 「面积超过100㎡的…」)
        columns = table_columns(hit.chunk, s, e)
        if columns or hit.chunk.kind == "record":   # 上海经理住宿标准: 经理及以上住宿标准's cell (managers → 经理)
            fs, fe = cell_focus(question, hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start], s, columns, (fs, fe),
                                retriever.lexicon, hit.chunk.kind == "record", retriever.translated(question),
                                focus_caption(getattr(retriever, "chunks", None), hit.chunk))
        fs, fe = _trim(hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start], fs, fe)
        if not any(ch.isalnum() for ch in hit.chunk.text[fs - hit.chunk.start:fe - hit.chunk.start]):
            fs, fe = s, e   # a focus of marks only (「——」, 「|」): the whole quote is bold instead
        citations.append(Citation(n, hit.chunk.source, shown_section(hit.chunk, s), s, e, hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start],
                                  fs, fe, columns))
    notice = "；".join(filter(None, [notice, said, tie]))
    return Answer(question, " ".join(f"{c.quote} [{c.n}]" for c in citations), False, citations, hits, notice)


def cell_of(c: Citation) -> int | None:
    """The index of the table cell (and of its name in `c.columns`) that a table row citation's focus is, when it is
    one cell (cells.cell_focus); None for a whole-row focus or no table row."""
    s, e = c.focus_start - c.start, c.focus_end - c.start
    if not c.columns or not 0 <= s < e <= len(c.quote) or (s, e) == (0, len(c.quote)) or "|" in c.quote[s:e]:
        return None
    i = c.quote[:s].count("|")
    return i if i < len(c.columns) and c.quote.split("|")[i].strip() == c.quote[s:e] else None


def to_dict(a: Answer) -> dict:
    """The JSON shape of `chatbot ask --json`, the HTTP API and eval details (field names are stable);
    every citation and passage carries `page` (1-based PDF page or slide, else null) and `location`, and
    `columns` (a table row's column names, one per cell of the quote; [] for any other quote); `refused_by` names
    what an abstention rests on ("" for an answer; see Answer)."""
    return with_places({
        "question": a.question,
        "answer": a.answer,
        "abstained": a.abstained,
        "notice": a.notice,
        "refused_by": a.refused_by,
        "citations": [{**vars(c), "columns": list(c.columns)} for c in a.citations],
        "passages": [{"rank": h.rank, "source": h.chunk.source, "section": shown_section(h.chunk), "text": h.chunk.text,
                      "score": round(h.score, 6), "dense": round(h.dense, 6), "bm25": round(h.bm25, 6),
                      "start": h.chunk.start, "end": h.chunk.end} for h in a.passages],
    }, a.passages)
