"""Follow-ups (「不良率呢?」, 「经理呢?」): what is searched for them, and which answer they get.

Consumes: a question and the earlier questions of its conversation; then the answer to a follow-up asked alone
(`reply`: bot.ChatBot.ask searches with the question it continues, and quotes for the follow-up itself), the answer
to the question it continues (`joined`), and the corpus's lexicon. Produces: `with_context` → what is searched (a
follow-up together with the start of the previous question), `follow_up` → the Answer to show.
Why: a follow-up says little (「经理呢?」, 「婚假呢?」), so the answerability model, fitted on whole questions, judges it
poorly both ways: 「经理呢?」 after 「上海住宿标准多少」 abstained over the 上海 row whose column is 经理及以上住宿标准, and
「婚假呢?」 after 「年假有几天」 was answered with the 年假 tiers (session 27's newcomer). What a follow-up adds is its
nouns, so a quote that answers it holds them.
Shortcut: a noun is held when its characters are in the first quote or its table columns (folded); only Chinese nouns
the corpus uses count, so a follow-up of English words or numbers is judged by its answer alone.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from .answer import NOT_FOUND, Answer
from .answertype import YES_NO, answer_type, has_type
from .cells import cell_focus, fields
from .series import mismatch
from .errors import QuestionError
from .lexical import fold
from .question import clean_question
from .rephrase import QUESTION_WORD as _WH, sibling_asked
from .signals import asked_nouns

# 呢 asks about the same thing again (不良率呢?); 吗 only makes a yes/no question (明天会下雨吗?), no follow-up
# 他的 / 她的 / 该 point back too (「他的电话是多少？」 after 「华中区销售负责人是谁？」 was asked alone: breaker AL, session 39)
FOLLOW_UP = re.compile(r"^(那|那么|它|它们|他|她|他们|她们|该|这|这个|那个|其|还有|另外|and|what about|how about)|呢\s*[?？]?$",
                       re.IGNORECASE)


FOLLOW_UP_MAX_CHARS = 40  # a longer question carries its own context
CONTEXT_CHARS = 100       # of the previous question, prepended: a follow-up costs one short encode more
NAME_FREQ = 50            # jieba's dictionary frequency under which a word is a name it hardly knows (天合 5; a corpus
                          # word is 20; 次要 297: 「这次要带哪些材料？」 keeps its 这次, the review, session 62)


def pointer_split(question: str, vocabulary, cut, freq=None) -> str:
    """「那天合的呢？」 as 「那 天合的呢？」 when jieba glued the pointer 那/这 to the start of a word of the corpus: the cut of
    the question starts with 那天 (or 那晶科, 那次), and the cut after the pointer starts with a corpus word of two
    characters or more (`vocabulary`) that jieba's dictionary hardly knows (`freq`, under NAME_FREQ: 天合, 晶科, 次卡; the brand
    was lost and the previous question's row answered, breaker DW, session 62), or that is followed by another corpus word
    of two characters or more (「那个人写真呢？」: 个人 | 写真; breaker BS, session 44). `cut` is the corpus's jieba lcut,
    as with_context's. 「那个人的电话呢？」, 「那个人叫什么？」 (that person), 「那天的呢？」 and any other question stay as they are."""
    if question[:1] not in ("那", "这"):
        return question
    first = next(iter(cut(question)), "")
    if len(first) < 2 or not first.startswith(question[0]):
        return question
    words = [w for w in cut(question[1:]) if w.strip()]
    if not words or len(words[0]) < 2 or words[0] not in vocabulary:
        return question
    rare = freq is not None and freq.get(words[0], 0) < NAME_FREQ
    joined = len(words) > 1 and len(words[1]) >= 2 and words[1] in vocabulary
    return f"{question[0]} {question[1:]}" if rare or joined else question


def with_context(question: str, history: list[str], max_chars: int, cut=None, siblings: bool = True) -> str:
    """A follow-up (short: 6 characters before its question mark; or 「…呢?」, 「那…」, at most FOLLOW_UP_MAX_CHARS) is
    asked together with the start of the previous question (CONTEXT_CHARS), or (`siblings`) as that question about a
    sibling (sibling_asked).

    Example: with_context("不良率呢?", ["那个用卫星看庄稼放贷的项目覆盖了多少农户?"], 500)
             == "那个用卫星看庄稼放贷的项目覆盖了多少农户? 不良率呢?"
    """
    short = len(question.rstrip("?？")) <= 6
    if not history or len(question) > FOLLOW_UP_MAX_CHARS or not (short or FOLLOW_UP.search(question)):
        return question
    try:
        previous, _ = clean_question(history[-1][:4 * CONTEXT_CHARS], max_chars)
    except QuestionError:   # an earlier turn that was no question (empty, 「？？？」): the follow-up is asked alone
        return question
    return siblings and sibling_asked(question, previous, cut) or f"{previous[:CONTEXT_CHARS]} {question}"[-max_chars:]


def follow_up(reply: Answer, text: str, joined, lexicon, vocabulary, previous: str = "", alone=None) -> Answer:
    """The answer to the follow-up `text`, of `reply` (its own quote, searched with the context), `joined()` (the
    continued question's answer, shown as the answer to `text`) and `alone()` (`text` searched by itself; given for a
    follow-up by length alone, no 呢 nor 那…, which may be a whole question) whose first quote (or its table columns)
    holds what `text` adds: of those holding a noun only the `previous` question has (its topic; not one inside what
    `text` adds: 金卡 of 白金卡) in the quote, its columns or section title, the one holding the kind of value
    `previous` asked when `text` asks none (多少钱: 「三班倒 | 夜班 | … | 30元/班」, not the prose on 三班倒's 夜班; breaker
    I, session 34), then the most topic nouns in its quote, then with its columns, the first of equals (and when
    `reply` and `joined()` quote the same, `joined()`'s bold, on what the continued question asked, unless `text` names a
    value or a column of its own: 「那萧山区的呢?」 bolds the 电话 field, 「满10年以上的呢?」 its own tier, 「光猫押金呢?」 its cell); else, of those holding what
    `text` adds, `alone()`'s (the context led nowhere: a whole question), or the first; else no answer. A candidate
    on another member of a group `text` names one of (series.mismatch: 「那产检假呢?」 over the 婚假 rule) holds nothing.
    What it adds: its Chinese nouns (the asked kind aside: 多少钱呢 → 钱, 能放几天 → 几天; numbers, 两万 too, their units (年 of
    10年, 多岁 of 60多岁) and English words aside: 「工作12年的呢?」, 「What about Beijing?」 are judged by their answers), those
    the corpus (`vocabulary`) uses; when it uses none of them (「婚假呢?」 over a policy on 年假 and 事假), the documents do
    not hold what is asked. Examples: for 「经理呢?」, `joined` (the 上海 row, columns 城市 /
    普通员工住宿标准 / 经理及以上住宿标准) when `reply` abstained; 「那经理级别的呢?」 too (级别: a word the corpus
    never uses, beside 经理); 「经理住宿多少钱」 gets the 上海 row over `reply`'s 北京 row, which lacks 上海; 「年卡多少钱」
    after 「私教课怎么预约」 gets `alone()`'s 年卡 row: no quote holds both, and `reply` (the 团体课 row, session 32's breaker)
    lacks 年卡; 「退卡要多久」 after it too, where `reply` and `joined` quote 私教课 rows without 卡. Such a question
    without a noun the corpus uses is answered by the first of the three holding its words the corpus uses (「体检多少钱」
    after 「ICU押金多少」: 体检, which jieba tags a verb; breaker H), else as above. "Holds" looks in the quote, its table
    columns and its section's title (「那护工呢」: a row of the 护工 price table, whose cells never say 护工)."""
    nouns, known = _added(text, lexicon, vocabulary)
    if nouns and not known:
        return _none(reply)
    known = known or _added(text, lexicon, vocabulary, "guessed")[1]   # 季卡: a noun jieba only guessed (nr)
    # its topic: the previous question's nouns it does not repeat (金卡 of 白金卡 is repeated)
    # nor one the follow-up names a sibling of, a word ending alike (小班 of 「那托班呢？」, which jieba cuts 托|班: the
    # topic kept the 小班 row first; breaker AB, session 38)
    said = fold(text)
    topic = {w for w in _added(previous, lexicon, vocabulary)[1] if not any(w in k for k in known)
             and not (len(w) >= 2 and w not in said and re.search(r"[\u4e00-\u9fff]" + re.escape(w[-1]), said))} if known else set()
    # … and its codes when the follow-up has none (A线 for 「那儿童呢？」: the C线 row was quoted; breaker AU, session 41)
    topic |= set(_TOPIC_CODE.findall(fold(previous))) if topic and not re.search("[a-z]", said) else set()

    def holds(a: Answer, words, columns: bool = True) -> bool:   # columns: also its table columns and section title
        first = a.citations[0] if a.citations and not a.abstained else None
        where = first and " ".join((first.quote, *first.columns, first.section) if columns else (first.quote,))
        return first is not None and all(w in fold(where) for w in words)

    # the candidates in order, each made once and only when asked for
    makers = [lambda: reply, cache(lambda: replace(joined(), question=text))] + ([cache(alone)] if alone else [])
    wanted = _added(text, lexicon, vocabulary, "words")[1] if alone is not None and not known else set()
    for make in makers if wanted else ():
        if holds(candidate := make(), wanted):   # 「体检多少钱」 after 「ICU押金多少」: 体检, a verb to jieba
            return candidate
    # … and is not on another member of a group the follow-up names one of (「那产检假呢?」 over the 婚假 rule: breaker L)
    held = [candidate for make in makers if holds(candidate := make(), known)
            and not mismatch(text, " ".join((candidate.citations[0].quote, candidate.citations[0].section)))]
    asks_own = _asks_own(text, previous)   # 「会被拖走吗？」 after 「…罚多少钱？」 asks no 多少钱 of its own (breaker AQ)
    kind = answer_type(previous) if previous and not answer_type(text) and not asks_own else ""   # 「三班倒的呢?」 asks 多少钱 still

    def fit(a: Answer) -> tuple[bool, int, int]:   # holds the kind of value asked before; topic nouns in its quote, and
        first = a.citations[0]                        # with its columns and section (津贴 of a row under 班次津贴)
        return (not kind or has_type(kind, " ".join((first.quote, *first.columns))), sum(holds(a, {w}, False) for w in topic),
                sum(holds(a, {w}) for w in topic))
    on_topic = [a for a in held if not topic or fit(a)[2] > 0]
    if on_topic:   # the best fit, the first of equals (「白金卡呢?」 after 「金卡会员每年能免费拖车几次」: the 拖车 row)
        best = max(on_topic, key=fit)
        # the same quote from the continued question bolds what it asked (「那萧山区的呢?」: the 电话 cell), unless the
        # follow-up names a value of its own (「满10年以上的呢?」: its tier; breaker K, session 34)
        column = _names_column(known, best)
        # … or asks a question of its own (「那它在当地排第几呢？」 after 「…有多少用户？」: 第几, not 多少; the newcomer's P1,
        # session 39), whose bold `reply` made for it
        own, cont = bool(_OWN_VALUE.search(text)) or asks_own or column, makers[1]()
        twin = cont if best is reply and not own else reply if best is cont and own else None
        best = twin if twin is not None and any(twin is h for h in held) and _same_quote(twin, best) else best
        best = _bold_on_added(best, cont if best is reply else reply, text, previous)
        if column:
            return _column_focus(text, best, lexicon)
        # a table row or record asked of again: the cell of what was asked before, not the follow-up's own value nor its
        # row's name (「那10公斤以上的呢？」 after 「…10公斤以下多少钱？」 bolded 10公斤及以上, not 1300; 「那西山的呢？」 after
        # 「北郊报名点的电话是多少？」 the 西山 row's name, not its phone; breakers U and V, session 36)
        row = best.citations[0].columns or (_columns(best.citations[0])[1] and "\n" not in best.citations[0].quote)
        return _column_focus(f"{previous} {text}", best, lexicon) if kind and row else best   # not a list's items
    return held[-1] if alone is not None and held else held[0] if held else _none(reply)


def _names_column(known: set[str], a: Answer) -> bool:
    """Whether a noun the follow-up adds is in a column (or field) name of `a`'s first quote: it asks another cell of the
    row (「光猫押金呢？」 after 「乡镇宽带安装费多少」: the 光猫押金 cell, not the 安装费 asked before; breaker N, session 35),
    and not in its cells (「那三班倒的夜班呢？」 names the 夜班 row, not its 夜班补贴 column)."""
    c = a.citations[0]
    columns, record = _columns(c)
    cells = fold(" ".join(v for _, _, v in fields(c.quote, 0)[0]) if record else c.quote)
    return any(w in fold(name) and w not in cells for w in known for name in columns)   # 夜班 of a 夜班 row: no column


def _columns(c) -> tuple[tuple[str, ...], bool]:
    """(the column names of a quoted table row, or the field names of a quoted sheet record (两个以上「名：值；」), whether
    it is a record)."""
    if c.columns:
        return c.columns, False
    names = fields(c.quote, 0)[1]
    return (names, True) if len(names) >= 2 and ("；" in c.quote or ";" in c.quote) else ((), False)


def _column_focus(text: str, a: Answer, lexicon) -> Answer:
    """`a` with its first quote's bold on the cell under the column the follow-up `text` names (cells.cell_focus of the
    follow-up alone: the continued question's words would pick the column asked before)."""
    c = a.citations[0]
    record = _columns(c)[1]
    fs, fe = cell_focus(text, c.quote, c.start, c.columns, (c.focus_start, c.focus_end), lexicon, record)
    return replace(a, citations=[replace(c, focus_start=fs, focus_end=fe), *a.citations[1:]])


def _bold_on_added(best: Answer, other: Answer, text: str, previous: str) -> Answer:
    """`best` with `other`'s bold when its first quote is prose (no table row nor record), `other`'s bold lies inside it
    and holds more of the characters the follow-up `text` adds to `previous` (「那航期6个月以上的呢？」 after 「航期不足6个月
    的…」: 以上; 「去其他国家呢？」 after 「前往港澳地区…」: 其他国家). Why: the continued question's bold is on the clause or
    item of the member it named, the sibling of the one asked now (breaker CH, session 48)."""
    b, o = best.citations[0] if best.citations else None, other.citations[0] if other.citations else None
    if b is None or o is None or other.abstained or _columns(b)[0] or o.source != b.source \
            or not b.start <= o.focus_start < o.focus_end <= b.end:
        return best
    added = set(fold(text)) - set(fold(previous)) - set("那呢的吗啊呀吧了么这个？?，,。 ")
    def held(c, s: int, e: int) -> int:
        return len(added & set(fold(c.quote[s - c.start:e - c.start])))
    if held(b, o.focus_start, o.focus_end) <= held(b, b.focus_start, b.focus_end):
        return best
    return replace(best, citations=[replace(b, focus_start=o.focus_start, focus_end=o.focus_end), *best.citations[1:]])


def _same_quote(a: Answer, b: Answer) -> bool:
    return (a.citations[0].source, a.citations[0].start, a.citations[0].end) == \
        (b.citations[0].source, b.citations[0].start, b.citations[0].end)


def _none(reply: Answer) -> Answer:
    """`reply` abstained (refused_by "followup": the follow-up's words are in no quote, or nowhere in the corpus)."""
    return reply if reply.abstained else replace(reply, answer=NOT_FOUND, abstained=True, citations=[], refused_by="followup")


def _added(text: str, lexicon, vocabulary, kind: str = "nouns") -> tuple[set[str], set[str]]:
    """(the Chinese nouns of `text` (kind "guessed": also those jieba's tagger only guessed; "words": its words of two
    characters or more, whatever their part of speech), folded, less the asked kind, numbers and wh-phrases; those the
    corpus uses (one of three characters or more the corpus writes only without its last, as that: 手机号 → 手机), with
    (kind "nouns") its Latin words the corpus uses: VIP of 「VIP班呢？」)."""
    tagged = lexicon.tagger().lcut(fold(text)) if kind != "nouns" else ()
    nouns = ({w for w, flag in tagged if flag.startswith("n")} if kind == "guessed" else
             {w for w, _ in tagged if len(w) >= 2} if kind == "words" else lexicon.content_nouns(text))
    nouns = {fold(w) for w in nouns if w not in asked_nouns(text, nouns) and _HAN.search(w) and not _DIGIT.search(w)
             and not _WH.search(w)   # 几天, which jieba tags a noun whole: asked, not added (session 32's breaker)
             and not _NUMERAL.fullmatch(w)   # 万 of 「10万以上的呢」, 两万: a number, judged by the answer (breakers I, J)
             and not _QUANTITY.fullmatch(w)   # 一个月 of 「那租一个月呢？」: a quantity, not a topic (breaker AE, session 38)
             and not re.search(r"[\d零〇一二两三四五六七八九十百千万]个?" + re.escape(w), fold(text))}   # 年 of 10年, 月 of 三个月
    latin = {w for w in re.findall(r"[a-z]{2,}", fold(text)) if w in vocabulary}   # VIP of 「VIP班呢？」 (breaker U)
    # a longer noun the corpus writes without its last character is used so (手机号: 手机; breaker BU, session 44)
    used = {w if w in vocabulary else w[:-1] for w in nouns if w in vocabulary or len(w) >= 3 and w[:-1] in vocabulary}
    return nouns, used | (latin if kind == "nouns" else set())


_HAN = re.compile(r"[\u4e00-\u9fff]")
_TOPIC_CODE = re.compile(r"(?<![a-z0-9])(?:[a-z]{1,3}\d+|[a-z]{1,2}[\u4e00-\u9fff])")   # a3, b2, a线 (folded)
_DIGIT = re.compile(r"\d")


def _asks_own(text: str, previous: str) -> bool:
    """Whether the follow-up `text` holds a question word (_WH, or a closing 吗) the `previous` question does not: it
    asks another thing of the same subject (第几 after 多少; 「会被拖走吗？」 after 「…罚多少？」, breaker AQ), not the same
    thing of another (「那儿童呢？」, 「北京多少钱呢？」 after 「上海多少钱？」)."""
    def asked(q: str) -> set[str]:
        return {m.group() for m in _WH.finditer(fold(q))} | ({"吗"} if YES_NO.search(fold(q)) else set())
    return bool(asked(text) - asked(previous))


# a follow-up naming a value of its own (10年, 两万, 三个月; not the 三 of 三班倒: breaker M)
_OWN_VALUE = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:[万千百十]|以[上下]|[年个天次元岁周月人号楼层]|小时|公里)")
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿几余多]+个?")   # 两万, 三个
_QUANTITY = re.compile(r"[零〇一二两三四五六七八九十百千万半]+[多几余]?个?(?:月|天|年|周|星期|小时|次|块|元|岁|人|公里)")
