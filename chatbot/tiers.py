"""The tiers of a tiered rule in a quote: all of them for a question that names no value of their unit, the one that
holds its value for a question that does (the answer's bold focus).

Consumes: the question, a passage `hit` (retrieve.Hit) and a quote's document offsets [s, e). Produces: `tier_span`,
the tiers of the rule the quote touches (「满1年不满10年的，年休假5天；满10年不满20年的，年休假10天；满20年的，年休假15天。」)
when the question names no value of their unit; `tiers`, the quote grown to them (answer.answer); `held_tier`, the one
part of the quote whose range holds the question's value (「4万块」 → 「超过3万元的，提交院长办公会集体审议。」);
`excepts`, whether a passage outside a tiered table states the question's tier with a word the question names and the
table lacks (旺季: an exception to the table's row, tables.table_row).
Shortcuts: a tier is a part of one sentence split at ；(chunks.SENTENCE) that states a range (ranges.text_ranges); a
rule spread over several sentences or a table is not one rule here (a table's rows: tables.table_row).
"""
from __future__ import annotations

import re

from .chunks import SENTENCE, spans
from .lexical import STOPWORDS, fold
from .quotes import ENUMERATION
from .ranges import fit, question_ranges, text_ranges

_WORD = re.compile(r"[\u3400-\u9fff]{2,}")   # a word of the question that names a case: 旺季, 夜间 (not 15, not 的)


def tier_span(question: str, hit, s: int, e: int) -> tuple[int, int] | None:
    """(start, end) of the tiers of a rule in the sentences the quote [s, e) touches, when the question names no value
    of the tiers' unit: the ；-separated parts of one sentence that each state a range of one unit (「满1年不满10年的，
    年休假5天；满10年不满20年的，年休假10天；满20年的，年休假15天。」), at least two; None otherwise. A question with a
    value of that unit (工作12年) is quoted its own tier (runs.by_range)."""
    off, text = hit.chunk.start, hit.chunk.text
    units = {r.unit for r in _ranges(text[s - off:e - off]) if not r.point}
    if not units or units & {r.unit for r in question_ranges(question)}:
        return None
    found = None
    for start, end in spans(text, ENUMERATION, off):   # each sentence the quote touches
        if start < e and s < end:
            parts = [(a, b) for a, b in spans(text[start - off:end - off], SENTENCE, start)
                     if any(r.unit in units and not r.point for r in _ranges(text[a - off:b - off]))]
            if len(parts) >= 2:
                found = (min(found[0], parts[0][0]), max(found[1], parts[-1][1])) if found else (parts[0][0], parts[-1][1])
    return found


def _ranges(text: str) -> list:
    """text_ranges, a deadline 「180天内」, 「24小时内」 read as its bare value: a time limit, no tier (session 41: read
    as a range, 「180天内申请；3个工作日内发送」 became tiers, and 「…24小时内补办」 a third tier of an approval rule)."""
    return text_ranges(_DUE.sub("", text))


_DUE = re.compile(r"(?<=[天日时钟])内")


def tiers(question: str, hit, s: int, e: int, cap: int = 150) -> tuple[int, int, tuple[int, int] | None]:
    """(start, end, tiers): the quote [s, e) grown to every tier of the rule it quotes from (tier_span), within `cap`
    characters (quotes.SENTENCE_CAP), and the tiers' span when the quote holds it (answer.answer bolds it; None
    otherwise): all of them answer 「年假有几天」, and the quote kept the tiers after the one the run started in
    (session 27: the 5-day tier, the most common, was dropped). A question with a value: the tier holding it
    (held_tier)."""
    span = tier_span(question, hit, s, e)
    if span is None:
        return s, e, held_tier(question, hit, s, e)
    lo, hi = min(s, span[0]), max(e, span[1])
    return (lo, hi, span) if hi - lo <= cap else (s, e, span if s <= span[0] and span[1] <= e else None)


def held_tier(question: str, hit, s: int, e: int) -> tuple[int, int] | None:
    """(start, end) of the one part of the quote [s, e) (split at ；, 。 and line ends, chunks.SENTENCE) whose range
    holds the question's value best (fit), when two parts or more state ranges of its unit; None otherwise. Why:
    「一笔4万块的资助需要谁来审批」 was quoted the whole tiered rule with its first tier (5000元以下…科室主任) in bold
    (session 29's breaker). A sheet record's fields are no tiers: 「适用情形：家庭唯一住房，面积90平方米以上」 held 「90平米以上」
    and took the bold from 「税率或标准：1.5%」 (session 47; cells.cell_focus picks a record's cell)."""
    ranges, off = question_ranges(question), hit.chunk.start
    parts = spans(hit.chunk.text[s - off:e - off], SENTENCE, s) if ranges and hit.chunk.kind != "record" else []
    grades = [fit(ranges, hit.chunk.text[a - off:b - off], question) for a, b in parts]
    best = max(grades, default=0)
    # two parts stating ranges, or one part whose stated range holds the value (2+) beside parts that state none of
    # its unit: 「一口气交两年物业费能打几折」 over 「一次性预交全年物业费的，可享受九五折优惠；预交两年及以上的，享受九折优惠」
    # (全年 is no range; session 32's breaker saw 九五折 in bold); never a bare equal amount alone
    if best < 1 or grades.count(best) > 1 or sum(g != 0 for g in grades) < 2 and (best < 2 or len(parts) < 2):
        return None
    return parts[grades.index(best)]


def excepts(question: str, passage, row, table: str, tagger) -> bool:
    """Whether `passage` (a chunk outside the table, of any file: an exception may sit in another document) states a
    range holding the question's value as well as the table's `row` does (ranges.fit) and writes a noun or time word of
    the question (jieba's tagger: n…, t; two Han characters or more, no stopword: 旺季, 夜间, 节假日, not 需要 nor BD's
    verb 输过) that the table never writes (`table`: tables.table_text, the folded text of its file name, section,
    header, lead-in and rows): an exception to the table's tier that the question names (「旺季开航前5个小时
    退票，手续费是多少？」: 「旺季期间…开航前2小时（含）至24小时退票的，手续费为票面金额的30%」, not the row 「开航前2小时（含）
    至24小时 | 票面金额的20%」; breaker CK, session 49)."""
    asked = question_ranges(question)
    if not asked or fit(asked, passage.text, question) < max(fit(asked, row.text, question), 1):
        return False
    text = fold(passage.text)
    return any(p.flag[:1] in ("n", "t") and _WORD.fullmatch(p.word) and p.word not in STOPWORDS and p.word in text
               and p.word not in table for p in tagger.cut(fold(question)))
