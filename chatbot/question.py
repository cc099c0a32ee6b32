"""A question as typed, cleaned into what is searched, or refused with a reason.

Consumes: the text a colleague typed (page, widget, API, CLI). Produces: `clean_question` → (the question, a notice),
or QuestionError with a Chinese reason. HTML tags, control and zero-width characters are dropped and whitespace folded;
refused: nothing left, no letter or digit (「？？？」, emoji), one Chinese character repeated (「年年年」), and a
greeting, a courtesy or the words of asking alone (「我想问一下」, 「你好」, 「在吗？」: nothing to search for). An
over-long question is cut to its opening and its end (where a question is put, before or after a pasted background),
with a notice.
Shortcuts: the words of asking are a fixed list (_FILLER), not a parser; a letter or digit repeated (AAA, 666) is kept,
as it can be a rating, a code or a value.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import QuestionError

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # markup is not part of a question (it is still shown as typed)


def clean_question(text: str, max_chars: int, follow_up: bool = False) -> tuple[str, str]:
    """(question, notice). `follow_up`: the question continues an earlier one (「下一个呢?」, 「我呢?」 mean something
    then), so words of asking alone are not refused. Example: clean_question(" 年假\\u200b ", 500) == ("年假", "")"""
    text = _TAG.sub(" ", _INVISIBLE.sub("", text or ""))
    text = "".join(" " if unicodedata.category(c) in ("Cc", "Cf") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("问题是空的：请输入一个问题。")
    words = [c for c in text if c.isalnum()]   # letters, digits and Han characters: what retrieval can match
    if not words:
        raise QuestionError("问题里没有文字（只有标点或表情）：请用文字输入问题。")
    if len(words) >= 3 and len(set(words)) == 1 and not words[0].isascii() and not words[0].isdigit():
        # 年年年…, 啊啊啊, 哈哈哈; not AAA (a rating), XXX, 111 or 666, which can be codes or values
        raise QuestionError("问题只是同一个字的重复：请输入完整的问题。")
    if not follow_up and not any(c.isalnum() for c in _FILLER.sub("", text.lower())):
        # 「我想问一下」, 「你好」, 「在吗」, 「谢谢」: nothing to search for (「我想问一下」 was answered with two FAQ entries)
        raise QuestionError("没有看到要问的内容：请直接写出想问的事，例如某项规定、数字或流程。")
    notice = ""
    if len(text) > max_chars:
        text, notice = _shortened(text, max_chars)
    return text, notice


# greetings, courtesies and the words around asking itself (simplified and traditional): a question of these alone,
# whatever punctuation or emoji is around them, asks nothing (clean_question)
_FILLER = re.compile(r"请问|請問|问一下|問一下|问问|問問|问个|問個|想问|想問|咨询一下|咨詢一下|咨询|咨詢|打听|打聽|了解一下|请教|"
                     r"請教|麻烦|麻煩|帮忙|幫忙|帮我|幫我|你们|你們|我们|我們|你好|您好|大家好|谢谢|謝謝|多谢|多謝|感谢|感謝|"
                     r"辛苦了|老师|老師|一下|一个|一個|问题|問題|事情|在吗|在嗎|在不在|有人吗|有人嗎|有人在|那个|那個|这个|這個|"
                     r"可以吗|可以嗎|行吗|行嗎|好的|(?<![a-z])(?:hi|hello|hey|thanks|thank you|ok|okay|please)(?![a-z])|"
                     r"[我你您想问問下个個事吗嗎呢吧啊呀哈嗯哦喂在好请請有]")


_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _shortened(text: str, max_chars: int) -> tuple[str, str]:
    """(the part of an over-long question that is searched, its notice): its opening and its end. A colleague asks
    first and then explains, or pastes a background and then asks; the first `max_chars` lost the second kind
    (session 27: 1,200 characters of 「我想问一下，」 and then 上海住宿标准多少 were answered about 体检), the last
    ones the first kind, and a question mark does not tell them apart (a URL's ?, a rhetorical 「为什么呢？」, a
    question without one). The opening is up to a third of `max_chars`, cut after a sentence end when there is one;
    the end fills the rest, starting after a sentence end when one falls in its first third."""
    room = max_chars // 3
    cut = [m.end() for m in _SENTENCE_END.finditer(text, 0, room)]
    head = text[:cut[-1] if cut else room].strip()
    start = len(text) - (max_chars - len(head) - 1)
    first = _SENTENCE_END.search(text, start, start + (max_chars - len(head)) // 3)
    tail = text[first.end() if first else start:].strip()
    window = f"{head} {tail}"
    return window, f"问题过长（{len(text)} 字），只按开头和结尾共 {len(window)} 字检索。"
