"""Word's automatic numbering (a .docx's numbering.xml), rendered as the label Word shows before a paragraph.

Consumes: a python-docx Document and its paragraphs in body order. Produces: `Numbering.label(paragraph)`: the label
(「1.」「（一）」「第三条」「a)」), "" for a paragraph without numbering or with a bullet. Word never writes these labels
into the text, so 「List Number」 steps and auto-numbered articles came out as 「- 往返出差地的火车票…」 and a
question about 「第3项」 or 「第六条」 found nothing (session 27's newcomer).
Why our own code: python-docx reads numbering.xml but does not count; docx2python counts, but reads the file a second
time in its own model, with no way back to python-docx's paragraphs. This is the ECMA-376 (part 1, 17.9) rule
set reduced to what office documents use.
Shortcuts: a counter per list definition (abstractNum: two lists on one definition count on, as Word does) or per list
instance when it overrides a level or its start, by level, a deeper level restarting when a shallower one counts (no
w:lvlRestart, no numbering inherited from a style's base style); the formats Chinese documents use (decimal, full-width,
zero-padded, Chinese, capital and digit-by-digit counting, 甲乙丙, circled and bracketed, letters, Roman numerals;
isLgl's decimal); any other format counts in decimal.
"""
from __future__ import annotations

import re

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DIGITS = "零一二三四五六七八九"
STEMS = "甲乙丙丁戊己庚辛壬癸"
LEGAL = "零壹贰叁肆伍陆柒捌玖"
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
         (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def chinese(n: int) -> str:
    """A count in Chinese numerals as Word's chineseCounting writes it. Example: chinese(21) == "二十一", chinese(10) == "十" """
    if n < 10:
        return DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return ("" if tens == 1 else DIGITS[tens]) + "十" + (DIGITS[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return DIGITS[hundreds] + "百" + ("" if not rest else ("零" if rest < 10 else "") + (chinese(rest) if rest >= 20 or rest < 10
                                                                                          else "一" + chinese(rest)))


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def legal(n: int) -> str:
    """A count in the capital numerals of Word's chineseLegalSimplified. Example: legal(11) == "壹拾壹" """
    if n < 10:
        return LEGAL[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return LEGAL[tens] + "拾" + (LEGAL[ones] if ones else "")
    hundreds, rest = divmod(n, 100)
    return LEGAL[hundreds] + "佰" + ("" if not rest else ("零" if rest < 10 else "") + legal(rest))


def formatted(n: int, fmt: str) -> str:
    """Count `n` in Word's numFmt `fmt`. Example: formatted(3, "decimalEnclosedCircle") == "③" """
    if fmt == "chineseLegalSimplified":
        return legal(n)
    if fmt == "ideographDigital":   # digit by digit: 10 → 一〇
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "decimalFullWidth":
        return str(n).translate(FULL_WIDTH)
    if fmt == "decimalEnclosedParen" and 1 <= n <= 20:
        return chr(0x2474 + n - 1)
    if fmt == "decimalEnclosedFullstop" and 1 <= n <= 20:
        return chr(0x2488 + n - 1)
    if fmt in ("chineseCounting", "chineseCountingThousand", "japaneseCounting", "taiwaneseCounting",
               "taiwaneseCountingThousand"):
        return chinese(n)
    if fmt in ("ideographTraditional", "ideographZodiac") and 1 <= n <= len(STEMS):
        return STEMS[n - 1]
    if fmt.startswith("decimalEnclosedCircle") and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("lowerLetter", "upperLetter") and n >= 1:
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "lowerLetter" else letter.upper()
    if fmt in ("lowerRoman", "upperRoman") and n >= 1:
        return roman(n) if fmt == "lowerRoman" else roman(n).upper()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


class Numbering:
    """The labels of one document's numbered paragraphs, counted in the order `label` is asked (body order)."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, tuple[str, str, int, bool]]] = {}   # numId → ilvl → (numFmt, lvlText, start, isLgl)
        self.counter: dict[str, str] = {}      # numId → the list it counts in: its abstractNum's, or its own when overridden
        self.counts: dict[str, dict[int, int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):   # no numbering part
            return
        abstract = {a.get(W + "abstractNumId"): {int(l.get(W + "ilvl", "0")): self._level(l) for l in a.iter(W + "lvl")}
                    for a in root.iter(W + "abstractNum")}
        for num in root.iter(W + "num"):
            ref = num.find(W + "abstractNumId")
            ref = ref.get(W + "val") if ref is not None else None
            levels = dict(abstract.get(ref, {}))
            overridden = False
            for override in num.iter(W + "lvlOverride"):
                ilvl, lvl, start = int(override.get(W + "ilvl", "0")), override.find(W + "lvl"), override.find(W + "startOverride")
                if lvl is not None:
                    levels[ilvl], overridden = self._level(lvl), True
                if start is not None and ilvl in levels:
                    levels[ilvl], overridden = (levels[ilvl][0], levels[ilvl][1], int(start.get(W + "val", "1")), levels[ilvl][3]), True
            num_id = num.get(W + "numId")
            self.levels[num_id] = levels
            # two lists on one definition count on (1, 2, 3, 4), unless one restarts (Word: a startOverride)
            self.counter[num_id] = f"num:{num_id}" if overridden else f"abstract:{ref}"

    @staticmethod
    def _level(lvl) -> tuple[str, str, int]:
        def val(tag: str, default: str) -> str:
            node = lvl.find(W + tag)
            return node.get(W + "val", default) if node is not None else default
        legal = lvl.find(W + "isLgl")
        return (val("numFmt", "decimal"), val("lvlText", ""), int(val("start", "1") or 1),
                legal is not None and legal.get(W + "val", "1") not in ("0", "false"))

    @staticmethod
    def _num_pr(paragraph):
        """(numId, ilvl) of the paragraph, else of its style; None without numbering."""
        for ppr in (paragraph._p.pPr, getattr(paragraph.style, "element", None) is not None and paragraph.style.element.pPr):
            num_pr = ppr.find(W + "numPr") if ppr is not None and ppr is not False else None
            if num_pr is not None:
                num_id, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
                if num_id is not None:
                    return num_id.get(W + "val"), int(ilvl.get(W + "val", "0")) if ilvl is not None else 0
        return None

    def label(self, paragraph) -> str:
        """The label Word shows before `paragraph` (counting it): "" when it has none or shows a bullet."""
        found = self._num_pr(paragraph)
        if found is None or found[0] in (None, "0") or found[0] not in self.levels:
            return ""
        num_id, ilvl = found
        levels = self.levels[num_id]
        if ilvl not in levels:
            return ""
        counts = self.counts.setdefault(self.counter[num_id], {})
        counts[ilvl] = counts.get(ilvl, levels[ilvl][2] - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:   # a shallower level counted: the deeper ones start again
            del counts[deeper]
        fmt, text, _, legal = levels[ilvl]
        if fmt in ("bullet", "none") or not text:
            return ""

        def level_count(m: re.Match) -> str:   # isLgl: every level's count in decimal (第一章's 1.1, not 一.1)
            k = int(m.group(1)) - 1
            if k not in levels:
                return ""
            return formatted(counts.get(k, levels[k][2]), "decimal" if legal else levels[k][0])
        return re.sub(r"%([1-9])", level_count, text).strip()
