"""The 「知识库」 tab's HTML: a KB's indexing status, its document list and a document's split preview.

Consumes: the dicts of kb/service.py `KnowledgeBases` — status(kb), documents(kb), chunks(kb, document).
Produces: HTML strings. Every name, path, warning and chunk text is HTML-escaped (render._text), so a
document cannot inject markup into the page; numbers are formatted here, never taken as HTML.
Shortcut: the preview shows at most PREVIEW_MAX chunks (the API's …/chunks returns them all).
"""
from __future__ import annotations

from .render import _text, notice, source_link

PREVIEW_MAX = 300
STATES = {"idle": "就绪", "queued": "排队等待索引", "indexing": "正在索引", "failed": "索引失败", "empty": "没有可用的文档",
          "unindexed": "尚未索引"}
PHASES = {"reading": "读取文件", "embedding": "计算向量", "loading": "载入新索引"}
DOC_STATES = {"indexed": "已索引", "pending": "待索引", "skipped": "未能索引", "deleted": "已删除，索引更新后移除"}
KINDS = {"list": "列表", "table": "表格", "faq": "问答", "record": "记录", "code": "代码"}
RUNNING = ("queued", "indexing")


def when(stamp: str | None) -> str:
    """An ISO time as the page shows it. Example: when("2026-05-01T09:30:00+0800") == "2026-05-01 09:30:00" """
    return (stamp or "")[:19].replace("T", " ")


def size(n: int | None) -> str:
    """Bytes for people. Example: size(2048) == "2.0 KB"; size(None) == "" """
    if n is None:
        return ""
    return f"{n} B" if n < 1024 else f"{n / 1024:.1f} KB" if n < 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def status_html(st: dict) -> str:
    """The state of one KB: what runs now (phase, done/total as a progress bar), and the build answering."""
    state = st.get("state", "")
    head = f'<b>索引状态：{_text(STATES.get(state, state))}</b>'
    if state == "indexing":
        done, total = int(st.get("done") or 0), int(st.get("total") or 0)
        phase = PHASES.get(st.get("phase", ""), st.get("phase", ""))
        head += f" · {_text(phase)}"
        if total:
            head += f' {done}/{total} <progress class="cb-kb-progress" value="{done}" max="{total}"></progress>'
        if st.get("current"):
            head += f" · {_text(st['current'])}"
        if st.get("rebuild_queued"):
            head += " · 之后还会再索引一次（期间又有改动）"
    parts = [f'<div class="cb-kb-state">{head}</div>']
    if st.get("indexed_at"):
        note = "；问答仍使用这一版，新索引完成后自动切换" if state in RUNNING else ""
        parts.append(f'<div class="cb-kb-build">当前索引：{_text(when(st["indexed_at"]))} · {int(st.get("documents") or 0)}'
                     f' 个文档 · {int(st.get("chunks") or 0)} 段{note}</div>')
    if st.get("error") and state in ("failed", "empty"):
        parts.append(notice(st["error"]))
    return '<div class="cb-kb-status">' + "".join(parts) + "</div>"


def documents_html(docs: list[dict]) -> str:
    """The document list as a table: name, status, format, pages, sections, chunks, encoding, size, indexed at, warnings."""
    if not docs:
        return notice("这个知识库还没有文档：在上面上传。")

    def cell(v) -> str:
        return "" if v is None else _text(str(v))

    rows = "".join(
        f'<tr class="cb-doc-{_text(d["status"])}"><td>{_text(d["name"])}'
        + (f'<br><span class="cb-offsets">{_text(d["title"])}</span>' if d.get("title") and d["title"] != d["name"] else "")
        + f'</td><td>{_text(DOC_STATES.get(d["status"], d["status"]))}</td><td>{cell(d.get("format"))}</td>'
        f'<td>{cell(d.get("pages"))}</td><td>{cell(d.get("sections"))}</td><td>{cell(d.get("chunks"))}</td>'
        f'<td>{cell(d.get("encoding"))}</td><td>{_text(size(d.get("bytes")))}</td><td>{_text(when(d.get("indexed_at")))}</td>'
        f'<td>{"<br>".join(_text(w) for w in d.get("warnings") or ())}'
        + (f'与 {_text(d["alias_of"])} 内容相同' if d.get("alias_of") else "") + "</td></tr>" for d in docs)
    return ('<table class="cb-table cb-docs"><thead><tr><th>文档</th><th>状态</th><th>格式</th><th>页数</th><th>章节</th>'
            f'<th>段落</th><th>编码</th><th>大小</th><th>索引时间</th><th>提示</th></tr></thead><tbody>{rows}</tbody></table>')


def preview_html(document: str, chunks: list[dict], kb: str | None = None) -> str:
    """The split preview: the document's chunks in order, each with its number, section path, page/location,
    kind, character offsets and a 「打开原文」 link to that place in the original (in knowledge base `kb`), then its text."""
    if not chunks:
        return notice(f"{document} 没有切出段落。")
    shown = chunks[:PREVIEW_MAX]
    head = f'<div class="cb-kb-build">分段预览 · {_text(document)}：共 {len(chunks)} 段'
    head += f"，只显示前 {PREVIEW_MAX} 段（全部见 GET /api/kbs/…/chunks）</div>" if len(chunks) > PREVIEW_MAX else "</div>"
    items = []
    for c in shown:
        where = " › ".join(c.get("path") or ()) or c.get("section", "")
        extra = [x for x in (c.get("location"), KINDS.get(c.get("kind") or "", "")) if x]
        items.append(f'<div class="cb-passage cb-chunk"><div class="cb-source">#{int(c["n"]) + 1} · {_text(where)}'
                     + "".join(f" · {_text(str(x))}" for x in extra)
                     + f' <span class="cb-offsets">[{int(c["start"])}:{int(c["end"])}] · {len(c["text"])} 字</span> '
                     + source_link(document, int(c["start"]), int(c["end"]), kb) + "</div>"
                     f'{_text(c["text"])}</div>')
    return head + "".join(items)
