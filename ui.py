"""The web chat and the API: `python ui.py [--host H] [--port P] [--root-path /prefix]`.

One process (default http://127.0.0.1:7860): the chat page at `/` (Gradio, mounted in the
FastAPI app of chatbot/server.py), the JSON API under `/api/`, OpenAPI docs at `/docs`.
`launch` serves the API as soon as the model and index are loaded and mounts the page when Gradio
has been imported and built, a few seconds later (a self-reloading "starting" page until then).
An adapter the size of a Gradio demo: it formats, it does not retrieve. Everything it shows
comes from `chatbot.bot.ChatBot` (answers) and `chatbot.render` (HTML). Offline by design:
analytics off, system fonts only (no Google Fonts), no CDN assets.
"""
import os
from pathlib import Path

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

import click

EXAMPLES = ["网络小贷公司的注册资本门槛现在是多少?", "那个用卫星看庄稼放贷的项目覆盖了多少农户?",
            "2025年跨境支付交易规模有多大?", "互联网金融行业面临的主要挑战有哪些?"]

CSS = """
.cb-answer { font-size: 1.05em; line-height: 1.7; margin-bottom: .6em; }
.cb-abstained { color: var(--body-text-color-subdued); }
.cb-ref { color: var(--color-accent); font-weight: 600; }
.cb-passage { border-left: 3px solid var(--color-accent); padding: .3em .8em; margin: .5em 0;
              background: var(--background-fill-secondary); border-radius: 4px; line-height: 1.65; }
.cb-source { font-size: .85em; color: var(--body-text-color-subdued); cursor: pointer; }
.cb-offsets { opacity: .6; }
.cb-passage mark { background: #ffe58f; color: inherit; padding: 0 .1em; border-radius: 2px; }
.dark .cb-passage mark { background: #7c5e00; }
.cb-notice { font-size: .85em; color: #b45309; margin-bottom: .4em; }
.cb-table { border-collapse: collapse; width: 100%; font-size: .92em; }
.cb-table td, .cb-table th { border-bottom: 1px solid var(--border-color-primary); padding: .35em .5em;
                             text-align: left; vertical-align: top; }
.cb-table td:nth-child(-n+4) { white-space: nowrap; }
footer { display: none !important; }
"""


def build(bot):
    """The Gradio Blocks for a ChatBot."""
    import html

    import gradio as gr

    from chatbot.answer import to_dict
    from chatbot.errors import ChatbotError
    from chatbot.feedback import record
    from chatbot.render import answer_html, metrics_html, passages_html

    def respond(message: str, history: list, asked: list, turns: list):
        history, asked, turns = list(history or []), list(asked or []), list(turns or [])
        shown = html.escape(message or "")
        turn = None
        try:
            result = bot.ask(message or "", history=asked)
            reply, turn = answer_html(result), to_dict(result)
            asked.append(message)
        except ChatbotError as exc:
            reply = f'<div class="cb-notice">{html.escape(str(exc))}</div>'
        except Exception as exc:  # never a stack trace in the chat
            reply = f'<div class="cb-notice">出错了：{html.escape(type(exc).__name__)}。请稍后再试。</div>'
        history += [{"role": "user", "content": shown}, {"role": "assistant", "content": reply}]
        return "", history, asked, turns + [turn]

    def on_like(data: gr.LikeData, turns: list):  # Gradio injects LikeData by this (evaluated) annotation
        index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
        turn = (turns or [None] * (index // 2 + 1))[index // 2] if index // 2 < len(turns or []) else None
        if turn is None or data.liked is None:
            return
        record(bot.settings.feedback_file, "up" if data.liked is True or data.liked == "Like" else "down",
               turn["question"], turn["answer"], turn["citations"], "page")
        gr.Info("谢谢反馈！")

    def search(query: str):
        try:
            answer = bot.ask(query or "")
        except ChatbotError as exc:
            return f'<div class="cb-notice">{html.escape(str(exc))}</div>', ""
        return passages_html(answer.passages), answer_html(answer)

    def run_eval(upload):
        if upload is None:
            return '<div class="cb-notice">请先上传问题集（.jsonl，每行一个问题）。</div>', None, None
        import tempfile

        from chatbot.evaluate import evaluate, load_questions
        from chatbot.report import failures, write_report

        questions, errors = load_questions(Path(upload))
        if not questions:
            return metrics_html({}, errors or ["文件里没有可用的问题。"]), None, None
        metrics, details = evaluate(bot, questions)
        folder = Path(tempfile.mkdtemp(prefix="chatbot-eval-"))
        write_report(metrics, details, folder)
        failed = [[d["id"], d["question"], " / ".join(d["answers"]) or "（不可回答）", d["why"], d["answer"],
                   (d["passages"][0]["section"] + "：" + d["passages"][0]["text"][:60]) if d["passages"] else ""]
                  for d in failures(details)]
        return metrics_html(metrics, errors), str(folder / "chart.png"), failed

    docs = ", ".join(sorted(bot.retriever.index.manifest["files"]))
    with gr.Blocks(title="文档问答") as demo:
        gr.Markdown("## 文档问答\n答案逐字摘自文档，并标注出处；文档里没有的内容不会编造。"
                    f"\n\n当前文档：{html.escape(docs)}")
        with gr.Tab("问答"):
            chat = gr.Chatbot(label="对话", height=560, buttons=["copy"], sanitize_html=True, feedback_options=("Like", "Dislike"),
                              placeholder="请输入关于文档的问题，例如下面的示例。")
            with gr.Row():
                box = gr.Textbox(placeholder="输入问题，按回车发送", show_label=False, scale=8, autofocus=True,
                                 max_length=20000)
                send = gr.Button("发送", variant="primary", scale=1, min_width=80)
            gr.Examples(EXAMPLES, inputs=box, label="示例问题")
            clear = gr.Button("清空对话", variant="secondary", size="sm")
            asked = gr.State([])  # the raw questions so far: a follow-up such as 「不良率呢?」 refers to them
            turns = gr.State([])  # the answers as JSON, one per assistant message, for feedback
        with gr.Tab("检索测试"):
            with gr.Row():
                query = gr.Textbox(placeholder="输入检索语句，查看排名靠前的段落和分数", show_label=False, scale=8)
                go = gr.Button("检索", variant="primary", scale=1, min_width=80)
            found_answer = gr.HTML()
            found = gr.HTML()
            gr.Markdown("### 问题集评测\n上传 JSON Lines 问题集（每行 `{\"id\", \"question\", \"answers\": [...]}`，"
                        "`answers` 为空表示文档无法回答），查看指标、图表和失败的问题。")
            with gr.Row():
                upload = gr.File(label="问题集 (.jsonl)", file_types=[".jsonl", ".json", ".txt"], type="filepath")
                run = gr.Button("运行评测", variant="primary")
            metrics_out = gr.HTML()
            chart_out = gr.Image(label="hit@k 与分类结果", type="filepath", interactive=False)
            failed_out = gr.Dataframe(headers=["id", "问题", "期望答案", "原因", "实际回答", "排名第一的段落"],
                                      label="失败的问题", wrap=True)
        box.submit(respond, [box, chat, asked, turns], [box, chat, asked, turns])
        send.click(respond, [box, chat, asked, turns], [box, chat, asked, turns])
        clear.click(lambda: ("", [], [], []), None, [box, chat, asked, turns])
        chat.like(on_like, turns, None)
        query.submit(search, query, [found, found_answer])
        go.click(search, query, [found, found_answer])
        run.click(run_eval, upload, [metrics_out, chart_out, failed_out])
    return demo


def theme():
    import gradio as gr

    system = [gr.themes.Font("system-ui"), gr.themes.Font("PingFang SC"), gr.themes.Font("Microsoft YaHei"),
              gr.themes.Font("WenQuanYi Micro Hei"), gr.themes.Font("Noto Sans CJK SC"), "sans-serif"]
    mono = [gr.themes.Font("ui-monospace"), gr.themes.Font("Consolas"), "monospace"]
    return gr.themes.Soft(primary_hue="blue", font=system, font_mono=mono)


def mount_page(app, bot, root_path: str = ""):
    """`app` with the chat page mounted at /."""
    import gradio as gr

    return gr.mount_gradio_app(app, build(bot), path="/", theme=theme(), css=CSS, footer_links=[],
                               root_path=root_path or None, show_error=False)


def create_app(bot, root_path: str = ""):
    """The FastAPI app: the API routes first, then the chat page mounted at /."""
    from chatbot.server import create_app as api_app

    return mount_page(api_app(bot), bot, root_path)


NOTICE = """<!doctype html><html lang="zh"><meta charset="utf-8">{refresh}<title>文档问答</title>
<p style="font:16px system-ui,sans-serif;margin:3em;color:#555">{text}</p>"""


class Page:
    """The chat page's place in the app ("/"): the Gradio app once it is built, until then a small
    page that says so and reloads itself every second (503 with Retry-After: 1)."""

    def __init__(self):
        self.app = None
        self.error = ""  # why the page could not be built, if it could not

    async def __call__(self, scope, receive, send):
        if self.app is not None:
            await self.app(scope, receive, send)
        elif scope["type"] == "http":
            import html

            from starlette.responses import HTMLResponse

            if self.error:
                text = f"聊天页面无法加载（{html.escape(self.error)}）；/api/ask 仍可使用。"
                response = HTMLResponse(NOTICE.format(refresh="", text=text), 500)
            else:
                response = HTMLResponse(NOTICE.format(refresh='<meta http-equiv="refresh" content="1">',
                                                      text="文档问答正在启动，页面马上就好……"),
                                        503, headers={"Retry-After": "1", "Cache-Control": "no-store"})
            await response(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013})  # try again later


def lazy_app(bot, root_path: str = ""):
    """The app of `launch`: the API routes at once, and the chat page built in the background once
    the server is listening, so importing Gradio (3–8 s) does not delay the first answer."""
    import asyncio
    import contextlib
    import logging

    from chatbot.server import create_app as api_app

    app, page = api_app(bot), Page()
    app.mount("/", page)
    api_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(_):
        loop = asyncio.get_running_loop()
        async with api_lifespan(app) as state, contextlib.AsyncExitStack() as stack:
            async def open_page(inner):
                await stack.enter_async_context(inner.router.lifespan_context(inner))  # Gradio's queue and startup events
                page.app = inner

            def prepare():
                try:
                    from fastapi import FastAPI

                    inner = mount_page(FastAPI(), bot, root_path)
                    asyncio.run_coroutine_threadsafe(open_page(inner), loop).result()
                    print("文档问答: the chat page is ready", flush=True)
                except Exception as exc:  # the API keeps serving; the page says what went wrong
                    page.error = f"{type(exc).__name__}: {exc}"
                    logging.getLogger(__name__).exception("the chat page could not be built")

            starting = loop.run_in_executor(None, prepare)
            yield state
            if not starting.done():
                starting.cancel()

    app.router.lifespan_context = lifespan
    return app


def launch(settings=None, root_path: str = ""):
    """Load the model and index (a bad corpus or model stops here, with its message), then serve the
    API at once and the page as soon as Gradio is ready (lazy_app)."""
    import uvicorn

    from chatbot.bot import ChatBot
    from chatbot.memory import limit_malloc_arenas
    from chatbot.settings import load_settings

    settings = settings or load_settings()
    limit_malloc_arenas(settings.malloc_arenas)  # before the model loads and the request threads start
    bot = ChatBot(settings).warm_up()
    app = lazy_app(bot, root_path)
    print(f"文档问答: http://{settings.host}:{settings.port}{root_path}/  (API: /api/ask, docs: /docs)", flush=True)
    uvicorn.run(app, host=settings.host, port=settings.port, root_path=root_path, log_level="warning")


@click.command()
@click.option("--host", help="Bind address [default: 127.0.0.1; CHATBOT_HOST].")
@click.option("--port", type=int, help="Port [default: 7860; CHATBOT_PORT].")
@click.option("--root-path", default="", help="URL prefix when served behind a proxy, e.g. /qa.")
def main(host, port, root_path):
    """Start the web chat."""
    import logging

    from chatbot.errors import ChatbotError
    from chatbot.settings import load_settings

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        launch(load_settings(host=host, port=port), root_path.rstrip("/"))
    except ChatbotError as exc:
        raise click.ClickException(str(exc)) from None


if __name__ == "__main__":
    main()
