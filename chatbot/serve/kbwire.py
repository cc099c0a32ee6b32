"""The 「知识库」 tab drawn in Gradio: its components, and which `KBTab` handler (kbtab.py) each event calls.

Consumes: the page's gr.Blocks (called inside its context), a `KnowledgeBases`, the page's gr.State holding
the chosen KB's name and its header gr.HTML. Produces: `add_tab(demo, kbs, chosen, header)`, and the chat tab's
example questions for the default knowledge base (`examples_for`, shown while it answers: `example_updates`). Nothing is
decided here — who may write, what is shown and every message come from kbtab.py and kbview.py.
- Every event is private (not in the page's API docs) and takes the client from gr.Request, for the
  per-client limits; writes send the admin-token field along, to be checked on the server each time.
- The 解锁 button's js keeps the token in a SameSite=Strict session cookie (chatbot_admin) before the
  server checks it: the page's file uploads need it to be larger than CHATBOT_MAX_BODY_KB (guard.py).
- A gr.Timer polls the status while a build runs and stops itself when the build ends.
Shortcut: the upload box takes any file; the back end says what it does not read (gr.File's file_types
would refuse a .doc with Gradio's words instead of the back end's advice).
"""

from pathlib import Path

from ..kb import DEFAULT_KB
from ..readers import SUFFIXES
from .kbtab import OFF, KBTab, View
from .render import notice

EXAMPLES = ["网络小贷公司的注册资本门槛现在是多少?", "那个用卫星看庄稼放贷的项目覆盖了多少农户?",
            "2025年跨境支付交易规模有多大?", "互联网金融行业面临的主要挑战有哪些?"]
EXAMPLES_DOC = "互联网金融行业发展趋势分析.txt"  # the shipped document the EXAMPLES ask about


def examples_for(settings) -> list[str]:
    """EXAMPLES when the corpus folder holds the document they ask about, else none (another corpus)."""
    return EXAMPLES if (Path(settings.corpus_dir) / EXAMPLES_DOC).is_file() else []


def example_updates(gr, kb: str, has_examples: bool) -> tuple:
    """(the examples' column, the chat) once knowledge base `kb` answers: the default corpus's example questions and the
    chat's hint to them only for the default; another KB's documents cannot answer them (newcomer walkthrough, session 24).
    """
    shown = has_examples and kb == DEFAULT_KB
    return gr.update(visible=shown), gr.update(placeholder=placeholder(shown))


def placeholder(examples_shown: bool) -> str:
    """The empty chat's hint, pointing to the example questions when they are shown."""
    return "请输入关于文档的问题" + ("，例如下面的示例。" if examples_shown else "。")


CSS = """
.cb-kb-header { font-size: .92em; color: var(--body-text-color-subdued); }
.cb-kb-status { line-height: 1.8; }
.cb-kb-progress { width: 14em; height: .8em; vertical-align: middle; accent-color: var(--color-accent); }
.cb-kb-confirm { color: #b91c1c; font-weight: 600; }
.cb-kb-build { font-size: .9em; color: var(--body-text-color-subdued); }
.cb-kb-done { font-size: .9em; color: #15803d; margin-bottom: .4em; }
.cb-docs td:first-child { white-space: normal; max-width: 22em; }
.cb-docs, .cb-docs tr, .cb-docs td, .cb-docs th { border: 0 !important; }
.cb-docs tr { border-bottom: 1px solid var(--border-color-primary) !important; }
.cb-chunk { white-space: pre-wrap; }
.cb-kb-row { align-items: flex-end !important; }
.cb-kb-row > button { margin-bottom: var(--spacing-lg); }
"""
COOKIE_JS = """(token) => { document.cookie = "chatbot_admin=" + encodeURIComponent((token || "").trim()) +
  "; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : ""); return token; }"""


def drop_label(kb: str) -> dict:
    """The 「删除这个知识库」 button's text and state for knowledge base `kb`: the default one cannot be deleted (kb.py
    refuses it too), so its button says so and cannot be pressed."""
    default = kb == DEFAULT_KB
    return {"value": "默认库不可删除" if default else "删除这个知识库", "interactive": not default}


def client(request) -> str:
    """The client address of a Gradio event (after guard.py's trusted-proxy rewrite)."""
    return getattr(getattr(request, "client", None), "host", None) or "?"


def add_tab(demo, kbs, chosen, header):
    """Draw the tab in `demo` and wire its events; `chosen` (gr.State) is what the chat and 检索测试 ask."""
    import gradio as gr

    t = KBTab(kbs)
    first = t.view(DEFAULT_KB)
    with gr.Tab("知识库"):
        with gr.Row(elem_classes="cb-kb-row"):
            pick = gr.Dropdown(first.choices, value=first.kb, label="问答和检索测试使用的知识库", scale=5, elem_id="kb-pick")
            refresh = gr.Button("刷新", scale=0, min_width=90)
            drop = gr.Button(**drop_label(first.kb), variant="stop", scale=0, min_width=170, visible=t.mode == "open",
                             elem_id="kb-drop")
        if t.mode == "off":
            gr.HTML(notice(OFF))
        with gr.Row(visible=t.mode == "token", elem_classes="cb-kb-row") as locked:
            token = gr.Textbox(label="管理员令牌", type="password", scale=5, max_length=500, elem_id="kb-token",
                               placeholder="CHATBOT_ADMIN_TOKEN：管理知识库需要它")
            unlock = gr.Button("解锁管理", scale=0, min_width=110, elem_id="kb-unlock")
        with gr.Column(visible=t.mode == "open") as manage:
            with gr.Row(elem_classes="cb-kb-row"):
                new = gr.Textbox(label="新建知识库", placeholder="名称：汉字、字母、数字、_ 或 -", scale=5, max_length=200,
                                 elem_id="kb-new")
                create = gr.Button("新建", scale=0, min_width=90, elem_id="kb-create")
            files = gr.File(label=f"上传文档（可多选或拖放；支持 {' '.join(SUFFIXES)}）", file_count="multiple",
                            type="filepath", height=170, elem_id="kb-files")
            with gr.Row():
                overwrite = gr.Checkbox(label="覆盖同名文档", value=False, scale=1)
                add = gr.Button("添加到知识库", variant="primary", scale=2, elem_id="kb-add")
        message = gr.HTML(elem_id="kb-message")   # under the upload button, where a refused file is looked for
        with gr.Row(visible=False, elem_classes="cb-kb-row") as asking:
            question = gr.HTML()
            yes = gr.Button("确认删除", variant="stop", scale=0, min_width=100, elem_id="kb-yes")
            no = gr.Button("取消", scale=0, min_width=80)
        status = gr.HTML(first.status, elem_id="kb-status")
        documents = gr.HTML(first.documents, elem_id="kb-documents")
        with gr.Row(elem_classes="cb-kb-row"):
            doc = gr.Dropdown(first.names, value=None, label="文档", scale=5, elem_id="kb-doc")
            show = gr.Button("分段预览", scale=0, min_width=110)
            drop_doc = gr.Button("删除文档", variant="stop", scale=0, min_width=110, visible=t.mode == "open",
                                 elem_id="kb-drop-doc")
        preview = gr.HTML(elem_id="kb-preview")
        timer = gr.Timer(t.interval, active=first.running)
        pending = gr.State(())

    outputs = [chosen, pick, header, message, status, documents, doc, preview, timer, asking, question, pending, drop]

    def shown(v: View, current_doc=None) -> tuple:
        skip = gr.skip()
        return (v.kb, skip if v.choices is None else gr.Dropdown(choices=v.choices, value=v.kb),
                skip if v.header is None else v.header, skip if v.message is None else v.message,
                skip if v.status is None else v.status, skip if v.documents is None else v.documents,
                skip if v.names is None else gr.Dropdown(choices=v.names, value=current_doc if current_doc in v.names else None),
                skip if v.preview is None else v.preview, gr.Timer(active=v.running),
                skip if v.confirm is None else gr.Row(visible=bool(v.confirm)),
                skip if v.confirm is None else v.confirm, skip if v.pending is None else v.pending,
                gr.Button(**drop_label(v.kb)))   # only its label and state: unlocking decides whether it shows

    private = dict(api_visibility="private")
    quiet = dict(api_visibility="private", show_progress="hidden")  # reads: no spinner over the whole tab
    busy = dict(api_visibility="private", show_progress_on=[message])  # writes: the spinner where their outcome goes

    def on_pick(kb):
        return shown(t.choose(kb))

    def on_refresh(kb, current_doc):
        return shown(t.view(kb), current_doc)

    def on_poll(kb, current_doc):
        return shown(t.poll(kb), current_doc)

    def on_unlock(given, request: gr.Request):
        right, text = t.unlock(given, client(request))
        return text, gr.Column(visible=right), gr.Button(visible=right), gr.Button(visible=right)

    def on_create(name, given, kb, request: gr.Request):
        v = t.create(name, given, client(request), kb)
        return *shown(v), ("" if v.ok else gr.skip())

    def on_add(kb, paths, replace_, given, request: gr.Request):
        v = t.upload(kb, paths, replace_, given, client(request))
        return *shown(v), (None if v.ok else gr.skip())  # a refused upload stays in the box

    def on_drop(kb, given, request: gr.Request):
        return shown(t.ask_delete(kb, given, client(request)))

    def on_drop_doc(kb, current_doc, given, request: gr.Request):
        if not current_doc:
            return shown(t.view(kb, notice("先在上面选择要删除的文档。")))
        return shown(t.ask_delete(kb, given, client(request), current_doc), current_doc)

    def on_yes(todo, given, kb, request: gr.Request):
        return shown(t.confirm(todo, given, client(request), kb))

    demo.load(on_refresh, [chosen, doc], outputs, **quiet)
    pick.input(on_pick, pick, outputs, **quiet)
    refresh.click(on_refresh, [chosen, doc], outputs, **quiet)
    timer.tick(on_poll, [chosen, doc], outputs, **quiet)
    unlock.click(on_unlock, token, [message, manage, drop_doc, drop], js=COOKIE_JS, **busy)
    token.submit(on_unlock, token, [message, manage, drop_doc, drop], js=COOKIE_JS, **busy)
    create.click(on_create, [new, token, chosen], outputs + [new], **busy)
    new.submit(on_create, [new, token, chosen], outputs + [new], **busy)
    add.click(on_add, [chosen, files, overwrite, token], outputs + [files], **busy)
    drop.click(on_drop, [chosen, token], outputs, **busy)
    drop_doc.click(on_drop_doc, [chosen, doc, token], outputs, **busy)
    yes.click(on_yes, [pending, token, chosen], outputs, **busy)
    no.click(lambda kb, d: shown(t.view(kb), d), [chosen, doc], outputs, **quiet)
    show.click(t.preview, [chosen, doc], preview, **private)
    doc.input(t.preview, [chosen, doc], preview, **private)
    return t
