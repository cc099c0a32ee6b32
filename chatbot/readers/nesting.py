"""Shape titles inside a numbered section: the unnumbered short titles between two consecutive outline headings are
sub-headings of the first.

Consumes: plain.py's blocks over their text (a shape title is a heading of level 1 whose line has neither outline
numbering nor a Markdown `#`). Produces: `nested(blocks, text)` → the same blocks, such shape titles one level below
the outline heading they follow.
Why: plain.py gives a shape title level 1 and 「一、」 level 4 (levels are fixed per numbering style), so a PDF printed
from HTML whose `<h2>二、课程内容</h2>` holds `<h3>入门班（L1）</h3>` … `<h3>青少年激光班</h3>` read its h3 titles as the
top level: 「二、课程内容」 held nothing before them and was demoted to a paragraph, and 「三、上课时间」 … 「十、其他说明」
became sections of 青少年激光班, whose name then went into every later chunk's context (breaker DH, session 58).
How: a run of shape titles after an outline heading of level L numbered n, when the next outline heading of level L or
above is numbered n + 1 at level L (the numbering goes on: 二、 … 三、), gets level L + 1, and the outline headings
between them deeper than L one more (入门班 over its own 「（一）」s); the nearest such pair takes a title first (一、 … 二、
inside 第一章 … 第二章). When the numbering restarts (一、 under each shape title) or ends, or a shape title other than the
document's first line comes before the first outline heading (考勤管理 over 一、 … 二、, 薪酬福利 over 三、: part titles),
the shape titles head their own parts and stay at level 1 (the review, session 58).
Shortcut: a number is read from the label's last numeral (「1.2」 → 2, 「（三）」 → 3, 「②」 → 2); a shape title between
headings of different styles is left alone.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..numerals import number
from .lines import MD_HEADING, outline
from .model import Block

_NUMERAL = re.compile(r"[一二三四五六七八九十百零]+|\d+|[①-⑳]")


def _ordinal(label: str) -> float | None:
    """The number an outline label counts: 「三、」 → 3, 「第十二章」 → 12, 「1.2」 → 2, 「③」 → 3; None if unread."""
    found = _NUMERAL.findall(label)
    if not found:
        return None
    last = found[-1]
    return float(ord(last) - ord("①") + 1) if "①" <= last <= "⑳" else number(last)


def nested(blocks: list[Block], text: str) -> list[Block]:
    """`blocks` with each shape title that sits between an outline heading and its next sibling one level below it, and
    the outline headings deeper than it there one level further down (「（一）」 under 「入门班」 stays under it)."""
    heads = []   # (index, level, number) of the outline headings
    shapes = set()   # indexes of the shape titles
    for k, b in enumerate(blocks):
        line = text[b.start:b.end]
        if b.kind == "heading" and not MD_HEADING.match(line):
            if o := outline(line):
                heads.append((k, o[0], _ordinal(o[1])))
            elif b.level == 1:
                shapes.add(k)
    if not heads or any(0 < k < heads[0][0] for k in shapes):
        return blocks   # a shape title before the numbering (the document's first line aside) heads parts: 考勤管理 / 一、
    out = list(blocks)
    for k, level, n in sorted(heads, key=lambda h: -h[1]):   # the nearest pair first: 一、…二、 inside 第一章…第二章
        nxt = next((h for h in heads if h[0] > k and h[1] <= level), None)
        if nxt is None or nxt[1] != level or n is None or nxt[2] != n + 1:
            continue
        inside = [j for j in range(k + 1, nxt[0]) if j in shapes]
        if not inside:
            continue
        for j in range(k + 1, nxt[0]):
            if j in inside:
                out[j] = replace(out[j], level=level + 1)
                shapes.discard(j)
            elif out[j].kind == "heading" and j not in shapes and out[j].level > level:
                out[j] = replace(out[j], level=out[j].level + 1)
    return out
