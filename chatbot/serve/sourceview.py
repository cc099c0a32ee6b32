"""The HTML of /source/{document}/view: the cited place in the original, with the quote marked.

Consumes: plain values (the document's name, its text or its page count, the quote's offsets).
Produces: `text_view(...)` and `pdf_view(...)`, whole HTML documents, and VIEW_CSP, their policy.
Every text from the corpus is HTML-escaped. Links are relative to the view's own address
(…/{document}/view), so they work under any --root-path and carry no token: the cookie the page set,
or the one this request's ?token= sets, authorises them. They carry the view's knowledge base (?kb=)
when it is not the default one. No script: the link's #quote fragment
scrolls to the mark (an anchor placed over the rendered page, for a PDF).
Shortcut: a long text shows WINDOW characters around the quote, cut at line ends, not the whole file.
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote, urlencode

INLINE = (".txt", ".md", ".markdown", ".csv", ".html", ".htm")  # shown by the browser itself
WINDOW = 20_000  # characters of a long text shown around the quote
VIEW_CSP = ("default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'self'")
STYLE = """
body { margin: 0; background: #f1f5f9; color: #1f2937;
  font: 16px/1.75 system-ui, "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC", sans-serif; }
header { position: sticky; top: 0; z-index: 2; display: flex; flex-wrap: wrap; gap: .4em 1.2em; align-items: baseline;
  padding: .6em 1.2em; background: #fff; border-bottom: 1px solid #e2e8f0; }
header strong { font-size: 1.05em; } header .where { color: #64748b; }
nav { margin-left: auto; display: flex; gap: 1em; } a { color: #2563eb; text-decoration: none; } a:hover { text-decoration: underline; }
.cite { max-width: 900px; margin: 1em auto 0; padding: .5em 1em; border-left: 4px solid #f59e0b; background: #fffbeb; }
.note { max-width: 900px; margin: .6em auto 0; color: #b45309; font-size: .9em; }
.sheet { position: relative; max-width: 900px; margin: 1em auto 3em; box-shadow: 0 2px 12px rgba(0,0,0,.15); background: #fff; }
.sheet img { display: block; width: 100%; height: auto; }
.anchor { position: absolute; left: 0; width: 1px; height: 1px; scroll-margin-top: 35vh; }
article { max-width: 900px; margin: 1em auto 3em; padding: 1.5em 2em; background: #fff; white-space: pre-wrap;
  word-break: break-word; box-shadow: 0 2px 12px rgba(0,0,0,.08); }
mark { background: #ffd60a; color: inherit; padding: .05em 0; scroll-margin-top: 35vh; }
.cut { color: #94a3b8; }
"""


def _page(title: str, header: str, body: str) -> str:
    return (f'<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" '
            f'content="width=device-width, initial-scale=1"><title>{escape(title)}</title><style>{STYLE}</style>'
            f'</head><body><header>{header}</header>{body}</body></html>')


def original_link(source: str, kb: str | None = None) -> str:
    """The raw file's address relative to the view's, escaped for an HTML attribute.

    Example: original_link("a/规定.pdf") == "../%E8%A7%84%E5%AE%9A.pdf"; original_link("a.txt", "hr") == "../a.txt?kb=hr"
    """
    return "../" + quote(source.rsplit("/", 1)[-1]) + (f"?{_query(kb=kb)}" if kb else "")


def _query(**params) -> str:
    """The query string of the params that are set, escaped for an HTML attribute."""
    return escape(urlencode({k: v for k, v in params.items() if v is not None}))


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """The shown stretch of `text`: all of it when short, else about WINDOW characters around [start, end),
    widened to whole lines (by at most 500 characters each side)."""
    if len(text) <= WINDOW:
        return 0, len(text)
    a = max(0, start - WINDOW // 2)
    b = min(len(text), max(end, a + WINDOW))
    line = text.rfind("\n", 0, a) + 1
    a = line if a - line <= 500 else a
    line = text.find("\n", b)
    b = line if 0 <= line and line - b <= 500 else b
    return a, b


def text_view(source: str, text: str, start: int | None, end: int | None, location: str = "", note: str = "",
              kb: str | None = None) -> str:
    """The document's extracted text with text[start:end] in <mark id="quote"> (no offsets: no mark);
    kb: the knowledge base (None: the default), for the link to the file."""
    s, e = (start, end) if start is not None else (0, 0)
    a, b = _window(text, s, e)
    body = escape(text[a:s]) + (f'<mark id="quote">{escape(text[s:e])}</mark>' if e > s else "") + escape(text[max(s, e, a):b])
    if a > 0:
        body = '<span class="cut">（前文略）</span>\n' + body
    if b < len(text):
        body += '\n<span class="cut">（后文略）</span>'
    label = "打开原文件" if source.lower().endswith(INLINE) else "下载原文件"  # Office files: the browser downloads them
    header = (f"<strong>{escape(source)}</strong>" + (f'<span class="where">{escape(location)}</span>' if location else "")
              + f'<nav><a href="{original_link(source, kb)}">{label}</a></nav>')
    notes = f'<p class="note">{escape(note)}</p>' if note else ""
    return _page(f"{source} · 原文", header, f"{notes}<article>{body}</article>")


def pdf_view(source: str, sheets: list[tuple[int, tuple[int, int], float | None]], pages: int, start: int | None,
             end: int | None, quote_text: str = "", note: str = "", kb: str | None = None) -> str:
    """The pages `sheets` of `pages`, each (page, its size in pixels as the PNG route renders it, how far down the
    quote's first mark lies on it or None), one under the other with the quote marked: one page, or the two a quote
    over a page break spans. Above them the quote's text, links to the neighbouring pages and to the PDF itself at
    the first one (all in knowledge base `kb`; None: the default); the first mark is the #quote anchor."""
    marks = {"kb": kb, "start": start, "end": end}
    first, last = sheets[0][0], sheets[-1][0]
    nav = []
    if first > 1:
        nav.append(f'<a href="view?{_query(page=first - 1, **marks)}">上一页</a>')
    if last < pages:
        nav.append(f'<a href="view?{_query(page=last + 1, **marks)}">下一页</a>')
    nav.append(f'<a href="{original_link(source, kb)}#page={first}">打开 PDF 原件</a>')
    shown = f"第{first}页" if first == last else f"第{first}–{last}页"
    header = f'<strong>{escape(source)}</strong><span class="where">{shown} / 共{pages}页</span><nav>{"".join(nav)}</nav>'
    cite = f'<blockquote class="cite">{escape(quote_text)}</blockquote>' if quote_text else ""
    notes = f'<p class="note">{escape(note)}</p>' if note else ""
    body, anchored = [], False
    for page, size, top in sheets:
        anchor = ""
        if top is not None and not anchored:
            anchor, anchored = f'<span id="quote" class="anchor" style="top:{100 * top:.2f}%"></span>', True
        image = (f'<img src="page/{page}.png?{_query(**marks)}" width="{size[0]}" height="{size[1]}" '
                 f'alt="{escape(source)} 第{page}页">')
        body.append(f'<div class="sheet">{image}{anchor}</div>')
    return _page(f"{source} · {shown}", header, f'{cite}{notes}{"".join(body)}')
