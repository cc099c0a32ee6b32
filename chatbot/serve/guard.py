"""The checks in front of every route of the server: who may call, how often, how much, from where.

Consumes: the ASGI app and the Settings. Produces: `secure(app, settings)`, the same app wrapped in
these layers, outermost first:
  1. forwarded headers (X-Forwarded-For / -Proto), believed only from CHATBOT_TRUSTED_PROXIES
     (uvicorn's ProxyHeadersMiddleware; uvicorn's own default, trusting 127.0.0.1, is switched off);
  2. `Host` must name this server (the bound address, localhost, CHATBOT_ALLOWED_HOSTS): a page on
     another name that resolves here (DNS rebinding) gets 400; at most MAX_HEADERS headers and
     MAX_HEADER_BYTES of them (431);
  3. CORS on /api/* only, for the origins in CHATBOT_CORS_ORIGINS (none by default: the page, the
     widget's iframe and the docs are same-origin); Gradio's internal routes never get CORS;
  4. the access token (CHATBOT_API_TOKEN, at least 16 characters so that guessing is hopeless): a
     client over AUTH_FAILURES_PER_MINUTE wrong tokens gets 429 for each further wrong one (a right
     token still passes, so nobody can lock the users out by guessing); writes under /api/kbs need
     the admin token instead, or are off (admin.py);
     POSTs from another site's page (Origin, Sec-Fetch-Site) are refused (403) unless CORS names it;
  5. the per-client rate limit (CHATBOT_RATE_LIMIT) on /api/* (health exempt), /source/* and on every POST
     to Gradio's API (events, uploads), and a separate limit on /api/feedback;
  6. the body limit on the stream itself (CHATBOT_MAX_BODY_KB, uploads CHATBOT_UPLOAD_MAX_MB — the page's
     only for the admin, admin.py — chunked bodies, and a Content-Length beside Transfer-Encoding, are
     counted as they arrive; 413), the whole body within CHATBOT_BODY_TIMEOUT (uploads
     CHATBOT_UPLOAD_TIMEOUT; 408); JSON posted to Gradio's API is checked first (payload.py: no NaN, no
     lone surrogate, no file named by a URL) and Gradio's URL-fetching routes (file=http…, proxy=) are
     refused, so no request leaves the machine at a client's word; Gradio's error bodies are replaced
     by a short JSON message (its 422 echoes it);
  7. response headers: nosniff, a Referrer-Policy, and a Content-Security-Policy that keeps the
     page's requests on this server and lets only this server frame it (/embed names its own
     frame-ancestors).
Paths are compared without the root path (--root-path /qa), so the prefix changes nothing.
Shortcuts: the rate-limit windows live in this process (one server process; behind a load
balancer with several, each counts its own); errors are JSON {"error": …} in Chinese (what happened,
what to do), never echoing input; the page shows them in its toasts (static/page-zh.js).
"""
from __future__ import annotations

import hmac
import socket
from urllib.parse import parse_qs, urlsplit

from .admin import ADMIN_COOKIE, Management, cookie
from .payload import Window, gradio_problem, quiet_errors, read_body

LOOPBACK = ("127.0.0.1", "localhost", "::1")
WILDCARD = ("0.0.0.0", "::", "")
MAX_HEADERS = 100
MAX_HEADER_BYTES = 16 * 1024  # h11 bounds only a head that arrives in pieces; this bounds one that arrives whole
AUTH_FAILURES_PER_MINUTE = 10   # wrong tokens a client may try a minute before it gets 429
# reachable without the token: readiness for load balancers, and the widget's static shell, which holds
# no data (its API calls carry the token as a Bearer header; a cookie would not reach a cross-site iframe)
OPEN_PATHS = ("/api/health", "/embed", "/embed.js", "/embed-app.js")
# the page's own CSP: everything from this server (Gradio needs inline scripts and styles, data: and
# blob: images), nothing from anywhere else, framed only by this server
PAGE_CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; connect-src 'self'; "
            "worker-src 'self' blob:; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")


def allowed_hosts(settings) -> set[str] | None:
    """Host names this server answers to; None = any (CHATBOT_ALLOWED_HOSTS=*)."""
    named = {h.strip().lower().strip("[]") for h in settings.allowed_hosts.split(",") if h.strip()}
    if "*" in named:
        return None
    names = set(LOOPBACK) | named | {settings.host.lower().strip("[]")}
    if settings.host in WILDCARD:  # every name and address of this machine
        hostname = socket.gethostname()
        names |= {hostname.lower(), socket.getfqdn().lower()}
        try:
            names |= {info[4][0] for info in socket.getaddrinfo(hostname, None)}
        except OSError:
            pass
    return names - {""}


def host_name(netloc: str) -> str:
    """The host name of "host[:port]" or a URL, lower case; "" when it cannot be parsed ("[::1")."""
    try:
        return (urlsplit(netloc if "//" in netloc else "//" + netloc).hostname or "") if netloc else ""
    except ValueError:
        return ""


def route_path(scope) -> str:
    """The path without the root path: "/qa/api/ask" → "/api/ask" behind --root-path /qa."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] or "/" if root and path.startswith(root) else path


def refusal(status: int, message: str, headers: dict | None = None):
    from starlette.responses import JSONResponse

    return JSONResponse({"error": message}, status_code=status, headers=headers)


class Checks:
    """Layers 2 and 4–7 of the module docstring, as one pure ASGI middleware."""

    def __init__(self, app, settings, cors=None):
        self.app, self.settings, self.cors = app, settings, cors
        self.origins = {o.strip() for o in settings.cors_origins.split(",") if o.strip()}
        self.hosts = allowed_hosts(settings)
        self.token = settings.api_token.encode()
        self.requests = Window(settings.rate_limit) if settings.rate_limit else None
        self.feedback = Window(settings.feedback_rate_limit) if settings.feedback_rate_limit else None
        self.failures = Window(AUTH_FAILURES_PER_MINUTE)
        self.max_bytes = settings.max_body_kb * 1024
        self.admin = Management(settings)

    def limits(self, scope) -> tuple[int, float, str]:
        """(max bytes, seconds, the 413 message) for this request's body: uploads have their own (admin.py)."""
        method, path = scope.get("method", "GET"), route_path(scope)
        return self.admin.limits(method, path, cookie(scope, ADMIN_COOKIE)) or \
            (self.max_bytes, self.settings.body_timeout, self.admin.too_large(method, path))

    async def __call__(self, scope, receive, send):
        if scope["type"] not in ("http", "websocket"):
            return await self.app(scope, receive, send)
        problem = self.before_body(scope)
        if problem is None and scope["type"] == "http":
            problem, receive = await self.read_body(scope, receive)
        if problem is not None:
            if scope["type"] == "websocket":
                return await send({"type": "websocket.close", "code": 1008})
            return await problem(scope, receive, self.with_headers(scope, send))
        path = route_path(scope)
        app = self.cors if self.cors is not None and path.startswith("/api/") else self.app
        sending = self.with_headers(scope, send)
        await app(scope, receive, quiet_errors(sending) if path.startswith("/gradio_api/") else sending)

    def before_body(self, scope):
        """A refusal for anything wrong with the request head, or None."""
        headers = scope["headers"]
        if len(headers) > MAX_HEADERS or sum(len(k) + len(v) for k, v in headers) > MAX_HEADER_BYTES:
            return refusal(431, f"请求头太多或太大（最多 {MAX_HEADERS} 个、{MAX_HEADER_BYTES // 1024} KB）："
                                "请减少请求头，或清除这个网站的 Cookie 后重试。")
        name = host_name(next((v.decode("latin-1") for k, v in headers if k == b"host"), ""))
        if self.hosts is not None and name not in self.hosts:
            return refusal(400, "服务器不接受这个主机名：请用服务器的地址访问，或请管理员把它加入 CHATBOT_ALLOWED_HOSTS。")
        path, client = route_path(scope), (scope.get("client") or ("?",))[0]
        method = scope.get("method", "GET")
        max_bytes, _, too_large = self.limits(scope)
        length = next((v for k, v in headers if k == b"content-length"), b"0")
        if not length.strip().isdigit() or int(length) > max_bytes:  # the stream is counted too, in read_body
            return refusal(413, too_large)
        preflight = method == "OPTIONS" and any(k == b"access-control-request-method" for k, _ in headers)
        if preflight and self.cors is not None and path.startswith("/api/"):
            return None  # CORS answers it; a preflight carries no credentials
        if path.startswith("/gradio_api/") and any(m in path.lower() for m in ("/file=http", "/file=//", "/proxy=")):
            return refusal(403, "服务器不会替客户端获取其他地址的内容：请直接上传文件。")
        if method not in ("GET", "HEAD", "OPTIONS") and self.cross_site(scope, headers):
            return refusal(403, "拒绝来自其他网站页面的请求：如需允许，请管理员把那个网站的来源加入 CHATBOT_CORS_ORIGINS。")
        write = self.admin.writes(method, path)  # knowledge-base management: admin.py
        if write and (why := self.admin.check(self.offered(scope), client, self.failures)):
            return refusal(*why)
        given = self.offered(scope)[0] if self.token and path not in OPEN_PATHS and not (write and self.admin.token) else None
        if given is not None and not (given and (hmac.compare_digest(given.encode(), self.token)
                                                 or self.admin.reads_with(path, given))):
            if given and not self.failures.hit(client):  # over the limit: wrong tokens get 429 (a right one passes)
                return refusal(429, "错误的令牌太多：请一分钟后再试。", {"Retry-After": "60"})
            return refusal(401, "需要访问令牌：请以 Authorization: Bearer <token> 发送，或在网址后加 ?token=<token>。",
                           {"WWW-Authenticate": "Bearer"})
        counted = (path.startswith("/api/") and path != "/api/health") or path.startswith("/source/") or \
                  (path.startswith("/gradio_api/") and method == "POST")
        if counted and self.requests is not None and not self.requests.hit(client):
            limit = self.settings.rate_limit
            return refusal(429, f"一分钟内的请求超过 {limit} 次：请稍后再试。", {"Retry-After": "60"})
        if path == "/api/feedback" and self.feedback is not None and not self.feedback.hit(client):
            return refusal(429, "反馈太频繁：请一分钟后再试。", {"Retry-After": "60"})
        return None

    def offered(self, scope) -> tuple[str, str]:
        """(the token the request carries, where: "header" | "query" | "cookie" | "")."""
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        scheme, _, credential = headers.get("authorization", "").strip().partition(" ")
        if scheme.lower() == "bearer" and credential.strip():
            return credential.strip(), "header"
        query = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("token", [""])[0]
        if query:
            return query, "query"
        value = cookie(scope, "chatbot_token")
        return (value, "cookie") if value else ("", "")

    def cross_site(self, scope, headers) -> bool:
        """True for a state-changing request sent by a page of another origin that CORS does not name."""
        values = {k.decode(): v.decode("latin-1") for k, v in headers if k in (b"origin", b"host", b"sec-fetch-site")}
        origin = values.get("origin")
        if origin is None:
            return values.get("sec-fetch-site") == "cross-site"
        # host names, not ports: a proxy may forward Host without the port the browser saw
        same = host_name(origin) != "" and host_name(origin) == host_name(values.get("host", ""))
        allowed = self.cors is not None and route_path(scope).startswith("/api/") and origin in self.origins
        return not same and not allowed

    async def read_body(self, scope, receive):
        """(refusal or None, a receive that replays the body): the whole body is read here (payload.py)."""
        max_bytes, timeout, too_large = self.limits(scope)
        parts, problem = await read_body(receive, max_bytes, timeout, too_large)
        if problem is not None:
            return refusal(*problem), receive
        headers = dict(scope["headers"])
        body = b"".join(p.get("body", b"") for p in parts if p["type"] == "http.request")
        if route_path(scope).startswith("/gradio_api/") and b"json" in headers.get(b"content-type", b"") \
                and body.strip():  # the page's GETs say JSON and carry nothing
            why = gradio_problem(body)
            if why:
                return refusal(400, why), receive

        async def replay():
            return parts.pop(0) if parts else await receive()
        return None, replay

    def with_headers(self, scope, send):
        """`send` adding the security headers, and the token cookie after a valid ?token=."""
        path = route_path(scope)
        https = scope.get("scheme") in ("https", "wss")
        cookie = None
        if self.token:
            given, where = self.offered(scope)
            if where == "query" and hmac.compare_digest(given.encode(), self.token):
                cookie = (f"chatbot_token={given}; HttpOnly; SameSite=Lax; Path={scope.get('root_path') or '/'}"
                          + ("; Secure" if https else ""))

        async def sending(message):
            if message["type"] == "http.response.start":
                headers = message.setdefault("headers", [])
                present = {k.lower() for k, _ in headers}
                extra = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"same-origin")]
                if path != "/embed":  # /embed sends its own frame-ancestors
                    extra += [(b"content-security-policy", PAGE_CSP.encode()), (b"x-frame-options", b"SAMEORIGIN")]
                headers += [(k, v) for k, v in extra if k not in present]
                if cookie and message.get("status", 200) < 400:
                    headers.append((b"set-cookie", cookie.encode("latin-1")))
            await send(message)
        return sending


def secure(app, settings):
    """`app` wrapped in the layers of the module docstring (an ASGI app; lifespan passes through)."""
    from starlette.middleware.cors import CORSMiddleware

    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    cors = CORSMiddleware(app, allow_origins=origins, allow_methods=["GET", "POST"],
                          allow_headers=["Content-Type", "Authorization"]) if origins else None
    guarded = Checks(app, settings, cors)
    proxies = [p.strip() for p in settings.trusted_proxies.split(",") if p.strip()]
    if proxies:
        from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

        return ProxyHeadersMiddleware(guarded, trusted_hosts=proxies)
    return guarded

