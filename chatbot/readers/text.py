"""Text files: bytes → decoded text with a plausibility check, then plain-text structure (plain.py).

Consumes: raw bytes. Produces: `Extracted` (encoding recorded, a warning when the guess is doubtful).
Order: a BOM decides (UTF-8/16/32); then strict UTF-8; then strict GB18030 when the result reads as
Chinese (no NUL, no Hangul, ≥ 85 % of its Han characters among the GB2312 ones, i.e. common
simplified characters), unless the bytes are Korean or Japanese in disguise (`disguised`: EUC-KR and
EUC-JP use GB2312's byte layout, so their text is valid GB18030 of common characters: 대한민국 → 措茄刮惫);
only then charset-normalizer's guess (Big5, UTF-16 without BOM, …), whose result is checked the same way:
Hangul or rare CJK-extension characters where the corpus is Chinese is a red flag, reported as a warning
that names the encoding (the caller names the file).
Line ends are folded to "\n".
"""
from __future__ import annotations

import codecs
import re

from .model import Extracted
from .plain import structure

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_HAN = re.compile(r"[\u4e00-\u9fff]")
_RARE = re.compile(r"[\u3400-\u4dbf\U00020000-\U0003ffff\ue000-\uf8ff]")   # CJK extensions, private use
_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]")
COMMON_SHARE = 0.85
_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_SYLLABLES = re.compile(r"[\uac00-\ud7af]+")
# Korean in disguise: read as EUC-KR, ≥ KOREAN_SHARE of its Hangul and Han characters are Hangul, and ≥ KOREAN_WORDS
# of the syllables sit in runs of two or more (Korean writes words of several syllables between spaces). GBK Chinese
# read as EUC-KR gives Hangul for GB2312's rows 16–40 and Hanja for the rest (about half each); a GBK table of single
# characters in pinyin order (啊 a, 阿 a, …) can be all Hangul, but one syllable at a time; from KOREAN_MIN syllables on.
KOREAN_SHARE = 0.8
KOREAN_WORDS = 0.6
KOREAN_MIN = 20   # Hangul syllables: a shorter text says too little (GBK 「访客网络\n密码」 reads as 련와貢쭹\n쵱쯤)
# Japanese in disguise: EUC-JP kana sit in GB2312's kana rows, so they stay kana read as GB18030; ≥ KANA_SHARE of the
# kana and Han characters being kana is Japanese (Chinese text almost never writes kana)
KANA_SHARE = 0.2


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
    return ""


def _chinese(text: str) -> bool:
    han = _HAN.findall(text)
    return bool(han) and not _HANGUL.search(text) and not _RARE.search(text) and \
        sum(map(_common, han)) >= COMMON_SHARE * len(han)


def disguised(data: bytes, text: str) -> tuple[str, str] | None:
    """(text, encoding) when `data`, whose GB18030 reading is `text`, is Korean (EUC-KR) or Japanese (EUC-JP) whose
    bytes happen to be valid GB18030, else None (see KOREAN_SHARE, KANA_SHARE)."""
    kana, han = len(_KANA.findall(text)), len(_HAN.findall(text))
    if kana and kana >= KANA_SHARE * (kana + han):
        try:
            return data.decode("euc_jp"), "euc_jp"
        except UnicodeDecodeError:
            return None
    try:
        korean = data.decode("cp949")
    except UnicodeDecodeError:
        return None
    hangul, hanja = len(_HANGUL.findall(korean)), len(_HAN.findall(korean))
    syllables = _SYLLABLES.findall(korean)
    total = sum(map(len, syllables))
    if hangul >= KOREAN_MIN and hangul >= KOREAN_SHARE * (hangul + hanja) and \
            sum(len(w) for w in syllables if len(w) > 1) >= KOREAN_WORDS * total:
        return korean, "cp949"
    return None


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
        if "\x00" not in text and _chinese(text):
            other = disguised(data, text)
            if other is None:
                return _fold(text), "gb18030", ""
            return _checked(_fold(other[0]), other[1])
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("二进制或无法解码的内容")
    return _checked(_fold(str(best)), "gb18030" if best.encoding in ("gbk", "gb2312") else best.encoding)


def _checked(text: str, name: str) -> tuple[str, str, str]:
    """(text, encoding, warning) for a guessed encoding: the warning names it when the text looks wrong (doubts)."""
    doubt = doubts(text)
    return text, name, (f"按 {name} 解码，但其中有{doubt}：请检查文件的编码（另存为 UTF-8）" if doubt else "")


def read_text(data: bytes) -> Extracted:
    text, encoding, warning = decode(data)
    ex = structure(text)
    return Extracted(ex.text, ex.blocks, (), "", encoding, warning)
