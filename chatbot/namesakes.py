"""A row named exactly before its namesakes: the row whose key cell is the name the question writes, not a row whose key
cell holds that name inside a longer one or names it in another column (所属门店：新区狮山店 of a collection point: DZ).

Consumes: a question, the ranker's runs ((score, hit, start, end), in the order to quote) and the retriever (its chunks,
for the other rows of the first run's table, long rows too: tablerows.table_rows; its lexicon's jieba tagger).
Produces: `prefer_exact(question, runs, retriever)` → the runs with the row named exactly first.
Why: a store's CSV lists the store (名称：新区店) and its staff (名称：新区店售后专员, 地址：新区店收银台), and 「新区店的地址
在哪里？」 quoted the staff row's 「地址：新区店收银台」 with the store's row ranked second; 「园区店停车免费吗？」 quoted the
园区店儿童近视防控顾问 row's 「停车：—」 (breaker DX, session 63; breaker DU's 金鸡湖店 desks, session 62, alike). Both
rows hold every word of the question, so rowterms (which counts the words a row's key cells hold) cannot tell them
apart; the name's own row can: its key cell is all the question names, the other's adds words the question lacks.
Shortcuts: key cells as rowkeys.key_columns reads them (folded); a name column (名称, 姓名) or, for a name held inside a
longer one, the first key column (not 「A4 70g」 under 纸张 for A4, the probe); the moved row holds every word of the
question the first row's key cells hold (not 乒乓球馆's row for a 羽毛球 question); the name is written whole in the
question (no short forms), after no word that modifies it (jieba's tag: a noun, adjective, distinguishing word, numeral or measure word
before it: 「男生理发」 names no 理发 row beside 男士理发, the review); a longer cell holding it must add nothing the question
writes (a character of 「售后专员」, 「（含早）」, 「6寸」: 「新区店售后的电话」, 「带早餐的大床房」 keep their rows;
「新区狮山店的代收点在哪？」 keeps a 代收点 row); a question asking for a name (谁, answertype 'name') asks for another
row by a relation (「向张伟汇报的是谁？」, 直属上级：张伟) and is left alone. The named row is quoted on the first run's
score when no run is on it (as rowterms.prefer_rows does); whether to answer is still judged on the ranker's own order
(answer.quotes_for).
"""
from __future__ import annotations

import re
from dataclasses import replace

from .answertype import answer_type
from .lexical import fold
from .readers.model import NAME_COLUMN
from .rowkeys import MIN_ROWS, column_names, key_cells, key_columns, prose
from .tablerows import row_head, table_rows

_ROW_KINDS = ("table", "record")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_MODIFIERS = "nabmq"   # jieba's tags of a word that modifies the name after it (男生 理发, 大 床房, 两 间): x is a mark


def _named_exactly(question: str, first, rows: list, tagger):
    """The one row of `rows` whose key cell is a name `question` writes whole where the first row's cell in that column
    is another that the question does not write, whose key cells hold every word of the question the first row's do,
    when the column is a name column (名称, 姓名: the row's own name, not a row naming it under 所属门店) or the first
    key column and that cell holds the name inside a longer one adding nothing the question writes (新区店售后专员 for
    新区店; not 「a4 70g」 for a4 under 纸张, the probe); else None."""
    q, keys = fold(question), key_columns(rows)
    mine, names = key_cells(first, keys), column_names(first)[keys]
    cut = [(t.word, t.flag) for t in tagger.cut(q)]
    bounds = {sum(len(w) for w, _ in cut[:i]): flag for i, (_, flag) in enumerate(cut, 1)}   # where each word ends
    words = {w for w, _ in cut if len(w.strip()) >= 2}
    found = []
    for col, cell in enumerate(mine):
        if not cell or cell in q:
            continue   # the question names the first row's own cell
        for r in rows:
            k = key_cells(r, keys)
            name = k[col] if r.id != first.id and len(k) > col else ""
            if len(name) < 2 or name == cell or name not in q or bounds.get(q.index(name), "x")[:1] in _MODIFIERS:
                continue
            if not all(any(w in c for c in k) for w in words if any(w in c for c in mine)):
                continue   # the first row's key cells hold a word of the question this row lacks (羽毛球馆 over 乒乓球馆)
            named = col < len(names) and bool(NAME_COLUMN.search(names[col]))
            if name in cell and (named or col == 0) and _HAN.search(name):   # a namesake: the question writes none of the
                if not any(ch in q for ch in re.sub(r"[\W_]", "", cell.replace(name, " ", 1))):   # first cell's other words
                    found.append(r)
            elif named:
                found.append(r)
    found = list({r.id: r for r in found}.values())
    return found[0] if len(found) == 1 else None


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
    if answer_type(question) == "name" or "谁" in question:
        return runs   # 「向张伟汇报的是谁？」 asks for another row by its relation to 张伟 (the review)
    row = _named_exactly(question, first, rows, retriever.lexicon.tagger())
    if row is None:
        return runs
    chunks = retriever.chunks   # a run on the row or on a later chunk of it (a long row's 停车 field)
    better = next((r for r in runs if row_head(chunks, r[1].chunk.id) == row.id), None) \
        or (runs[0][0], replace(runs[0][1], chunk=row), row.start, row.end)
    return [better] + [r for r in runs if r is not better]
