"""Ruled tables on PDF pages: found by their ruling lines (pdfplumber), their cells read by PDFium.

Consumes: a pypdfium2 page with its text page, and (for pages that draw lines) the pdfplumber page of
the same PDF. Produces: the page as segments in reading order, `("text", lines)` and
`("table", rows)` with rows as `| a | b |` strings (model.table_row); a table's text is not repeated
in the text around it. The text above a table, the table, the text beside it (left, then right),
then the text below.
Why two libraries: pdfplumber (MIT) finds ruled tables from the page's lines and rectangles
(`find_tables`, its default "lines" strategy); PDFium, which reads everything else in the PDF and
draws the highlighted page, reads the text of each cell and of the bands around the tables, so one
library decides every character. pdfplumber is opened only when a page draws paths (no ruling, no
table), and is never asked for text.
A table needs at least 2 rows and 2 columns (a frame around a paragraph is not a table).
Shortcuts: a merged cell's text is repeated in every cell it covers; a table that overlaps another's
height, and every table on a rotated page or one whose media box does not start at (0, 0), is read as
lines of text; tables without ruling (aligned by spaces) stay lines of text.
"""
from __future__ import annotations

import io
import logging
import re
from functools import lru_cache

from .model import table_row

FAR = 1e5  # a band's open sides reach past any page edge
INSET = 1.0  # points inside a cell's rules, so a neighbour's glyph touching the rule is not read twice


def open_plumber(data: bytes):
    """The pdfplumber document of these bytes (close it when done). pdfminer's own warnings (「Could not get FontBBox
    from font descriptor」, once per glyph run of a Chromium-printed PDF) say nothing a reader can act on: only its
    errors are logged."""
    import pdfplumber

    _quiet_pdfminer()
    return pdfplumber.open(io.BytesIO(data))


@lru_cache(maxsize=1)
def _quiet_pdfminer() -> None:
    """Once per process: pdfminer logs errors only (a logging configuration set later by the application stands)."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)


def draws_paths(page) -> bool:
    """Whether a pypdfium2 page draws any path object (ruling lines are paths)."""
    import pypdfium2.raw as pdfium_c

    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=2)), None) is not None


# PDFium writes a hyphen that ended a line as U+FFFE (or U+0002) and joins the line: in a code (HFY-DMS, 0551-8888,
# a capital or a digit on either side) it is a hyphen; between lower-case letters, a word broken across lines
# (infor-mation), nothing, unless the word is an address (xinglan-tech.com, www.a-b.cn, li-na@x.com: a dot and a
# domain after it, or @, :// or www. before it; session 21) (session 20: 「HFY-DMS」 came out as 「HFYDMS」, unsearchable)
_LINE_HYPHEN = re.compile(r"(?<=([A-Za-z0-9]))[\ufffe\x02](?=([A-Za-z0-9]))|[\ufffe\x02]")
_ADDRESS_AFTER = re.compile(r"[\w-]*(?:\.[a-z0-9-]+)*\.[a-z]{2,}\b|[\w.-]*@", re.IGNORECASE | re.ASCII)   # ASCII: not
_ADDRESS_BEFORE = re.compile(r"(?:@|://|www\.)[\w.-]*$|[\w-]+\.[\w.-]*$", re.IGNORECASE | re.ASCII)   # across Chinese text


def _hyphen(m: re.Match) -> str:
    a, b = m.group(1), m.group(2)
    if not (a and b):
        return ""
    if not (a.islower() and b.islower()):
        return "-"
    before, after = m.string[max(0, m.start() - 64):m.start()], m.string[m.end():m.end() + 64]
    return "-" if _ADDRESS_AFTER.match(after) or _ADDRESS_BEFORE.search(before) else ""


def lines_of(text: str) -> list[str]:
    """PDFium's text → stripped lines, a line-end hyphen PDFium marked put back in a code. Example:
    lines_of("甲 \\r\\n乙") == ["甲", "乙"]; lines_of("HFY\\ufffeDMS") == ["HFY-DMS"]"""
    text = _LINE_HYPHEN.sub(_hyphen, text)
    return [l.strip() for l in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]


def segments(page, textpage, plumber_page=None) -> list[tuple[str, list[str]]]:
    """The page in reading order: ("text", lines) and ("table", rows) segments (see the module docstring)."""
    tables = _tables(page, textpage, plumber_page) if plumber_page is not None else []
    if not tables:
        return [("text", lines_of(textpage.get_text_range() or ""))]
    out: list[tuple[str, list[str]]] = []

    def text(left: float, bottom: float, right: float, top: float) -> None:
        if top > bottom and right > left:
            lines = [l for l in lines_of(textpage.get_text_bounded(left, bottom, right, top) or "") if l]
            if lines:
                out.append(("text", lines))

    ceiling = FAR
    for (x0, bottom, x1, top), rows in tables:
        text(-FAR, top, FAR, ceiling)
        out.append(("table", rows))
        text(-FAR, bottom, x0, top)
        text(x1, bottom, FAR, top)
        ceiling = bottom
    text(-FAR, -FAR, FAR, ceiling)
    return out


def _tables(page, textpage, plumber_page) -> list[tuple[tuple[float, float, float, float], list[str]]]:
    """Ruled tables of the page, top first: (PDFium bbox left, bottom, right, top; pipe rows)."""
    left, bottom, _, top = page.get_mediabox()
    if page.get_rotation() or left or bottom:
        return []
    found = []
    for t in plumber_page.find_tables():
        rows, columns = t.rows, t.columns  # properties, computed at each call
        if len(columns) < 2:   # a one-row table is kept here: pdf.py reads it as text unless it continues a table
            continue
        cells = [[_cover(t.cells, rows, columns, r, c) for c in range(len(row.cells))] for r, row in enumerate(rows)]
        texts = [[_cell_text(textpage, top, box) for box in row] for row in cells]
        if any(any(row) for row in texts):
            x0, y_top, x1, y_bottom = t.bbox  # pdfplumber: y down from the page top
            found.append(((x0, top - y_bottom, x1, top - y_top), [table_row(row) for row in texts]))
    found.sort(key=lambda f: -f[0][3])
    kept = []
    for f in found:  # one table per height band: an overlapping one is read as text
        if all(f[0][3] <= k[0][1] or f[0][1] >= k[0][3] for k in kept):
            kept.append(f)
    return kept


def _cover(cells, rows, columns, r: int, c: int):
    """The bbox of the cell at row r, column c; for a spot a merged cell covers, that cell's bbox."""
    box = rows[r].cells[c]
    if box is not None or c >= len(columns):
        return box
    x, y = sum(columns[c].bbox[0::2]) / 2, sum(rows[r].bbox[1::2]) / 2
    return next((b for b in cells if b[0] <= x <= b[2] and b[1] <= y <= b[3]), None)


def _cell_text(textpage, top: float, box) -> str:
    if box is None:
        return ""
    x0, y_top, x1, y_bottom = box
    text = textpage.get_text_bounded(x0 + INSET, top - y_bottom + INSET, x1 - INSET, top - y_top - INSET) or ""
    return joined_cell([" ".join(l.split()) for l in re.split(r"\r\n|[\r\n]", _LINE_HYPHEN.sub(_hyphen, text))])


def joined_cell(lines: list[str]) -> str:
    """A table cell's wrapped lines as one text: Latin words apart, CJK run on (「成人普」「通证」), a number wrapped in one
    (「20」「00元」) and a range or path wrapped after its mark (「09:00-」「16:30」: breaker DD, session 56) run on too (a
    code wrapped in a narrow cell: _hyphen; review, session 20). Example: joined_cell(["09:00-", "16:30"]) == "09:00-16:30"."""
    out = ""
    for line in filter(None, lines):
        latin = out and out[-1].isascii() and line[0].isascii() and not (out[-1].isdigit() and line[0].isdigit()) \
            and not (out[-1] in "-~" and out[-2:-1].isdigit() or out[-1] == "/")   # not 「Note:」 「bring…」, 「Mon -」 「Fri」
        out += (" " if latin else "") + line
    return out
