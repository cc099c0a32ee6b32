"""The outline of a nested list: its items with their sub-items, and the items a line sits under.

Consumes: a list block's lines, as (start, end) offsets into the document's text, whose indentation (the spaces before
a line's first character) nests them (readers/model.py keeps the indentation of a nested HTML, Markdown or Word list).
Produces: `pieces` → the spans chunks.pack packs: each item with all of its sub-items when it fits in `chunk_max`
characters, else the item's own line followed by its sub-items' pieces, recursively; `parents` → the lines above a
line that it sits under (its item, that item's item …), which chunks.py puts in the context of a chunk that starts
below them.
Why: a long nested list was packed line by line, so a chunk could start among an item's sub-items without the item
(「- 南湖训练场」's 开放时间 and 设施 in a chunk that never says 南湖, and 「- 南湖训练场」 itself at the end of 北郊's), and
its sub-items answered for another item, or for none (breakers S and U, session 36).
Shortcuts: nesting is read from the indentation alone (a tab counts as four spaces); a line indented less than the
list's first line is read as top level.
"""
from __future__ import annotations

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
