"""Word (.docx) through python-docx and PowerPoint (.pptx) through python-pptx.

Consumes: the file's bytes. Produces: `Extracted`.
.docx: the body in order, paragraphs and tables interleaved; a paragraph styled Heading N / 标题 N /
Title is a heading of that level, after the label of Word's automatic numbering when it has one (numbering.py:
「第一章 总则」); a numbered paragraph gets its label (「1. 火车票…」「（一）…」), other list paragraphs (a List style,
a bullet) are items with a 「- 」 marker; runs of ordinary paragraphs go through plain-text structure (plain.py), so outline
numbering, lead-ins, 键：值 records and Q/A lines are found as in a .txt; tables are `| a | b |` rows,
the first row the header. The title is the file's core property, else its first heading.
.pptx: one slide = one page (`page` = slide number, 「幻灯片N」); the title placeholder is a heading,
the other text frames (in reading order: top to bottom, left to right) and tables follow it.
Shortcut: merged table cells repeat their text in every cell they span; speaker notes are not read.
"""
from __future__ import annotations

import io
import re

from .model import Block, Builder, Extracted, table_row
from .numbering import Numbering
from .plain import structure

_HEADING = re.compile(r"^(?:heading|标题)\s*(\d)$", re.IGNORECASE)


def _flush(b: Builder, lines: list[str], headings: bool = True) -> None:
    """Ordinary paragraphs → blocks by plain-text structure (on a slide, no line is taken for a heading)."""
    text = "\n".join(l for l in lines if l.strip())
    lines.clear()
    if text.strip():
        ex = structure(text, reflowed=True)
        for blk in ex.blocks:
            keep = blk.kind != "heading" or (headings and blk.level)
            b.add_block(blk if keep else Block("paragraph", blk.start, blk.end), ex.text)


def _level(paragraph) -> int:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    if name.lower() == "title":
        return 1
    m = _HEADING.match(name.strip())
    return int(m.group(1)) if m else 0


def _is_list(paragraph) -> bool:
    name = (paragraph.style.name if paragraph.style is not None else "") or ""
    ppr = paragraph._p.pPr
    return name.lower().startswith("list") or (ppr is not None and ppr.numPr is not None)


def labelled(label: str, text: str) -> str:
    """A paragraph's text after its numbering label: a space after 「1.」「第三条」, none after 「一、」「（一）」."""
    if not label:
        return text
    return label + ("" if label.endswith(("、", "）", "．", "】", "〕")) else " ") + text


def read_docx(data: bytes) -> Extracted:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = docx.Document(io.BytesIO(data))
    b, lines, numbering = Builder(), [], Numbering(document)
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            p = Paragraph(child, document)
            text = " ".join(p.text.split())
            label = numbering.label(p)   # Word's 「1.」「（一）」「第三条」, never in the text; an empty item counts too
            level = _level(p)
            if level and text:
                _flush(b, lines)
                b.add("heading", labelled(label, text), level=level)
            elif text and label:
                lines.append(labelled(label, text))
            elif text:
                lines.append(("- " + text) if _is_list(p) and not text.startswith(("-", "•")) else text)
        elif tag == "tbl":
            _flush(b, lines)
            table, seen = Table(child, document), {}

            def cell_text(cell) -> str:   # a merged cell is one cell: its numbered items are counted once
                if cell._tc not in seen:   # (the dict keeps lxml's element proxy, so the same one comes back)
                    parts = [(numbering.label(q), " ".join(q.text.split())) for q in cell.paragraphs]
                    seen[cell._tc] = " ".join(labelled(label, words) for label, words in parts if words)
                return seen[cell._tc]
            rows = [[cell_text(c) for c in row.cells] for row in table.rows]
            rows = [r for r in rows if any(r)]
            b.add_parts("table", [table_row(r) for r in rows], header=1 if len(rows) > 1 else 0)
    _flush(b, lines)
    title = (document.core_properties.title or "").strip()
    return b.done(title=title, encoding="docx")


def read_pptx(data: bytes) -> Extracted:
    from pptx import Presentation

    deck = Presentation(io.BytesIO(data))
    b = Builder()
    title = ""
    for n, slide in enumerate(deck.slides, 1):
        start = b.size + (1 if b.parts else 0)
        title_shape = slide.shapes.title
        if title_shape is not None and title_shape.has_text_frame and title_shape.text_frame.text.strip():
            heading = " ".join(title_shape.text_frame.text.split())
            title = title or heading
            b.add("heading", heading, level=1)
        title_id = title_shape.shape_id if title_shape is not None else None
        shapes = sorted((s for s in slide.shapes if s.shape_id != title_id),
                        key=lambda s: ((s.top or 0) // 100000, s.left or 0))
        lines: list[str] = []
        for shape in shapes:
            if shape.has_text_frame:
                for para in shape.text_frame.paragraphs:
                    text = " ".join("".join(r.text for r in para.runs).split())
                    if text:
                        lines.append(("- " + text) if para.level > 0 and not text.startswith("-") else text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                _flush(b, lines, headings=False)
                rows = [[" ".join(c.text.split()) for c in row.cells] for row in shape.table.rows]
                rows = [r for r in rows if any(r)]
                b.add_parts("table", [table_row(r) for r in rows], header=1 if len(rows) > 1 else 0)
        _flush(b, lines, headings=False)
        b.mark(start, n, f"幻灯片{n}")
    return b.done(title=title, encoding="pptx")
