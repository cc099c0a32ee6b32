"""The web server: the Gradio chat page, the JSON API, the embeddable widget, and their guards.

Consumes: a `ChatBot`. Produces: `create_app(bot, root_path="", lazy=False)`, one ASGI app, and
`launch(settings, root_path)`, which serves it. Modules: app.py (the app, its lifecycle, uvicorn),
api.py (/api/*, /embed, /docs), kbs.py (/api/kbs…: knowledge bases), page.py (the Gradio page) with
its 知识库 tab in kbwire.py (components), kbtab.py (handlers) and kbview.py (HTML), guard.py (token,
limits, hosts, CORS, security headers) and admin.py (who may manage knowledge bases), render.py
(answers as HTML), feedback.py (the feedback file), memory.py (malloc arenas), source.py (/source:
the cited originals; sourceview.py their HTML, pdfpage.py and quotematch.py PDF pages with the
quote's characters marked). Offline by design: Gradio's analytics off and the hub never asked.
"""
import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from .app import create_app, launch  # noqa: E402

__all__ = ["create_app", "launch"]
