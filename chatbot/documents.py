"""Load the corpus folder: every .txt / .md file becomes a `Document` of decoded text.

Consumes: a folder. Produces: `Document`s (decoded text, its encoding and a content hash)
and `Skipped` notes for files that cannot be used, each with the reason; one bad file never
stops the others from loading.
Encodings: a BOM decides first (UTF-8, UTF-16, UTF-32); then strict UTF-8; otherwise
charset-normalizer guesses (GB18030/GBK, Big5, …). Line ends are folded to "\n", so offsets
everywhere are into `Document.text`, the same for a UTF-8 and a GBK copy of one file.
`corpus_state(settings)` adds what the index manifest records of the corpus: file hashes, chunker
settings, skipped files.
Shortcut: files are read whole; the size limit (settings.max_file_mb) keeps that bounded.
"""
from __future__ import annotations

import codecs
import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

from .errors import CorpusError
from .settings import Settings

SUFFIXES = (".txt", ".md", ".markdown")
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Document:
    source: str      # path relative to the corpus folder, as cited ("互联网金融.txt")
    text: str        # decoded text, "\n" line ends, no BOM
    encoding: str    # what it was decoded from
    sha256: str      # of the raw bytes: the index manifest compares these


@dataclass(frozen=True)
class Skipped:
    source: str
    reason: str


def decode(data: bytes) -> tuple[str, str]:
    """Bytes → (text, encoding name); raises ValueError for binary or undecodable data.

    Example: decode("网络小贷".encode("gbk")) == ("网络小贷", "gb18030")
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _fold(data.decode(name)), name
    try:
        return _fold(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ValueError("binary or undecodable content")
    text = str(best)
    if "\x00" in text:
        raise ValueError("binary content")
    name = best.encoding
    return _fold(text), ("gb18030" if name in ("gbk", "gb2312") else name)


def _fold(text: str) -> str:
    if "\x00" in text:
        raise ValueError("binary content (NUL bytes)")
    return text.replace("\r\n", "\n").replace("\r", "\n")


USER_DICT = "userdict.txt"  # corpus/userdict.txt: domain words for jieba, one "词语 [频率] [词性]" a line


def load_corpus(folder: Path, max_file_mb: float = Settings.max_file_mb) -> tuple[list[Document], list[Skipped]]:
    """Every usable document under `folder` (recursively, sorted), and what was skipped and why."""
    folder = Path(folder)
    if not folder.is_dir():
        raise CorpusError(f"corpus folder {folder} does not exist: create it and put .txt or .md files in it")
    root = folder.resolve()
    docs, skipped = [], []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES):
        source = path.relative_to(folder).as_posix()
        if any(part.startswith(".") for part in path.relative_to(folder).parts) or source == USER_DICT:
            continue  # hidden files, and the tokenizer's word list (lexical.py), which is not a document
        real = path.resolve()
        if not real.is_relative_to(root):
            skipped.append(Skipped(source, "a link that points outside the corpus folder"))
            continue
        if not real.is_file():
            continue
        size = real.stat().st_size
        if size > max_file_mb * 1024 * 1024:
            skipped.append(Skipped(source, f"{size / 1048576:.1f} MB is over the {max_file_mb:g} MB limit "
                                           "(raise CHATBOT_MAX_FILE_MB to index it)"))
            continue
        data = real.read_bytes()
        try:
            text, encoding = decode(data)
        except ValueError as exc:
            skipped.append(Skipped(source, str(exc)))
            continue
        if not text.strip():
            skipped.append(Skipped(source, "empty file"))
            continue
        docs.append(Document(source, text, encoding, hashlib.sha256(data).hexdigest()))
    return docs, skipped


def corpus_state(settings: Settings) -> tuple[list[Document], dict]:
    """The documents and the manifest fields that say which corpus and settings an index is for."""
    docs, skipped = load_corpus(settings.corpus_dir, settings.max_file_mb)
    for s in skipped:
        log.warning("skipped %s: %s", s.source, s.reason)
    if not docs:
        raise CorpusError(f"no readable .txt or .md document in {settings.corpus_dir}")
    return docs, {"files": {d.source: d.sha256 for d in docs}, "chunker": settings.chunker(),
                  "skipped": {s.source: s.reason for s in skipped}}
