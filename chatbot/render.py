"""Answers as HTML for the chat page: the quotes, numbered citations, and the cited passages
with the quoted words highlighted.

Consumes: an `Answer`. Produces: an HTML string. All corpus and user text is HTML-escaped and
wrapped in block-level HTML, so neither HTML nor Markdown in a document or a question is ever
interpreted: a `<script>` or a `[link](javascript:…)` shows as text.
"""
from __future__ import annotations

from html import escape

from .answer import NOT_FOUND, Answer


def _text(s: str) -> str:
    return escape(s).replace("\n", "<br>")


def highlight(passage: str, start: int, end: int) -> str:
    """Escaped passage with passage[start:end] in <mark>. Example: highlight("abc", 1, 2) == "a<mark>b</mark>c" """
    return f"{_text(passage[:start])}<mark>{_text(passage[start:end])}</mark>{_text(passage[end:])}"


def answer_html(a: Answer) -> str:
    """The whole chat message for one answer."""
    parts = []
    if a.notice:
        parts.append(f'<div class="cb-notice">{_text(a.notice)}</div>')
    if a.abstained:
        parts.append(f'<div class="cb-answer cb-abstained">{_text(NOT_FOUND)}</div>')
        for h in a.passages[:3]:
            parts.append(f'<div class="cb-passage"><div class="cb-source">{h.rank}. {_text(h.chunk.source)} › '
                         f'{_text(h.chunk.section)} · 相似度 {h.dense:.2f}</div>{_text(h.chunk.text)}</div>')
        return "\n".join(parts)
    quotes = " ".join(f'{_text(c.quote)} <sup class="cb-ref">[{c.n}]</sup>' for c in a.citations)
    parts.append(f'<div class="cb-answer">{quotes}</div>')
    for c in a.citations:
        hit = next((h for h in a.passages if h.chunk.source == c.source and h.chunk.start <= c.start
                    and c.end <= h.chunk.end), None)
        body = highlight(hit.chunk.text, c.start - hit.chunk.start, c.end - hit.chunk.start) if hit else _text(c.quote)
        parts.append(f'<details class="cb-passage" open><summary class="cb-source">[{c.n}] {_text(c.source)} › '
                     f'{_text(c.section)} <span class="cb-offsets">[{c.start}:{c.end}]</span></summary>'
                     f'<div class="cb-text">{body}</div></details>')
    return "\n".join(parts)
