"""The cited originals: what a citation's 「打开原文」 link opens.

Consumes: the default KB's `ChatBot` (its loaded index's manifest and chunks, its corpus folder) and the
server's `KnowledgeBases` (the other KBs: their documents folder and current build). Produces:
`add_source_routes(app, bot, kbs)`, which adds to the API app
  GET /source/{document}[?kb=]            the file itself, inline, with its content type
  GET /source/{document}/view?[kb=&]start=&end=[&page=]
                                          an HTML page: for a PDF the cited page rendered with the quote
                                          marked (both pages over a page break; page = another page of
                                          it); for the other formats
                                          the extracted text with the quote in <mark>
  GET /source/{document}/page/{n}.png?[kb=&]start=&end=[&scale=]
                                          page n (1-based) of a PDF as PNG, the quote's characters marked
{document} is the name exactly as cited (`source`: the path relative to the corpus folder), URL-encoded;
start/end are the citation's offsets into the document's extracted text; kb is the knowledge base that
answered (absent, empty or "default": the default one, as before KBs existed). The view's own links
(the file, the other pages, the page images) carry the same kb.
Security: a name is served only when that KB's index manifest lists it (the default bot's loaded index,
another KB's current build); the file is then that KB's corpus folder joined with that listed name,
resolved (links followed) and refused unless it is a regular file inside that folder. So no path from a
request ever reaches the file system, and `..`, `%2e%2e`, absolute paths and links out of the corpus
are all a 404 {"error": …} that does not echo the name; so is a kb that is malformed (kb/names.py) or
names no knowledge base. Bad numbers are a 400 that does not echo them either. Renders are capped
(MAX_SCALE, MAX_PIXELS). The guards of guard.py apply as to every route: the token (header,
?token= or the page's cookie), the rate limit (/source/* counts like /api/*), the security headers;
the HTML view sends its own CSP (no script at all; images from this server) and an original .html
file is served in a CSP sandbox, so its scripts never run on this server's origin.
Shortcut: another KB is read from its current build (catalog.py: manifest and chunks, no vectors), so
opening a link loads no bot and starts no indexing; the text view re-reads the file (cached for the
last CACHE files, by content hash); a PDF is never re-read through the reader (that could mean OCR):
its quote is located from the index's passage (chunk) text, see pdfpage.py.
"""
from __future__ import annotations

import codecs
import hashlib
import mimetypes
import re
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import NamedTuple
from urllib.parse import quote

from fastapi import HTTPException, Response

from ..errors import KnowledgeBaseError
from ..kb.catalog import current_build
from .pdfpage import DEFAULT_SCALE, MAX_SCALE, page_sizes, quote_chars, quote_rects, render, sheets
from .sourceview import VIEW_CSP, pdf_view, text_view

CACHE = 4
MAX_DIGITS = 9
TYPES = {".txt": "text/plain", ".md": "text/plain", ".markdown": "text/plain", ".csv": "text/plain",
         ".html": "text/html", ".htm": "text/html", ".pdf": "application/pdf"}
SANDBOX_CSP = "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'"
UNKNOWN = "索引里没有这个文档（可能已删除或改名）"
NO_KB = "没有这个知识库"
UNREADABLE = "这份文件在建立索引之后改过，已经读不出来：请重建索引"
CHANGED = "这份文件在建立索引之后改过：标出的位置可能不准，请重建索引（chatbot index）。"


def _number(value: str | None, what: str, low: int = 0, high: int = 10 ** MAX_DIGITS) -> int | None:
    """An optional whole number in [low, high]; 400 naming `what` (never the value) otherwise."""
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS) or not low <= int(value) <= high:
        raise HTTPException(400, f"{what} 须为 {low} 到 {high} 之间的整数")
    return int(value)


def _scale(value: str | None) -> float:
    """Pixels per PDF point, from 0.25 to MAX_SCALE (default DEFAULT_SCALE); 400 otherwise."""
    if value is None or value == "":
        return DEFAULT_SCALE
    if not re.fullmatch(r"\d{1,2}(\.\d{1,3})?", value) or not 0.25 <= float(value) <= MAX_SCALE:
        raise HTTPException(400, f"scale 须为 0.25 到 {MAX_SCALE:g} 之间的数")
    return float(value)


def _span(start: str | None, end: str | None) -> tuple[int | None, int | None]:
    s, e = _number(start, "start"), _number(end, "end")
    if (s is None) != (e is None) or (s is not None and s >= e):
        raise HTTPException(400, "start 和 end 须一起给出，且 start < end")
    return s, e


@lru_cache(maxsize=64)
def _sha256(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


@lru_cache(maxsize=CACHE)
def _extracted(path: str, sha: str):
    from ..readers import read

    return read(Path(path).read_bytes(), Path(path).suffix)


class Corpus(NamedTuple):
    """One KB's index manifest and chunks, its documents folder, its name for the view's links (None: the default)."""
    manifest: dict
    chunks: list
    root: Path
    kb: str | None = None


def corpus_of(bot, kbs, kb: str | None) -> Corpus:
    """The Corpus of knowledge base `kb` (None, "" or "default": `bot`'s loaded index and corpus folder).
    404 NO_KB, without the name, for a malformed name or one no KB has; 404 UNKNOWN for a KB never indexed."""
    found = None
    if kb:
        try:
            found = kbs.get(kb)
        except KnowledgeBaseError:  # NotFound, or a name kb/names.py refuses: their messages would echo it
            raise HTTPException(404, NO_KB) from None
    if found is None or found.default:
        index = bot.retriever.index
        return Corpus(index.manifest, index.chunks, Path(bot.settings.corpus_dir))
    build = current_build(found.index)
    if build is None:
        raise HTTPException(404, UNKNOWN)
    return Corpus(build.manifest, build.chunks, Path(found.documents), found.name)


class Original:
    """One indexed document as the routes need it: its cited name, the name its chunks carry (an
    identical copy is indexed once, under another name), its file, and whether the file still holds
    the bytes that were indexed."""

    def __init__(self, corpus: Corpus, name: str):
        files = corpus.manifest.get("files", {})
        pure = PurePosixPath(name)
        if name not in files or pure.is_absolute() or ".." in pure.parts or "\\" in name or "\x00" in name:
            raise HTTPException(404, UNKNOWN)
        root = corpus.root.resolve()
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise HTTPException(404, "这个文档在索引里，但已不在语料文件夹中")
        self.name, self.path, self.chunks, self.kb = name, path, corpus.chunks, corpus.kb
        self.source = next((s for s, copies in corpus.manifest.get("aliases", {}).items() if name in copies), name)
        stat = path.stat()
        self.sha = _sha256(str(path), stat.st_mtime_ns, stat.st_size)
        self.changed = self.sha != files[name]
        self.suffix = path.suffix.lower()

    def passage(self, start: int, end: int):
        """The first chunk of this document holding [start, end); 400 when none does."""
        for c in self.chunks:
            if c.source == self.source and c.start <= start and end <= c.end:
                return c
        raise HTTPException(400, "start 和 end 须在这个文档的同一段落之内")


def _media_type(o: Original) -> str:
    kind = TYPES.get(o.suffix) or mimetypes.guess_type(o.path.name)[0] or "application/octet-stream"
    if kind.startswith("text/"):
        from ..readers.text import decode

        try:
            name = codecs.lookup(decode(o.path.read_bytes())[1]).name.replace("utf-16-", "utf-16")
            kind += f"; charset={'utf-8' if name == 'utf-8-sig' else name}"
        except (ValueError, LookupError):
            pass
    return kind


def add_source_routes(app, bot, kbs) -> None:
    """Register the three routes of the module docstring on `app` (before any catch-all mount); `bot`
    answers for the default KB, `kbs` (kb.KnowledgeBases) finds the others."""
    from fastapi.responses import FileResponse, HTMLResponse

    @app.get("/source/{document:path}/view", response_class=HTMLResponse, tags=["source"])
    def view(document: str, start: str | None = None, end: str | None = None, page: str | None = None,
             kb: str | None = None):
        """The cited place as an HTML page: a PDF's page (the cited one, or `page`) rendered with the quote
        marked; any other format's extracted text with the quote in `<mark>`. start/end: a citation's offsets;
        kb: the knowledge base that cited it (the default when absent)."""
        o = Original(corpus_of(bot, kbs, kb), document)
        s, e = _span(start, end)
        note = CHANGED if o.changed else ""
        if o.suffix == ".pdf":
            body = _pdf_view(o, s, e, page, note)
        else:
            try:
                ex = _extracted(str(o.path), o.sha)
            except ValueError:  # ReadError: the file was replaced by one that cannot be read
                raise HTTPException(409, UNREADABLE) from None
            if e is not None and e > len(ex.text):
                raise HTTPException(400, "start 和 end 须在文档之内")
            where = next((c.location for c in o.chunks if c.source == o.source and s is not None
                          and c.start <= s < c.end), "")
            body = text_view(o.name, ex.text, s, e, where, note, o.kb)
        return HTMLResponse(body, headers={"Content-Security-Policy": VIEW_CSP, "Cache-Control": "no-store"})

    @app.get("/source/{document:path}/page/{n}.png", response_class=Response, tags=["source"])
    def page_png(document: str, n: str, start: str | None = None, end: str | None = None, scale: str | None = None,
                 kb: str | None = None):
        """Page n (1-based) of an indexed PDF as PNG, the characters of [start, end) highlighted; scale: pixels
        per PDF point (0.25–4, default 2; lowered for a very large page); kb: as for the view."""
        o = Original(corpus_of(bot, kbs, kb), document)
        if o.suffix != ".pdf":
            raise HTTPException(404, "只有 PDF 有可显示的页面")
        data = o.path.read_bytes()
        pages = len(_sizes(data))
        number = _number(n, "the page", 1, pages)
        zoom = _scale(scale)
        rects = quote_rects(data, number, _chars(o, data, *_span(start, end)).get(number, []))
        png, _ = render(data, number, rects, zoom)
        return Response(png, media_type="image/png", headers={"Cache-Control": "private, no-cache"})

    @app.get("/source/{document:path}", response_class=FileResponse, tags=["source"])
    def original(document: str, kb: str | None = None):
        """The indexed file itself, inline (document: its name as cited in `source`; kb: its knowledge base)."""
        o = Original(corpus_of(bot, kbs, kb), document)
        disposition = f"inline; filename*=UTF-8''{quote(o.path.name)}"
        headers = {"Content-Disposition": disposition, "Cache-Control": "private, no-cache"}
        if o.suffix in (".html", ".htm"):
            headers["Content-Security-Policy"] = SANDBOX_CSP
        return FileResponse(o.path, media_type=_media_type(o), headers=headers)


def _sizes(data: bytes) -> list[tuple[float, float]]:
    try:
        return page_sizes(data)
    except ValueError:
        raise HTTPException(409, UNREADABLE) from None


def _chars(o: Original, data: bytes, start: int | None, end: int | None) -> dict[int, list[int]]:
    """{page: PDFium character indices} of the quote [start, end) (pdfpage.quote_chars); {} without offsets."""
    if start is None:
        return {}
    chunk = o.passage(start, end)
    return quote_chars(data, chunk.page or 1, chunk.text, start - chunk.start, end - chunk.start)


def _pdf_view(o: Original, start, end, page: str | None, note: str) -> str:
    """The view of the pages holding the quote (both, over a page break; else its passage's page), or of `page`."""
    data = o.path.read_bytes()
    sizes = _sizes(data)
    chunk = o.passage(start, end) if start is not None else None
    chars = _chars(o, data, start, end)
    asked = _number(page, "the page", 1, len(sizes))
    shown = [asked] if asked else sorted(chars) or [min(chunk.page or 1, len(sizes)) if chunk else 1]
    if chunk is not None and not chars and (chunk.page or 1) in shown:
        note = note or "这一页上没能逐字找到引文（可能是扫描页）：引文见上方。"
    quote_text = chunk.text[start - chunk.start:end - chunk.start] if chunk is not None else ""
    return pdf_view(o.name, sheets(data, shown, chars, sizes), len(sizes), start, end, quote_text, note, o.kb)
