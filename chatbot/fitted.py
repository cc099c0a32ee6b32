"""Fitted parameter files shipped in chatbot/data (the run ranker, the focus model): reading and checking them.

Consumes: a JSON file written by a bench/train_*.py script ({"format_version", "features", "weights", …,
"manifest": {"embedding_model", …}}) and the retriever's index manifest. Produces: the parsed dict, checked
against the code's format version and feature names, or a typed error that names the script that refits it;
and whether an index was embedded by the model the parameters were fitted on (cosines of another model mean
something else, so callers fall back to their rules).
"""
from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from .errors import ChatbotError


def read_fitted(path: Path, error: type[ChatbotError], what: str, features: tuple[str, ...], format_version: int,
                script: str) -> tuple[dict, np.ndarray]:
    """(the file's JSON, its "weights" as a float64 array of len(features)); raises `error` when the file is
    missing or damaged, was fitted for another format or feature list, or its weights are not finite numbers."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"cannot read the {what} {path}: {exc}. Refit it with {script}") from None
    if data.get("format_version") != format_version or tuple(data.get("features", ())) != features:
        raise error(f"{path} was fitted for format {data.get('format_version')} and features {data.get('features')}; "
                    f"this code computes {list(features)} (format {format_version}): refit it with {script}")
    try:
        w = np.asarray(data.get("weights", []), dtype=np.float64)
    except (TypeError, ValueError):
        w = np.zeros(0)
    if w.shape != (len(features),) or not np.isfinite(w).all():
        raise error(f"{path}: weights must be {len(features)} finite numbers")
    return data, w


def fits_index(retriever, embedding_model: str) -> bool:
    """Whether the retriever's index was embedded by `embedding_model` (the backend suffix after "+" aside), or
    says nothing about its model."""
    manifest = getattr(retriever.index, "manifest", None) or {}
    index_model = str(manifest.get("model", ""))
    return not index_model or index_model.split("+")[0] == embedding_model.split("+")[0]
