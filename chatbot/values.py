"""Whether a quote holds the value its question asks for by form: a quantity in a named unit, a contact detail, or a name.

Consumes: the question, the quote's text and, for a table row or record, its header rows. Produces: `contact_kind` →
the contact detail a question asks for by name ('email' | 'mobile' | 'landline' | 'extension' | 'phone' | 'url' | ''), and
`lacks_value` → whether the quote lacks the asked value (or names the asked company only as 「某…」: `withheld_name`;
or no holder of the asked post: roles.py), which answer.py refuses (`value_missing`, for a hit's span), beside
series.mismatch and outside the learned decision (README "Quality › Session 19"); `prefer_value` → the answer step's
runs with one whose quote holds the asked value first (session 20); `other_bound` → whether a question asks one bound of
a quantity (最少, 最多) and the answer's run states only the other (「团检专场一场最少要多少人才开？」 over 「单场最多接待
150人」; breakers BT, BY, session 44: answer.py refuses it too).
Shortcuts: regular expressions over folded text (lexical.fold: traditional to simplified, NFKC), not a parser; a quote
in English prose is not read; a quantity asked in no unit, a date, a name (but 「某…」 and a post's holder) or a place
is left to the learned decision (answertype.answer_type gives the kind); bounds are fixed word lists, read in each
clause or cell of the run that holds a value in the asked unit (以上 / 以下 too, a condition's 「60岁以上」 beside the
value as well), and a question naming both bounds or no unit is left alone.
"""
from __future__ import annotations

import re

from .answertype import _TIME_UNITS, _UNIT_SPELLINGS, MONEY_NOUN, answer_type, has_type, labels
from .contacts import lacks_contact
from .lexical import fold
from .periods import other_period
from .quotes import to_sentences
from .roles import unnamed_role
from .series import passage_text
from .signals import asked_nouns

# an answer to a quantity that needs no figure: free, at cost, unlimited, the same day, alone (a helper's 80 real answers
# from unseen documents, session 19: 6 of them were written so)
_UNBOUNDED = "不限|无限制|不设上限"
_NO_FIGURE = {"money": re.compile("免[^，。；,;]{0,3}费|不收费|免收|按实|实报实销|全额|面议|另议|议价|个半?月的?(?:租金|房租|工资|月薪)|"
                                  "租金的?[一二两三四五六七八九十\\d.]+倍|" + _UNBOUNDED),   # 免费, 面议, 一个半月租金 (违约金多少)
              "time": re.compile("当天|当日|即时|立即|随时|" + _UNBOUNDED), "人": re.compile("单人|双人|独自|" + _UNBOUNDED),
              "折": re.compile("半价|原价|不打折|不参与|无折扣|不享受|" + _UNBOUNDED),   # 打几折 → 半价 (the review, session 62)
              "": re.compile(_UNBOUNDED)}
_STATED = re.compile(r"[(（]([^)）]{1,12})[)）]|/\s*([^|/；;：:\s]{1,6})|单位\s*[:：]\s*([^|；;\s]{1,8})")   # 单位：元/次
_FIELD_NAME = re.compile(r"(?:^|[；;\n])\s*([^；;：:\n]{1,16})[：:][ \t\u3000]*([^；;\n]*)")   # a record's 「单价：1200；」
_BLANK = re.compile(r"[—–\-－/／\s]*")   # a dash or a slash alone: the field writes no value (「地址：—」)
_HEADER_UNIT = {"percent": "%|％|百分", "clock": ""}   # how a table header names the unit of its figures (膜面积（m²）)
# a column whose name says what its figures measure (价格, 金额, 容纳人数, 天数, 占比): a figure under it holds the value
_COLUMN_NOUN = {"money": MONEY_NOUN, "人": "人数", "time": "天数|时长|期限|周期|工期", "次": "次数",
                "percent": "率|占比|比例", "分": "扣分|得分|分数|分值|积分|评分", "面积": "面积", "折": "折扣|优惠|折"}   # 单次扣分：3 (breaker T, session 36)
_SHARE = re.compile(r"百分之|[%％]|分之|[一二三四五六七八九十\d]\s*[成折]|(?<![\d:：a-z_-])\d{1,2}\s*[:∶比]\s*\d(?![\d:])")   # a share of a cost answers 多少钱 (按7:3分摊, not 14:30
# nor a model code's value, 「CY-W10：1.5」: folded, so lower case)


# a name asked for, by the kind of thing named (哪家银行, 什么公司, 平台叫什么名字, which bank), the kinds a report names only as
# 「某…」 when it withholds the name, and a name written in the clause (quoted, or in Latin letters)
_NAMED_HEADS = ("公司|平台|银行|机构|企业|钱包|产品|品牌|厂商|网站|集团|商户|商家|项目|应用|城商行|农商行|股份行|车企")
_HEAD_EN = {"bank": "银行", "lender": "银行", "company": "公司", "firm": "公司", "platform": "平台", "wallet": "钱包",
            "product": "产品", "brand": "品牌"}
_ASKED_NAME = re.compile(r"(?:哪家|哪一家|哪个|哪一个|哪间|什么|啥)\s*[\u4e00-\u9fff]{0,6}?(" + _NAMED_HEADS + ")|(" + _NAMED_HEADS
                         + r")[^，,。？?]{0,3}?(?:叫什么|叫啥|的名字|的名称|名字是|名称是)|\bwhich\s+(\w+)|\bname\s+of\s+the\s+(\w+)",
                         re.IGNORECASE)
# 某 as a withheld name: not 某日 / 某些 / 某种 / 某某 / 某知情人士 … nor a person's 张某; what lies between it and the head is
# a modifier (互联网, 基于区块链的供应链金融, A股上市), not a clause (某互联网公司与浙商银行: 与)
_SOME = re.compile(r"(?<![张王李赵刘陈杨黄吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
                   r"崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔汤某])"
                   r"某(?![日年月天些种一某人位时次处地方程个])([^，,。；;：:\s在将向与和由被把对从就为是即及或同跟给]{0,16}?)("
                   + _NAMED_HEADS + ")")
_A_NAME = re.compile(r"[“\"《「『‘【〈]([^”\"》」』’】〉]{1,20})[”\"》」』’】〉]|([A-Za-z][A-Za-z0-9&.\-]{1,})")
_CLAUSE = re.compile(r"[^，,。；;！？!?\n]+[，,。；;！？!?\n]?")
_NAMED_NEXT = re.compile(r"\s*(?:即|也就是|例如|比如|如|包括|名为|叫)")


def withheld_name(question: str, text: str) -> bool:
    """Whether the question asks for the name of a company, platform, bank, product … (哪家银行, 什么公司, 那个平台叫什么
    名字, which bank) that the quote `text` names only as 「某…」 (某互联网公司, 某基于区块链的供应链金融平台), with no name in
    that clause (quoted, or in Latin letters) beyond those the question holds, nor in a clause that goes on to name it
    (「…, 即腾讯」, 「例如建设银行」).

    Example: withheld_name("在印尼推出数字钱包的是哪家互联网公司?", "例如某互联网公司在印尼推出的数字钱包,用户数突破1亿")
    is True; withheld_name("蚂蚁森林是哪家平台推出的?", "支付宝推出“蚂蚁森林”") is False.
    Never when the question itself says 某 (「某银行的总部设在哪个城市?」 asks something else about it), over 某日, 某些,
    某种, 某某, 某知情人士 or a person's 张某, nor over 「某互联网公司与浙商银行…」 (a clause, not a modifier, lies between).
    Why: reports and case studies withhold names (某互联网银行, 某支付平台); a question asking for one is a near miss whose
    quote holds every other word it asks about. Source: session 24, the newcomer walkthrough and the tune halves (the
    first quote of 5 answered near misses, none of 1,390 answerable questions); narrowed after a helper's 35 adversarial
    answerable pairs (张某就职于招商银行, 某日招商银行, a question repeating 「某银行」).
    Shortcut: a name written in plain Chinese in the same clause (「某平台与支付宝…」 asked 哪家公司) is not seen."""
    folded = fold(question)
    if "某" in folded:
        return False
    asked = folded.lower()
    heads = {h for m in _ASKED_NAME.finditer(folded)
             for h in [m.group(1) or m.group(2) or _HEAD_EN.get((m.group(3) or m.group(4) or "").lower(), "")] if h}
    if not heads:
        return False
    clauses = _CLAUSE.findall(fold(text))
    for k, clause in enumerate(clauses):
        for m in _SOME.finditer(clause):
            if m.group(2) not in heads or re.search("人士|透露|旗下", m.group(1)):   # 某知情人士透露腾讯公司
                continue
            rest = clause[:m.start()] + clause[m.end():]   # a Latin word inside the 某 phrase (某AI公司) names nothing
            named = any(fold(a or b).lower() not in asked for a, b in _A_NAME.findall(rest))
            if not named and not (k + 1 < len(clauses) and _NAMED_NEXT.match(clauses[k + 1])):
                return True
    return False


def lacks_value(question: str, text: str, header: str | None = None) -> bool:
    """Whether `text`, the quote, lacks the value `question` asks for by its form: a quantity in a named unit
    (answer_type 'number:<unit>': 多少钱, 几点, 多久, 多少台, 百分之几 …) with no numeral written in that unit, or a
    contact detail (contact_kind: an e-mail address, a mobile number, an extension …) written nowhere in it, or in a contact list
    only on lines that do not name whom the question asks about (_someone_elses: 「运维经理邵航的手机号码」 over a list
    where 邵航's line gives an extension and another line a mobile; session 20). A table
    row or record (pass its header rows as `header`) may name the unit once, in a column name (膜面积（m²）；CY-W50：200;
    | 姓名 | 分机 |): there a figure in the quote and the unit spelled in the header or the quote hold it. answer.py
    abstains when the quote lacks the value.
    Source: session 19, on the tune halves: of the quotes given to questions asking in a unit, 4 of 183 answerable
    ones (3 of them quoting the wrong place) and 20 of 68 unanswerable ones lacked it (「讲座几点开始」 over 「7月9日下午」,
    「…多少钱」 over a sentence with no amount); near misses asking a mobile number or an e-mail address the text does
    not give (it gives an extension) were quoted the contact list. A quantity asked in no unit (多少个, 多大), a date,
    a name or a place is left to the learned decision, where the same check cost as many answers as it saved; a name
    the quote withholds as 「某…」 is not (withheld_name, session 24)."""
    if not re.search(r"[\u4e00-\u9fff]", text) and re.search(r"[a-z]{3,}\s+[a-z]{2,}", text, re.IGNORECASE):
        return False   # a quote in English prose: its units and numbers are not read here
    if withheld_name(question, text) or unnamed_role(question, text, header):   # 某互联网公司 (session 24); a post's holder
        return True
    folded = fold(text)
    labelled = fold(f"{header} {text}") if header is not None else folded   # the quote with its column names
    missing = lacks_contact(question, text, header)
    if missing is not None:   # a contact detail asked for by name (contacts.py)
        return missing
    kind = answer_type(question)
    unit = re.sub(r"^个(?=.)", "", kind[len("number:"):])   # 几个座位 ('number:个座'): a header reads 座 (answertype)
    group = "time" if unit in _TIME_UNITS or unit == "duration" else unit   # 天, 小时, 多久 … read alike
    if kind == "number:money" and other_period(question, labelled):   # 日租 over 每月1200元 (periods.py)
        return True
    if not kind.startswith("number:") or has_type(kind, text) or _NO_FIGURE.get(group, _NO_FIGURE[""]).search(folded):
        return False
    if kind == "number:money" and _SHARE.search(folded):   # 赔多少钱 → 按净值的百分之五十
        return False
    if header is None or not re.search(r"\d", text):
        return True
    # … and a count's column names its unit with 数 (房源套数 of 「第二批房源有多少套？」: refused over | 第二批 | … | 450 |,
    # breaker CB, session 46; 台数, 户数, 床位张数)
    noun = _COLUMN_NOUN.get(group) or (f"{unit}数" if re.fullmatch(r"[\u4e00-\u9fff]", unit) else None)
    names = fold(" ".join((header, *(n for n, _ in _FIELD_NAME.findall(text)))))   # the header rows and a record's field names, not its values
    if noun and re.search(noun, names):   # | 型号 | 价格 | over | XR-500 | 1200 |, 单价：1200; not 「主要事项：停车缴费」 (BZ)
        return False
    spelled = _HEADER_UNIT.get(unit, _UNIT_SPELLINGS.get(unit, ""))
    words = [w for w in spelled.split("|") if w and not (w.isascii() and w.isalpha() and len(w) <= 1)]   # not m, t, g
    pattern = "|".join(rf"(?<![a-z]){w}(?![a-z])" if w.isascii() else w for w in words)
    # where a column name states a unit: in brackets (膜面积（m²）), after a slash (金额/元) or a caption's 单位：(元/次),
    # not a word of the name that happens to spell one (日期, 负责人, 台账)
    stated = " ".join("".join(g) for g in _STATED.findall(labelled))
    return not (pattern and re.search(pattern, stated, re.IGNORECASE))


def prefer_value(question: str, runs: list, margin: float, lexicon) -> list:
    """`runs` ([(score, hit, start, end)], in the order to quote) when the first run's quote holds the value the question
    asks for by its form (values.lacks_value: 几点, 多少钱, 手机号 …), and as a record writes a value in the fields the
    question's nouns name (`blank_field`: 地址 over 「地址：—」), or no run scoring within `margin` of the best does
    while writing as many of the question's nouns (`lexicon.content_nouns`, less the asked ones: 号码) as the first;
    else those first, the order kept otherwise. Why: 「客服热线号码是多少」 ranked 「客服热线非服务时间的来电转入语音留言」
    first and was refused, with 「1. 客服热线：400-826-7788」 one passage down (session 20); the nouns keep a near miss
    (「XR-300的售价」) from being answered by another thing's value (a price of XR-200), which cost 5 near misses of the
    tune halves without them."""
    spans: dict[int, tuple[int, int]] = {}   # each run's sentence quote, grown once (holds and about both read it)

    def quote(run) -> tuple[int, int]:
        if id(run) not in spans:
            spans[id(run)] = to_sentences(run[1], run[2], run[3])
        return spans[id(run)]

    def record(run) -> str:   # a record's quoted text, "" for another passage
        (s, e), c = quote(run), run[1].chunk
        return c.text[s - c.start:e - c.start] if c.kind == "record" else ""

    typed = bool(runs) and not value_missing(question, runs[0][1], *quote(runs[0]))
    if not runs or typed and not record(runs[0]):   # nouns (jieba's tagger) only where a record's field may be blank
        return runs
    all_nouns = lexicon.content_nouns(question)
    words = {fold(w) for w in all_nouns if len(w) >= 2}

    def holds(run) -> bool:
        return not value_missing(question, run[1], *quote(run)) and not blank_field(record(run), words)

    if typed and not blank_field(record(runs[0]), words):
        return runs
    nouns = words - {fold(w) for w in asked_nouns(question, all_nouns)}
    # a blank field gives way only to a record of the same subject: the same values where the first names the row
    # (门店：金鸡湖店; not 「型号：XR-500 Pro」 for XR-500's 「产地：—」, the review)
    same = naming(record(runs[0]), words) if typed else set()

    def about(run) -> int:
        text = fold(passage_text(run[1], *quote(run)))
        return sum(w in text for w in nouns)

    best, first = max(r[0] for r in runs), about(runs[0])
    keep = [r for r in runs[1:] if r[0] >= best - margin and about(r) >= first and holds(r)
            and same <= naming(record(r), words)]
    return keep + [r for r in runs if all(r is not k for k in keep)] if keep else runs


def blank_field(text: str, words: set[str]) -> bool:
    """Whether the record `text` (「键：值；…」) names one of `words` (folded) in a field name and every such field is blank
    (a dash, a slash or nothing); a field whose value writes one of `words` names the row (门店：金鸡湖店 for 金鸡湖), not
    what is asked. Example: blank_field("门店：金鸡湖店；联系类型：配送调度；地址：—", {"门店", "金鸡湖", "地址"}) is True.
    Why: a store's CSV rows (门店前台, 配送调度, 会员服务台) share its name, and 「金鸡湖店的地址在哪里？」 quoted the
    dispatch desk's 「地址：—」 with the front desk's address one passage down (breaker DU, session 62)."""
    values = [v for n, v in _FIELD_NAME.findall(text)
              if any(w in fold(n) for w in words) and not any(w in fold(v) for w in words)]
    return bool(values) and all(_BLANK.fullmatch(v) for v in values)


def naming(text: str, words: set[str]) -> set[tuple[str, str]]:
    """The (name, value) fields of the record `text` whose value writes one of `words` (folded): what names its row."""
    return {(n.strip(), v.strip()) for n, v in _FIELD_NAME.findall(text) if any(w in fold(v) for w in words)}


def value_missing(question: str, hit, start: int, end: int) -> bool:
    """lacks_value for the quote [start, end) of `hit` (a retrieve.Hit); a table row or record is read with its chunk's
    header rows and the units its sheet's title states (`labels`), where a column name or the title may carry the unit."""
    c = hit.chunk
    return lacks_value(question, c.text[start - c.start:end - c.start], labels(c) if c.kind in ("table", "record") else None)


# a lower or an upper bound asked (最少, 最多) and stated (不少于, 不超过): other_bound
_ASKS_LOW = re.compile(r"最少|至少|最低|起码|下限|最短")
_ASKS_HIGH = re.compile(r"最多|最长|最高|上限|封顶|最大")
_STATES_HIGH = re.compile(r"不超过|不得超过|不能超过|最多|以内|之内|以下|上限|最长|最高|封顶|不高于|不多于|不大于|为限")
_STATES_LOW = re.compile(r"至少|不少于|不低于|不短于|不小于|以上|起步|最低|最少|最短|起码|下限")
# the earliest or the latest asked (最早, 最晚) and stated: 「宴会最晚要提前几天预订？」 over 「宴会最早可提前90天预订」 (breaker CQ)
_ASKS_EARLY, _ASKS_LATE = re.compile(r"最早"), re.compile(r"最晚|最迟")
_STATES_EARLY, _STATES_LATE = re.compile(r"最早|不早于"), re.compile(r"最晚|最迟|不晚于|不迟于|截止|之前|以前")


def other_bound(question: str, run: str) -> bool:
    """Whether `question` asks one bound of a quantity in a unit (最少…多少人, 最高…多少钱) and every clause or cell of
    `run` holding a value in that unit states the other bound only (「单场最多接待150人」 for 最少); False for a question
    asking no unit (「上限是多少」: the bound is in a row's cell), naming both bounds, or a run with no such value. Read
    clause by clause, a bound of another quantity beside the value (「体重不超过125公斤」 beside 「137厘米」) does not count.
    The earliest and the latest (最早, 最晚 / 最迟) are bounds too: 「最晚要提前几天」 over 「最早可提前90天」 is the other one.
    Example: other_bound("团检专场一场最少要多少人才开？", "单场最多接待150人，须提前7个工作日预约") is True"""
    q, kind = fold(question), answer_type(question)
    low, high = bool(_ASKS_LOW.search(q)), bool(_ASKS_HIGH.search(q))
    early, late = bool(_ASKS_EARLY.search(q)), bool(_ASKS_LATE.search(q))
    bound = low != high and kind.startswith("number:")
    if not bound and (early == late or not kind):   # 最早 / 最晚 of any kind: 什么时候 (a date), 几点, 多久
        return False
    valued = [c for c in re.split(r"[，,；;。|\n]", fold(run)) if has_type(kind, c)]
    if bound:
        other, same = (_STATES_HIGH, _STATES_LOW) if low else (_STATES_LOW, _STATES_HIGH)
    else:   # 最晚 asked, 最早 stated (and the reverse): the other end of a window
        other, same = (_STATES_LATE, _STATES_EARLY) if early else (_STATES_EARLY, _STATES_LATE)
    return bool(valued) and all(other.search(c) and not same.search(c) for c in valued)
