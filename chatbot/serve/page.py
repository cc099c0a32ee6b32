"""The Gradio chat page: 问答 (chat), 检索测试 (ranked passages, question-set evaluation) and 知识库.

Consumes: a `ChatBot`, the server's `KnowledgeBases` and the Settings. Produces: `mount_page(bot, root_path,
kbs)`, a FastAPI app with the page at "/". An adapter the size of a Gradio demo: it formats, it does not
retrieve; answers come from the chosen knowledge base's `ChatBot` (kbs.ask), HTML from render.py, the
知识库 tab from kbwire.py (its handlers: kbtab.py). Offline: system fonts only, no CDN assets.
Hardening (the audit of issue 13):
- No event takes client-supplied component state it does not need: the chat history, the raw
  questions, the answers and the chosen knowledge base live in `gr.State` (server side); the
  `gr.Chatbot` is output only. The file inputs are the question-set upload and the 知识库 tab's
  documents (whose writes need the admin token: kbtab.py).
- Gradio checks client file paths only once `Blocks.has_launched` is set, which `launch()` does and
  `mount_gradio_app` does not: it is set here, so an input naming a file that was not uploaded
  (a secret, /dev/zero) is refused before it is read.
- The page's events share a bounded queue (settings.page_queue) and run page_concurrency at once;
  the queue cannot be bypassed (api_open=False). The evaluation runs outside the queue, one at a
  time (others are told so at once), refuses sets over settings.max_eval_questions lines and
  leaves no report folder behind; likes count against settings.feedback_rate_limit; Gradio's cache
  is swept hourly and uploads are capped at max_body_kb (max_file_mb per file where the page may
  manage knowledge bases; guard.py lets bodies that large through only for the admin: admin.py).
- Gradio adds CORS headers of its own unless its parent app configures CORSMiddleware: the
  parent here configures one that allows no origin, so Gradio's routes send no CORS headers.
Gradio's client refuses a file over max_file_size in the browser, in English, and shows a refused upload's body raw;
the page's head loads static/page-zh.js (served by api.py, from this server as the CSP wants), which says those toasts
in Chinese (the server's own messages are Chinese already) and keeps <html lang="zh-CN"> (pagehead.py rewrites the
head Gradio serves); render.GRADIO_KEYS fills keys Gradio's locales lack (its screen-reader region said 「common.complete」).
"""
import html
import os
import threading
from pathlib import Path

from ..errors import ChatbotError, public_message
from .kbwire import example_updates, examples_for, placeholder
from .render import GRADIO_KEYS, notice

CACHE_SWEEP = (3600, 3600)  # Gradio's delete_cache: every hour, files older than an hour
HEAD = '<script src="page-zh.js" defer></script>'  # relative: /qa/page-zh.js behind --root-path /qa
CSS = """
.cb-answer { font-size: 1.05em; line-height: 1.7; margin-bottom: .6em; }
.cb-abstained { color: var(--body-text-color); border-left: 3px solid #d97706; padding-left: .6em; }
.cb-also { font-size: .92em; margin-top: .35em; } .cb-also-label { font-size: .8em; color: #4b5563;
  border: 1px solid var(--border-color-primary); border-radius: 3px; padding: 0 .3em; margin-right: .4em; } .dark .cb-also-label { color: #cbd5e1; }
.cb-ref { color: var(--color-accent); font-weight: 600; } .cb-passage { border-left: 3px solid var(--color-accent); padding: .3em .8em; margin: .5em 0;
              background: var(--background-fill-secondary); border-radius: 4px; line-height: 1.65; }
.cb-source { font-size: .85em; color: #4b5563; cursor: pointer; } .dark .cb-source { color: #cbd5e1; }
.cb-offsets { opacity: .6; } .cb-open { margin-left: .4em; color: var(--color-accent); white-space: nowrap; }
.cb-passage mark { background: #ffe58f; color: inherit; padding: 0 .1em; border-radius: 2px; } .dark .cb-passage mark { background: #7c5e00; }
.cb-notice { font-size: .85em; color: #b45309; margin-bottom: .4em; } .cb-table { border-collapse: collapse; width: 100%; font-size: .92em; }
.cb-table td, .cb-table th { border-bottom: 1px solid var(--border-color-primary); padding: .35em .5em;
                             text-align: left; vertical-align: top; }
.cb-table td:nth-child(-n+4) { white-space: nowrap; } .cb-row { border-collapse: collapse; margin: .2em 0; } .cb-row th, .cb-row td { border: 1px solid var(--border-color-primary); padding: .15em .5em; }
.cb-row th.cb-asked { background: var(--color-accent-soft); }
footer { display: none !important; }
"""

_evaluating = threading.Lock()  # one evaluation at a time, whoever asks; the others are told so at once


def evaluate_upload(bot, path):
    """(metrics HTML, chart image or None, failed rows) for an uploaded question set; one at a time."""
    if not _evaluating.acquire(blocking=False):
        return notice("另一个评测正在运行，请稍后再试。"), None, None
    try:
        return _evaluate(bot, path)
    except ChatbotError as exc:  # a damaged model file, an index that cannot load: the run stops and says why
        return notice(f"评测中止：{exc}"), None, None
    finally:
        _evaluating.release()


def _evaluate(bot, path):
    import tempfile

    from PIL import Image

    from ..evaluate import evaluate, load_questions
    from ..report import WHY_ZH, chart, failures
    from .render import metrics_html

    if path is None:
        return notice("请先上传问题集（.jsonl，每行一个问题）。"), None, None
    cap = bot.settings.max_eval_questions
    with open(path, "rb") as f:
        lines = sum(1 for line in f if line.strip())
    if lines > cap:
        return notice(f"问题集有 {lines} 行，网页评测最多 {cap} 行；更大的问题集请用命令行 chatbot eval。"), None, None
    questions, errors = load_questions(Path(path))
    if not questions:
        return metrics_html({}, errors or ["文件里没有可用的问题。"]), None, None
    metrics, details = evaluate(bot, questions)
    with tempfile.TemporaryDirectory(prefix="chatbot-eval-") as folder:  # removed on return
        with Image.open(chart(metrics, Path(folder) / "chart.png", chinese=True)) as png:
            image = png.copy()
    failed = [[d["id"], d["question"], " / ".join(d["answers"]) or "（不可回答）", WHY_ZH[d["why"]], d["answer"],
               (d["passages"][0]["section"] + "：" + d["passages"][0]["text"][:60]) if d["passages"] else ""]
              for d in failures(details)]
    return metrics_html(metrics, errors), image, failed


def evaluate_kb(kbs, kb: str, path):
    """evaluate_upload on the chosen knowledge base's bot (its message when that KB cannot answer)."""
    try:
        bot = kbs.bot(kb)
    except ChatbotError as exc:
        return notice(str(exc)), None, None
    return evaluate_upload(bot, path)


def build(bot, kbs=None):
    """The Gradio Blocks for a ChatBot and the knowledge bases (kb.KnowledgeBases; made around `bot` when None)."""
    import gradio as gr

    from ..answer import to_dict
    from ..kb import DEFAULT_KB, KnowledgeBases
    from .feedback import record
    from .kbwire import add_tab
    from .payload import Window
    from .render import answer_html, passages_html

    kbs = kbs if kbs is not None else KnowledgeBases(bot.settings, default_bot=bot)

    def respond(message: str, shown: list, asked: list, turns: list, kb: str):
        shown, asked, turns = list(shown or []), list(asked or []), list(turns or [])
        try:
            result = kbs.ask(kb, message or "", history=asked)
            reply, turn = answer_html(result, kb), to_dict(result)
            asked.append(message)
        except Exception as exc:  # a refusal or a fault: a notice, never a stack trace; a 👍/👎 on it is kept too
            text = str(exc) if isinstance(exc, ChatbotError) else f"出错了：{type(exc).__name__}。请稍后再试。"
            reply, turn = notice(text), {"question": message or "", "answer": public_message(text), "citations": []}
        shown += [{"role": "user", "content": html.escape(message or "")}, {"role": "assistant", "content": reply}]
        return "", shown, shown, asked, turns + [turn]

    likes = Window(bot.settings.feedback_rate_limit) if bot.settings.feedback_rate_limit else None

    def on_like(data: gr.LikeData, turns: list, request: gr.Request):  # Gradio injects both by these annotations
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turns = turns or []
        turn = turns[index // 2] if isinstance(index, int) and 0 <= index // 2 < len(turns) else None
        if turn is None or data.liked is None:
            return
        if likes is not None and not likes.hit(getattr(request.client, "host", "?") if request else "?"):
            gr.Warning("反馈太频繁，请稍后再试。")
            return
        try:
            record(bot.settings.feedback_file, "up" if data.liked is True or data.liked == "Like" else "down",
                   turn["question"], turn["answer"], turn["citations"], "page", "", bot.settings.feedback_max_mb)
            gr.Info("谢谢反馈！")
        except ChatbotError as exc:
            gr.Warning(public_message(exc))

    def search(query: str, kb: str):
        try:
            answer = kbs.ask(kb, query or "")
        except ChatbotError as exc:
            return notice(str(exc)), ""
        except Exception as exc:  # never a stack trace on the page
            return notice(f"出错了：{type(exc).__name__}。请稍后再试。"), ""
        return passages_html(answer.passages, kb), answer_html(answer, kb)

    with gr.Blocks(title="文档问答", delete_cache=CACHE_SWEEP) as demo:
        gr.Markdown("## 文档问答\n答案逐字摘自文档，并标注出处；文档里没有的内容不会编造。")
        header = gr.HTML(elem_id="kb-header")  # which knowledge base answers: kbwire.py fills it in
        kb = gr.State(DEFAULT_KB)  # its name; set only by the 知识库 tab, after the back end has checked it
        with gr.Tab("问答"):
            chat = gr.Chatbot(label="对话", show_label=False, height=560, buttons=["copy"], sanitize_html=True, feedback_options=("Like", "Dislike"),
                              placeholder=placeholder(bool(examples_for(bot.settings))))
            with gr.Row():
                box = gr.Textbox(placeholder="输入问题，按回车发送", show_label=False, scale=8, autofocus=True,
                                 max_length=20000)
                send = gr.Button("发送", variant="primary", scale=1, min_width=80)
            # the examples ask about the default knowledge base's document: shown only while it answers (kb.change)
            with gr.Column(visible=True, elem_id="cb-examples") as example_box:
                if examples := examples_for(bot.settings):
                    gr.Examples(examples, inputs=box, label="示例问题")
            clear = gr.Button("清空对话", variant="secondary", size="sm")
            shown = gr.State([])  # the messages as shown: the chat is drawn from here, never read back from the client
            asked = gr.State([])  # the raw questions so far: a follow-up such as 「不良率呢?」 refers to them
            turns = gr.State([])  # the answers as JSON, one per assistant message, for feedback
        with gr.Tab("检索测试"):
            with gr.Row():
                query = gr.Textbox(placeholder="输入检索语句，查看排名靠前的段落和分数", show_label=False, scale=8,
                                   max_length=2000)
                go = gr.Button("检索", variant="primary", scale=1, min_width=80)
            found_answer = gr.HTML()
            found = gr.HTML()
            gr.Markdown("### 问题集评测\n上传 JSON Lines 问题集（每行 `{\"id\", \"question\", \"answers\": [...]}`，"
                        f"`answers` 为空表示文档无法回答；最多 {bot.settings.max_eval_questions} 行），"
                        "查看指标、图表和失败的问题。")
            with gr.Row():
                upload = gr.File(label="问题集 (.jsonl)", file_types=[".jsonl", ".json", ".txt"], type="filepath")
                run = gr.Button("运行评测", variant="primary")
            metrics_out = gr.HTML()
            chart_out = gr.Image(label="hit@k 与分类结果", type="pil", interactive=False)
            failed_out = gr.Dataframe(headers=["id", "问题", "期望答案", "原因", "实际回答", "排名第一的段落"],
                                      label="失败的问题", wrap=True)
        add_tab(demo, kbs, kb, header)
        chat_io = ([box, shown, asked, turns, kb], [box, chat, shown, asked, turns])
        box.submit(respond, *chat_io, api_name="respond")
        send.click(respond, *chat_io, api_visibility="private")
        clear.click(lambda: ("", [], [], [], []), None, [box, chat, shown, asked, turns], api_visibility="private")
        chat.clear(lambda: ([], [], []), None, [shown, asked, turns], api_visibility="private")  # the chat's own 🗑
        chat.like(on_like, turns, None, api_visibility="private")
        # another knowledge base: a new conversation (a follow-up must not refer to the other one's answers)
        kb.change(lambda: ([], [], [], []), None, [chat, shown, asked, turns], api_visibility="private")
        kb.change(lambda name: example_updates(gr, name, bool(examples)), kb, [example_box, chat], api_visibility="private")
        query.submit(search, [query, kb], [found, found_answer], api_name="search")
        go.click(search, [query, kb], [found, found_answer], api_visibility="private")
        # outside the queue, so evaluations cannot fill it and keep questions out; one runs at a time
        run.click(lambda path, name: evaluate_kb(kbs, name, path), [upload, kb], [metrics_out, chart_out, failed_out],
                  api_name="run_eval", queue=False)
    concurrency = bot.settings.page_concurrency or os.cpu_count() or 1
    # api_open=False: queued events cannot be called on /gradio_api/run/… around the queue
    return demo.queue(default_concurrency_limit=concurrency, max_size=bot.settings.page_queue, api_open=False)


def theme():
    import gradio as gr

    fonts = ("system-ui", "PingFang SC", "Microsoft YaHei", "WenQuanYi Micro Hei", "Noto Sans CJK SC")
    return gr.themes.Soft(primary_hue="blue", font=[*map(gr.themes.Font, fonts), "sans-serif"],
                          font_mono=[gr.themes.Font("ui-monospace"), gr.themes.Font("Consolas"), "monospace"])


def mount_page(bot, root_path: str = "", kbs=None):
    """A FastAPI app serving the chat page at "/" (its Gradio lifespan still to be entered); `kbs`: the server's
    KnowledgeBases (app.state.kbs of api.py), so the page and the API share builds and bots; its head in Chinese."""
    import gradio as gr
    from fastapi import FastAPI
    from starlette.middleware.cors import CORSMiddleware

    from .admin import Management
    from .kbwire import CSS as KB_CSS
    from .pagehead import ChineseHead
    from .payload import unknown_api_is_404

    parent = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    parent.add_middleware(CORSMiddleware, allow_origins=[])  # so Gradio adds no CORS of its own
    demo = build(bot, kbs)
    s, admin = bot.settings, Management(bot.settings)
    largest = max(s.max_body_kb * 1024, int(s.max_file_mb * 1024 * 1024) if admin.token or admin.open else 0)
    app = gr.mount_gradio_app(parent, demo, path="/", theme=theme(), css=CSS + KB_CSS, footer_links=[],
                              root_path=root_path or None, show_error=False, max_file_size=largest, head=HEAD,
                              i18n=gr.I18n(**GRADIO_KEYS))
    demo.has_launched = True  # turns on Gradio's own checks of client-supplied file paths
    unknown_api_is_404(app)
    app.add_middleware(ChineseHead)
    return app

