"""Knowledge bases: several folders of documents, each with its own index, managed while the server runs.

Modules: names.py (valid KB and document names), store.py (where a KB lives; create, drop),
uploads.py (content checks, atomic writes), catalog.py (documents and chunks of a KB, from disk and
its current build), indexer.py (background rebuilds with progress), watch.py (folder sync),
service.py (`KnowledgeBases`, the interface the API, the page and the CLI call).
"""
from .names import DEFAULT_KB
from .service import KnowledgeBases
from .store import KB, find_kb

__all__ = ["DEFAULT_KB", "KB", "KnowledgeBases", "find_kb"]
