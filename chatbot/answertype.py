"""The kind of value a question asks for, and whether a text holds one (answer types).

Consumes: question and clause texts (simplified or traditional; folded first as for BM25: 誰 → 谁, 幾 → 几, full-width
digits → ASCII). Produces: `answer_type` → 'date' | 'number' | 'number:<unit>' | 'name' | 'place' | '' and
`has_type(kind, text)`. Used by runs.py and focus.py (does a candidate hold the asked-for value?), evidence.py
(features), values.py (is a quote refused for lacking the asked value?) and answer.py (a question asking for one value
gets one quote); `labels(chunk)` → the words naming the unit of a table row's bare figures.
A quantity question that names how its value is written (多少天, 几级, 几点, 多久, 多少钱, 百分之几, how many days)
wants a numeral with that unit: 「提前3个工作日」 answers 多少天, 「1.3升/分钟」 does not; a near miss often quotes
a sentence on its topic with a number in another unit (issue 15).
Shortcuts: units are a fixed table of measure words and their spellings (`_UNIT_SPELLINGS`, 天 → 天|日|工作日),
not a parser; a time asked in one unit may be answered in any (几天内 → 24小时内) but not by a calendar date
(2025年1月1日); 个 names no unit (多少个国家 → 十多个国家); a 几 after 这/那/好/哪/前/十 or a digit is not what is
asked (这几年, 前几名, 好几个, 哪几座, 20几所), nor is 几乎 (almost). Names are found by jieba's part-of-speech tagger, or
by role and organisation words (部, 局, 经理, 公司 …). A period as history names it is a date (宋代, 东汉, 年间, 元丰六年, 夏季:
what 什么时期 / 哪个朝代 / 什么季节 ask for; an era's year only as 元年 or with its month, since 十年 is a span); a Chinese numeral with a measure word (四所, 两小时) or an ordinal (第四)
is a number; 在哪 followed by a measure word of a thing (在哪一次会议) asks for a thing, not a place. The tables were widened on the
CMRC and DRCD tune questions (bench/answer_types.py; README "Quality › Session 12").
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexical import fold

_NUMBER_Q = re.compile(r"多少|几|多大|多高|多长|多久|多重|多远|多快|多深|多宽|多厚|比例|百分之|how (many|much|long|old)|"
                       r"what (time|percentage|percent|share)", re.IGNORECASE)
_DATE_Q = re.compile(r"何时|几时|何年|哪年|哪一年|什么时候|什么时间|什么时后|哪时候|哪个时候|[哪什么何]{1,2}一?个?(?:时期|年代|朝代|世纪|季节)|"
                     r"(?:西元|公元)几年|几月|几号|哪天|哪一天|日期|(?<!每)(?:星期|周|礼拜)几(?![次天个小节周])|when\b|what (year|date)|"
                     r"what day", re.IGNORECASE)   # 星期几: a weekday (周五) is the date asked; 每周几次 is a number
_WHO_Q = re.compile(r"谁|哪位|哪家|哪个公司|哪个部门|由谁|who\b|which (company|department)", re.IGNORECASE)
# 在哪 asks for a place unless a measure word of a thing or time follows (在哪一场会议, 在哪条法律, 在哪次比赛; not
# 在哪个区, 在哪条街, 在哪个位置)
_WHERE_Q = re.compile(r"哪里|哪儿|哪边|在哪(?![一个]?(?:些|种|场|次|届|部|本|项|期|年|天|家|位(?!置)|条(?![街路河])))|什么地方|何地|"
                      r"何处|哪[一个座些]?(?:城市|国家|地方|地区|省|州|县|岛|港口?)|where\b", re.IGNORECASE)
# a figure, a Chinese numeral with a measure word (四所, 三十万, 两小时) or an ordinal (第四, 第二大); not a word made of
# one (一次性, 一元化: 「一次性储值可获得的等级」 holds no number, breaker DU, session 62)
_NUMBER = re.compile(r"[0-9０-９]|[一二三四五六七八九十百千万亿两]+(?:[个名人家年月日天条项所座种类倍届只艘件层岁米吨克斤亩%％]|次(?!性)|元(?!化)|"
                     r"部(?!分)|万(?![不别要])|亿|小时|公里|公斤|公顷)|第[一二三四五六七八九十百]+|百分之")
# a date, or a period named as history names it: a dynasty or era (宋代, 东汉, 民国38年, 元年, 十四年三月), a part of one
# (年间, 中叶, 末期) or a season (夏季); not a number of years (十年, 三年里)
_DATE = re.compile(r"\d{4}年|\d{1,2}月|\d{1,2}日|[一二三四五六七八九十]+月|世纪|年代|\d{4}[-/.]\d{1,2}|周[一二三四五六日]|星期|"
                   r"公元前?\s*\d+|民国\s*\d+|[夏商周秦汉晋隋唐宋元明清辽金][朝代]|[东西][汉晋周]|[南北](?:宋|朝(?![南北东西鲜]))|战国|"
                   r"春秋时|年间|时期|[初中末早晚]期|中叶|[初末]年|[春夏秋冬]季|元年|[一二三四五六七八九十]+年[正一二三四五六七八九十冬腊]+月")
_PLACE = re.compile(r"[省市县区镇村路街号楼室层]|北京|上海|杭州|深圳|广州|中国|国家|地区")
# a role or an organisation (谁 may ask for either): 会 only in a body's name (委员会, 董事会), not in 会议 or 可能会
_ROLE = re.compile(r"[部处组科室司]|局(?![面势部限])|(?<=[\u4e00-\u9fff])院(?![子落里])|委员会|理事会|董事会|协会|工会|商会|"
                   r"公司|集团|银行|大学(?!生)|中心(?!思想)|经理|主任|总监|负责人|副总|总裁|"
                   r"主管|领导|部长|董事|秘书|专员|管理员|工程师|委员|行长|校长|院长")
# A quantity question that names its unit (多少天, 几级, 多少钱, 几点, 多久, 百分之几) asks for a number written with
# that unit: "number:<unit>" (answer_type) holds when a numeral is followed by one of its spellings (has_type).
# A count in 个 names no unit (多少个国家 → 十多个国家, 多少个细胞 → 1.25亿): plain "number".
_NUMERAL = r"(?:\d+(?:[.,:：]\d+)*|[零〇一二三四五六七八九十百千万亿两半]+)(?:[多余几]|\+)?\s*"
_TIME = "天|日|工作日|自然日|周|星期|礼拜|个月|月|年|周年|小时|钟头|学时|课时|分钟|秒|days?|weeks?|months?|years?|hours?|h|minutes?|min|s"
_UNIT_SPELLINGS = {
    # a time asked in one unit is often answered in another (几天内 → 24小时内, 几周 → 30天, 几个月 → 半年); 多少度 of
    # electricity is in 千瓦时 (breaker AA, session 38: 「多少度免费电」 was refused over 「免费用电15千瓦时」)
    "天": _TIME, "日": _TIME, "工作日": _TIME, "年": _TIME, "月": _TIME, "周": _TIME, "小时": _TIME, "分钟": _TIME, "秒": _TIME,
    "台": "台|部|辆|套|架", "人": "人|名|位|用户|员工|人次|户", "名": "名|人|位", "位": "位|名|人", "家": "家|所|个",
    "次": "次|回|遍", "级": "级|等|档", "倍": "倍|%|％", "分": "分", "岁": "岁|周岁", "张": "张", "件": "件", "页": "页", "条": "条",
    "项": "项", "支": "支|根", "瓶": "瓶", "公里": "公里|km|千米", "米": "米|m", "层": "层|楼|f", "辆": "辆", "套": "套",
    "份": "份", "种": "种|类", "座": "座", "间": "间", "度": "度|℃|°c?|摄氏度|千瓦时|kwh|kw·h", "寸": "寸|英寸", "克": "克|g", "公斤": "公斤|千克|kg",
    "吨": "吨|t", "平方米": "平方米|㎡|平米|m2", "面积": "平方米|㎡|平米|m2|亩|公顷|平方公里|平方千米", "笔": "笔", "届": "届", "轮": "轮", "期": "期", "元": "元|块|万|亿",
    "折": "折|%|％",   # 打几折: 8.8折, 九折, 88%; not a price or a tier's 3000元 (breaker DU, session 62)
    "money": "元|块|万|亿|美元|美金|港元|港币|欧元|日元|英镑|新台币|台币|rmb|usd|cny|hkd|eur",
    "duration": _TIME,
}
# after 个 a unit that 个 counts in (几个月, 几个小时, 几个工作日, 几个人); a unit character after 个 elsewhere starts the noun
# counted, written 「8个」 or in the unit (几个轮椅席位, 多少个座位: 'number:个座', which 「8个」 and 「36座」 hold, breaker DG,
# session 58: a cell 「8个」 under 轮椅席位 was refused as lacking the asked 轮)
_COUNTED_IN_GE = ("月", "小时", "工作日", "人")
_UNITS = "|".join(sorted((u for u in _UNIT_SPELLINGS if not u.isascii()), key=len, reverse=True))
_UNIT_Q = re.compile(rf"(?:多少|几)\s*(?:个\s*({'|'.join(_COUNTED_IN_GE)})|(个)?\s*({_UNITS}))")
_MONEY_Q = re.compile(r"多少钱|几块|多少块|价格|售价|价钱|费用|预算|薪|工资|金额|how much (does|do|is|will|would)\b.*\b(cost|charge)\b|"
                      r"\b(price|cost|fee)\b|"   # a fee or a sum named by its noun, 挂号费多少, 预交金是多少 (breaker BP, session 43)
                      r"(?:(?<![浪免消])费|[押定订租]金|预交金|保证金|违约金|赔偿金|罚金|(?<![评代])价)(?:是|要|需要|得|收|交|大概|一般){0,2}多少",
                      re.IGNORECASE)
# a keyword question that ends on the noun of the value it asks for (产假天数, 培训人数是多少, 补考次数?); not 年限, which
# questions name as a condition (工作年限满10年的…)
_VALUE_NOUNS = {"天数": "天", "人数": "人", "次数": "次", "时长": "duration", "期限": "duration", "面积": "面积"}
# a keyword question naming the value (产假天数), or 面积 asked 多大 (景观房的面积有多大: breaker V, session 36)
_VALUE_NOUN = re.compile(r"(天数|人数|次数|时长|期限)(?:是多少|是几|有多少|有多长|多少|多长|为多少)?\s*[？?]?\s*$|"
                         r"(面积)(?:是|有|为)?(?:多大|多少)")
_DURATION_Q = re.compile(r"多久|多长时间|多长的时间|how long|how often", re.IGNORECASE)
_CLOCK_Q = re.compile(r"(?<![哪这那有])几点(?!要求|注意|建议|意见|事项)|what time", re.IGNORECASE)   # not 「注意哪几点」
_PERCENT_Q = re.compile(r"百分之(?:几|多少)|多少%|比例|占比|比率|[费利税]率|percent|percentage|\brate\b",
                        re.IGNORECASE)   # 手续费率, 利率, 税率 (breaker AD: a worked example's 66元 was quoted for 12期's 0.66%)
# 占…多少 asks a share (硬盘占用到多少: 90%), unless it asks a fine or a price (breaker AQ, session 40: 「燃油车占用充电
# 泊位罚多少？」 asked a percentage, and was refused over 「50元」)
_SHARE_Q = re.compile(r"占[^，。？?,]{0,8}多少")
_PRICED = re.compile(r"罚|钱|费|元|价")
_UNIT_EN = re.compile(r"how\s+many\s+(?:[a-z]+\s+)?(days|years|months|weeks|hours|minutes|seconds|people|employees|times|units|"
                      r"floors|levels|pages|items|stores|companies)\b", re.IGNORECASE)
_EN_UNITS = {"days": "天", "years": "年", "months": "月", "weeks": "周", "hours": "小时", "minutes": "分钟", "seconds": "秒",
             "people": "人", "employees": "人", "times": "次", "units": "台", "floors": "层", "levels": "级", "pages": "页",
             "items": "项", "stores": "家", "companies": "家"}
# a yes/no question (its last sentence, ending in 吗; followup._asks_own reads it too): its 几 / 多少 / 什么 are indefinite, no value is asked (「过了几天才
# 发现有问题，还能退吗？」, breaker AM, session 40: refused for lacking a number of days); 几点, 几号, 多久, 什么时候 and an
# earlier question stand (「仓库平时几点开门，周末能去取东西吗？」)
YES_NO = re.compile(r"(?:(?<=[？?!！。])|^)[^？?!！。]*吗\s*[？?]?\s*$")
_INDEFINITE = re.compile(r"几(?![点号月时])|多少|什么(?!时候|时间)")
_NOT_ASKED = re.compile(r"(?:[这那好十哪\d]|(?<!提)前)(?:几|多少)")   # 这几年, 前几名, 20几所, 十几天, 哪几座: not the question's quantity
_PERCENT = re.compile(r"[%％‰]|百分之|百分点|percent|分之[一二三四五六七八九十\d]|\d\s*[:：比/∶]\s*\d|(?<![\d.])0\.\d+|"
                      r"[一过大近]半|半数|[一二三四五六七八九\d](?:\.\d)?折|" + _NUMERAL + "成")
# a time of day: 9:30, 9点, 十点半, 两点钟 (not 「一点也不」: a Chinese numeral needs 半, 钟 or minutes after 点)
_CLOCK = re.compile(r"\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\s*[点时]|[一二三四五六七八九十两]{1,3}点(?:半|钟|[零〇一二三四五六七八九十]{1,3}分?)|"
                    r"(?:上午|下午|早上|晚上|凌晨|中午|傍晚)\s*[零一二三四五六七八九十两]{1,3}\s*[点时]|"   # 上午八点, 晚上十点
                    r"[一二三四五六七八九十两]{1,3}时[零〇一二三四五六七八九十]{1,3}分|\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.)(?![a-z])|"
                    r"24\s*小时(?:营业|开放|服务|值守|在线|运营)|全天(?:候|开放|营业)")   # 几点开门: 「24小时营业」 (breaker R)
# a length of time without a number: 「终身质保」 answers 质保多久 (breaker AI, session 39: refused with the row ranked first)
_LIFELONG = re.compile(r"终身|永久|长期有效|无限期|不限期|永不过期|不设有效期")
# a deadline relative to now answers how long something lasts: 「于次年12月31日24时自动清零」 answers 积分有效期多久
# (breaker AM, session 40: refused with the clause ranked first); a calendar date alone does not (2025年1月1日起施行)
_DEADLINE = re.compile(r"(?:次年|当年|当月|次月|下月|下一年)(?:底|末|\d{1,2}\s*月)|[月年]底|[月年]末")
_FREQUENCY = re.compile(r"每[天日周月年季]|每个?[月星]|每隔|隔[天日周月年]|[一二三四五六七八九十\d]+年一次")
# a calendar date is not an amount of time: 「2025年1月1日起施行」 answers no 多少天 / 几年 / 多久
_CALENDAR = re.compile(r"\d{4}\s*年(?:\s*\d{1,2}\s*月)?(?:\s*\d{1,2}\s*[日号])?|\d{1,2}\s*月\s*\d{1,2}\s*[日号]")
# a grade written as a code (B+, P3, L5, A级): answers 几级
_GRADE = re.compile(r"(?<![a-z])(?:[a-z]\d{1,2}|[a-e][+-]|[a-e](?=\s*[级档等]))(?![a-z0-9])", re.IGNORECASE)
_TIME_UNITS = frozenset(u for u, spelled in _UNIT_SPELLINGS.items() if spelled is _TIME)
_CURRENCY = re.compile(r"(?:[¥￥$]|人民币|rmb|usd|cny|hkd|eur)\s*\d", re.IGNORECASE)
TYPE_CACHE = 4096            # (kind, text) verdicts kept: runs.py and focus.py ask of the same clauses (a name: jieba's tagger)


def answer_type(question: str) -> str:
    """'date' | 'number' | 'number:<unit>' | 'name' | 'place' | '' — what kind of value the question asks for,
    in simplified or traditional characters (folded first: 誰 → 谁, 哪裡 → 哪里, 幾 → 几).

    A quantity question that names how the value is written gets a unit (`quantity_unit`): 多少天 →
    'number:天', 几点 → 'number:clock', 多久 → 'number:duration', 多少钱 → 'number:money', 百分之几 →
    'number:percent'; every kind starting with 'number' is a quantity."""
    folded = YES_NO.sub(lambda m: _INDEFINITE.sub("", m.group()), fold(question).replace("几乎", ""))   # 几乎: almost
    named = _VALUE_NOUN.search(folded)   # 产假天数: a keyword question names the value it asks for (session 29)
    if named:
        return f"number:{_VALUE_NOUNS[named.group(1) or named.group(2)]}"
    for kind, pattern in (("date", _DATE_Q), ("number", _NUMBER_Q), ("name", _WHO_Q), ("place", _WHERE_Q)):
        if pattern.search(folded):
            unit = quantity_unit(folded) if kind == "number" else ""
            return f"number:{unit}" if unit else kind
    return ""


def quantity_unit(folded: str) -> str:
    """The unit a quantity question (already folded) asks its value in: a key of `_UNIT_SPELLINGS` (天, 级, 台 …),
    'clock', 'duration', 'money', 'percent', or '' (a plain number: 多少个, 多大, or a 几 that is not asked:
    这几年, 前几名). The order matters: 几点 is a time of day before 点 could be a unit, 多少钱 is money."""
    if _CLOCK_Q.search(folded):
        return "clock"
    if _DURATION_Q.search(folded):
        return "duration"
    asked = _NOT_ASKED.sub("", folded)
    m = _UNIT_Q.search(asked)
    if m and not (m.group(3) and not m.group(2) and _in_word(asked, m.start(3), m.group(3))):
        return m.group(1) or (m.group(2) or "") + m.group(3)
    m = _UNIT_EN.search(folded)
    if m:
        return _EN_UNITS[m.group(1).lower()]
    if _PERCENT_Q.search(folded) or _SHARE_Q.search(folded) and not _PRICED.search(folded):
        return "percent"
    if _MONEY_Q.search(folded):
        return "money"
    return ""


@lru_cache(maxsize=TYPE_CACHE)
def _in_word(asked: str, at: int, unit: str) -> bool:
    """Whether the unit `unit` at `at` of the folded question is a morpheme unit (家, 折, 元: `_MORPHEMES`) that starts a
    longer noun or verb (the base lexicon's jieba tagger, lexical.lexicon_for(None)) which is no spelling of the unit: 家属 of 「能绑定多少
    家属？」 (breaker DX, session 63: refused over 「可绑定2名家属」 as asking a number of 家), 折算 of 「多少折算成现金」,
    元素; not 几家 or 打几折 (the word starts before it), nor 「多少家小微企业」 (家小|微企业: an abbreviation). Other units keep their unit whatever jieba cuts: 「多少天后」
    (天后), 「多少年内」, 「几套房」 (the review)."""
    from .lexical import lexicon_for

    start = 0
    for t in lexicon_for(None).tagger().cut(asked) if unit in _MORPHEMES else ():   # a noun or verb, not 家小 (j)
        if start == at and len(t.word) > len(unit) and t.flag[:1] in "nv" and t.word not in _UNIT_SPELLINGS[unit].split("|"):
            return True
        start += len(t.word)
    return False


_MORPHEMES = frozenset("家折元")   # units that also start common words (家属, 家长, 折算, 折叠, 元素, 元旦)


@lru_cache(maxsize=2 * len(_UNIT_SPELLINGS))   # and each 个 + unit
def _unit_value(unit: str) -> re.Pattern:
    """A numeral written with one of the unit's spellings (3个工作日, 十多天, 1.5 小时, 45 min)."""
    counted = unit[:1] == "个"   # 几个轮椅席位: 「8个」 or 「8轮」; 几个家属: 「2名」 (breaker DX, session 63), 「2位」
    terms = "|学期|季度" if unit == "duration" else ""   # 多久 over 「不超过2个学期」 (EA, session 64); not 几天's (README)
    return re.compile(_NUMERAL + r"(?:个)?(?:" + ("个|名|位|" if counted else "") + _UNIT_SPELLINGS[unit[counted:]] + terms + ")",
                      re.IGNORECASE)


_TITLE = re.compile(r"《[^《》\n]{1,60}》")
MONEY_NOUN = "价|金额|费|薪|工资"   # a column or heading whose figures are prices (values.py, runs.py)
_BRACKETED = re.compile(r"[(（]([^)）]+)[)）]")
_UNIT_FIELD = re.compile(r"(?<![\u4e00-\u9fff])单位\s*[:：]\s*([^）)|；;，,\s]{1,8})")   # 单位：元, not 填报单位：…


def labels(chunk) -> str:
    """What names the unit of a table row's or sheet record's bare figures, for values.lacks_value, evidence.py, runs.py
    and tables.py: the chunk's context (header rows, headings) and, bracketed, the units its `caption` (a sheet's title
    rows) states: a 「单位：…」 field, or a bracket's first piece without digits. Why: a price sheet's title often says the
    unit once over bare numbers, so 「犬舒适间旺季一晚多少钱？」 was refused with the right row first (breaker DJ, session 58);
    the title's other words name no unit (「填报单位：万科物业」, 「各部门人数统计表」: read as a header they let any figure
    answer 多少钱 or 多少人, the review). Example: for a record under 「寄养」 captioned 「寄养价格表（单位：人民币元，含税）」,
    labels(chunk) == "寄养 （人民币元）"; 「（元/晚，滨江院区适用）」 gives （元/晚）, 「（2025年3月1日起执行）」 nothing."""
    caption = chunk.caption or ""
    units = [u.group(1) if (u := _UNIT_FIELD.search(inner)) else re.split(r"[，,、；;]", inner)[0]
             for inner in _BRACKETED.findall(caption)] + _UNIT_FIELD.findall(_BRACKETED.sub(" ", caption))
    return " ".join([chunk.context, *(f"（{u}）" for u in units if u and not re.search(r"\d", u))])


@lru_cache(maxsize=TYPE_CACHE)
def has_type(kind: str, text: str) -> bool:
    """Whether `text` holds a value of the asked-for kind (names: a person or organisation by jieba's tagger);
    the text is folded first as for BM25 (lexical.fold): traditional to simplified (縣 → 县, 經理 → 经理) and NFKC,
    so full-width and circled digits count as digits (１２ → 12, ① → 1)."""
    text = fold(text)
    if kind.startswith("number"):   # a title's figures are its name (《…规定（2025年版）》): no quantity (breaker BK, session 43)
        text = _TITLE.sub(" ", text)
    if kind == "number":
        return bool(_NUMBER.search(text))
    if kind.startswith("number:"):
        unit = kind[len("number:"):]
        if unit == "clock":
            return bool(_CLOCK.search(text))
        if unit == "percent":
            return bool(_PERCENT.search(text))
        if unit in _TIME_UNITS:
            if _FREQUENCY.search(text) or (unit in ("duration", "年") and (_LIFELONG.search(text) or _DEADLINE.search(text))):
                return True
            text = _CALENDAR.sub(" ", text)
        if unit == "级" and _GRADE.search(text):
            return True
        return bool(_unit_value(unit).search(text)) or (unit == "money" and bool(_CURRENCY.search(text)))
    if kind == "date":
        return bool(_DATE.search(text))
    if kind == "place":
        return bool(_PLACE.search(text)) or _has_tag(text, ("ns",))
    if kind == "name":
        return _has_tag(text, ("nr", "nt", "nz")) or bool(_ROLE.search(text))
    return True


def _has_tag(text: str, tags: tuple[str, ...]) -> bool:
    from jieba import posseg

    return any(flag.startswith(tags) for _, flag in posseg.lcut(text))
