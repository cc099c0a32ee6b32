"""The knowledge-base API: several collections of documents, managed while the server answers.

Consumes: a `KnowledgeBases` (kb/service.py) and the FastAPI app of api.py. Produces, under /api/kbs:
  GET    /api/kbs                                 {"kbs": [{name, default, documents, chunks, indexed_at, state}]}
  POST   /api/kbs {"name": "…"}                    201, the new KB (409 when the name is taken)
  DELETE /api/kbs/{kb}                            the KB, its documents and index (409 for the default)
  GET    /api/kbs/{kb}/documents                  {"kb", "documents": [{name, status, format, bytes, title, pages,
                                                   sections, chunks, encoding, warnings, alias_of, indexed_at}]}
  POST   /api/kbs/{kb}/documents                  multipart/form-data, one or more `files` (and `replace=true` to
                                                   overwrite): 202 {"kb", "saved": [{name, format, bytes, replaced}], "status"}
  DELETE /api/kbs/{kb}/documents/{name}           202 {"kb", "deleted", "status"}
  GET    /api/kbs/{kb}/documents/{name}/chunks    the split preview: {"kb", "document", "chunks": [{n, id, section, path,
                                                   text, context, kind, start, end, page, location}]}
  GET    /api/kbs/{kb}/status                     indexing progress: {kb, state, phase, done, total, current, error,
                                                   started, finished, rebuild_queued, indexed_at,
                                                   documents, chunks}
Errors are JSON {"error": "…"}: 400 a bad name or request, 404 no such KB or document, 409 a name taken
or nothing indexed yet, 413 too large, 415 a type not read or content that is not what its extension says.
Who may call (the admin token for writes, management off on exposed servers, limits) is guard.py's and
admin.py's business: nothing reaches these routes unchecked.
Shortcut: the blocking work (file checks, writes, reading a build) runs on the thread pool.
"""
from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from ..errors import Conflict, KnowledgeBaseError, NotFound, TooLarge, Unsupported, public_message

STATUS = ((NotFound, 404), (Conflict, 409), (Unsupported, 415), (TooLarge, 413), (KnowledgeBaseError, 400))


class NewKB(BaseModel):
    name: str = Field(max_length=200, description="1–64 letters, digits, _ or - (Chinese allowed, no dots).")


def _handler(status: int):
    async def handle(_: Request, exc: Exception):
        return JSONResponse({"error": public_message(exc)}, status_code=status)
    return handle


def install(app: FastAPI, kbs) -> None:
    """Add the /api/kbs routes and the JSON answers to the knowledge-base errors to `app`."""
    for cls, status in STATUS:
        app.add_exception_handler(cls, _handler(status))
    router = APIRouter(prefix="/api/kbs", tags=["knowledge bases"])
    max_files = kbs.settings.upload_max_files

    @router.get("")
    def list_kbs() -> dict:
        """Every knowledge base, the default (the configured corpus folder) first."""
        return {"kbs": kbs.list()}

    @router.post("", status_code=201)
    def create(body: NewKB) -> dict:
        """Create an empty knowledge base."""
        return kbs.create(body.name)

    @router.delete("/{kb}")
    def delete(kb: str) -> dict:
        """Delete a knowledge base with its documents and index."""
        kbs.delete(kb)
        return {"deleted": kb}

    @router.get("/{kb}/documents")
    def documents(kb: str) -> dict:
        """The documents of a knowledge base, with their indexing status."""
        return {"kb": kbs.get(kb).name, "documents": kbs.documents(kb)}

    @router.post("/{kb}/documents", status_code=202)
    async def upload(kb: str, request: Request, replace: bool = False) -> dict:
        """Upload one or more documents (multipart field `files`); the knowledge base is re-indexed in the background."""
        kbs.get(kb)  # 404 before the body is parsed
        form = await request.form(max_files=max_files, max_fields=max_files + 10)
        try:
            files = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
            if not files:
                raise KnowledgeBaseError("没有文件：请用 multipart/form-data 发送，每个文件放在名为 files 的字段里。")
            replace = replace or str(form.get("replace", "")).lower() in ("1", "true", "yes", "on")
            saved = await run_in_threadpool(kbs.add_documents, kb, [(f.filename or "", f.file) for f in files], replace)
        finally:
            await form.close()
        return {"kb": kbs.get(kb).name, "saved": saved, "status": await run_in_threadpool(kbs.status, kb)}

    @router.delete("/{kb}/documents/{name:path}", status_code=202)
    def delete_document(kb: str, name: str) -> dict:
        """Delete a document; its answers go when the re-index (started now) is swapped in."""
        kbs.delete_document(kb, name)
        return {"kb": kbs.get(kb).name, "deleted": name, "status": kbs.status(kb)}

    @router.get("/{kb}/documents/{name:path}/chunks")
    def chunks(kb: str, name: str) -> dict:
        """The split preview: the document's chunks in order, with section path, text and page/location."""
        return {"kb": kbs.get(kb).name, "document": name, "chunks": kbs.chunks(kb, name)}

    @router.get("/{kb}/status")
    def status(kb: str) -> dict:
        """Indexing progress and the current build of a knowledge base."""
        return kbs.status(kb)

    app.include_router(router)
