"""The web chat and the API: `python ui.py [--host H] [--port P] [--root-path /prefix]`.

The same as `chatbot serve`: the chat page at `/`, the JSON API under `/api/`, docs at `/docs`.
Everything lives in chatbot/serve/ (app.py: the app and its lifecycle; page.py: the Gradio page;
api.py: the API; guard.py: the checks in front of both).
"""
import sys

from chatbot.serve import create_app, launch  # noqa: F401  (benchmarks and tests start the app from here)

if __name__ == "__main__":
    from chatbot.cli import main

    main(["serve", *sys.argv[1:]])
