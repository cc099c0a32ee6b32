"""Plain-text structure that follows Chinese document conventions: text → reflowed text + blocks.

Consumes: decoded text ("\n" line ends). Produces: `Extracted` (the reflowed text and its blocks).
Reflow: a line break inside a sentence is no boundary (hard-wrapped PDF/e-mail text): a line that
ends in a comma, or that is as long as the next one and ends without sentence punctuation, is
joined with the next plain line (CJK joined directly, Latin with a space).
Blocks, line by line: Markdown `#` headings and ``` fences (a fence is code: no heading inside);
pipe tables (the first row is the header); `Q1:`/`A1:` pairs and one-line `Q：… A：…` / `问：…答：…`;
runs of 「键：值」 lines (one record); list items (- * • 1. 1、 (1) （一） ① a)) travel with the
line before them when it ends in ：, and so do items written without marks, one a line ending in ；(the last in ；or
。: lines.unmarked_items; a PDF whose bullets were drawn, session 32's breaker), and HEADED_ITEMS such lines or more
right under a heading are one list without a lead (breaker K, session 34), and so are the lines numbered 一、二、… in order
after a line ending in ：, each content or all short (breaker DR, session 61: items.numbered_items); outline numbering is heading evidence
(第X章/节, 一、, （一）, 1., 1.1, (1), ①) when the numbered line is short, has no punctuation of its own and is followed by
a body that is not its sibling (nor, below （一）, a bullet) — otherwise content with a label (第四条 设备丢失的，按…赔偿).
An unnumbered short line is a title by its shape (≤ 60 characters, no final punctuation, no ，or ；, not a
键：值 line, the next line longer), and the first line of a document is its title when it is short
and a blank line follows.
Shortcut: levels are fixed per numbering style (第X编 1 … ① 9; Markdown `#` its own count; the document title 0, a shape
title 1, or one below the numbered heading whose section it sits in: nesting.py), not learned from the document's order.
"""
from __future__ import annotations

import re

from .model import Block, Extracted
from .nesting import nested
from .items import lead_items, numbered_items, outline_heading, run, subtitled
from .lines import (ANSWER, ARTICLE, BULLET, BYLINE, FENCE, INLINE_ANSWER, KEY_VALUE, MD_HEADING, MAX_OUTLINE_TITLE,  # noqa: F401
                    MAX_TITLE, QUESTION, RUNS_ON, SENTENCE_END, TABLE_ROW, TABLE_RULE, outline, reflow, unmarked_items)

HEADED_ITEMS = 3   # unmarked items (「义务教育；」 a line) right under a heading: one list from this many on


def _one_line_faq(line: str) -> int:
    """Offset of the answer marker in a one-line Q/A pair, or -1."""
    if not QUESTION.match(line):
        return -1
    q = QUESTION.match(line).end()
    m = INLINE_ANSWER.search(line, q)
    return m.start() if m else -1


def _is_shape_title(line: str, following: str | None, first: bool = False) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE or following is None:
        return False
    if (s.endswith(SENTENCE_END) or TABLE_ROW.match(s) or QUESTION.match(s) or ANSWER.match(s)
            or KEY_VALUE.match(s) or BULLET.match(s) or ARTICLE.match(s) or re.search(r"[：:]\s*\S", s)
            or re.search(r"[，；]", s) or RUNS_ON.search(s)):   # a clause break, or a long sentence begun inside: a
        return False                         # sentence cut by a line end (a wrapped PDF line), not a title
    nxt = following.strip()   # over a byline (「…局 2024年2月20日」, no title itself) only first (breaker DD, session 56)
    return not BYLINE.search(s) and (first if BYLINE.search(nxt) else bool(TABLE_ROW.match(nxt) or QUESTION.match(nxt) or len(nxt) > len(s)))


def structure(text: str, reflowed: bool = False) -> Extracted:
    """Blocks over `text` (reflowed first unless `reflowed`)."""
    text = text if reflowed else reflow(text)
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, line))
        pos += len(line) + 1
    nonblank = [i for i, (_, l) in enumerate(lines) if l.strip()]
    following = {a: lines[b][1] for a, b in zip(nonblank, nonblank[1:])}
    blocks: list[Block] = []
    i, n = 0, len(lines)

    def span(a: int, b: int) -> tuple[int, int]:
        """Offsets of lines a..b (inclusive), trimmed of outer whitespace."""
        s, e = lines[a][0], lines[b][0] + len(lines[b][1])
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return s, e

    while i < n:
        off, line = lines[i]
        s = line.strip()
        if not s:
            i += 1
            continue
        if FENCE.match(line):  # code up to the closing fence (or the end): no heading inside
            j = i + 1
            while j < n and not FENCE.match(lines[j][1]):
                j += 1
            j = min(j, n - 1)
            blocks.append(Block("code", *span(i, j), parts=tuple(span(k, k) for k in range(i, j + 1) if lines[k][1].strip())))
            i = j + 1
            continue
        m = MD_HEADING.match(line)
        if m:
            blocks.append(Block("heading", *span(i, i), level=len(m.group(1))))
            i += 1
            continue
        if TABLE_ROW.match(line):
            j = i
            while j + 1 < n and TABLE_ROW.match(lines[j + 1][1]):
                j += 1
            rows = tuple(span(k, k) for k in range(i, j + 1) if not TABLE_RULE.match(lines[k][1]))
            blocks.append(Block("table", *span(i, j), parts=rows, header=1))
            i = j + 1
            continue
        if QUESTION.match(line):
            cut = _one_line_faq(line)
            if cut >= 0:
                q = span(i, i)
                blocks.append(Block("faq", *q, parts=((q[0], off + cut), (off + cut, q[1]))))
                i += 1
                continue
            j = i
            k = i + 1
            while k < n and (not lines[k][1].strip() or ANSWER.match(lines[k][1])):
                if lines[k][1].strip():
                    j = k
                k += 1
            j = lead_items(lines, j, n)
            blocks.append(Block("faq", *span(i, j), parts=(span(i, i),) + ((span(i + 1, j),) if j > i else ())))
            i = j + 1
            continue
        if _field(line) and not BULLET.match(line) and i + 1 < n and _field(lines[i + 1][1]):
            j = i
            while j + 1 < n and _field(lines[j + 1][1]) and not QUESTION.match(lines[j + 1][1]):
                j += 1
            blocks.append(Block("record", *span(i, j), parts=tuple(span(k, k) for k in range(i, j + 1))))
            i = j + 1
            continue
        items, k = None, None
        nxt_i = next((x for x in nonblank if x > i), None)
        if (s.endswith(("：", ":")) and not BULLET.match(line) and nxt_i is not None and nxt_i - i <= 2
                and BULLET.match(lines[nxt_i][1])):
            items, k = [span(i, i)], nxt_i          # the lead-in, then its items
        elif BULLET.match(line) and not _heading_here(lines, i, following, blocks):
            items, k = [], i
        elif s.endswith(("：", ":")) and not _heading_here(lines, i, following, blocks) \
                and (found := numbered_items(lines, i, following)):   # 「…：」「一、…；」「二、…。」 (breaker DR): two items or more
            blocks.append(Block("list", *span(i, found[-1]), parts=tuple(span(x, x) for x in [i, *found])))
            i = found[-1] + 1
            continue
        elif s.endswith(("：", ":")) and (m := unmarked_items(run(lines, i + 1))):   # items written without marks
            blocks.append(Block("list", *span(i, i + m), parts=tuple(span(x, x) for x in range(i, i + m + 1))))
            i += m + 1
            continue
        elif blocks and blocks[-1].kind == "heading" and s.endswith(("；", ";")) \
                and (m := unmarked_items(run(lines, i))) >= HEADED_ITEMS:   # … right under a heading, no lead (breaker K)
            blocks.append(Block("list", *span(i, i + m - 1), parts=tuple(span(x, x) for x in range(i, i + m))))
            i += m
            continue
        if items is not None:
            style = outline(lines[k][1])
            j = i
            while k is not None and BULLET.match(lines[k][1]) and not MD_HEADING.match(lines[k][1]):
                o = outline(lines[k][1])
                if (o and o[0]) != (style and style[0]):
                    break                             # another numbering style: not this list
                items.append(span(k, k))
                j = k
                k = next((x for x in nonblank if x > k), None)
                if k is not None and k - j > 2:       # more than one blank line ends the list
                    break
            blocks.append(Block("list", items[0][0], items[-1][1], parts=tuple(items)))
            i = j + 1
            continue
        if _heading_here(lines, i, following, blocks):
            o = outline(line)
            level = o[0] if o else (0 if not blocks and _first_title(lines, i) else 1)
            blocks.append(Block("heading", *span(i, i), level=level))
            i += 1
            continue
        blocks.append(Block("paragraph", *span(i, i)))
        i += 1
    return Extracted(text, tuple(_demote_empty(subtitled(nested(blocks, text), text))))   # a title: subtitle among titles


def _first_title(lines, i) -> bool:
    """The document's first line, short, unpunctuated and followed by a blank line."""
    s = lines[i][1].strip()
    return (len(s) <= 40 and not s.endswith(SENTENCE_END) and i + 1 < len(lines) and not lines[i + 1][1].strip()
            and not KEY_VALUE.match(s) and not QUESTION.match(s) and not TABLE_ROW.match(s) and not BULLET.match(s)
            and any(l.strip() for _, l in lines[i + 1:]))


def _heading_here(lines, i, following, blocks) -> bool:
    line = lines[i][1]
    if ARTICLE.match(line):
        return False
    o = outline(line)
    if o:
        return outline_heading(line, o[0], o[1], following.get(i))
    if BULLET.match(line):
        return False
    if not blocks and _first_title(lines, i):
        return True
    return _is_shape_title(line, following.get(i), not blocks)


def _demote_empty(blocks: list[Block]) -> list[Block]:
    """A heading with no content under it (before the next heading of its level or above) is content: nothing is dropped."""
    out = list(blocks)
    for n, b in enumerate(out):
        if b.kind != "heading":
            continue
        has_body = False
        for later in out[n + 1:]:
            if later.kind == "heading" and later.level <= b.level:
                break
            if later.kind != "heading":
                has_body = True
                break
        if not has_body:
            out[n] = Block("paragraph", b.start, b.end)
    return out


def _field(line: str) -> bool:
    """A record's 「键：值」 line, not prose under a label (「年卡包含：…体检。年卡不包含…。」, breaker V, session 36)."""
    return bool(KEY_VALUE.match(line)) and not re.search(r"[。！？!?]\s*[^\s”’」』)）]", line)
