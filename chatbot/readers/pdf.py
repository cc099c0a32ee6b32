"""PDF files with a text layer, through pypdfium2 (PDFium, Apache/BSD licensed; PyMuPDF's AGPL avoided).

Consumes: the file's bytes. Produces: `Extracted` with a page map (`page` 1-based, 「第N页」).
Per page: PDFium's text, line by line; running headers and footers (a first or last line that
recurs, digits aside, on at least half of the pages, and bare page numbers such as 「- 3 -」
「第3页」「3/10」) are removed; hard-wrapped lines are joined back into sentences (lines.reflow);
then the whole text goes through plain-text structure (outline numbering, lists, records, FAQ,
pipe tables). Bookmarks (the outline) turn the lines they name into headings of their level.
An encrypted or damaged file raises ReadError with the reason; pages without a text layer (scans)
are named in a warning (this version does no OCR); a PDF with no text at all is skipped by the caller.
Shortcut: a sentence that runs over a page break stays cut there (each page is reflowed alone, so
every offset belongs to one page); ruled tables come out as lines of text, not as table blocks.
"""
from __future__ import annotations

import re
from collections import Counter

from .lines import reflow
from .model import Block, Extracted, Place
from .plain import structure

PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*\d+\s*[-–—]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
                         r"page\s*\d+(?:\s*of\s*\d+)?|\d{1,4})\s*$", re.IGNORECASE)
EDGE = 2  # lines at the top and the bottom of a page that may be running headers or footers


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


def _open(data: bytes):
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        message = str(exc)
        if "password" in message.lower():
            raise ValueError("encrypted PDF (it needs a password): save an unprotected copy to index it") from exc
        raise ValueError(f"damaged or not a PDF ({message})") from exc


def read_pdf(data: bytes) -> Extracted:
    pdf = _open(data)
    try:
        pages = []
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            raw = tp.get_text_range() or ""
            tp.close()
            page.close()
            pages.append([l.strip() for l in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")])
        toc = []
        for item in pdf.get_toc():
            dest = item.get_dest()
            index = dest.get_index() if dest is not None else None
            if index is not None:
                toc.append((index, item.level, " ".join((item.get_title() or "").split())))
        title = (pdf.get_metadata_dict().get("Title") or "").strip()
        title = "" if title.lower() in ("untitled", "anonymous", "无标题") else title
    finally:
        pdf.close()
    pages = _strip_running(pages)
    texts, places, pos, blank = [], [], 0, []
    for n, lines in enumerate(pages, 1):
        text = reflow("\n".join(l for l in lines if l)).strip()
        if not text:
            blank.append(n)
            continue
        if texts:
            pos += 1
        texts.append(text)
        places.append(Place(pos, pos + len(text), n, f"第{n}页"))
        pos += len(text)
    full = "\n".join(texts)
    ex = structure(full, reflowed=True)
    blocks = _bookmarks(ex.blocks, full, places, toc)
    warning = ""
    if blank and texts:
        shown = ", ".join(map(str, blank[:10])) + (" …" if len(blank) > 10 else "")
        warning = f"page(s) {shown} have no text layer (scanned?): they are not indexed (no OCR in this version)"
    return Extracted(full, blocks, tuple(places), title, "pdf", warning)


def _strip_running(pages: list[list[str]]) -> list[list[str]]:
    """Drop running headers/footers and bare page numbers from the first and last lines of each page."""
    pages = [[l for l in p if l] for p in pages]
    counts = Counter(_shape(l) for p in pages for l in set(p[:EDGE] + p[-EDGE:]))
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for p in pages:
        edge = set(range(min(EDGE, len(p)))) | set(range(max(0, len(p) - EDGE), len(p)))
        out.append([l for k, l in enumerate(p) if not (k in edge and (PAGE_NUMBER.match(l)
                                                                       or (len(pages) > 1 and counts[_shape(l)] >= need)))])
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
