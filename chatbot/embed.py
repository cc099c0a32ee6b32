"""Deprecated location of the embedder: it lives in chatbot/embedding/ (embedder.py).

Kept only because tests/test_robustness.py (the serving work under way) still imports
`chatbot.embed`; delete this file once that import reads `from chatbot.embedding import SentenceEmbedder`.
"""
from .embedding.embedder import SentenceEmbedder

__all__ = ["SentenceEmbedder"]
