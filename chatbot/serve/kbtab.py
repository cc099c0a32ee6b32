"""The 「知识库」 tab of the chat page: which KB the chat answers from; create and delete KBs; upload, list and
delete documents; the split preview; indexing progress, polled every second or so while a build runs.

Consumes: a `KnowledgeBases` (kb/service.py) and its Settings. Produces: `KBTab`, the handlers (plain
methods returning a `View` or HTML, tested without a browser), and `add_tab(demo, kbs, chosen, header)`
(kbwire.py), which draws the tab inside the page's Blocks. HTML comes from kbview.py.
Who may write is admin.py's `Management`, asked again on every write — never a flag the client holds:
- CHATBOT_ADMIN_TOKEN set: the tab asks for it (a password field, sent with every write and compared
  here; wrong ones count toward a per-client 429, the right one still passes) and shows its controls
  once it is right. Its 「解锁」 also keeps it in a SameSite=Strict session cookie, which lets the page's
  own file upload (POST /gradio_api/upload) carry up to CHATBOT_UPLOAD_MAX_MB (admin.py, guard.py);
  without it those uploads stay under CHATBOT_MAX_BODY_KB, as for readers;
- no admin token, bound to 127.0.0.1 / localhost: management is open, as in the API;
- no admin token, bound elsewhere: management is off; the tab says so and offers only reading.
Reading (the KB list, documents, preview, status) is what GET /api/kbs… gives a reader.
Bad input (a bad or taken name, a PNG renamed .pdf, an unknown KB) shows the back end's message;
a refused upload stores nothing and its files stay in the upload box.
Shortcut: the page counts its writes and wrong tokens in windows of its own (the API's limits, counted apart).
"""
from __future__ import annotations

import contextlib
import hmac
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import ChatbotError, NotFound
from ..kb import DEFAULT_KB
from .admin import Management
from .guard import AUTH_FAILURES_PER_MINUTE
from .kbview import RUNNING, documents_html, preview_html, size, status_html
from .payload import Window
from .render import _text, notice

OFF = ("知识库管理已关闭：服务器没有绑定在 127.0.0.1，又没有设置管理员令牌。设置 CHATBOT_ADMIN_TOKEN"
       "（至少 16 个字符）后重启即可在这里管理；现在只能查看。")
NEEDS_TOKEN = "管理知识库需要管理员令牌（CHATBOT_ADMIN_TOKEN）：在上面输入正确的令牌。"


GRADIO_NAME_BYTES = 200   # Gradio cuts an uploaded file's name to this many UTF-8 bytes (client_utils, max_bytes)


@dataclass(frozen=True)
class View:
    """What the tab shows after an event; None = leave that part as it is."""
    kb: str                                 # the KB the chat, 检索测试 and the tab address
    choices: list | None = None             # the KB dropdown: [(label, name)]
    header: str | None = None               # the page's 「当前知识库」 line (HTML)
    message: str | None = None              # the outcome of the last action (HTML)
    status: str | None = None
    documents: str | None = None
    names: list | None = None               # documents that can be previewed or deleted
    preview: str | None = None
    running: bool = False                   # a build runs or is queued: keep polling
    confirm: str | None = None              # the question of the confirmation row ("" hides it)
    pending: tuple | None = None            # what 「确认删除」 does: ("kb", kb) | ("doc", kb, name); () for nothing
    ok: bool = False                        # the write asked for was done
    state: str = ""                         # the KB's indexing state (status()["state"])
    skipped: tuple = ()                     # (name, reasons) of each document the build could not index


def done(text: str) -> str:
    """A success message in the tab."""
    return f'<div class="cb-kb-done">{_text(text)}</div>'


def ask(text: str) -> str:
    """The question of the confirmation row."""
    return f'<div class="cb-kb-confirm">{_text(text)}</div>'


class KBTab:
    """The tab's handlers for one page: reads return a `View` (or HTML), writes ask `refused` first.
    Example: KBTab(kbs).create("网点", token, "10.0.0.7", "default").kb == "网点" """

    def __init__(self, kbs):
        self.kbs, self.settings = kbs, kbs.settings
        self.admin = Management(self.settings)
        self.failures = Window(AUTH_FAILURES_PER_MINUTE)
        rate = self.settings.rate_limit  # each poll is a request: use at most half a client's budget
        self.interval = max(1.0, 120 / rate) if rate else 1.0

    @property
    def mode(self) -> str:
        """"open" (no token needed), "token" (the admin token is) or "off" (no writes from the page)."""
        return "token" if self.admin.token else "open" if self.admin.open else "off"

    # reading

    def view(self, kb: str | None, message: str = "", **changes) -> View:
        """Everything the tab shows for `kb`; an unknown KB (deleted meanwhile) falls back to the default."""
        try:
            name = self.kbs.get(kb).name
        except ChatbotError as exc:   # deleted meanwhile (another page, the API): say so, and what answers now
            gone = (f"知识库「{kb}」已不存在（也许已在别处删除）：问答和上传现在使用默认知识库 {DEFAULT_KB}。"
                    if isinstance(exc, NotFound) else str(exc))
            name, message = DEFAULT_KB, message or notice(gone)
        listed = self.kbs.list()
        st = self.kbs.status(name)
        docs = self.kbs.documents(name)
        return replace(View(name, [(self.label(k), k["name"]) for k in listed], self.header(st), message,
                            status_html(st), documents_html(docs), [d["name"] for d in docs if d["status"] != "deleted"],
                            "", st["state"] in RUNNING, "", (), state=st["state"],
                            skipped=tuple((d["name"], tuple(d.get("warnings") or ())) for d in docs
                                          if d["status"] == "skipped")), **changes)

    @staticmethod
    def label(k: dict) -> str:
        """A KB in the dropdown, with its files on disk (the header says how many are indexed: a file that could not be
        indexed is counted here only). Example: "产品手册（3 个文件）", "default（默认，2 个文件）" """
        return f"{k['name']}（{'默认，' if k['default'] else ''}{k['documents']} 个文件）"

    @staticmethod
    def header(st: dict) -> str:
        """The page's line above the tabs: which KB answers, and its build."""
        build = f" · 索引于 {_text(st['indexed_at'][:16].replace('T', ' '))}，{st['documents']} 个文档、{st['chunks']} 段" \
            if st.get("indexed_at") else " · 尚无可用索引"
        return f'<div class="cb-kb-header">当前知识库：<b>{_text(st["kb"])}</b>{build}</div>'

    def poll(self, kb: str) -> View:
        """A timer tick: status, documents and header; the lists, and a message saying so, once the build has ended."""
        v = self.view(kb)
        if v.running:
            return replace(v, message=None, preview=None, confirm=None, pending=None, choices=None, names=None)
        ended = done("索引完成：问答已改用新索引。") if v.state == "idle" else None  # failed: the status says why
        if ended and v.skipped:   # said where the eye is, not only in the list's grey column (breaker G: a damaged PDF)
            why = "；".join(f"{name}（{'；'.join(reasons or ['原因见文档列表'])}）" for name, reasons in v.skipped[:5])
            ended = notice(f"索引完成，问答已改用新索引；但有 {len(v.skipped)} 个文件未能索引：{why}。"
                           "请修好后重新上传（勾选覆盖同名文档）或删除。")
        return replace(v, message=ended, preview=None, confirm=None, pending=None)

    def choose(self, kb: str) -> View:
        """The KB chosen in the dropdown (the chat's answers now come from it)."""
        return self.view(kb)

    def preview(self, kb: str, document: str | None) -> str:
        """The split preview of one document, or the back end's message."""
        if not document:
            return notice("先在上面选择一个文档。")
        try:
            return preview_html(document, self.kbs.chunks(kb, document), kb)
        except ChatbotError as exc:
            return notice(str(exc))

    # writing: every one asks `refused` first

    def refused(self, token: str | None, client: str) -> str | None:
        """None when this client may write now, else why not (admin.py's rules, in the page's words)."""
        why = self.admin.check((str(token or "").strip(), "header"), client, self.failures)
        if why is None:
            return None
        status, message, _ = why
        return OFF if status == 403 else NEEDS_TOKEN if status == 401 else message   # 429: admin.py's words

    def unlock(self, token: str | None, client: str) -> tuple[bool, str]:
        """(right, message) for the token typed into the tab; wrong ones count like the API's."""
        if self.mode != "token":
            return self.mode == "open", "" if self.mode == "open" else notice(OFF)
        given = str(token or "").strip()
        if given and hmac.compare_digest(given.encode(), self.admin.token):
            return True, done("管理已解锁：每次改动都会再核对令牌。")
        if given and not self.failures.hit(client):
            return False, notice("错误的令牌太多：请一分钟后再试。")
        return False, notice(NEEDS_TOKEN)

    def _write(self, kb: str, token, client, action, fallback: str | None = None) -> View:
        """Run `action()` (→ (kb to show, success message)) if this client may write; the back end's message if it fails."""
        why = self.refused(token, client)
        if why:
            return self.view(kb, notice(why))
        try:
            shown, message = action()
        except ChatbotError as exc:
            return self.view(fallback or kb, notice(str(exc)))
        return self.view(shown, done(message), ok=True)

    def create(self, name: str, token, client: str, kb: str) -> View:
        """A new, empty KB, chosen at once."""
        def action():
            made = self.kbs.create(name)["name"]
            return made, f"已新建知识库「{made}」：现在上传文档。"
        return self._write(kb, token, client, action)

    def upload(self, kb: str, paths, replace_: bool, token, client: str) -> View:
        """Store the uploaded files in `kb` and start its rebuild. All are checked before any is stored."""
        paths = [p for p in (paths or []) if p]

        def action():
            if not paths:
                raise ChatbotError("先选择要上传的文件（可多选，或拖放到上传框）。")
            if len(paths) > self.settings.upload_max_files:
                raise ChatbotError(f"一次最多上传 {self.settings.upload_max_files} 个文件（CHATBOT_UPLOAD_MAX_FILES）。")
            cut = [Path(p).name for p in paths if len(Path(p).name.encode()) >= GRADIO_NAME_BYTES - 3]
            if cut:   # Gradio shortened it on the way in (breaker G: stored as 「…关于江.txt」 without a word)
                raise ChatbotError(f"文件名太长，网页上传时被截断成了「{cut[0]}」：网页上传的文件名最多约 "
                                   f"{GRADIO_NAME_BYTES // 3} 个汉字（{GRADIO_NAME_BYTES} 字节），请改短后再上传。")
            with contextlib.ExitStack() as stack:
                files = [(Path(p).name, stack.enter_context(open(p, "rb"))) for p in paths]
                saved = self.kbs.add_documents(kb, files, replace=bool(replace_))
            listed = "、".join(f"{s['name']}（{s['format']}，{size(s['bytes'])}{'，已覆盖' if s['replaced'] else ''}）"
                              for s in saved)
            return kb, f"已保存 {listed}；正在重新索引，完成前问答使用上一版索引。"
        return self._write(kb, token, client, action)

    def ask_delete(self, kb: str, token, client: str, document: str | None = None) -> View:
        """The confirmation row for deleting the KB (or, with `document`, one document); nothing is deleted yet."""
        why = self.refused(token, client)
        if why:
            return self.view(kb, notice(why))
        if document:
            return self.view(kb, confirm=ask(f"删除文档「{document}」？它的答案在重新索引后消失。"),
                             pending=("doc", kb, document))
        if self.kbs.get(kb).default:
            return self.view(kb, notice("默认知识库（CHATBOT_CORPUS 文件夹）不能在页面上删除。"))
        return self.view(kb, confirm=ask(f"删除知识库「{kb}」及其全部文档和索引？此操作不能撤销。"), pending=("kb", kb))

    def confirm(self, pending: tuple, token, client: str, kb: str) -> View:
        """Do the deletion the confirmation row asked about (the token is checked again)."""
        if not pending:
            return self.view(kb)
        if pending[0] == "kb":
            def action():
                self.kbs.delete(pending[1])
                return DEFAULT_KB, f"已删除知识库「{pending[1]}」；问答改用默认知识库。"
        else:
            def action():
                self.kbs.delete_document(pending[1], pending[2])
                return pending[1], f"已删除「{pending[2]}」；正在重新索引，完成后它的答案不再出现。"
        return self._write(kb, token, client, action)
