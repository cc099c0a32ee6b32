"""Rows that tie: a question that names no row of a table whose rows answer it differently is answered with those rows.

Consumes: the question, the quotes picked for it (answer.quotes_for: (hit, start, end, focus start, focus end), first
first) once the answer is decided, and the retriever (its chunks, for the other rows of the first quote's table:
tables.rows_of; its lexicon's jieba tokenizer and tagger).
Produces: `tied_rows(question, picked, retriever)` → (the quotes with the rows that tie with the first after it, at most
LISTED_ROWS in all, or `picked` unchanged; a notice naming the column whose cells differ, or "").
Why: 「报修电话是多少？」 over a CSV of six service centres quoted one centre's number and 「服务中心几点下班？」 one centre's
hours, silently (breaker DW, session 62), as if the documents gave one answer; the reader could not tell that another
centre's differs. A question that names no row has as many answers as rows: they are quoted, and the notice says so.
Shortcuts: "names no row" is read from words only: no word of the question (jieba's, folded: two Han characters or more,
or a run of letters and digits) is in some rows and not all, the question does not name the first row's key
(tables.names_row) and names no proper noun (jieba's nr/ns/nt/nz, or a Latin word) that neither a row nor the table's
own words hold (「通威的10kW套餐」 asks of a brand the table lacks: a near miss, not a tie); a row answers "differently"
when the cell the question asks for (cells.cell_focus, the column its words name or the one cell holding the asked kind)
differs; a question the focus finds no one cell for (the whole row) is left alone. A list question (哪些) is
tablelists.with_rows's. An English question names Latin words no row holds: left alone.
The rows are quoted after the answer is decided: whether to answer still reads the first quote only.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .cells import cell_focus
from .columns import table_columns
from .lexical import STOPWORDS, fold
from .quotes import asks_items
from .rowkeys import MIN_ROWS, prose
from .rowterms import table_topic
from .siblings import _HAN2   # a word of two Han characters or more
from .tablelists import LISTED_ROWS, ROW_KINDS, span_of
from .tables import names_row, rows_of

_PROPER = ("nr", "ns", "nt", "nz", "eng")      # jieba's tags of a person, place, organisation, other name, Latin word
_ALNUM = re.compile(r"[a-z0-9][a-z0-9.\-]*")   # a code, a size or an amount the question writes: 6kw, 10寸's 10, xr-500


def _names_rows(question: str, texts: list[str], retriever) -> bool:
    """Whether a word of `question` (folded) is in some of the rows' folded `texts` and not in all: it picks rows."""
    q = fold(question)
    words = {w for w in retriever.lexicon.tokenizer().lcut(q) if _HAN2.match(w) and w not in STOPWORDS}
    words |= set(_ALNUM.findall(q))
    return any(any(w in t for t in texts) and not all(w in t for t in texts) for w in words)


def _names_other(question: str, texts: list[str], topic: str, retriever) -> bool:
    """Whether `question` names a proper noun (jieba's nr, ns, nt, nz) or a Latin word, two characters or more, that no
    row holds and the table's own words (`topic`: its file name, heading, header) do not: a row the table lacks. A common
    noun is no such sign (关门 is one to jieba), so 「鞋子存储一个月多少钱？」 over a storage table of 单衣, 大衣, 羽绒服 lists
    the rows: the reader sees that none is 鞋子."""
    return any(t.flag in _PROPER and len(t.word) >= 2 and t.word not in topic
               and not any(t.word in x for x in texts) for t in retriever.lexicon.tagger().cut(fold(question)))


def asked_cell(question: str, row, retriever) -> tuple[tuple[int, int], str] | None:
    """((start, end) document offsets, column name) of the cell of table row or record `row` that `question` asks for
    (cells.cell_focus from the whole row), or None when the focus finds no one cell."""
    s, e = span_of(row)
    record = row.kind == "record"
    columns = () if record else table_columns(row, s, e)
    quote = row.text[s - row.start:e - row.start]
    fs, fe = cell_focus(question, quote, s, columns, (s, e), retriever.lexicon, record,
                        retriever.translated(question), "" if record else row.context)
    if (fs, fe) == (s, e) or not s <= fs < fe <= e:
        return None
    before = quote[:fs - s]
    if record:   # the field's name: the text before its 「：」 after the previous field's 「；」
        name = re.split(r"[；;]", before)[-1]
        name = re.split(r"[：:]", name)[0] if re.search(r"[：:]", name) else re.split(r"[：:]", quote[fs - s:fe - s])[0]
    else:
        at = before.count("|")
        name = columns[at] if at < len(columns) else ""
    return (fs, fe), name.strip()


def tied_rows(question: str, picked: list, retriever) -> tuple[list, str]:
    """(`picked` with the rows that tie with its first quote after it, the notice) when the first quote is a row of a
    table of MIN_ROWS rows or more (no prose column) that the question names no row of (see the module docstring) and
    some other row's asked cell differs from the first's: every row in the table's order from the first quote's on and
    then the ones before it, those with another value first when the table has more than LISTED_ROWS; else
    (`picked`, "").
    Example: 「服务中心几点下班？」 over six centres' records (营业时间 周一至周六 8:30-17:30 at five, 周一至周五 8:30-17:00 at
    阜阳) → six quotes, the notice 「各行的“营业时间”不同，问题没有指明是哪一行：下面列出 6 行。」."""
    if not picked or asks_items(question) or picked[0][0].chunk.kind not in ROW_KINDS:
        return picked, ""
    hit = picked[0][0]
    rows = rows_of(retriever.chunks, hit.chunk.id)
    if len(rows) < MIN_ROWS or prose(rows) or names_row(question, hit.chunk):
        return picked, ""
    texts = [fold(r.text) for r in rows]
    if _names_rows(question, texts, retriever) or _names_other(question, texts, table_topic(rows), retriever):
        return picked, ""
    mine = asked_cell(question, hit.chunk, retriever)
    if mine is None:
        return picked, ""
    value = lambda row, cell: fold(row.text[cell[0][0] - row.start:cell[0][1] - row.start]).strip()   # noqa: E731
    cells = {r.id: asked_cell(question, r, retriever) for r in rows}
    first_value = value(hit.chunk, mine)
    differ = [r for r in rows if cells[r.id] and value(r, cells[r.id]) != first_value]
    if not differ:
        return picked, ""
    at = next(i for i, r in enumerate(rows) if r.id == hit.chunk.id)
    order = [r for r in rows[at + 1:] + rows[:at] if cells[r.id]]
    if len(order) + 1 > LISTED_ROWS:   # a long table: the rows with another value first, in the same order
        keep = {r.id for r in sorted(order, key=lambda r: value(r, cells[r.id]) == first_value)[:LISTED_ROWS - 1]}
        order = [r for r in order if r.id in keep]
    shown = {p[0].chunk.id for p in picked[:1]}
    more = [(replace(hit, chunk=r), *span_of(r), *cells[r.id][0]) for r in order if r.id not in shown]
    ids = {r.id for r in rows}
    total = len(more) + 1
    said = f"各行的“{mine[1] or '这一项'}”不同，问题没有指明是哪一行：下面列出 {total} 行" + \
        (f"（共 {len(rows)} 行）。" if total < len(rows) else "。")
    return picked[:1] + more + [p for p in picked[1:] if p[0].chunk.id not in ids], said
