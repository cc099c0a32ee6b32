"""What a PDF page carries in its margins, not in its text: running headers and footers, page numbers, and a browser's
print header and footer.

Consumes: a PDF's pages as pdf.py reads them, each a list of ("text", lines) and ("table", rows) segments in PDFium's
order, and the PDF's Title. Produces: the same pages without those lines: `strip_running` (a first or last line that
recurs, digits aside, on at least half of the pages, and bare page numbers such as 「- 3 -」「第3页」「3/10」),
`strip_print_margins` (a browser's 「打印 → 另存为 PDF」 header, the date, time and title, and footer, the address
and 「n/m」, wherever PDFium put them). pdf.py runs the first, then the second, so that a page's last content lines
are never its edge lines for the running pass (session 27: a breaker's three-page print lost two sentence endings).
Shortcuts: a running line is recognised at the first and last EDGE lines of a page only; table rows are never
running lines; a print header is recognised only with the PDF's own Title (or none, when it has none).
"""
from __future__ import annotations

import re
from collections import Counter

PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*\d+\s*[-–—]|第\s*\d+\s*页(?:\s*[/，,]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|"
                         r"page\s*\d+(?:\s*of\s*\d+)?|\d{1,4})\s*$", re.IGNORECASE)
EDGE = 2  # lines at the top and the bottom of a page that may be running headers or footers


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()))


# what a browser prints in the page margins of 「打印 → 另存为 PDF」 (Chromium, Edge, Chrome): the date and time, then the
# page's title (the PDF's Title); the page's address, then 「n/m」. PDFium gives them where the browser drew them in
# the text stream, not at the page's edge (session 27: 「12/3/26, 9:37 PM IT账号与密码安全规范」 between a heading and
# its table), and they were indexed and quoted.
PRINTED_AT = re.compile(r"^\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?\s+(?:上午|下午)?\s*\d{1,2}:\d{2}(?::\d{2})?\s*(?:[AaPp]\.?[Mm]\.?)?(?:\s+(.+))?$")
PRINTED_FROM = re.compile(r"^(?:file|https?)://\S+\s+(\d+)\s*/\s*(\d+)$", re.IGNORECASE)


def strip_print_margins(pages: list[list[tuple[str, list[str]]]], title: str) -> list[list[tuple[str, list[str]]]]:
    """Drop a browser's print header (date, time and the PDF's Title) and footer (the address and 「n/m」 with m the
    page count) from the text lines of each page, wherever PDFium put them; a page without a title prints the date and
    time alone (kept when the PDF has a Title, unless the page prints the footer too), a long title ends in 「…」.
    Example: on page 1 of 1 titled 「规范」,
    「12/3/26, 9:37 PM 规范」 and 「file:///tmp/规范.html 1/1」 go; 「2026/3/1 9:30 例会开始」 stays (not the title)."""
    name = " ".join(title.split())

    def titled(shown: str | None) -> bool:
        """The header's title: the PDF's Title, shortened with 「…」 when long; none when the page had none."""
        if shown is None:
            return not name
        shown = " ".join(shown.split())
        return bool(name) and (shown == name or shown.endswith(("…", "...")) and name.startswith(shown.rstrip("….").rstrip()))

    def footer(line: str, n: int) -> bool:
        frm = PRINTED_FROM.match(" ".join(line.split()))
        return bool(frm and int(frm.group(1)) == n and int(frm.group(2)) == len(pages))

    def header(line: str, footed: bool) -> bool:
        at = PRINTED_AT.match(" ".join(line.split()))
        # a page printed with its footer prints its header too: the date alone when the page had no title, whatever
        # Title the PDF got (Chromium names it after the file: 「blank.html」; session 31's breaker, a blank page)
        return bool(at and (titled(at.group(1)) or footed and at.group(1) is None))

    out = []
    for n, segs in enumerate(pages, 1):
        feet = [[kind == "text" and footer(l, n) for l in lines] for kind, lines in segs]   # each line tested once
        footed = any(map(any, feet))
        out.append([(kind, [l for l, foot in zip(lines, fs) if kind != "text" or not (foot or header(l, footed))])
                    for (kind, lines), fs in zip(segs, feet)])
    return out


def strip_running(pages: list[list[tuple[str, list[str]]]]) -> list[list[tuple[str, list[str]]]]:
    """Drop running headers/footers and bare page numbers from the first and last lines of each page
    (text lines only: a table's repeated header row stays)."""
    flat = [[(n, kind, l) for n, (kind, lines) in enumerate(p) for l in lines if l] for p in pages]

    def edge(p):
        return set(range(min(EDGE, len(p)))) | set(range(max(0, len(p) - EDGE), len(p)))

    counts = Counter(_shape(l) for p in flat for l in {p[k][2] for k in edge(p) if p[k][1] == "text"})
    need = max(2, (len(pages) + 1) // 2)
    out = []
    for p, segs in zip(flat, pages):
        ends = edge(p)
        keep = [(n, l) for k, (n, kind, l) in enumerate(p) if not (k in ends and kind == "text" and (
            PAGE_NUMBER.match(l) or (len(pages) > 1 and counts[_shape(l)] >= need)))]
        out.append([(kind, [l for m, l in keep if m == n]) for n, (kind, _) in enumerate(segs)])
    return out
