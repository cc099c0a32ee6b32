"""A row whose asked cell says no (休息, 不提供, 否) does not answer 「去哪…」: another row of its table that says yes goes first.

Consumes: the question, the ranked candidate runs (runs.rank_runs: (score, hit, start, end), document offsets, best
first, after answer.quotes_for's other orders) and the retriever (its chunks, for the row's table; its lexicon).
Produces: `open_row(question, runs, retriever)` → `runs` with a run on the asked cell of another row of the first run's table
moved first, when the first run is one cell of a table row or sheet record that says the thing asked is closed, not
offered or not done there, the question asks where or which (哪, not negated) and another row among the runs says
otherwise in that column; else `runs` itself.
Why: an outlet list's rows share their column names, so 「平时上班没空，周末能去哪办社保卡啊？」 quoted 建设银行西江支行's
「周末服务时间：周六、周日休息」 with 临江农商银行总行营业部's 「周六、周日9:00-16:00」 second (breaker EC, session 64):
the one row the answer named was the one place not to go.
Shortcuts: "says no" is read from the cell alone (`closed`): it starts with 不 / 暂不 before 提供, 办理, 受理, 支持, 开放,
营业, 对外 or 接待, or with 暂停, 停业, 关闭, or is 否, 无, ×, and says yes to nothing after it; or it names days and
休息 / 闭馆 only (「周六、周日休息」, not 「周六9:00-12:00；周日休息」 nor 「设有休息区」). Only rows among the runs (the top
passages' clauses) are looked at, in the ranker's order; a list question (哪些) is tablelists.with_rows's, which lists
the rows that say yes.
"""
from __future__ import annotations

import re

from .chunks import same_table
from .lexical import fold
from .quotes import asks_items
from .rowkeys import key_cells, key_columns
from .siblings import question_words
from .tablelists import ROW_KINDS
from .tablerows import row_chunks, table_rows
from .ties import asked_column, cell_span

# a cell that says no: it starts with a refusal (「暂不提供，预计2025年第四季度开通」: the rest explains it), or it names
# only days before 休息 / 闭馆 (「周六、周日休息」; not 「设有休息区」, 「周六：正常营业；周日：休息」, 「工作日全天，节假日休息」)
_REFUSED = re.compile(r"^\s*(?:暂不|不)(?:提供|办理|受理|支持|开放|营业|对外|接待)|^\s*(?:暂停|停业|关闭)|^\s*(?:否|无|×|✗)\s*$")
_DAYS_OFF = re.compile(r"^[\s周星期礼拜一二三四五六日天末、，,和及至全节假]*(?:休息|闭馆|不营业|不开放)[。；;\s]*$")
_AFFIRMED = re.compile(r"[，,；;].*(?:支持|可以|提供|营业|开放|办理)")   # 「不提供发票，支持微信支付」: says yes too
# 「周末哪里不营业」, 「哪天休息」: asks for the closed ones (in the clause that asks, not 「平时上班没空，…」)
_NEGATED = re.compile(r"哪[^，,。？?！!；;]*(?:不|没|无|停|休息|关门)|[不没][能可]?[以去到]?哪")


def closed(cell: str) -> bool:
    """Whether a table cell or a record's field value says no: it starts with a refusal (不提供, 暂不办理, 暂停, 否, 无, ×)
    and says yes to nothing after it, or it names days and 休息 / 闭馆 only.
    Example: closed("周六、周日休息") and closed("暂不提供，预计2025年第四季度开通") are True; closed("周六9:00-12:00；周日休息"),
    closed("设有休息区") and closed("是") are False."""
    return bool(_REFUSED.search(cell) and not _AFFIRMED.search(cell) or _DAYS_OFF.match(cell))


def _says_no(chunk, span: tuple[int, int]) -> bool:
    """Whether the cell at document offsets `span` of `chunk` (ties.cell_span: a record's field with its name) is
    `closed`, read without the field's name."""
    return closed(chunk.text[span[0] - chunk.start:span[1] - chunk.start].split("：", 1)[-1])


def _names_kept(question: str, first, other, rows: list, retriever) -> bool:
    """Whether the row of chunk `other` holds (anywhere, read whole: tablerows.row_chunks) every word of `question`
    (siblings.question_words: two Han characters or more) that the key cells of the row of chunk `first` hold (rowkeys:
    its name, its code): a question that names the first row (「建设银行西江支行周末哪天能去办？」) keeps it; `rows` are the
    table's rows, by their first chunks."""
    keys = key_columns(rows)
    named = fold(" ".join(key_cells(row_chunks(retriever.chunks, first.id)[0], keys)))
    text = fold(" ".join(c.text for c in row_chunks(retriever.chunks, other.id)))
    return all(w in text for w in question_words(question, retriever.lexicon) if w in named)


def open_row(question: str, runs: list, retriever, context: str = "") -> list:
    """`runs` ((score, hit, start, end), best first) with a run on another row's cell moved first (see the module
    docstring), else `runs` itself. The asked cell is the one the answer's focus finds on the first run's row
    (ties.asked_column: cells.cell_focus over the whole row, never a key column).
    Example: 「周末能去哪办社保卡？」 with the first run on 「周末服务时间：周六、周日休息；…」 of one outlet's record and a
    later run on another outlet's record whose 周末服务时间 is 「周六、周日9:00-16:00」 → a run on that field first."""
    if len(runs) < 2 or "哪" not in question or asks_items(question) or _NEGATED.search(question):
        return runs
    score, hit = runs[0][:2]
    if hit.chunk.kind not in ROW_KINDS:
        return runs
    rows = table_rows(retriever.chunks, hit.chunk.id)
    column = asked_column(question, hit.chunk, rows, retriever) if len(rows) >= 2 else None
    mine = cell_span(hit.chunk, *column) if column else None
    if mine is None or not _says_no(hit.chunk, mine):
        return runs
    seen = {hit.chunk.id}
    for run in runs[1:]:
        other = run[1].chunk
        if other.id in seen or other.kind != hit.chunk.kind or not same_table(hit.chunk, other):
            continue
        seen.add(other.id)
        cell = cell_span(other, *column)
        if cell and not _says_no(other, cell) and _names_kept(f"{context} {question}", hit.chunk, other, rows, retriever):
            return [(score, run[1], *cell)] + runs
    return runs
