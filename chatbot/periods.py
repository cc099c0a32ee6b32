"""The period a price is for: a question asking a day's price, and a quote whose prices are all for another period.

Consumes: a question asking an amount of money (answertype 'number:money') and the quote's text (a table row or record
with its header rows). Produces: `asked_period(question)` → the period a price is asked for ('小时' | '半天' | '全天' |
'日' | '月' | '年' | ''), `stated_periods(text)` → the periods the amounts of a quote are stated for, and `other_period` →
whether every period stated is another than the one asked, which values.lacks_value refuses.
Why: a near miss on a day's rent over a quote of a month's (「开放工位可以按天租吗？日租价格多少？」 over 「每人每月1200元」
in bold), or a whole day's hire over half days' prices only (「路演厅全天的价格」 over 「半天1800元 | 半天2800元」): the
amount is there, so the amount check passes, and the words are the same (breaker Z, session 37).
Shortcuts: regular expressions over folded text; a period counts for an amount when it stands within a few characters
before it (每人每月1200元, 半天1800元, 月租3000元) or right after its 元 (80元/天, 元/小时) or in a column name stating the
unit (价格（元/月）); a night (每晚) is a day; an amount stated for no period is no evidence (the quote may give a flat
price), nor is a quote with no amount.
"""
from __future__ import annotations

import re

from .lexical import fold

# the period a question asks a price for, by its words (each pattern's period: the key)
_ASKED = (("小时", re.compile(r"每小时|每个小时|按小时|一小时|1小时|一个小时|时租|/小时")),
          ("半天", re.compile(r"半天|半日")),
          ("全天", re.compile(r"全天|全日|一整天|整天")),
          ("日", re.compile(r"日租|按天|按日|每天|每日|每晚|一天|一晚|1天|/天|/日|天价")),
          ("月", re.compile(r"月租|按月|包月|每月|每个月|一个月|1个月|/月")),
          ("年", re.compile(r"年租|按年|包年|每年|一年|1年|年费|/年")))
# a pass or ticket named by its period (全天月卡, 夜间月卡, 年卡, 日票) is what is asked about, not the period a price is
# asked for (breaker AQ, session 40: 「全天月卡（二类）多少钱？」 was refused over 价格（元/月）, 全天 against a month)
_PASS = re.compile(r"(?:全天|全日|半天|半日|白天|日间|夜间)?[日周月季年](?:卡|票|证|包)")
_WORD = {"小时": "小时|个小时|时", "半天": "半天|半日", "日": "全天|全日|天|日|晚", "月": "个月|月", "年": "年"}
_ORDER = {"小时": 0, "半天": 1, "日": 2, "月": 3, "年": 4}
_AMOUNT = re.compile(r"\d[\d,.]*\s*(?:元|块)")


def _period(word: str) -> str:
    return next((p for p, w in _WORD.items() if re.fullmatch(w, word)), "")


def asked_period(question: str) -> str:
    """The one period the question asks a price for ('' for none or several): 「日租价格多少」 → '日'."""
    found = {p for p, pattern in _ASKED if pattern.search(_PASS.sub(" ", fold(question)))}
    found -= {"日"} if "全天" in found else set()   # 「全天每天多少钱」: the whole day
    return found.pop() if len(found) == 1 else ""


_BEFORE = re.compile(r"(?:每(?:人|位|间|个|张|辆|台|座)?(?:每)?|按|月租|日租|年租)?(半天|半日|全天|个?小时|个月|天|日|晚|月|年)"
                     r"[^，,。；;|\d]{0,6}$")
_AFTER = re.compile(r"^\s*(?:/|每)\s*(?:人\s*/\s*)?(半天|个?小时|天|日|晚|月|年)")
_HEADER = re.compile(r"(?<![\d.])(?<![\d.]\s)元\s*/\s*(?:人\s*/\s*)?(半天|个?小时|天|日|晚|月|年)")   # （元/月）: no figure


def stated_periods(text: str) -> tuple[set[str], bool]:
    """(the periods the amounts of `text` are stated for, whether some amount is stated for none): 「半天1800元；全天
    3000元」 → ({'半天', '日'}, False); 「押金2000元」 → (set(), True)."""
    folded = fold(text)
    periods, flat = set(), False
    header = {_period(m.group(1)) for m in _HEADER.finditer(folded)}   # 价格（元/月）: every figure under it
    for m in _AMOUNT.finditer(folded):
        before = _BEFORE.search(folded[max(0, m.start() - 12):m.start()])
        after = _AFTER.match(folded[m.end():m.end() + 6])
        found = {_period(g.group(1)) for g in (before, after) if g} or header
        periods |= found
        flat = flat or not found
    if not periods and not flat and header and re.search(r"\d", folded):   # | 开放工位 | 1200 | under 价格（元/月）
        periods = header
    return periods - {""}, flat


def other_period(question: str, text: str) -> bool:
    """Whether every amount of the quote `text` is stated for a longer period than the question asks a price for (a
    whole day: for another period than a day), none for no period: 「日租价格多少」 over 「每人每月1200元」 → True; over
    「每天80元，每月1200元」 → False; 「一天停车多少钱」 over 「每小时8元」 → False (a shorter period's price adds up)."""
    asked = asked_period(question)
    periods, flat = stated_periods(text)
    if not asked or not periods or flat:
        return False
    if asked == "全天":   # 「路演厅全天的价格」 over 「半天1800元」
        return "日" not in periods
    return all(_ORDER[p] > _ORDER[asked] for p in periods)
