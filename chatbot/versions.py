"""Versions of one document: the current one answers, unless the question names another.

Consumes: the file names of the indexed documents and a question's ranked `Hit`s. Produces:
`families(sources)` → {source: (family key, version)} for the documents that have a sibling version,
and `prefer_current(question, hits, families)` → the hits without superseded versions whose current
version has a passage among them (the others moved last), so the answer step cites the current text.
A version is a marker in the file name: 「（2024版）」「2023年修订版」「v2.1」「第3版」「_V3」; two files are
versions of one document when their names are equal once the marker (and a copy suffix such as
「 - 副本」「(1)」「copy」) is removed. The newest is the highest number (2024版 > 2022版, v2.1 > v1.9).
When the question names a version (「2022版…」「2022年…」「v1」), that version is preferred instead.
A word marker without a number ranks a file against the same name unmarked: 「（旧）」「旧版」「作废」「废止」「草稿」
「old」「draft」 below it, 「（修订）」「新版」「最新」「定稿」「new」「final」 above it (「业主手册（旧）.md」 beside
「业主手册.md」: the old 2.60 was quoted over the current 2.80, session 32's breaker).
Shortcut: versions are told apart by file name only; names that differ otherwise are no versions of each other.
"""
from __future__ import annotations

import re
import weakref
from pathlib import PurePath

_MARKER = re.compile(r"[（(\[【_\-\s]*(?:第\s*)?(?:[vV]\s*)?(\d+(?:\.\d+)*)\s*(?:年)?\s*(?:版本|修订版|修订稿|版|修订)\s*[)）\]】]?"
                     r"|[（(\[【_\-\s]*[vV](\d+(?:\.\d+)*)\s*[)）\]】]?")
_OLD = re.compile(r"[（(\[【_\-\s]*(?:旧版|旧|已?作废|已?废止|草稿|(?<![a-z])(?:old|obsolete|draft|deprecated))[)）\]】]?\s*$", re.IGNORECASE)
_NEW = re.compile(r"[（(\[【_\-\s]*(?:修订稿|修订版|修订|新版|最新版|最新|定稿|终稿|最终版|(?<![a-z])(?:new|latest|final))[)）\]】]?\s*$",
                  re.IGNORECASE)
# 旧 < unmarked < 修订, below any number (version_of); negative, so no number a question writes names one (_named:
# 「出差1天伙食补助多少钱」 chose the unmarked (1,) over 「（修订）」 when these were 0, 1, 2; session 32's second breaker)
WORD_VERSIONS = {"old": (-3,), "plain": (-2,), "new": (-1,)}
_COPY = re.compile(r"\s*(?:-\s*副本|副本|\(\d+\)|（\d+）|\s-\s*copy|copy(?:\s*\d+)?)\s*$", re.IGNORECASE)
_cache: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def version_of(name: str) -> tuple[str, tuple[int, ...]] | None:
    """(family key, version numbers) of a file name with a version marker, else None.

    Example: version_of("费用报销管理制度（2024版） - 副本.txt") == ("费用报销管理制度", (2024,))"""
    stem = _COPY.sub("", PurePath(name).stem)
    found = list(_MARKER.finditer(stem))
    if not found:
        return None
    m = found[-1]
    number = m.group(1) or m.group(2)
    key = (stem[:m.start()] + stem[m.end():]).strip(" _-")
    return (key, tuple(int(p) for p in number.split("."))) if key else None


def word_version(name: str) -> tuple[str, tuple[int, ...]] | None:
    """(family key, WORD_VERSIONS rank) of a file name ending in a word marker, else None; an unmarked name ranks
    "plain" only beside such a file (families). Example: word_version("业主手册（旧）.md") == ("业主手册", WORD_VERSIONS["old"])"""
    stem = _COPY.sub("", PurePath(name).stem)
    for pattern, rank in ((_OLD, "old"), (_NEW, "new")):
        m = pattern.search(stem)
        if m and stem[:m.start()].strip(" _-"):
            return stem[:m.start()].strip(" _-"), WORD_VERSIONS[rank]
    return None


def families(sources) -> dict[str, tuple[str, tuple[int, ...]]]:
    """{source: (family key, version)} for every source whose family has at least two versions (a number marker,
    else a word marker against the same name unmarked)."""
    sources = set(sources)
    found = {s: v for s in sources if (v := version_of(s))}
    worded = {s: v for s in sources - set(found) if (v := word_version(s))}
    keys = {key for key, _ in worded.values()}
    plain = {s: (_COPY.sub("", PurePath(s).stem).strip(), WORD_VERSIONS["plain"]) for s in sources - set(found) - set(worded)}
    found |= worded | {s: v for s, v in plain.items() if v[0] in keys}
    count: dict[str, set] = {}
    for key, number in found.values():
        count.setdefault(key, set()).add(number)
    return {s: v for s, v in found.items() if len(count[v[0]]) > 1}


def families_for(retriever) -> dict[str, tuple[str, tuple[int, ...]]]:
    """families() of the retriever's documents, computed once per retriever."""
    table = _cache.get(retriever)
    if table is None:
        table = families(c.source for c in retriever.chunks)
        _cache[retriever] = table
    return table


def _named(question: str, number: tuple[int, ...]) -> bool:
    if min(number) < 0:   # a word version (WORD_VERSIONS): a question names it by no number
        return False
    text = ".".join(map(str, number))
    return re.search(rf"(?<![\d.]){re.escape(text)}(?![\d.])", question) is not None


def prefer_current(question: str, hits: list, table: dict) -> list:
    """`hits` without the passages of superseded versions whose current version is among the hits, and
    with the other superseded ones after the rest (order otherwise kept): the answer step quotes the
    current text, and an old version only where the current one has no passage. A version the
    question names counts as the current one; another version's passage that names it keeps its place."""
    if not table:
        return hits
    newest: dict[str, tuple[int, ...]] = {}
    for key, number in table.values():
        newest[key] = max(newest.get(key, number), number)
    named = {key: number for key, number in table.values() if _named(question, number)}
    current = {key: named.get(key, number) for key, number in newest.items()}

    def superseded(hit) -> bool:
        v = table.get(hit.chunk.source)
        if not v or v[1] == current[v[0]]:
            return False
        # another version's passage that speaks of the named one keeps its place (「2022版什么时候废止的?」
        # is answered by the 2024版's 「2022版…同时废止」)
        return not (v[0] in named and _named(hit.chunk.text, named[v[0]]))
    present = {table[h.chunk.source][0] for h in hits if h.chunk.source in table and not superseded(h)}
    return [h for h in hits if not superseded(h)] + [h for h in hits if superseded(h) and table[h.chunk.source][0] not in present]
