"""The outline of a nested list: its items with their sub-items, and the items a line sits under.

Consumes: a list block's lines, as (start, end) offsets into the document's text, whose indentation (the spaces before
a line's first character) nests them (readers/model.py keeps the indentation of a nested HTML, Markdown or Word list).
Produces: `lead` → a list's lead-in line; `mark_kind`, `nests`, `items_under` and `marked_lead` → which items sit
under an item ending in a colon by their mark (「4. 下列情形…：」 「（1）…」: a Word list nests by its marks), for the
answer step (quotes.py, leads.py);
`with_leads` → a section's blocks with a list item ending in a colon joined to the sub-items after it (chunks.py);
`pieces` → the spans chunks.pack packs: each item with all of its sub-items when it fits in `chunk_max` characters,
else the item's own line followed by its sub-items' pieces, recursively; `parents` → the lines above a line that it sits
under (its item, that item's item …), which chunks.py puts in the context of a chunk that starts below them.
Why: a long nested list was packed line by line, so a chunk could start among an item's sub-items without the item
(「- 南湖训练场」's 开放时间 and 设施 in a chunk that never says 南湖, and 「- 南湖训练场」 itself at the end of 北郊's), and
its sub-items answered for another item, or for none (breakers S and U, session 36).
Shortcuts: nesting is read from the indentation alone (a tab counts as four spaces; the answer step's `nests`,
`items_under` and `marked_lead` read marks too); a line indented less than the list's first line is read as top level.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .readers.lines import LIST_ITEM

Span = tuple[int, int]


def indent(text: str, start: int) -> int:
    """The indentation of the line holding offset `start` of `text`: the spaces and tabs (4 each) from the line's
    beginning to its first other character. Example: indent("a\\n  - b", 4) == 2."""
    begin = text.rfind("\n", 0, start) + 1
    width = 0
    for ch in text[begin:]:
        if ch == " ":
            width += 1
        elif ch == "\t":
            width += 4
        else:
            break
    return width


def pieces(text: str, lines: list[Span], chunk_max: int, split) -> list[Span]:
    """The spans to pack for the list whose lines are `lines` (offsets into `text`, in order): each item with its
    sub-items when the whole fits in `chunk_max` characters; else its own line (cut by `split(start, end)` when longer
    than chunk_max) and then its sub-items the same way."""
    depths = [indent(text, s) for s, _ in lines]
    return _grouped(lines, depths, 0, len(lines), chunk_max, split)


def _grouped(lines, depths, lo: int, hi: int, chunk_max: int, split) -> list[Span]:
    out: list[Span] = []
    i = lo
    while i < hi:
        j = i + 1
        while j < hi and depths[j] > depths[i]:   # the item's sub-items: the lines indented more, up to the next sibling
            j += 1
        start, end = lines[i][0], lines[j - 1][1]
        if end - start <= chunk_max:
            out.append((start, end))
        else:
            s, e = lines[i]
            out.extend(split(s, e) if e - s > chunk_max else [(s, e)])
            out.extend(_grouped(lines, depths, i + 1, j, chunk_max, split))
        i = j
    return out


def with_leads(blocks: list, text: str, lines_of) -> list:
    """`blocks` (a section's, readers/model.Block) with a list whose last item ends in a colon and the list of items of
    another mark right after it made one list block (its parts: that item and the sub-items; the list's earlier items
    stay a block), so the item and its sub-items are chunked together (「21. 有下列情形之一的，不予质保：」 and its
    「（1）…（4）」 were two Word lists and two chunks, and 「哪些情况不予质保」 found the item alone: breaker DP, session 60).
    A paragraph ending in a colon keeps its own chunk, and its items theirs: joined to them (「…具体包括：」 and a Markdown
    list of 「（一）…」 paragraphs) they lost the held-out blind6 docs6 test half its hit@1 (0.81 → 0.77, then 0.69 with
    every item joined). `lines_of(block)`: a block's line spans when it has no parts (chunks.py's, as it packs them).
    Example: a list 「1. 甲\n2. 材料：」 and a list 「（1）证件」 → 「1. 甲」 and 「2. 材料：\n（1）证件」."""
    out: list = []
    for block in blocks:
        prev = out[-1] if out else None
        lead = list(prev.parts or lines_of(prev)) if prev and prev.kind == "list" and block.kind == "list" else []
        items = list(block.parts or lines_of(block)) if lead else []
        if items and text[lead[-1][0]:lead[-1][1]].rstrip().endswith(("：", ":")) \
                and mark_kind(text[lead[-1][0]:lead[-1][1]]) not in ("", mark_kind(text[items[0][0]:items[0][1]])):
            if any(LIST_ITEM.match(text, a) for a, _ in lead[:-1]):   # its earlier items (「5. 续借…」) stay a block of
                # their own; a lead-in above the last item stays with it (「报名须知：」 / 「1. 材料：」)
                out[-1] = replace(prev, end=lead[-2][1], parts=tuple(lead[:-1]))
                out.append(replace(prev, start=lead[-1][0], end=block.end, parts=tuple(lead[-1:] + items)))
            else:
                out[-1] = replace(prev, end=block.end, parts=tuple(lead + items))
        else:
            out.append(block)
    return out


def lead(text: str, lines: list[Span]) -> str:
    """The list's lead-in: its first line when that ends in a colon and is no item with sub-items of its own (「- 出租车：」
    over its own deeper lines led 「- 网约车：」 in every later chunk, breaker DI, session 58: `parents` names it where it
    is one), else ""."""
    whole = [text[text.rfind("\n", 0, a) + 1:b] for a, b in lines[:2]]   # with their indentation
    own = LIST_ITEM.match(whole[0]) and len(whole) > 1 and nests(*whole)   # deeper, or by its mark: 「1. 出租车：」「（1）…」
    first = whole[0].strip()
    return first if first[-1:] in ("：", ":") and not own else ""


def parents(text: str, lines: list[Span], start: int) -> list[str]:
    """The lines (stripped) that the line of `lines` holding offset `start` sits under, outermost first: the nearest
    line before it indented less, the nearest before that one indented less again, and so on. [] for a top-level line.
    Example: for 「- 南湖训练场\\n  - 设施：\\n    - 学员休息室」 and the last line, ['- 南湖训练场', '- 设施：']."""
    at = next((k for k, (s, e) in enumerate(lines) if s <= start < max(e, s + 1)), None)
    if at is None:
        return []
    out: list[str] = []
    depth = indent(text, lines[at][0])
    for k in range(at - 1, -1, -1):
        d = indent(text, lines[k][0])
        if d < depth:
            out.append(text[lines[k][0]:lines[k][1]].strip())
            depth = d
    return out[::-1]


# the kinds of list mark: a lead item 「4. 下列情形不在保修范围内：」 has items of another kind under it at the same indentation
# (「（1）人为摔落…」: Word and PDF lists nest by the mark, not by indentation; breakers AS, AY, BE, BG, BL, session 48)
_MARKS = (("(1)", r"[（(]\d"), ("(一)", r"[（(][一二三四五六七八九十]"), ("①", r"[①-⑳]"), ("1", r"\d"), ("一", r"[一二三四五六七八九十]"))


def mark_kind(line: str) -> str:
    """The kind of `line`'s list mark: "1" (1. 1、 1）), "(1)", "一" (一、), "(一)", "①" or "-" (a bullet of any shape); ""
    when the line is no item (LIST_ITEM)."""
    m = LIST_ITEM.match(line)
    return "" if not m else next((k for k, p in _MARKS if re.match(p, m.group().lstrip(" \t\u3000"))), "-")


def items_under(lead: str, following: list[str]) -> int:
    """How many of the lines `following` the item `lead` sit under it: items indented deeper, and, as deep, items of
    another mark after an item ending in a colon (「（1）」… under 「4. 下列情形…：」, ① … under 「（2）以下证明之一：」), up to
    an item of `lead`'s own mark (「5.」) or of a mark no item above it opened; the first other line ends them."""
    depth, marks, prev, n = _depth(lead), [mark_kind(lead)], lead, 0
    for line in following:
        if not LIST_ITEM.match(line) or _depth(line) < depth:
            break
        if _depth(line) == depth:
            kind = mark_kind(line)
            if kind in marks[1:]:   # back to a mark opened below the lead: 「（3）」 after ②
                del marks[marks.index(kind) + 1:]
            elif kind not in marks and nests(prev, line, False):   # under the item before it
                marks.append(kind)
            else:
                break
        prev, n = line, n + 1
    return n


def marked_lead(lines: list[str], first: int, last: int) -> tuple[int, int] | None:
    """(the item of another mark that items `lines[first..last]` sit under, as deep as they (「4. 下列情形不在保修范围内：」
    over 「（1）…」「（2）…」), the last line under it) — reached over the items of their own mark above them — or None."""
    k = first
    while k > 0 and mark_kind(lines[k - 1]) == mark_kind(lines[first]) and indent(lines[k - 1], 0) == indent(lines[first], 0):
        k -= 1
    if k == 0 or not nests(lines[k - 1], lines[k], False):
        return None
    n = items_under(lines[k - 1], lines[k:])
    return (k - 1, k - 1 + n) if k - 1 + n >= last else None


def nests(lead: str, line: str, deeper: bool = True) -> bool:
    """Whether item `line` sits under the item `lead`: indented deeper (when `deeper`), or as deep with a mark of another
    kind after a colon ending `lead`. Example: nests("4. 下列情形不在保修范围内：", "（1）人为摔落…") is True;
    nests("4. 下列…：", "5. 更换…") False; nests("- 设施：", "  - 停车位", deeper=False) False."""
    deep, depth, kind = _depth(line), _depth(lead), mark_kind(line)
    return deeper and deep > depth or deep == depth and bool(kind) and kind != mark_kind(lead) \
        and bool(re.search(r"[:：]\s*$", lead))


def _depth(line: str) -> int:
    """The characters of white space before `line`'s first other one (an item's depth as leads.py measured it)."""
    return len(line) - len(line.lstrip())
