"""The names a client may give: knowledge bases and uploaded documents.

Consumes: a name as sent (any Unicode). Produces: the name as stored — NFC-normalised, trimmed —
or a `KnowledgeBaseError` / `Unsupported` saying what is wrong with it; nothing here touches a file.
Rules:
- a KB name is 1–64 word characters or hyphens (letters of any script, Chinese included, digits,
  `_`, `-`), not starting with `-`: no dots, slashes or spaces, so it is always one folder name;
- a document name is one file name: no `/` or `\\` (so no folders, no absolute or drive paths),
  not hidden (no leading `.`, which also rules out `..`), no control or format characters, at most
  MAX_NAME_CHARS characters and 240 UTF-8 bytes (ext4 allows 255), with an extension the readers read;
- a document already in a KB may lie in a subfolder (the default corpus): `stored_path` accepts
  "folder/file.txt" when every part passes the same checks and the path stays inside the folder.
Shortcut: names are compared as stored (case-sensitive, like the Linux file systems they live on).
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from ..documents import USER_DICT
from ..errors import KnowledgeBaseError, Unsupported
from ..readers import OLD_FORMATS, SUFFIXES

DEFAULT_KB = "default"            # the name of the configured corpus folder (settings.corpus_dir)
KB_NAME = re.compile(r"(?!-)[\w\-]{1,64}")
MAX_NAME_CHARS = 120
MAX_NAME_BYTES = 240


def kb_name(raw: str) -> str:
    """A valid knowledge-base name. Example: kb_name(" 产品手册 ") == "产品手册"; kb_name("../x") raises."""
    name = unicodedata.normalize("NFC", str(raw or "")).strip()
    if not KB_NAME.fullmatch(name):
        raise KnowledgeBaseError("知识库名称须为 1–64 个字母、数字、_ 或 -（可用汉字；不能有点、斜杠或空格，"
                                 "不能以 - 开头）")
    return name


def _part(raw: str) -> str:
    """One file or folder name, normalised, or KnowledgeBaseError."""
    name = unicodedata.normalize("NFC", str(raw or "")).strip()
    if not name:
        raise KnowledgeBaseError("文件名是空的")
    if "/" in name or "\\" in name:
        raise KnowledgeBaseError("文件名里不能有 / 或 \\（只发送文件本身的名字，不要路径）")
    if name.startswith("."):
        raise KnowledgeBaseError("文件名不能以点开头（隐藏文件和 .. 不接收）")
    if any(unicodedata.category(c)[0] == "C" for c in name):
        raise KnowledgeBaseError("文件名里不能有控制字符或不可见的格式字符")
    if len(name) > MAX_NAME_CHARS or len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise KnowledgeBaseError(f"文件名最长 {MAX_NAME_CHARS} 个字符（{MAX_NAME_BYTES} 字节）")
    return name


def document_name(raw: str) -> str:
    """A valid name for an uploaded document; Unsupported for an extension the readers do not read.

    Example: document_name("报告.PDF") == "报告.PDF"; document_name("a/../b.txt") raises KnowledgeBaseError
    """
    name = _part(raw)
    suffix = Path(name).suffix.lower()
    if suffix in OLD_FORMATS:
        raise Unsupported(f"{name}：{OLD_FORMATS[suffix]} 是旧的二进制格式：请另存为 "
                          f"{'.docx' if suffix in ('.doc', '.wps') else '.pptx' if suffix in ('.ppt', '.dps') else '.xlsx'}"
                          " 后上传")
    if suffix not in SUFFIXES:
        raise Unsupported(f"{name}：不读取{' ' + suffix + ' 文件' if suffix else '没有扩展名的文件'}；"
                          f"可上传 {' '.join(SUFFIXES)}")
    if name.lower() == USER_DICT:
        raise KnowledgeBaseError(f"{USER_DICT} 是分词用的词表，不是文档：请把它直接复制到服务器上"
                                 "这个知识库的文件夹里")
    return name


def stored_path(folder: Path, raw: str) -> Path:
    """The file of the document `raw` ("a.txt" or "sub/a.txt") inside `folder`; KnowledgeBaseError for a name that
    could point anywhere else. The file need not exist."""
    parts = [_part(p) for p in str(raw or "").split("/")]
    path = Path(folder).joinpath(*parts)
    if not path.resolve().is_relative_to(Path(folder).resolve()):  # a link out of the folder
        raise KnowledgeBaseError("这个文档的路径在知识库之外")
    return path


def no_document(kb: str, document: str) -> str:
    """The message for a document name knowledge base `kb` does not hold (deleting it, previewing its chunks)."""
    return f"知识库「{kb}」里没有名为「{document}」的文档"
