"""The HTTP API, served by the same process as the chat page.

Consumes: a `ChatBot`. Produces: a FastAPI app with
  POST /api/ask      {"question": "…", "history": [{"question": "…", "answer": "…"}], "kb": "…"} →
                     the same JSON object as `chatbot ask --json` (kb: a knowledge base, default when absent)
  /api/kbs…          the knowledge bases: list, create, delete, upload, split preview, status (kbs.py)
  POST /api/feedback {"rating": "up"|"down", "question", "answer", "citations"} → appended to a file
  GET  /api/health   readiness: model loaded, index size, documents
  GET  /embed        a compact chat page of our own over /api/ask, for iframes
  GET  /embed.js     the widget: one <script> tag adds a chat bubble that opens /embed
  GET  /page-zh.js   the chat page's script that says Gradio's own toasts in Chinese (page.py loads it)
  GET  /source/…     the cited original: the file, a view with the quote marked, a PDF page as PNG (source.py;
                     ?kb= for another knowledge base's)
and the OpenAPI docs at /docs, served from this server (fastapi-offline ships Swagger UI's files;
FastAPI's own /docs would load them from a CDN). The guards in front of all of it (token, limits,
hosts, CORS, headers) are in guard.py. Bad input gets a JSON error with a 4xx status
({"error": "…"}, in Chinese: invalid.py): an empty question or a body that is not JSON is a 400, a malformed
body a 422 (with pydantic's `detail` list beside), never a 500, and an error never echoes the input back (NaN,
a lone surrogate or 3 MB of it).
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Literal

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from pydantic import AfterValidator, BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..answer import to_dict
from ..errors import ChatbotError, QuestionError, public_message
from .feedback import FeedbackFull
from .guard import LOOPBACK
from .invalid import NOT_LABELLED, BadText, problems, public_detail, unlabelled_json

STATIC = Path(__file__).parent / "static"
log = logging.getLogger(__name__)
MAX_QUESTION_CHARS = 20_000  # longer bodies are refused outright; the bot truncates past settings.max_question_chars


def _unicode(text: str) -> str:
    """Text that can be written back as UTF-8: a lone surrogate ("\\ud800") cannot."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise BadText("not valid Unicode text (a lone surrogate)") from None
    return text


def Text(max_chars: int, default=..., **kw):
    """A string field of at most max_chars characters of valid Unicode."""
    return Annotated[str, AfterValidator(_unicode), Field(default, max_length=max_chars, **kw)]


class Turn(BaseModel):
    question: Text(MAX_QUESTION_CHARS)
    answer: Text(MAX_QUESTION_CHARS, "")


class Citation(BaseModel):
    n: int = 1
    source: Text(300, "")
    section: Text(300, "")
    start: int = 0
    end: int = 0
    quote: Text(2000, "")


class FeedbackRequest(BaseModel):  # at most about 22,000 characters: one record stays under 150 KB
    rating: Literal["up", "down"]
    question: Text(2000)
    answer: Text(5000)
    citations: list[Citation] = Field(default=[], max_length=5)
    comment: Text(2000, "")


class AskRequest(BaseModel):
    question: Text(MAX_QUESTION_CHARS, description="The question, in Chinese or English.")
    history: list[Turn] = Field(default=[], max_length=50, description="Earlier turns, oldest first.")
    kb: str | None = Field(None, max_length=200, description="The knowledge base to ask (GET /api/kbs); the default when absent.")


def create_app(bot, kbs=None) -> FastAPI:
    """The API app; app.create_app wraps it in the guards and mounts the chat page on it. `kbs`: the
    knowledge bases (kb.KnowledgeBases; made here around `bot` when not given), also at app.state.kbs."""
    from fastapi_offline import FastAPIOffline

    from ..kb import KnowledgeBases
    from .kbs import install

    app = FastAPIOffline(title="文档问答 API", version="1", redoc_url=None,
                         description="Extractive, cited answers from the corpus.")
    settings = bot.settings
    kbs = kbs if kbs is not None else KnowledgeBases(settings, default_bot=bot)
    kbs.clean_temporary()  # what a server killed mid-upload left
    app.state.kbs = kbs
    ancestors = settings.frame_ancestors or ("*" if settings.host in LOOPBACK else "'self'")

    def static(name: str, media_type: str, frame: bool = False) -> FileResponse:
        headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
        if frame:
            headers["Content-Security-Policy"] = (f"default-src 'self'; style-src 'self' 'unsafe-inline'; "
                                                  f"frame-ancestors {ancestors}")
        return FileResponse(STATIC / name, media_type=media_type, headers=headers)

    @app.get("/embed", include_in_schema=False)
    def embed_page():
        return static("embed.html", "text/html; charset=utf-8", frame=True)

    @app.get("/embed-app.js", include_in_schema=False)
    def embed_app():
        return static("embed-app.js", "text/javascript; charset=utf-8")

    @app.get("/embed.js", include_in_schema=False)
    def widget():
        return static("embed.js", "text/javascript; charset=utf-8")

    @app.get("/page-zh.js", include_in_schema=False)
    def page_script():
        return static("page-zh.js", "text/javascript; charset=utf-8")

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError):
        detail = [{"loc": [str(p) for p in e.get("loc", ())], "msg": str(e.get("msg", "")), "type": str(e.get("type", ""))}
                  for e in exc.errors()]
        if any(e["type"] == "json_invalid" for e in detail):   # a body that is not JSON at all: 400, as the README says
            return JSONResponse({"error": "请求无效：请求体不是 JSON。"}, status_code=400)
        if unlabelled_json(request.headers.get("content-type", ""), detail):
            return JSONResponse({"error": NOT_LABELLED}, status_code=415)
        return JSONResponse({"error": problems(exc.errors()), "detail": detail}, status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": public_detail(exc.status_code, exc.detail)}, status_code=exc.status_code,
                            headers=exc.headers)

    @app.exception_handler(QuestionError)
    async def bad_question(_: Request, exc: QuestionError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(FeedbackFull)
    async def feedback_full(_: Request, exc: FeedbackFull):
        return JSONResponse({"error": public_message(exc)}, status_code=507)

    @app.exception_handler(ChatbotError)
    async def unavailable(_: Request, exc: ChatbotError):
        log.warning("503: %s", exc)   # the operator's log keeps the whole message, paths included
        return JSONResponse({"error": public_message(exc)}, status_code=503)

    @app.post("/api/ask")
    def ask(body: AskRequest) -> dict:
        """Answer a question; `history` lets a follow-up such as 「不良率呢?」 refer to the previous turn."""
        return to_dict(kbs.ask(body.kb, body.question, history=[t.question for t in body.history]))

    @app.post("/api/feedback", status_code=201)
    def feedback(body: FeedbackRequest) -> dict:
        """Record a thumbs up or down on an answer (appended to the feedback file, never rewritten)."""
        from .feedback import record

        record(settings.feedback_file, body.rating, body.question, body.answer,
               [c.model_dump() for c in body.citations], "api", body.comment, settings.feedback_max_mb)
        return {"status": "recorded"}

    from .source import add_source_routes

    add_source_routes(app, bot, kbs)  # GET /source/{document}[/view | /page/{n}.png][?kb=]
    install(app, kbs)  # /api/kbs…: kbs.py

    @app.get("/api/health")
    def health() -> dict:
        ready = bot.ready
        body = {"status": "ok" if ready else "loading", "model_loaded": ready, "model": bot.settings.model}
        if ready:
            manifest = bot.retriever.index.manifest
            body.update(chunks=manifest["chunks"], documents=sorted(manifest["files"]), built=manifest["created"])
        return body

    api_routes = [r for r in app.routes if getattr(r, "path", "").startswith("/api/")]

    @app.api_route("/api/{rest:path}", methods=["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    def no_route(rest: str):
        """What no route above answers: 405 naming the methods when the path is one of ours, else 404, in our JSON (the
        page, mounted at "/", would answer Gradio's English {"detail": "Not Found"})."""
        allowed = sorted({m for r in api_routes if r.path_regex.match(f"/api/{rest}") for m in getattr(r, "methods", ())})
        if allowed:
            return JSONResponse({"error": public_detail(405, "Method Not Allowed")}, status_code=405,
                                headers={"Allow": ", ".join(allowed)})
        return JSONResponse({"error": public_detail(404, "Not Found")}, status_code=404)

    return app
