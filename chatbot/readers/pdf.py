"""PDF files, through pypdfium2 (PDFium, Apache/BSD licensed; PyMuPDF's AGPL avoided), with OCR for scans.

Consumes: the file's bytes. Produces: `Extracted` with a page map (`page` 1-based, 「第N页」).
Per page, in reading order: PDFium's text, line by line, and ruled tables as `| a | b |` rows
(pdf_tables.py: found by pdfplumber from the ruling, cells read by PDFium; a table's text is not
repeated around it). A page whose text layer is (nearly) empty but which holds an image is a scan:
it is OCR'd (ocr.py, RapidOCR with the models inside its wheel, imported only when a scan is met)
and its lines go the same way as a text page's. Then, for every page (margins.py): running headers and footers
(a first or last line that recurs, digits aside, on at least half of the pages, and bare page
numbers such as 「- 3 -」「第3页」「3/10」) are removed; hard-wrapped lines are joined back into
sentences (lines.reflow); the whole text goes through plain-text structure (outline numbering,
lists, records, FAQ, pipe tables: a table's first row is its header). A table that runs over a page
break stays one table, unless the new page repeats its header row (then it starts again under it);
table rows are never taken for running headers. Bookmarks (the outline) turn the lines they name
into headings of their level. A PDF of PROGRESS_PAGES pages or more shows a progress bar while it
is read, on a terminal.
An encrypted or damaged file raises ValueError with the reason. Scanned pages left unread (OCR off
with CHATBOT_OCR=0, the OCR package missing, OCR failing on a page) are named in the warning; a PDF
with no text at all after that is refused with the reason, and the caller skips it.
A sentence that runs over a page break is joined there as a wrapped line is (lines.joins; no character between the
pages, so every offset still belongs to one page: a quote over the break is cited to the page it starts on).
Shortcut: a table's caption is the heading or line above it, not `caption`.
"""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .bullets import drawn_bullets, mark
from .lines import FULL_SLACK, joins, reflow, width
from .margins import strip_print_margins, strip_running
from .model import Block, Extracted, Place
from .pdf_tables import draws_paths, open_plumber, segments
from .plain import structure

SCAN_CHARS = 5  # a page with fewer word characters than this in its text layer, and an image, is a scan
PROGRESS_PAGES = 50  # a PDF this long shows a progress bar while it is read (on a terminal)
FULL_LINES = 3  # _full_width: lines that must reach the widest (less lines.FULL_SLACK) for it to be the wrap width


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ValueError("加密的 PDF（需要密码）：请另存一份不加密的副本再索引") from exc
        why = next((zh for en, zh in _PDFIUM_ERRORS.items() if en in message.lower()), "PDFium 打不开它")
        raise ValueError(f"文件已损坏或不是 PDF（{why}）") from exc


_PDFIUM_ERRORS = {"format": "数据格式错误", "file access": "文件读取错误", "security": "不支持的加密方式",
                  "page": "页面缺失或内容错误"}
"""PDFium's load errors (FPDF_ERR_FORMAT, _FILE, _SECURITY, _PAGE as pypdfium2 words them) in the user's words."""


def read_pdf(data: bytes, ocr: bool = True, ocr_cache: Path | None = None, name: str = "") -> Extracted:
    """The document model of a PDF. `ocr`: read scanned pages; `ocr_cache`: folder of OCR results by file hash;
    `name`: the file, for progress bars. Raises ValueError (encrypted, damaged, no text at all)."""
    from tqdm import tqdm

    pdf, plumber, notes = _open(data), None, []
    try:
        pages, scanned, no_tables = [], [], []
        for i in tqdm(range(len(pdf)), desc=f"read {name}".strip(), unit="page",
                      disable=None if len(pdf) >= PROGRESS_PAGES else True):
            page = pdf[i]
            tp = page.get_textpage()
            try:
                if _scanned(page, tp):
                    scanned.append(i)
                    pages.append([])
                    continue
                segs = None
                if plumber is not False and draws_paths(page):  # no path, no ruling: pdfplumber is not asked
                    segs, plumber = _with_tables(page, tp, i, plumber, data)
                    if segs is None:
                        no_tables.append(i)
                pages.append(mark(segs or segments(page, tp), drawn_bullets(page, tp)))   # Chromium's drawn discs
            finally:
                tp.close()
                page.close()
        if scanned:
            notes.append(_ocr(pdf, scanned, pages, ocr, ocr_cache, name, data))
        if no_tables:
            notes.append(f"第 {_listed(no_tables)} 页没有查找带线表格（pdfplumber 读不了这些页）")
        toc = []
        for item in pdf.get_toc():
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None:
                toc.append((index, item.level, " ".join((item.get_title() or "").split())))
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
        title = "" if title.strip("()（）").lower() in ("untitled", "anonymous", "无标题") else title
    finally:
        if plumber:
            plumber.close()
        pdf.close()
    texts, places, pos, header = [], [], 0, None
    pages = _lone_rows(list(strip_print_margins(strip_running(pages), title)))
    full = _full_width(pages)
    for n, segs in enumerate(pages, 1):
        text = _page_text(segs, full)
        if not text:
            continue
        first, last = _table_edges(segs)
        goes_on = first is not None and header is not None and first != header  # a table over the page break
        if texts:  # … stays one table; one whose header row is repeated on the new page starts again; a sentence
            # that runs over the break (both sides text) is joined as a wrapped line is (lines.joins)
            run_on = first is None and header is None and joins(texts[-1].rsplit("\n", 1)[-1], text.split("\n", 1)[0])
            texts.append("\n\n" if first is not None and first == header else "" if run_on else "\n")
            pos += len(texts[-1])
        texts.append(text)
        places.append(Place(pos, pos + len(text), n, f"第{n}页"))
        pos += len(text)
        header = header if goes_on and sum(1 for _, l in segs if l) == 1 else last
    warning = "；".join(n for n in notes if n)
    if not texts and scanned:
        raise ValueError(f"没有文字层，OCR 也没有读出文字：{warning}")
    full = "".join(texts)
    ex = structure(full, reflowed=True)
    return Extracted(full, _bookmarks(ex.blocks, full, places, toc), tuple(places), title, "pdf", warning)


def _lone_rows(pages: list) -> list:
    """The pages' segments (empty ones left out) with each one-row table joined to the table of as many columns right
    before or after it on its page (its header ruled apart, or its last row); kept as a table when it ends a page whose
    next starts with such a table (a header, its rows overleaf) or starts a page after one that ends in such a table (the
    table goes on over the page break: breaker S, session 36, 「3号线（环线） …30元」 alone at the top of page 2 was read
    as a heading, its fare unquotable); else read as a line of text, its cells apart by spaces."""
    out, last = [], None
    pages = [[(kind, lines) for kind, lines in page if lines] for page in pages]
    for n, segs in enumerate(pages):
        kept = []
        for i, (kind, lines) in enumerate(segs):
            width = lines[0].count("|") if kind == "table" and len(lines) == 1 else None
            # what follows: the next segment, or the next page's first (a header at a page's foot, its rows overleaf)
            after = segs[i + 1] if i + 1 < len(segs) else next((p[0] for p in pages[n + 1:n + 2] if p), ("", [""]))
            if width is None:
                kept.append((kind, lines))
            elif kept and kept[-1][0] == "table" and kept[-1][1][0].count("|") == width:
                kept[-1] = ("table", kept[-1][1] + lines)   # a row ruled apart below its table
            elif after[0] == "table" and after[1][0].count("|") == width and i + 1 < len(segs):
                segs[i + 1] = ("table", lines + after[1])   # a header ruled apart above its table
            elif after[0] == "table" and after[1][0].count("|") == width:
                kept.append((kind, lines))   # a header at the page's foot: read_pdf joins its rows from the next page
            elif not kept and last == width:
                kept.append((kind, lines))   # goes on from the page before: read_pdf joins the two
            else:
                kept.append(("text", [" ".join(c.strip() for c in lines[0].strip("| ").split(" | "))]))
        out.append(kept)
        last = kept[-1][1][0].count("|") if kept and kept[-1][0] == "table" else None
    return out


def _with_tables(page, textpage, i: int, plumber, data: bytes):
    """(the page's segments with its ruled tables, or None when pdfplumber fails on it; the pdfplumber
    document, opened on first use, or False when it cannot open this PDF: pdfminer fails on some files PDFium reads)."""
    plumbed = None
    try:
        plumber = plumber or open_plumber(data)
        plumbed = plumber.pages[i]
        return segments(page, textpage, plumbed), plumber
    except Exception:
        return None, plumber or False
    finally:
        if plumbed is not None:
            plumbed.close()


def _scanned(page, textpage) -> bool:
    """A page with (nearly) no text layer that shows an image: a scan."""
    import pypdfium2.raw as pdfium_c

    if textpage.count_chars() > 4 * SCAN_CHARS or len(re.findall(r"\w", textpage.get_text_range() or "")) >= SCAN_CHARS:
        return False
    return next(iter(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2)), None) is not None


def _listed(indexes) -> str:
    """0-based page indexes as 1-based page numbers. Example: _listed([0, 2]) == "1, 3" """
    numbers = sorted(i + 1 for i in indexes)
    return ", ".join(map(str, numbers[:10])) + (" …" if len(numbers) > 10 else "")


def _ocr(pdf, scanned: list[int], pages: list, ocr: bool, cache: Path | None, name: str, data: bytes) -> str:
    """OCR the scanned pages into `pages` (their lines as one text segment); the warning they call for, or ""."""
    if not ocr:
        return f"第 {_listed(scanned)} 页没有文字层（扫描件？）：未索引，OCR 已关闭（CHATBOT_OCR=0）"
    try:
        from .ocr import ocr_pages
        texts, failed = ocr_pages(pdf, scanned, name, cache, hashlib.sha256(data).hexdigest())
    except Exception as exc:  # OcrUnavailable, or an engine that does not start: the text pages are still indexed
        return f"第 {_listed(scanned)} 页没有文字层，OCR 不可用（{exc}）：这些页未索引"
    for i, lines in texts.items():
        pages[i] = [("text", lines)]
    notes = []
    if failed:
        notes.append(f"第 {_listed(failed)} 页 OCR 失败（{next(iter(failed.values()))}）：这些页未索引")
    empty = [i for i, lines in texts.items() if not any(l.strip() for l in lines)]
    if empty:
        notes.append(f"第 {_listed(empty)} 页 OCR 没有找到文字")
    return "；".join(notes)


def _full_width(pages) -> int:
    """The printed width of a full line of text (lines.width), when at least FULL_LINES lines of the document reach it
    (less lines.FULL_SLACK): the width the page wraps at; else 0 (unknown: a document of short lines)."""
    widths = sorted((width(l) for segs in pages for kind, lines in segs if kind == "text" for l in lines), reverse=True)
    return widths[0] if len(widths) >= FULL_LINES and widths[FULL_LINES - 1] >= widths[0] - FULL_SLACK else 0


def _table_edges(segs) -> tuple[str | None, str | None]:
    """(the first row when the page starts with a table, the first row of the table it ends with), None for text."""
    filled = [(kind, lines) for kind, lines in segs if lines]
    if not filled:
        return None, None
    return (filled[0][1][0] if filled[0][0] == "table" else None, filled[-1][1][0] if filled[-1][0] == "table" else None)


def _page_text(segs: list[tuple[str, list[str]]], full: int = 0) -> str:
    """A page's segments as text: text lines reflowed (`full`: the document's full line width, lines.reflow), table
    rows one a line, a blank line between two tables."""
    out, last = "", None
    for kind, lines in segs:
        text = reflow("\n".join(l for l in lines if l), full).strip() if kind == "text" else "\n".join(lines)
        if text:
            out += ("\n\n" if kind == last == "table" else "\n" if out else "") + text
            last = kind
    return out


def _bookmarks(blocks, text: str, places: list[Place], toc) -> tuple[Block, ...]:
    """Blocks whose line is a bookmark's title on the bookmark's page become headings of its level."""
    if not toc:
        return blocks
    wanted = {(page + 1, re.sub(r"\s+", "", title)): level for page, level, title in toc if title}
    out = []
    for b in blocks:
        place = next((p for p in places if p.start <= b.start < p.end), None)
        key = (place.page if place else None, re.sub(r"\s+", "", text[b.start:b.end]))
        if b.kind in ("paragraph", "heading") and key in wanted:
            out.append(Block("heading", b.start, b.end, level=wanted[key] + 1))
        else:
            out.append(b)
    return tuple(out)
