"""Whether a quote names who holds the post a question asks about (「城东支行行长是谁」, 「外国语学院的院长是谁」).

Consumes: the question and the quote's text (and, for a table row or record, its header rows). Produces:
`asked_role` → the post a question asks the holder of ('行长', '副主任', '负责人' …; '' for any other question), and
`unnamed_role` → whether the quote fails to name that post's holder, which values.lacks_value (and so answer.py's
`value_missing`) refuses.
A quote names the holder when a clause of it writes the post (not 副主任 for 主任) with a person's name (jieba's `nr`
tag, or a surname before the post: 李主任), or labels a value with it (「负责人：崔永健」; 「由许哲担任项目经理」 reads as
a name by the tagger); 负责人 and 联系人 are also written as verbs (「由张伟负责」, 「请联系梁静怡」), 负责人 also as 责任人.
A table row whose header rows hold the post states it in that column.
Why: a question asking for a post's holder is answered only by a name, and 谁's answer type (answertype: a person, an
organisation or a role) is held by almost any quote about a department. Source: session 36, the tune halves: of the
questions asking 「<post>是谁 / 叫什么 / 是哪位」, the 12 answerable ones' first quotes name the holder (one only once
责任人 reads as 负责人) and the 8 answered near misses' did not (a sibling post: 副主任 beside 主任, 院长 beside 教学秘书;
an address, a document number).
Shortcuts: posts are a closed list of organisational titles, with people named by their work (医生, 教练, 老师: PEOPLE),
checked alike (any name in the quote let 「带队老师是谁」 be answered by a 项目经理's name: breaker W, session 36); 作者,
教授 and the like are neither (answers name them with a verb, 「…所著」); a name the tagger misses and no label precedes
is not seen (so the quote is refused).
"""
from __future__ import annotations

import re
from functools import lru_cache

from .lexical import fold

# organisational titles whose holder is one person (副 kept: 副主任 is another post than 主任)
POSTS = ("董事长|总经理|总裁|总监|行长|院长|校长|馆长|园长|厂长|站长|店长|局长|所长|科长|处长|部长|主任|班主任|经理|主管|"
         "专员|秘书|组长|队长|领队|书记|主席|负责人|联系人|法定代表人")
# people named by their work, not by a post (带队老师, 值班医生): asked and named as posts are
PEOPLE = "医生|大夫|护士|教练|老师|律师|导游|讲师"
_ASKED = re.compile(rf"((?:副)?(?:{POSTS}|{PEOPLE}))(?:是|为)?(?:谁|哪位|哪一位|叫什么|姓什么)|"
                    rf"谁是[^，,。？?]{{0,16}}?((?:副)?(?:{POSTS}))")
# a post also written as a verb or under another name: 由张伟负责, 责任人：钱雨萌, 请联系梁静怡, 法人
_ALSO = {"负责人": ("责任人", "负责"), "联系人": ("对接人", "联系"), "法定代表人": ("法人",)}
_CLAUSE = re.compile(r"[，,。；;！!？?\n|]")
_SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜"
             "崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")


def asked_role(question: str) -> str:
    """The post whose holder `question` asks for, '' when it asks for none.

    Example: asked_role("城东支行行长是谁") == "行长"; asked_role("谁是项目负责人?") == "负责人";
    asked_role("三级动火作业由谁审批?") == "" (谁 asks who approves, not a post's holder)."""
    m = _ASKED.search(fold(question))
    return (m.group(1) or m.group(2)) if m else ""


def unnamed_role(question: str, text: str, header: str | None = None) -> bool:
    """Whether `text` (a quote) names no holder of the post `question` asks about: True only for a question asking for
    a post's holder (asked_role) over a quote none of whose clauses writes that post (or its verb) with a name or as the
    label of a value. `header`: a table row's or record's header rows (a column named by the post states it).

    Example: unnamed_role("外国语学院的院长是谁？", "学院：外国语学院；办公室：外语楼105室；教学秘书：刘芳") is True;
    unnamed_role("华东大区经理是谁？", "- 华东大区经理：赵海峰，分机8531") is False."""
    post = asked_role(question)
    if not post:
        return False
    if header and any(w in fold(header) for w in (post, *_ALSO.get(post, ()))):
        return False
    return not _names_holder(post, fold(text), fold(question))


@lru_cache(maxsize=1024)
def _names_holder(post: str, text: str, asked: str = "") -> bool:
    """Whether a clause of folded `text` writes `post` (or its verb) with a person's name (not a word of the question
    `asked`) or as a value's label."""
    words = [post, *_ALSO.get(post, ())]
    for clause in _CLAUSE.split(text):
        for word in words:
            at = [m.start() for m in re.finditer(re.escape(word), clause)
                  if post.startswith("副") or clause[max(m.start() - 1, 0):m.start()] != "副"]
            if not at:
                continue
            if any(re.match(rf"{re.escape(word)}\s*(?:[:：]|为|是|\s)\s*[\u4e00-\u9fffA-Za-z]{{2,}}", clause[i:]) for i in at):
                return True   # 负责人：崔永健, 差旅专员 宋雨桐, 董事会主席是…麦克阿瑟
            if any(i > 0 and clause[i - 1] in _SURNAMES for i in at):
                return True   # 李主任, 王经理
            if _person_named(clause, asked):
                return True
    return False


def _person_named(clause: str, asked: str = "") -> bool:
    """Whether jieba's tagger finds a person's name (nr, nrfg, nrt) of two characters or more in `clause` that is no word
    of the question `asked` (the tagger calls places names too: 玉屏峰's 玉屏, 凤起东路's 凤起; and 戴 of 戴泳帽 a surname)."""
    from jieba import posseg

    return any(flag.startswith("nr") and len(word) >= 2 and word not in asked for word, flag in posseg.lcut(clause))
