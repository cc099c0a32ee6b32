"""Which rows of a table can answer a question that names its rows by the words of their key cells.

Consumes: a question, a quoted table row or sheet record (a chunk of kind "table" or "record", chunks.py) and the
retriever (its chunks, for the other rows of that table: tables.rows_of; its lexicon's jieba tokenizer).
Produces: `key_terms(question, rows, tokenizer)` → {column: the question's words that some rows' cells in that key
column hold and others lack (a short form read as the one key cell it shortens: `shortens`, 经管院 → 经济管理学院; or as the one phrase it
shortens by its words' first characters: 自考办 → 自学考试办公室, shortforms.phrases)};
`unlisted(question, rows, tagger)` → a sibling of the rows the question names and no row lists (燃气热水器 beside
电热水器), or ""; `lacking(question, chunk, retriever)` → (whether the row holds fewer of the key words in a key
column's cell than another row does, or the question names an unlisted sibling; the rows holding the most in every key
column), `prefer_rows(question, runs, retriever)`: the ranker's runs with such a row first when the best run is a row
that lacks some (a run on the whole row when the ranker has none on it and it is the only such row), `table_topic(rows)`:
the words naming a table (a list asked of it: tablelists.py).
Why: a row of a table shares every word but one with a question about its sibling row, so its cosines and word overlaps
look like an answerable question's. 「涂装工的安全鞋多久发一次」 was answered with the 装配工 row's 安全鞋, 「质检员的手套怎么
发放」 with the 质检员 row's 防护眼镜 (session 34's breaker I; the table lists neither: a near miss), and 「焊接皮手套多久
发一次」 quoted the 焊接工 row's 阻燃工作服 with the 焊接皮手套 row one place below. The key columns (岗位 and 用品名称,
城市 and 网点名称, 车型 and 险种) name a row: a quoted row that holds fewer of the question's words in one of them than
another row is another row; when no row holds the most in every key column at once (涂装工 in one, 安全鞋 in another),
the table does not answer.
Shortcuts: the key columns are a row's first KEY_COLUMNS cells (a record's first fields; rowkeys.key_columns: after a code,
and a category too); a word is jieba's (precise mode, folded), of two or more Han characters (a letter or number glued
after it belongs to it: 冷冻库B, no 冷冻库A), found inside a cell (焊接工 in 「焊接工（含气保焊）」; a word that is a whole cell of one
key column counts there only, not inside 常白班 of the other, nor after a modifier in its own: 高级 is not in 中高级, `scored`),
not one every row's cell holds (the table's topic) nor one the header or file name holds (a column's name). Words of one
column no cell holds together are alternatives (「正式员工…劳务派遣的呢」: a row holding either holds the most, one); words a cell
holds together count together (北京朝阳营业部: the 北京海淀 row holds one of three); the quoted row may hold a word in any
cell (a whole cell's word only in its own key cell when that names a sibling: not 中保养's 小保养+空调滤芯; not after a
modifier there). Tables of fewer than MIN_ROWS rows, and tables with a column of prose (PROSE_CHARS: a CSV of terms
named by titles), are left alone. Words are matched as written: 营业部 is no 理赔服务中心, 家用车 no 家庭自用汽车.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .categories import affirms, affirms_alone, holds, one_character, whole_words, written
from .cells import fields
from .lexical import STOPWORDS, fold
from .signals import is_latin
from .rowkeys import KEY_COLUMNS, MIN_ROWS, cells_of, column_names, key_cells, key_columns, parts, prose
from .runs import run_text
from .shortforms import phrases
from .siblings import _BRACKETED, _HAN2, question_words, shared_ending, unlisted_name   # _HAN2: a word of two Han characters or more (冷冻库b)
from .tables import CATCH_ALL, rows_of

ROW_MARGIN = 3.0  # run-score points a row named by its key and a column may trail prose or another table's row by (prefer_named_row;
                  # 小班 trailed the 退园 rule by 1.8 (breaker AB): 2.0 until session 46, whose probe moved 3.0 9 up, none down)
_TAG = re.compile(r"[a-z0-9]{1,3}")   # a letter or number that names one of a series: 冷冻库B, 3号库
_MEASURE = re.compile(r"[个月年天日周次元块人岁张件台小分秒公米千万%\-–—~～至到]")   # after a number: a quantity (12个月),
# a range (夜宵 + 0 of 「夜宵0–3公里」: breaker CQ, session 50), not a name (3号库)
_LATIN_NAME = re.compile(r"(?=[a-z0-9]*[a-z])[a-z0-9]{2,6}$")   # imax, vip, 4dx, 2d: a hall's or a tier's name
_HAN = re.compile(r"[\u3400-\u9fff]")


def table_topic(rows: list) -> str:
    """The words that name a table, not a row: its file name, its heading and header (context), a record's field names
    (folded)."""
    head = rows[0]
    return fold(" ".join([head.doc, head.context] + (list(fields(head.text, 0)[1]) if head.kind == "record" else [])))


def key_terms(question: str, rows: list, tokenizer) -> dict[int, set[str]]:
    """{key column: the question's words inside some of its cells and not all}, for the table `rows` (see the module
    docstring). Example: over rows (焊接工, 阻燃工作服), (焊接工, 焊接皮手套), (装配工, 安全鞋), 「涂装工的安全鞋多久发」
    → {1: {"安全鞋"}} (涂装工 is in no cell)."""
    names = table_topic(rows)
    tokens = tokenizer.lcut(fold(question))
    # a word with the letter or number glued after it is one name: 冷冻库 + b is 冷冻库b, no 冷冻库a (breaker M)
    # … not a number a measure follows (两居室 + 12 of 「两居室12个月月租」: 12个月 is the lease; breaker BX, session 44)
    tokens = [t + n if _TAG.fullmatch(n) and not (n.isdigit() and _MEASURE.match(m)) else t
              for t, n, m in zip(tokens, tokens[1:] + [""], tokens[2:] + ["", ""])]
    # a Chinese question's Latin name glued to a Han word counts (IMAX of IMAX厅: breaker AC, session 38; not xr of XR-300)
    glued = set() if is_latin(question) else {t for t, n in zip(tokens, tokens[1:]) if _LATIN_NAME.match(t) and _HAN.match(n)}
    words = {w for w in tokens if (_HAN2.match(w) or w in glued) and w not in STOPWORDS and w not in names}
    keys = key_columns(rows)
    cells = [key_cells(r, keys) for r in rows]
    columns = [[c[col] for c in cells if len(c) > col] for col in range(keys.stop - keys.start)]
    # a whole key cell the question writes, which jieba cut apart (大|工业 of the cell 大工业: breaker CG, session 48); of
    # a column it writes two cells of, none (「两班倒…那三班倒的夜班呢」: a follow-up joined to the question it continues)
    q = fold(question)
    stated = [{v for v in column if len(_HAN.findall(v)) >= 2 and v in q and v not in names and whole_words(v, q, tokenizer)}
              for column in columns]   # … not inside jieba's dictionary words (一级 of 同一|级别: breaker CN, session 50)
    stated = [{v for v in cells if affirms(v, q) and not any(v != w and v in w for w in cells)} for cells in stated]   # 营运 of 非营运
    words = {w for w in words if affirms(w, q)}   # 「非营运的…」: jieba's 营运 is not asked
    heads = column_names(max(rows, key=lambda r: len(cells_of(r))))[keys]   # 峰 of 时段 by 峰时段, 女 of 性别 by 女性
    words |= {v for column, head in zip(columns, heads + [""] * len(columns)) for v in one_character(column, tokens, q, head)}
    words |= {v for cells in stated if len(cells) == 1 for v in cells if not any(v in w for w in words)}
    out: dict[int, set[str]] = {}
    for w in words:
        if not any(w in v for column in columns for v in column):   # 经管院: the one key cell it shortens; 自考办: the
            short = {v for column in columns for v in column if shortens(w, v)}   # one phrase (自学考试办公室) it shortens
            if len(short) != 1 and len(w) >= 3:
                short = {p for column in columns for v in column for p in phrases(w, v, tokenizer)}
            w = next(iter(short)) if len(short) == 1 else w
        held = [col for col, column in enumerate(columns) if 0 < sum(affirms(w, v) for v in column) < len(column)]
        whole = [col for col in held if w in columns[col]]   # 白班 a whole cell of 班次, only inside 常白班 of 班制
        held = [col for col in held if col < KEY_COLUMNS or col in whole]   # a category by a whole cell (单间; not 现金
        # inside 「现金或预授权」: breaker L's 「…押金可以收现金吗」 asks that column of the 亲子家庭房 row)
        for col in whole or held:
            out.setdefault(col, set()).add(w)
    return out


def shortens(word: str, cell: str) -> bool:
    """Whether `word` is a short form of `cell`: its characters in the cell's order, the first and last the cell's own,
    at least three of them and fewer than the cell's (经管院 of 经济管理学院, 计科院 of 计算机科学与技术学院; breaker O,
    session 35: 「经管院的教学秘书」 was answered with the 医学院 row)."""
    if not 3 <= len(word) < len(cell) or word[0] != cell[0] or word[-1] != cell[-1]:
        return False
    at = 0
    for ch in word:
        at = cell.find(ch, at) + 1
        if not at:
            return False
    return True


def unlisted(question: str, rows: list, tagger) -> str:
    """A sibling of the table's rows that the question names and no row lists, or "" (siblings.unlisted_name over the
    rows' key cells, texts and topic); "" for a table with a catch-all row (其他…: tables.table_row answers from it)."""
    span = key_columns(rows)
    keys = {p for r in rows for c in key_cells(r, span) if c for p in parts(c)}   # 江景套房、复式套房: two
    if any(CATCH_ALL.match(k) for k in keys):
        return ""
    texts, topic = [fold(r.text) for r in rows], table_topic(rows)
    found = unlisted_name(question, keys, texts, topic, tagger)
    for col in range(span.stop - span.start if not found else 0):   # a key column whose cells all end alike (托班, 小班: 班)
        cells = {_BRACKETED.sub("", c[col]) for c in (key_cells(r, span) for r in rows) if len(c) > col and c[col]}
        end = shared_ending(cells)   # names a sibling by that one character (学前班,
        if len(cells) >= MIN_ROWS and len(end) == 1 and all(_HAN2.match(c) for c in cells):   # 钛金卡: breakers AB, AD)
            w = unlisted_name(question, cells, texts, topic, tagger, head=1)
            # … only a whole jieba word that does not start with that character (敬老卡补卡 cut 敬老|卡补卡: no sibling),
            cut = [(p.word, p.flag[:2]) for p in tagger.cut(w)]   # or a name and it (金沙|站: breaker CO, session 50)
            found = found or (w if w[:1] != end and (len(cut) == 1 or [c[0] for c in cut[1:]] == [end]
                                                     and cut[0][1] in ("nr", "ns", "nt", "nz")) else "")
    return found


def scored(rows: list, terms: dict[int, set[str]], keys: slice) -> tuple[dict, dict, list]:
    """(`terms` less a word inside another of its column that is some row's whole cell (白班 of 常白班, which jieba cuts
    常|白班: the question asks the 常白班 row), {column: its words that are some row's whole cell}, per row how many of each
    asked column's words its own cell there holds (columns in order; a whole cell's word not after a modifier:
    categories.affirms_alone, 高级 is not in 中高级))."""
    cells = [key_cells(r, keys) + [""] * (KEY_COLUMNS + 1) for r in rows]
    whole = {col: {w for w in ws if any(c[col] == w for c in cells)} for col, ws in terms.items()}
    terms = {col: {w for w in ws if not any(w != v and w in v for v in whole[col])} for col, ws in terms.items()}
    whole = {col: ws & terms[col] for col, ws in whole.items()}
    return terms, whole, [tuple(sum((affirms_alone if w in whole[col] else affirms)(w, c[col]) for w in terms[col])
                                for col in sorted(terms)) for c in cells]


def lacking(question: str, chunk, retriever) -> tuple[bool, list]:
    """(whether the row or record `chunk` holds fewer of the question's words of some key column, anywhere in its text
    (a whole cell's word only in an own key cell naming its sibling, not after a modifier: `scored`), than another row's cell in that column
    does, or another cell than the one the question writes of a column of categories (categories.written: 二等舱 for
    一等舱), the rows holding the most in every key column and the written categories: [] when no row does) — (False,
    []) for a passage that is no row, a table under MIN_ROWS rows or of prose, or a question naming no key word nor category."""
    rows = rows_of(retriever.chunks, chunk.id)   # [] for a passage that is no row
    keyed = len(rows) >= MIN_ROWS and not prose(rows)
    if keyed and unlisted(question, rows, retriever.lexicon.tagger()):
        return True, []
    terms = key_terms(question, rows, retriever.lexicon.tokenizer()) if keyed else {}
    asked = written(question, rows, table_topic(rows)) if keyed else {}   # 一等舱 of 舱位, past the key columns
    if not terms and not asked:
        return False, []
    terms, whole, scores = scored(rows, terms, keys := key_columns(rows))
    best = tuple(max(column) for column in zip(*scores))
    # a word in any cell (「…可冻结1次」), a whole cell's only in an own key cell naming a sibling (中保养) unless 哪/谁 asks
    text, cells = fold(chunk.text), key_cells(chunk, keys) + [""] * (KEY_COLUMNS + 1)
    own = set() if re.search("哪|谁", question) else {col for col in terms if shared_ending([cells[col], *whole[col]])}
    held = [sum(affirms_alone(w, cells[col]) if w in whole[col] and (col in own or affirms(w, cells[col]))
                else affirms(w, text) for w in terms[col]) for col in sorted(terms)]
    if holds(chunk, asked) and all(h >= most for h, most in zip(held, best)):
        return False, []
    return True, [r for r, s in zip(rows, scores) if s == best and holds(r, asked)]


def prefer_rows(question: str, runs: list, retriever) -> list:
    """`runs` ((score, hit, start, end), best first) with the best run on a row of the same table that holds the
    question's key words moved first, when the best run is on a row that lacks them (`lacking`); when no run is on one
    and one row alone holds them, a run on that whole row (the best run's hit and score, as tables.table_row does:
    「北京朝阳营业部周末开门吗」 over the 北京朝阳理赔服务中心 row, breaker J); else `runs` itself."""
    if not runs:
        return runs
    lacks, rows = lacking(question, runs[0][1].chunk, retriever)
    better = next((r for r in runs if r[1].chunk.id in {x.id for x in rows}), None)   # rows of the best run's own table
    if lacks and better is None and len(rows) == 1:
        better = (runs[0][0], replace(runs[0][1], chunk=rows[0]), rows[0].start, rows[0].end)
    return runs if not lacks or better is None else [better] + [r for r in runs if r is not better]


def prefer_named_row(question: str, runs: list, retriever) -> list:
    """`runs` with the first run on a table row moved first, when the best run is on running text that holds none of
    the question's words the row's key cells hold (and not every row's), the question names one of the row's columns
    with another word, no other row holds more of its key words (`lacking`), and the row's run scores within
    ROW_MARGIN of the best; else `runs`. Why: 「小班的保育教育费每月多少？」 quoted the 退园 rule 「…退还剩余月份保育教育费的
    80%」 over the row 「小班 | 3—4岁 | 5800 | …」 under 保育教育费（元/月） (breaker AB, session 38): the ranker reads a row
    without its header, so the prose sharing the column's word outscored it; prose with the key word needs every column
    word or one the row lacks (请假 of 「小班请假的保育教育费退多少？」 over 「…退还当月保教费的50%」; not 「银卡、金卡会员购买
    隐形眼镜一律95折」 for 「金卡会员配框架眼镜打几折？」: breaker DX, session 63, and its review). series.prefer_row
    does this without a margin or a column for a key that is a place, an organisation or a code; this one takes any key."""
    if runs and runs[0][1].chunk.kind in ("table", "record"):
        return _named_table(question, runs, retriever)
    row = next((r for r in runs if r[1].chunk.kind in ("table", "record")), None)
    if row is None or row[0] < runs[0][0] - ROW_MARGIN:
        return runs
    if len(rows := rows_of(retriever.chunks, row[1].chunk.id)) < MIN_ROWS or prose(rows):
        return runs
    words, span = question_words(question, retriever.lexicon), key_columns(rows)   # key columns as `lacking` reads them
    keys, others = key_cells(row[1].chunk, span), [key_cells(r, span) for r in rows]
    named = {w for w in words if any(w in k for k in keys) and not all(any(w in k for k in o) for o in others)}
    asked = {w for w in words - named if any(w in c for c in column_names(row[1].chunk))}
    best, mine = run_text(*runs[0][1:]), fold(row[1].chunk.text) + " ".join(column_names(row[1].chunk))
    held = any(w in best for w in named) and (all(w in best for w in asked) or any(w in best and w not in mine for w in words))
    if named and asked and not held and not lacking(question, row[1].chunk, retriever)[0]:
        return [row] + [r for r in runs if r is not row]
    return runs


def _named_table(question: str, runs: list, retriever) -> list:
    """`runs`, whose best run is on a row or record, with the first run on a row of another table moved first when the
    question names none of the best row's column names and some of that row's, and words of its key cells, and the row
    holds no fewer key words than its siblings (`lacking`) and scores within ROW_MARGIN of the best. Why: 「南港区海棠湾公寓
    小两居的押金是多少？」 quoted the service window 「窗口名称：南港区海棠湾公寓物业服务中心；…」, a CSV record naming the
    project, over the rent record 「区域：南港区；项目名称：海棠湾公寓；户型：小两居；…；押金（元）：1822」 under 押金, 0.5
    points down (breaker CB, session 46)."""
    words = question_words(question, retriever.lexicon)
    if any(w in c for w in words for c in column_names(runs[0][1].chunk)):
        return runs
    home = {c.id for c in rows_of(retriever.chunks, runs[0][1].chunk.id)}
    for run in runs[1:]:
        if run[0] < runs[0][0] - ROW_MARGIN:
            break
        rows = rows_of(retriever.chunks, run[1].chunk.id)
        if run[1].chunk.id in home or len(rows) < MIN_ROWS or prose(rows):
            continue
        keys = key_cells(run[1].chunk, key_columns(rows))
        named = {w for w in words if any(w in k for k in keys)}
        asked = {w for w in words - named if any(w in c for c in column_names(run[1].chunk))}
        if named and asked and not lacking(question, run[1].chunk, retriever)[0]:
            return [run] + [r for r in runs if r is not run]
        break   # the first row of another table decides
    return runs

