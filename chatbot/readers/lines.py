"""Line shapes of plain text and the reflow of hard-wrapped lines (used by plain.py and the readers).

Consumes: lines of text. Produces: the patterns that say what a line is (Markdown heading, fence,
table row, Q/A, 键：值, list item, outline numbering) and `reflow`, which joins the lines of one
sentence: a line that ends in a comma, or that is as long as the next one (a line of prose, with a clause break: as wide,
Han characters counting two) and ends without sentence
punctuation, is joined with the next plain line (CJK directly, Latin with a space); so is a list item
that has not ended with the next line when that line is indented under it (a hanging indent) or when
the item is long (20+ characters) and the line is no longer than it; never a line of fields (CJK words set apart by
spaces) nor one ending in a telephone number, an extension or an e-mail address.
Shortcut: a wrapped line is recognised by its length (or width) against the next line's, not by a page width.
"""
from __future__ import annotations

import re
import unicodedata

MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t#]*$")
FENCE = re.compile(r"^\s*(```|~~~)")
QUESTION = re.compile(r"^\s*(?:Q|问)\s*\d*\s*[:：]", re.IGNORECASE)
ANSWER = re.compile(r"^\s*(?:A|答)\s*\d*\s*[:：]", re.IGNORECASE)
INLINE_ANSWER = re.compile(r"(?:(?<=[?？。!！\s])|(?<=^))\s*(?:A|答)\s*\d*\s*[:：]", re.IGNORECASE)
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}")
# a 键：值 line: a key of up to 12 characters, and a bracketed qualifier (犬健康年卡（10公斤以下）：1580元/年: breaker V,
# session 36, two such lines of a PDF list were joined as one wrapped sentence); no time: 18:30
KEY_VALUE = re.compile(r"^\s*(?![\d.]+[：:])[^\s：:，,。；;|#\-*•]{1,12}(?:[（(][^（()）：:]{1,10}[）)])?[：:][ \t]*(?!//)\S")
BULLET = re.compile(r"^\s*(?:[-*+•·●○▪■□◆◇]|\d{1,2}[.．、)）](?!\d)|[（(]\d{1,2}[）)]|[（(][一二三四五六七八九十]{1,3}[）)]"
                    r"|[①-⑳]|[a-zA-Z][.)](?=\s))\s*")
# a list item's mark at a line's start, as the answer step reads quotes (quotes.py: which lines a list's quote takes;
# values.py: a contact list's lead line is no item): BULLET's marks less `+` and the Latin letters, with 一、 and ①;
# `-` and `*` only before a space (a figure 「-15℃」, a note 「*注」 is no item)
LIST_ITEM = re.compile(r"[ \t\u3000]*(?:[-*]\s|[•·●○▪■□◆◇]|\d{1,2}[.．、)）](?!\d)|[（(]\d{1,2}[)）]|[（(][一二三四五六七八九十]{1,3}[)）]"
                       r"|[一二三四五六七八九十]{1,3}[、.．]|[①-⑳])")
# a unit right after a decimal number, and a mark, a digit or 每 after the unit: an amount a wrapped line starts with
# (「3.15元/立方米上调…」, blind7's PDF), no outline number (「3.1 适用范围」, 「1.1元旦放假安排」, 「2.3米面粮油采购」)
_AMOUNT_UNIT = r"(?:(?:万|亿)?元|万|亿|倍|米|吨|克|公里|公斤|千克|立方米|平方米|小时|分钟)(?:[/／每以至，,。；;、：:）)\s\d]|$)"
# outline numbering → heading level; (pattern, level)
OUTLINE = [(re.compile(r"^\s*第[一二三四五六七八九十百零\d]+[编部分]\s*"), 1),
           (re.compile(r"^\s*第[一二三四五六七八九十百零\d]+章\s*"), 2),
           (re.compile(r"^\s*第[一二三四五六七八九十百零\d]+节\s*"), 3),
           (re.compile(r"^\s*[一二三四五六七八九十]{1,3}[、.．]\s*"), 4),
           (re.compile(r"^\s*[（(][一二三四五六七八九十]{1,3}[）)]\s*"), 5),
           (re.compile(r"^\s*\d{1,2}[.．、](?!\d)\s*"), 6),
           (re.compile(r"^\s*\d{1,2}(?:\.\d{1,2}){1,3}(?![\d%％]|" + _AMOUNT_UNIT + r")\s*"), 7),
           (re.compile(r"^\s*[（(]\d{1,2}[）)]\s*"), 8),
           (re.compile(r"^\s*[①-⑳]\s*"), 9)]
ARTICLE = re.compile(r"^\s*第[一二三四五六七八九十百零\d]+条")   # 第X条: a clause, always content
SENTENCE_END = tuple("。.!！?？;；:：,，、…")
FINAL = tuple("。！？；!?;…")
MAX_TITLE = 60
MAX_OUTLINE_TITLE = 30


def outline(line: str) -> tuple[int, str] | None:
    """(level, label) when the line starts with outline numbering. Example: outline("（一）总则") == (5, "（一）")"""
    for pattern, level in OUTLINE:
        m = pattern.match(line)
        if m:
            return level, m.group(0)
    return None


def _structural(line: str, key_value: bool = True) -> bool:
    """A line that starts something of its own (never joined onto the line before); `key_value`: a 键：值 line counts."""
    return bool(MD_HEADING.match(line) or FENCE.match(line) or TABLE_ROW.match(line) or QUESTION.match(line)
                or ANSWER.match(line) or BULLET.match(line) or outline(line) or ARTICLE.match(line)
                or key_value and KEY_VALUE.match(line) or line.startswith(("\u3000", "  ", "\t")))


def reflow(text: str, full: int = 0) -> str:
    """Join hard-wrapped lines of one sentence. Example: reflow("本机额定功率为2.2千瓦，\n电压380伏。") == "本机额定功率为2.2千瓦，电压380伏。"
    `full`: the printed width of a full line (a PDF page's widest, in `width` cells; 0: unknown). A line as wide as that
    less FULL_SLACK (with the next line's leading Latin run, which the page moved down whole: 「…报名咨询邮箱：」 /
    「entry@yzmarathon.cn。」, breaker CC, session 46) that ends in ；or ：was wrapped there by the page, not ended as an
    item or a lead-in (breakers G and H, session 33: 「…可立即在馆内借书；」 / 「如需实体卡，…」 were two passages), and goes
    on with the next plain line; so does one that ends in no mark at all (cut in mid-word: 「…建议住店宾客选择上」 /
    「午或20:00以后泡汤。」, breaker DN, session 59) before a plain line, or before a line only shaped like a 键：值 field
    when it is no field itself (「…交强险在全国范围」 / 「内实行统一的责任限额：…」, breaker J, session 34); a field line as wide
    goes on only before a line with a clause mark or a full line (wrapped again), or when cut inside a figure
    (「…实施日期：2025年9」 / 「月1日」, breaker DL: the fragment was a heading over the page), see `_page_wrap`."""
    lines = text.split("\n")
    out: list[str] = []
    fenced, last = False, ""
    for i, line in enumerate(lines):
        if FENCE.match(line):
            fenced = not fenced
        prev = out[-1] if out else ""
        if out and not fenced and _hanging(prev, line):   # a list item's indented second line
            out[-1], last = prev + line.strip(), line
            continue
        if out and not fenced and (joins(prev, line) or full and _page_wrap(last, line, full)):
            joiner = " " if prev[-1:].isascii() and prev[-1:].isalnum() and line[:1].isascii() and line[:1].isalnum() else ""
            out[-1], last = prev + joiner + line, line
            continue
        out.append(line)
        last = line
    return "\n".join(out)


# a sentence ended inside a line and a long one begun after it (10+ characters): prose cut by the line's end, no title
# (「安全第一！预防为主」) and no closing word before a signature (「…施行。特此通知」 / 「XX市人民政府办公厅 2024年3月1日」)
RUNS_ON = re.compile(r"[。！？][^。！？]{10,}$")


FULL_SLACK = 6   # width cells: a wrapped PDF line falls short of the widest by up to ~3 Han characters (narrow digits)


def _page_wrap(last: str, line: str, full: int) -> bool:
    """`last` (one printed line, no line of fields) runs to the page's full width (less FULL_SLACK) and the page wrapped
    it there: it ends in ；or ：and `line` starts nothing of its own; or it ends in no mark (no Markdown heading, no table
    row) and `line` starts nothing of its own but a 键：值 shape, a field's only after none; a field `last` as `reflow` says."""
    t = last.strip()
    # a Latin word too long for the room left is wrapped whole (「…报名咨询邮箱：」 / 「entry@yzmarathon.cn。」)
    lead = re.match(r"[!-~]*", line.strip()).group()
    if not line.strip() or width(t) + width(lead) < full - FULL_SLACK or _fields(t) or _fields(line):
        return False
    if t.endswith(("；", ";", "：", ":")):   # 「…报名咨询邮箱：」 / 「entry@yzmarathon.cn。…」 (breaker CC, session 46)
        return not _structural(line)
    if t.endswith(SENTENCE_END) or MD_HEADING.match(t) or TABLE_ROW.match(t) or _structural(line, key_value=False):
        return False
    if _field(line):   # 「内实行统一的责任限额：…」 goes on a line that is no field (breaker J, session 34)
        return not KEY_VALUE.match(t)
    # cut in mid-word (breakers DL, DN, session 59: 「…选择上」 / 「午或20:00以后泡汤。…」); a field line as `reflow` says, not
    # 「联系地址：…1208室」 / 「乘车指南见背面」 (a note), 「项目名称：…」 / 「项目概况」 (a heading)
    if _field(t):   # before a line with a clause mark or as wide (wrapped again), or cut in a figure (2025年9 / 月1日)
        return bool(re.search(r"[，,；;、。！？!?]", line) or width(line.strip()) >= full - FULL_SLACK
                    or t[-1:].isdigit() and line.strip()[:1] in "年月日号时分秒元万个%％")
    return True


def _field(line: str) -> bool:
    """Whether `line` opens with a 键：值 field, not a time (「每日14:00至17:00为入园高峰」 is none)."""
    m = KEY_VALUE.match(line)
    return bool(m) and not re.search(r"\d[:：]\s*\d", line[max(0, m.end() - 3):m.end() + 1])


def joins(prev: str, line: str) -> bool:
    """Whether `line` goes on with the sentence `prev` wrapped out of (see the module's text); pdf.py asks it across a
    page break too. Example: joins("…请在家校通“健康档案”中如实填写过敏", "食物，食堂将单独备餐。") is True"""
    return (bool(line.strip()) and bool(prev.strip()) and not _structural(line) and not FENCE.match(prev)
            and not MD_HEADING.match(prev) and not TABLE_ROW.match(prev) and _wrapped(prev, line))


# a line of fields, not prose (session 20): three or more short words set apart by spaces with no sentence mark
# (「张建华 基地主任 手机13907681254」; not 「第十一条 员工应…」), or a line that ends in a telephone number (a mobile, one
# with an area code or in groups: not an amount or a year), an extension (分机8805) or an e-mail address: a contact
# list's lines are never one wrapped sentence
_SPACED = re.compile(r"^[^，,。；;！？!?]{1,12}(?:[ \t\u3000]+[^\s，,。；;！？!?]{1,16}){2,}$")
MOBILE = r"(?<!\d)1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}"   # a mainland mobile number (values.py reads contact details with it)
MAIL_DOMAIN = r"@[\w-]+(?:\.[\w-]+)+"                  # an e-mail address's @ and domain (values.py too)
_PHONE_END = re.compile(r"(?:" + MOBILE + r"|(?<!\d)0\d{2,3}[\s-]?\d{7,8}|(?<!\d)[48]00[\s-]?\d{3}[\s-]?\d{4}|"
                        r"(?:分机|电话|手机|热线|传真|转)\s*(?:号码?)?\s*[:：]?\s*\d[\d -]*\d|" + MAIL_DOMAIN + r")\s*$")


# a notice's byline: a date alone on its line, or set apart after an issuer (「滨江市农业农村局 2024年2月20日」 between a title
# and the first paragraph; breaker DD, session 56: all three were read as one wrapped sentence)
BYLINE = re.compile(r"^[^，,。；;：:！？!?]*(?:^|[ \t\u3000])(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d一二三四五六七八九十]{1,3}月"
                    r"[\d一二三四五六七八九十]{1,3}日$")   # … with no clause mark before it (「…遵照执行，自 2024年3月1日」 wraps)


def _fields(line: str) -> bool:
    """Whether `line` is a line of fields, ends in a contact detail or is a byline's date (see _SPACED, _PHONE_END,
    BYLINE), not prose."""
    line = line.strip()
    return bool(_PHONE_END.search(line) or BYLINE.search(line)) or (bool(_SPACED.match(line)) and not ARTICLE.match(line)
                                                                  and not outline(line))


LONG_FIELD = 30   # characters: a field line this long runs on when the next line starts nothing (a PDF wraps at ~35–45)


def width(line: str) -> int:
    """A line's printed width in half-width cells: a Han character (East Asian wide or full-width) counts 2, a Latin
    letter or digit 1. A wrapped line is as wide as the page, not as long: a PDF line with an address in Latin
    (「…自助服务门户 passwd.xingchen.local 通过…请拨」) holds fewer characters than the shorter last line of its
    sentence when that one holds more Latin, and was left unjoined (session 27); two short lines of a title block
    (no clause break) are compared by characters still, a numbered one by width too (`_wrapped`). Example: width("ab中") == 4"""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def _wrapped(prev: str, line: str) -> bool:
    p = prev.rstrip()
    if p.endswith(FINAL) or p.endswith(("：", ":")) or _fields(p) or _fields(line):
        return False
    if p.endswith(("，", ",", "、")):
        return True
    long_enough = len(p.strip()) >= (20 if BULLET.match(p) else 15)   # a list item wraps only when long
    # a field line (「电话：8301」) is not joined, unless its value runs on to a line's width and the next line goes on
    # with a sentence or a series (「答：…按里程分」+「段计价，全程15元。」: a PDF FAQ's answer; 「…适用范围：千岛湖湖畔营」+
    # 「地、莫干山竹林营地、…」: breaker DB, session 55; not 「地址：…大厅」+「乘车指南见背面」; a next line's field is _structural)
    # as wide as the next line: by characters, or, for a line of prose (a clause break in it), by printed width
    # (a sentence ended inside it counts: 「各营地前台设有装备租赁点。…营业时间为每日」 / 「8:00–20:00；…」, breaker DB,
    # session 55: the next line's digits made it longer in characters, and the line was left a title); a numbered line by
    # width too (「二、预约讲解服务（Booked Guided Tours）」 is a title as long as its next line: breaker DQ, session 60)
    wide = width(p.strip()) >= 0.9 * width(line.strip())
    as_wide = len(p.strip()) >= 0.9 * len(line.strip()) and (not outline(p) or wide) or bool(re.search(r"[，；,;]", p) or RUNS_ON.search(p)) and wide
    # a question line stands alone, unless its answer follows on it (「问：…？答：…是否分居由双方自」+「行商定，…」: breaker BM)
    return long_enough and as_wide and (not QUESTION.match(p) or bool(INLINE_ANSWER.search(p))) \
        and (not KEY_VALUE.match(p) or len(p.strip()) >= LONG_FIELD and bool(re.search(r"[。！？!?；;，,、]", line)))


def _hanging(prev: str, line: str) -> bool:
    """`line` continues the list item `prev` under a hanging indent: it is indented, starts nothing of its
    own, and the item has not ended (no final punctuation or colon)."""
    p = prev.rstrip()
    return (bool(BULLET.match(p) or outline(p)) and not p.endswith(FINAL + ("：", ":"))
            and line[:1] in ("\u3000", " ", "\t") and bool(line.strip()) and not _structural(line.strip()))


ITEM_CHARS = 100   # unmarked_items: an item written without a mark is at most this long
BARE_ITEM_CHARS = 40   # … and one with no final punctuation either (「根管治疗」 a line), at most this long


def _bare_items(lines: list[str]) -> int:
    """How many of `lines` open with short items that end in no punctuation at all (「口腔检查及全景X线片」「根管治疗」: a
    Chromium-printed PDF's `<li>`s, their bullets drawn; breaker AI, session 39: each line that the next outlasted was read
    as a heading by its shape, the lead 「以下项目可以使用医保统筹基金结算：」 quoted alone). A numbered line (「三、报销比例」),
    a mark, a label, a table row or a longer line ends them."""
    n = 0
    for line in lines:
        t = line.strip()
        if (not t or len(t) > BARE_ITEM_CHARS or t.endswith(SENTENCE_END) or outline(t) or BULLET.match(t)
                or KEY_VALUE.match(t) or TABLE_ROW.match(t) or QUESTION.match(t) or ANSWER.match(t)):
            break
        n += 1
    return n


def unmarked_items(lines: list[str]) -> int:
    """How many of `lines` (those after a lead line ending in a colon) are items of a list written without marks, one
    item a line, each ending in ；and the last in ；or 。(「澜江通IC卡…；」「乘车码；」「现金投币，不设找零。」: a PDF whose bullets
    were drawn, not written, or a plain-text list); 0 when fewer than two. A question or answer label (问2：), a line
    longer than ITEM_CHARS, a numbered article or heading (第五条 after the items was read as the last one: breaker AN,
    session 40) or one that ends otherwise ends the list. Items that each open with a label (「账单分期：…。」
    「单笔消费分期：…。」: KEY_VALUE) may each end in 。 (breaker AD, session 38: they were read as a record, and the lead
    「可办理以下三类分期业务：」 was quoted alone for 「可以办理哪几种分期」)."""
    if (bare := _bare_items(lines)) >= 2:
        return bare
    n = 0
    labelled = all(KEY_VALUE.match(line) for line in lines[:2]) and len(lines) >= 2
    for line in lines:
        t = line.strip()
        if not t or len(t) > ITEM_CHARS or QUESTION.match(t) or ANSWER.match(t) or ARTICLE.match(t) or outline(t) \
                or not t.endswith(("；", ";", "。")):
            break
        n += 1
        if t.endswith("。") and not (labelled and KEY_VALUE.match(t)):
            break
    return n if n >= 2 else 0
