"""Fitted parameter files shipped in chatbot/data (answerability, run ranker, focus): reading and checking them.

Consumes: a JSON file written by a bench/train_*.py script ({"format_version", "features", arrays of one
number per feature, scalars, "manifest": {"embedding_model", "data", "libraries", …}}) and a retriever's
index manifest. Produces: the checked file (its arrays as float64, its scalars as floats) or a typed error
that says what is wrong and which script refits it; and whether an index was embedded by the model the
parameters were fitted on (cosines of another model mean something else, so callers fall back to rules).
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np

from .errors import ChatbotError


def read_fitted(path: Path, error: type[ChatbotError], what: str, features: tuple[str, ...], format_version: int,
                script: str, arrays: tuple[str, ...] = ("weights",), scalars: tuple[str, ...] = ()
                ) -> tuple[dict, dict[str, np.ndarray], dict[str, float]]:
    """(the file's JSON, {name: float64 array of len(features)} for `arrays`, {name: float} for `scalars`).
    Raises `error` when the file is missing or not JSON, was written for another format version or feature
    list, an array is not len(features) finite numbers, a scalar is not a finite number, or the manifest
    does not name its embedding model. Example: read_fitted(p, RunRankerError, "run ranker", RUN_FEATURES, 1,
    "bench/train_run_ranker.py", scalars=("second_margin",))."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise error(f"cannot read the {what} {path}: {exc}. Refit it with {script}") from None
    if not isinstance(data, dict) or data.get("format_version") != format_version:
        found = data.get("format_version") if isinstance(data, dict) else type(data).__name__
        raise error(f"{path} has format {found}, this code reads {format_version}: refit it with {script}")
    if not isinstance(data.get("features"), list) or tuple(data["features"]) != features:
        raise error(f"{path} was fitted on features {data.get('features')}, this code computes {list(features)}: "
                    f"refit it with {script}")
    checked = {}
    for name in arrays:
        values = data.get(name)
        numbers_only = isinstance(values, list) and all(isinstance(v, (int, float)) and not isinstance(v, bool)
                                                        for v in values)
        try:
            a = np.asarray(values if numbers_only else [], dtype=np.float64)
        except OverflowError:   # an integer too large for a float
            a = np.zeros(0)
        if a.shape != (len(features),) or not np.isfinite(a).all():
            raise error(f"{path}: {', '.join(arrays)} must be {len(features)} finite numbers each ({name} is not): "
                        f"refit it with {script}")
        checked[name] = a
    numbers = {}
    for name in scalars:
        v = data.get(name)
        try:
            finite = not isinstance(v, bool) and isinstance(v, (int, float)) and math.isfinite(v)
        except OverflowError:   # an integer too large for a float
            finite = False
        if not finite:
            raise error(f"{path}: {name} must be a finite number, not {v!r}: refit it with {script}")
        numbers[name] = float(v)
    manifest = data.get("manifest")
    if not isinstance(manifest, dict) or not isinstance(manifest.get("embedding_model"), str):
        raise error(f"{path}: its manifest does not name the embedding model it was fitted on: refit it with {script}")
    return data, checked, numbers


def same_model(index_model: str, embedding_model: str) -> bool:
    """Whether two embedding model ids name the same model, whatever the backend after "+" (…+onnx, …+torch)."""
    return index_model.split("+")[0] == embedding_model.split("+")[0]


def fits_index(retriever, embedding_model: str) -> bool:
    """Whether the retriever's index was embedded by `embedding_model` (same_model), or says nothing about its model."""
    manifest = getattr(retriever.index, "manifest", None) or {}
    index_model = str(manifest.get("model", ""))
    return not index_model or same_model(index_model, embedding_model)
