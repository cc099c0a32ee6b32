"""The content rules that refuse a quote before the learned decision: each names one way the best quote is not the answer.

Consumes: the question, the picked quotes (hit, start, end, focus_start, focus_end), the ranked hits and the retriever.
Produces: `refusal(question, picked, ranked, retriever)` → (the first rule that refuses the first quote, or "", and the
question and quote text the learned decision then reads: `asked` with a catch-all row's stand-in, `where` the quote
with its file name and headings, `said` the catch-all notice); answer.py abstains on a named rule.
The names (an abstained answer's `refused_by`, with answer.py's "decide", "ignored" and "no_passages"): series, place,
swap, item, entry, column, lacking, elsewhere, table, value, bound, attribute; "no_quote" when no quote was picked.
Shortcuts: the rules run in a fixed order and the first that fires names the refusal; each is documented where it lives.
"""
from __future__ import annotations

from .beside import table_refuses
from .columns import unlisted_column
from .detail import unnamed_attribute
from .lexical import in_context
from .otherrow import elsewhere
from .places import other_place
from .rowterms import lacking
from .runs import run_text
from .series import mismatch as series_mismatch, passage_text
from .subitems import unlisted_entry, unlisted_item
from .swaps import swapped
from .tables import catch_all_notice, stand_in
from .values import other_bound, value_missing


def refusal(question: str, picked: list, ranked: list, retriever) -> tuple[str, str, str, str]:
    """(rule, asked, where, said): the name of the first rule refusing picked[0] ("" when none does; "no_quote" when
    nothing was picked), the question as the decision reads it (XR-300 → 其他型号 over a catch-all row), the quote with
    its file name and headings, and the catch-all row's notice (杭州 answered by the 其他城市 row)."""
    if not picked:
        return "no_quote", question, "", ""
    hit, s, e, fs, fe = picked[0][:5]
    chunk, tagger = hit.chunk, retriever.lexicon.tagger()
    asked, where = stand_in(question, chunk, retriever), passage_text(hit, s, e)
    said = catch_all_notice(question, chunk, retriever)
    checks = (
        ("series", lambda: series_mismatch(asked, where)),   # asks for a period or model the quote is not on
        ("place", lambda: other_place(question, where, tagger)),   # 嘉兴 of a row on 绍兴
        ("swap", lambda: swapped(asked, where)),   # 城北分馆 over the 城东分馆 row, 三日连票 over 两日连票 (swaps.py)
        ("item", lambda: unlisted_item(question, hit, s, e, tagger)),   # 宣传部 over the 艺术部 item (subitems.py)
        ("entry", lambda: unlisted_entry(question, hit, s, e, tagger)),   # 兴隆湖站 over 「- 天府广场站：…」
        ("column", lambda: unlisted_column(question, chunk, s, e, tagger)),   # 至尊版 of 尊享版's
        ("lacking", lambda: lacking(question, chunk, retriever)[0]),   # 涂装工的安全鞋 over the 装配工 row (rowterms.py)
        ("elsewhere", lambda: elsewhere(question, chunk, retriever)),   # 限高 of one site's row, stated in another's
        ("table", lambda: table_refuses(question, chunk, ranked, retriever)),   # a note for the row no table holds
        ("value", lambda: value_missing(question, hit, s, e)),   # asks 几点 / 多少钱 / 手机号, the quote holds no such value
        ("bound", lambda: other_bound(question, run_text(hit, fs, fe))),   # asks 最少, the run states 最多 only
        ("attribute", lambda: not said and unnamed_attribute(asked, in_context(chunk), retriever.lexicon)),   # 油耗 of the 朗逸 row
    )
    return next((name for name, check in checks if check()), ""), asked, where, said
