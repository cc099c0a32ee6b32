"""A list asked of a table: which rows a 哪些 question quotes, and when a table answers it before running text.

Consumes: a question, the ranker's runs or the quotes picked for it (answer.quotes_for), and the retriever (its chunks,
for the other rows of a quoted row's table: tables.rows_of; its lexicon's jieba tokenizer and tagger).
Produces: `prefer_table(question, runs, retriever)`: the runs with a table row first when the question asks for items,
the best run is running text and a table's own words (heading, header, file name: rowterms.table_topic) name everything
the question asks about; `with_rows(question, picked, retriever)`: the quotes with every row the question names (of a
table it names whole, the rows answering yes in the yes/no column it names: 「哪些门店支持回收？」), and after a first quote
announcing a table (「…违约金如下」) that table's rows, whatever the question.
Why: a list asked of a table is its rows. 「北京有哪些售后网点」 quoted one of the two 北京 rows, 「山东有哪些网点」 济南 without
青岛 (breaker Q, session 35); 「园内有哪几个医疗急救点？」 quoted the AED sentence under 三、医疗急救点 and none of the four
rows of its table, 「你们合作的保险公司有哪些？」 the note under the 合作保险公司 table (breakers AX and AS, session 41).
Shortcuts: "names everything asked" is every word the question asks with (`_asked`: jieba's, two characters or more, not
a function, place or position word) inside the table's words, so 「北京有哪些网点」 over a national table is left to the rows
that hold 北京 and 「离职时哪些劳保用品要交回？」 to the sentence on 离职; yes and no are read from the cell's first word.
"""
from __future__ import annotations

import re
from dataclasses import replace

from .chunks import quotable
from .lexical import STOPWORDS, fold
from .quotes import asks_items
from .rowkeys import YES_NO_CELL, cells_of, column_names, prose
from .rowterms import MIN_ROWS, table_topic
from .siblings import _HAN2, question_words   # _HAN2: a word of two Han characters or more
from .tables import rows_of

LISTED_ROWS = 6   # the rows a 哪些 question over a table is quoted (a longer list: the first six)
ROW_KINDS = ("table", "record")
_WH = re.compile(r"哪|几|什么|多少|啥")
_NO = re.compile(r"不|否|无|[×✗✘]")   # a yes/no cell that says no
# a sentence announcing the table after it; 「…均可验配以下产品：」 too (breaker DX, session 63), not 「…10人以下。」
_POINTER = re.compile(r"(?:(?:如下表?|见下表|下表所示|列表如下)[：:。]?|以下[\u4e00-\u9fff]{1,6}[：:])\s*$")


def _asked(question: str, retriever) -> set[str]:
    """The words the question asks with (jieba's, folded, two characters or more): not a conjunction, adverb,
    preposition, pronoun, particle, place or position word, numeral or quantifier (可以, 园内, 时), nor a question word."""
    return {t.word for t in retriever.lexicon.tagger().cut(fold(question)) if _HAN2.match(t.word)
            and t.word not in STOPWORDS and t.flag[:1] not in "cdpruyfsmq" and not _WH.search(t.word)}


def _named(question: str, rows: list, retriever) -> bool:
    """Whether the table of `rows` is named by every word the question asks with (its heading, header or file name:
    「你们合作的保险公司有哪些？」 under 四、合作保险公司; not 「离职时哪些劳保用品要交回？」 over 劳保用品.xlsx)."""
    asked, names = _asked(question, retriever), table_topic(rows)
    return bool(asked) and all(w in names for w in asked)


def _affirmed(question: str, rows: list, retriever) -> list:
    """The rows answering yes (是, 支持, √) in the column of yes and no answers whose name holds the most of the words the
    question asks with (「哪些门店可以做主板维修？」: 支持主板维修 是; breaker AY, session 41), in order; `rows` when no one
    column does."""
    asked, names = _asked(question, retriever), column_names(rows[0])
    cells = [cells_of(r) for r in rows]
    score = [sum(w in n for w in asked) if 2 * sum(len(c) > i and bool(YES_NO_CELL.match(c[i])) for c in cells) >= len(rows)
             else 0 for i, n in enumerate(names)]   # 「哪些门店支持回收？」: 支持回收 (two words), not 支持主板维修 (one)
    at = score.index(max(score)) if score and max(score) > 0 and score.count(max(score)) == 1 else None
    return rows if at is None else [r for r, c in zip(rows, cells) if len(c) > at and not _NO.match(c[at])]


def prefer_table(question: str, runs: list, retriever) -> list:
    """`runs` ((score, hit, start, end), best first) with the best run on a table row moved first, when the question
    asks for items (quotes.asks_items), the best run is running text (no list, table or record) and that row's table is
    named by every word the question asks with (`_named`); else `runs`. with_rows then quotes every row."""
    if not runs or not asks_items(question) or runs[0][1].chunk.kind in (*ROW_KINDS, "list"):
        return runs
    row = next((r for r in runs if r[1].chunk.kind in ROW_KINDS), None)
    rows = rows_of(retriever.chunks, row[1].chunk.id) if row else []
    if len(rows) < MIN_ROWS or prose(rows) or not _named(question, rows, retriever):
        return runs
    return [row] + [r for r in runs if r is not row]


def with_rows(question: str, picked: list, retriever) -> list:
    """The quotes `picked` ((hit, start, end, focus start, focus end), first first) with, after the first, every other
    row of its table that holds each of the question's words the first row holds and some rows lack, in the table's
    order (at most LISTED_ROWS in all), when the question asks for items (哪些: quotes.asks_items) and the first is a
    row; else `picked`. A table that all the question's words name (`_named`: its heading, header or file; breaker AK,
    session 39: 「哪些人可以优先配租？」 under 优先配租) is quoted whole, in the table's order, or its rows that answer yes
    (`_affirmed`)."""
    if picked and _POINTER.search(_quoted(picked[0], 1)):   # 「…违约金如下」 (and the 「：」 after a quote): the table after it
        return _announced(picked, retriever)
    if not picked or not asks_items(question):
        return picked
    hit = picked[0][0]
    rows = rows_of(retriever.chunks, hit.chunk.id)
    if len(rows) < MIN_ROWS or prose(rows):
        return picked
    names = table_topic(rows)
    texts = [fold(r.text) for r in rows]
    mine = fold(hit.chunk.text)
    words = {w for w in question_words(question, retriever.lexicon)
             if w not in names and w in mine and not all(w in t for t in texts)}
    holders = [r for r, t in zip(rows, texts) if words and all(w in t for w in words)]
    whole = not words and _named(question, rows, retriever)
    holders = _affirmed(question, rows, retriever) if whole else holders
    if len(holders) < 2:
        return picked
    spans = {r.id: span_of(r) for r in holders}
    if whole:   # the table's rows in its order, the first row first; not another row of it (a 否 store: AY's newcomer)
        listed, ids = holders[:LISTED_ROWS], {r.id for r in rows}
        return [(replace(hit, chunk=r), *spans[r.id], *spans[r.id]) for r in listed] + \
            [p for p in picked[1:] if p[0].chunk.id not in ids]
    taken = {p[0].chunk.id for p in picked}
    more = [(replace(hit, chunk=r), *spans[r.id], *spans[r.id]) for r in holders if r.id not in taken]
    return picked[:1] + more[:LISTED_ROWS - 1] + picked[1:]


def span_of(row) -> tuple[int, int]:
    """A table row's span by its cells, not its outer pipes (chunks.quotable's span of it); a record's whole span."""
    return ((quotable(row) if row.text.lstrip().startswith("|") else []) or [(row.start, row.end)])[0]


def _quoted(p, more: int = 0) -> str:
    """The text of a picked quote (hit, start, end, focus start, focus end), with `more` characters of its passage after."""
    return p[0].chunk.text[p[1] - p[0].chunk.start:p[2] - p[0].chunk.start + more]


def _announced(picked: list, retriever) -> list:
    """`picked` with the rows of the table right after its first quote's passage (the same file) after that quote, when
    the quote announces it (「承租人提前退租应支付的违约金如下」 was quoted alone, the table never; breaker AT, session 41)."""
    hit, chunks = picked[0][0], retriever.chunks
    after = chunks[hit.chunk.id + 1] if hit.chunk.id + 1 < len(chunks) else None
    rows = rows_of(chunks, after.id) if after is not None and after.source == hit.chunk.source else []
    taken = {p[0].chunk.id for p in picked}
    spans = {r.id: span_of(r) for r in rows}
    more = [(replace(hit, chunk=r), *spans[r.id], *spans[r.id]) for r in rows[:LISTED_ROWS] if r.id not in taken]
    return picked[:1] + more + picked[1:]
