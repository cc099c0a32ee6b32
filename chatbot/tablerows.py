"""The rows of one table: the chunks of kind "table" or "record" that a table row or sheet record belongs with.

Consumes: the corpus's chunks (chunks.py: a table row is a chunk of kind "table" whose context holds the table's heading
and header row; a sheet or CSV record is a chunk of kind "record", readers/sheets.py).
Produces: `table_rows(chunks, i)` → the rows of the table chunk `chunks[i]` belongs to, one chunk per row (its first),
in document order; `row_head(chunks, i)` → the index of the chunk that starts the row `chunks[i]` is part of;
`row_chunks(chunks, i)` → every chunk of that row; `focus_caption(chunks, chunk)` → what the cell focus reads above a row.
Why: a row too long for one chunk goes on in later chunks whose context adds a last line naming the row (「编号：QT01；
名称：观前店」: readers.model.record_key). Those chunks have another context than the rows', so a table was cut at every
long row: in a store list of three long store rows and their staff's short rows the staff's rows were a table of their
own, and 「新区店的地址在哪里？」 was answered from 「名称：新区店售后专员；地址：新区店收银台」 with no row of 新区店 to weigh it
against (breaker DX, session 63).
Shortcuts: a row's later chunk is one of the same file and kind whose context is the row's context plus one line that
starts the row's first chunk (its name), right after it; such chunks are passed over, not listed. Only namesakes.py,
ties.py (which reads each row whole) and closed.py read tables this way so far: tables.rows_of, which the other table
rules read, still ends a table at a long row (those rules compare a quoted chunk's own cells with the rows', and a
long row's later chunk holds none of its key cells).
"""
from __future__ import annotations

from .chunks import same_table

_ROW_KINDS = ("table", "record")
_LATER = 8   # later chunks of one row looked back over (a row of 8 chunks' worth is no table row a question names)


def row_head(chunks: list, i: int) -> int:
    """The index of the chunk that starts the row `chunks[i]` belongs to: `i` itself unless `chunks[i]` goes on a long
    row (its context is the row's context and a line the row's first chunk starts with), when the row's first chunk."""
    if not 0 <= i < len(chunks):
        return i
    c = chunks[i]
    base, cut, name = c.context.rpartition("\n")
    if c.kind not in _ROW_KINDS or not cut or "：" not in name or name.lstrip().startswith("|"):
        return i   # a row's own context (a sheet's name, a table's heading and header) names no row
    k = i - 1
    while k >= max(0, i - _LATER) and chunks[k].source == c.source and chunks[k].kind == c.kind \
            and chunks[k].context == c.context:
        k -= 1   # an earlier later chunk of the same row
    head = chunks[k] if k >= 0 else None
    if head is not None and head.source == c.source and head.kind == c.kind and head.context == base \
            and head.text.startswith(name.strip()):
        return k
    return i


def table_rows(chunks: list, i: int) -> list:
    """The rows (chunks) of the table chunk `chunks[i]` belongs to, in document order: the consecutive table chunks
    of its file with its context (the same heading and header row), or the consecutive records of one sheet, each
    row by its first chunk (a long row's later chunks are passed over). [] when `chunks[i]` is neither."""
    h = row_head(chunks, i)
    c = chunks[h]
    if c.kind not in _ROW_KINDS:
        return []

    def step(j: int, by: int) -> int | None:   # the next row's first chunk from j, over later chunks of rows
        j += by
        while 0 <= j < len(chunks) and row_head(chunks, j) != j and same_table(c, chunks[row_head(chunks, j)]):
            j += by
        return j if 0 <= j < len(chunks) and same_table(c, chunks[j]) and row_head(chunks, j) == j else None

    heads = [h]
    while (j := step(heads[0], -1)) is not None:
        heads.insert(0, j)
    while (j := step(heads[-1], 1)) is not None:
        heads.append(j)
    return [chunks[j] for j in heads]


def row_chunks(chunks: list, i: int) -> list:
    """The chunks of the row `chunks[i]` belongs to, its first chunk first and then its later ones (a long row's), in
    document order; [chunks[i]] for a row of one chunk or a chunk of no table."""
    h = row_head(chunks, i)
    j = h + 1
    while j < len(chunks) and j - h <= _LATER and row_head(chunks, j) == h:
        j += 1
    return chunks[h:j]


def focus_caption(chunks: list | None, chunk) -> str:
    """What cells.cell_focus reads above table row or record `chunk`: a table row's context (heading, caption, header
    rows); for a long record's later chunk the line naming its row (「编号：QT02；名称：园区店」: its key, which the chunk's
    own first field is not); "" for another record, or when `chunks` (the corpus's, by id) is None."""
    if chunk.kind == "table":
        return chunk.context
    if chunk.kind != "record" or not chunks or not 0 <= chunk.id < len(chunks) or chunks[chunk.id].id != chunk.id \
            or chunks[chunk.id].source != chunk.source or row_head(chunks, chunk.id) == chunk.id:
        return ""
    return chunk.context.rpartition("\n")[2]
