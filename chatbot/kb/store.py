"""Where each knowledge base lives on disk, and the folder operations that create and remove one.

Consumes: the Settings. Produces: `KB` (name, documents folder, index folder) and `find_kb`, `all_kbs`,
`make_kb`, `drop_kb`, `empty_index`.
Layout: the default KB ("default") is settings.corpus_dir with its index in settings.index_dir, exactly
as before knowledge bases existed; every other KB is settings.kb_root/<name>/ holding `documents/` (what
is indexed) and `index/` (index.py's layout: CURRENT and build folders). A KB exists when its folder
does; a KB folder is a valid KB name (names.py), so hidden folders (deleted KBs on their way out) are
never listed.
Creating is one mkdir (atomic: two clients creating one name get one KB and one 409); deleting renames
the folder to a hidden name first (atomic: the KB is gone for every reader at once), then drops its
vector stores and files.
Shortcut: one server process per kb_root; nothing locks the folders against a second one.
"""
from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import Conflict, NotFound
from ..settings import Settings
from .names import DEFAULT_KB, KB_NAME, kb_name


@dataclass(frozen=True)
class KB:
    name: str
    documents: Path       # the folder of documents: corpus_dir for index.py
    index: Path           # its index folder: index_dir for index.py
    default: bool = False

    def settings(self, base: Settings) -> Settings:
        """`base` with this KB's corpus and index folders (every other setting shared)."""
        if self.default:
            return base
        return replace(base, corpus_dir=self.documents, index_dir=self.index)


def _kb(settings: Settings, name: str) -> KB:
    if name == DEFAULT_KB:
        return KB(DEFAULT_KB, Path(settings.corpus_dir), Path(settings.index_dir), default=True)
    folder = Path(settings.kb_root) / name
    return KB(name, folder / "documents", folder / "index")


def find_kb(settings: Settings, raw: str | None) -> KB:
    """The KB named `raw` (None or "" = the default); NotFound when there is none, KnowledgeBaseError for a bad name.

    Example: find_kb(settings, None).documents == settings.corpus_dir
    """
    name = kb_name(raw) if raw else DEFAULT_KB
    kb = _kb(settings, name)
    if not kb.default and not kb.documents.parent.is_dir():
        raise NotFound(f"没有名为「{name}」的知识库（也许已被删除）：在页面的「知识库」页新建或改选一个"
                       f"（HTTP 接口：POST /api/kbs；或建立文件夹 {kb.documents}）")
    return kb


def all_kbs(settings: Settings) -> list[KB]:
    """The default KB, then the others in name order."""
    root = Path(settings.kb_root)
    names = sorted(p.name for p in root.iterdir() if p.is_dir() and KB_NAME.fullmatch(p.name)) if root.is_dir() else []
    return [_kb(settings, DEFAULT_KB)] + [_kb(settings, n) for n in names if n != DEFAULT_KB]


def make_kb(settings: Settings, raw: str) -> KB:
    """Create an empty KB; Conflict when the name is taken (or is the default's)."""
    name = kb_name(raw)
    if name == DEFAULT_KB:
        raise Conflict(f"「{DEFAULT_KB}」是配置的语料文件夹，请换一个名称")
    kb = _kb(settings, name)
    Path(settings.kb_root).mkdir(parents=True, exist_ok=True)
    try:
        kb.documents.parent.mkdir()
    except FileExistsError:
        raise Conflict(f"名为「{name}」的知识库已经存在") from None
    kb.documents.mkdir()
    return kb


def drop_kb(settings: Settings, kb: KB) -> Path:
    """Take the KB out of every listing at once (a rename to a hidden name); returns that hidden folder,
    for `purge`. Conflict for the default KB, NotFound when it is already gone."""
    if kb.default:
        raise Conflict("默认知识库就是配置的语料文件夹，不能删除")
    hidden = Path(settings.kb_root) / f".deleted-{uuid.uuid4().hex}"
    try:
        kb.documents.parent.rename(hidden)
    except FileNotFoundError:
        raise NotFound(f"没有名为「{kb.name}」的知识库") from None
    return hidden


def purge(settings: Settings, folder: Path) -> None:
    """Delete a dropped KB's folder and the vector stores of its builds (Milvus collections live outside it)."""
    if (folder / "index").is_dir():
        empty_index(settings, folder / "index")
    shutil.rmtree(folder, ignore_errors=True)


def empty_index(settings: Settings, index_dir: Path) -> None:
    """Remove every build of an index folder, CURRENT first (readers then find no index, never half of one)."""
    from ..index import remove_builds

    (Path(index_dir) / "CURRENT").unlink(missing_ok=True)
    if Path(index_dir).is_dir():
        remove_builds(Path(index_dir), keep=set(), settings=settings)
