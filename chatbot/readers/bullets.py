"""List bullets a PDF draws instead of writing: found among a page's path objects, put back as 「• 」 before their lines.

Consumes: a pypdfium2 page and its text page; then the page's segments (pdf_tables.segments: ("text", lines) and
("table", rows)). Produces: `drawn_bullets(page, textpage)` → the start of each line a drawn bullet marks, in reading
order; `mark(segs, starts)` → the segments with 「• 」 put before those lines, so plain.py reads a list.
Why: Chromium prints an HTML `<li>`'s disc as a little filled circle (a path), not as a character, so the text layer
holds the items as bare lines. Lines that end without punctuation and are about as long as the next were joined as one
wrapped sentence (breaker AR, session 40: 「三、费用包含」's six items became one run-on line with no separator), and
a short item followed by a longer line was read as a heading (「单房差」, 「个人旅游意外险（强烈建议购买）」: 「四、费用不含」
held nothing, and the next section was filed under an item). lines._bare_items guesses such items after a lead that
ends in a colon; this reads the marks themselves.
Shortcuts: a bullet is a path at most BULLET_PT points each way and about square, whose right side the first character
of a line follows within GAP_PT at the same height, with at least one more such path at the same left edge on the page
(a list of one item on a page is left as it is); a line is matched to its bullet by its first characters (the
segments come from the text page in the same reading order). Marks go back only on a page where a bulleted line is a
bare item (BARE_CHARS or shorter, no final punctuation): items that each end a sentence were read as paragraphs already,
one passage each, which retrieval matched better than one list passage (marking every drawn bullet of the tune corpora's
PDFs cost 6 first citations on the breakers' sets for 2 list questions gained, session 40). The added mark is not on
the page: the source view's quote matcher drops it (serve/quotematch.DROPPED).
"""
from __future__ import annotations

BULLET_PT = 8.0   # points: Chromium's disc at 12–16 px type is 3.8 pt across; a checkbox or an icon is larger
GAP_PT = 24.0     # points from a bullet's right side to its item's first character (Chromium: about 9)
ALIGN_PT = 1.0    # bullets of one list share their left edge within this
START_CHARS = 16  # characters of a line's start that identify it
LEAD_CHARS = 2    # characters the box search may land after, at the line's start (an opening quote 「“」 is narrow)
MARK = "• "
BARE_CHARS = 30   # mark: a page's bullets are put back only when one of their lines is a bare item this short or shorter


def drawn_bullets(page, textpage) -> list[str]:
    """The first characters (at most START_CHARS, up to the line's end, stripped) of each line of `page` that a drawn
    bullet marks, in the text page's reading order; [] when the page draws none."""
    import pypdfium2.raw as pdfium_c

    marks = []
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if 0 < w <= BULLET_PT and 0 < h <= BULLET_PT and 0.5 <= w / h <= 2:
            marks.append((left, right, (bottom + top) / 2, h))
    aligned = [m for m in marks if sum(abs(other[0] - m[0]) <= ALIGN_PT for other in marks) >= 2]
    if not aligned:   # no two marks share a left edge: no list drawn
        return []
    text = textpage.get_text_range()
    boxes = [(i, textpage.get_charbox(i)) for i in range(min(len(text), textpage.count_chars())) if not text[i].isspace()]
    found = []
    for left, right, middle, h in aligned:
        beside = [(box[0], i) for i, box in boxes   # characters at the mark's height, starting just right of it
                  if box[1] - 2 <= middle <= box[3] + 2 and right - 1 <= box[0] <= right + GAP_PT]
        if not beside:
            continue
        index = min(beside)[1]   # the leftmost character beside the mark
        lead = text[max(0, index - 8):index].replace("\r", "\n")
        lead = lead.rsplit("\n", 1)[-1] if "\n" in lead or index < 8 else lead
        if len(lead.strip()) > LEAD_CHARS:
            continue   # the character is no line's first: the path is a mark inside a line
        start = (lead + text[index:index + START_CHARS]).replace("\r", "\n").split("\n")[0].strip()
        if start:
            found.append((index, start))
    return [start for _, start in sorted(set(found))]


def _bare(line: str) -> bool:
    """A short item that ends in no punctuation (「行程所列景点首道门票」): without its mark it is joined to the next
    line or taken for a heading."""
    return len(line) <= BARE_CHARS and not line.endswith(("。", "；", ";", "！", "？", "!", "?", "，", ",", "、", "：", ":"))


def mark(segs: list[tuple[str, list[str]]], starts: list[str]) -> list[tuple[str, list[str]]]:
    """`segs` with MARK put before each text line that begins with the next of `starts` (in order; a start no line
    begins with is skipped). Example: mark([("text", ["费用包含", "机票", "住宿"])], ["机票", "住宿"]) ==
    [("text", ["费用包含", "• 机票", "• 住宿"])]"""
    if not starts or not any(_bare(line) for kind, lines in segs if kind == "text" for line in lines
                             if any(line.startswith(start) for start in starts)):
        return segs   # items that each end a sentence were read well as paragraphs already
    out, j = [], 0
    for kind, lines in segs:
        if kind != "text":
            out.append((kind, lines))
            continue
        marked = []
        for line in lines:
            k = next((k for k in range(j, len(starts)) if line.startswith(starts[k])), None)
            if k is not None and not line.startswith(MARK.strip()):
                line, j = MARK + line, k + 1
            marked.append(line)
        out.append((kind, marked))
    return out
