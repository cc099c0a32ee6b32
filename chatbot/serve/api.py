"""The HTTP API, served by the same process as the chat page (Gradio mounted in FastAPI).

Consumes: a `ChatBot`. Produces: a FastAPI app with
  POST /api/ask     {"question": "…", "history": [{"question": "…", "answer": "…"}]} → the
                    same JSON object as `chatbot ask --json`
  POST /api/feedback {"rating": "up"|"down", "question", "answer", "citations"} → appended to a file
  GET  /api/health  readiness: model loaded, index size, documents
  GET  /embed       a compact chat page of our own over /api/ask, for iframes
  GET  /embed.js    the widget: one <script> tag adds a chat bubble that opens /embed
and the framework's OpenAPI docs at /docs. Guards, all from settings: an access token
(CHATBOT_API_TOKEN: `Authorization: Bearer …`, or `?token=…` once, which sets a cookie for the
page), a request-body size limit (413) and a per-client rate limit on /api (429). Who may frame /embed (CSP frame-ancestors) and call
the API from other origins (CORS) comes from settings; bound to 127.0.0.1 the default is anyone,
bound elsewhere it is the server's own origin until configured. Bad input gets a JSON error with a 4xx status
({"error": "…"}); an empty question or a body that is not JSON is a 400, a malformed body a 422,
never a 500.
"""
from __future__ import annotations

from pathlib import Path
from typing import Literal

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import FileResponse, JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from pydantic import BaseModel, Field

from .answer import to_dict
from .errors import ChatbotError, QuestionError

STATIC = Path(__file__).parent / "static"
LOOPBACK = ("127.0.0.1", "localhost", "::1")
MAX_QUESTION_CHARS = 20_000
# reachable without the token: readiness for load balancers, and the widget's static shell, which holds
# no data (its API calls carry the token as a Bearer header; a cookie would not reach a cross-site iframe)
OPEN_PATHS = ("/api/health", "/embed", "/embed.js", "/embed-app.js")  # longer bodies are refused outright; the bot truncates past settings.max_question_chars


class Turn(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer: str = ""


class Citation(BaseModel):
    n: int = 1
    source: str = Field("", max_length=1000)
    section: str = Field("", max_length=1000)
    start: int = 0
    end: int = 0
    quote: str = Field("", max_length=5000)


class FeedbackRequest(BaseModel):
    rating: Literal["up", "down"]
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer: str = Field(max_length=MAX_QUESTION_CHARS)
    citations: list[Citation] = Field(default=[], max_length=20)
    comment: str = Field("", max_length=2000)


class AskRequest(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS, description="The question, in Chinese or English.")
    history: list[Turn] = Field(default=[], max_length=50, description="Earlier turns, oldest first.")


def guard(app: FastAPI, settings) -> None:
    """Token, body-size and rate-limit checks in front of every route, the mounted page included."""
    import hmac
    import time
    from collections import defaultdict, deque

    token, limit, max_bytes = settings.api_token, settings.rate_limit, settings.max_body_kb * 1024
    recent: dict[str, deque] = defaultdict(deque)  # client → its request times in the last minute
    swept = [time.monotonic()]

    def refuse(status: int, message: str, **headers) -> JSONResponse:
        return JSONResponse({"error": message}, status_code=status, headers=headers)

    @app.middleware("http")
    async def checks(request: Request, call_next):
        path = request.url.path
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > max_bytes:
            return refuse(413, f"request body over {settings.max_body_kb} KB")
        offered = request.query_params.get("token", "")
        if token and path not in OPEN_PATHS:
            bearer = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
            given = bearer or offered or request.cookies.get("chatbot_token", "")
            if not hmac.compare_digest(given.encode(), token.encode()):
                return refuse(401, "an access token is required: Authorization: Bearer <token>, or ?token=<token>",
                              **{"WWW-Authenticate": "Bearer"})
        if limit and path.startswith("/api/"):
            client = request.client.host if request.client else "?"
            now = time.monotonic()
            if now - swept[0] > 60:  # forget clients idle for a minute, so the dict stays bounded
                for idle in [c for c, w in recent.items() if not w or now - w[-1] > 60]:
                    del recent[idle]
                swept[0] = now
            window = recent[client]
            while window and now - window[0] > 60:
                window.popleft()
            if len(window) >= limit:
                return refuse(429, f"more than {limit} requests a minute: slow down", **{"Retry-After": "60"})
            window.append(now)
        response = await call_next(request)
        if token and offered:  # remember the token for the page's own requests
            response.set_cookie("chatbot_token", offered, httponly=True, samesite="lax")
        return response


def create_app(bot) -> FastAPI:
    """The API app; ui.py mounts the chat page on it."""
    app = FastAPI(title="文档问答 API", version="1", description="Extractive, cited answers from the corpus.")
    settings = bot.settings
    local = settings.host in LOOPBACK
    ancestors = settings.frame_ancestors or ("*" if local else "'self'")
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()] or (["*"] if local else [])
    if origins:
        app.add_middleware(CORSMiddleware, allow_origins=origins, allow_methods=["GET", "POST"],
                           allow_headers=["Content-Type"])

    guard(app, settings)

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

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError):
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"invalid request: {problems}", "detail": jsonable_encoder(exc.errors())},
                            status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException):
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(QuestionError)
    async def bad_question(_: Request, exc: QuestionError):
        return JSONResponse({"error": str(exc)}, status_code=400)

    @app.exception_handler(ChatbotError)
    async def unavailable(_: Request, exc: ChatbotError):
        return JSONResponse({"error": str(exc)}, status_code=503)

    @app.post("/api/ask")
    def ask(body: AskRequest) -> dict:
        """Answer a question; `history` lets a follow-up such as 「不良率呢?」 refer to the previous turn."""
        return to_dict(bot.ask(body.question, history=[t.question for t in body.history]))

    @app.post("/api/feedback", status_code=201)
    def feedback(body: FeedbackRequest) -> dict:
        """Record a thumbs up or down on an answer (appended to the feedback file, never rewritten)."""
        from .feedback import record

        record(settings.feedback_file, body.rating, body.question, body.answer,
               [c.model_dump() for c in body.citations], "api", body.comment)
        return {"status": "recorded"}

    @app.get("/api/health")
    def health() -> dict:
        ready = bot.ready
        body = {"status": "ok" if ready else "loading", "model_loaded": ready, "model": bot.settings.model}
        if ready:
            manifest = bot.retriever.index.manifest
            body.update(chunks=manifest["chunks"], documents=sorted(manifest["files"]), built=manifest["created"])
        return body

    return app
