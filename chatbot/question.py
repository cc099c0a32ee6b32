"""A question as typed, cleaned into what is searched, or refused with a reason.

Consumes: the text a colleague typed (page, widget, API, CLI). Produces: `clean_question` → (the question, a notice),
or QuestionError with a Chinese reason. HTML tags, control and zero-width characters are dropped and whitespace folded;
refused: nothing left, no letter or digit (「？？？」, emoji), one Chinese character repeated (「年年年」), and a
greeting, a courtesy or the words of asking alone (「我想问一下」, 「你好」, 「在吗？」: nothing to search for). An
over-long question is cut to the part that holds what is asked (the window ending at its last question mark), with
a notice.
Shortcuts: the words of asking are a fixed list (_FILLER), not a parser; a letter or digit repeated (AAA, 666) is kept,
as it can be a rating, a code or a value.
"""
from __future__ import annotations

import re
import unicodedata

from .errors import QuestionError

_INVISIBLE = re.compile(r"[\u200b-\u200f\u2060-\u2064\ufeff]")
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")  # markup is not part of a question (it is still shown as typed)


def clean_question(text: str, max_chars: int) -> tuple[str, str]:
    """(question, notice). Example: clean_question(" 年假\\u200b ", 500) == ("年假", "")"""
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
    if not _FILLER.sub("", text.lower()).strip(" ,，.。!！?？~～…、:："):
        # 「我想问一下」, 「你好」, 「在吗」, 「谢谢」: nothing to search for (「我想问一下」 was answered with two FAQ entries)
        raise QuestionError("没有看到要问的内容：请直接写出想问的事，例如某项规定、数字或流程。")
    notice = ""
    if len(text) > max_chars:
        text, notice = _shortened(text, max_chars)
    return text, notice


# greetings, courtesies and the words around asking itself: a question of these alone asks nothing (clean_question)
_FILLER = re.compile(r"请问|问一下|问问|问个|想问|咨询一下|咨询|打听|了解一下|请教|麻烦|帮忙|帮我|你们|我们|你好|您好|大家好|"
                     r"谢谢|多谢|感谢|辛苦了|老师|一下|一个|问题|事情|在吗|在不在|有人吗|那个|这个|可以吗|行吗|好的|"
                     r"\b(?:hi|hello|hey|thanks|thank you|ok|okay|please)\b|[我你您想问下个事吗呢吧啊呀哈嗯哦喂在好请有]")


_ASKED_END = re.compile(r"[?？](?=[^?？]*$)")   # the last question mark
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")


def _shortened(text: str, max_chars: int) -> tuple[str, str]:
    """(the part of an over-long question that is searched, its notice). A colleague who pastes a background and then
    asks puts the question last, and the first `max_chars` lost it (session 27: 1,200 characters of 「我想问一下，」
    and then 上海住宿标准多少 were answered about 体检): the window ends at the last question mark, or at the end
    when there is none, and starts after a sentence end when one falls in its first third (no half sentence first)."""
    mark = _ASKED_END.search(text)
    end = mark.end() if mark and mark.end() >= max_chars // 2 else len(text)
    start = max(0, end - max_chars)
    cut = _SENTENCE_END.search(text, start, start + max_chars // 3) if start else None
    window = text[cut.end() if cut else start:end].strip()
    said = "含最后一个问句的" if end < len(text) else "最后"
    return window, f"问题过长（{len(text)} 字），只按{said} {len(window)} 字检索。"
