"""Recover the structure of a document: a list of `Section`s, each a heading and its body.

Consumes: a `Document`. Produces: `Section`s whose body is `doc.text[start:end]`.
Headings are Markdown `#` lines, or, in plain text, a short title line: at most 60 characters,
not ending in sentence punctuation (either width), not a table row or a Q/A line, and
followed by a body. Text before the first heading is an untitled intro section.
`kind` tells the chunker what the body is: "text", "table" (Markdown pipe rows) or
"faq" (`Q1:` / `A1:` pairs).
Shortcut: titles are recognised by shape alone; a one-line paragraph that is short and has no
final punctuation, followed by another paragraph, is taken for a title.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .documents import Document

MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
QUESTION = re.compile(r"^\s*(?:Q|问)\s*\d*\s*[:：]", re.IGNORECASE)
ANSWER = re.compile(r"^\s*(?:A|答)\s*\d*\s*[:：]", re.IGNORECASE)
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
SENTENCE_END = tuple("。.!！?？;；:：,，、…")
MAX_TITLE = 60
INTRO = "导语"  # how an untitled leading section is cited


@dataclass(frozen=True)
class Section:
    source: str
    heading: str               # "" for the untitled intro
    path: tuple[str, ...]      # headings from the top down, ending with `heading`
    kind: str                  # "text" | "table" | "faq"
    start: int                 # body offsets into Document.text
    end: int
    text: str                  # Document.text[start:end]

    @property
    def title(self) -> str:
        """The heading as shown in a citation."""
        return self.heading or INTRO


def _lines(text: str) -> list[tuple[int, str]]:
    """(offset, line) for every line, without the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _is_plain_title(line: str, following: str | None) -> bool:
    s = line.strip()
    if not s or len(s) > MAX_TITLE or following is None:
        return False
    if s.endswith(SENTENCE_END) or TABLE_ROW.match(s) or QUESTION.match(s) or ANSWER.match(s):
        return False
    nxt = following.strip()
    return bool(TABLE_ROW.match(nxt) or QUESTION.match(nxt) or len(nxt) > len(s))


def _kind(body: str) -> str:
    lines = [l for l in body.split("\n") if l.strip()]
    if any(QUESTION.match(l) for l in lines) and any(ANSWER.match(l) for l in lines):
        return "faq"
    if lines and sum(bool(TABLE_ROW.match(l)) for l in lines) >= len(lines) / 2:
        return "table"
    return "text"


def split_sections(doc: Document) -> list[Section]:
    """Sections in document order; empty bodies (a heading right before another) are kept out.

    Example: [s.title for s in split_sections(doc)] == ["导语", "技术驱动…", …, "相关问答FAQs"]
    """
    lines = _lines(doc.text)
    non_empty = [i for i, (_, l) in enumerate(lines) if l.strip()]
    following = {a: lines[b][1] for a, b in zip(non_empty, non_empty[1:])}
    markdown = doc.source.lower().endswith((".md", ".markdown"))
    heads: list[tuple[int, int, str]] = []  # (line index, level, heading)
    for i, (_, line) in enumerate(lines):
        m = MD_HEADING.match(line)
        if m:
            heads.append((i, len(m.group(1)), m.group(2).strip()))
        elif not markdown and _is_plain_title(line, following.get(i)):
            heads.append((i, 1, line.strip()))
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    bounds = [(-1, 0, "")] + heads
    for n, (i, level, heading) in enumerate(bounds):
        if heading:
            stack = [(lv, h) for lv, h in stack if lv < level] + [(level, heading)]
        start = lines[i + 1][0] if i + 1 < len(lines) else len(doc.text)
        end = lines[bounds[n + 1][0]][0] if n + 1 < len(bounds) else len(doc.text)
        start, end = _trim(doc.text, start, max(start, end))
        if start >= end:
            continue
        body = doc.text[start:end]
        sections.append(Section(doc.source, heading, tuple(h for _, h in stack), _kind(body), start, end, body))
    return sections


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
