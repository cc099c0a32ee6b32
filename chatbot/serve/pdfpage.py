"""PDF pages as PNG images with a quote's characters marked on them, through pypdfium2.

Consumes: a PDF's bytes, a 1-based page number, and the passage the quote was taken from as the index
holds it (a chunk's text, its page, the quote's offsets inside it). Produces: `page_sizes`,
`quote_chars` (the PDFium character indices of the quote, per page), `quote_rects` (one rectangle per
line of them, in PDF units), `top_fraction` (where one lies down the page, for a scroll anchor),
`fit_scale` (the render scale within MAX_SCALE and MAX_PIXELS), `sheets` (the pages a view shows, sized, with their
scroll anchors) and `render` (PNG bytes of the page with the rectangles highlighted). The passage is found among the
page's characters (FPDFText_GetUnicode per character index) by quotematch.py, so the marks are the quote's own
characters, exactly.
Shortcuts: PDFium is not thread-safe, so every call here holds one lock (the reader, pdf.py, runs at
index time without it); a page without a text layer (a scan) has no characters, so nothing can be
marked on it; boxes are PDFium's loose character boxes (the font's full height), merged per line.
"""
from __future__ import annotations

import ctypes
import io
import threading

from .quotematch import fold, locate

PDFIUM = threading.Lock()
DEFAULT_SCALE = 2.0          # pixels per PDF point: an A4 page is 1191 × 1684 px
MAX_SCALE = 4.0
MAX_PIXELS = 16_000_000      # a render never exceeds this (the scale is lowered for a large page)
HIGHLIGHT = (255, 214, 10)   # multiplied onto the page: white turns yellow, black text stays black


def _open(data: bytes):
    import pypdfium2 as pdfium

    return pdfium.PdfDocument(data)


def _page_text(pdf, index: int) -> tuple[str, list[int]]:
    """The folded characters of page `index` (0-based) and their PDFium character indices."""
    import pypdfium2.raw as raw

    page = pdf[index]
    tp = page.get_textpage()
    try:
        n = tp.count_chars()
        chars = "".join(chr(raw.FPDFText_GetUnicode(tp, i) or 32) for i in range(n))
        return fold(chars, list(range(n)))
    finally:
        tp.close()
        page.close()


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    """(width, height) in PDF points of every page, as displayed (rotation applied); ValueError for a bad PDF."""
    with PDFIUM:
        try:
            pdf = _open(data)
        except Exception as exc:
            raise ValueError(f"not a readable PDF ({type(exc).__name__})") from exc
        try:
            return [pdf.get_page_size(i) for i in range(len(pdf))]
        finally:
            pdf.close()


def quote_chars(data: bytes, page: int, passage: str, start: int, end: int) -> dict[int, list[int]]:
    """{1-based page: PDFium character indices} of passage[start:end], the passage (a chunk's text)
    beginning on `page`. Empty when the page has no text layer or the passage cannot be found."""
    fp, where = fold(passage)
    wanted = [k for k, pos in enumerate(where) if start <= pos < end]
    if not wanted:
        return {}
    with PDFIUM:
        pdf = _open(data)
        try:
            if not 1 <= page <= len(pdf):
                return {}
            text, idx = _page_text(pdf, page - 1)
            nxt, nidx = _page_text(pdf, page) if page < len(pdf) and fp not in text else ("", [])
        finally:
            pdf.close()
    here, there = locate(fp, text, nxt)
    out = {page: [idx[here[k]] for k in wanted if k in here], page + 1: [nidx[there[k]] for k in wanted if k in there]}
    return {p: v for p, v in out.items() if v}


def quote_rects(data: bytes, page: int, chars: list[int]) -> list[tuple[float, float, float, float]]:
    """(left, bottom, right, top) in PDF points, one per line of the characters `chars` on `page`."""
    rects: list[list[float]] = []
    with PDFIUM:
        pdf = _open(data)
        try:
            pg = pdf[page - 1]
            tp = pg.get_textpage()
            for i in sorted(chars):
                left, bottom, right, top = tp.get_charbox(i, loose=True)
                last = rects[-1] if rects else None
                overlap = last and min(top, last[3]) - max(bottom, last[1]) > 0.5 * min(top - bottom, last[3] - last[1])
                if overlap and left <= last[2] + 2 * (top - bottom):  # same line, next to the last box
                    last[:] = [min(last[0], left), min(last[1], bottom), max(last[2], right), max(last[3], top)]
                else:
                    rects.append([left, bottom, right, top])
            tp.close()
            pg.close()
        finally:
            pdf.close()
    return [tuple(r) for r in rects]


def sheets(data: bytes, pages: list[int], chars: dict[int, list[int]], sizes: list[tuple[float, float]]
           ) -> list[tuple[int, tuple[int, int], float | None]]:
    """(page, its size in pixels as `render` draws it, top_fraction of its first mark or None) of each of `pages`,
    the quote's characters `chars` ({page: indices}, quote_chars) marked; `sizes`: page_sizes."""
    out = []
    for n in pages:
        rects = quote_rects(data, n, chars[n]) if chars.get(n) else []
        scale = fit_scale(*sizes[n - 1])
        size = (round(sizes[n - 1][0] * scale), round(sizes[n - 1][1] * scale))
        out.append((n, size, top_fraction(data, n, rects[0]) if rects else None))
    return out


def fit_scale(width: float, height: float, scale: float = DEFAULT_SCALE) -> float:
    """`scale`, lowered so that the image stays within MAX_PIXELS. Example: fit_scale(595, 842) == 2.0"""
    return max(0.05, min(scale, MAX_SCALE, (MAX_PIXELS / max(1.0, width * height)) ** 0.5))


def to_device(pg, size: tuple[int, int], x: float, y: float) -> tuple[int, int]:
    """Pixel (x, y) of the PDF point (x, y) on page object `pg` rendered at `size` (PDFium's own transform)."""
    import pypdfium2.raw as raw

    dx, dy = ctypes.c_int(), ctypes.c_int()
    raw.FPDF_PageToDevice(pg.raw, 0, 0, size[0], size[1], 0, x, y, ctypes.byref(dx), ctypes.byref(dy))
    return dx.value, dy.value


def top_fraction(data: bytes, page: int, rect) -> float:
    """How far down the displayed page the top of `rect` (PDF points) lies, 0.0 (top) to 1.0 (bottom)."""
    with PDFIUM:
        pdf = _open(data)
        try:
            pg = pdf[page - 1]
            width, height = pg.get_size()
            size = (1000, max(1, round(1000 * height / max(width, 1.0))))
            top = to_device(pg, size, rect[0], rect[3])[1] / size[1]
            pg.close()
        finally:
            pdf.close()
    return min(1.0, max(0.0, top))


def render(data: bytes, page: int, rects=(), scale: float = DEFAULT_SCALE) -> tuple[bytes, list[tuple[int, int, int, int]]]:
    """(PNG bytes of `page` with `rects` highlighted, those rects in pixels (x0, y0, x1, y1)).
    `scale` is capped by fit_scale; page must be 1..page count (IndexError otherwise)."""
    from PIL import Image, ImageChops, ImageDraw

    with PDFIUM:
        pdf = _open(data)
        try:
            if not 1 <= page <= len(pdf):
                raise IndexError(page)
            pg = pdf[page - 1]
            image = pg.render(scale=fit_scale(*pg.get_size(), scale)).to_pil().convert("RGB")
            boxes = []
            for left, bottom, right, top in rects:
                (x0, y0), (x1, y1) = to_device(pg, image.size, left, top), to_device(pg, image.size, right, bottom)
                boxes.append((min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)))
            pg.close()
        finally:
            pdf.close()
    if boxes:
        overlay = Image.new("RGB", image.size, (255, 255, 255))
        draw = ImageDraw.Draw(overlay)
        for box in boxes:
            draw.rectangle(box, fill=HIGHLIGHT)
        image = ImageChops.multiply(image, overlay)
    out = io.BytesIO()
    image.save(out, "PNG", optimize=False, compress_level=6)
    return out.getvalue(), boxes
