"""Numbered members of a series: the line, building, floor or gate (6号线, 21幢, 3层), the edition or phase (第三期), the room or
screen size (8人间, 27寸), the grade (二级), a course's volume (英语（二）), each with its number.

Consumes: a text, folded and lower-cased (series.named does both). Produces: `members(text)` → {(unit, number)}, the
unit named by the classifier: 「6号线」 → ("no:号线", 6), 「第三期」 → ("no:第期", 3), 「二级」 → ("no:级", 2), 「英语（二）」
→ ("no:英语（）", 2) (the two characters before the bracket name the series); a range or list of members names each one:
「21—24幢」 → ("no:幢", 21) … ("no:幢", 24), 「1、2号楼」 → 1 and 2.
Why: a question about another member shares every word but one numeral with the passage on its sibling, so its
cosines and overlaps look like an answerable question's (session 22: 「6号线」 over a passage on 1号线); series.mismatch
refuses on it. A range must name every member it spans, or a question on one of them is refused as a sibling
(breaker CE, session 47: 「那二期21幢呢？」 refused over 「二期21—24幢：无货梯」); a course's numbered volume is such a
member too (breaker CD: 「英语（一）在哪天考？」 quoted the 英语（二） row of a timetable that lists no 英语（一）), and so is
a floor (breaker CF: 「市民中心大厅B座6层办什么业务？」 was answered over 「B座3—5层：贷款业务区」).
Shortcuts: a numbered member is 1–3 digits before 号线/号楼/号门/号馆/号厅/号院/号窗口/栋/幢/层 or a bus route's 路 (not
路口, 路段, 路线 …), a Chinese numeral before the 号… forms only (一栋, 一路 are counts), or N号 / N价 before a noun
(4号缆车, 九价HPV); an edition, phase or tier is 第N期/届/批/轮/阶段/代/档 (not 第N条/章/节: an article's number heads
its text), a numbered place 第N医院/食堂/车间…; a grade is 1–2 digits or Chinese numerals before 级 (二级动火, 3级响应;
not 上一级 or 较高一级, a step, nor 二级及以上, a bound); a volume is one numeral from 一 to 十 (or 1–10) in brackets
right after two Chinese characters; a range (至, 到, —, ~, -) spans at most MAX_SPAN members, in digits only; a size (米, 平方米, 立方米, 吨, 匹) only
right before a noun and not after a bound, a range's start or a measure's name (_sizes), its value a string.
"""
from __future__ import annotations

import re

from .numerals import number

MAX_SPAN = 60   # members a range of numbered buildings or lines may span to be read member by member (21—24幢)
_HAO = "号线|号楼|号门|号馆|号厅|号院|号窗口"
# (pattern, unit prefix): each match's group 1 is the number, group 2 the classifier that names the unit
_NUMBERED = ((re.compile(r"(?<![\d.a-z第])(\d{1,3})\s*(" + _HAO + r"|栋|幢|层|路(?![口段面费况径由上下边过线程]))"), ""),
             (re.compile(r"(?<![\d.a-z第])([一二两三四五六七八九十]{1,3})(" + _HAO + ")"), ""),
             (re.compile(r"第\s*(\d{1,3}|[一二两三四五六七八九十百]{1,4})\s*(期|届|批|轮|阶段|代|档)"), "第"),   # 第三期, 第二届, 第三档
             (re.compile(r"第\s*(\d{1,2}|[一二三四五六七八九十]{1,3})\s*(?:人民)?(医院|中学|小学|幼儿园|食堂|餐厅|分院|门诊部|营业部|"
                         r"分公司|车间|教学楼|宿舍楼?|实验室|会议室|候车室|阅览室|分中心|服务站)"), "第"),   # 第二人民医院 (BK)
             # a room's or screen's size (32人间 over 8人间, 32寸 over 27寸: breakers R, Z), not a photo's; a line's (40M, 20A; BW)
             (re.compile(r"(?<![\d.a-z第])(\d{1,4}|[一二两三四五六七八九十]{1,2})\s*(人间|英寸|寸(?!照)|(?:mbps|m|kw|w|a)(?![a-z\d级类]))"), ""),
             (re.compile(r"(?:第\s*)?(首|\d|[二三四五])\s*(套)(?=房|住房|住宅|商品房|贷款|公积金|利率)"), ""),   # 首套房
             (re.compile(r"(?<![\d.a-z第月])(\d{1,3}|[一二两三四五六七八九十]{1,3})\s*(价|号)(?=[a-z\u4e00-\u9fff])(?![线楼门馆厅院窗前后起至到以之及或的])"), ""),   # 九价HPV, 4号缆车 (BD, BE)
             # a numbered grade (二级动火, 3级响应), not a relative step (上一级, 较高一级) or a bound (二级及以上)
             (re.compile(r"(?<![\d.a-z第高低上下升降逐每越跨])(\d{1,2}|[一二三四五六七八九十]{1,2})\s*(级)(?!别|及?[以或]?以?[上下])"),
              ""))
# a range or list of numbered buildings, lines or gates: 「21—24幢」, 「3至5号楼」, 「1、2号线」 (the last number is the
# _NUMBERED match; the ones before it are read here)
_SPANNED = re.compile(r"(?<![\d.a-z第])((?:\d{1,3}\s*(?:至|到|~|～|-|—|–|、|和|及)\s*)+)(\d{1,3})\s*(" + _HAO + "|栋|幢|层)")
_STEP = re.compile(r"(\d{1,3})\s*(至|到|~|～|-|—|–|、|和|及)\s*(?=(\d{1,3}))")
_VOLUME = re.compile(r"([\u4e00-\u9fff]{2})[（(]\s*([一二三四五六七八九十]|10|[1-9])\s*[）)]")


# a size that names a kind (9.6米的货车 beside 4.2米 and 7.6米厢式货车, 6平方米的仓 beside 3㎡: breaker DR, session 61), or a
# list of them (4.2米、6.8米货车): numbers and their unit right before a noun, not a bound, a range's end, a distance or
# a measure (超过30米的, 每超出10米, 按10米计算, 首10米免费, 1.5匹及以下, 80平方米以内, 1.2米至1.5米的儿童, 身高为1.3米, 100米跑,
# 搬运50米, 步行500米即到, 运送5吨货物, 建筑面积80平方米); a list or a comma before one is no bound (4.2米车型300元，7.6米车型500元)
_SIZE_UNITS = r"平方米|平米|m2|立方米|米|吨|匹"
_SIZES = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s*(" + _SIZE_UNITS + r")(?:\s*[、/／和及或]\s*\d{1,3}(?:\.\d{1,2})?\s*\2)*")
_SIZE_BEFORE = re.compile(r"(?:[\d.a-z第超过出满足距离约近达每于至到~～\-—–高长宽重深径为按隔首运送行积地量度拔站]|\d[,，]|大于|小于)\s*$")
_SIZE_AFTER = re.compile(r"\s*的?\s*(?:[以及或内外处远长高宽深距之至到收计算免起按每为时后前跑配与和即\-—–~～]|左右|上下|范围)")
_SIZE_NOUN = re.compile(r"\s*的?[\u4e00-\u9fffa-z]")
_SIZE_UNIT = {"平米": "平方米", "m2": "平方米"}
_SIZE_NUMBER = re.compile(r"(\d{1,3}(?:\.\d{1,2})?)\s*(?:" + _SIZE_UNITS + ")")


def _sizes(text: str) -> set[tuple[str, str]]:
    """("size:米", "7.6") for each size `text` names before a noun (_SIZES less the bounds and measures around it), its
    value normalised (7.60 → 7.6) and kept a string: 7.6 is not 7."""
    found = set()
    for m in _SIZES.finditer(text):
        if _SIZE_BEFORE.search(text[max(0, m.start() - 3):m.start()]) or _SIZE_AFTER.match(text, m.end()) \
                or not _SIZE_NOUN.match(text, m.end()):
            continue
        unit = "size:" + _SIZE_UNIT.get(m.group(2), m.group(2))
        found |= {(unit, n.rstrip("0").rstrip(".") if "." in n else n) for n in _SIZE_NUMBER.findall(m.group(0))}
    return found


def members(text: str) -> set[tuple[str, int | str]]:
    """The (unit, number) numbered members `text` (folded, lower-cased) names.

    Example: members("二期21—24幢无货梯；英语（二）") == {("no:幢", 21), ("no:幢", 22), ("no:幢", 23), ("no:幢", 24),
    ("no:英语（）", 2)}; members("7.6米厢式货车") == {("size:米", "7.6")}"""
    found: set = set()
    for pattern, prefix in _NUMBERED:
        for m in pattern.finditer(text):
            value = 1.0 if m.group(1) == "首" else number(m.group(1))   # 首套 is the first
            if value is not None and value == int(value):
                found.add((f"no:{prefix}{m.group(2)}", int(value)))
    for m in _SPANNED.finditer(text):
        unit = f"no:{m.group(3)}"
        for step in _STEP.finditer(m.group(0)):
            a, b = int(step.group(1)), int(step.group(3))
            spanned = range(a, b + 1) if step.group(2) not in "、和及" and 0 < b - a <= MAX_SPAN else (a,)
            found |= {(unit, n) for n in spanned}
    found |= _sizes(text)
    for m in _VOLUME.finditer(text):
        found.add((f"no:{m.group(1)}（）", int(number(m.group(2)))))
    return found
