"""Which column of a table a question asks for: the header names of a quoted row, and the tie-breaks between
columns the question names alike.

Consumes: a table chunk and a quote's span in it (table_columns), or a question with the column names and cells of a
quoted row or record (cells.py's scores). Produces: `table_columns` (the header's name of each quoted cell), `row_cells` (a row quote's cells and offsets),
`core` (a column name without its unit), `beside` (a word next to a question word), `beside_question_word` (the
one column named by the word next to the question word: 星期几 → 星期, 哪间教室 → 教室),
`asked_by_kind` (the one named column whose cell holds the kind of value asked: 什么时候接待 → 接待时间, not 研究生秘书),
`hours_column` (a place's opening hours for a question whether it is open: 浦东店礼拜一开门吗 → 营业时间), `told_cell`
(the one cell a yes/no question names a word of: 能退票不 → 仅售票，不办理改签和退票), `unlisted_column` (a plan the
question names beside the columns 基础版 | 升级版 | 尊享版 that none of them is: 至尊版).
Shortcuts: question words are a fixed list (几 but of a unit, 哪 and one character after it, 什么); kinds are checked by
answertype.has_type on the cell (a clock time counts as a date: 什么时候接待 → 「14:30-17:00」).
"""
from __future__ import annotations

import re

from .answertype import has_type
from .chunks import TABLE_ROW, TABLE_RULE, Chunk
from .groups import group_members
from .lexical import fold
from .siblings import _BRACKETED, shared_ending, unlisted_name

# a question word: a column named by its whole name right before it (星期几) or right after it (哪间教室, 什么时间) is
# asked; not before 几 of a unit (几天, 几个人: the unit is asked), nor before 多少 or 是什么 (「套餐多少钱」: 套餐 names the row;
# 「对外观的要求是什么」: 要求 is the head of 外观's column too)
_BEFORE = re.compile(r"几(?![钱元块天年月日号时点分秒次个人张件位家岁米斤克吨倍层楼间项门条台辆])")
_AFTER = re.compile(r"哪[一个间家位种类条座栋层号天些]?|什么")


def core(name: str) -> str:
    """A column name without its bracketed unit, folded: 「單價（元）」 → 「单价」."""
    return fold(re.sub(r"[（(][^（）()]*[）)]", "", name)).strip()


def beside(word: str, question: str) -> bool:
    """Whether `word` stands right before a question word (「星期几」) or right after one (「哪间教室」) in the last sentence
    of the folded `question` (a follow-up asked with its previous question: 「…平日价多少？ 周末呢？」 asks in 周末呢)."""
    last = re.split(r"[？?。！!]\s*", question.strip("？?。！! "))[-1]
    return any(_BEFORE.match(last, m.end()) or any(q.end() == m.start() for q in _AFTER.finditer(last, 0, m.start()))
               for m in re.finditer(re.escape(word), last))


def beside_question_word(question: str, named: list[list[str]], columns) -> int | None:
    """The index of the one column of `columns` whose whole name (`core`) is a word of `named` (per column, the
    question's words that name it) `beside` a question word in the folded question; None when none or several are.
    Example: beside_question_word("社区剧团是星期几上课？", [["星期"], ["上课"]], ["星期", "上課時間"]) == 0"""
    q = fold(question)
    hits = [i for i, (words, name) in enumerate(zip(named, columns)) if any(w == core(name) and beside(w, q) for w in words)]
    return hits[0] if len(hits) == 1 else None


def asked_by_kind(kind: str, named: list[int], columns, values: list[str]) -> int | None:
    """Of the columns the question names (`named`: indices into `columns` and `values`, the cells' texts), the one whose
    cell holds the kind of value asked (answertype: 'date', 'place', a quantity in a unit other than money: 多久 → a
    duration; a clock time counts as a date), when exactly one does; None otherwise or for another kind.
    Example: 「研究生秘书什么时候接待」 names 研究生秘书 (周磊) and 接待时间 (周三、五 14:30-17:00): 接待时间."""
    if kind == "date":
        fits = [i for i in named if has_type("date", values[i]) or has_type("number:clock", values[i])]
    elif kind == "place":
        fits = [i for i in named if has_type("place", f"{columns[i]} {values[i]}")]
    elif kind.startswith("number:") and kind != "number:money":   # 多久检验一次: 检验周期's 每2年, not 检验费's 180 (CJ)
        fits = [i for i in named if has_type(kind, values[i])]
    else:
        return None
    return fits[0] if len(fits) == 1 else None


_HOURS = re.compile(r"(?:营业|开放|办公|服务|工作|接待|开馆|营运)(?:时间|时段|安排)")   # a place's opening hours
# a question whether a place is open: 开门吗, 周末开不开, or a day or time with 还能…不 / 能去…吗 (no column named)
_OPEN = re.compile(r"开门|关门|开着|开不开|关不关|营业(?![厅部点所执额税])|开放(?![日式性])|开馆|闭馆|歇业")
_WHEN = re.compile(r"周[一二三四五六日天末]|礼拜|星期|节假日|假期|过年|春节|国庆|晚上|早上|上午|下午|中午|半夜|凌晨|夜里|\d+点|[一二三四五六七八九十]+点")
# a yes/no question: one ending in 吗 / 不 / 没 / 么, or asking A不A (开不开, 要不要); also detail.py
YES_NO_END = re.compile(r"(?:吗|[不没]|么)\s*[?？!！啊呀]?\s*$|(.)不\1")


def asks_open(question: str) -> bool:
    """Whether `question` asks yes or no whether a place is open (at a time): 「城南那个馆周一早上开门不？」, 「周末能去西湖那个
    店不」, 「晚上十一点多了，火车站那边还能交电费不」; not which place or day (「哪个营业厅开门」, 「哪天不开门」), nor 「休息日加班费
    怎么算」."""
    q = fold(question)
    return "哪" not in q and bool(YES_NO_END.search(q)) and bool(
        _OPEN.search(q) or _WHEN.search(q) and re.search(r"还能|能去|能不能去|可以去|去.{0,8}(?:行|可以)", q))


# a yes/no question (能退票不？, 有没有, 开不开, 吗) that asks no price (多收钱吗: the price column) nor which one (哪些服务点…);
# 这几天 / 那几天 ask no number
WHETHER = re.compile(r"^(?!.*(?:哪|谁|什么|(?<![这那])几|多少)).*(?:(?:吗|[不没])\s*[?？!！啊呀]?\s*$|(.)[不没]\1)")
MONEY = re.compile(r"钱|费|价|元|贵|便宜|折|优惠|金")
WHERE = re.compile(r"地点|地址|位置|所在|场所|楼层|门牌|办公室|在哪")   # where: 「成都IT服务台在哪里」 → 办公地点 (BO, session 43)
_DAY = re.compile(r"(?:礼拜|星期)([一二三四五六日天])")


def told_cell(question: str, columns, values: list[str], words: set[str], skip) -> int | None:
    """The one cell past the first two (a key, or a code and a name) that a yes/no question asking no money names, and
    not a place's or phone's: it holds a word of `words` (the question's, not of the name in values[1]), the day of the
    week the question names (礼拜天 → 周日) or its holiday or kind of day (过年 → 春节: groups.py); else None. Example:
    「火车站那个代售点能退票不？」 → 「仅售票，不办理改签和退票」; 「东港那边周三能去办事吗」 → 备注's 周三, not 办公时间 (session 48)."""
    q = fold(question)
    if not WHETHER.search(q) or MONEY.search(q):
        return None
    days, named = {"周" + d.replace("天", "日") for d in _DAY.findall(q)}, {m for m in group_members(q) if m[0] in ("节日", "日别")}
    folded = [fold(v) for v in values]
    told = [i for i in range(2, len(values)) if i not in skip and not re.search(WHERE.pattern + "|电话", columns[i])
            and (any(w in folded[i] and w not in folded[1] for w in words | days) or named & group_members(folded[i]))]
    return told[0] if len(told) == 1 else None


def hours_column(question: str, columns, usable: list[int]) -> int | None:
    """The column of `usable` (indices into `columns`) of a place's opening hours (营业时间, 开放时间, 办公时间…) when
    `question` asks whether it is open (asks_open); of several, the one whose name (core) shares the most characters with
    the question (the first of equals); else None."""
    hours = [i for i in usable if _HOURS.search(fold(columns[i]))] if asks_open(question) else []
    share = [len(set(core(columns[i])) & set(fold(question))) for i in hours]
    return hours[share.index(max(share))] if hours else None


def _cells(row: str, offset: int = 0) -> list[tuple[int, int]]:
    """(start, end) of each cell of a `| a | b |` line, between its pipes (spaces included), plus `offset`."""
    pipes = [i for i, ch in enumerate(row) if ch == "|"]
    return [(offset + a + 1, offset + b) for a, b in zip(pipes, pipes[1:])]


def row_cells(quote: str, start: int) -> list[tuple[int, int, str]]:
    """[(start, end, text)] of each cell of a table row quote 「a | b | c」 at document offset `start`, spaces trimmed."""
    cells, at = [], 0
    for part in quote.split("|"):
        lead = len(part) - len(part.lstrip())
        cells.append((start + at + lead, start + at + len(part.rstrip()), part.strip()))
        at += len(part) + 1
    return cells


def table_columns(chunk: Chunk, start: int, end: int) -> tuple[str, ...]:
    """The column names of a quoted table row: for the document span [start, end) of a table chunk, the
    header's name of each cell the quote holds, in order (aligned with `quote.split("|")`), taken from the
    header row in the chunk's context (the last one with as many cells as the row). () when the span is
    not a whole row (a cell cut off), the chunk is no table row, or its context holds no such header.

    Example: for a chunk "| 保温杯 | 350ml | 89元 |" at 0 whose context is "价格表\n| 品名 | 容量 | 价格 |",
    table_columns(chunk, 2, 19) == ("品名", "容量", "价格")   (the quote 「保温杯 | 350ml | 89元」)
    """
    off, text = chunk.start, chunk.text
    if chunk.kind != "table" or not off <= start < end <= chunk.end or "\n" in text[start - off:end - off]:
        return ()
    a = text.rfind("\n", 0, start - off) + 1
    b = text.find("\n", end - off)
    line = text[a:len(text) if b < 0 else b]
    if not TABLE_ROW.match(line):
        return ()
    cells = _cells(line, off + a)
    filled = [(s + len(t) - len(t.lstrip()), e - len(t) + len(t.rstrip()))
              for (s, e), t in ((c, text[c[0] - off:c[1] - off]) for c in cells) if t.strip()]
    if not filled or any(s < start or e > end for s, e in filled):   # a cell (partly) outside the quote
        return ()
    header = next((h for h in reversed(chunk.context.split("\n")) if TABLE_ROW.match(h) and not TABLE_RULE.match(h)
                   and len(_cells(h)) == len(cells)), None)
    if header is None:
        return ()
    return tuple(header[s:e].strip() for (s, e), (cs, ce) in zip(_cells(header), cells) if cs < end and ce > start)


MIN_NAMED = 3   # value columns sharing an ending that make a series of plans or editions (two are a pair)


def unlisted_column(question: str, chunk: Chunk, start: int, end: int, tagger) -> str:
    """The question's name of a sibling of the value columns of a quoted table row that none of them is, or "": 至尊版
    over a row 「一般医疗年度免赔额 | 1万元 | 5000元 | 2000元」 under 「| 项目 | 基础版 | 升级版 | 尊享版 |」 (breaker CP, session
    50: the plan the question names does not exist). The columns past the first (the row's name), MIN_NAMED or more side
    by side, their bracketed units aside, must share an ending (版), the longest such run of them when other columns stand
    beside it (「计价单位 | 主治医师 | 副主任医师 | 主任医师 | 医保可否支付」: 住院医师 is none, breaker DP, session 60); a name
    the row or its header writes is no sibling (siblings.unlisted_name, head 1)."""
    names = [fold(_BRACKETED.sub("", n.strip())) for n in table_columns(chunk, start, end)[1:]]
    runs = [names[i:j] for i in range(len(names)) for j in range(i + MIN_NAMED, len(names) + 1)]
    series = max((r for r in runs if all(r) and shared_ending(r)), key=len, default=[])
    return unlisted_name(question, series, [fold(chunk.text), fold(chunk.context)], "", tagger, 1) if series else ""
