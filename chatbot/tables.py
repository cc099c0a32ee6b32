"""The row of a table that a question picks by the table's first column, and the cell it asks for.

Consumes: the question, the ranked `Hit`s and the retriever (its chunks, where a table row is one chunk of kind "table"
whose context holds the table's heading and header row, chunks.py; its vector store; the lexicon's jieba tagger).
Produces: `table_row(question, query_vec, hits, retriever)`, the picked row's chunk id (or None) and the hits with that
row among them; `first`, the answer step's runs with that row's first; `catch_all_notice`, what the answer says when it
quotes a 「其他…」 row, and `stand_in`, the question as that row answers it; `rows_of`, the rows of one table (cells.py:
the cell a quoted row is asked for). A sheet's records (「型号：XR-500；单价（元）：12800」, one chunk of kind "record" each,
readers/sheets.py) are read as a table's rows: the first field's value is the key, the field names are the columns.
A table is looked at when it is among the top passages (a row of it or the lead-in just before it, 「…标准如下表：」) and the
question shares a word with its heading or header row (住宿 of 「普通员工住宿标准（元/晚）」, so 「杭州有哪些景点」 near the table is no
question for it). The question picks, in this order: the row whose key (first cell) it names, when the key is a place,
an organisation or a code (成都, XR-200: series.prefer_row's keys) and no passage above the table names it; the one row
whose ranges of the question's unit hold its value (「在公司干了4年」 → 「3年至5年」, ranges.fit; at least two rows state such
ranges), unless the top passage states that tier with a noun or time word of the question the table never writes (旺季:
an exception, tiers.excepts); the catch-all row, whose first cell starts 其他/其它/其余 (其他城市, 其它地区), when the question names
a thing of the keys' kind that the table does not list (a place or an organisation as jieba's dictionary tags the keys,
杭州 among 北京/上海/成都; or a model code among codes).
Shortcuts: a table is the run of consecutive table chunks of one file with one context; the keys' kind is the tag most
of them carry; the row joins the hits at the table's best place, its rank and fused score copied (it was found by the
table, not by the retrievers).
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import replace

from .answertype import answer_type, labels
from .places import places
from .cells import fields
from .chunks import same_table
from .lexical import fold
from .ranges import fit, question_ranges
from .rowkeys import key_cells, key_columns, own_key, row_keys
from .series import UNIT, is_key, names_of
from .signals import asked_nouns
from .tiers import excepts
from .values import lacks_value

CATCH_ALL = re.compile(r"^(?:其他|其它|其余)")
_CODE = re.compile(r"[a-z][a-z0-9]*[-_]?\d+[a-z0-9]*", re.IGNORECASE)   # xr-500, p1, v2
NEAR = 5   # top passages whose table is looked at (3 are read: CANDIDATE_PASSAGES; 「西安出差住宿标准」's lead-in was 5th)


def _bare(text: str) -> str:
    """`text` without hyphens, underscores, dots between words and spaces: a code as people type it (XR100 for XR-100)."""
    return re.sub(r"[-_\s·]", "", text)


def named_in(key: str, question: str) -> list[str]:
    """The names of a row's key (series.names_of: 产科 of 「产科、儿科」) that `question` names, compared bare and folded
    (XR100 names XR-100); a code inside a key names it too."""
    q = _bare(fold(question))   # … and its codes (A5 of 「远航A5 2.0T」: breaker AS, session 41, whose 「A5小保养多少钱？」
    return [n for n in names_of(key) + _CODE.findall(fold(key)) if _bare(n) in q]   # got the 「通用（A3/A5/S7）」 row)


def rows_of(chunks: list, i: int) -> list:
    """The rows (chunks) of the table chunk `chunks[i]` belongs to, in document order: the consecutive table chunks
    of its file with its context (the same heading and header row), or the consecutive records of one sheet. [] when
    `chunks[i]` is neither."""
    c = chunks[i]
    if c.kind not in ("table", "record"):
        return []
    same = lambda o: same_table(c, o)   # noqa: E731
    a = i
    while a > 0 and same(chunks[a - 1]):
        a -= 1
    b = i
    while b + 1 < len(chunks) and same(chunks[b + 1]):
        b += 1
    return chunks[a:b + 1]


def _kind(keys: list[str], tagger) -> str:
    """The keys' kind: "code" when most hold a Latin letter or digit, "unit" when most name an organisational unit by
    its ending (急诊科、ICU, 产科、儿科, 医技科室（检验…）: series.UNIT, their first name), else the two-letter jieba tag
    most of them carry as one word (ns, nt, nz, nr), or "" (common nouns: 经理, 主管 are named in passing by many
    questions)."""
    if sum(bool(re.search(r"[0-9a-z]", k)) for k in keys) * 2 > len(keys):
        return "code"
    heads = [names[0] for names in map(names_of, keys) if names]   # each key's first name
    if sum(bool(UNIT.search(h)) for h in heads) * 2 > len(keys):
        return "unit"
    tags = Counter(ws[0].flag[:2] for ws in map(tagger.lcut, heads) if len(ws) == 1)
    tag, n = tags.most_common(1)[0] if tags else ("", 0)
    return tag if tag in ("ns", "nt", "nz", "nr") and n * 2 > len(keys) else ""


def _unlisted(question: str, keys: list[str], kind: str, tagger) -> list[str]:
    """The things of `kind` that `question` names and no key is, as the question writes them ([] when it names a key
    too)."""
    if any(named_in(k, question) for k in keys):
        return []
    names = {n for k in keys for n in names_of(k)}
    if kind == "unit":   # 皮肤科 among 急诊科 / 产科、儿科: a word of the question with a unit's ending
        return [w for w in (t.word for t in tagger.lcut(question)) if len(w) >= 2 and UNIT.search(w) and fold(w) not in names]
    if kind == "code":   # as the question writes it (XR-500), compared bare and folded (xr500)
        return [c for c in _CODE.findall(unicodedata.normalize("NFKC", question))
                if _bare(fold(c)) not in {_bare(k) for k in keys}]
    kinds, extra = ((kind, "nz"), places(question, tagger)) if kind == "ns" else ((kind,), [])   # jieba tags some cities
    return [w.word for w in tagger.lcut(question) if (w.flag[:2] in kinds or fold(w.word) in extra)   # nz (金华) or nr
            and len(w.word) >= 2 and fold(w.word) not in names]                                    # (嘉兴, places.py)


def _pick(question: str, rows: list, tagger) -> tuple[object | None, str]:
    """(the row of `rows`, one table, that `question` picks by its first column, how: "key" | "range" | "other") or
    (None, ""); see the module docstring."""
    keys, q = row_keys(rows), fold(question)
    span = key_columns(rows)   # a name another row's key cells hold too names no row (东院区 of 「发热门诊（东院区）」 beside
    cells = [" ".join(key_cells(r, span)) for r in rows]   # a 院区 column; breaker BP, session 48); 成都, XR-200, 产科
    named = [r for r, k in zip(rows, keys) if any(is_key(n, tagger) and sum(n in c for c in cells) == 1 for n in named_in(k, q))]
    if named:
        return (named[0], "key") if len(named) == 1 else (None, "")
    ranges = question_ranges(question)
    if ranges:   # a tiered table: rows that state ranges of the question's unit, one of them holding its value
        grades = [fit(ranges, r.text, question) for r in rows]
        best = max(grades)
        if best > 0 and grades.count(best) == 1 and sum(g != 0 for g in grades) >= 2:
            return rows[grades.index(best)], "range"
    row, _ = _stands_for(question, rows, tagger)
    return (row, "other") if row is not None else (None, "")


def _stands_for(question: str, rows: list, tagger) -> tuple[object | None, list[str]]:
    """(the catch-all row of `rows`, one table: the last whose key starts 其他/其它/其余, the things of the other keys'
    kind that `question` names and they do not list) when it names some; else (None, [])."""
    keys = row_keys(rows)
    rest = [k for k in keys if not CATCH_ALL.match(k)]
    default = [r for r, k in zip(rows, keys) if CATCH_ALL.match(k)]
    kind = _kind(rest, tagger) if default and len(rest) >= 2 else ""
    names = _unlisted(question, rest, kind, tagger) if kind else []
    return (default[-1], names) if names else (None, [])


MISSING_SHARE = 1 / 3   # the most of a question's nouns (IDF-weighted) a table may lack and still be asked about


def table_text(chunks: list, rows: list) -> str:
    """The folded words of the table `rows`: its file name, heading, header row, the lead-in passage before it, rows."""
    head, lead = rows[0], chunks[rows[0].id - 1].text if rows[0].id > 0 and chunks[rows[0].id - 1].source == rows[0].source else ""
    return fold(" ".join([head.doc, head.section, head.context, lead] + [r.text for r in rows]))


def _about(question: str, rows: list, retriever) -> bool:
    """Whether the table `rows` writes the dictionary nouns of `question` (lexicon.content_nouns, two characters or
    more; not the wh-phrase's, numerals, Latin words, nor the names of places, people or organisations a key may stand
    for) in its file name, heading, header row, rows or the lead-in passage just before it: those it lacks weigh less
    than MISSING_SHARE of them by IDF (a common 员工 or 公司 may be missing, a 事假 or 交通 may not). Why: 「工作3年事假扣
    多少工资」 was answered with the 病假 table's tier and its 70% in bold (session 28's breaker), and 「西安出差交通补贴
    多少」 would get the hotel table's 其它地区 row; a question on the table writes its nouns (住宿, 标准, 积分)."""
    lexicon, text = retriever.lexicon, table_text(retriever.chunks, rows)
    nouns = lexicon.content_nouns(question)
    asked, tagger = asked_nouns(question, nouns), lexicon.tagger()
    idf, unseen = retriever.idf()
    weights = {w: idf.get(w, unseen) for w in nouns if len(w) >= 2 and w not in asked and not re.search(r"[0-9a-z]", w)
               and not UNIT.search(w)   # 皮肤科: a unit a 其他科室 row may stand for
               and not any(t.flag[:2] in ("ns", "nr", "nt", "nz") or t.flag == "m" for t in tagger.lcut(w))}
    return sum(v for w, v in weights.items() if w not in text) <= MISSING_SHARE * sum(weights.values())


def table_row(question: str, query_vec, hits: list, retriever) -> tuple[int | None, list]:
    """(the chunk id of the table row that answers `question`, `hits` with it) or (None, `hits`) (see the module
    docstring); `query_vec` is the question's unit vector, (dim,) or (1, dim). The row is put before the first top
    passage of its table (a row or its lead-in), the ranks after it renumbered; its cosine is computed, its BM25 score
    is 0 (found lower down: moved up, its scores kept). Why: 「杭州出差住宿标准」 quoted the lead-in 「各城市住宿及伙食
    补助标准如下表」, the row 「其他城市」 not among the passages; 「在公司干了4年，每年能拿到多少福利积分？」 quoted the row
    「不满1年 | 1000分」, 「3年至5年」 not among them (session 28)."""
    chunks, tagger = retriever.chunks, retriever.lexicon.tagger()
    for j, hit in enumerate(hits[:NEAR]):
        c = hit.chunk
        after = c.id + 1 < len(chunks) and chunks[c.id + 1].source == c.source
        rows = rows_of(chunks, c.id) or (rows_of(chunks, c.id + 1) if after else [])
        if len(rows) < 2:
            continue
        words = {w for w in retriever.lexicon.tokenize(question) if len(w) >= 2}
        header = rows[0].context + " " + " ".join(fields(rows[0].text, 0)[1] if rows[0].kind == "record" else ())
        # a column by its name, or by the kind of value the question asks (多少钱 over 单价（元）: values.lacks_value)
        named = any(w in fold(header) for w in words) or answer_type(question).startswith("number:") and not any(
            lacks_value(question, r.text, labels(r)) for r in rows[:2])
        if not named or not _about(question, rows, retriever):
            continue   # names no column nor the table's heading, or a thing the table does not write: the next table
        row, how = _pick(question, rows, tagger)
        top = hits[0].chunk
        if row is None or how == "key" and top not in rows and row_keys(rows)[rows.index(row)] in fold(top.text) \
                or how == "range" and top not in rows and excepts(question, top, row, table_text(chunks, rows), tagger):
            return None, hits   # 「成都分公司的地址」: a passage above the table names 成都 already; 旺季's tier (tiers.py)
        if (found := next((h for h in hits if h.chunk.id == row.id), None)) is None:
            dense = float((retriever.index.store.vectors([row.id]) @ query_vec.reshape(-1))[0])
            found = replace(hit, chunk=row, dense=dense, bm25=0.0)
        rest = [h for h in hits[j:] if h.chunk.id != row.id]
        return row.id, hits[:j] + [replace(found, rank=hit.rank, score=hit.score)] + [
            replace(h, rank=hit.rank + 1 + n) for n, h in enumerate(rest)]
    return None, hits


def catch_all(question: str, chunk, retriever) -> tuple[list[str], str]:
    """(the things `question` names that the table does not list, the catch-all row's key as written) when `chunk` is
    a catch-all row (其他…) of a table whose keys do not list what `question` names: (["杭州"], "其他城市"); ([], "")
    otherwise."""
    if chunk.kind not in ("table", "record") or not CATCH_ALL.match(own_key(chunk.text)):
        return [], ""
    _, names = _stands_for(question, rows_of(retriever.chunks, chunk.id), retriever.lexicon.tagger())
    if not names:
        return [], ""
    shown = chunk.text.lstrip().lstrip("|").split("|")[0] if chunk.kind == "table" else re.split(r"[；;]", chunk.text)[0]
    return names, re.split(r"[：:]", shown, maxsplit=1)[-1].strip()


def catch_all_notice(question: str, chunk, retriever) -> str:
    """「表中没有单独列出「杭州」，以下按「其他城市」一行回答。」 when `chunk` is a catch-all row (catch_all); "" otherwise.
    Why: the quoted row does not name the city asked about, so the reader is told why it answers (session 28)."""
    names, shown = catch_all(question, chunk, retriever)
    return f"表中没有单独列出「{names[0]}」，以下按「{shown}」一行回答。" if names else ""


def stand_in(question: str, chunk, retriever) -> str:
    """`question` as the catch-all row `chunk` answers it, the unlisted names replaced by the row's key (「XR-300多少钱」
    → 「其他型号多少钱」), for judging whether to answer: a code or a name the documents never write otherwise counts
    against the quote (evidence.py's code_missing, mixed_latin_absent, noun_absent), and a model code the table does not
    list is another model (series.mismatch), while the table's own rule answers for it (session 29). Codes only: a
    place the table does not list was judged well as asked (session 28), and 「其他城市」 in the question and the row
    alike scored as a quote that only repeats the question. `question` itself for any other chunk."""
    names, shown = catch_all(question, chunk, retriever)
    for name in names:
        if _CODE.fullmatch(name):
            question = question.replace(name, shown)
    return question


def names_row(question: str, chunk) -> bool:
    """Whether `question` picks the table row or record `chunk` by its key: it names one of the key's names (成都,
    产科 of 「产科、儿科」) or the row is a catch-all (其他城市). answer.adds_answer quotes no other row of its table
    beside it (金华 → 其他城市, and 宁波 as [2]: a contradiction); a row the ranker chose for a question that names no
    key may have the answer one row down, which stays a second quote."""
    if chunk.kind not in ("table", "record"):
        return False
    key = own_key(chunk.text)
    return bool(CATCH_ALL.match(key)) or bool(named_in(key, question))


def first(row: int | None, runs: list) -> list:
    """`runs` ([(score, hit, start, end)]) with those in chunk `row` (table_row's) first, the order kept otherwise; the
    same list when `row` is None or nothing moves."""
    if row is None or not runs or runs[0][1].chunk.id == row:
        return runs
    mine = [r for r in runs if r[1].chunk.id == row]
    return mine + [r for r in runs if r[1].chunk.id != row] if mine else runs
