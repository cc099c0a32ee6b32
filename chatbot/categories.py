"""Columns of categories past a table's key columns, and the one cell of such a column a question writes.

Consumes: a question and the rows of one table or sheet (chunks of kind "table" or "record": tables.rows_of). Produces:
`written(question, rows)` → {column: the whole cell of it the question writes}, for each column of categories after the
key columns (rowkeys.key_columns): 舱位 (一等舱 / 二等舱 / 经济舱), 使用性质 (营运 / 非营运); and `holds(row, asked)`,
whether a row's cells in those columns are the ones written; `affirms(word, text)`, a word held without a negation
before it (营运 is not in 非营运), which rowterms uses to match key words, and `affirms_alone`, a word held without a
modifier before it (高级 is not in 中高级); `one_character`, the cells of a column of
one-character cells a question writes (女 of 性别 by 女性, 峰 of 时段 by 峰时段); `whole_words`, whether a question writes
a cell other than inside jieba's dictionary words (一级 is not in 同一|级别). rowterms.lacking reads both: a quoted row whose cell is
another category is another row, and when no row holds the written categories and the key words at once, the table
does not answer.
Why: 「L5航线一等舱淡季票价多少？」 quoted the L5 二等舱 row, 45 元 (breaker CK, session 49: L5 has no 一等舱); the rows are
named by route and cabin, but 舱位 is the fourth column, past the key columns, so no key word told them apart.
Shortcuts: a column of categories has a value on MIN_ROWS rows or more (rows without one, a 「—」 or a field a sheet
reader left out, hold none of its values), each at most CATEGORY_CHARS long, without digits (or each a term and nothing
else: 存期 2年, 7天, 3个月, read by ranges.py, written when the question states that value: 2年期 → 2年; not amounts
of money, which a question states of itself: 存5万块; not 半年, which ranges.py does not read as a term), no more values
than two thirds of its rows (some repeat), and does not answer yes or no (rowkeys.answers_yes_no: 是 / 否); a column is
a record's field name or a table's cell position; a value is written when the folded question holds it without a
negation before it (`affirms`: 营运 is not written in 「非营运的…」; two Han characters or more, not a word naming the
table itself: rowterms.table_topic), and a value inside another value written (营运 inside 非营运) is not; a column two
of whose values are written (一等舱和二等舱的区别) asks no one row. A yes/no question (columns.WHETHER: 「二等舱有空调吗」)
checks a category, it does not pick one, and is left alone. A negation is one character before the word (NEGATION),
not inside a compound (有无, 除非: NOT_NEGATED); question_ranges reads no traditional characters, so a traditional
question's term (2年期 in 「兩年期」) is not read.
"""
from __future__ import annotations

import re

from .cells import fields
from .columns import WHETHER
from .lexical import fold
from .ranges import question_ranges, text_ranges
from .rowkeys import CATEGORY_CHARS, MIN_ROWS, answers_yes_no, cells_of, key_columns, parts

NEGATION = "非不无未没"   # before a word, its opposite: 非营运, 不含税, 无障碍, 未成年, 没开始 (未开始)
NOT_NEGATED = ("有无", "除非", "莫非", "是非", "南非", "北非", "东非", "西非")   # 有无朝阳营业部: no 无 of 朝阳
_HAN = re.compile(r"[\u3400-\u9fff]")
JOINS = "及和与或至跟"   # a Han character joining two names (中级及高级): no modifier of the second
_TERM = re.compile(r"\d+(?:\.\d+)?\s*(?:个)?[\u3400-\u9fff]{1,2}")   # a number and its unit alone: 2年, 3个月, 7天
_SEX = ("性", "士", "孩", "孩子", "生", "子", "宝", "的", "方")   # 女性, 男士, 女孩子, 男生, 女宝宝, 女的: 男 / 女 cells
_LOCATIVE = set("中内外上下前后里")   # a one-character jieba token of place or time (过程|中), no cell named
_VALUE = re.compile(r"[\w\u3400-\u9fff]")   # a cell that says something (not 「—」, 「/」)


def row_cells(row) -> dict:
    """{column: folded cell} of a row: a record's field names (a sheet reader leaves an empty cell's field out), a
    table row's cell positions."""
    values = cells_of(row)
    if row.kind == "record":
        return dict(zip((fold(n) for n in fields(row.text, 0)[1]), values))
    return dict(enumerate(values))


def written(question: str, rows: list, topic: str = "") -> dict:
    """{column past the key columns: the one whole cell the question writes}, for its columns of categories (see the
    module docstring); `topic` the folded words naming the table (rowterms.table_topic), which name no row.
    Example: over records 「航线编号：L5；舱位：经济舱；…」, 「航线编号：L5；舱位：二等舱；…」, 「航线编号：L3；舱位：一等舱；…」 (and
    more of each cabin), 「L5航线一等舱淡季票价多少？」 → {"舱位": "一等舱"}."""
    q = fold(question)
    if len(rows) < MIN_ROWS or WHETHER.search(q):
        return {}
    cells = [row_cells(r) for r in rows]
    whole = max(cells, key=len)   # a row with every column (the leading key cells are never the empty ones)
    columns = list(whole)[key_columns(rows).stop:]
    out = {}
    points = [r for r in question_ranges(question) if r.point]
    for col in columns:
        values = [c[col] for c in cells if _VALUE.search(c.get(col, ""))]   # rows without one hold none of them
        if len(values) < MIN_ROWS or not all(len(p) <= CATEGORY_CHARS for v in values for p in parts(v)):
            continue
        kinds = {p for v in values for p in parts(v)}   # 「在职职工、退休人员」 names two
        if len(kinds) < 2 or len(kinds) * 3 > len(values) * 2 or answers_yes_no(values):
            continue
        if all(_HAN.search(v) and not re.search(r"\d", v) for v in kinds):
            found = {v for v in kinds if len(_HAN.findall(v)) >= 2 and affirms(v, q) and v not in topic} \
                | one_character(sorted(kinds), [], q, col if isinstance(col, str) else "")   # 性别: 女 of 「生女宝宝」
        else:   # a column of terms (存期: 3个月, 1年, 2年 …): the one equal to a value the question states (2年期 → 2年)
            terms = {v: _point(v) for v in kinds}
            if not all(terms.values()):
                continue
            found = {v for v, p in terms.items() if any(a.unit == p.unit and a.lo == p.lo for a in points)}
        found = {v for v in found if not any(v != w and v in w for w in found)}   # 营运 inside 非营运
        if len(found) == 1:
            out[col] = found.pop()
    return out


def affirms(word: str, text: str) -> bool:
    """Whether `text` holds `word` once without a negation right before it (营运 in 「使用性质：营运」, not in 「非营运」;
    NEGATION): a key cell 非营运 names the rows that are not 营运 ones (breaker CJ, session 49)."""
    at = text.find(word)
    while at >= 0:
        if at == 0 or text[at - 1] not in NEGATION or text[max(0, at - 2):at] in NOT_NEGATED:
            return True
        at = text.find(word, at + 1)
    return False


def affirms_alone(word: str, cell: str) -> bool:
    """Whether `cell` holds `word` once not right after a Han character other than a joining word (JOINS): 高级 in
    「高级」, 「高级（含面试）」, 「高级会员」 and 「中级及高级」, not in 「中高级」 nor 「非高级」. For a word that is another row's
    whole cell, a cell with a modifier before it names a sibling (「QGET高级的复核申请截止到哪天」 quoted the 中高级 row;
    breaker CV, session 52); one with a qualifier after it, a part (工作日白天 of 工作日: breaker BQ)."""
    return any(not m.start() or cell[m.start() - 1] in JOINS or not _HAN.match(cell[m.start() - 1])
               for m in re.finditer(re.escape(word), cell))


def one_character(column: list[str], tokens: list[str], question: str, name: str = "") -> set[str]:
    """The cells of a column of one-Han-character cells (性别: 男 / 女; 时段: 峰 / 平 / 谷) that the question writes: a jieba
    token of it (`tokens`) that is the cell, the cell before the column's folded `name` (峰 of 「慢充峰时段」, jieba's
    充峰|时段), or 男 / 女 before a word of sex (女性, 男士, 女孩) in the folded `question`. Why: 「51-60周岁女性升级版…
    年保费」 quoted the 男 row, 「…慢充峰时段的服务费」 the 平 row (breakers CP, CO, session 50): rowterms reads words of
    two characters or more. A column of other cells gives none, nor does a cell inside a word (平 of 平时; 女 of 子女的,
    男女的), nor a token of place or time (中 of 过程|中: _LOCATIVE)."""
    if not column or not all(len(v) == 1 and _HAN.match(v) for v in column):
        return set()
    return {v for v in set(column) if v in tokens and v not in _LOCATIVE or name and v + name in question
            or v in "男女" and any(m.start() == 0 or question[m.start() - 1] not in "子男女儿妇"
                                  for s in _SEX for m in re.finditer(v + s, question))}


def whole_words(value: str, question: str, tokenizer) -> bool:
    """Whether the folded `question` writes `value` at least once neither starting nor ending inside a word of jieba's
    dictionary that `tokenizer` cut (一级 is not written in 「同一|级别」; 慢充 is in 「站慢|充峰」, words jieba's HMM made
    up, and 大工业 in 「大|工业」)."""
    spans, at = [], 0
    for word in tokenizer.lcut(question):
        spans.append((at, at + len(word), tokenizer.FREQ.get(word, 0) > 0))
        at += len(word)
    inside = lambda i: any(s < i < e and known for s, e, known in spans)   # noqa: E731
    return any(not inside(m.start()) and not inside(m.end()) for m in re.finditer(re.escape(value), question))


def holds(row, asked: dict) -> bool:
    """Whether the row's cell in every column of `asked` (written) is, or lists (rowkeys.parts), the one written (True for
    none)."""
    if not asked:
        return True
    cells = row_cells(row)
    return all(value in parts(cells.get(col, "")) for col, value in asked.items())


def _point(cell: str):
    """The one value a cell states and nothing else (「2年」, 「7天」, 「3个月」), no amount of money or share; or None."""
    found = text_ranges(cell)
    return found[0] if len(found) == 1 and found[0].point and found[0].unit not in ("元", "%") and _TERM.fullmatch(cell) \
        else None   # an amount (起存金额：5万元) is what a question states of itself (存5万块), not a row's term
