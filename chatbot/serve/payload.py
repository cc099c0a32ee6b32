"""What guard.py does with a request's body and with the errors of Gradio's routes.

Consumes: ASGI receive/send callables and raw bodies. Produces:
- `Window`, sliding one-minute counts per client (the rate limits);
- `read_body`: the whole body, at most max_bytes, within one deadline (a slow client cannot hold a
  request open by trickling a byte now and then), or the status and message to refuse it with;
- `gradio_problem`: why a JSON body posted to Gradio's API must not reach it — NaN or Infinity
  (Python's json accepts them; Gradio then fails with a 500), a lone surrogate, or a FileData
  whose path is a URL (Gradio would fetch it: a request leaving the machine at a client's word);
- `quiet_errors`: a `send` that replaces the body of a 4xx/5xx from Gradio's routes with a
  short JSON message, since Gradio's 422 echoes the request back.
Every message is Chinese (the page shows them in its toasts, page-zh.js) and none repeats the request.
Shortcuts: a body is parsed as JSON only when it says it is JSON; other bodies (multipart uploads)
pass as they are, bounded by size and time.
"""
from __future__ import annotations

import asyncio
import json
import time
from collections import defaultdict, deque

from .invalid import SERVER_ERROR

URL_PREFIXES = ("http:", "https:", "ftp:", "file:", "//")


class Window:
    """Sliding one-minute windows of event times per client, forgetting idle clients.
    Example: w = Window(2); w.hit("a"), w.hit("a"), w.hit("a") == (True, True, False)"""

    def __init__(self, per_minute: int):
        self.per_minute, self.recent, self.swept = per_minute, defaultdict(deque), time.monotonic()

    def full(self, client: str) -> bool:
        now, window = time.monotonic(), self.recent[client]
        if now - self.swept > 60:  # so the table stays bounded
            for idle in [c for c, w in self.recent.items() if not w or now - w[-1] > 60]:
                del self.recent[idle]
            self.swept = now
            window = self.recent[client]
        while window and now - window[0] > 60:
            window.popleft()
        return len(window) >= self.per_minute

    def hit(self, client: str) -> bool:
        """Count one event; False when the client is over its limit (the event is not counted)."""
        if self.full(client):
            return False
        self.recent[client].append(time.monotonic())
        return True


async def read_body(receive, max_bytes: int, timeout: float, too_large: str = ""):
    """(parts, None) with every message of the body, or (None, (status, message)) to refuse it
    (`too_large`: the 413 message)."""
    parts, size, deadline = [], 0, time.monotonic() + timeout
    while True:
        try:
            message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            return None, (408, f"请求内容没有在 {timeout:g} 秒内传完：请检查网络后重试。")
        parts.append(message)
        if message["type"] != "http.request":
            return parts, None
        size += len(message.get("body", b""))
        if size > max_bytes:
            return None, (413, too_large or f"请求内容超过 {max_bytes // 1024} KB 的上限：请缩短后重试。")
        if not message.get("more_body"):
            return parts, None


class NotJSONNumber(ValueError):
    """NaN, Infinity or -Infinity, which Python's json reads and JSON does not have."""


def _constant(name: str):
    raise NotJSONNumber(name)


def _walk(value):
    if isinstance(value, dict):
        yield value
        for v in value.values():
            yield from _walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from _walk(v)
    else:
        yield value


def gradio_problem(body: bytes) -> str | None:
    """Why this JSON body must not reach Gradio, or None. Example: gradio_problem(b'{"data": NaN}')"""
    try:
        payload = json.loads(body, parse_constant=_constant)
    except NotJSONNumber:
        return "请求内容不是有效的 JSON：NaN 和 Infinity 不是 JSON 数字。"
    except json.JSONDecodeError as exc:  # where it broke, said in Chinese (json's own words are English)
        return f"请求内容不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）。"
    except ValueError:  # bytes that are not UTF-8 (UnicodeDecodeError)
        return "请求内容不是 UTF-8 编码的 JSON。"
    for item in _walk(payload):
        if isinstance(item, str):
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return "请求内容里有无效的 Unicode 字符（孤立的代理项）。"
        elif isinstance(item, dict) and isinstance(item.get("path"), str) \
                and item["path"].strip().lower().startswith(URL_PREFIXES):
            return "文件须上传到服务器，不能用网址指定。"
    return None


QUIET = {403: "没有权限读取这个文件或地址。", 404: "没有找到请求的文件或地址。", 413: "上传的文件太大。",
         429: "请求太频繁：请稍后再试。"}


def quiet_message(status: int) -> str:
    """The message that stands in for Gradio's own error body. Example: quiet_message(404) starts "没有找到"."""
    return QUIET.get(status) or ("请求无效。" if status < 500 else SERVER_ERROR)


def quiet_errors(send):
    """`send` with the body of an error response replaced by {"error": "…"} (no echo of the request)."""
    state = {"replacing": False}

    async def sending(message):
        if message["type"] == "http.response.start" and message.get("status", 200) >= 400:
            status = message["status"]
            body = json.dumps({"error": quiet_message(status)}, ensure_ascii=False).encode()
            headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in (b"content-length", b"content-type")]
            state.update(replacing=True, body=body)
            await send({**message, "headers": headers + [(b"content-type", b"application/json"),
                                                         (b"content-length", str(len(body)).encode())]})
        elif message["type"] == "http.response.body" and state["replacing"]:
            if state.get("body") is not None:
                await send({"type": "http.response.body", "body": state.pop("body"), "more_body": False})
            # later parts of the original error body are dropped
        else:
            await send(message)
    return sending


def unknown_api_is_404(app) -> None:
    """An API name the page does not have (`POST /gradio_api/call/predict`) is a 404 on `app` (the FastAPI app with the
    page mounted): Gradio raises FnIndexInferError for it, which reached the client as a 500 (session 26's note);
    quiet_errors words the body. RuntimeError when no Gradio app is mounted on `app`."""
    from fastapi.responses import JSONResponse
    from gradio.route_utils import FnIndexInferError
    from gradio.routes import App

    async def unknown(_, __):
        return JSONResponse({"error": quiet_message(404)}, status_code=404)

    mounted = [r.app for r in app.routes if isinstance(getattr(r, "app", None), App)]
    if not mounted:
        raise RuntimeError("the Gradio app is not mounted: gr.mount_gradio_app changed")
    for gradio_app in mounted:
        gradio_app.add_exception_handler(FnIndexInferError, unknown)
