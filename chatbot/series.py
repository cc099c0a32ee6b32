"""Which one of a series: the calendar year, quarter, month or numbered week, the model or grade code (XR-300, P1,
V2.3), the lettered class (B类), the numbered line or building (6号线), the edition (第三期), the holiday (春节, 元旦), the
room or screen size (8人间, 27寸), the day (1月2日) or weekday (周六), the kind of leave (婚假), the meal (午餐), the season,
the shift (夜班), the relative (配偶) or the colour (红色) a question asks about, checked against the quote it would be from.

Consumes: a question and the text of a candidate quote (its file name, headings and the quote or run itself).
Produces: `named(text)` → {(unit, value)}: 「2024年第三季度」 → {("年", 2024), ("季度", 3)}; 「Q3」 → ("季度", 3);
「5月8日」 → ("月", 5); 「第17周」 → ("周", 17); 「XR-300」 → ("code:xr", "xr300") (a code's unit is its letters);
「B类」 → ("class:类", "b"), 「6号线」 → ("no:号线", 6), 「第三期」 → ("no:第期", 3), 「二级」 → ("no:级", 2) (the unit is its
classifier); 「春运」 → ("节日", "春节"); 「境外」 → ("side:境", "外"), 「下午」 → ("side:午", "下"), 「境内外」 both sides; 「1月2日」 → ("日", "1-2") (a range: each
day), 「周一至周五」 → ("星期", 1) … ("星期", 5); 「年休假」 → ("假别", "年假"), 「晚饭」 → ("餐别", "晚餐"), 「白色」 → ("颜色", "白").
`mismatch(question, passage)` → the question's values of each unit the passage names with other values only,
none of the asked ones: 「第二季度营业收入」 over a passage on 第三季度 → [("季度", 2)], 「XR-500的功率」 over one on
XR-200 and XR-300 → [("code:xr", "xr500")], a near-miss question. `prefer(question, runs)` → when the best
candidate run is on another member of a series, the runs whose quote names every asked one first, the ranker's
order kept otherwise.
Why: a question about another quarter, year or model shares every word but one numeral with the passage, so its
cosines and word overlaps look like an answerable paraphrase's (README "Quality", session 7); the answer step
abstains on a mismatch instead of quoting the wrong one.
Shortcuts: a year is a four-digit number from 1900 to 2099 before 年 or 版 (「（2024版）」 in a file name; 「3年」 is
a duration, ranges.py); a month is 1–12 before 月 and not after 个 or 每 (「3个月」, 「每月」 are no month); a week
counts only as 第N周 (「2周内」 is a duration); a quarter is 第N季(度), N季度, or Q1–Q4; a code is one to four Latin
letters glued (or by - or _) to a number, not inside a longer word or number, or three or more parts joined by - or _
with letters and digits among them (QS26-JS-03, XLT-RV-001: a register's keys, a series by their shape); a class is
one Latin letter before 类/级/档/区/型/栋/座/幢/岗/组/套餐 (not after a letter or digit: 5A级 is no class); numbered
members as numbered.py reads them (6号线, 第三期, 二级, 21—24幢: each of 21 to 24, 英语（二）); folded first (lexical.fold). A passage naming no value of a unit is no evidence either way.
"""
from __future__ import annotations

import re

from .groups import group_members, restated_days
from .lexical import fold
from .answertype import answer_type, has_type
from .chunks import spans
from .quotes import item_spans, line_bounds
from .numbered import members
from .numerals import number
from .runs import run_text
from .subitems import items_above

_ZH = r"(\d{1,2}|[一二两三四五六七八九十]{1,3})"
_PATTERNS = (
    ("年", re.compile(r"(?<![\d.])((?:19|20)\d\d)\s*(?:年(?!代)|版)")),
    ("季度", re.compile(r"第\s*([1-4一二三四])\s*季|(?<![\d一二三四五六七八九十每各])([1-4一二三四])\s*季度|"
                      r"(?<![A-Za-z0-9])[Qq]([1-4])(?![0-9])")),
    ("月", re.compile(r"(?<![\d个每第])" + _ZH + r"\s*月(?!份?以?[内来])")),
    ("周", re.compile(r"第\s*" + _ZH + r"\s*周")),
)
_RANGE = {"季度": (1, 4), "月": (1, 12), "周": (1, 53), "年": (1900, 2099)}
_CODE = re.compile(r"(?<![a-z0-9.\-])([a-z]{1,4})[-_]?(\d{1,4}(?:\.\d+)?)(?![0-9a-z%])")
# a member of a lettered class or a numbered line or building, the unit named by its classifier (session 22: 「B类供应商」
# over a passage on A类, 「6号线」 over one on 1号线, 「第三期培训」 over one on 第二期; on the tune halves 7 near misses of
# 228 answered, no answerable one of 1,330)
_CLASS = re.compile(r"(?<![a-z0-9])([a-z])\s*(类|级|档|区|型|栋|座|幢|岗|组|套餐)")
# a day: M月D日 or D号, or an ISO date (2026-08-26, 2026/8/26, 2026.8.26: also its year and month), not one that bounds
# a time (「1月5日前提交」, 「3月1日起施行」: a condition, ranges.py); a range (「1月1日至3日」, 「2月21日至23日」) names each day
# it spans (held-out session 30: 「1月2日上午的带班领导是谁」 over a roster on 1月1日; 「10月份西溪苑报修了哪些问题」 over
# records dated 2026-08-xx and 2026-09-xx)
_DATE = (r"(?:(?<![\d.])((?:19|20)\d\d)[-/.](\d{1,2})[-/.](\d{1,2})(?![\d.])|(?:" + _ZH + r"\s*月\s*)?"
         r"(?<![\d.])(\d{1,2}|[一二三四五六七八九十]{1,3})\s*[日号](?![\d]))")
_DAYS = re.compile(_DATE + r"(?:\s*(?:至|到|—|–|~|～|-)\s*" + _DATE + ")?" + r"(?!\s*(?:之?[前后]|以[前后]|起|开始|截止|为止|止))")
_WEEKDAY = re.compile(r"(?:周|星期|礼拜)([一二三四五六日天1-7])(?:\s*(?:至|到|—|–|~|～|-)\s*(?:周|星期|礼拜)?([一二三四五六日天1-7]))?"
                      r"|(周末|双休日)")   # 「周一至周五」 names each day; 周末 names 六 and 日
_MAX_SPAN = 62   # days a range may span to be read as one (a longer one is a season, not a list of days)
# the days a place or service is closed (a schedule stated by its exceptions answers a question on any day)
_CLOSED = re.compile(r"不(?:营业|受理|开放|办理|接待|上班|办公|开门|发车|运营)|停运|停止(?:营业|受理|办理|服务)|休息(?![日室区时])|暂停|关闭|闭馆|除外")
_LONG_CODE = re.compile(r"(?<![a-z0-9.\-_])[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?![a-z0-9\-_])")   # three parts or more


def named(text: str) -> set[tuple[str, int | str]]:
    """The (unit, value) periods and codes a text names.

    Example: named("2024年第三季度，XR-300于5月8日前") == {("年", 2024), ("季度", 3), ("月", 5), ("code:xr", "xr300")}
    """
    text = fold(text).lower()
    found: set = set()
    for m in _LONG_CODE.finditer(text):   # QS26-JS-03: the series is its shape (qs#-js-#), the member the whole code
        if re.search(r"[a-z]", m.group(0)) and re.search(r"\d", m.group(0)):
            found.add((f"code:{re.sub(r'[0-9]+', '#', m.group(0))}", m.group(0)))
            text = text[:m.start()] + " " * len(m.group(0)) + text[m.end():]
    found |= {(f"code:{m.group(1)}", m.group(1) + m.group(2)) for m in _CODE.finditer(text) if m.group(1) != "q"}
    found |= {(f"class:{m.group(2)}", m.group(1)) for m in _CLASS.finditer(text)}
    found |= group_members(text)
    found |= _days(text)
    for m in _WEEKDAY.finditer(text):
        a, b = ("六", "日") if m.group(3) else (m.group(1), m.group(2) or m.group(1))
        a, b = ("一二三四五六日".index(w) if w in "一二三四五六日" else 6 if w == "天" else int(w) - 1 for w in (a, b))
        found |= {("星期", d + 1) for d in range(a, b + 1)}
    days = {v for u, v in found if u == "星期"}   # a weekday is a kind of day: 周六 a 休息日, 周一至周五 工作日 (session 31's breaker:
    found |= {("日别", "休息日")} if days & {6, 7} else set()   # 「周末食堂开吗」 over 「周六、周日及法定节假日不营业」)
    found |= {("日别", "工作日")} if days - {6, 7} else set()
    found |= members(text)
    for unit, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            word = next(g for g in m.groups() if g)
            value = number(word)
            lo, hi = _RANGE[unit]
            if value is not None and value == int(value) and lo <= value <= hi:
                found.add((unit, int(value)))
    return found


def _days(text: str) -> set[tuple[str, int | str]]:
    """("日", "M-D") of each day `text` names (a range: each day it spans), with ("年", Y) and ("月", M) of an ISO date; a
    day without its month (「15日」 alone, 「每月15日」) is none."""
    found: set = set()
    for m in _DAYS.finditer(text):
        ends = []
        for g in (m.groups()[:5], m.groups()[5:]):   # (year, month, day) of an ISO date, or (month, day)
            year, month, day = (g[0], g[1], g[2]) if g[0] else (None, g[3], g[4])
            month, day = number(month) if month else ends[0][0] if ends else None, number(day) if day else None
            if year:
                found |= {("年", int(year)), ("月", int(month))} if 1 <= month <= 12 else set()
            if month and day and 1 <= month <= 12 and 1 <= day <= 31:
                ends.append((int(month), int(day)))
        if len(ends) == 2 and 0 < (span := (ends[1][0] - ends[0][0]) * 31 + ends[1][1] - ends[0][1]) <= _MAX_SPAN:
            ends = [(ends[0][0] + (ends[0][1] + k - 1) // 31, (ends[0][1] + k - 1) % 31 + 1) for k in range(span + 1)]
        found |= {("日", f"{mo}-{d}") for mo, d in ends}
    return found


def mismatch(question: str, passage: str) -> list[tuple[str, int | str]]:
    """The question's periods of each unit of which the passage names other values only (none of the asked ones:
    「1944年到2009年…」 is not contradicted by a quote on 1944 alone)."""
    asked = named(question)
    if not asked:
        return []
    names = named(passage)
    off = {u for u, _ in asked} & {u for u, _ in names}    # units both name ...
    off -= {"星期", "日别"} if _CLOSED.search(fold(passage)) else set()   # 「周六、周日不营业」 says when it is open too
    off -= {u for u, v in asked if (u, v) in names}         # ... less those where an asked value is named
    return sorted(p for p in asked if p[0] in off)


_FRAMES = ("年", "季度", "月")   # frame a report: 「华南区Q3收入降了多少」 asks item 2 of minutes on 第三季度, not item 1


def member_part(question: str, quote: str, start: int, parts: list[tuple[int, int]]) -> tuple[int, int] | None:
    """Of `parts` (document offsets into `quote`, which starts at `start`: the clauses of a table cell, the items of a
    list), the one that names the member of a series or group the question asks about (2号线, 本科, 下午, 周三; not a
    year, quarter or month: _FRAMES), when another part names another member of that unit; else None.
    Example: over 「1. 一号线：7:40发车\n2. 二号线：7:50发车\n3. 三号线：7:30发车」, 「三号线几点发车」 gets the third line."""
    asked = {m for m in named(question) if m[0] not in _FRAMES}
    if not asked or len(parts) < 2:
        return None
    names = [named(quote[a - start:b - start]) for a, b in parts]
    on = [i for i, n in enumerate(names) if asked & n]
    units = {u for u, _ in asked}
    return parts[on[0]] if len(on) == 1 and any(i != on[0] and units & {u for u, _ in n} for i, n in enumerate(names)) else None


def member_item(question: str, hit, start: int, end: int, focus: tuple[int, int]) -> tuple[int, int]:
    """A bold focus (document offsets) over several items of the list quoted as [start, end) of `hit`, narrowed to the
    item on the asked member (`member_part`): 「三号线几点发车」 over the 一号线/二号线/三号线 list bolds item 3 (session 31's
    breaker: the whole list was bold). A focus on another member of the asked unit, naming none of the asked ones,
    moves to the one item of the quote (or, in a quote of no list, the one clause) that names it: 「4号窗口是办啥的」 over
    「A座2层：1—6号窗口…」 and 「A座3层：7—14号窗口…」 bolded the second, 「下半年的要在什么时候之前交」 over 「上半年的缴存应于
    1月31日前完成，下半年的缴存应于7月31日前完成」 the first clause (breaker CF, session 47). Any other focus is kept."""
    quote = hit.chunk.text[start - hit.chunk.start:end - hit.chunk.start]
    every = [(a + start, b + start) for a, b in item_spans(quote)]
    narrowed = member_part(question, quote, start, [(a, b) for a, b in every if a < focus[1] and b > focus[0]])
    asked = {m for m in named(question) if m[0] not in _FRAMES}
    shown = named(quote[focus[0] - start:focus[1] - start])
    if narrowed or not asked or asked & shown or not {u for u, _ in asked} & {u for u, _ in shown}:
        return narrowed or focus
    parts = every if len(every) >= 2 else [(a + start, b + start) for a, b in spans(quote, _CLAUSE)]
    moved = member_part(question, quote, start, parts)
    kind = answer_type(question)   # not away from the value asked: 「一级投诉拖多久没解决会被升级？」 keeps 「超过48小时仍未解决的，
    if moved and kind and has_type(kind, quote[focus[0] - start:focus[1] - start]):   # 自动升级为二级投诉」 (its 二级 is
        moved = moved if has_type(kind, quote[moved[0] - start:moved[1] - start]) else None   # the answer)
    return moved or focus


_CLAUSE = re.compile(r"[^，,；;。！？!?\n]*(?:[，,；;。！？!?]+|\n|$)")   # a clause: to ，；。 (not to 、 or ：)


def passage_text(hit, start: int, end: int) -> str:
    """Where the period or code of a quote [start, end) is named: its file name, its headings, the list items its first
    line sits under (「- 烟感报警器」 over 「  - 设备费：120元」: breaker DC, session 55) and the quote itself (not the rest of
    the chunk: minutes on 第三季度 that plan 第四季度 in another line answer neither by the other); in a table or record
    passage, the whole row the quote lies in."""
    c = hit.chunk
    if c.kind in ("record", "table"):   # a sheet row or table row is one record: its key (QS26-JS-03) names the run's
        a, b = line_bounds(c.text, start - c.start, end - c.start)   # value (负责人：吴春华) too (session 20)
        return " ".join((c.doc, c.context, c.section, restated_days(c.text[a:b]) if c.kind == "record" else c.text[a:b]))
    return " ".join((c.doc, c.context, c.section, items_above(c.text, start - c.start), run_text(hit, start, end)))


def prefer(question: str, runs: list) -> list:
    """`runs` ([(score, hit, start, end)], best first) when the best run's quote is on another period than the question
    asks about, reordered with the runs whose quote names every asked period first (the ranker's order kept inside
    each group); else, and when nothing moves, the same list object. Only a conflict reorders: a run that merely
    mentions the year (「本制度自2024年1月1日起施行」) never displaces a better one that names none; and a run on another
    period is not demoted below unrelated ones: if no run names the asked period, the answer step abstains on it."""
    # a side of a contrast is refused on, never looked for: 国际 is named in passing (国际医疗部) by unrelated passages
    if not runs or all(u.startswith("side:") for u, _ in mismatch(question, passage_text(*runs[0][1:4]))):
        return runs
    asked = {p for p in named(question) if not p[0].startswith("side:")}
    graded = sorted(runs, key=lambda run: not asked <= named(passage_text(*run[1:4])))   # stable
    return runs if graded == runs else graded


def row_key(hit, start: int) -> str:
    """The first cell of the table row a quote starting at `start` lies in (「| 成都 | 400 | 650 |」 → 成都), folded;
    "" outside a table."""
    c = hit.chunk
    if c.kind != "table":
        return ""
    a, b = line_bounds(c.text, start - c.start, start - c.start)
    cells = [x.strip() for x in c.text[a:b].strip().strip("|").split("|")]
    return fold(cells[0]) if cells and cells[0] else ""


UNIT = re.compile(r"(?:科|部|处|室|中心)$")   # an organisational unit by its last character: 产科, 门诊部, 医技科室


def is_key(key: str, tagger) -> bool:
    """Whether a table row's first cell `key` (folded; one of its names_of) is one a question names the row by: a place
    or an organisation as jieba's dictionary tags it (成都, ns) or as its ending says (产科, 门诊部: UNIT; jieba tags
    them common nouns), or a code (XR-200, 3号线), not a common noun (麦克风, which a question names in passing), two
    characters or more."""
    return len(key) >= 2 and (bool(re.search(r"[0-9A-Za-z]", key)) or bool(UNIT.search(key)) or any(
        flag[:2] in ("ns", "nt") for _, flag in tagger.lcut(key)))


def names_of(key: str) -> list[str]:
    """The names a row's key cell gives (folded): each of a list 「急诊科、ICU」, and the head and the items of a
    bracketed list 「医技科室（检验、影像、药剂）」; two characters or more. Why: a question names one of them
    (「产科医生值24小时班」 over the row 「产科、儿科」; session 29's breaker). tables.py reads keys so; prefer_row below
    reads the whole key (a name of a list, 普通员工 of 「普通员工(P1–P5)」, moved a hotel table's row before a train rule:
    tables.table_row checks that the table is about the question first)."""
    inner = " ".join(re.findall(r"[（(]([^）)]*)[）)]", key))
    head = re.sub(r"[（(][^）)]*[）)]", " ", key)
    return [n.strip() for n in re.split(r"[、,，/／;；]|\s+", f"{head} {inner}") if len(n.strip()) >= 2]


def prefer_row(question: str, runs: list, lexicon) -> list:
    """`runs` with the rows of a table whose key the question names first, when the best run does not name it
    (「成都出差的伙食补助」: 「第六条 以下费用可以报销：…」 was quoted before the row 「成都 | 400 | 650 | 60」, whose
    header says 伙食补助; session 27). A key is a row's first cell that is a place or an organisation as jieba's
    dictionary tags it (成都, ns) or a code (XR-200, 3号线), not a common noun (麦克风, 冷藏库: a question names those in
    passing; jieba's dictionary tags both nr, person names, which are left out for it); the ranker's order is kept otherwise, and the same list object comes back when nothing moves."""
    q = fold(question)
    keyed = [r for r in runs if (key := row_key(r[1], r[2])) in q and is_key(key, lexicon.tagger())]
    first = fold(passage_text(*runs[0][1:4])) if keyed else ""
    if not keyed or keyed[0] is runs[0] or any(row_key(r[1], r[2]) in first for r in keyed):
        return runs
    return keyed + [r for r in runs if all(r is not k for k in keyed)]
