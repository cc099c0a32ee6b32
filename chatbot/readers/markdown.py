"""Markdown (.md, .markdown) through markdown-it-py: blocks from the parse tree, markup left out.

Consumes: decoded Markdown text. Produces: `Extracted` whose text is the document as read: headings,
paragraphs (one block per line), list items kept with their markers (「- 」「2. 」) and their lead-in,
fenced or indented code (no heading inside, fences themselves left out), tables as `| a | b |` rows
(header first, a short line just before as caption), FAQ lines and 键：值 runs as plain text finds them.
Inline HTML tags are dropped and entities decoded (&nbsp; → space, <br> → a line break; in a table
cell a space), so markup is never indexed, embedded or quoted; an HTML block keeps only its text.
Shortcut: nested lists are flattened into their parent list, indented by two spaces per level.
"""
from __future__ import annotations

import html
import re

from markdown_it import MarkdownIt

from .model import Block, Builder, Extracted, attach_lead, table_row
from .plain import structure

_TAG = re.compile(r"<[^<>]*>")
_BR = re.compile(r"^<br\s*/?>$", re.IGNORECASE)


def _inline(token, cell: bool = False) -> str:
    out = []
    for t in token.children or []:
        if t.type in ("text", "code_inline"):
            out.append(t.content)
        elif t.type == "softbreak":   # a line break inside a paragraph: plain-text structure decides (cell: a space)
            last = out[-1][-1:] if out else ""
            out.append((" " if last.isascii() and last.strip() else "") if cell else "\n")
        elif t.type == "hardbreak" or (t.type == "html_inline" and _BR.match(t.content.strip())):
            out.append(" " if cell else "\n")
        elif t.type == "image":
            out.append(t.content or "")
    return re.sub(r"[ \t]+", " ", "".join(out).replace("\xa0", " "))


def _join_wrapped(text: str) -> str:
    return re.sub(r"(?<=(.))\n", lambda m: " " if m.group(1).isascii() and m.group(1).strip() else "", text)


def _plain_blocks(b: Builder, text: str) -> None:
    """A paragraph's lines go through plain-text structure: 键：值 runs stay a record, FAQ lines and list
    items keep their lines; otherwise its line breaks are wraps and are joined (CJK directly, Latin with a
    space). Markdown has its own headings, so no line of a paragraph becomes one."""
    ex = structure(text, reflowed=True)
    if not any(blk.kind in ("record", "list", "faq") for blk in ex.blocks):
        ex = structure(_join_wrapped(text), reflowed=True)   # prose: its line breaks are wraps
    for blk in ex.blocks:
        b.add_block(blk if blk.kind != "heading" else Block("paragraph", blk.start, blk.end), ex.text)


def read_markdown(text: str, encoding: str = "utf-8", warning: str = "") -> Extracted:
    md = MarkdownIt("commonmark").enable("table")
    tokens = md.parse(text)
    b = Builder()
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        if t.type == "heading_open":
            b.add("heading", _join_wrapped(_inline(tokens[i + 1])), level=int(t.tag[1]))
            i += 3
        elif t.type == "paragraph_open":
            _plain_blocks(b, _inline(tokens[i + 1]))
            i += 3
        elif t.type in ("fence", "code_block"):
            lines = [l for l in t.content.split("\n") if l.strip()]
            b.add_parts("code", lines)
            i += 1
        elif t.type == "html_block":
            content = html.unescape(_TAG.sub(" ", re.sub(r"<br\s*/?>", "\n", t.content, flags=re.I))).replace("\xa0", " ")
            for line in content.split("\n"):
                b.add("paragraph", " ".join(line.split()))
            i += 1
        elif t.type in ("bullet_list_open", "ordered_list_open"):
            before = len(b.blocks) - 1
            items, i = _list(tokens, i)
            attach_lead(b, b.add_parts("list", items), before)
        elif t.type == "table_open":
            header, rows, i = _table(tokens, i)
            caption = ""
            last = b.blocks[-1] if b.blocks else None
            if last and last.kind == "paragraph":
                cap = "".join(b.parts)[last.start:last.end]
                if len(cap) <= 40 and (not cap.endswith(("。", "：", ":", ".")) or cap.startswith("表")):
                    caption = cap
            blk = b.add_parts("table", [table_row(r) for r in header + rows], header=len(header), caption=caption)
            if caption and blk:
                b.blocks[-2:] = [type(blk)("table", last.start, blk.end, 0, blk.parts, blk.header, caption)]
        else:
            i += 1
    ex = b.done(encoding=encoding, warning=warning)
    return ex


def _list(tokens, i: int, depth: int = 0) -> tuple[list[str], int]:
    """Items of the list opening at tokens[i], with their markers; returns the index after it."""
    t = tokens[i]
    ordered = t.type == "ordered_list_open"
    number = int(t.attrs.get("start", 1) or 1) if ordered else 0
    close = t.type.replace("_open", "_close")
    items: list[str] = []
    i += 1
    while tokens[i].type != close:
        if tokens[i].type == "list_item_open":
            marker = f"{number}. " if ordered else "- "
            number += 1
            text, nested = [], []
            i += 1
            while tokens[i].type != "list_item_close":
                if tokens[i].type == "inline":
                    text.append(_join_wrapped(_inline(tokens[i])))
                    i += 1
                elif tokens[i].type in ("bullet_list_open", "ordered_list_open"):
                    sub, i = _list(tokens, i, depth + 1)
                    nested += sub
                elif tokens[i].type in ("fence", "code_block"):
                    text.append(" ".join(tokens[i].content.split()))
                    i += 1
                else:
                    i += 1
            items.append("  " * depth + marker + " ".join(x for x in text if x))
            items += nested
        i += 1
    return items, i + 1


def _table(tokens, i: int) -> tuple[list[list[str]], list[list[str]], int]:
    header, rows, row, in_head = [], [], None, False
    while tokens[i].type != "table_close":
        t = tokens[i]
        if t.type == "thead_open":
            in_head = True
        elif t.type == "thead_close":
            in_head = False
        elif t.type == "tr_open":
            row = []
        elif t.type == "inline" and row is not None:
            row.append(_inline(t, cell=True))
        elif t.type == "tr_close":
            (header if in_head else rows).append(row)
            row = None
        i += 1
    return header, rows, i + 1
