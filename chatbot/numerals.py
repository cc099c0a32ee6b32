"""Numerals as numbers: digits, English number words up to twenty and Chinese numerals up to 亿.

Consumes: one word, as ranges.py's patterns and series.py's ordinals cut it out of a question or a passage.
Produces: `number(word)`, a float or None.
Shortcuts: a Chinese numeral is read by its places (十 百 千 万) with the spoken shortening of the last place
(三千五 is 3500); places out of order, two digits in a row (一二) or a place without a digit (百, 千万) are no number.
"""
from __future__ import annotations

import re

_ZH_DIGITS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ORDINAL_CHARS = "一二三四五六七八九十"   # a series' numeral mark (科目三, 方案二: rephrase.py) and a short form's (科一: shortforms.py)
EN_NUMBERS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
              "sixteen seventeen eighteen nineteen twenty").split()


def number(word: str) -> float | None:
    """A numeral as a float: "12", "12.5", "twelve", "十二", "二十五", "两"; None when it is none of these."""
    w = word.lower()
    if re.fullmatch(r"\d+(?:\.\d+)?", w):
        return float(w)
    if w in EN_NUMBERS:
        return float(EN_NUMBERS.index(w))
    return _zh_number(w) if w and all(c in _ZH_DIGITS or c in _ZH_PLACES for c in w) else None


_ZH_PLACES = {"十": 10, "百": 100, "千": 1000, "万": 10000}


def _zh_number(w: str) -> float | None:
    """A Chinese numeral up to 亿: 十二, 二十五, 三百, 两千, 一千零五, 两万五千, and the spoken shortening of a last place
    (三千五 = 3500, 两万五 = 25000, 一百五 = 150); None for a place without a digit (百, 千万) or places out of order."""
    if any(c in "百千万" for c in w) and not any(c in _ZH_DIGITS and c != "零" for c in w):
        return None
    total = section = 0
    digit, last, zero = None, 10 ** 9, False
    for c in w:
        if c in _ZH_DIGITS:
            if digit is not None:
                return None                    # 一二: two digits in a row
            digit, zero = _ZH_DIGITS[c], zero or c == "零"
            if c == "零":
                digit = None
        elif c == "万":
            section += digit or 0
            if not section or total:
                return None
            total, section, digit, last, zero = section * 10000, 0, None, 10000, False
        else:
            place = _ZH_PLACES[c]
            if place >= last and last < 10000:
                return None                    # 一十二十: places out of order
            section += (1 if digit is None else digit) * place
            digit, last, zero = None, place, False
    if digit is not None:
        section += digit * (last // 10 if 10 < last < 10 ** 9 and not zero else 1)
    return float(total + section)
