"""Rows that tie: a question that names no row of a table whose rows answer it differently is answered with those rows.

Consumes: the question, the quotes picked for it (answer.quotes_for: (hit, start, end, focus start, focus end), first
first) once the answer is decided, and the retriever (its chunks, for the other rows of the first quote's table:
tablerows.table_rows, each row read whole; its lexicon's jieba tokenizer and tagger; `translated`, an English question's
Chinese terms, as the answer's cell focus reads them).
Produces: `tied_rows(question, picked, retriever)` → (the quotes with the rows that tie with the first after it, at most
LISTED_ROWS in all, each with its cell under the first quote's column as the focus; a notice naming that column; the
indexes of those rows), or (`picked`, "", set()).
Why: 「服务中心几点下班？」 over a CSV of ten service centres quoted one centre's hours, silently (breaker DW, session 62),
as if the documents gave one answer; the reader could not tell that another centre's differ. A question that names no
row has as many answers as rows: they are quoted, and the notice says so.
Shortcuts: "names no row" is read from words only: no word of the question (jieba's, folded: two Han characters or more,
or a run of letters and digits) is in some rows and not all, or each such word is in one column (not the asked one) of
the first row and of every row that holds it, and those rows are two or more: they are listed (「浙江的服务中心电话」:
four rows whose 省份 is 浙江, the notice naming 浙江; a word in one row's note picks that row alone: 「报修电话是多少？」 is
left to the row whose note writes 报修), the question does not name the first row's key (tables.names_row), asks no row by
哪个, 谁 or 最… and names no proper noun (jieba's nr/ns/nt/nz, or a Latin word) that neither a row nor the table's own
words hold (「通威的10kW套餐」 asks of a brand the table lacks: a near miss, not a tie). A row named by a synonym or
another spelling (周末 for 周六、周日, 六寸 for 6寸) is no row named: the rows are quoted with the ranker's first, and
the notice says that [1] is the nearest. The column is the one the answer's focus finds on the first row
(cells.cell_focus), not a key column, read by name on every row; rows whose cell there is empty are left out. English
questions name Latin words no row holds: left alone. A long CSV row split over chunks is read whole (tablerows.py: its
cells, the words that name it), and its quote is the chunk that holds the asked cell; a table row's cells are read from
its first chunk only (a Markdown row is never split). A list question (哪些) is tablelists.with_rows's. The rows are quoted after the answer is decided:
whether to answer still reads the first quote only.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .cells import cell_focus, fields
from .columns import row_cells, table_columns
from .lexical import fold
from .quotes import asks_items
from .rowkeys import MIN_ROWS, key_cells, key_columns, prose
from .rowterms import table_topic
from .siblings import question_words
from .tablelists import LISTED_ROWS, ROW_KINDS, span_of
from .tablerows import focus_caption, row_chunks, table_rows
from .tables import names_row

_PROPER = ("nr", "ns", "nt", "nz", "eng")      # jieba's tags of a person, place, organisation, other name, Latin word
# a question asking which row (哪个服务中心下班最晚, 谁): the answer is a row's name, no tie (the review)
_WHICH = re.compile(r"哪[个家一些间位所座种款]|谁|最(?:[高低多少早晚贵大小长短近远快慢迟]|便宜)")
_ALNUM = re.compile(r"[a-z0-9][a-z0-9.\-]*")   # a code, a size or an amount the question writes: 6kw, 10寸's 10, xr-500
# a day or time of the question names no category of rows (周一 in a 闭馆日 column), and a column of what is closed,
# stopped or excluded names the rows that lack the thing (narrowed)
_WHEN = re.compile(r"周[一二三四五六日天末]|星期|礼拜|[上下中]午|晚上|早上|夜间|节假日|工作日|\d+[:：点号月日]")
_NOT_OFFERED = re.compile(r"闭|休|停|不|除外|禁|暂")


def _picking(question: str, texts: list[str], retriever) -> set[str]:
    """The words of `question` (folded) that are in some of the rows' folded `texts` and not in all: they pick rows."""
    words = question_words(question, retriever.lexicon) | set(_ALNUM.findall(fold(question)))
    return {w for w in words if any(w in t for t in texts) and not all(w in t for t in texts)}


def _named_cells(row: list) -> dict[str, str]:
    """{column or field name: its cell, folded} of the table row or record whose chunks are `row` ({} when a table
    row's header is not found)."""
    if row[0].kind == "record":
        return {n: fold(v) for c in row for (_, _, v), n in zip(*fields(c.text, c.start))}
    c = row[0]
    s, e = span_of(c)
    names = table_columns(c, s, e)
    return {n: fold(v) for n, (_, _, v) in zip(names, row_cells(c.text[s - c.start:e - c.start], s)) if n}


def narrowed(words: set[str], rows: list, first, asked: str, whole: dict | None = None) -> list:
    """The rows of `rows` that `words` (each in some rows, not all) narrow the question to, `first` among them: for each
    word, the column (not the `asked` one) whose cell of `first` holds it, and the rows whose cell there holds it too
    (「浙江的服务中心电话」: 省份 浙江 names four rows, not a fifth whose 地址 writes 浙江商城; 杭州 in one row's 城市 and
    another's 地址 names one row; of the first row's columns holding the word, the one whose holders' cells are all
    alike that names the most rows: 银行 names the rows of 网点类型 银行网点, not of 网点名称). [] when a word is not so placed (only in `first`'s asked
    cell, in no cell of it, or in a column of what is closed or excluded: 闭馆日), the cells that hold it differ in every
    such column (it is part of names, not a category: 园区 of 名称 园区店 and 园区店顾问), or it is a day or time (周一).
    `whole`: {a row's first chunk id: the row's chunks} (a long record's), else each row is its chunk.
    Example: 浙江 over centres whose 省份 is 浙江 in rows 0–3 and 安徽 in 4–5, `first` row 1 → rows 0–3."""
    cells = {r.id: _named_cells((whole or {}).get(r.id) or [r]) for r in rows}
    keep = {r.id for r in rows}
    for w in words:
        if _WHEN.search(w) or len(w) < 2:
            return []   # 周一 of 「周一几点开门」 in a 闭馆日 column names the rows closed then; b of B区 (the review)
        # of the first row's columns holding it, one whose holders' cells are all alike: a category (省份：浙江; 网点类型：
        # 银行网点 before 网点名称's 建设银行西江支行), not a word of several names (园区 of 园区店, 园区店顾问)
        names = [n for n, v in cells[first.id].items() if n != asked and w in v and not _NOT_OFFERED.search(n)]
        held = [{r.id for r in rows if w in cells[r.id].get(n, "")} for n in names]
        alike = [h for h, n in zip(held, names) if len({cells[i][n] for i in h}) == 1]
        if not alike:
            return []
        holders = max(alike, key=len)   # 大厅 of 网点类型 政务大厅 (four rows), not of one 网点名称 (the review)
        keep &= holders
    return [r for r in rows if r.id in keep]


def _keyed(question: str, row, rows: list) -> bool:
    """Whether `question` writes one of table row `row`'s key cells (rowkeys.key_cells: its name past a code column)
    whole, two characters or more, that no other row's key cells repeat: 「城东校区的地址在哪里？」 names the row 名称：城东校区, not the rows whose 所属校区 is
    城东校区 (breaker EA, session 64); tables.names_row reads the first cell only (编号：JZ02)."""
    q, keys = fold(question), key_columns(rows)
    columns = list(zip(*([fold(k) for k in key_cells(r, keys)] for r in rows)))   # a category's cell (省份：浙江) is
    return any(len(k) >= 2 and k in q and column.count(k) == 1                     # several rows' and names none
               for k, column in zip(map(fold, key_cells(row, keys)), columns))


def _names_other(question: str, texts: list[str], topic: str, retriever) -> bool:
    """Whether `question` names a proper noun (jieba's nr, ns, nt, nz) or a Latin word, two characters or more, that no
    row holds and the table's own words (`topic`: its file name, heading, header) do not: a row the table lacks. A common
    noun is no such sign (关门 is one to jieba), so 「鞋子存储一个月多少钱？」 over a storage table of 单衣, 大衣, 羽绒服 lists
    the rows: the reader sees that none is 鞋子."""
    return any(t.flag in _PROPER and len(t.word) >= 2 and t.word not in topic
               and not any(t.word in x for x in texts) for t in retriever.lexicon.tagger().cut(fold(question)))


def asked_column(question: str, row, rows: list, retriever) -> tuple[int, str] | None:
    """(index, name) of the cell or field of table row or record `row` (a chunk: a long record's later chunk too) that
    `question` asks for (cells.cell_focus over the whole chunk, as the answer's focus reads it), or None when the focus
    finds no one cell or it is a key cell of `rows` (each row's first chunk; the question asks which row: 「服务中心分布
    在什么城市」)."""
    s, e = span_of(row)
    record = row.kind == "record"
    columns = () if record else table_columns(row, s, e)
    quote = row.text[s - row.start:e - row.start]
    fs, fe = cell_focus(question, quote, s, columns, (s, e), retriever.lexicon, record,
                        retriever.translated(question), focus_caption(retriever.chunks, row))
    if (fs, fe) == (s, e) or not s <= fs < fe <= e:
        return None
    if record:   # a key field by its name: `row` may be a long row's later chunk
        spans, names = fields(row.text, row.start)
        at = next((i for i, (a, b, _) in enumerate(spans) if a < fe and fs < b), None)
        key = at is not None and at < len(names) and names[at] in fields(rows[0].text, rows[0].start)[1][key_columns(rows)]
    else:   # a key cell by its place: a blank or repeated column name is no key's
        names, at = columns, quote[:fs - s].count("|")
        key = at in range(len(names))[key_columns(rows)]
    if at is None or at >= len(names) or key:
        return None
    return at, names[at]


def cell_span(row, at: int, name: str) -> tuple[int, int] | None:
    """Document offsets of the cell `at` of table row `row`, or of a record's field named `name` with its name (「营业时间：
    周一至周六 8:30-17:30」, as a record's focus is bold); None when the row has no such cell or it is empty."""
    if row.kind == "record":
        spans, names = fields(row.text, row.start)
        i = names.index(name) if name in names else None
        if i is None or not spans[i][2].strip("—–-－/／ "):
            return None
        head = row.text.rfind(name, 0, spans[i][0] - row.start)
        return (row.start + head if head >= 0 else spans[i][0]), spans[i][1]
    s, e = span_of(row)
    cells = row_cells(row.text[s - row.start:e - row.start], s)
    return cells[at][:2] if at < len(cells) and cells[at][2].strip("—–-－/／ ") else None


def tied_rows(question: str, picked: list, retriever, context: str = "") -> tuple[list, str, set[int]]:
    """(`picked` with the rows that tie with its first quote after it, the notice, the indexes of those rows in it) when
    the first quote is a row of a table of MIN_ROWS rows or more (no prose column) that the question names no row of,
    or names a category of rows of (`narrowed`: those rows only, the notice 「表中写有“浙江”的各行…」; see the module
    docstring), and asks one cell of, and another row's cell under that column differs from the first's: every row in
    the table's order from the first quote's on and then the ones before it, those with another value first when they
    are more than LISTED_ROWS, each with that cell as its focus; else (`picked`, "", set()). `context`: a follow-up's
    earlier questions (bot.ask), read with it for the words that name rows.
    Example: 「服务中心几点下班？」 over six centres' records (营业时间 周一至周六 8:30-17:30 at five, 周一至周五 8:30-17:00 at
    阜阳) → six quotes, the notice 「表中各行的“营业时间”不同：[1] 是与问题最接近的一行，下面共列出 6 行。」."""
    none = (picked, "", set())
    if not picked or asks_items(question) or _WHICH.search(question) or picked[0][0].chunk.kind not in ROW_KINDS:
        return none
    hit, chunks = picked[0][0], retriever.chunks
    rows = table_rows(chunks, hit.chunk.id)   # each row by its first chunk
    whole = {r.id: row_chunks(chunks, r.id) if r.kind == "record" else [r] for r in rows}
    mine = next((r for r in rows if hit.chunk.id in {c.id for c in whole[r.id]}), None)
    asked = f"{context} {question}"   # a follow-up's earlier questions name its row (「电话呢？」 after 「城中营业厅在哪里？」)
    if mine is None or len(rows) < MIN_ROWS or prose(rows) or names_row(asked, mine) or _keyed(asked, mine, rows):
        return none
    texts = [fold(" ".join(c.text for c in whole[r.id])) for r in rows]
    if _names_other(asked, texts, table_topic(rows), retriever):
        return none
    column = asked_column(question, hit.chunk, rows, retriever)
    words, everyone = _picking(asked, texts, retriever), len(rows)
    table = {c.id for r in rows for c in whole[r.id]}
    if words and column:   # words that pick rows: the ones they narrow to, when they are more than one (「浙江的…」)
        rows = narrowed(words, rows, mine, column[1], whole)
        if len(rows) < 2:
            return none
    elif words or not column:
        return none
    # each row's asked cell: (its chunk, the cell's span), the quoted chunk first for the quoted row
    cells = {r.id: next(((c, span) for c in sorted(whole[r.id], key=lambda c: c.id != hit.chunk.id)
                         if (span := cell_span(c, *column))), None) for r in rows}
    if not cells[mine.id] or cells[mine.id][0].id != hit.chunk.id:
        return none
    value = {i: re.sub(r"[—–－~～]", "-", re.sub(r"\s+", "", fold(c.text[a - c.start:b - c.start])))
             for i, (c, (a, b)) in ((i, x) for i, x in cells.items() if x)}   # 8:30—17:30 is 8:30-17:30
    first = value[mine.id]
    if all(v == first for v in value.values()):
        return none
    at = next(i for i, r in enumerate(rows) if r.id == mine.id)
    order = [r for r in rows[at + 1:] + rows[:at] if r.id in value]
    if len(order) + 1 > LISTED_ROWS:   # a long table: the rows with another value first, in the same order
        keep = {r.id for r in sorted(order, key=lambda r: value[r.id] == first)[:LISTED_ROWS - 1]}
        order = [r for r in order if r.id in keep]
    more = [(replace(hit, chunk=c), *span_of(c), *span) for c, span in (cells[r.id] for r in order)]
    rest = [p for p in picked[1:] if p[0].chunk.id not in table]
    folded = fold(asked)   # each word as the question writes it (B区, not b), where folding kept the length
    shown = {w: asked[i:i + len(w)] if len(folded) == len(asked) and (i := folded.find(w)) >= 0 else w for w in words}
    which = "、".join(f"“{shown[w]}”" for w in sorted(words, key=folded.find))
    said = (f"表中写有{which}的各行" if which else "表中各行") + \
        f"的“{column[1]}”不同：[1] 是与问题最接近的一行，下面共列出 {len(more) + 1} 行" + \
        (f"（表中共 {everyone} 行）。" if len(more) + 1 < everyone else "。")
    return picked[:1] + more + rest, said, set(range(1, len(more) + 1))
