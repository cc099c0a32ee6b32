"""A row named exactly before its namesakes: the row whose key cell is the name the question writes, not a row whose key
cell holds that name inside a longer one.

Consumes: a question, the ranker's runs ((score, hit, start, end), in the order to quote) and the retriever (its chunks,
for the other rows of the first run's table, long rows too: tablerows.table_rows; its lexicon's jieba tokenizer).
Produces: `prefer_exact(question, runs, retriever)` → the runs with the row named exactly first.
Why: a store's CSV lists the store (名称：新区店) and its staff (名称：新区店售后专员, 地址：新区店收银台), and 「新区店的地址
在哪里？」 quoted the staff row's 「地址：新区店收银台」 with the store's row ranked second; 「园区店停车免费吗？」 quoted the
园区店儿童近视防控顾问 row's 「停车：—」 (breaker DX, session 63; breaker DU's 金鸡湖店 desks, session 62, alike). Both
rows hold every word of the question, so rowterms (which counts the words a row's key cells hold) cannot tell them
apart; the name's own row can: its key cell is all the question names, the other's adds words the question lacks.
Shortcuts: key cells as rowkeys.key_columns reads them (folded); the name is written whole in the question (no short
forms); the longer cell's other words (jieba's, two characters or more) must all be missing from the question, so
「新区店售后专员的电话」 keeps its row. The named row is quoted on the first run's score when no run is on it (as
rowterms.prefer_rows does); whether to answer is still judged on the ranker's own order (answer.quotes_for).
"""
from __future__ import annotations

from dataclasses import replace

from .lexical import fold
from .readers.model import NAME_COLUMN
from .rowkeys import MIN_ROWS, column_names, key_cells, key_columns, prose
from .tablerows import row_head, table_rows

_ROW_KINDS = ("table", "record")


def _named_exactly(question: str, first, rows: list, tokenizer):
    """The one row of `rows` whose key cell is a name `question` writes whole where the first row's cell in that column
    is another that the question does not write, when that cell holds the name inside a longer one (新区店售后专员 for
    新区店) or the column is a name column (名称, 姓名: the row's own name, not a row naming it under 所属门店), and the first
    row's key cells hold no word of the question that this row lacks (「新区狮山店的代收点」 keeps a 代收点 row); else
    None."""
    q, keys = fold(question), key_columns(rows)
    mine, names = key_cells(first, keys), column_names(first)[keys]
    words = {w for w in tokenizer.lcut(q) if len(w.strip()) >= 2}
    own = [w for w in words if any(w in c for c in mine)]
    found = []
    for col, cell in enumerate(mine):
        if not cell or cell in q:
            continue   # the question names the first row's own cell
        found += [r for r in rows if r.id != first.id and len(k := key_cells(r, keys)) > col and len(k[col]) >= 2
                  and k[col] in q and k[col] != cell
                  and (k[col] in cell or col < len(names) and NAME_COLUMN.search(names[col]))]
    found = list({r.id: r for r in found}.values())
    if len(found) != 1 or any(w not in fold(found[0].text) for w in own):
        return None
    return found[0]


def prefer_exact(question: str, runs: list, retriever) -> list:
    """`runs` with a run on the row named exactly first (see the module docstring), when the first run is on a row of
    a table of MIN_ROWS rows or more (no prose column) that the question names by a shorter key cell than its own;
    else `runs`. Example: over records 「名称：新区店售后专员；地址：新区店收银台」 (first) and 「名称：新区店；地址：狮山路88号」,
    「新区店的地址在哪里？」 → the 新区店 record's run first."""
    if not runs or runs[0][1].chunk.kind not in _ROW_KINDS:
        return runs
    first = runs[0][1].chunk
    rows = table_rows(retriever.chunks, first.id)
    if len(rows) < MIN_ROWS or prose(rows):
        return runs
    row = _named_exactly(question, first, rows, retriever.lexicon.tokenizer())
    if row is None:
        return runs
    chunks = retriever.chunks   # a run on the row or on a later chunk of it (a long row's 停车 field)
    better = next((r for r in runs if row_head(chunks, r[1].chunk.id) == row.id), None) \
        or (runs[0][0], replace(runs[0][1], chunk=row), row.start, row.end)
    return [better] + [r for r in runs if r is not better]
