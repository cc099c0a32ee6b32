"""The HTTP API, served by the same process as the chat page (Gradio mounted in FastAPI).

Consumes: a `ChatBot`. Produces: a FastAPI app with
  POST /api/ask     {"question": "…", "history": [{"question": "…", "answer": "…"}]} → the
                    same JSON object as `chatbot ask --json`
  GET  /api/health  readiness: model loaded, index size, documents
and the framework's OpenAPI docs at /docs. Bad input gets a JSON error with a 4xx status
({"error": "…"}); an empty question is a 400, a malformed body a 422, never a 500.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from .answer import to_dict
from .errors import ChatbotError, QuestionError

MAX_QUESTION_CHARS = 20_000  # longer bodies are refused outright; the bot truncates past settings.max_question_chars


class Turn(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS)
    answer: str = ""


class AskRequest(BaseModel):
    question: str = Field(max_length=MAX_QUESTION_CHARS, description="The question, in Chinese or English.")
    history: list[Turn] = Field(default=[], max_length=50, description="Earlier turns, oldest first.")


def create_app(bot) -> FastAPI:
    """The API app; ui.py mounts the chat page on it."""
    app = FastAPI(title="文档问答 API", version="1", description="Extractive, cited answers from the corpus.")

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

    @app.get("/api/health")
    def health() -> dict:
        ready = bot.ready
        body = {"status": "ok" if ready else "loading", "model_loaded": ready, "model": bot.settings.model}
        if ready:
            manifest = bot.retriever.index.manifest
            body.update(chunks=manifest["chunks"], documents=sorted(manifest["files"]), built=manifest["created"])
        return body

    return app
