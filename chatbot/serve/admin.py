"""Who may change the knowledge bases: the admin token, management off on exposed servers, write limits.

Consumes: the Settings, and per request its method, route path, offered token and client address.
Produces: `Management`, which guard.py asks:
- `writes(method, path)`: is this a management write — any method but GET/HEAD/OPTIONS under /api/kbs;
- `limits(method, path, cookie)`: (bytes, seconds, what) the body may have: an upload
  (POST /api/kbs/{kb}/documents) gets settings.upload_max_mb within settings.upload_timeout, and so
  does the chat page's own file upload (POST /gradio_api/upload, where the 「知识库」 tab's documents
  go first) when management is open or `cookie` — the ADMIN_COOKIE the tab sets once the admin token
  is typed into it — is the admin token; any other request None (guard.py's own CHATBOT_MAX_BODY_KB and
  CHATBOT_BODY_TIMEOUT: a reader's uploads stay small; `too_large` says so, and how to send more);
- `check(offered, client, failures)` for a write: None to let it on, or (status, message, headers).
Rules:
- with CHATBOT_ADMIN_TOKEN set, every write needs `Authorization: Bearer <admin token>` — a header
  only, never the ?token= or cookie a browser might send on another page's behalf; wrong tokens count
  toward guard.py's per-client 429 (the right one still passes); the admin token also opens the
  reads under /api/kbs (`reads_with`), where the reading token does too;
- without it, management is open on a server bound to 127.0.0.1 / localhost / ::1 (behind
  CHATBOT_API_TOKEN when that is set, like every /api route) and off on any other address: writes get
  403 saying how to turn it on;
- writes count against settings.kb_rate_limit per client per minute (429), after the token check.
Shortcut: the limits are per process, like guard.py's.
"""
from __future__ import annotations

import hmac
import re
from urllib.parse import unquote

from .payload import Window

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
UPLOAD = re.compile(r"/api/kbs/[^/]+/documents/?")
READ_METHODS = ("GET", "HEAD", "OPTIONS")
PAGE_UPLOAD = "/gradio_api/upload"
ADMIN_COOKIE = "chatbot_admin"  # set by the page's 「知识库」 tab (kbwire.py); only ever widens PAGE_UPLOAD's limit


def cookie(scope, name: str) -> str:
    """The value of the cookie `name` the request carries, as sent; "" when none."""
    for key, value in scope["headers"]:
        if key == b"cookie":
            for part in value.decode("latin-1").split(";"):
                k, _, v = part.strip().partition("=")
                if k == name and v:
                    return v
    return ""


def under_kbs(path: str) -> bool:
    return path == "/api/kbs" or path.startswith("/api/kbs/")


class Management:
    def __init__(self, settings):
        self.settings = settings
        self.token = settings.admin_token.encode()
        self.open = not self.token and settings.host in LOCAL_HOSTS
        self.window = Window(settings.kb_rate_limit) if settings.kb_rate_limit else None

    def writes(self, method: str, path: str) -> bool:
        """A request that changes a knowledge base."""
        return method not in READ_METHODS and under_kbs(path)

    def limits(self, method: str, path: str, cookie: str = ""):
        """(max bytes, seconds, how to raise them) for an upload's body; None for any other request."""
        if method == "POST" and (UPLOAD.fullmatch(path) or (path == PAGE_UPLOAD and self.page_uploads(cookie))):
            s = self.settings
            return (int(s.upload_max_mb * 1024 * 1024), s.upload_timeout,
                    f"一次上传超过 {s.upload_max_mb:g} MB 的上限（CHATBOT_UPLOAD_MAX_MB）：请分几次上传。")
        return None

    def too_large(self, method: str, path: str) -> str:
        """The 413 message for a body over CHATBOT_MAX_BODY_KB: the page's uploads say how to send larger files."""
        kb = self.settings.max_body_kb
        if method == "POST" and path == PAGE_UPLOAD:
            if self.token:  # the admin cookie widens the limit (page_uploads)
                return f"上传的文件超过 {kb} KB：更大的文件须先在「知识库」页签输入管理员令牌、解锁管理后再上传。"
            return f"上传的文件超过 {kb} KB 的上限（CHATBOT_MAX_BODY_KB）：请分开上传或换小一些的文件。"
        return f"请求内容超过 {kb} KB 的上限（CHATBOT_MAX_BODY_KB）：请缩短后重试。"

    def page_uploads(self, cookie: str) -> bool:
        """May the page's file uploads be as large as the API's: management open, or the admin cookie right."""
        given = unquote(cookie or "")
        return self.open or (bool(self.token and given) and hmac.compare_digest(given.encode(), self.token))

    def reads_with(self, path: str, given: str) -> bool:
        """The admin token, offered to a read under /api/kbs (the reading token passes there too)."""
        return bool(self.token and given) and under_kbs(path) and hmac.compare_digest(given.encode(), self.token)

    def check(self, offered: tuple[str, str], client: str, failures: Window):
        """None when this write may go on (to the reading-token check when no admin token is set), else
        (status, message, headers)."""
        if not self.token and not self.open:
            return (403, f"知识库管理已关闭：服务器绑定在 {self.settings.host}，不是 127.0.0.1；设置 "
                         "CHATBOT_ADMIN_TOKEN（至少 16 个字符），并以 Authorization: Bearer <token> 发送，才能管理", None)
        if self.token:
            given, where = offered
            if not (where == "header" and hmac.compare_digest(given.encode(), self.token)):
                if given and not failures.hit(client):
                    return 429, "错误的令牌太多：请一分钟后再试。", {"Retry-After": "60"}
                return (401, "管理知识库需要管理员令牌：Authorization: Bearer <CHATBOT_ADMIN_TOKEN>",
                        {"WWW-Authenticate": "Bearer"})
        if self.window is not None and not self.window.hit(client):
            return (429, f"一分钟内对知识库的改动超过 {self.settings.kb_rate_limit} 次：请稍后再试。",
                    {"Retry-After": "60"})
        return None
