"""The server's app and its lifecycle: `python ui.py` / `chatbot serve` [--host H] [--port P] [--root-path /qa].

Consumes: a `ChatBot` and its Settings. Produces: one ASGI app — the JSON API (api.py) with the
chat page (page.py) mounted at "/", wrapped in the guards of guard.py — and `launch`, which serves
it with uvicorn. `launch` serves the API as soon as the model and index are loaded and mounts the
page when Gradio has been imported and built, a few seconds later (a self-reloading "starting"
page until then). uvicorn runs on h11 with a bounded request head (HEAD_BYTES) that must arrive
within settings.header_timeout of its first byte (uvicorn has no such timeout of its own: a slow
client would hold a connection forever), and without its default trust in X-Forwarded-For from
127.0.0.1 (guard.py believes only CHATBOT_TRUSTED_PROXIES).
"""
from __future__ import annotations

import asyncio
import contextlib
import logging

from uvicorn.protocols.http.h11_impl import H11Protocol

HEAD_BYTES = 16 * 1024  # the request line and headers together
NOTICE = """<!doctype html><html lang="zh"><meta charset="utf-8">{refresh}<title>文档问答</title>
<p style="font:16px system-ui,sans-serif;margin:3em;color:#555">{text}</p>"""
log = logging.getLogger(__name__)


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


def _mount_page(bot, root_path, kbs=None):
    from .page import mount_page

    return mount_page(bot, root_path, kbs)


def create_app(bot, root_path: str = "", lazy: bool = False, page: bool = True):
    """The whole app, guarded. lazy=False builds the page now; lazy=True builds it in the background
    once the server is listening, so importing Gradio (3–8 s) does not delay the first answer;
    page=False serves the API alone (benchmarks, API tests)."""
    from .api import create_app as api_app
    from .guard import secure

    app = api_app(bot)
    if not page:
        return secure(app, bot.settings)
    page = Page()
    app.mount("/", page)
    kbs = app.state.kbs  # one KnowledgeBases for the API and the page: the same builds, bots and locks
    inner = None if lazy else _mount_page(bot, root_path, kbs)
    page.app = inner  # served at once; its queue starts with the lifespan
    api_lifespan = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(_):
        loop = asyncio.get_running_loop()
        async with api_lifespan(app) as state, contextlib.AsyncExitStack() as stack:
            async def open_page(built):
                await stack.enter_async_context(built.router.lifespan_context(built))  # Gradio's queue and startup events
                page.app = built

            def prepare():
                try:
                    asyncio.run_coroutine_threadsafe(open_page(_mount_page(bot, root_path, kbs)), loop).result()
                    print("文档问答: the chat page is ready", flush=True)
                except Exception as exc:  # the API keeps serving; the page says what went wrong
                    page.error = f"{type(exc).__name__}: {exc}"
                    log.exception("the chat page could not be built")

            starting = None
            if inner is not None:
                await open_page(inner)
            else:
                starting = loop.run_in_executor(None, prepare)
            yield state
            if starting is not None and not starting.done():
                starting.cancel()

    app.router.lifespan_context = lifespan
    return secure(app, bot.settings)


class TimedH11(H11Protocol):
    """uvicorn's h11 protocol, closing a connection whose request head does not arrive within
    `head_timeout` seconds of the connection opening or of its first byte."""

    head_timeout = 10.0

    def connection_made(self, transport):
        super().connection_made(transport)
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_late)

    def data_received(self, data: bytes) -> None:
        import h11

        waiting = self.conn.their_state is h11.IDLE
        super().data_received(data)
        if self.conn.their_state is not h11.IDLE:  # a whole head has arrived
            self._stop_head_timer()
        elif waiting and self._head_timer is None:  # a new request on a kept-alive connection
            self._head_timer = self.loop.call_later(self.head_timeout, self._head_late)

    def connection_lost(self, exc):
        self._stop_head_timer()
        super().connection_lost(exc)

    def _stop_head_timer(self):
        if getattr(self, "_head_timer", None) is not None:
            self._head_timer.cancel()
        self._head_timer = None

    def _head_late(self):
        import h11

        self._head_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing() \
                and self.transport.get_protocol() is self:  # not handed to a websocket
            self.transport.close()


def server_config(app, settings, root_path: str = ""):
    """uvicorn's Config for `app` with this module's limits."""
    import uvicorn

    protocol = type("TimedH11", (TimedH11,), {"head_timeout": settings.header_timeout})
    return uvicorn.Config(app, host=settings.host, port=settings.port, root_path=root_path, log_level="warning",
                          http=protocol, h11_max_incomplete_event_size=HEAD_BYTES, proxy_headers=False,
                          timeout_keep_alive=5)


def launch(settings=None, root_path: str = ""):
    """Load the model and index (a bad model stops here, with its message; a corpus folder without a
    readable document is reported and the other knowledge bases still served), then serve the API at
    once and the page as soon as Gradio is ready."""
    import uvicorn

    from ..bot import ChatBot
    from ..errors import CorpusError
    from ..settings import load_settings
    from .memory import limit_malloc_arenas

    settings = settings or load_settings()
    limit_malloc_arenas(settings.malloc_arenas)  # before the model loads and the request threads start
    bot = ChatBot(settings)
    try:
        bot.warm_up()
    except CorpusError as exc:  # other knowledge bases may hold documents; one can be uploaded into this one
        print(f"文档问答: the default knowledge base has nothing to answer from: {exc}", flush=True)
    app = create_app(bot, root_path, lazy=True)
    print(f"文档问答: http://{settings.host}:{settings.port}{root_path}/  (API: /api/ask, docs: /docs)", flush=True)
    uvicorn.Server(server_config(app, settings, root_path)).run()

