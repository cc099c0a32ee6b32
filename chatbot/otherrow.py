"""A detail of another row: a word of the question that one other row of the quoted table writes, the quoted one not.

Consumes: the question, the quoted chunk (a table row or a sheet record, chunks.py) and the retriever (its chunks, for
the other rows of that table: tables.rows_of; its lexicon's jieba tagger and dictionary frequencies).
Produces: `elsewhere(question, chunk, retriever)` → the word, or "": a noun or verb of the question (jieba's tagger over
the folded question: 限高 is a verb to it; two Han characters or more, no stopword, not a word of the table's file name,
heading, header or field names, not one every row writes, not a short form of the row's words: shortforms.phrases) that

- the quoted row does not write, with its file name, headings and header (lexical.in_context);
- exactly one other row of the table writes, in any of its cells;
- is rare in jieba's dictionary (frequency under RARE: 限高, 钓鱼, 母婴室, 乒乓球; not 地址, 费用, 业务, 证件);

while that other row lacks some of the question's words the quoted row holds past the table's own (no row holds them
all: a row that did would be the answer, rowterms.prefer_rows; and one holding none is no answer either), unless the
question asks about two rows (分别, or 和 / 与 / 及 / 跟 / 、 / 还是 / 比 between the two rows' words: `_both`). The quoted
row is read with its tail chunks (a CSV or sheet row longer than a chunk: `_same_row`). answer.py abstains on it.
Why: a site list's rows share their columns, and a question about one site's detail that only a sibling site's cells
state was answered with the site's row: 「莫干山竹林营地的钓鱼平台几点开放？」 over the 莫干山星空观测台 row of a camp's site
list (钓鱼 is written by the 千岛湖钓鱼平台 row only), 「金湾街道为老服务站的助浴车每周几驻点？」 over the 金湾 row (the
助浴车's 驻点 days are 东湖站's; breakers DB and DC, session 55). rowterms.lacking reads the key columns only (a row's
name), and leaves a table with a column of prose (these lists' notes and directions) alone.
Shortcuts: words are matched as written (a paraphrase the row writes otherwise is a word it lacks: the rarity and
one-row conditions keep most out); jieba's cut decides what a word is (助浴间 is 助浴 | 间, and 助浴 is in six rows; the
other row must write it as a word of its own cut: `_as_word`); a
word written by two rows or more is the table's vocabulary and never judged; the table is tables.rows_of's, which a
record's tail chunk (its context names the row) cuts in two, so a word of a row beyond the cut is not seen (DB's
「莫干山房车服务站限高多少米？」: 限高 is the 千岛湖 station's, before MG-01's tail). A word that says how the user goes
(坐公交, 自驾) is judged like any other: the 公交 of another row's directions refuses a row whose address would do.
Source of RARE and of the word classes: session 55, offline over every answered tune question that quotes a row, then
bench/tune_probe.py (README "Quality").
"""
from __future__ import annotations

import re
from itertools import accumulate

from .lexical import STOPWORDS, fold, in_context
from .rowkeys import MIN_ROWS
from .rowterms import table_topic
from .shortforms import phrases
from .siblings import _HAN2   # a word of two Han characters or more
from .tables import rows_of

RARE = 1000   # jieba dictionary frequency: a word this common (地址 3386, 费用 3802, 开放 8332) is a column's, no detail


def elsewhere(question: str, chunk, retriever) -> str:
    """The word of `question` that one other row of `chunk`'s table writes and `chunk` lacks (see the module docstring),
    or "" (also for a passage that is no row, and a table of fewer than MIN_ROWS rows)."""
    rows = rows_of(retriever.chunks, chunk.id)
    if len(rows) < MIN_ROWS:
        return ""
    folded, names = fold(question), table_topic(rows)
    tokenizer = retriever.lexicon.tokenizer()
    freq = tokenizer.FREQ
    tagged = [(w, f) for w, f in retriever.lexicon.tagger().lcut(folded)
              if _HAN2.match(w) and w not in STOPWORDS and w not in names]
    if not any(f.startswith(("n", "v")) and freq.get(w, 0) < RARE for w, f in tagged):
        return ""   # no rare word asked: the rows are not read (a sheet of thousands of rows, each question)
    same = _same_row(retriever.chunks, chunk)   # the row and its tail chunks (a long record's 交通指引)
    own, mine = {c.id for c in same}, fold(" ".join(in_context(c) for c in same))
    texts = [(r, fold(r.text)) for r in rows]
    words = {w for w, _ in tagged if not all(w in x for _, x in texts)}
    held = {w for w in words if w in mine}
    for w, flag in tagged:
        if w not in words or w in held or not flag.startswith(("n", "v")) or freq.get(w, 0) >= RARE \
                or phrases(w, mine, tokenizer):   # 自考办 of the row's 自学考试办公室
            continue
        others = [x for r, x in texts if r.id not in own and w in x]
        if len(others) == 1 and not all(h in others[0] for h in held) and not _both(w, held, folded) \
                and _as_word(w, others[0], retriever.lexicon.tagger()):
            return w
    return ""


def _as_word(word: str, text: str, tagger) -> bool:
    """Whether `text` writes `word` where jieba's cut of `text` starts a word, not inside one: 能贷 of
    「最高能贷多少」 is inside 安徽's product 「绿能贷」 (绿能 | 贷), which refused 「江苏的光伏贷最高能贷多少？」 over the 江苏 row
    (breaker DW, session 62); 限高 of 「限高2.2米」 is a word there."""
    bounds = set(accumulate((len(piece) for piece, _ in tagger.lcut(text)), initial=0))   # as rephrase.py's word bounds
    return any(m.start() in bounds for m in re.finditer(re.escape(word), text))   # 淋浴 of 淋浴间 (the review)


def _same_row(chunks: list, chunk) -> list:
    """`chunk` and the chunks of the same sheet or CSV row (its file and location, 「第5行」, next to it): a record longer
    than a chunk goes on in chunks of its own, named by its key fields (chunks.py), which rows_of counts apart."""
    if chunk.kind != "record" or not re.search(r"第\d+行$", chunk.location):   # a page (「第1页」) holds many rows
        return [chunk]
    near = chunks[max(chunk.id - 3, 0):chunk.id + 4]
    return [c for c in near if c.source == chunk.source and c.location == chunk.location] or [chunk]


_JOIN = re.compile(r"和|与|及|跟|、|还是|比")


def _both(word: str, held: set[str], question: str) -> bool:
    """Whether the (folded) question asks about two rows: 分别, or 和 / 与 / 及 / 跟 / 、 / 还是 / 比 between `word` and one
    of the quoted row's words, in either order (「巧克力和红酒的温度要求分别是多少？」, 「莫干山房车服务站和千岛湖钓鱼平台几点
    开门？」): the quote answers half of it, no near miss."""
    if "分别" in question:
        return True
    if word not in question:
        return False
    at = question.index(word)
    return any(h in question and _JOIN.search(question[min(question.index(h), at):max(question.index(h), at)])
               for h in held)
