"""The chat page's HTML head in Chinese and without Gradio's own preview card.

Consumes: the HTML responses of the Gradio app (page.py mounts it). Produces: `ChineseHead`, an ASGI
middleware that rewrites them: Gradio 6's templates/frontend/index.html opens with `<html lang="en">`
(screen readers then read the Chinese page with English rules, and browsers offer to translate it) and
announces the page as "Gradio" with "Click to try out the app!", a preview image on
raw.githubusercontent.com and the address https://gradio.app/ in its og:/twitter: meta tags (a chat link pasted into an intranet messenger
showed Gradio's card, and its preview fetched an image from the internet). The rewritten page says
lang="zh-CN", is titled 文档问答 with a Chinese description, and names no image, no address and no @Gradio.
Shortcuts: plain substitutions on the template's text, so a Gradio upgrade that rewords it leaves the
page as Gradio made it (tests/test_messages_zh.py fails then); responses that are not text/html pass
untouched and unbuffered.
"""
from __future__ import annotations

import re

TITLE = "文档问答"
DESCRIPTION = "向文档提问：答案是文档原文，注明出处与章节。"
_META = re.compile(r'\s*<meta\s+(?:property|name)="(og:image|og:url|twitter:image|twitter:creator)"[^>]*/?>')
_EMPTY = re.compile(r'(<meta\s+(?:property|name)="(?:og|twitter):description"\s+content=)""')
_CARD = ('content="Gradio"', f'content="{TITLE}"'), ('content="Click to try out the app!"', f'content="{DESCRIPTION}"'), \
    ('content="summary_large_image"', 'content="summary"')


def chinese_head(html: str) -> str:
    """`html` (a page of Gradio's) with lang="zh-CN" on its <html> tag, this product's title and description in
    the og:/twitter: tags (an empty description filled) and the image, og:url and @Gradio tags removed; any other
    text is returned unchanged.
    Example: chinese_head('<html lang="en"><meta property="og:title" content="Gradio" />')
             == '<html lang="zh-CN"><meta property="og:title" content="文档问答" />'"""
    html = re.sub(r'(<html\b[^>]*?\blang=)"en"', r'\1"zh-CN"', html, count=1)
    for old, new in _CARD:
        html = html.replace(old, new)
    return _META.sub("", _EMPTY.sub(rf'\1"{DESCRIPTION}"', html))


class ChineseHead:
    """ASGI middleware: every text/html response of `app` goes through `chinese_head` (its body buffered, its
    Content-Length recomputed); other responses, HEAD requests and websockets pass as they are."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope.get("method") == "HEAD":  # a HEAD's Content-Length is the GET's
            return await self.app(scope, receive, send)
        start, chunks = None, []

        async def rewrite(message):
            nonlocal start
            if message["type"] == "http.response.start":
                headers = dict(message.get("headers", []))
                if headers.get(b"content-type", b"").startswith(b"text/html") and b"content-encoding" not in headers:
                    start = message  # held until the whole body is here
                    return
            elif message["type"] == "http.response.body" and start is not None:
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = chinese_head(b"".join(chunks).decode("utf-8", "surrogateescape")).encode("utf-8", "surrogateescape")
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                await send({**start, "headers": headers + [(b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
            await send(message)

        await self.app(scope, receive, rewrite)
