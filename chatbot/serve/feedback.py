"""Thumbs up / down on answers, appended to a JSON Lines file and never rewritten.

Consumes: a rating with the question, the answer and its citations. Produces: one line in
settings.feedback_file: {"time", "rating", "question", "answer", "citations", "channel", "comment"}.
Each record is one write() on a file opened with O_APPEND, under a process-wide lock, then
flushed and fsync'ed: concurrent requests never interleave or lose lines.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

RATINGS = ("up", "down")
_lock = threading.Lock()


def record(path: Path, rating: str, question: str, answer: str, citations: list, channel: str,
           comment: str = "") -> dict:
    """Append one feedback record; returns it. Example: record(p, "up", "问题", "答案 [1]", [], "api")"""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rating": rating, "question": question,
             "answer": answer, "citations": citations, "channel": channel, "comment": comment}
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return entry
