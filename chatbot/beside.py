"""A sheet's note beside a table: no answer for the row the table lacks, and quoted after the row the table has.

Consumes: a question, the passage the answer step would quote first (a chunk) or the ranker's runs, the ranked hits
and the retriever (its chunks, for a table's rows: tables.rows_of; its lexicon). Produces: `table_refuses(question,
chunk, hits, retriever)`, whether that passage is a note standing in for a table of its own file that has no row for
the question, without writing what the rows lack, so the answer step abstains (answer.py); `prefer_row(question, runs,
retriever)`, the runs with the table's row first when the best run is on such a note and the table has the row.
Why: 「摩托车营运性质在一类区停车场首小时收多少？」 (breaker CM, session 49: the sheet has 摩托车 rows of 非营运 only) was
refused by every row (rowterms.lacking), so the next passage was quoted: the 说明 sheet's note 「法定节假日期间，一类区
停车场非营运小型车首小时收费调整为8元…」, which shares 一类区 and 首小时 with the question but writes neither 摩托车 nor 营运
(only 非营运). A note that does answer the combination writes its words: 「营运摩托车按非营运摩托车标准的1.5倍收取」. And
「退休人员用单价1万元以上医用耗材先自付多少」 quoted the note 「乙类药品和单价1万元以上医用耗材先由个人按表中比例先行自付…」
over the row that holds 退休人员 and the 30 % (breaker CN, session 50).
Shortcuts: a note is a row of a table rowterms does not key (under MIN_ROWS rows, a column of prose, or a sheet of
notes: one cell each after a code, most of them clauses); running text and lists are never refused here (they answer
what a table's rows do not name: session 50's tune probe lost 10 answers when they were). The table is a keyed one
with a row among the first DEPTH hits, from the note's own file. It has no row for the question when rowterms.lacking
finds none holding the question's key words and written categories, or the question names a sibling no row lists
(rowterms.unlisted), which the note must write too. The note writes what the rows lack when it holds, without a
negation before it (categories.affirms), one of the question's words of each key column or category that the nearest
rows (those holding the most) lack; to be quoted before a row it must write them all.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .categories import affirms, holds, written
from .lexical import fold
from .rowkeys import MIN_ROWS, cells_of, header_names, key_columns, prose
from .rowterms import key_terms, lacking, scored, table_topic, unlisted
from .tablerows import row_head
from .tables import rows_of, table_text

_CLAUSE = re.compile(r"[，。；,;]")
DEPTH = 5   # hits searched for a table of the quoted passage's file: the CM sheet's rows ranked 1, 2 and 4 to 8


def _notes(rows: list) -> bool:
    """Whether rows are a sheet of notes: one cell each after a code (序号 | 说明事项), most of them clauses (，。；)."""
    header = header_names(rows)   # 「说明：旺季：…；淡季：…」 is one cell, not three
    cells = [cells_of(r, header) for r in rows]
    return all(len(c) <= 2 for c in cells) and sum(bool(_CLAUSE.search(c[-1])) for c in cells if c) * 2 >= len(cells)


def _keyed(rows: list) -> bool:
    """Whether rows form a table whose rows rowterms names by their key cells (MIN_ROWS rows or more, no prose column),
    not a sheet of notes."""
    return len(rows) >= MIN_ROWS and not prose(rows) and not _notes(rows)


def _writes(question: str, text: str, rows: list, retriever, lacked: bool = False) -> bool:
    """Whether the folded `text` writes the question's words that the keyed table `rows` names its rows by, without a
    negation before them (categories.affirms): of each key column's words (rowterms.key_terms) as many as the row
    holding the most of them does (亲子 and 套房 of the cell 亲子套房; one of alternatives no cell holds together), and
    each written category (categories.written). `lacked`: only the words the table's nearest rows (those holding the
    most columns) lack: for 「摩托车营运…一类区…」 over rows (小型车, 营运, 一类区) and (摩托车, 非营运, 一类区), 摩托车 and
    营运, not 一类区, which a note on 营运摩托车 in every zone need not write."""
    terms = key_terms(question, rows, retriever.lexicon.tokenizer())
    asked = written(question, rows, table_topic(rows))
    keys = key_columns(rows)
    terms, _, scores = scored(rows, terms, keys)
    best = [max(column) for column in zip(*scores)] or [0] * len(terms)   # as many as any row holds (新能源小型车)
    groups = [(terms[col], max(1, n)) for col, n in zip(sorted(terms), best)] + [({v}, 1) for v in asked.values()]
    if lacked and groups:
        marks = [[n == b > 0 for n, b in zip(row, best)] + [holds(r, {c: v}) for c, v in asked.items()]
                 for r, row in zip(rows, scores)]
        most = max(map(sum, marks))
        groups = [g for i, g in enumerate(groups) if any(not m[i] for m in marks if sum(m) == most)]
    return all(sum(affirms(w, text) for w in words) >= need for words, need in groups)


def _own_condition(question: str, text: str, table: str, tagger) -> bool:
    """Whether the folded note `text` writes a noun or time word of the question (jieba's tagger: n…, t; two characters
    or more) that the table never writes (`table`: tables.table_text): a condition of its own, such as 夏令时 in
    「夏令时期间东湖派出所户籍室下午几点办公？」 over a note on 西山派出所's summer hours (breaker BR), which the table's
    东湖 row does not answer."""
    return any(p.flag[:1] in ("n", "t") and len(p.word) >= 2 and p.word in text and p.word not in table
               for p in tagger.cut(fold(question)))


def _tables(chunk, hits: list, retriever):
    """(hit, rows) for each keyed table of `chunk`'s own file with a row among `hits`, once per table, best first."""
    seen = set()
    for hit in hits:
        if hit.chunk.source != chunk.source or hit.chunk.id == chunk.id:
            continue
        rows = rows_of(retriever.chunks, hit.chunk.id)
        if _keyed(rows) and rows[0].id not in seen:
            seen.add(rows[0].id)
            yield hit, rows


def _note(chunk, retriever) -> bool:
    """Whether `chunk` is a row of a table that is not keyed (a sheet of notes 「序号 | 说明事项」): not running text."""
    if chunk.kind not in ("table", "record") or row_head(retriever.chunks, chunk.id) != chunk.id:
        return False   # … nor a long row's later chunk (「现场加工：…；停车：…」 of a store's CSV row: breaker DX, session 63)
    return not _keyed(rows_of(retriever.chunks, chunk.id))


def table_refuses(question: str, chunk, hits: list, retriever) -> bool:
    """Whether `chunk` (the first quote's passage) is a note (a row of a table that is not keyed) that no keyed table of
    its own file among the first DEPTH `hits` (retrieve.Hit) lets answer: each such table either has no row for the
    question and `chunk` does not write the words its rows lack (see the module docstring), or has the row while
    `chunk` does not write the row's words but a condition of its own the table never writes (「C1科目二考试时长」 over
    the note 「科目一考试时长45分钟…」: neither the 科目二 row nor the note answers; breaker U). False when no such
    table is found, or one of them lets the note answer; running text and lists are never refused here (they answered
    what a table's rows do not name: session 50's tune probe lost 10 answers when they were)."""
    if not _note(chunk, retriever):
        return False
    text, verdicts = fold(chunk.text), []
    for hit, rows in _tables(chunk, hits[:DEPTH], retriever):
        sibling = unlisted(question, rows, retriever.lexicon.tagger())   # 亲子套房 beside 江景套房 and 复式套房 rows
        lacks, best = lacking(question, hit.chunk, retriever)
        if sibling:
            verdicts.append(sibling not in text)
        elif lacks and not best:
            verdicts.append(not _writes(question, text, rows, retriever, lacked=True))
        else:   # the table has the row: the note answers only with its words (which row: the ranker's, rowterms')
            verdicts.append(not _writes(question, text, rows, retriever)
                            and _own_condition(question, text, table_text(retriever.chunks, rows), retriever.lexicon.tagger()))
    return bool(verdicts) and all(verdicts)


def prefer_row(question: str, runs: list, retriever) -> list:
    """`runs` ((score, hit, start, end), best first) with a run on a row of a keyed table of the best run's own file
    moved first, when the best run is on a note (`_note`) that does not write the question's words the table's rows
    are named by, nor a noun or time word of the question the table never writes (夏令时: `_own_condition`), and the
    row holds them (rowterms.lacking): the first run on such a row among the first DEPTH passages, or a run on the one
    row that holds them (the best run's score, as rowterms.prefer_rows does), of the first table that has one; else
    `runs`. Why:
    「退休人员用单价1万元以上医用耗材先自付多少」 quoted the 说明 note 「乙类药品和单价1万元以上医用耗材先由个人按表中比例
    先行自付…」 over the row 「单价1万元以上医用耗材 | 不限 | 在职职工、退休人员 | … | 个人先行自付30%」 (breaker CN, session 50)."""
    if not runs or not _note(runs[0][1].chunk, retriever):
        return runs
    chunk, hits = runs[0][1].chunk, list({id(r[1].chunk): r[1] for r in runs}.values())[:DEPTH]
    text = fold(chunk.text)
    for hit, rows in _tables(chunk, hits, retriever):
        if not key_terms(question, rows, retriever.lexicon.tokenizer()):
            continue   # the question names none of this table's rows
        if _writes(question, text, rows, retriever) \
                or _own_condition(question, text, table_text(retriever.chunks, rows), retriever.lexicon.tagger()):
            return runs
        lacks, best = lacking(question, hit.chunk, retriever)
        ids = {r.id for r in best} if lacks else {hit.chunk.id}
        better = next((r for r in runs if r[1].chunk.id in ids), None)
        if better is None and len(best) == 1:
            better = (runs[0][0], replace(runs[0][1], chunk=best[0]), best[0].start, best[0].end)
        if better is not None:
            return [better] + [r for r in runs if r is not better]
    return runs
