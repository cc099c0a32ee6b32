"""The knowledge bases of one server: the interface the HTTP API, the page and the CLI call.

Consumes: the Settings, the shared embedder and (in the server) the default KB's `ChatBot`. Produces:
`KnowledgeBases`, whose methods take KB names as clients send them and raise the typed errors of
errors.py (NotFound, Conflict, Unsupported, TooLarge, KnowledgeBaseError), which the API turns into
404 / 409 / 415 / 413 / 400:
  reading   list() · documents(kb) · chunks(kb, document) · status(kb) · bot(kb) · ask(kb, question, history)
  writing   create(name) · delete(kb) · add_documents(kb, [(filename, file)], replace) ·
            delete_document(kb, document) · reindex(kb) · wait(kb, timeout) · clean_temporary()
Every write that changes documents starts a background rebuild (indexer.py); questions are answered
from the previous build until it is swapped in. Bots: the default KB's bot is the server's own; the
others are made on first question, share the one embedder, and at most settings.kb_bots stay loaded
(the least recently asked is dropped). A KB whose index is missing is indexed in the background and
answers 409 meanwhile; one whose files changed while no server ran answers from its old build while a
rebuild runs; one whose build was made by another model is not used until rebuilt.
Shortcut: one process; its locks do not reach a second server on the same folders.
"""
from __future__ import annotations

import threading
import unicodedata
from collections import OrderedDict

from ..errors import Conflict, IndexUnavailable, NotFound
from .catalog import chunks_of, current_build, documents_of, on_disk, stale
from .indexer import Indexer
from .names import DEFAULT_KB, kb_name, no_document, stored_path
from .store import all_kbs, drop_kb, find_kb, make_kb, purge
from .uploads import check_uploads, clean_temporary, save


class KnowledgeBases:
    def __init__(self, settings, embedder=None, default_bot=None):
        self.settings, self.default_bot = settings, default_bot
        self._embedder = embedder if embedder is not None else getattr(default_bot, "embedder", None)
        self._bots: OrderedDict = OrderedDict()
        self._indexers: dict[str, Indexer] = {}
        self._deleting: set[str] = set()
        self._lock, self._loading = threading.RLock(), threading.Lock()

    @property
    def embedder(self):
        """The one embedder every KB's bot and build shares (made from the settings when none was given)."""
        if self._embedder is None:
            from ..embedding import SentenceEmbedder
            self._embedder = SentenceEmbedder.from_settings(self.settings)
        return self._embedder

    def get(self, name: str | None):
        """The `KB` named `name` (None or "" = default); NotFound, or KnowledgeBaseError for a bad name."""
        kb = find_kb(self.settings, name)
        if kb.name in self._deleting:
            raise NotFound(f"知识库「{kb.name}」正在删除")
        return kb

    # reading

    def list(self) -> list[dict]:
        """Every KB: name, default, documents (on disk), chunks and indexed_at (its build), state."""
        out = []
        for kb in all_kbs(self.settings):
            if kb.name not in self._deleting:
                st = self.status(kb.name)
                out.append({"name": kb.name, "default": kb.default, "documents": len(on_disk(kb)),
                            "chunks": st["chunks"], "indexed_at": st["indexed_at"], "state": st["state"]})
        return out

    def documents(self, name: str | None) -> list[dict]:
        """The KB's documents with their status (documents)."""
        return documents_of(self.get(name))

    def chunks(self, name: str | None, document: str) -> list[dict]:
        """The split preview of one document (chunks_of)."""
        return chunks_of(self.get(name), document)

    def status(self, name: str | None) -> dict:
        """Indexing progress (indexer.Progress fields, rebuild_queued) and the current build: indexed_at, documents, chunks.
        Without a build in this process: state idle (a build exists), empty (no documents) or unindexed."""
        kb = self.get(name)
        indexer = self._indexers.get(kb.name)
        build = current_build(kb.index)
        if indexer is not None:
            st = indexer.status()
        else:
            state = "idle" if build else ("unindexed" if on_disk(kb) else "empty")
            st = {"state": state, "phase": "", "done": 0, "total": 0, "current": "", "error": "", "started": "",
                  "finished": "", "rebuild_queued": False}
        m = build.manifest if build else {}
        return {"kb": kb.name, **st, "indexed_at": m.get("created"), "documents": len(m.get("files", {})),
                "chunks": m.get("chunks", 0)}

    def bot(self, name: str | None = None):
        """The `ChatBot` of a KB (made and loaded on first use). Conflict while it has nothing to answer from."""
        from ..bot import ChatBot

        kb = self.get(name)
        indexer = self._indexers.get(kb.name)
        if indexer is not None and indexer.empty:
            raise Conflict(f"知识库「{kb.name}」没有能读取的文档：请先上传")
        if kb.default:
            with self._lock:
                if self.default_bot is None:
                    self.default_bot = ChatBot(self.settings, self.embedder)
                return self.default_bot
        with self._loading:
            with self._lock:
                if kb.name in self._bots:
                    self._bots.move_to_end(kb.name)
                    return self._bots[kb.name]
            bot = self._load(kb)
            with self._lock:
                self._bots[kb.name] = bot
                while len(self._bots) > max(1, self.settings.kb_bots):
                    self._bots.popitem(last=False)
            return bot

    def _load(self, kb):
        from ..bot import ChatBot
        from ..index import load_index

        s = kb.settings(self.settings)
        try:
            index = load_index(kb.index, s)
        except IndexUnavailable:
            index = None
        if index is None or index.manifest.get("model") != self.embedder.model_id:
            if not on_disk(kb):
                raise Conflict(f"知识库「{kb.name}」还没有文档：请先上传")
            self.reindex(kb.name)
            raise Conflict(f"知识库「{kb.name}」正在建索引：建好后即可提问（「知识库」页可看进度）")
        if stale(kb, s, self.embedder.model_id, index.manifest):
            self.reindex(kb.name)  # meanwhile the old build answers
        bot = ChatBot(s, self.embedder)
        bot.swap(index)
        return bot

    def ask(self, name: str | None, question: str, history: list[str] | None = None):
        """bot(name).ask(question, history): an `Answer`. While the KB is being rebuilt (a document was just added,
        replaced or deleted) the build before the change answers, and the answer's notice says so: a question about
        a document uploaded a second ago otherwise got a bare 「没有找到」."""
        from dataclasses import replace

        answer = self.bot(name).ask(question, history=history)
        updating = self.updating(name)
        return replace(answer, notice="；".join(filter(None, [answer.notice, updating]))) if updating else answer

    def updating(self, name: str | None) -> str:
        """The notice for a KB whose rebuild is queued or running ("" otherwise). Example: 「知识库正在更新（已读 2/5 个
        文件）：刚加入、替换或删除的文档，要等更新完成后才会反映在答案里。」"""
        indexer = self._indexers.get(self.get(name).name)
        st = indexer.status() if indexer is not None else {}
        if st.get("state") not in ("queued", "indexing"):
            return ""
        progress = f"（已读 {st['done']}/{st['total']} 个文件）" if st.get("phase") == "reading" and st.get("total") else ""
        return f"知识库正在更新{progress}：刚加入、替换或删除的文档，要等更新完成后才会反映在答案里。"

    # writing

    def create(self, name: str) -> dict:
        """A new, empty KB; Conflict when the name is taken (or being deleted)."""
        if kb_name(name) in self._deleting:
            raise Conflict(f"知识库「{kb_name(name)}」还在删除中：请稍后再试")
        kb = make_kb(self.settings, name)
        return {"name": kb.name, "default": False, "documents": 0, "chunks": 0, "indexed_at": None, "state": "empty"}

    def delete(self, name: str) -> None:
        """Remove a KB with its documents and index (not the default: Conflict). Its name is free again
        once a build that was running has ended."""
        kb = self.get(name)
        with self._lock:
            hidden = drop_kb(self.settings, kb)
            self._deleting.add(kb.name)
            indexer = self._indexers.pop(kb.name, None)
            self._bots.pop(kb.name, None)

        def finish():
            if indexer is not None:
                indexer.stop()
                indexer.wait()
            purge(self.settings, hidden)
            if kb.documents.parent.exists():  # recreated by the index folder of a build that was running
                purge(self.settings, kb.documents.parent)
            with self._lock:
                self._deleting.discard(kb.name)
        if indexer is None or indexer.wait(0):
            finish()
        else:
            threading.Thread(target=finish, name=f"delete-{kb.name}", daemon=True).start()

    def add_documents(self, name: str | None, files, replace: bool = False) -> list[dict]:
        """Store uploaded files [(filename, binary file)] and reindex. Every file is checked before any is
        written (names.py, uploads.py, the size limits), so a refused request stores nothing."""
        kb = self.get(name)
        folder = kb.documents
        existing = {unicodedata.normalize("NFC", p.name) for p in folder.iterdir()} if folder.is_dir() else set()
        checked = check_uploads(files, existing, replace, self.settings.max_file_mb, self.settings.upload_max_mb)
        saved = []
        try:
            for doc, file, fmt, size in checked:
                save(folder, doc, file, replace)
                saved.append({"name": doc, "format": fmt, "bytes": size, "replaced": doc in existing})
        finally:
            if saved:
                self.reindex(kb.name)
        return saved

    def delete_document(self, name: str | None, document: str) -> None:
        """Delete one document file and reindex; NotFound when the KB has no such file."""
        kb = self.get(name)
        path = stored_path(kb.documents, document)
        if not path.is_file():
            raise NotFound(no_document(kb.name, document))
        path.unlink()
        self.reindex(kb.name)

    def reindex(self, name: str | None) -> dict:
        """Start (or queue) a background rebuild of the KB; its status."""
        kb = self.get(name)
        with self._lock:
            indexer = self._indexers.get(kb.name)
            if indexer is None:
                indexer = self._indexers[kb.name] = Indexer(kb, self.settings, self.embedder,
                                                            lambda index: self._built(kb.name, index))
        indexer.request()
        return self.status(kb.name)

    def _built(self, name: str, index) -> None:
        """A build ended: the loaded bot answers from it at once (None: the KB is empty, its bot is dropped)."""
        with self._lock:
            bot = self.default_bot if name == DEFAULT_KB else self._bots.get(name)
            if index is None and name != DEFAULT_KB:
                self._bots.pop(name, None)
        if bot is not None and index is not None:
            bot.swap(index)

    def wait(self, name: str | None, timeout: float | None = None) -> bool:
        """Block until the KB has no build running or queued; False on timeout."""
        indexer = self._indexers.get(self.get(name).name)
        return indexer is None or indexer.wait(timeout)

    def clean_temporary(self) -> int:
        """At server start: remove upload temporaries and half-deleted KB folders a killed server left."""
        from pathlib import Path

        root = Path(self.settings.kb_root)
        for hidden in root.glob(".deleted-*") if root.is_dir() else ():
            purge(self.settings, hidden)
        return sum(clean_temporary(kb.documents) for kb in all_kbs(self.settings))
