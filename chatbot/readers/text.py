"""Text files: bytes → decoded text with a plausibility check, then plain-text structure (plain.py).

Consumes: raw bytes. Produces: `Extracted` (encoding recorded, a warning when the guess is doubtful).
Order: a BOM decides (UTF-8/16/32); then strict UTF-8; then strict GB18030 when the result reads as
Chinese (no NUL, no Hangul, ≥ 85 % of its Han characters among the GB2312 ones, i.e. common
simplified characters, and, from MIN_HAN_FOR_WORDS Han characters on, ≥ WORD_SHARE of them inside
words of jieba's dictionary: EUC-KR Korean and EUC-JP Japanese decode as GB18030 into common
characters that form no words); only then charset-normalizer's guess (Big5, EUC-KR, UTF-16 without
BOM, …), whose result is checked the same way: Hangul or rare CJK-extension characters where the
corpus is Chinese, or common characters that form no words, is a red flag, reported as a warning
that names the encoding (the caller names the file).
Line ends are folded to "\n".
"""
from __future__ import annotations

import codecs
import re
from functools import lru_cache

from .model import Extracted
from .plain import structure

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HAN = re.compile(r"[\u4e00-\u9fff]")
_RARE = re.compile(r"[\u3400-\u4dbf\U00020000-\U0003ffff\ue000-\uf8ff]")   # CJK extensions, private use
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
COMMON_SHARE = 0.85
# Han characters inside words of two or more characters of jieba's dictionary (no HMM guesses): 0.77–0.95 on the seed
# and field-case documents, ≥ 0.19 even on DRCD's traditional texts, 0.03 on EUC-KR Korean and 0.06 on EUC-JP Japanese
# decoded as GB18030 (tests/test_readers.py); below MIN_HAN_FOR_WORDS Han characters a text is too short to judge
WORD_SHARE = 0.10
MIN_HAN_FOR_WORDS = 30


def _fold(text: str) -> str:
    if "\x00" in text:
        raise ValueError("二进制内容（含 NUL 字节）")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _common(ch: str) -> bool:
    """A GB2312 character (first byte 0xB0–0xF7: the 6,763 common simplified Han characters)."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return 0xB0 <= b[0] <= 0xF7


@lru_cache(maxsize=1)
def _dictionary():
    """jieba's own tokenizer (its base dictionary only; never the process-wide default, see lexical.Lexicon)."""
    import jieba

    jieba.setLogLevel(60)
    return jieba.Tokenizer()


def word_share(text: str) -> float | None:
    """The share (0–1) of the Han characters of `text` that jieba's dictionary puts in words of two or more
    characters (HMM off: no guessed words), or None below MIN_HAN_FOR_WORDS Han characters.
    Example: word_share("公司的休假规定：员工每年享有十五天带薪年假，须提前一周申请。") > 0.5"""
    if len(_HAN.findall(text)) < MIN_HAN_FOR_WORDS:
        return None
    words = [w for w in _dictionary().lcut(text, HMM=False) if _HAN.search(w)]
    han = sum(len(w) for w in words)
    return sum(len(w) for w in words if len(w) > 1) / han if han else None


def _wordless(text: str) -> bool:
    share = word_share(text)
    return share is not None and share < WORD_SHARE


def doubts(text: str) -> str:
    """Why `text` does not look like correctly decoded Chinese, or "". Example: doubts("访客网络") == "" """
    hangul, rare = len(_HANGUL.findall(text)), len(_RARE.findall(text))
    han = _HAN.findall(text)
    if hangul:
        return f"{hangul} 个韩文字符"
    if rare:
        return f"{rare} 个罕见的扩展区或私用区字符"
    if han and sum(map(_common, han)) < 0.5 * len(han):
        return "大多是生僻汉字"
    if _wordless(text):
        return "常用汉字却几乎连不成词"
    return ""


def _chinese(text: str) -> bool:
    han = _HAN.findall(text)
    return bool(han) and not _HANGUL.search(text) and not _RARE.search(text) and \
        sum(map(_common, han)) >= COMMON_SHARE * len(han)


def decode(data: bytes) -> tuple[str, str, str]:
    """Bytes → (text, encoding, warning); raises ValueError for binary or undecodable data.

    Example: decode("网络小贷".encode("gbk"))[:2] == ("网络小贷", "gb18030")
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _fold(data.decode(name)), name, ""
    try:
        return _fold(data.decode("utf-8")), "utf-8", ""
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
        if "\x00" not in text and _chinese(text) and not _wordless(text):
            return _fold(text), "gb18030", ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("二进制或无法解码的内容")
    text = _fold(str(best))
    name = "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding
    doubt = doubts(text)
    return text, name, (f"按 {name} 解码，但其中有{doubt}：请检查文件的编码"
                        "（另存为 UTF-8）" if doubt else "")


def read_text(data: bytes) -> Extracted:
    text, encoding, warning = decode(data)
    ex = structure(text)
    return Extracted(ex.text, ex.blocks, (), "", encoding, warning)
