"""Which lines after a lead line are its items, and whether an outline-numbered line heads a section.

Consumes: a text's lines as (offset, line) pairs (plain.structure's). Produces: `lead_items` → the last line of an FAQ
answer's items, `numbered_items` → the lines numbered 一、二、… (and the deeper items under them) after a lead line ending in a colon,
`outline_heading` → whether a numbered line (「四、优惠政策」) is a heading rather than content with a label, `run` → the
lines up to the next blank one. plain.py builds blocks with them.
Shortcuts: lines are judged by their marks and punctuation alone (no layout); see each function for the rules.
"""
from __future__ import annotations

import re
from dataclasses import replace

from ..numerals import number
from .lines import ANSWER, BULLET, MAX_OUTLINE_TITLE, QUESTION, outline, unmarked_items

SECTION_LEVEL = 5   # outline levels up to （一） (编, 章, 节, 一、, （一）) head a section even when bullets follow; 1. then is an item
DECIMAL_LEVEL = 7   # 3.2 / 3.2.1: a section's number with its parent's, a heading over bullets too (breaker DU, session 62)
# a title and its subtitle, words only (「二、竹溪村：茶园与竹林」, breaker DY, session 63, was read as a paragraph and its
# village's table filed under 一、): a heading only beside a sibling heading without one (`subtitled`), since a field
# (「二、活动时间：每周六上午」, the review) has the same shape; items numbered alike stay items (their sibling follows)
_SUBTITLED = re.compile(r"[\u4e00-\u9fffA-Za-z]{1,12}[：:][\u4e00-\u9fffA-Za-z ]{1,16}")
_AMOUNT = re.compile(r"(?:万|亿)?元|[亿倍米吨克折%％]|公里|公斤|千克|小时|分钟")   # 「9.9 元体验卡」: a price, no number (the review)


def lead_items(lines: list[tuple[int, str]], j: int, n: int) -> int:
    """The last line of an FAQ answer whose line j ends in a colon (「答：目前支持以下四种方式：」): the item lines right
    after it, marked (1. …, - …, （一）…) or written one a line ending in ；(lines.unmarked_items' kind, the last
    ending in ；or 。); j itself when the answer line ends otherwise or no item follows. Nothing else joins: a PDF has no
    blank lines, so a heading or a contact block after the last answer must stay apart (review, session 21). Why: a PDF
    FAQ (the sixth blind set's) lists the answer's items under the 答 line, and the item lines were passages of their
    own, cut off from the question (「现在坐公交可以用哪些方式付钱？」 quoted the lead alone)."""
    if not ANSWER.match(lines[j][1]) or not lines[j][1].rstrip().endswith(("：", ":")):
        return j
    start = j
    while j + 1 < n and BULLET.match(lines[j + 1][1]) and not QUESTION.match(lines[j + 1][1]):
        j += 1
    if j > start:
        return j
    return j + unmarked_items(run(lines, j + 1))


def outline_heading(line: str, level: int, label: str, following: str | None) -> bool:
    """Whether `line`, numbered `label` at outline `level`, heads a section: short, no punctuation of its own (a colon
    between a title and its subtitle of words only: `_SUBTITLED`), and the
    line `following` it is no sibling item (a deeper level is its sub-heading; bullets under 一、 or （一） still)."""
    rest = line.strip()[len(label.strip()):].strip()
    if following is None or not rest or len(rest) > MAX_OUTLINE_TITLE:
        return False
    if re.search(r"[，,。；;！!？?]", rest) or re.search(r"[：:]", rest) and not _SUBTITLED.fullmatch(rest):
        return False
    nxt = outline(following)
    if nxt:
        return nxt[0] != level               # a sibling next: these are items; a deeper level: its sub-heading
    # 「四、优惠政策」 or 「3.2 使用规则」 over its bullets: a heading still
    return level <= SECTION_LEVEL or level == DECIMAL_LEVEL and not _AMOUNT.match(rest) or not BULLET.match(following)


def numbered_items(lines, i: int, following) -> list[int]:
    """The lines after lead line i that are its items numbered 一、二、… in order from 一 (two at least, else []), at
    most one blank line apart, with the lines of a deeper mark right under an item that ends in a colon (「二、赔偿下列
    损失：」 then 「（一）…」「（二）…」, and 「三、…」 after them; a sub-heading 「（一）笔试安排」 under a content item is none). An item is content (it has punctuation of its own or is long: 「一、车辆起步价（…）；」),
    or short and bare in a list of short bare items (「一、发票原件」「二、审批单」「三、付款凭证」: the last one too, whatever
    follows it); a bare title after content items (「三、附则」) ends the list, and so does a first item that heads a
    section (「一、总则」 over its body). Why: a Word clause's items are paragraphs of their own (「第八条 搬家费用由以下部分
    构成：」 then 「一、…」 to 「七、…」), and each was a block and a chunk, the lead quoted alone for 「费用包括哪些部分」
    (breaker DR, session 61); these marks are read as outline headings elsewhere, so only a lead line's items join it.
    Items numbered （一） are bullets, joined to a lead by plain.structure already; 键：值 items (「一、投保年龄：…」),
    a record before, are a list with their lead now."""
    found, numbered, bare, k = [], [], True, i
    while (k := next((x for x in range(k + 1, min(k + 3, len(lines))) if lines[x][1].strip()), None)) is not None:
        o = outline(lines[k][1])
        if numbered and (o and o[0] > 4 or not o and BULLET.match(lines[k][1])) and k == found[-1] + 1 \
                and (lines[k - 1][1].rstrip().endswith(("：", ":")) or k - 1 not in numbered):
            found.append(k)   # a deeper item under the last one, which announces them (「二、赔偿下列损失：」), no blank between
            continue
        if not o or o[0] != 4 or number(re.sub(r"[^一二三四五六七八九十]", "", o[1]) or "x") != len(numbered) + 1:
            break
        rest = lines[k][1].strip()[len(o[1].strip()):].strip()
        short = len(rest) <= MAX_OUTLINE_TITLE and not re.search(r"[，,。；;：:！!？?]", rest)
        if outline_heading(lines[k][1], *o, following.get(k)) and not (numbered and bare and short):
            break
        found, numbered, bare = found + [k], numbered + [k], bare and short
    return found if len(numbered) >= 2 else []


def run(lines, i: int) -> list[str]:
    """The lines from i up to the next blank one (at most 64)."""
    out = []
    for _, line in lines[i:i + 64]:
        if not line.strip():
            break
        out.append(line)
    return out


def subtitled(blocks: list, text: str) -> list:
    """`blocks` with each heading whose title has a colon (`_SUBTITLED`: 「二、竹溪村：茶园与竹林」) made a paragraph unless a
    heading of its level has none (「一、活动总则」): a title among titles; 「一、主办单位：市文化局」 and 「二、活动时间：每周六
    上午」 with no plain sibling are fields, and their values stay quotable text."""
    def colon(b) -> bool:   # an outline-numbered title whose words hold a colon (the only headings with one it made)
        o = outline(line := text[b.start:b.end].strip())
        return bool(o) and bool(_SUBTITLED.fullmatch(line[len(o[1].strip()):].strip()))

    heads = [b for b in blocks if b.kind == "heading"]
    plain = {b.level for b in heads if not colon(b)}
    return [replace(b, kind="paragraph", level=0) if b.kind == "heading" and b.level not in plain and colon(b) else b
            for b in blocks]
