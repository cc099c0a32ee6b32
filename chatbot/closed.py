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
Shortcuts: "says no" is read from the cell alone: a cell without digits that writes 休息, 不提供 / 不办理 / 不受理 /
不支持 / 不开放 / 不营业 / 不对外 / 不接待, 暂停, 暂不, 停业, 关闭, or is 否, 无, ×; a cell with hours in it (「周六9:00-12:00；
周日休息」) says yes. Only rows among the runs (the top passages' clauses) are looked at, in the ranker's order; a list
question (哪些) is tablelists.with_rows's, which lists the rows that say yes.
"""
from __future__ import annotations

import re

from .chunks import same_table
from .quotes import asks_items
from .tablelists import ROW_KINDS
from .tablerows import table_rows
from .ties import asked_column, cell_span

_CLOSED = re.compile(r"休息|不(?:提供|办理|受理|支持|开放|营业|对外|接待)|暂停|暂不|停业|关闭|^\s*(?:否|无|×|✗)\s*$")
# 「周末哪里不营业」, 「哪天休息」: asks for the closed ones (in the clause that asks, not 「平时上班没空，…」)
_NEGATED = re.compile(r"哪[^，,。？?！!；;]*(?:不|没|无|停|休息|关门)|[不没][能可]?[以去到]?哪")


def closed(cell: str) -> bool:
    """Whether a table cell or a record's field value says no: no digit, and a word of closing or refusing (_CLOSED).
    Example: closed("周六、周日休息") is True; closed("周六9:00-12:00；周日休息") and closed("是") are False."""
    return not re.search(r"\d", cell) and bool(_CLOSED.search(cell))


def open_row(question: str, runs: list, retriever) -> list:
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
    if mine is None or not closed(hit.chunk.text[mine[0] - hit.chunk.start:mine[1] - hit.chunk.start].split("：", 1)[-1]):
        return runs
    seen = {hit.chunk.id}
    for run in runs[1:]:
        other = run[1].chunk
        if other.id in seen or other.kind != hit.chunk.kind or not same_table(hit.chunk, other):
            continue
        seen.add(other.id)
        cell = cell_span(other, *column)
        if cell and not closed(other.text[cell[0] - other.start:cell[1] - other.start].split("：", 1)[-1]):
            return [(score, run[1], *cell)] + runs
    return runs
