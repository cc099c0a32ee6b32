"""Which cells of a table's rows name them: the key columns, a row's cells, a table of prose.

Consumes: table rows and sheet records (chunks of kind "table" or "record", chunks.py). Produces: `cells_of(chunk)` (its
folded cells or record values), `first_key(text)` and `row_keys(rows)` (the cell a row is named by, for tables.py),
`key_columns(rows)` (a slice: the cells that name a row), `key_cells(chunk, keys)`, `column_names(chunk)` (its folded
column or field names), `prose(rows)` (a column of prose: rows named by a title, not keys), for rowterms.py;
`YES_NO_CELL` (a cell answering yes or no: 可以, 不支持, 是, √), for tablelists.py too; `shown_section(chunk)`, the
section a citation or passage names: a CSV row's key values (「文三路店」) rather than 「全文」.
Why: a question names a row by its key cells (岗位 and 用品名称, 城市 and 网点名称, 项目名称 and 户型), not by its values.
Shortcuts: KEY_COLUMNS leading cells, after a first column of codes, and one more when the next is a category (short,
digit-free cells each on two rows or more, or grades and bands of one unit: 35千伏, 0–3公里, 10公里以上; a cell may name
two categories, 「在职职工、退休人员」: `parts`); one when the second answers yes or no (可以 / 不可以) or holds amounts
(团费的20%, 1280); the shapes are guessed per table, not learned.
"""
from __future__ import annotations

import re
from collections import Counter

from .cells import fields
from .lexical import fold
from .ranges import text_ranges
from .readers.model import record_key
from .sections import WHOLE
from .siblings import shared_ending

KEY_COLUMNS = 2   # the cells that name a row: 岗位 | 用品名称 | 发放周期 …, 城市 | 网点名称 | 地址 …
MIN_ROWS = 3      # a two-row table is read whole by the ranker; its rows share too little to be a series (rowterms.py)
PROSE_CHARS = 40  # a column whose cells average more holds prose (a terms or FAQ table), not values: left alone
CATEGORY_CHARS = 6   # a category's values are at most this long (户型: 一室一厅, 单间)
YES_NO_CELL = re.compile(r"(?:不?可以|不?能|不?支持|不?允许|不?需要?|是|否|有|无|[√×✓✗✔✘])(?![\u4e00-\u9fff]{3})")   # 可以支付, not 有线电视机
_NUMBER = re.compile(r"[¥￥$]?\d[\d,，]*(?:\.\d+)?")   # a bare amount: 1280, 1,280.00, ¥99
# a unit of grades every cell of a column ends in (千伏 of 电压等级: breaker CG, session 48); not a duration, count or price
# (bands of any unit but money, 0–3公里 or 1–3年, are grades too: _bands)
# (公里: 距离档 0–3公里 | 3–5公里, breaker CQ, session 50)
_UNIT = re.compile(r"(?:千伏安?|伏|千瓦|兆瓦|吨|米|毫米|厘米|平方米|㎡|公里|级|档|岁|周岁|层|号线|寸|英寸|匹|座|座位)$")
_CODE = re.compile(r"[a-z]{0,3}-?\d{1,4}")   # a code naming no row to a reader: 1, 12, c01, x-02 (folded)
# … and a sub-code of a code the column holds too (qt03-s beside qt03, jy01-d1 beside jy01: a store's staff or collection
# points; breakers DX and DZ, session 63, whose 名称 column was no key behind them), not a band (p1-p3) or a model (xr-500-s)
_SUB_CODE = re.compile(r"([a-z]{0,3}-?\d{1,4})-[a-z]{1,2}\d{0,3}")
_LISTED = re.compile(r"[、/／]")   # a cell naming several categories: 在职职工、退休人员 (breaker CN, session 50)


def parts(cell: str) -> list[str]:
    """The categories a cell names: 「在职职工、退休人员」 → [在职职工, 退休人员]; a plain cell → [cell]."""
    return [p for p in _LISTED.split(cell) if p] or [cell]


def cells_of(chunk, header: frozenset[str] | None = None) -> list[str]:
    """The folded cells of a table row (「| a | b | c |」) or values of a sheet record (「列：值；…」; `header`: its sheet's
    column names, `header_names`, so that a value's own 「淡季：…」 stays in it: cells.fields)."""
    if chunk.kind == "record":
        return [fold(v) for _, _, v in fields(chunk.text, 0, header)[0]]
    return [fold(c.strip()) for c in chunk.text.strip().strip("|").split("|")]


def header_names(rows: list) -> frozenset[str] | None:
    """The column names of a sheet's records `rows`: the field names two of them write (a name written in one note's
    value, 「说明：旺季：…；淡季：…」, is none; a 备注 column filled in two rows of six is one: the review); None for
    table rows."""
    if not rows or rows[0].kind != "record":
        return None
    counts = Counter(n for r in rows for n in set(fields(r.text, 0)[1]))
    return frozenset(n for n, k in counts.items() if k >= min(2, len(rows)))


def first_key(text: str, at: int = 0) -> str:
    """The key of a table row (its first cell) or a sheet record (its first field's value: 「型号：XR-500；…」), folded;
    its cell `at` instead (the one after a column numbering the rows: row_keys)."""
    if text.lstrip().startswith("|"):
        cells = text.strip().strip("|").split("|")
        return fold(cells[min(at, len(cells) - 1)].strip())
    parts = re.split(r"[；;]", text)
    return fold(re.split(r"[：:]", parts[min(at, len(parts) - 1)], maxsplit=1)[-1].strip())


def own_key(text: str) -> str:
    """The key of one row or record: `first_key`, or the cell after it when that is a number of at most 3 digits (序号)."""
    key = first_key(text)
    return first_key(text, 1) if key.isdigit() and len(key) <= 3 else key


def row_keys(rows: list) -> list[str]:
    """Each row's key: its first cell, or its second when the first column numbers the rows (序号 1, 2, 3…: a question's
    「1—10千伏」 named the row 序号 10 of another voltage; breaker CG, session 48)."""
    keys = [first_key(r.text) for r in rows]
    if len(keys) >= 2 and all(k.isdigit() and len(k) <= 3 for k in keys) and all(int(a) + 1 == int(b) for a, b in zip(keys, keys[1:])):
        return [first_key(r.text, 1) for r in rows]
    return keys


def key_cells(chunk, keys: slice = slice(0, KEY_COLUMNS)) -> list[str]:
    """The key cells (`keys`: key_columns) of `cells_of(chunk)`."""
    return cells_of(chunk)[keys]


def key_columns(rows: list) -> slice:
    """The key columns: KEY_COLUMNS after a first column of codes (序号, 编号: 1, C01), and one more when the next is a
    category, short cells without digits (or grades of one unit: 不满1千伏, 35千伏; breaker CG, session 48) each on two
    rows or more (区域 | 项目名称 | 户型: breaker AK, session 39: 「青湖佳苑三室一厅月租金多少？」 got the 一室一厅 row's 990;
    「洗牙多少钱」 a row naming 洗牙 under 备注, not 编号 | 类别)."""
    cells = [cells_of(r) for r in rows]
    firsts = {c[0] for c in cells if c}
    start = int(len(firsts) == len(cells) and all(c and (_CODE.fullmatch(c[0]) or (m := _SUB_CODE.fullmatch(c[0]))
                                                        and m.group(1) in firsts) for c in cells))
    if _answers(cells, start + 1):   # | 医疗器械 | 仅限目录内产品 | 不可以 | under 个人账户 / 统筹基金: 商品类别 alone names it
        return slice(start, start + 1)
    col = [c[start + KEY_COLUMNS] for c in cells if len(c) > start + KEY_COLUMNS]
    unit = shared_ending(col)   # 不满1千伏, 1—10千伏, 35千伏: grades of 千伏
    # … or bands of one unit: 0–3公里, 10公里以上 (breaker CR, session 50); read only when some cell has a digit
    graded = any(re.search(r"\d", v) for v in col) and bool(_UNIT.search(unit) or _bands(col))
    category = len(col) == len(rows) and all(0 < max(map(len, parts(v))) <= CATEGORY_CHARS
                                             and (not re.search(r"\d", v) or graded) for v in col) \
        and not _answers(cells, start + KEY_COLUMNS) and not _amounts(cells, start + KEY_COLUMNS)
    if category and len({p for v in col for p in parts(v)}) * 2 <= len(col):   # each category on two rows
        return slice(start, start + KEY_COLUMNS + 1)
    # | 出发前30天以上 | 收取定金的50% | …: a second column of amounts names no row (unless a category follows it: above)
    return slice(start, start + (1 if _amounts(cells, start + 1) else KEY_COLUMNS))


def _bands(col: list[str]) -> bool:
    """Whether every cell of a column is one band of a quantity in one unit, not an amount of money (ranges.text_ranges:
    「0–3公里」, 「10公里以上」, 「100㎡以上」; not 「26天」, a point, nor 「500元以上」)."""
    found = [text_ranges(v) for v in col]
    return bool(col) and all(len(r) == 1 and not r[0].point for r in found) \
        and len({r[0].unit for r in found}) == 1 and found[0][0].unit not in ("元", "%")


def _answers(cells: list[list[str]], col: int) -> bool:
    """Whether column `col` of the rows' `cells` answers yes or no (可以支付, 不可以, 是, 无, √) in half its cells or more: a
    column of answers, naming no row (breaker AM, session 40: 「医疗器械能用医保个人账户支付吗？」 was refused, 个人账户支付
    taken for an unlisted sibling of the key 可以支付)."""
    return answers_yes_no([c[col] for c in cells if len(c) > col])


def answers_yes_no(values: list[str]) -> bool:
    """Whether half or more of the non-empty `values` (one column's cells) answer yes or no (YES_NO_CELL)."""
    return _half([[v] for v in values], 0, YES_NO_CELL.match)


def _amounts(cells: list[list[str]], col: int) -> bool:
    """Whether column `col` of the rows' `cells` holds amounts in half its cells or more: a price or share (ranges.py reads
    元 or %: 「团费的20%」, 「收取定金的50%」) or a bare number (1,280). A column of values names no row (breaker AR,
    session 41: 「欧洲线路在出发前10天取消，收取多少费用？」 quoted the 出发前30天以上 row, the one row whose 东南亚 cell holds
    收取, over the 出发前14天至7天 row the question's 10天 falls in)."""
    return _half(cells, col, lambda v: _NUMBER.fullmatch(v) or any(r.unit in ("元", "%") for r in text_ranges(v)))


def _half(cells: list[list[str]], col: int, test) -> bool:
    """Whether `test` holds for half or more of column `col`'s non-empty cells (and there is one)."""
    values = [c[col] for c in cells if len(c) > col and c[col]]
    return bool(values) and 2 * sum(bool(test(v)) for v in values) >= len(values)


def prose(rows: list) -> bool:
    """Whether a column of `rows` holds prose (its cells PROSE_CHARS long on average: a CSV of terms 「条款编号，条款名称，
    条款内容」, an FAQ sheet), whose rows are passages named by a title, not by keys (breaker F's gym terms)."""
    header = header_names(rows)
    width = max(map(len, cells := [cells_of(r, header) for r in rows]))
    return any(sum(len(c[k]) for c in cells if len(c) > k) > PROSE_CHARS * len(cells) for k in range(width))


def column_names(chunk) -> list[str]:
    """The folded column names of a table row (its context's last header line) or a sheet record's field names."""
    if chunk.kind == "record":
        return [fold(n) for n in fields(chunk.text, 0)[1]]
    header = next((h for h in reversed(chunk.context.split("\n")) if h.lstrip().startswith("|")), "")
    return [fold(c.strip()) for c in header.strip().strip("|").split("|") if c.strip()]


def shown_section(chunk, at: int | None = None) -> str:
    """The section to show for `chunk` (for a citation: the row holding document offset `at`): its own, except for a
    CSV row in its file's whole-text section (「全文」, which names no place: breakers DR, DS, DT, session 61), the values
    of the fields that name its row (readers.model.record_key; a later chunk of a long row carries them in its context's
    last line): 「文三路店」, 「HZ02 杭州 东站店」; a passage of several rows keeps 「全文」. The chunk's context and the index
    are unchanged; a follow-up's check of what a quote holds reads the cited section too (followup.py), so a long row's
    later chunk holds its row's name there."""
    if chunk.kind != "record" or chunk.section != WHOLE or not chunk.source.lower().endswith(".csv"):
        return chunk.section   # a 键：值 record in a headingless .txt is no row: 「价格：1999元」 names nothing
    lines, offset = chunk.text.split("\n"), (at if at is not None else chunk.start) - chunk.start
    if at is None and len(lines) > 1:
        return chunk.section
    line = next((l for l in lines if (offset := offset - len(l) - 1) < 0), lines[-1])
    tail = chunk.context.rsplit("\n", 1)[-1] if "\n" in chunk.context else ""
    key = tail if "：" in tail and line is lines[0] and not chunk.text.startswith(tail) else record_key(line)
    return " ".join(v.strip() for _, _, v in fields(key, 0)[0] if v.strip()) or chunk.section
