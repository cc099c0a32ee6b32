"""Thumbs up / down on answers, appended to a JSON Lines file and never rewritten.

Consumes: a rating with the question, the answer and its citations. Produces: one line in
settings.feedback_file: {"time", "rating", "question", "answer", "citations", "channel", "comment"}.
Each record is one write() on a file opened with O_APPEND, under a process-wide lock, then
flushed and fsync'ed: concurrent requests never interleave or lose lines. Records are
ASCII-escaped JSON (no raw U+2028/U+2029/U+0085, which `str.splitlines()` would split), at most
MAX_RECORD_BYTES each; once the file holds settings.feedback_max_mb, new records are refused
(FeedbackFull) and the file is left as it is for an administrator to move away.
Read it as JSONL readers do: `for line in open(path, encoding="utf-8")`, one record a line.
"""
from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from ..errors import ChatbotError

RATINGS = ("up", "down")
MAX_RECORD_BYTES = 256 * 1024  # the API's field caps keep a record under 150 KB
_lock = threading.Lock()


class FeedbackFull(ChatbotError):
    """The feedback file reached its size cap, or one record is over MAX_RECORD_BYTES."""


def record(path: Path, rating: str, question: str, answer: str, citations: list, channel: str,
           comment: str = "", max_mb: float = 100.0) -> dict:
    """Append one feedback record; returns it. Example: record(p, "up", "问题", "答案 [1]", [], "api")
    Raises ValueError for an unknown rating, FeedbackFull over the record or file cap."""
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}, not {rating!r}")
    entry = {"time": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "rating": rating, "question": question,
             "answer": answer, "citations": citations, "channel": channel, "comment": comment}
    line = (json.dumps(entry, ensure_ascii=True) + "\n").encode("ascii")
    if len(line) > MAX_RECORD_BYTES:
        raise FeedbackFull(f"一条反馈最多 {MAX_RECORD_BYTES // 1024} KB：请缩短后再发送。")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with _lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            if os.fstat(fd).st_size + len(line) > max_mb * 1024 * 1024:
                raise FeedbackFull(f"反馈文件 {path.name} 已满（{max_mb:g} MB），这条反馈没有记下：请管理员把它移走"
                                   "（CHATBOT_FEEDBACK_MAX_MB）。")
            os.write(fd, line)
            os.fsync(fd)
        finally:
            os.close(fd)
    return entry


def read(path: Path) -> list[dict]:
    """Every record of a feedback file, oldest first (split on "\\n" only, as JSONL readers do)."""
    with open(path, encoding="utf-8", newline="\n") as f:
        return [json.loads(line) for line in f if line.strip()]
