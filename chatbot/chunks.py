"""Cut sections into retrieval chunks along clause boundaries, and clauses for answers.

Consumes: `Section`s. Produces: `Chunk`s of verbatim text with offsets into the document
(`doc.text[chunk.start:chunk.end] == chunk.text`) and a `context` that is embedded and
BM25-indexed with the chunk but never quoted: the section heading, plus the table header for
a table row, plus the question for a FAQ answer.
Rules: sentences end at 。！？；!?; (both widths); a sentence longer than `chunk_max` is cut
further at clauses (，,：:; an enumeration with 、 stays whole); clauses are packed greedily up to `chunk_max` characters; a
remainder shorter than `chunk_min` joins its neighbour when the two fit in 1.25 × chunk_max; a clause with no punctuation at all
is cut hard at `chunk_max`. A table row is one chunk; a FAQ question stays in the first
chunk of its answer.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .sections import ANSWER, QUESTION, TABLE_ROW, Section
from .settings import Settings

SENTENCE = re.compile(r"[^。！？；!?;\n]*(?:[。！？；!?;]+[”’」』\"')）]*|\n|$)")
CLAUSE = re.compile(r"[^，,：:。！？；!?;\n]*(?:[，,：:。！？；!?;]+[”’」』\"')）]*|\n|$)")
MERGE_CAP = 1.25  # a short remainder joins its neighbour only if the two stay within 1.25 × chunk_max
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")


@dataclass(frozen=True)
class Chunk:
    id: int
    source: str
    section: str               # the section's title, as cited
    path: tuple[str, ...]
    start: int                 # offsets into Document.text
    end: int
    text: str
    context: str = ""          # heading / table header / FAQ question, embedded but not quoted

    @property
    def embed_text(self) -> str:
        """What the embedder and BM25 see."""
        return f"{self.context}\n{self.text}" if self.context else self.text


def spans(text: str, pattern: re.Pattern, offset: int = 0) -> list[tuple[int, int]]:
    """Non-empty (start, end) pieces of `text` matched by a sentence or clause pattern, whitespace trimmed."""
    out = []
    for m in pattern.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((offset + s, offset + e))
    return out


def clauses(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """The smallest quotable pieces: split at every comma, colon and sentence end (not at 、, which joins a list)."""
    return spans(text, CLAUSE, offset)


def quotable(chunk: Chunk) -> list[tuple[int, int]]:
    """Spans an answer may quote (document offsets): each clause that is not a question, or a table row's cells whole."""
    text, base = chunk.text, chunk.start
    if text.lstrip().startswith("|"):
        inner = text.strip().strip("|").strip()
        s = base + text.index(inner)
        return [(s, s + len(inner))] if inner else []
    asked = [q.strip() for q in text.split("\n") if QUESTION.match(q)]
    return [(s, e) for s, e in clauses(text, base)
            if text[e - 1 - base] not in "?？" and not any(text[s - base:e - base] in q for q in asked)]


def _pieces(text: str, offset: int, chunk_max: int) -> list[tuple[int, int]]:
    """Sentences, with long ones cut at clause marks, and clause-less runs cut hard."""
    out = []
    for s, e in spans(text, SENTENCE, offset):
        parts = [(s, e)] if e - s <= chunk_max else clauses(text[s - offset:e - offset], s)
        for ps, pe in parts:
            while pe - ps > chunk_max:
                out.append((ps, ps + chunk_max))
                ps += chunk_max
            out.append((ps, pe))
    return out


def pack(pieces: list[tuple[int, int]], chunk_max: int, chunk_min: int, overlap: int = 0) -> list[tuple[int, int]]:
    """Greedy packing of consecutive pieces into spans of at most `chunk_max` characters. With
    `overlap`, a chunk starts with the previous chunk's last pieces when they fit in `overlap`
    characters, so a sentence cut at a chunk boundary is still whole in one of the two."""
    groups: list[list[int]] = []   # [start, end, index of the group's first piece]
    for i, (s, e) in enumerate(pieces):
        if groups and e - groups[-1][0] <= chunk_max:
            groups[-1][1] = e
            continue
        first = i
        while overlap and groups and first - 1 > groups[-1][2] and e - pieces[first - 1][0] <= chunk_max \
                and pieces[i - 1][1] - pieces[first - 1][0] <= overlap:
            first -= 1
        groups.append([pieces[first][0], e, first])
    if len(groups) > 1 and groups[-1][1] - groups[-1][0] < chunk_min and groups[-1][1] - groups[-2][0] <= MERGE_CAP * chunk_max:
        tail = groups.pop()
        groups[-1][1] = tail[1]
    return [(s, e) for s, e, _ in groups]


def chunk_section(section: Section, doc_text: str, chunk_max: int = Settings.chunk_max,
                  chunk_min: int = Settings.chunk_min, first_id: int = 0,
                  overlap: int = Settings.chunk_overlap) -> list[Chunk]:
    """Chunks for one section, numbered from `first_id`."""
    out: list[Chunk] = []

    def add(s: int, e: int, context: str) -> None:
        out.append(Chunk(first_id + len(out), section.source, section.title, section.path, s, e,
                         doc_text[s:e], context))

    heading = " › ".join(section.path)
    header = ""
    for s, e, kind in _blocks(section):
        block = doc_text[s:e]
        if kind == "table":
            if TABLE_RULE.match(block):
                continue
            if not header:
                header = block.strip()
                continue
            add(s, e, f"{heading}\n{header}" if heading else header)
        elif kind == "qa":
            question = doc_text[s:e].split("\n", 1)[0].strip()
            for ps, pe in pack(_pieces(block, s, chunk_max), chunk_max, chunk_min, overlap):
                add(ps, pe, heading if doc_text[ps:pe].startswith(question) else f"{heading}\n{question}")
        else:
            for ps, pe in pack(_pieces(block, s, chunk_max), chunk_max, chunk_min, overlap):
                add(ps, pe, heading)
    return out


def _blocks(section: Section) -> list[tuple[int, int, str]]:
    """Split a section body into table rows, Q+A items and paragraphs (document offsets)."""
    blocks: list[list] = []
    pos = section.start
    for line in section.text.split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        if not line.strip():
            continue
        if TABLE_ROW.match(line):
            blocks.append([s, e, "table"])
        elif QUESTION.match(line):
            blocks.append([s, e, "qa"])
        elif ANSWER.match(line) and blocks and blocks[-1][2] == "qa":
            blocks[-1][1] = e
        else:
            blocks.append([s, e, "text"])
    return [tuple(b) for b in blocks]


def chunk_sections(sections: list[Section], texts: dict[str, str], chunk_max: int = Settings.chunk_max,
                   chunk_min: int = Settings.chunk_min, overlap: int = Settings.chunk_overlap) -> list[Chunk]:
    """Chunks for all sections, ids numbered 0…n-1 in corpus order."""
    out: list[Chunk] = []
    for section in sections:
        out += chunk_section(section, texts[section.source], chunk_max, chunk_min, len(out), overlap)
    return out
