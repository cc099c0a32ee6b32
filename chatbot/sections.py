"""Group a document's blocks into `Section`s: each heading and the blocks under it.

Consumes: a `Document` (its blocks from readers/, or, for a document built without them, the blocks
of its text by plain-text structure, readers/plain.py). Produces: `Section`s whose body is
`doc.text[start:end]` and whose `blocks` are the content blocks in it, for the chunker.
Headings nest by level (a heading closes every open heading of its level or deeper); the path is the
open headings from the top down. Content before the first heading is an untitled intro section (cited 「导语」; 「全文」 when no heading follows).
A heading with nothing under it was already turned into content by the reader (nothing is dropped); a heading that is
a table's caption (「表1 …」 right above a table) is that table's caption, and its start.
`kind` says what the body is: "faq" (it holds Q/A pairs), "table" (only tables) or "text".
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from .documents import Document
from .readers.model import Block
from .readers.plain import ANSWER, QUESTION, TABLE_ROW, structure

__all__ = ["ANSWER", "INTRO", "QUESTION", "Section", "TABLE_ROW", "split_sections", "blocks_of"]
INTRO = "导语"  # how an untitled leading section is cited
WHOLE = "全文"  # … and an untitled section that is the whole document (a CSV, a headingless note: breaker H, session 33)


@dataclass(frozen=True)
class Section:
    source: str
    heading: str               # "" for the untitled intro
    path: tuple[str, ...]      # headings from the top down, ending with `heading`
    kind: str                  # "text" | "table" | "faq"
    start: int                 # body offsets into Document.text
    end: int
    text: str                  # Document.text[start:end]
    blocks: tuple[Block, ...] = ()   # the content blocks of the body, in order
    whole: bool = False              # the untitled section is the whole document: no heading follows it

    @property
    def title(self) -> str:
        """The heading as shown in a citation: INTRO for an untitled lead, WHOLE for a document without headings."""
        return self.heading or (WHOLE if self.whole else INTRO)


def blocks_of(doc: Document) -> tuple[Block, ...]:
    """The document's blocks; a Document made from bare text gets them from plain-text structure
    (its text must then be structure's own output, i.e. need no reflow)."""
    if doc.blocks:
        return doc.blocks
    ex = structure(doc.text, reflowed=True)
    return ex.blocks


def _kind(blocks: list[Block]) -> str:
    if any(b.kind == "faq" for b in blocks):
        return "faq"
    if blocks and all(b.kind == "table" for b in blocks):
        return "table"
    return "text"


# a table's caption (表1 …, 图2-1 …) that a reader took for a heading: the paragraphs after the table were cited under it
# (breaker P, session 35: 「国内航线托运行李单件…」 under 「表1 免费托运行李额」)
_CAPTION = re.compile(r"^[表图]\s*[0-9一二三四五六七八九十]+(?:[-.．][0-9]+)?(?:[\s　：:.、]|$)")


def split_sections(doc: Document) -> list[Section]:
    """Sections in document order; a heading directly followed by a deeper one has no section of its own.

    Example: [s.title for s in split_sections(doc)] == ["导语", "技术驱动…", …, "相关问答FAQs"]
    """
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    body: list[Block] = []

    def flush():
        if body:
            heading = stack[-1][1] if stack else ""
            s, e = body[0].start, body[-1].end
            sections.append(Section(doc.source, heading, tuple(h for _, h in stack), _kind(body), s, e,
                                    doc.text[s:e], tuple(body)))
        body.clear()

    blocks = list(blocks_of(doc))
    for i, b in enumerate(blocks):
        if b.kind == "heading" and i + 1 < len(blocks) and blocks[i + 1].kind == "table" \
                and _CAPTION.match(text := " ".join(doc.text[b.start:b.end].lstrip("#").split())):
            t = blocks[i + 1]   # 「表1 免费托运行李额」 over its table: the table's caption, no section of its own
            blocks[i + 1] = replace(t, start=b.start, caption=t.caption or text)
            continue
        if b.kind == "heading":
            flush()
            heading = " ".join(doc.text[b.start:b.end].lstrip("#").split())
            stack = [(lv, h) for lv, h in stack if lv < b.level] + [(b.level, heading)]
        else:
            body.append(b)
    flush()
    if len(sections) == 1 and not sections[0].heading:
        sections[0] = replace(sections[0], whole=True)
    return sections
