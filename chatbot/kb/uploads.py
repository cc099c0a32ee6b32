"""Uploaded files: is the content what the extension says, and the atomic write into a KB's folder.

Consumes: a document name (already checked by names.py) and a readable, seekable binary file.
Produces: `check_uploads` (every file of a request checked before any is written), `check_content(name,
file)` → the format (the extension: "pdf", "docx", "txt", …) or `Unsupported` saying
what the content really is; `save(folder, name, file, replace)` → the stored path; `clean_temporary`.
Checks, by extension:
- .pdf: "%PDF-" within the first KiB (where the PDF specification lets it lie);
- .docx .pptx .xlsx: a zip whose [Content_Types].xml names the format's main part (so a .docx is a Word
  document, not a renamed workbook or a macro-enabled .docm), at most MAX_ENTRIES entries and
  MAX_UNZIPPED_MB unpacked (a zip bomb is refused before a reader inflates it); nothing is extracted
  to disk, so entry names cannot escape anywhere;
- text formats (.txt .md .markdown .html .htm .csv): no known binary signature (filetype), and the
  bytes decode as text (readers/text.py's rules: BOM, UTF-8, GB18030, then charset-normalizer).
Writes: the bytes go to a hidden temporary file (TEMP_PREFIX…) in the KB's own folder, are fsynced,
then linked to the name (refused atomically when the name exists, so two uploads of one name never
overwrite each other) or, with `replace`, renamed onto it. A server killed mid-upload leaves only
the hidden temporary: readers never list hidden files, and `clean_temporary` removes them at start.
Shortcut: text content is decoded whole (files are bounded by settings.max_file_mb).
"""
from __future__ import annotations

import os
import shutil
import uuid
import zipfile
from pathlib import Path

from ..errors import ChatbotError, Conflict, KnowledgeBaseError, TooLarge, Unsupported
from .names import document_name

TEMP_PREFIX = ".upload-"
MAX_ENTRIES = 10_000
MAX_UNZIPPED_MB = 512
OFFICE = {".docx": "wordprocessingml.document.main+xml", ".pptx": "presentationml.presentation.main+xml",
          ".xlsx": "spreadsheetml.sheet.main+xml"}
TEXT = (".txt", ".md", ".markdown", ".html", ".htm", ".csv")


def _what(head: bytes) -> str:
    """What the first bytes look like, for a message: "一个 PNG 文件（image/png）"; "" when no signature matches."""
    import filetype

    kind = filetype.guess(head)
    return f"一个 {kind.extension.upper()} 文件（{kind.mime}）" if kind is not None else ""


def _office(name: str, file, suffix: str) -> None:
    try:
        with zipfile.ZipFile(file) as z:
            infos = z.infolist()
            if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNZIPPED_MB * 1024 * 1024:
                raise Unsupported(f"{name}：解压后超过 {MAX_UNZIPPED_MB} MB 或 {MAX_ENTRIES} 个部件（疑似压缩炸弹），不读取")
            try:
                info = z.getinfo("[Content_Types].xml")
            except KeyError:
                raise Unsupported(f"{name}：是 zip 压缩包，不是 Office 文档（没有 [Content_Types].xml）") from None
            if info.file_size > 1024 * 1024:
                raise Unsupported(f"{name}：[Content_Types].xml 大得不合常理，不读取")
            types = z.read(info)
    except zipfile.BadZipFile as exc:
        raise Unsupported(f"{name}：文件已损坏（{exc}）：请用 Office 重新保存后再上传") from None
    if OFFICE[suffix].encode() not in types:
        found = next((f for s, f in OFFICE.items() if f.encode() in types), None)
        other = next((s for s, f in OFFICE.items() if f == found), None)
        raise Unsupported(f"{name}：内容{'是 ' + other + ' 文档' if other else '不是 ' + suffix + ' 文档'}"
                          f"{'（不读取启用宏的文档或模板）' if not other else ''}：请用它本来的扩展名上传")


def already(name: str, stored: str | None = None) -> str:
    """The message for a document name the knowledge base holds already (the page's 「覆盖同名文档」, the API's
    replace=true); `stored`: the name as stored when it differs only in letter case (a.PDF against a.pdf)."""
    same = f"知识库里已有同名文档 {stored}（文件名只差大小写）" if stored and stored != name else "知识库里已有同名文档"
    return f"{name}：{same}：先删除它，或勾选「覆盖同名文档」再上传（HTTP 接口：replace=true）"


def check_content(name: str, file) -> str:
    """The format of an upload whose content matches its extension; Unsupported otherwise. `file` is
    read and left at position 0.

    Example: check_content("a.pdf", io.BytesIO(png_bytes)) raises Unsupported("a.pdf：不是 PDF：内容是一个 PNG 文件（image/png）")
    """
    suffix = Path(name).suffix.lower()
    file.seek(0)
    head = file.read(8192)
    file.seek(0)
    if not head:
        raise KnowledgeBaseError(f"{name}：文件是空的（0 字节）")   # 400: no type at all, so not 415 (session 32)
    try:
        if suffix == ".pdf":
            if b"%PDF-" not in head[:1024]:
                raise Unsupported(f"{name}：不是 PDF：内容是{_what(head) or '别的格式'}")
            return "pdf"
        if suffix in OFFICE:
            if not head.startswith(b"PK\x03\x04"):
                raise Unsupported(f"{name}：不是 {suffix} 文档（不是 zip）：内容是{_what(head) or '别的格式'}")
            _office(name, file, suffix)
            return suffix[1:]
        if suffix in TEXT:
            what = _what(head)
            if what:
                raise Unsupported(f"{name}：不是文本文件：内容是{what}")
            from ..readers.text import decode
            try:
                decode(file.read())
            except ValueError as exc:
                raise Unsupported(f"{name}：无法按文本读取（{exc}）：请另存为 UTF-8 编码") from None
            return suffix[1:]
        raise Unsupported(f"{name}：不读取 {suffix} 文件")
    finally:
        file.seek(0)


def check_uploads(files, existing: set[str], replace: bool, max_file_mb: float, max_request_mb: float) -> list[tuple]:
    """[(name, file, format, bytes)] for uploaded [(filename, binary file)], every one checked (names.py, the
    content, the size limits, no name twice, none of `existing` unless `replace`) before any is written.
    Names are compared without letter case (a.PDF is a.pdf: one file on Windows and macOS, and two copies of one
    document otherwise); a replacement keeps the stored name. Every refused file is named in one error (the class
    of the first problem: TooLarge, Conflict or Unsupported), so a batch with two bad files says both, and that the
    batch's good files were not stored either."""
    checked, problems, total, mb = [], [], 0, 1024 * 1024
    stored = {name.lower(): name for name in existing}   # lower(), not casefold(): no file system takes ß for ss
    for raw, file in files:
        try:
            doc = document_name(raw)
            size = file.seek(0, 2)
            file.seek(0)
            if size > max_file_mb * mb:
                raise TooLarge(f"{doc}：{size / mb:.1f} MB，超过每个文件 {max_file_mb:g} MB 的上限（CHATBOT_MAX_FILE_MB）")
            if any(doc.lower() == d.lower() for d, *_ in checked):
                raise Conflict(f"{doc}：在这次上传里出现了两次")
            if doc.lower() in stored:
                if not replace:
                    raise Conflict(already(doc, stored[doc.lower()]))
                doc = stored[doc.lower()]
            checked.append((doc, file, check_content(doc, file), size))
            total += size
        except ChatbotError as exc:   # Conflict, TooLarge, Unsupported, KnowledgeBaseError (a name)
            problems.append(exc)
    if problems:   # nothing is stored: say so when the batch had good files too (session 31's breaker took them for saved)
        rest = f"；这次上传的其余 {len(checked)} 个文件也没有保存：去掉或改正上面的文件后再上传" if checked else ""
        raise type(problems[0])("；".join(str(e) for e in problems) + rest)
    if total > max_request_mb * mb:
        raise TooLarge(f"一次上传 {total / mb:.1f} MB，超过 {max_request_mb:g} MB 的上限（CHATBOT_UPLOAD_MAX_MB）")
    return checked


def save(folder: Path, name: str, file, replace: bool = False) -> Path:
    """Write `file` (from its current position) to folder/name atomically; Conflict when the name exists
    and not `replace`. Returns the path."""
    folder, target = Path(folder), Path(folder) / name
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"{TEMP_PREFIX}{uuid.uuid4().hex}.part"
    try:
        with open(tmp, "xb") as out:
            shutil.copyfileobj(file, out, 1024 * 1024)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        if replace:
            os.replace(tmp, target)
        else:
            try:
                os.link(tmp, target)  # atomic, and fails when the name exists (os.replace would overwrite)
            except FileExistsError:
                raise Conflict(already(name)) from None
        _sync(folder)
        return target
    finally:
        tmp.unlink(missing_ok=True)


def _sync(folder: Path) -> None:
    """Make the rename itself durable (a crash after the reply must not lose the file)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError:  # some file systems do not sync directories
        pass
    finally:
        os.close(fd)


def clean_temporary(folder: Path) -> int:
    """Remove the upload temporaries a killed server left in `folder`; how many there were."""
    gone = 0
    for path in Path(folder).glob(f"{TEMP_PREFIX}*.part") if Path(folder).is_dir() else ():
        path.unlink(missing_ok=True)
        gone += 1
    return gone
