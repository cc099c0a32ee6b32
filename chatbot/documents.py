"""Load the corpus folder: every readable file becomes a `Document` of extracted text and its blocks.

Consumes: a folder. Produces: `Document`s (extracted text, typed blocks, page map, encoding, a content
hash, the copies it stands for) and `Skipped` notes for files that cannot be used, each with the
reason; one bad file never stops the others from loading. Formats and their readers: readers/
(.txt .md .markdown .html .htm .docx .pptx .xlsx .csv .pdf; .doc .ppt .xls are skipped with a
message to save them in the new format). Scanned PDF pages are OCR'd unless settings.ocr is off; the
OCR'd lines are kept in <index>/ocr-cache/ by file hash, so reading an unchanged corpus again is cheap.
Encodings (text files): a BOM decides first (UTF-8, UTF-16, UTF-32); then strict UTF-8; then GB18030
when it reads as Chinese; otherwise charset-normalizer guesses, and a doubtful result (Hangul, rare
CJK-extension characters) is a warning naming the file. Line ends are folded to "\n", so offsets
everywhere are into `Document.text`, the same for a UTF-8 and a GBK copy of one file.
Identical files (same sha256) are indexed once, under the shortest name; the others are its `aliases`.
`corpus_state(settings)` adds what the index manifest records of the corpus: file hashes, chunker
settings, the reading code's version (`reader_version`), skipped files, aliases, warnings.
Shortcut: files are read whole; the size limit (settings.max_file_mb) keeps that bounded.
"""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from .errors import CorpusError
from .settings import Settings

from .readers import OLD_FORMATS, SUFFIXES, Block, Place, ReadError, read
from .readers.text import decode as _decode

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    source: str      # path relative to the corpus folder, as cited ("互联网金融.txt")
    text: str        # decoded text, "\n" line ends, no BOM
    encoding: str    # what it was decoded from
    sha256: str      # of the raw bytes: the index manifest compares these
    blocks: tuple[Block, ...] = ()   # typed blocks over `text` (readers/); empty: plain-text structure is recovered
    places: tuple[Place, ...] = ()   # page / slide / sheet-row map over `text`
    title: str = ""                  # the document's own title, when it has one
    aliases: tuple[str, ...] = ()    # byte-identical copies indexed as this one
    warning: str = ""                # a doubt about the reading (an uncertain encoding)

    @property
    def name(self) -> str:
        """The file name without folder and extension: part of every chunk's context."""
        return self.source.rsplit("/", 1)[-1].rsplit(".", 1)[0]


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name); raises ValueError for binary or undecodable data.

    Example: decode("网络小贷".encode("gbk")) == ("网络小贷", "gb18030")
    """
    return _decode(data)[:2]


OCR_CACHE = "ocr-cache"     # index/ocr-cache/<sha256>.json: the OCR'd lines of scanned PDF pages (readers/ocr.py)
USER_DICT = "userdict.txt"  # corpus/userdict.txt: domain words for jieba, one "词语 [频率] [词性]" a line


def corpus_files(folder: Path) -> list[tuple[str, Path]]:
    """(source, path) of every file `load_corpus` considers, sorted: a known extension, no hidden part (upload
    temporaries are hidden), not the tokenizer's word list (lexical.py), which is not a document."""
    folder = Path(folder)
    paths = sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES + tuple(OLD_FORMATS))
    return [(p.relative_to(folder).as_posix(), p) for p in paths
            if not any(part.startswith(".") for part in p.relative_to(folder).parts)
            and p.relative_to(folder).as_posix() != USER_DICT]


def load_corpus(folder: Path, max_file_mb: float = Settings.max_file_mb, ocr: bool = Settings.ocr,
                ocr_cache: Path | None = None, on_file=None) -> tuple[list[Document], list[Skipped]]:
    """Every usable document under `folder` (recursively, sorted), and what was skipped and why.
    `ocr`: read scanned PDF pages; `ocr_cache`: where OCR results are kept by file hash (None: not kept);
    `on_file(source, i, n)` is called before the i-th of n files is read (indexing progress)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist: create it and put documents in it")
    root = folder.resolve()
    docs, skipped = [], []
    files = corpus_files(folder)
    for i, (source, path) in enumerate(files):
        if on_file is not None:
            on_file(source, i, len(files))
        real = path.resolve()
        if not real.is_relative_to(root):
            skipped.append(Skipped(source, "指向语料文件夹之外的链接"))
            continue
        if not real.is_file():
            continue
        size = real.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            skipped.append(Skipped(source, f"{size / 1048576:.1f} MB，超过 {max_file_mb:g} MB 的上限"
                                           "（调高 CHATBOT_MAX_FILE_MB 才能索引）"))
            continue
        data = real.read_bytes()
        try:
            ex = read(data, path.suffix, ocr, ocr_cache, source)
        except ReadError as exc:
            skipped.append(Skipped(source, str(exc)))
            continue
        if not ex.text.strip():
            skipped.append(Skipped(source, "文件是空的" if not data.strip() else "里面没有文字"))
            continue
        docs.append(Document(source, ex.text, ex.encoding, hashlib.sha256(data).hexdigest(), ex.blocks, ex.places,
                             ex.title, (), ex.warning))
    return _dedupe(docs), skipped


# a file name that says it is a copy (「制度 - 副本.txt」, 「药房制度副本.txt」, 「handbook (1).pdf」, 「copy of x.docx」)
_COPY = re.compile(r"副本|复制|拷贝|备份|copy|[(（]\d+[)）]|_bak\b|\.bak\b", re.IGNORECASE)


def _dedupe(docs: list[Document]) -> list[Document]:
    """One document per content hash: under a name that does not say it is a copy, else its shortest (「制度.txt」
    before 「制度 - 副本.txt」, and 「门诊药房调剂工作制度.txt」 before the shorter 「药房制度副本.txt」: session 32's
    breaker uploaded such a copy and every citation moved to it)."""
    groups: dict[str, list[Document]] = {}
    for d in docs:
        groups.setdefault(d.sha256, []).append(d)
    keep = []
    for d in docs:
        group = groups[d.sha256]
        first = min(group, key=lambda x: (bool(_COPY.search(Path(x.source).stem)), len(x.source), x.source))
        if d is first:
            keep.append(replace(d, aliases=tuple(x.source for x in group if x is not d)))
    return keep


# the code that turns files into blocks, sections, chunks (outline.py: chunks.py packs a nested list's items with it;
# missing until session 48, so a change to its packing would have left old chunks in built indexes)
# (numerals.py: sheets.py reads a note's number with it, session 57)
READING_CODE = ("readers/*.py", "documents.py", "sections.py", "chunks.py", "outline.py", "numerals.py")


@lru_cache(maxsize=1)
def reader_version() -> str:
    """16 hex digits: a SHA-256 of the code that reads files into chunks (READING_CODE, under chatbot/). An index built
    by other reading code is rebuilt (index.stale_reason): session 21's reader fixes had left indexes built before them
    holding the old chunks, because only file hashes and chunker settings were compared."""
    root = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted({p for pattern in READING_CODE for p in root.glob(pattern)}):
        digest.update(path.name.encode() + b"\0" + path.read_bytes().replace(b"\r\n", b"\n"))   # a CRLF checkout alike
    return digest.hexdigest()[:16]


def corpus_state(settings: Settings, on_file=None) -> tuple[list[Document], dict]:
    """The documents and the manifest fields that say which corpus and settings an index is for
    (`on_file`: see load_corpus)."""
    docs, skipped = load_corpus(settings.corpus_dir, settings.max_file_mb, settings.ocr,
                                Path(settings.index_dir) / OCR_CACHE, on_file)
    for s in skipped:
        log.warning("跳过 %s：%s", s.source, s.reason)
    for d in docs:
        if d.warning:
            log.warning("%s：%s", d.source, d.warning)
        if d.aliases:
            log.warning("%s 与 %s 内容相同：只索引 %s", "、".join(d.aliases), d.source, d.source)
    if not docs:
        raise CorpusError(f"no readable document ({' '.join(SUFFIXES)}) in {settings.corpus_dir}")
    files = {d.source: d.sha256 for d in docs} | {a: d.sha256 for d in docs for a in d.aliases}
    return docs, {"files": dict(sorted(files.items())), "chunker": settings.chunker(), "reader": reader_version(),
                  "skipped": {s.source: s.reason for s in skipped},
                  "aliases": {d.source: list(d.aliases) for d in docs if d.aliases},
                  "warnings": {d.source: d.warning for d in docs if d.warning}}
