"""Where the characters of an indexed passage lie among a PDF page's characters.

Consumes: a passage as the reader extracted it (a chunk's text) and a page's characters as PDFium has
them. Produces: `fold` (both sides made comparable) and `locate` (passage position → page position).
The reader's text is the page's characters with running headers and footers removed, lines joined,
table cells piped, drawn bullets written; so both sides are folded — NFKC, lower case, whitespace, pipes and • dropped —
and every folded character remembers where it came from. The folded passage is then looked up whole
(the usual case: about 200 characters, so a phrase that occurs twice on a page is found where it was
quoted); else split over a page break (its head ending this page, its tail on the next); else aligned
(`align`: an edit-distance alignment in a window around the longest common run, so characters a reader
rewrote are skipped and the rest still match, each next to its neighbours rather than at an earlier
occurrence).
Shortcut: the alignment is a plain O(n·m) dynamic programme over a window of about 1.5 × the passage.
"""
from __future__ import annotations

import difflib
import unicodedata

DROPPED = set("|｜•")  # table cell separators and a drawn bullet's mark (readers/bullets.py) the readers add
MIN_RUN = 2           # the alignment needs a common run at least this long to start from


def fold(text: str, positions=None) -> tuple[str, list[int]]:
    """(folded text, the position each folded character came from: `positions[i]`, or i).

    Example: fold("| ＸＲ b|c") == ("xrbc", [2, 3, 5, 7])
    """
    out, where = [], []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in DROPPED:
            continue
        for f in unicodedata.normalize("NFKC", ch).lower():
            if not f.isspace():
                out.append(f)
                where.append(positions[i] if positions is not None else i)
    return "".join(out), where


def split(page: str, following: str, fp: str) -> int:
    """The longest i with fp[:i] on this page and fp[i:] on the next; 0 if none. Example: split("xab", "cd", "abcd") == 2"""
    i = 0
    while i < len(fp) and fp[:i + 1] in page:
        i += 1
    for k in range(i, 0, -1):
        if fp[k:] in following:
            return k
    return 0


def align(fp: str, text: str) -> dict[int, int]:
    """{k: j} for the characters fp[k] == text[j] of the best alignment of all of `fp` with a stretch of
    `text` (free ends in `text`). Example: align("abXd", "zzabcd") == {0: 2, 1: 3, 3: 5}"""
    n = len(fp)
    a, b, size = difflib.SequenceMatcher(None, fp, text, autojunk=False).find_longest_match(0, n, 0, len(text))
    if size < MIN_RUN:
        return {}
    slack = n // 4 + 5
    lo, hi = max(0, b - a - slack), min(len(text), b + (n - a) + slack)
    w = text[lo:hi]
    m = len(w)
    cost = [[0] * (m + 1)] + [[i] + [0] * m for i in range(1, n + 1)]  # free start anywhere in the window
    for i in range(1, n + 1):
        row, up, ch = cost[i], cost[i - 1], fp[i - 1]
        for j in range(1, m + 1):
            row[j] = min(up[j - 1] + (ch != w[j - 1]), up[j] + 1, row[j - 1] + 1)
    j = min(range(m + 1), key=lambda c: (cost[n][c], -c))  # free end
    out, i = {}, n
    while i > 0 and j > 0:
        same = fp[i - 1] == w[j - 1]
        if cost[i][j] == cost[i - 1][j - 1] + (not same):
            if same:
                out[i - 1] = lo + j - 1
            i, j = i - 1, j - 1
        elif cost[i][j] == cost[i - 1][j] + 1:
            i -= 1
        else:
            j -= 1
    return out


def locate(fp: str, page: str, following: str = "") -> tuple[dict[int, int], dict[int, int]]:
    """({k: position on this page}, {k: position on the next page}) of the folded passage's characters."""
    at = page.find(fp)
    if at >= 0:
        return {k: at + k for k in range(len(fp))}, {}
    cut = split(page, following, fp) if following else 0
    if cut:
        head, tail = page.rfind(fp[:cut]), following.find(fp[cut:])
        return {k: head + k for k in range(cut)}, {k: tail + k - cut for k in range(cut, len(fp))}
    return align(fp, page), {}
