"""The cell of a quoted table row, or the field of a sheet record, that a question asks for: the answer's bold focus.

Consumes: the question, the quote (a table row 「上海 | 650 | 950 | 100」 with its column names from columns.table_columns,
or a record 「型号：XR-500；单价（元）：12800」 from readers/sheets.py), the focus so far and the corpus lexicon.
Produces: `cell_focus(...)`, the focus's document offsets; `fields(record, start)`, a record's values and names.
Shortcuts: columns are matched by the characters of the question's search words they hold (no synonyms: 谁批 does
not reach 审批人, the asked kind does); a record's fields are split at ；and named before the first ：; a cell that lists
values for several members of a group (本科…，硕士…) is narrowed to the clause on the asked one (`member_clause`);
ties between named columns are broken by the word beside the question word and by the kind asked (columns.py).
"""
from __future__ import annotations

import re

from .answertype import answer_type, has_type
from .columns import MONEY, WHERE, asked_by_kind, beside, beside_question_word, core, hours_column, row_cells, told_cell
from .contacts import contact_kind, writes_contact
from .lexical import fold
from .ranges import fit, question_ranges
from .series import member_part
from .signals import bigrams, is_latin
from .values import lacks_value


def fields(record: str, start: int, header: frozenset[str] | None = None) -> tuple[list[tuple[int, int, str]], tuple[str, ...]]:
    """([(start, end, value)] of each 「name：value」 field of a record at `start`, their names); `header` (header_names):
    another 「name：」 goes on in the value (「说明：旺季：…；淡季：…」 is one field), as a time's colon always does."""
    cells, names, at = [], [], 0
    for part in re.split(r"(?<=[；;])", record):
        m = re.match(r"\s*([^：:；;]{1,30})[：:]\s*(.*?)[；;\s]*$", part)
        if m and not (cells and (header is not None and m.group(1).strip() not in header or _TIME.search(part))):
            names.append(m.group(1).strip())
            cells.append((start + at + m.start(2), start + at + m.end(2), m.group(2)))
        elif cells and part.strip(" ；;"):   # a value's own ；(「出诊时间：周一至周五全天；周日上午」): the field goes on
            end = start + at + len(part.rstrip(" ；;\n"))
            cells[-1] = (cells[-1][0], end, record[cells[-1][0] - start:end - start])
        at += len(part)
    return cells, tuple(names)


_TIME = re.compile(r"^[^：:]*\d[：:]\d")   # a time's colon first (「营业时间：…；周六、周日9:00-21:00」: breaker DZ)
_BARE_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")   # a cell of digits alone: its unit is the table's (a column named by the question)


def cell_focus(question: str, quote: str, start: int, columns: tuple[str, ...], focus: tuple[int, int],
               lexicon, record: bool = False, terms: tuple[str, ...] | list[str] = (), caption: str = "") -> tuple[int, int]:
    """`_cell_focus`, then narrowed to the clause on the asked member when the cell lists several (`member_clause`).
    A long record's later chunk is read after `caption`, its row's name (tablerows.focus_caption), as its key fields."""
    if record and caption:   # 「编号：QT02；名称：园区店」: the chunk's own first field is no key; a focus there leaves `focus`
        head = caption + "；"
        got = _cell_focus(question, head + quote, start - len(head), columns, focus, lexicon, record, terms)
        return member_clause(question, quote, start, got if got[0] >= start else focus)
    return member_clause(question, quote, start, _cell_focus(question, quote, start, columns, focus, lexicon, record, terms,
                                                             caption))


def member_clause(question: str, quote: str, start: int, focus: tuple[int, int]) -> tuple[int, int]:
    """The clause (split at ，；。 and line ends) of a one-cell focus (document offsets; no 「|」 inside) that names the
    member of a group the question asks about (series.member_part: 本科, 上午, 夜班, 2024年), when it is the only one that
    does and another clause names another member of that group; else `focus`.
    Example: 「本科学历加几分」 over the cell 「本科计30分，硕士研究生计60分，博士研究生计90分」 → 「本科计30分」.
    Only table cells and record fields: in running text the same narrowing cost CMRC tune 2 focus hits (session 30:
    a date or an ordinal heads its sentence, and the value is in the clauses after it)."""
    fs, fe = focus
    text = quote[fs - start:fe - start]
    if "|" in text or fs < start:
        return focus
    parts = [(m.start() + fs, m.end() + fs) for m in re.finditer(r"[^，,；;。\n]+", text) if m.group(0).strip()]
    return member_part(question, quote, start, parts) or focus


def _cell_focus(question: str, quote: str, start: int, columns: tuple[str, ...], focus: tuple[int, int],
                lexicon, record: bool = False, terms: tuple[str, ...] | list[str] = (), caption: str = "") -> tuple[int, int]:
    """The bold focus (document offsets) of a quoted table row `quote` at `start` whose cells' column names are
    `columns` (table_columns), or of a sheet record (`record`: 「型号：XR-500；单价（元）：12800」, its fields'
    values under their names); `terms` are more words of the question (an English question's Chinese terms:
    Retriever.translated, managers → 经理); `caption` the table's context (heading, caption, header rows), whose
    line 「单位：元/次」 states the unit of every column; `focus` when none of these holds:
    - the cell under the one column whose name holds the most characters of the question's words (lexicon.tokenize,
      two characters or more, not in the key cell), when that column is not the first (the key: 「哪个维度的核心表现
      是…」 asks for it; a question that names the key cell does not), the cell is not empty and, when the question
      asks for a kind of value by its form (answertype: 谁 → a name, 多少 → a number, 多少钱 → an amount), the cell
      with its column name holds one (values.lacks_value: the unit may be in the column name);
    - else, for a quantity asked in a unit (几个工作日, 多少钱) or a name (谁批), the one cell that holds one, or of
      several the one whose column name alone shares a character with the question (早上几点: 早班发车, not 晚班返程发车;
      谁讲: 讲师; a place asked: the column named 地点, 地址, 位置…. A date (哪天到: 预计到货日期, not 申请日期) was tried: on
      the tune halves it bolded a date where the answer was a period or a note, 4 losses for none; session 29).
    Example: 「上海经理住宿标准多少」 over 「上海 | 650 | 950 | 100」 under 城市 / 普通员工住宿标准（元/晚） / 经理及以上 住宿标准
    （元/晚） / 伙食补助（元/天）: 950 (经理 decides); 「上海住宿标准多少」 names two columns alike and keeps the whole row."""
    if record:
        cells, columns = fields(quote, start)
    else:
        cells = row_cells(quote, start)
    if len(columns) < 2 or len(cells) != len(columns):
        return focus
    kind, key = answer_type(question), fold(cells[0][2])
    # what is bold: a table cell (its column name is shown above the row), a record's whole field 「早班发车：06:50」
    # (its name is in the text: bold with the value it says what the value is)
    bold = [(c[0] - len(re.split(r"[；;]", quote[:c[0] - start])[-1].lstrip()), c[1]) if record else c[:2] for c in cells]
    unit = " ".join(re.findall(r"单位\s*[:：][^\n|]*", caption))   # 「单位：元/次」 above the table: every column's unit

    contact = contact_kind(question)   # 电话 over a column named 座机, 邮箱 beside HR负责人 (breaker Y, session 37)

    def holds(i: int, named: bool = False) -> bool:   # the cell is not empty and holds the kind of value asked (该找谁 over
        if not cells[i][2].strip("—–-－/／ "):            # a phone number: no; a dash is no value: 「用水量范围：—」, AZ)
            return False
        if named and _NONE.fullmatch(cells[i][2].strip()):   # the column asked says there is none: 「别墅没电梯每层加多少钱？」
            return True   # 「无电梯每层加价（元/层）：不适用」, not the 3980 of 基础价格 (breaker BF, session 42)
        if named and kind.startswith("number") and _BARE_NUMBER.fullmatch(cells[i][2]):   # 「IMAX厅周一至周四多少钱」: 79
            return True   # under 周一至周四 (its unit in the sheet's name, 票价表), not the 备注 cell's 押金20元 (breaker AC)
        if named and kind == "name" and len(cells[i][2].strip()) <= 8 and not re.search(r"\d", cells[i][2]):
            return True   # 谁 of a column the question names (讲师是谁): its short cell is the name (「羅建成」: jieba tags no name)
        if contact:
            return writes_contact(contact, cells[i][2])
        if kind.startswith("number:"):
            return not lacks_value(question, cells[i][2], f"{unit} {columns[i]}")
        return kind not in ("name", "number") or has_type(kind, f"{columns[i]} {cells[i][2]}")

    words = {w for w in [*lexicon.tokenize(question), *map(fold, terms)] if len(w) >= 2 and w not in key}
    topic = fold(" ".join(line for line in caption.split("\n") if not line.lstrip().startswith("|")))   # its heading
    # a word the cell itself holds names the row there, not the column asked for (「尊享套餐男价格」: 套餐 in 尊享套餐（男）
    # under 套餐名称 is the row's name; 价格 asks for 价格（元）; breaker H, session 33)
    q = fold(question)   # … unless it is the column's whole name, beside the question word (哪间教室 over 陶艺教室)
    named = [[w for w in words if w in fold(name) and (w not in fold(cell[2]) or w == core(name) and beside(w, q))]
             for name, cell in zip(columns, cells)]
    scores = [sum(map(len, ws)) for ws in named]
    # a column named by the table heading's words only (时限 of 「二、清洁时限」), or columns named alike: the question's
    # character pairs outside the heading and the row's key decide, when they name one column (续住: 住客房（续住）; jieba
    # cut 「双床房续住」 as 双床/房续/住; breaker L, session 34); pairs the column's own cell holds name the row there
    # (停车场名称: 体育中心停车场, breaker AQ, session 40)
    at = scores.index(max(scores))
    by_topic = all(w in topic for w in words if w in fold(columns[at]) and w not in fold(cells[at][2]))
    if max(scores) > 0 and (by_topic or scores.count(max(scores)) > 1):
        grams = bigrams(question) - bigrams(topic) - bigrams(key)
        own = [len({g for g in grams if g not in bigrams(cell[2]) or g == core(name) and beside(g, q)} & bigrams(name))
               for name, cell in zip(columns, cells)]
        scores = own if max(own) > 0 and own.count(max(own)) == 1 else scores
    if max(scores) > 0 and scores.count(max(scores)) > 1:   # 「社区剧团是星期几上课」: 星期 (before 几), not 上课 (上课时间)
        near = beside_question_word(question, [ws if v == max(scores) else [] for ws, v in zip(named, scores)], columns)
        scores = [v + 0.5 * (i == near) for i, v in enumerate(scores)]
    if max(scores) > 0 and scores.count(max(scores)) > 1 and not re.search("哪|什么|谁", question):   # 「深圳分公司HR的邮箱」:
        # HR负责人 and 邮箱 tie, and the head noun, last, is asked (not after a question word: 「哪个维度的核心表现是…」)
        ends = [max((fold(question).rfind(w) + len(w) for w in words if w in fold(name) and w not in fold(cell[2])), default=-1)
                if v == max(scores) else -1 for name, cell, v in zip(columns, cells, scores)]
        scores = [v + 0.5 * (e == max(ends)) for v, e in zip(scores, ends)] if ends.count(max(ends)) == 1 else scores
    if max(scores) > 0 and scores.count(max(scores)) > 1:   # the column whose range holds the question's value (起飞前2小时:
        top = [i for i, v in enumerate(scores) if v == max(scores)]   # 4小时以内, breaker P), else for a question (not
        asked = question_ranges(question)   # keywords: 「企业账户 押金」) of no money
        pick = [i for i in top if fit(asked, columns[i]) > 0]
        pick = pick if len(pick) == 1 or not _ASKS.search(q) or MONEY.search(q) or kind.startswith("number") else \
            [i for i in top if not re.search(r"[（(]元|金额|价格|(?<![免评])[费价](?:[（(]|$)", columns[i])]   # the one not a
        scores = [v + 0.25 * (i in pick) for i, v in enumerate(scores)] if len(pick) == 1 else scores   # price's (还用办签证
    # 吗: 签证类型, not 签证费（元/人）; AR, session 48)
    if max(scores) > 0 and scores.count(max(scores)) > 1:   # 「…有多少个泊位」: 泊位数, not 其中充电泊位 (充电 not asked)
        extra = [len(set(core(n)) - set(fold(question))) if v == max(scores) else 99 for n, v in zip(columns, scores)]
        scores = [v + 0.25 * (x == min(extra)) for v, x in zip(scores, extra)] if extra.count(min(extra)) == 1 else scores
    if any(len(part) >= 2 and part in fold(question) for part in key.split()) or fit(question_ranges(question), key) > 0:
        scores[0] = 0   # names the row by its key (「P3优先级是怎么定义的」 over 「P3 中」, 工作3年 over 满1年不满10年): not asked
    # a value the question states is its condition, not what it asks (「保额5000元的保费」: 年保费's cell, breaker J)
    stated = {i for i, c in enumerate(cells) if len(fold(c[2])) >= 2 and fold(c[2]) in fold(question)}
    scores = [0 if i in stated else v for i, v in enumerate(scores)]
    listed = _listed(question, columns, cells, lexicon)
    if listed is not None:   # 「杭州有哪些营业厅」: each row's 营业厅名称, not the 营业时间 its 营业 scores (breaker R, session 35)
        return bold[listed]
    # a record's focus that cuts fields (「…；保额：5000元；年保费」 without its value) is grown to the whole fields
    fallback = _whole_fields(focus, bold) if record else focus
    asked = question_ranges(question)   # 租5天 over the columns 1-2天 / 3-6天 / 7-29天 (元/天): the one holding 5 (breaker AE)
    held = [i for i in range(1, len(cells)) if asked and max(scores) <= 0 and fit(asked, columns[i]) > 0 and holds(i, True)]
    if len(held) == 1:
        return bold[held[0]]
    # no column named, a quantity asked: the one remark cell past the first two holding a word of the question (as a word)
    # no other cell holds, and the quantity (「两门衣柜需要拆卸的话另外加多少钱？」: 备注's 「需拆卸的另加20元」, not 50元;
    # breaker AV, session 41; not 适用情形 nor 地址, which name the row: a looser rule lost 7 tune focuses for 5)
    own = set(lexicon.tokenize(question)) if max(scores) <= 0 and kind.startswith("number:") else set()
    said = [i for i in range(2, len(cells)) if own and i not in stated and _REMARK.search(columns[i]) and holds(i)
            and any(not any(w in fold(c[2]) for c in cells[:i] + cells[i + 1:]) for w in words & own
                    & set(lexicon.tokenize(cells[i][2])))]
    if len(said) == 1:
        return bold[said[0]]
    # named columns of which one holds the kind asked: 「研究生秘书什么时候接待」 → 接待时间, not the secretary's name (BT);
    # a name whose word its cell repeats counts here (「多久检验一次」: 检验周期 of 「每2年上线检验1次」, not 检验费's 180; CJ)
    by_kind = asked_by_kind(kind, [i for i, (v, n) in enumerate(zip(scores, columns)) if i > 0 and i not in stated and (
        v > 0 or any(w in fold(n) for w in words))], columns, [c[2] for c in cells]) if max(scores) > 0 else None
    if by_kind is not None and holds(by_kind):
        return bold[by_kind]
    best = max(scores)
    at = scores.index(best)
    if best > 0 and scores.count(best) == 1 and at > 0 and holds(at, named=True):
        return bold[at]
    if best > 0 and at == 0 and scores.count(best) == 1:
        return fallback   # the key is asked for
    told = told_cell(question, columns, [c[2] for c in cells], words, stated) if best <= 0 and kind == "" \
        and not is_latin(question) else None   # a yes/no question's word in one cell: 「…代售点能退票不？」 (columns.py)
    if told is not None and holds(told):
        return bold[told]
    hours = hours_column(question, columns, [i for i in range(1, len(cells)) if holds(i)]) if best <= 0 and kind in ("", "date") else None
    if hours is not None:   # 「浦东店礼拜一开门吗」, 「晚上十一点还能交电费不」: its hours (营业时间), not its name (breakers BS, CG)
        return bold[hours]
    typed = [i for i in range(1, len(cells)) if holds(i) and i not in stated] if kind.startswith("number:") or kind == "name" \
        or contact else [i for i in range(1, len(cells)) if kind == "place" and WHERE.search(columns[i]) and holds(i)
                         and i not in stated and not any(w in fold(c) for c in columns for w in words)]   # not 诊室 named
    if len(typed) > 1:   # 早上几点 over 早班发车 and 晚班返程发车: the one column sharing a character with the question
        common = set.intersection(*(set(fold(columns[i])) for i in typed))
        named = set(key).union(*(w for w in words if any(w in fold(c[2]) for i, c in enumerate(cells) if i not in typed)))   # 血常规's 规
        share = [len((set(fold(columns[i])) - common) & (set(fold(question)) - named)) for i in typed]
        typed = [typed[share.index(max(share))]] if max(share) > 0 and share.count(max(share)) == 1 else typed
    if len(typed) > 1 and kind == "number:money":   # 每座多少钱 over 保额 and 年保费: the price's column (费, 价, 钱)
        priced = [i for i in typed if re.search("[费价钱]", columns[i])]
        total = [i for i in typed if re.search("合计|总计|总价|总额|总费用", columns[i])]   # 工时费, 材料费 and 合计（元）: the
        typed = priced if len(priced) == 1 else total if len(total) == 1 else typed   # total (breaker AS, session 41)
    if len(typed) != 1 and max(scores) <= 0 and (kind == "number:money" or kind in ("", "number") and _PRICE.search(question)) \
            and not re.search("比.{0,12}(?:贵|便宜|多|少)", question):   # no column named, no difference asked: the first
        typed = [i for i in typed or range(1, len(cells)) if re.search(r"[费价]|金额|[（(]元", columns[i]) and i not in stated
                 and re.search(r"\d", cells[i][2])][:1]   # price (服务费 before 早鸟价; 「价格」, 「贵不贵」: 单价)
    return bold[typed[0]] if len(typed) == 1 else fallback   # (breakers BD, BG, session 42)


_NONE = re.compile(r"不适用|无|暂无|不提供|不支持|不办理|不开放|不收取?|免费|不限")   # a cell saying there is none
_PRICE = re.compile(r"价格|价钱|多少钱|费用|收费|贵不贵|多贵|贵吗|几块钱")   # a price asked (「五联疫苗 价格」, 「贵不贵」)
# a yes/no question (能退票不？, 有没有, 吗) that asks no price (多收钱吗: the price column, below) nor which one (哪些服务点…)
_ASKS = re.compile(r"[？?]|吗|呢|什么|哪|怎|如何|几|多少|谁|是否|有没有")   # a question, not keywords
_REMARK = re.compile(r"备注|说明|附注|注意|提示|须知|其他|业务|服务内容|要求|限制")   # a column of free remarks


def _listed(question: str, columns, cells, lexicon) -> int | None:
    """The one column that names what a 哪些 question lists: the nouns right after 哪些 (jieba's tagger: 哪些|营业厅,
    哪些|售后|网点, 哪些|公共|停车场, not 适合 of 哪些团课适合初学者), or their ending of two characters or more, held by
    one column name, else by one cell (营业厅 → the 营业厅名称 cell, 网点 → 网点名称); None otherwise."""
    tagged = [(t.word, t.flag) for t in lexicon.tagger().cut(fold(question))]
    at = next((i for i, (w, _) in enumerate(tagged) if w == "哪些"), None)
    noun = ""
    for word, flag in tagged[at + 1:] if at is not None else []:
        if not (flag.startswith("n") or flag == "b" and not noun):   # 哪些|公共|停车场 (公共: 区别词)
            break
        noun += word
    parts = [noun[i:] for i in range(len(noun) - 1)]
    # a column's name first (停车场 in 停车场名称), then a cell (公共停车场 in a 收费类别 cell: every row's category, not
    # what is listed; breaker AQ, session 40)
    for where in (lambda i, part: part in fold(columns[i]), lambda i, part: part in fold(cells[i][2])):
        for part in parts:
            found = [i for i in range(len(columns)) if where(i, part)]
            if found:
                return found[0] if len(found) == 1 else None
    return None


def _whole_fields(focus: tuple[int, int], spans: list[tuple[int, int]]) -> tuple[int, int]:
    """`focus` grown to the whole fields (`spans`, document offsets) it touches; `focus` when it touches none."""
    touched = [(a, b) for a, b in spans if a < focus[1] and focus[0] < b]
    return (min(focus[0], *(a for a, _ in touched)), max(focus[1], *(b for _, b in touched))) if touched else focus
