"""The contact detail a question asks for by name, and whether a quote writes it.

Consumes: the question, the quote's text and, for a table row or record, its header rows. Produces: `contact_kind` →
'email' | 'mobile' | 'extension' | 'phone' | 'url' | 'postcode' | 'fax' | '' (the detail asked for by name, not only
mentioned), and `lacks_contact` → whether the quote lacks it (None when none is asked), which values.lacks_value (and
so answer.py's `value_missing`) refuses: the detail written nowhere in the quote (nor as bare figures under a column
named for it), or, in a contact list, only on lines that do not name whom the question asks about (`_someone_elses`).
Why: a near miss asking a branch's 邮编 or 传真, or a person's mobile where the list gives an extension, was quoted the
row or line about that branch or person, its other details bold (session 19: mobiles, e-mail; session 36: breakers K,
T and V's postcodes and fax numbers, none of which their documents give).
Shortcuts: regular expressions over folded text (lexical.fold), not a parser; a postcode is six digits after its
label, or under a column named for it; a fax number is a figure after 传真.
"""
from __future__ import annotations

import re

from .lexical import fold
from .readers.lines import LIST_ITEM, MAIL_DOMAIN, MOBILE

# contact details a question asks for by name, and how each is written: a mobile number, an extension (分机8012, or a
# 3-5 digit figure under a column named 分机), a fax number, a postcode, a telephone number of any kind, an e-mail
# address, a web address
# … asked for, not only mentioned: 是多少 / 是什么 (not 多少钱, 什么时候, 什么牌子), or the detail's own name ending the
# question (手机号？, 邮箱地址?); an English question asks with what's / what is (not "how do I change my phone number")
_ASKED = r"(?:是)?(?:多少(?!钱|费|[个台部人次天年月gG封]|分钟|小时)|什么(?!时候|时间|牌子|型号)|啥(?!时候))"
_WHAT = r"what(?:'s|\s+is|\s+are)\b[^?？]{0,40}?"
_CONTACT_Q = (("email", re.compile(r"(?:电子)?(?:邮箱|邮件)(?:地址)?(?:" + _ASKED + r")|(?:邮箱|邮件)地址[？?]?\s*$|"
                                   + _WHAT + r"\be-?mail\b", re.IGNORECASE)),
              ("mobile", re.compile(r"手机(?:号码?)?(?:" + _ASKED + r")|手机号码?[？?]?\s*$|" + _WHAT + r"\b(?:mobile|cell)",
                                    re.IGNORECASE)),
              ("landline", re.compile(r"(?:座机|固话|固定电话)(?:电话)?(?:号码?)?(?:" + _ASKED + r"|[？?]?\s*$)|" + _WHAT
                                      + r"\blandline\b", re.IGNORECASE)),
              ("extension", re.compile(r"分机(?:号码?)?(?:" + _ASKED + r")|分机号码?[？?]?\s*$|哪个分机|" + _WHAT + r"\bextension\b",
                                       re.IGNORECASE)),
              ("fax", re.compile(r"传真(?:电话|号码?)?(?:" + _ASKED + r")|传真(?:电话|号码?)[？?]?\s*$|" + _WHAT + r"\bfax\b", re.IGNORECASE)),
              ("postcode", re.compile(r"(?:邮编|邮政编码)(?:" + _ASKED + r")|(?:邮编|邮政编码)[？?]?\s*$|" + _WHAT
                                      + r"\b(?:post(?:al)?\s*code|zip(?:\s*code)?)\b", re.IGNORECASE)),
              ("phone", re.compile(r"(?:电话|热线)(?:号码?)?(?:" + _ASKED + r")|(?:电话|热线)号码[？?]?\s*$|(?:什么|哪个)电话|"
                                   + _WHAT + r"\b(?:(?:tele)?phone\s+number|hotline\b(?!'s))", re.IGNORECASE)),
              ("url", re.compile(r"网址(?:" + _ASKED + r"|在哪|[？?]?\s*$)|链接地址|" + _WHAT + r"\b(?:website|url|web\s+address)\b",
                                 re.IGNORECASE)))
# a count of contact details asks no detail: 「最多能绑定几个手机号？」 (breaker DZ, session 63: refused over 「最多绑定3个手机号」)
_COUNTED = re.compile(r"(?:几\s*个?|多少\s*个)\s*$")   # not a bare 多少 (「押金多少手机号多少」 asks both: the review)
_MOBILE = MOBILE + r"(?!\d)"
_CONTACT = {"email": re.compile(r"[\w.+-]+" + MAIL_DOMAIN), "mobile": re.compile(_MOBILE),
            # a landline: a number with its area code (0736-5120256, (021) 6234 5678), not a mobile (breaker BU, session 44)
            "landline": re.compile(r"(?<![\d-])\(?0\d{2,3}\)?[\s-]?\d{3,4}[\s-]?\d{4}(?!\d)"),
            "extension": re.compile(r"(?:分机|转|ext\.?|extension)\s*(?:号\s*)?[:：]?\s*\d{2,5}", re.IGNORECASE),
            # any telephone number: a mobile, one with an area code or in groups ((02) 2345-6789, 0571-8665 2200,
            # 400-826-7788), a service number of 5 digits or more (95588, 12345), or a figure after 分机, 转, 电话,
            # 热线 or 拨 (分机8110, 拨打110, 联系电话是9002)
            "phone": re.compile(_MOBILE + r"|\(?0\d{1,3}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}|\d{3,4}[\s-]\d{3,4}(?:[\s-]?\d{3,4})?|"
                                r"(?<![0-9a-z-])\d{5,}(?![\d元万亿年])|(?:分机|ext\.?|电话|热线|拨打|拨|转)\s*(?:号码?)?\s*[是为]?\s*[:：]?\s*\d{2,}",
                                re.IGNORECASE),
            "fax": re.compile(r"传真\s*(?:号码?)?\s*[是为]?\s*[:：]?\s*[(（]?\d[\d\s()（）-]{4,}"),
            "postcode": re.compile(r"(?:邮编|邮政编码)\s*[是为]?\s*[:：]?\s*\d{6}(?!\d)"),
            "url": re.compile(r"https?://|www\.|(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|cn|net|org|io|gov|edu|local|example)\b|"
                              r"(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?![\d.])", re.IGNORECASE)}
_LABELS = re.compile(r"手机|电话|邮箱|邮件|分机|热线|传真|网址|联系方式|号码|[\W\d_a-z]", re.IGNORECASE)   # a detail's label
# a column of bare figures named so holds them
_CONTACT_HEADER = {"landline": "座机|固话|固定电话", "extension": "分机", "phone": "电话|分机|手机", "postcode": "邮编|邮政编码",
                   "fax": "传真"}


def contact_kind(question: str) -> str:
    """'email' | 'mobile' | 'landline' | 'extension' | 'fax' | 'postcode' | 'phone' | 'url' | '': the contact detail a
    question asks for by name (「钱蕾的邮箱地址是什么」, 「手机号多少」, 「座机号码是多少」, 「分机号」, 「传真号码」, 「邮编是多少」,
    「客服电话是多少」, 「网址」); not a
    question that only mentions one
    (「邮箱快满了」, 「手机话费能报销吗」) or counts them (「最多能绑定几个手机号？」)."""
    folded = fold(question)
    return next((kind for kind, pattern in _CONTACT_Q if (m := pattern.search(folded))
                 and not _COUNTED.search(folded[:m.start()])), "")


def _someone_elses(question: str, folded: str, pattern: re.Pattern) -> bool:
    """Whether the contact details of a multi-line quote (a contact list) all sit on lines other than the ones naming
    whom the question asks about: the longest piece (2+ characters, spaces ignored) of the words before the detail's
    name (「运维经理邵航」 of 「运维经理邵航的手机号码是多少」) that the quote writes, on every line that writes it.
    One line, a question whose words the quote does not write or writes in the list's lead (a first line ending in a
    colon: 「投诉渠道包括：」 for 「投诉电话是多少」), a detail on a line naming nobody (「- 手机：139…」 under
    「- 联系人：邵航」: one card), named lines that give no contact detail at all (they are no one's entry), or an
    English question: no verdict (False)."""
    lines = [line for line in folded.split("\n") if line.strip()]
    asked = next((m for _, p in _CONTACT_Q for m in [p.search(fold(question))] if m), None)
    if len(lines) < 2 or asked is None:
        return False
    subject = "".join(re.findall(r"[\u4e00-\u9fff\w]+", fold(question)[:asked.start()]))
    flat = [re.sub(r"\s+", "", line) for line in lines]
    for size in range(len(subject), 1, -1):
        pieces = {subject[i:i + size] for i in range(len(subject) - size + 1)}
        named = {piece for piece in pieces if re.search(r"[\u4e00-\u9fff]", piece)}
        at = [i for i, f in enumerate(flat) if any(n in f for n in named)]
        if at:
            break
    else:
        return False
    # named by the list's lead (「公司对外公布的投诉渠道包括：」, a first line ending in a colon, no item): its topic, no person
    if 0 in at and re.search(r"[:：]\s*$", lines[0]) and not LIST_ITEM.match(lines[0]):
        return False
    # the named lines give no contact detail at all (「4. 客户所属的销售经理转交」 for 「客户投诉邮箱」): no one's entry, no verdict
    if not any(detail.search(lines[i]) for i in at for detail in _CONTACT.values()):
        return False
    holders = [i for i, line in enumerate(lines) if pattern.search(line)]
    # a detail on a line that names nobody (「- 手机：139…」 under 「- 联系人：邵航」): one person's card, no verdict
    if any(not re.search(r"[\u4e00-\u9fff]", _LABELS.sub("", pattern.sub("", lines[i]))) for i in holders):
        return False
    return not set(holders) & set(at)


def writes_contact(kind: str, text: str) -> bool:
    """Whether `text` writes a contact detail of `kind` (contact_kind's kinds: an e-mail address, a phone number …)."""
    return bool(_CONTACT[kind].search(fold(text)))


def lacks_contact(question: str, text: str, header: str | None = None) -> bool | None:
    """None when `question` asks for no contact detail by name (contact_kind); else whether the quote `text` lacks it:
    written nowhere in it (a table row or record, `header` its header rows: nor as a figure under a column named for
    it), or in a contact list only on other people's lines (_someone_elses)."""
    contact = contact_kind(question)
    if not contact:
        return None
    folded = fold(text)
    if _CONTACT[contact].search(folded):
        return _someone_elses(question, folded, _CONTACT[contact])
    column = _CONTACT_HEADER.get(contact)
    labelled = fold(f"{header} {text}") if header is not None else folded
    return not (header is not None and column and re.search(column, labelled) and re.search(r"\d{3,}", text))
