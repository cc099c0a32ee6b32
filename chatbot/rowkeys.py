"""Which cells of a table's rows name them: the key columns, a row's cells, a table of prose.

Consumes: table rows and sheet records (chunks of kind "table" or "record", chunks.py). Produces: `cells_of(chunk)` (its
folded cells or record values), `key_columns(rows)` (a slice: the cells that name a row), `key_cells(chunk, keys)`,
`prose(rows)` (a column of prose: rows named by a title, not keys), for rowterms.py; `YES_NO_CELL` (a cell answering yes or
no: 可以, 不支持, 是, √), for tablelists.py too.
Why: a question names a row by its key cells (岗位 and 用品名称, 城市 and 网点名称, 项目名称 and 户型), not by its values.
Shortcuts: KEY_COLUMNS leading cells, after a first column of codes, and one more when the next is a category (short,
digit-free cells each on two rows or more); one when the second answers yes or no (可以 / 不可以) or holds amounts
(团费的20%, 1280); the shapes are guessed per table, not learned.
"""
from __future__ import annotations

import re

from .cells import fields
from .lexical import fold
from .ranges import text_ranges

KEY_COLUMNS = 2   # the cells that name a row: 岗位 | 用品名称 | 发放周期 …, 城市 | 网点名称 | 地址 …
PROSE_CHARS = 40  # a column whose cells average more holds prose (a terms or FAQ table), not values: left alone
CATEGORY_CHARS = 6   # a category's values are at most this long (户型: 一室一厅, 单间)
YES_NO_CELL = re.compile(r"(?:不?可以|不?能|不?支持|不?允许|不?需要?|是|否|有|无|[√×✓✗✔✘])(?![\u4e00-\u9fff]{3})")   # 可以支付, not 有线电视机
_NUMBER = re.compile(r"[¥￥$]?\d[\d,，]*(?:\.\d+)?")   # a bare amount: 1280, 1,280.00, ¥99
_CODE = re.compile(r"[a-z]{0,3}-?\d{1,4}")   # a code naming no row to a reader: 1, 12, c01, x-02 (folded)


def cells_of(chunk) -> list[str]:
    """The folded cells of a table row (「| a | b | c |」) or values of a sheet record (「列：值；…」)."""
    if chunk.kind == "record":
        return [fold(v) for _, _, v in fields(chunk.text, 0)[0]]
    return [fold(c.strip()) for c in chunk.text.strip().strip("|").split("|")]


def key_cells(chunk, keys: slice = slice(0, KEY_COLUMNS)) -> list[str]:
    """The key cells (`keys`: key_columns) of `cells_of(chunk)`."""
    return cells_of(chunk)[keys]


def key_columns(rows: list) -> slice:
    """The key columns: KEY_COLUMNS after a first column of codes (序号, 编号: 1, C01), and one more when the next is a
    category, short cells without digits each on two rows or more (区域 | 项目名称 | 户型: breaker AK, session 39:
    「青湖佳苑三室一厅月租金多少？」 got the 一室一厅 row's 990; 「洗牙多少钱」 a row naming 洗牙 under 备注, not 编号 | 类别)."""
    cells = [cells_of(r) for r in rows]
    start = int(len({c[0] for c in cells if c}) == len(cells) and all(c and _CODE.fullmatch(c[0]) for c in cells))
    if _answers(cells, start + 1):   # | 医疗器械 | 仅限目录内产品 | 不可以 | under 个人账户 / 统筹基金: 商品类别 alone names it
        return slice(start, start + 1)
    col = [c[start + KEY_COLUMNS] for c in cells if len(c) > start + KEY_COLUMNS]
    category = len(col) == len(rows) and all(0 < len(v) <= CATEGORY_CHARS and not re.search(r"\d", v) for v in col) \
        and not _answers(cells, start + KEY_COLUMNS)
    if category and len(set(col)) * 2 <= len(col):
        return slice(start, start + KEY_COLUMNS + 1)
    # | 出发前30天以上 | 收取定金的50% | …: a second column of amounts names no row (unless a category follows it: above)
    return slice(start, start + (1 if _amounts(cells, start + 1) else KEY_COLUMNS))


def _answers(cells: list[list[str]], col: int) -> bool:
    """Whether column `col` of the rows' `cells` answers yes or no (可以支付, 不可以, 是, 无, √) in half its cells or more: a
    column of answers, naming no row (breaker AM, session 40: 「医疗器械能用医保个人账户支付吗？」 was refused, 个人账户支付
    taken for an unlisted sibling of the key 可以支付)."""
    return _half(cells, col, YES_NO_CELL.match)


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
    width = max(map(len, cells := [cells_of(r) for r in rows]))
    return any(sum(len(c[k]) for c in cells if len(c) > k) > PROSE_CHARS * len(cells) for k in range(width))
