"""The document model every reader produces: extracted text, typed blocks over it, and a page map.

Consumes: nothing (plain data). Produces: `Block`, `Place`, `Extracted` and `Builder`, which readers
use to append text and record blocks as they go, so every offset is into `Extracted.text` by
construction (`text[block.start:block.end]` is the block).
Block kinds: "heading" (with `level`, 1 = top), "paragraph", "list" (its lead-in and items as
`parts`), "table" (`parts` = rows, the first `header` of them the header; `caption`), "code",
"faq" (`parts` = question, answer), "record" (`parts` = its 键：值 lines; `caption`: a sheet's title rows above it).
Shortcut: a table is extracted as one `| a | b |` line per row, so every format's table reads the
same and a row is quoted whole.
"""
from __future__ import annotations

import re

from dataclasses import dataclass, field

KINDS = ("heading", "paragraph", "list", "table", "code", "faq", "record")


@dataclass(frozen=True)
class Block:
    kind: str
    start: int                              # offsets into Extracted.text
    end: int
    level: int = 0                          # heading level, 1 = top
    parts: tuple[tuple[int, int], ...] = () # list: lead-in + items; table: rows; faq: question, answer; record: lines
    header: int = 0                         # table: how many of `parts` are header rows
    caption: str = ""                       # table: its caption, when it has one; record: its sheet's title rows


@dataclass(frozen=True)
class Place:
    """Where a stretch of the extracted text lies in the original: a page, a slide, a sheet row."""
    start: int
    end: int
    page: int | None        # 1-based PDF page / PPTX slide; None for the rest
    location: str           # as shown to a reader: 「第2页」「幻灯片3」「工作表 销售 第4行」


@dataclass(frozen=True)
class Extracted:
    text: str
    blocks: tuple[Block, ...]
    places: tuple[Place, ...] = ()
    title: str = ""          # the document's own title (first heading, PDF/DOCX metadata), "" if none
    encoding: str = ""       # what text files were decoded from; the format name for the others
    warning: str = ""        # a doubt worth a log line (an uncertain encoding guess)


@dataclass
class Builder:
    """Accumulates text and blocks. Example: b.add("paragraph", "正文。"); b.done().text == "正文。" """
    parts: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    places: list[Place] = field(default_factory=list)
    size: int = 0

    def _put(self, text: str) -> tuple[int, int]:
        if self.parts:
            self.parts.append("\n")
            self.size += 1
        start = self.size
        self.parts.append(text)
        self.size += len(text)
        return start, self.size

    def add(self, kind: str, text: str, level: int = 0) -> Block | None:
        """Append one block of `text` (on its own line); blank text adds nothing."""
        text = text.strip()
        if not text:
            return None
        s, e = self._put(text)
        block = Block(kind, s, e, level)
        self.blocks.append(block)
        return block

    def add_parts(self, kind: str, pieces: list[str], header: int = 0, caption: str = "") -> Block | None:
        """A block of several lines (list, table rows, record, faq), each piece on its own line."""
        spans = [self._put(_indent(p) + p.strip() if kind == "list" else p.strip()) for p in pieces if p.strip()]
        if not spans:
            return None
        block = Block(kind, spans[0][0], spans[-1][1], 0, tuple(spans), min(header, len(spans)), caption)
        self.blocks.append(block)
        return block

    def add_block(self, block: Block, text: str) -> Block:
        """Append a block found in another text (plain.structure's), its offsets moved onto this one."""
        start, _ = self._put(text[block.start:block.end])
        shift = start - block.start
        moved = Block(block.kind, start, self.size, block.level, tuple((s + shift, e + shift) for s, e in block.parts),
                      block.header, block.caption)
        self.blocks.append(moved)
        return moved

    def mark(self, start: int, page: int | None, location: str) -> None:
        """Everything from `start` to the current end lies on this page / slide / row."""
        if self.size > start:
            self.places.append(Place(start, self.size, page, location))

    def done(self, title: str = "", encoding: str = "", warning: str = "") -> Extracted:
        return Extracted("".join(self.parts), tuple(self.blocks), tuple(self.places), title, encoding, warning)


_INDENT = re.compile(r"^( +)(?=[-*•·]\s|\d{1,2}[.、)]\s?)")   # a nested item's indent, before its mark


def _indent(piece: str) -> str:
    """The spaces before a list item's mark (a nested list's items: html._items), kept in the text."""
    m = _INDENT.match(piece)
    return m.group(1) if m else ""


def table_row(cells: list[str]) -> str:
    """Cells as one pipe row. Example: table_row(["型号", "功率"]) == "| 型号 | 功率 |" """
    return "| " + " | ".join(" ".join(c.split()).replace("|", "｜") for c in cells) + " |"


def place_of(places: tuple[Place, ...], start: int) -> Place | None:
    """The place holding offset `start`, or None."""
    for p in places:
        if p.start <= start < p.end:
            return p
    return None


def attach_lead(b: Builder, lst: Block | None, before: int) -> None:
    """A list travels with its lead-in: when the block before it (index `before`) is a paragraph ending in
    ：/:, the two become one list block whose first part is the lead-in."""
    if lst is None or before < 0 or before >= len(b.blocks) - 1:
        return
    lead = b.blocks[before]
    if lead.kind != "paragraph" or not b_text(b, lead).rstrip().endswith(("：", ":")):
        return
    b.blocks[before:] = [Block("list", lead.start, lst.end, 0, ((lead.start, lead.end),) + lst.parts)]


def b_text(b: Builder, block: Block) -> str:
    return "".join(b.parts)[block.start:block.end]


_FIELD = re.compile(r"[^；]*")
NAME_COLUMN, _NAME_WITHIN = re.compile(r"(名称|姓名|名字)$"), 4   # the column naming whose record a row is, among its first 4


def record_key(line: str, cap: int = 60) -> str:
    """Whose record a 键：值 line is, for the context of its later chunks: its first fields up to the first one whose
    value writes a Han character (a code alone, 「站点编号：AX06」, names no station: the name field after it does; breakers
    CX and CY, session 53), at most `cap` characters; the first field when no value writes one; through a field whose name ends in 名称, 姓名 or 名字 among the first four (a city before it names no store). Example: record_key("编号：AX06；名称：东湖站；电话：1") == "编号：AX06；名称：东湖站"
    """
    fields = [m.group() for m in _FIELD.finditer(line) if m.group()] or [""]
    named = next((i for i, f in enumerate(fields) if re.search(r"[\u4e00-\u9fff]", f.split("：", 1)[-1])), 0)
    # a name column among the first fields wins over a category before it (门店编号；城市：杭州；门店名称：东站店: DO, session 61)
    named = max([named] + [i for i, f in enumerate(fields[:_NAME_WITHIN]) if "：" in f and NAME_COLUMN.search(f.split("：", 1)[0])])
    return "；".join(fields[:named + 1])[:cap]   # no value in Han characters: the first field, as before
