"""HTML pages (.html, .htm) through selectolax (the Lexbor parser): blocks from the elements.

Consumes: the page's bytes (its charset from a BOM, <meta charset>, or the text reader's guess).
Produces: `Extracted`: h1–h6 as headings, p/div text as paragraphs, ul/ol as lists with their lead-in, table as
`| a | b |` rows (thead or th row as header, caption kept; one inside a <dd> too), dl as paragraphs 「术语：释义」, pre as
code; a <p> 「问：…」 then a <p> 「答：…」 as one FAQ pair; <title> is the title. Dropped as boilerplate: script, style,
noscript, template, svg, nav, header, footer, aside, form, iframe, roles navigation/banner/contentinfo; but a <footer> is
kept as text when it is no site chrome (no ©, 版权所有, ICP备…, fewer than three links; 「…分机 6618。」 was dropped unseen,
breaker E), so are a footer's contact lines, and a <header> with a heading and neither chrome nor <nav> (「更新日期：…以《竞赛
规程》为准。」 went with the title; breaker CC, session 46), not a logo banner (「澄源 CHENGYUAN」 cost a fresh off-topic refusal).
Shortcut: inline elements are flattened to their text; a div's own text is one paragraph per line.
"""
from __future__ import annotations

import re

from .model import Builder, Extracted, attach_lead, table_row
from .lines import ANSWER, LIST_ITEM, QUESTION
from .plain import structure

DROP = "script, style, noscript, template, svg, nav, header, footer, aside, form, iframe, button, " \
       "[role=navigation], [role=banner], [role=contentinfo], [aria-hidden=true]"
_CHROME = re.compile(r"©|&copy;|copyright|版权所有|all rights reserved|icp备|公网安备|隐私政策|联系我们|关于我们", re.IGNORECASE)
BLOCKS = {"p", "div", "section", "article", "main", "blockquote", "li", "ul", "ol", "table", "pre", "dl", "dt", "dd", "footer", "header",
          "h1", "h2", "h3", "h4", "h5", "h6", "figure", "figcaption", "body", "tr", "td", "th", "caption"}
_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


def _decode(data: bytes) -> tuple[str, str]:
    m = _CHARSET.search(data[:4096])
    if m and not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        name = re.sub(r"^(?:gbk|gb2312)$", "gb18030", m.group(1).decode("ascii").lower())   # GB18030 is their superset
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass
    from .text import decode
    return decode(data)[:2]


def _text(node) -> str:
    """An element's text, <br> as a line break, whitespace folded inside lines."""
    for br in node.css("br"):
        br.replace_with("\n")
    raw = node.text(deep=True, separator="")
    return "\n".join(" ".join(line.split()) for line in raw.replace("\xa0", " ").split("\n")).strip()


def read_html(data: bytes) -> Extracted:
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    text, encoding = _decode(data)
    tree = HTMLParser(text)
    title_node = tree.css_first("title")
    title = " ".join(title_node.text().split()) if title_node else ""
    kept = {f.mem_id for f in tree.css("footer") if not _chrome(f) or _unchromed(f)} | \
        {h.mem_id for h in tree.css("header") if h.css_first("h1, h2, h3, h4, h5, h6") and not _chrome(h)
         and not h.css_first("nav, [role=navigation]")}
    for node in tree.css(DROP):
        if node.mem_id not in kept:
            node.decompose()
    b = Builder()
    root = tree.body or tree.root
    if root is not None:
        _walk(root, b)
    return b.done(title=title, encoding=encoding)


def _paragraphs(b: Builder, text: str) -> None:
    ex = structure(text, reflowed=True)
    for blk in ex.blocks:
        b.add_block(blk if blk.kind != "heading" else type(blk)("paragraph", blk.start, blk.end), ex.text)


def _walk(node, b: Builder) -> None:
    inline: list[str] = []

    def flush():
        if inline:
            _paragraphs(b, "".join(inline).strip())
            inline.clear()

    child = node.child
    while child is not None:
        tag = child.tag
        if tag == "-text":
            inline.append(" ".join((child.text_content or "").replace("\xa0", " ").split(" ")))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            flush()
            b.add("heading", " ".join(_text(child).split()), level=int(tag[1]))
        elif tag in ("ul", "ol"):
            flush()
            before = len(b.blocks) - 1
            attach_lead(b, b.add_parts("list", _items(child)), before)
        elif tag == "table":
            flush()
            _table(child, b)
        elif tag == "dl":
            flush()
            for kind, lines in _terms(child):   # one passage each, as each <dd> was, now with its term
                if kind == "table":   # a table inside a <dd> (breaker AN, session 40: read as one run-on line)
                    _table(lines, b)
                elif kind == "paragraph":
                    b.add("paragraph", lines[0])
                else:   # a question and its answer (one FAQ pair), or a term whose <dd> holds a list
                    b.add_parts(kind, lines)
        elif tag == "pre":
            flush()
            b.add_parts("code", [l for l in (child.text(deep=True) or "").split("\n") if l.strip()])
        elif tag == "br":
            inline.append("\n")
        elif tag in BLOCKS:
            flush()
            answer = _sibling(child)
            if tag == "p" and answer is not None and answer.tag == "p" and QUESTION.match(_text(child)) \
                    and ANSWER.match(_text(answer)):   # 「问：…」 then 「答：…」, a <p> each: one FAQ pair (breaker K)
                _paragraphs(b, _text(child) + "\n" + _text(answer))
                child = answer
            else:
                _walk(child, b)
        elif tag not in ("img", "-comment", "head", "meta", "link", "title"):
            inline.append(_text(child).replace("\n", " "))
        child = child.next
    flush()


def _items(lst, depth: int = 0) -> list[str]:
    """The lines of a <ul>/<ol>: each <li> marked (「1. 」 or 「- 」), its own text on its line and a list nested in it
    as lines of its own, indented two spaces a level (breaker Q, session 35: 「1. 外包装检查 箱体有无明显破损…； 封箱胶带…」
    ran the sub-items into their parent's line without marks). Empty items are left out."""
    lines, n = [], 0
    for li in [c for c in _children(lst) if c.tag == "li"]:
        nested = [c for c in _children(li) if c.tag in ("ul", "ol")]
        below = [line for sub in nested for line in _items(sub, depth + 1)]
        for sub in nested:
            sub.decompose()
        n += 1
        own = " ".join(_text(li).split())
        if own.strip(" -.0123456789"):
            lines.append("  " * depth + (f"{n}. " if lst.tag == "ol" else "- ") + own)
        lines += below
    return lines


def _sibling(node):
    """The next element after `node` (text between them that is only whitespace skipped), or None."""
    nxt = node.next
    while nxt is not None and nxt.tag in ("-text", "-comment") and not (nxt.text_content or "").strip():
        nxt = nxt.next
    return nxt if nxt is not None and nxt.tag not in ("-text", "-comment") else None


def _terms(dl) -> list[tuple[str, list[str]]]:
    """A definition list's blocks, (kind, lines): each <dd> after its <dt> as 「术语：释义」 (a paragraph each, so a passage
    holds its term; breaker G, session 33: 「单人研习间」 was a passage of its own, and quoted alone as an answer); a <dd>
    without a term stands alone, and several <dd> of one term each repeat it. A term that is a question (「问：…」, or
    ending in ？) is no 术语: the two are one FAQ pair ("faq", [question, answer], the <dd>s after it one answer: breaker AC,
    session 38, 「谢绝携带以下物品入场：」 and its list were two passages); breakers O and P, session 35:
    「问：里程过期了还能恢复吗？：答：可以。…」 was one line, read as a question, so no clause of it could be quoted). A list
    nested in a <dd> keeps its items on lines of their own (_dd_lines): a "list" block led by 「术语：…」, or lines of
    the FAQ answer (breakers T and V, session 36: 「新疆西藏青海内蒙古宁夏甘肃」 was one run of text)."""
    out, term = [], ""
    elements = [c for c in _children(dl) if c.tag in ("dt", "dd")]
    for c, last in zip(elements, ["", *(e.tag for e in elements)]):   # last: the element before, dt or dd
        if c.tag == "dt":
            term = " ".join(_text(c).split()).rstrip("：:")
        elif c.tag == "dd":
            body = _dd_lines(c)
            cut = next((i for i, line in enumerate(body) if not isinstance(line, str)), len(body))   # a table: a block
            body, after = body[:cut], [("table", x) if not isinstance(x, str) else ("paragraph", [x]) for x in body[cut:]]
            if not body:
                out += after
                continue
            if term and (QUESTION.match(term) or term.endswith(("？", "?"))):
                if out and out[-1][0] == "faq" and out[-1][1][0] == term and last == "dd":
                    out[-1][1][1] += "\n" + "\n".join(body)   # the question's next <dd>: more of one answer
                else:
                    out.append(("faq", [term, "\n".join(body)]))
            else:
                lines = ([f"{term}：", *body] if LIST_ITEM.match(body[0]) else [f"{term}：{body[0]}", *body[1:]]) if term else body
                out.append(("list" if len(lines) > 1 else "paragraph", lines))
            out += after
    return out


def _dd_lines(dd) -> list[str]:
    """The lines of a <dd>: its runs of text (spaces collapsed) and, on lines of their own, the items of a list nested
    in it (_items), each nested paragraph and a nested table's node (not text: _terms reads it as a table)."""
    lines, run = [], []

    def flush():
        text = " ".join("".join(run).split())
        if text:
            lines.append(text)
        run.clear()

    for c in _children(dd):
        if c.tag in ("ul", "ol", "table"):   # a table's node itself: _terms makes it a block of its own
            flush()
            lines += _items(c) if c.tag != "table" else [c]
        elif c.tag in ("p", "div"):
            flush()
            run.append(_text(c))
            flush()
        elif c.tag == "-text":
            run.append(c.text_content or "")
        elif c.tag != "-comment":
            run.append(_text(c))
    flush()
    return lines


def _chrome(node) -> bool:
    """Site chrome: a copyright or ICP line, 关于我们-style links, or three links or more."""
    return bool(_CHROME.search(node.text() or "")) or len(node.css("a")) >= 3


_CONTACT = re.compile(r"电话|分机|手机|热线|传真|邮箱|地址|联系|@[\w-]+\.|\d{3,4}[-\s]?\d{7,8}")


def _unchromed(footer) -> bool:
    """Of a site footer, keep the children that give contact details (a phone, an extension, an address: breaker H,
    session 33: 「住院服务中心电话：86012345转8300」 went with the © line beside it) and drop the rest (a © line, a row of
    links, 「本页面仅限集团内部员工访问…」: kept, that notice joined the page's last passage and cost blind6's docs6 test
    half two hit@1, found by its aggregate in CI); whether contact details are left."""
    for child in list(_children(footer)):
        if child.tag not in ("-text", "-comment") and (_chrome(child) or not _CONTACT.search(child.text() or "")):
            child.decompose()
    return bool(_CONTACT.search(footer.text() or "")) and not _chrome(footer)


def _children(node):   # the element and text children, comments too
    return node.iter(include_text=True)


def _table(node, b: Builder) -> None:
    caption_node = node.css_first("caption")
    caption = " ".join(_text(caption_node).split()) if caption_node else ""
    header, rows = [], []
    for tr in node.css("tr"):
        cells = [c for c in _children(tr) if c.tag in ("td", "th")]
        row, in_head = [" ".join(_text(c).split()) for c in cells], tr.parent is not None and tr.parent.tag == "thead"
        if any(row):
            (header if (in_head or (not rows and not header and all(c.tag == "th" for c in cells))) else rows).append(row)
    if caption:
        b.add("paragraph", caption)
        cap_block = b.blocks.pop()
    blk = b.add_parts("table", [table_row(r) for r in header + rows], header=len(header), caption=caption)
    if caption and blk:
        b.blocks[-1] = type(blk)("table", cap_block.start, blk.end, 0, blk.parts, blk.header, caption)
