"""Readers: one per file format, all producing the same document model (model.py).

Flow: file → reader → `Extracted` (text, blocks, page map) → sections.py → chunks.py.
Consumes: a file's bytes and its suffix. Produces: `Extracted`, or raises `ReadError` with a reason
a person can act on (an old binary Office format, an encrypted or damaged file).
Modules: text.py (.txt: encodings) and plain.py (plain-text structure), markdown.py, html.py,
office.py (.docx, .pptx), sheets.py (.xlsx, .csv), pdf.py (+ pdf_tables.py for ruled tables, ocr.py
for scanned pages). Heavy libraries are imported by the reader that needs them, on first use.
"""
from __future__ import annotations

import logging
from pathlib import Path

from .model import Block, Extracted, Place, place_of

TEXT = (".txt",)
MARKDOWN = (".md", ".markdown")
SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pptx", ".xlsx", ".csv", ".pdf")
OLD_FORMATS = {".doc": "Word 97–2003 (.doc)", ".ppt": "PowerPoint 97–2003 (.ppt)", ".xls": "Excel 97–2003 (.xls)",
               ".wps": "WPS (.wps)", ".et": "WPS (.et)", ".dps": "WPS (.dps)"}
NEW_FORMAT = {".doc": ".docx", ".ppt": ".pptx", ".xls": ".xlsx", ".wps": ".docx", ".et": ".xlsx", ".dps": ".pptx"}

log = logging.getLogger(__name__)

__all__ = ["Block", "Extracted", "Place", "ReadError", "SUFFIXES", "OLD_FORMATS", "read", "place_of"]


class ReadError(ValueError):
    """The file cannot be read; the message says why and what to do."""


def read(data: bytes, suffix: str, ocr: bool = True, ocr_cache: Path | None = None, name: str = "") -> Extracted:
    """The document model of one file. Example: read("# 标题\\n正文。".encode(), ".md").title == "标题"

    PDF only: `ocr` reads scanned pages, `ocr_cache` is a folder of OCR results kept by file hash, `name`
    labels the progress bars.
    """
    suffix = suffix.lower()
    if suffix in OLD_FORMATS:
        raise ReadError(f"{OLD_FORMATS[suffix]} 是旧的二进制格式：请打开它另存为 "
                        f"{NEW_FORMAT[suffix]}，再重新索引")
    if not data:
        raise ReadError("文件是空的（0 字节）")
    try:
        ex = _read(data, suffix, ocr, ocr_cache, name)
    except ReadError:
        raise
    except ValueError as exc:
        raise ReadError(str(exc)) from exc
    except Exception as exc:  # a library's own error for a damaged file: one bad file never stops the others
        log.info("%s reader: %s: %s", suffix, type(exc).__name__, str(exc)[:200])   # the library's words, for the log
        raise ReadError(f"无法按 {suffix} 读取：文件已损坏，或内容不是 {suffix} 格式") from exc
    if not ex.title and suffix != ".xlsx":   # a workbook's first heading is a sheet's name (sheets.read_xlsx)
        first = ex.blocks[0] if ex.blocks else None
        if first is not None and first.kind == "heading" and first.level <= 1:
            ex = Extracted(ex.text, ex.blocks, ex.places, ex.text[first.start:first.end], ex.encoding, ex.warning)
    return ex


def _read(data: bytes, suffix: str, ocr: bool, ocr_cache: Path | None, name: str) -> Extracted:
    if suffix in TEXT:
        from .text import read_text
        return read_text(data)
    if suffix in MARKDOWN:
        from .markdown import read_markdown
        from .text import decode
        text, encoding, warning = decode(data)
        return read_markdown(text, encoding, warning)
    if suffix in (".html", ".htm"):
        from .html import read_html
        return read_html(data)
    if suffix == ".docx":
        from .office import read_docx
        return read_docx(data)
    if suffix == ".pptx":
        from .office import read_pptx
        return read_pptx(data)
    if suffix == ".xlsx":
        from .sheets import read_xlsx
        return read_xlsx(data)
    if suffix == ".csv":
        from .sheets import read_csv
        return read_csv(data)
    if suffix == ".pdf":
        from .pdf import read_pdf
        return read_pdf(data, ocr, ocr_cache, name)
    raise ReadError(f"不读取 {suffix} 文件")
