"""Number ranges: the value a question's condition names and the ranges a clause states, so that the run whose
range holds the question's number is quoted (「12 years of service」 → 「满10年不满20年的，年休假10天」).

Consumes: a question (English, Chinese or mixed) and the texts of candidate clause runs. Produces: `question_ranges(question)` → [Range] (「12 years」 → 年 [12, 12]; 「more than 5 days」 → 天 (5, ∞);
「超过5天」 → 天 (5, ∞); 「满3年」 → 年 [3, 3], a question's 满 names the point it stands at), `text_ranges(text)` →
[Range] (「满10年不满20年」 → 年 [10, 20); 「10年以上」 → 年 [10, ∞); 「5天以内」, 「5天内」, 「5日内」 → 天 [0, 5]; 「3至5天」
→ 天 [3, 5]; counting down, 「出发前14天至7天」 → 天 [7, 14], 「48小时以内至24小时以上」 → [24, 48], 「3天至出发当日」 → [0, 3];
「第8至30天」 → [8, 30]; a bare 「10天」 → 天 [10, 10], a point) and `fit(ranges, text)`, a grade: positive when the text
has a range or value of the same unit that holds the question's (higher when bounded, 「满10年不满20年」 before 「满1年后」,
and when no range of that unit beside it misses), −1 when it states ranges of that unit and none holds it, 0 otherwise.
runs.by_range orders the candidates by that grade first, the ranker's order inside each grade (tiers.py: a rule's
tiers quoted whole or the one holding the value). Units: 年, 个月, 周, 天 (工作日 counts as 天), 小时 (钟头), 分钟, 元 (万元 × 10 000), % (三成
is 30%), 人, 次, 立方米 (250方), 平方米 (「我家140平」 in 「90㎡以上至144㎡」)…; English unit words (years, months, weeks, days, hours, minutes, yuan, percent, people, times) map onto them.
Shortcuts: a number of 1000 or more before 年, or any before 年 and a month (475年9月), is a calendar year and 月/日 after
a bare number are dates, skipped; a number glued to letters or a hyphen (XR-200, P1, Q3) or after 第 is a name or an
ordinal; a lone 一 or one (一次, 一年, 哪一天) is "per" or a figure of speech; an open bound (超过, 不满, more than, less
than) is moved inward by 1e-6; numerals as numerals.py reads them (十二, 两万五千, 三千五), English number words to twenty.
"""
from __future__ import annotations

import re
from typing import NamedTuple

from .numerals import EN_NUMBERS, number

INF, EPS = float("inf"), 1e-6
_ZH_UNITS = {"年": "年", "个月": "月", "周": "周", "星期": "周", "个星期": "周", "天": "天", "工作日": "天", "个工作日": "天",
             "小时": "小时", "个小时": "小时", "分钟": "分钟", "元": "元", "万元": "元", "%": "%", "％": "%", "人": "人",
             "次": "次", "块": "元", "块钱": "元", "千元": "元", "万块": "元", "万块钱": "元", "钟头": "小时", "个钟头": "小时",
             "节": "节", "节课": "节", "课时": "节", "学时": "节", "公里": "公里", "千米": "公里", "km": "公里", "公斤": "公斤", "千克": "公斤", "kg": "公斤",
             "米": "米", "厘米": "米", "cm": "米", "个钟": "小时", "成": "%", "立方米": "立方米", "立方": "立方米", "方": "立方米", "m³": "立方米",
             "平方米": "平方米", "平米": "平方米", "平方": "平方米", "㎡": "平方米", "m²": "平方米", "m2": "平方米", "平": "平方米", "岁": "岁", "周岁": "岁",
             **{w: w for w in "张页份件台辆箱桌洞"}, "个洞": "洞"}   # a count's bands: 「100-499张」, 「3–5洞」 (DV, session 62)
# breaker Q: 远程费 by 公里; U: 学时; height (S, X, AC: 1.2米以下); 两个钟头, 三成, 250方 (AX, AW, AZ: session 41); 140平 (CE); age (CU, 51: 10周岁 was 10 周)
_EN_UNITS = {"year": "年", "month": "月", "week": "周", "day": "天", "working day": "天", "business day": "天",
             "hour": "小时", "minute": "分钟", "yuan": "元", "rmb": "元", "percent": "%", "%": "%", "people": "人",
             "person": "人", "employee": "人", "time": "次", "kilometer": "公里", "kilometre": "公里", "km": "公里",
             "kilogram": "公斤", "kg": "公斤", "year old": "岁", "years old": "岁"}
_N = r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]{1,8})"
_NUM = r"(?<![A-Za-z0-9_.\-第零一二两三四五六七八九十百千万])" + _N   # not inside XR-200, P1, 2.0, after 第 or inside 第十五
_ZH_UNIT = "(" + "|".join("平(?![台均衡安时常稳价面层房])" if u == "平" else re.escape(u) for u in sorted(_ZH_UNITS, key=len, reverse=True)) + ")"
_EN_NUM = r"(?<![\d.])\b(\d+(?:\.\d+)?|" + "|".join(EN_NUMBERS) + r")"
_EN_UNIT = (r"[\s-]*((?:working days?|business days?|years?[\s-]+old|years?|months?|weeks?|days?|hours?|minutes?|yuan|rmb|percent"
            r"|people|persons?|employees?|times|kilomet(?:er|re)s?|kms?|kilograms?|kgs?)\b|%)")
# (pattern, low: a / a+ (open) / 0, high: a / a- (open) / b / b- / inf; a, b: the match's first, last number); earlier wins
_ZH_PATTERNS = [
    (rf"(?:满|达到){_NUM}{_ZH_UNIT}?(?:以上)?[，,、]?(?:不满|未满|不足|少于|低于){_N}{_ZH_UNIT}", "a", "b-"),
    (rf"{_NUM}{_ZH_UNIT}(?:及以上|以上)[，,、]?(?:不满|未满|不足|少于|低于){_N}\2", "a", "b-"),   # 「24小时以上、不足48小时」 (BL)
    # a window counting down, 「开航前48小时以内至24小时以上」: between the two, [24, 48] (breaker AU, session 41)
    (rf"{_NUM}{_ZH_UNIT}(?:以内|以下|之内)(?:至|到|~|～|-|—|–|、|，|,){_N}{_ZH_UNIT}以上", "a", "b"),
    (rf"{_NUM}{_ZH_UNIT}?(?:\(含\)|（含）)?(?:至|到|~|～|-|—|–){_N}{_ZH_UNIT}", "a", "b"),
    # days counted from a start, 「开课后第8至30天」 [8, 30]; a question's 「第20天」 20 (breaker AW, session 41)
    (rf"第{_N}(?:天|日)?(?:至|到|~|～|-|—|–)第?{_N}(天|个?工作日)", "a", "b"),
    (rf"第{_N}(天|个?工作日)", "a", "a"),
    # a countdown to the day itself, 「出发前3天至出发当日」: [0, 3] days (breaker AR: 「临走前两天」 held by it)
    (rf"{_NUM}(天|个?工作日)(?:\(含\)|（含）)?(?:至|到|~|～|-|—|–)[\u4e00-\u9fff]{{0,2}}(?:当日|当天)", "0", "a"),
    # 「50元以上至200元」, 「50元以上、200元以下」: above the first, up to the second (breaker Q, session 35); the same unit when both are written (「100张以上，0.8元/张」 is none: the review, session 62)
    (rf"{_NUM}{_ZH_UNIT}?(?:以上|（不含）|\(不含\))[至到、，,]?{_N}(?(2)(\2)|{_ZH_UNIT})(?:（含）|\(含\)|及以下|以下|以内)?", "a+", "b"),
    # a question's 「六十多公里」, 「50余天」: more than the number, less than the next ten (or one)
    (rf"{_NUM}[多余]{_ZH_UNIT}", "a+", "step"),
    (rf"{_NUM}来{_ZH_UNIT}", "a", "a"),   # 「二十来天」: about twenty days (breaker AW)
    (rf"(?:不超过|不多于|最多|至多|不高于|不大于){_N}{_ZH_UNIT}", "0", "a"),
    (rf"(?:(?<![不未])满|达到|不少于|不低于|至少|不小于){_N}{_ZH_UNIT}", "a", "inf"),   # not 不满1年 (session 28)
    (rf"(?:超过|多于|高于|大于|逾){_N}{_ZH_UNIT}", "a+", "inf"),
    (rf"{_NUM}{_ZH_UNIT}(?:\(含\)|（含）)?(?:及以上|或以上|以上)", "a", "inf"),
    (rf"(?:不满|未满|不足|不到|没到|没满|不够|少于|低于|小于){_N}{_ZH_UNIT}", "0", "a-"),   # 不到: 「个子不到一米二」 (AC)
    (rf"{_NUM}{_ZH_UNIT}(?:\(含\)|（含）)?(?:及以下|或以下|以下|以内|之内|内(?![容部存地科外涵]))", "0", "a"),
    (rf"(?<!月){_NUM}(日)(?:以内|之内|内)", "0", "a"),   # 「30日内」, 「7天内」: up to (breaker AX, session 41)
    (rf"{_NUM}{_ZH_UNIT}", "a", "a"),
]
_EN_PATTERNS = [
    (rf"between {_EN_NUM} and {_EN_NUM}{_EN_UNIT}", "a", "b"),
    (rf"\b(?:more than|over|above|greater than|longer than|exceeding)\s+{_EN_NUM}{_EN_UNIT}", "a+", "inf"),
    (rf"\b(?:at least|no less than|not less than|a minimum of)\s+{_EN_NUM}{_EN_UNIT}", "a", "inf"),
    (rf"{_EN_NUM}(?:\+|\s+or more){_EN_UNIT}", "a", "inf"),
    (rf"{_EN_NUM}{_EN_UNIT}\s+or (?:more|longer|above)", "a", "inf"),
    (rf"\b(?:less than|fewer than|under|below|shorter than)\s+{_EN_NUM}{_EN_UNIT}", "0", "a-"),
    (rf"\b(?:at most|no more than|not more than|up to|within)\s+{_EN_NUM}{_EN_UNIT}", "0", "a"),
    (rf"{_EN_NUM}{_EN_UNIT}", "a", "a"),
]


class Range(NamedTuple):
    unit: str            # the canonical Chinese unit: 年, 月, 周, 天, 小时, 分钟, 元, %, 人, 次, 岁 …
    lo: float
    hi: float
    point: bool          # a bare value (「10天」), not a stated range


def _unit(word: str | None, english: bool) -> tuple[str, float] | None:
    """(canonical unit, multiplier) of a unit word: "days" → ("天", 1), "万元" → ("元", 10000), 日 (only in 「30日内」: no
    unit of _ZH_UNIT, a date elsewhere) → ("天", 1); None for none."""
    if not word:
        return None
    if english:
        w = re.sub(r"[\s-]+", " ", word.lower()).strip()
        w = w[:-1] if w.endswith("s") else w
        return (_EN_UNITS[w], 1.0) if w in _EN_UNITS else None
    return ("天", 1.0) if word == "日" else (_ZH_UNITS[word], _SCALE.get(word, 1.0)) if word in _ZH_UNITS else None


_SCALE = {"万元": 10000.0, "千元": 1000.0, "万块": 10000.0, "万块钱": 10000.0, "厘米": 0.01, "cm": 0.01, "成": 10.0}
_NOT_SHARE = "人员本功立交为绩果年"   # 成 after a number names no share in 三成人, 一成交 (a share: 三成, 九成新)
_HOURS = {"分钟": 1 / 60, "小时": 1.0, "天": 24.0, "周": 168.0}   # fit compares these in hours: 三天 in 48小时以上 (AU)
# the spoken decimal of a height or a price, one digit after its unit: 一米二 is 1.2米, 两块五 2.5元 (not 一米 alone, 1米20)
_SPOKEN_DECIMAL = re.compile(r"(?<![\d.零一二两三四五六七八九十])([一二两三四五六七八九]|\d)(米|块)([一二三四五六七八九])"
                             r"(?![\d零一二三四五六七八九十米块元])")
# a question's amount without its unit (报销1.5万, 三千五) when it asks about money, its year of service as an ordinal
# (工作第七年: more than 6 years, less than 7); the documents' own ranges never use either form
_MONEY_CUE = re.compile(r"报销|费用|金额|付款|采购|预算|钱|价格|价钱|售价|工资|薪|奖金|借款|合同|支出|开支|单笔|花[了费掉]|价值|保价")
_SPENT = re.compile(r"(?:报销|采购|花了?|付|支付|买|借)$")   # 报销2000: an amount, not the year 2000
_BARE_AMOUNT = re.compile(r"(?<![A-Za-z0-9_.\-第零一二两三四五六七八九十百千万号码])(\d+(?:\.\d+)?万|\d{3,9}(?:\.\d+)?|"
                          r"[一二两三四五六七八九十百千万]*[百千万][一二两三四五六七八九]?)"
                          r"(?![\d.元块人台次户个件名位家吨米辆份张条项只本套平公千亩册字股篇多余美港欧日英年月日号天周时分秒%％a-zA-Z])")
_ORDINAL_YEAR = re.compile(r"第\s*(\d{1,2}|[一二两三四五六七八九十]{1,3})\s*(?:个)?年(?![度级])")
_FIGURE = re.compile(r"(\d+(?:\.\d+)?)")


def _same_lead(question: str, text: str, value: float) -> bool:
    """Whether the two characters before `value` in the question also stand right before it in `text` (请假5天 and
    员工请假5天由分管副总审批: the same condition; 请假5天 and 年休假5天: an amount that happens to be equal)."""
    def leads(t: str) -> set[str]:
        return {t[max(0, m.start() - 2):m.start()] for m in _FIGURE.finditer(t) if float(m.group(1)) == value}
    asked = {lead for lead in leads(question) if len(lead) == 2 and not lead.isspace()}
    return bool(asked & leads(text))


_MONTH_AFTER = re.compile(r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2}|正|腊)\s*月")   # 年 then a month: a date (475年9月)


def _scan(text: str, patterns, english: bool, question: bool, taken: list | None = None) -> list[Range]:
    """The ranges `patterns` find in `text`, each stretch of text read once (`taken`: spans already read)."""
    out, taken = [], [] if taken is None else taken
    for pattern, low, high in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            groups = [g for g in m.groups() if g]
            if groups[0].lower() in ("一", "one") and len(groups) == 2 and (english or _ZH_UNITS.get(groups[1]) != "岁"):
                continue                       # 一次, 一年, 哪一天, one day: "per" or a figure of speech; 一岁 an age
            nums = [number(g) for g in groups if number(g) is not None]
            unit = next((u for u in map(lambda g: _unit(g, english), reversed(groups)) if u), None)
            if unit is None or not nums or m.group(0).endswith("成") and text[m.end():m.end() + 1] in _NOT_SHARE \
                    or groups[0] in "一二三四五六七日天" and re.search(r"(?:星期|周|礼拜)$", text[:m.start()]) \
                    or groups[-1] == "方" and not groups[0][0].isdigit():   # 三方协议, 双方: no volume
                continue                       # 三成人; 星期六星期天 (a weekday) is no 六星期
            if unit[0] == "年" and (any(n >= 1000 for n in nums) or _MONTH_AFTER.match(text, m.end())):
                continue                       # 2024年, 475年9月: a calendar year
            raw = m.groups()   # each number in its own unit's scale: 2000元至1万元 is [2000, 10000] (session 28)
            scaled = [number(g) * ((_unit(raw[i + 1], english) if i + 1 < len(raw) else None) or unit)[1]
                      for i, g in enumerate(raw) if g and number(g) is not None]
            a, b = scaled[0], scaled[-1]
            lo = {"a": a, "a+": a + EPS, "0": 0.0}[low]
            hi = {"a": a, "a-": a - EPS, "b": b, "b-": b - EPS, "inf": INF, "step": a + (10 if a >= 10 else 1) - EPS}[high]
            if (low, high) == ("a", "b") and lo > hi:   # 「出发前14天至7天」: a countdown, the days [7, 14] (breaker AR)
                lo, hi = hi, lo
            point = low == high == "a"
            if question and high == "inf" and m.group(0).startswith(("满", "达到")):
                lo, hi, point = a, a, True     # a question's 满3年: it stands at 3 years
            taken.append(m.span())
            out.append(Range(unit[0], lo, hi, point))
    return out


def text_ranges(text: str) -> list[Range]:
    """The number ranges and values a (Chinese) clause states, in the order the patterns find them."""
    return _scan(text, _ZH_PATTERNS, english=False, question=False)


def question_ranges(question: str) -> list[Range]:
    """The values and ranges a question's conditions name: English phrases, then Chinese ones.

    Example: question_ranges("How many days of leave with 12 years of service?") == [Range("年", 12.0, 12.0, True)]"""
    question = _SPOKEN_DECIMAL.sub(lambda m: f"{number(m.group(1)):g}.{number(m.group(3)):g}{'米' if m.group(2) == '米' else '元'}",
                                   question)   # the same length or longer: spans stay within the question
    taken: list = []
    found = (_scan(question, _EN_PATTERNS, english=True, question=True, taken=taken)
             + _scan(question, _ZH_PATTERNS, english=False, question=True, taken=taken))
    free = lambda m: not any(m.start() < e and s < m.end() for s, e in taken)   # noqa: E731
    if _MONEY_CUE.search(question):
        found += [Range("元", v, v, True) for m in _BARE_AMOUNT.finditer(question)
                  if free(m) and (v := _bare_amount(m, question)) is not None]
    found += [Range("年", v - 1, v - EPS, False) for m in _ORDINAL_YEAR.finditer(question)
              if free(m) and (v := number(m.group(1))) is not None and 1 <= v <= 60]
    return found


def _bare_amount(m: re.Match, question: str) -> float | None:
    """The amount in 元 of a _BARE_AMOUNT match `m` of `question` (1.5万 → 15 000, 三千五 → 3 500); None for no number or
    a year (2026), unless the question spends it (采购2000)."""
    word = m.group(1)
    value = number(word[:-1]) * 10000 if word[0].isdigit() and word.endswith("万") else number(word)
    if value is None or re.fullmatch(r"(?:19|20)\d\d", word) and not _SPENT.search(question[:m.start()]):
        return None
    return value


def is_condition(word: str, question: str) -> bool:
    """Whether `word` is a number the question states as a condition (报销9999元, 工作12年, 报销1.5万, 工作第七年:
    question_ranges holds it, in its own scale: 1.5 of 1.5万 is 15 000), which a stated range answers (「2000元至1万元」),
    not a topic the documents must write (session 28)."""
    if m := _ORDINAL_YEAR.fullmatch(word):
        return number(m.group(1)) is not None
    m = re.fullmatch(r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千万]{1,8})(?:万元?|千元?|元)?", word)
    value = number(m.group(1)) if m else None
    return value is not None and any(abs(v - value * scale) < 1e-3 for r in question_ranges(question)
                                     for v in (r.lo, r.hi) if v != INF for scale in (1.0, 1000.0, 10000.0))


def _nested(a: Range, b: Range) -> bool:
    """Whether one range holds the other (超过4小时 is held by 超过4小时 or 4至8小时, not by 24小时内 or 2小时至24小时)."""
    return b.lo <= a.lo + EPS and a.hi <= b.hi + EPS or a.lo <= b.lo + EPS and b.hi <= a.hi + EPS


def fit(ranges: list[Range], text: str, question: str = "") -> float:
    """How well `text` answers the condition of the question's `ranges`, from 4 to −1: a range of the same unit
    holds one of them, bounded (「满10年不满20年」, 「3至5天」) 4 or unbounded (「满1年后」, 「超过5天」) 2, one less when
    the text also states a range of that unit that misses it (「满1年不满10年…；满10年不满20年」 3); only the same bare
    value 0.5, an amount that happens to be equal (「年休假5天」 for 请假5天; session 27: 「请假5天谁批」 quoted it before
    「3天以上由部门负责人和人力资源总监共同审批」), unless the `question`'s words lead to it in the text as well
    (「员工请假5天由分管副总审批」: the condition itself, 4); 0 when it says nothing of that unit; −1
    when its ranges of that unit all miss. A value (12 years) is held by a range or the same value; a range (more than
    5 days) by a stated range inside it or around it (a bare 「13天」 is an amount, not a condition). An unbounded range
    that holds the value gains up to 0.5 the nearer its bound is to it (「满10万元的」 before 「满1万元的」 for 10万:
    breaker F's 保价费率, session 35). Times are compared in hours (三天 is in 「48小时以上」). A text holding one condition and
    missing another (「第31至90天 | 不超过50%」 for 第20天 and 不到三成) grades 0.5 at most."""
    if not ranges:
        return 0
    stated, grades = text_ranges(text), []
    hours = lambda r: Range("小时", r.lo * _HOURS[r.unit], r.hi * _HOURS[r.unit], r.point)  # noqa: E731
    for asked in ranges:
        # a time in hours against the text's in its unit or a finer one (三天 in 48小时以上; 超过4小时 is no 1个工作日内)
        q = hours(asked) if asked.unit in _HOURS else asked
        same = [r for r in stated if r.unit == asked.unit] if q is asked else \
            [hours(r) for r in stated if r.unit in _HOURS and _HOURS[r.unit] <= _HOURS[asked.unit]]
        held = [r for r in same if r.lo <= q.hi and q.lo <= r.hi and (q.point or not r.point and _nested(q, r))]
        missed = [r for r in same if not r.point and r not in held]
        # a condition the text states (以上, 满…不满, 以内); 「7天内」 for 七天 holds it at its bound: the same number
        stated_held = [r for r in held if not r.point and not (q.point and r.lo == 0 and r.hi == q.lo)]
        bounded = any(r.hi < INF for r in stated_held)
        if stated_held:   # of unbounded ones, the one starting nearest the value is the tier (满10万元 for 10万, not 满1万元)
            near = max(r.lo for r in stated_held) / q.lo * 0.5 if q.point and not bounded and q.lo > 0 else 0.0
            grades.append(2 + 2 * bounded - bool(missed) + near)
        elif held:   # the same bare value: a condition when the same words lead to it (请假5天 / 员工请假5天由…审批)
            grades.append(4 - bool(missed) if _same_lead(question, text, asked.lo) else 0.5)
        else:
            grades.append(-1 if missed else 0)
    best = max(grades) if max(grades) > 0 else min(grades)
    # one condition held and another's unit stated and missed (第31至90天 for 第20天 holds 不超过50% for 不到三成): no tier
    return max(best - 3.5, -1) if best > 0 and min(grades) < 0 else best
