"""Answers as HTML for the chat page: the quotes, numbered citations, and the cited passages
with the quoted words highlighted.

Consumes: an `Answer`. Produces: an HTML string. All corpus and user text is HTML-escaped and
wrapped in block-level HTML, so neither HTML nor Markdown in a document or a question is ever
interpreted: a `<script>` or a `[link](javascript:…)` shows as text. A quoted table row is shown as a
two-row table, its column names over its cells. Each citation shows its location (「第2页」) and a
link 「打开原文」 to the original with the quote marked (source.py), relative
to the page, so it works under --root-path, authorised by the page's token cookie, and naming the
knowledge base that answered (?kb=, left out for the default one).
"""
from __future__ import annotations

import re
from html import escape
from urllib.parse import quote as url_quote

from ..answer import NOT_FOUND, Answer, Citation, cell_of
from ..rowkeys import shown_section
from ..errors import public_message
from ..kb.names import DEFAULT_KB


def _text(s: str) -> str:
    """Escaped text, line breaks as <br> and the spaces that start a line kept (a nested list's indentation: its
    sub-items showed at their parent's level, session 36). Example: _text("a\n  b<") == "a<br>&nbsp;&nbsp;b&lt;" """
    return re.sub(r"(?<=\n) +", lambda m: "&nbsp;" * len(m.group(0)), escape(s)).replace("\n", "<br>")


def notice(text: str) -> str:
    """A short message (an error, a truncation) in the notice style, with the server's folders taken out of any
    absolute path in it (errors.public_message). Example: notice("<b>") == '<div class="cb-notice">&lt;b&gt;</div>'"""
    return f'<div class="cb-notice">{_text(public_message(text))}</div>'


def source_link(source: str, start: int, end: int, kb: str | None = None) -> str:
    """The 「打开原文」 link of a quote in knowledge base `kb` (None or "default": the default), opening in a new tab.

    Example: source_link("a.pdf", 3, 9) == '<a class="cb-open" href="source/a.pdf/view?start=3&amp;end=9#quote" target="_blank" rel="noopener">打开原文</a>'
    and source_link("a.pdf", 3, 9, "人事") has href "source/a.pdf/view?kb=%E4%BA%BA%E4%BA%8B&amp;start=3&amp;end=9#quote"
    """
    where = f"kb={url_quote(kb, safe='')}&" if kb and kb != DEFAULT_KB else ""
    href = f"source/{url_quote(source)}/view?{where}start={int(start)}&end={int(end)}#quote"
    return f'<a class="cb-open" href="{escape(href)}" target="_blank" rel="noopener">打开原文</a>'


def highlight(passage: str, start: int, end: int) -> str:
    """Escaped passage with passage[start:end] in <mark>. Example: highlight("abc", 1, 2) == "a<mark>b</mark>c" """
    return f"{_text(passage[:start])}<mark>{_text(passage[start:end])}</mark>{_text(passage[end:])}"


def _unpiped(text: str, start: int, end: int) -> tuple[str, int, int]:
    """A table row's passage (「| 一对一护理 | 260元/天 |」) without its outer pipes, which stood outside the highlighted
    quote (breaker H, session 33), and the quote's offsets in it; any other passage as it is."""
    m = re.fullmatch(r"\|[ \t]*(.*?)[ \t]*\|", text)
    if not m or "\n" in text:
        return text, start, end
    a, b = m.span(1)
    return text[a:b], max(start - a, 0), min(end - a, b - a)


def focused(c: Citation) -> str:
    """The escaped quote with the clauses that answer in bold (the rest is their sentence, for context)."""
    if not c.start <= c.focus_start < c.focus_end <= c.end:
        return _text(c.quote)
    s, e = c.focus_start - c.start, c.focus_end - c.start
    return f"{_text(c.quote[:s])}<strong>{_text(c.quote[s:e])}</strong>{_text(c.quote[e:])}"


def row_table(c: Citation) -> str:
    """A quoted table row as a small two-row table: its column names (`c.columns`) over its cells, all
    escaped, the cell the focus is (answer.cell_of) in bold under its highlighted name; the bolded quote (`focused`)
    when the quote's cells do not match the names one to one.

    Example: row_table(Citation(1, "a.md", "价格", 0, 7, "杯 | 89元", columns=("品名", "<b>价</b>"))) ==
    '<table class="cb-row"><thead><tr><th>品名</th><th>&lt;b&gt;价&lt;/b&gt;</th></tr></thead>'
    '<tbody><tr><td>杯</td><td>89元</td></tr></tbody></table>'
    """
    cells = [t.strip() for t in c.quote.split("|")]
    if not c.columns or len(cells) != len(c.columns):
        return focused(c)
    asked = cell_of(c)
    mark = ' class="cb-asked"'
    head = "".join(f"<th{mark if i == asked else ''}>{_text(name)}</th>" for i, name in enumerate(c.columns))
    row = "".join(f"<td><strong>{_text(cell)}</strong></td>" if i == asked else f"<td>{_text(cell)}</td>"
                  for i, cell in enumerate(cells))
    return f'<table class="cb-row"><thead><tr>{head}</tr></thead><tbody><tr>{row}</tr></tbody></table>'


def _spanning(hits, c) -> tuple[int, str]:
    """(start, text) of the retrieved passages of `c`'s source joined where they overlap or touch, when together they
    hold the whole quote (a list quoted across a passage boundary, quotes.enumeration; walkthrough, session 20: its
    passage was shown unmarked); else (0, "")."""
    parts = sorted((h.chunk for h in hits if h.chunk.source == c.source and h.chunk.start < c.end and c.start < h.chunk.end),
                   key=lambda ch: ch.start)
    if not parts or parts[0].start > c.start:
        return 0, ""
    start, text = parts[0].start, parts[0].text
    for ch in parts[1:]:
        end = start + len(text)
        if ch.start > end:
            break
        text += ch.text[end - ch.start:]
    return (start, text) if start + len(text) >= c.end else (0, "")


def answer_html(a: Answer, kb: str | None = None) -> str:
    """The whole chat message for one answer from knowledge base `kb` (None: the default; for the links)."""
    parts = []
    if a.notice:
        parts.append(notice(a.notice))
    if a.abstained:
        parts.append(f'<div class="cb-answer cb-abstained">{_text(NOT_FOUND)}</div>')
        # the closest passages in the order the search ranked them (fusion, reranker): no cosine beside them, which a
        # reader takes for that order's key (it is one of its inputs; the 检索测试 tab shows each score)
        for h in a.passages[:3]:
            where = f" · {_text(h.chunk.location)}" if h.chunk.location else ""
            parts.append(f'<div class="cb-passage"><div class="cb-source">{h.rank}. {_text(h.chunk.source)} › '
                         f'{_text(shown_section(h.chunk))}{where} '
                         f'{source_link(h.chunk.source, h.chunk.start, h.chunk.end, kb)}</div>{_text(h.chunk.text)}</div>')
        return "\n".join(parts)
    quotes = [f'{row_table(c)} <sup class="cb-ref">[{c.n}]</sup>' for c in a.citations]  # row_table: focused() unless a table row
    # a later quote is another answer from another place (answer.py), set apart under 「另见」: run on after the first,
    # a newcomer read it as part of the answer (session 38)
    also = "".join(f'<div class="cb-also"><span class="cb-also-label">另见</span>{q}</div>' for q in quotes[1:])
    parts.append(f'<div class="cb-answer">{quotes[0] if quotes else ""}{also}</div>')
    for c in a.citations:
        hit = next((h for h in a.passages if h.chunk.source == c.source and h.chunk.start <= c.start
                    and c.end <= h.chunk.end), None)
        start, text = (hit.chunk.start, hit.chunk.text) if hit else _spanning(a.passages, c)
        body = highlight(*_unpiped(text, c.start - start, c.end - start)) if text else _text(c.quote)
        where = f" · {_text(hit.chunk.location)}" if hit and hit.chunk.location else ""
        parts.append(f'<details class="cb-passage" open><summary class="cb-source">[{c.n}] {_text(c.source)} › '
                     f'{_text(c.section)}{where} '   # no character offsets: they mean nothing to a reader (检索测试 shows them)
                     f'{source_link(c.source, c.start, c.end, kb)}</summary><div class="cb-text">{body}</div></details>')
    return "\n".join(parts)


def passages_html(hits, kb: str | None = None) -> str:
    """Ranked passages of knowledge base `kb` as an HTML table (the retrieval test tab), each linked to its original."""
    if not hits:
        return notice("没有检索到段落。")
    rows = "".join(
        f"<tr><td>{h.rank}</td><td>{h.score:.4f}</td><td>{h.dense:.3f}</td><td>{h.bm25:.2f}</td>"
        f"<td>{_text(h.chunk.source)} › {_text(shown_section(h.chunk))}<br><span class='cb-offsets'>"
        f"[{h.chunk.start}:{h.chunk.end}]</span> {source_link(h.chunk.source, h.chunk.start, h.chunk.end, kb)}</td>"
        f"<td>{_text(h.chunk.text)}</td></tr>" for h in hits)
    return ('<table class="cb-table"><thead><tr><th>排名</th><th>综合分</th><th>相似度</th><th>BM25</th>'
            f"<th>出处</th><th>段落</th></tr></thead><tbody>{rows}</tbody></table>")


_ZH = {"common": {"complete": "完成", "progress": "进度", "download_all": "全部下载"}}   # Gradio 6.31's gaps
GRADIO_KEYS = {"en": {"common": {"complete": "Complete"}}, "zh-CN": _ZH, "zh-TW": _ZH}

METRIC_LABELS = {"questions": "问题数", "answerable": "可回答", "unanswerable": "不可回答", "hit@1": "hit@1",
                 "hit@3": "hit@3", "hit@5": "hit@5", "hit@10": "hit@10", "mrr@10": "MRR@10",
                 "answer_hit": "答案命中率", "first_citation_hit": "首条引用命中率", "focus_hit": "加粗部分命中率",
                 "mean_focus_chars": "加粗部分平均字数", "mean_answer_chars": "平均答案字数", "mean_passage_chars": "平均段落字数",
                 "abstain_unanswerable": "不可回答时拒答率", "abstain_near_miss": "近似问题（near_miss）拒答率",
                 "abstain_off_topic": "无关问题（off_topic）拒答率", "false_abstain": "误拒答率",
                 "latency_p50_ms": "延迟 p50 (ms)", "latency_p95_ms": "延迟 p95 (ms)"}


def metrics_html(metrics: dict, errors: list[str] = ()) -> str:
    """The headline metrics as a two-column table, with bad question-set lines listed first."""
    notes = "".join(notice(e) for e in errors)
    rows = "".join(f"<tr><td>{label}</td><td>{metrics[key]}</td></tr>"
                   for key, label in METRIC_LABELS.items() if key in metrics)
    return f'{notes}<table class="cb-table"><tbody>{rows}</tbody></table>'
