"""Measure retrieval and answers against a question set (JSON Lines).

Consumes: a question file — one `{"id", "question", "answers": [verbatim strings], "source"?,
"section"?, "history"?, …}` a line; `"answers": []` marks a question the corpus cannot answer, and `"history"` (the
questions asked before it, oldest first: strings, or /api/ask's {"question", "answer"} turns) makes it a follow-up,
asked as the page and the API ask one — and a
`ChatBot`. Produces: per-question records and the metrics:
hit@1/3/5/10 and mrr@10 (a passage hits when it comes from the question's `source`, if given,
and contains an answer verbatim, whitespace folded), answer_hit (the quoted answer contains an
answer string), first_citation_hit (the FIRST citation's quote contains an answer string and comes
from `source`, if given: what a reader sees first), focus_hit (the same for the first citation's
bold focus), mean_focus_chars, abstain_unanswerable, abstain_near_miss and abstain_off_topic
(unanswerable questions of kind `off_topic`, and all the others), false_abstain, mean answer /
passage characters, and latency p50/p95. Bad lines are reported with their line number; the others still count.
"""
from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .answer import to_dict
from .errors import QuestionError

KS = (1, 3, 5, 10)


@dataclass(frozen=True)
class Question:
    id: str
    question: str
    answers: list[str]
    source: str | None
    extra: dict


def fold(text: str) -> str:
    """Whitespace removed, for verbatim matching that ignores line breaks and spacing."""
    return re.sub(r"\s+", "", text)


def load_questions(path: Path) -> tuple[list[Question], list[str]]:
    """Questions, and one error message per bad line, in Chinese: the page's 检索测试 tab shows them
    ("第 7 行：缺少字段 answers"). A file that is not UTF-8 is one message naming the first bad line."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        n = raw[:exc.start].count(b"\n") + 1
        return [], [f"第 {n} 行：不是 UTF-8 编码的文本：请把文件另存为 UTF-8 后再试"]
    if text.lstrip().startswith("[") and "\n" in text.strip():   # a JSON array over lines: each would be judged alone
        try:
            whole = json.loads(text)
        except (ValueError, RecursionError):
            whole = None
        if isinstance(whole, list):
            return [], ["整个文件是一个 JSON 数组：问题集须为每行一个 JSON 对象（JSON Lines，.jsonl）"]
    questions, errors = [], []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), 1):  # as open() reads lines
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except RecursionError:   # nested deeper than json can parse
            errors.append(f"第 {n} 行：嵌套太深，不是一个问题")
            continue
        except ValueError as exc:  # json's own words are English: say where instead
            col = f"第 {exc.colno} 列" if isinstance(exc, json.JSONDecodeError) else ""
            errors.append(f"第 {n} 行：不是有效的 JSON{f'（{col}）' if col else ''}")
            continue
        if not isinstance(row, dict):
            errors.append(f"第 {n} 行：不是 JSON 对象（每行须为一个 {{\"id\", \"question\", \"answers\"}} 对象）")
            continue
        missing = [k for k in ("id", "question", "answers") if k not in row]
        if missing:
            errors.append(f"第 {n} 行：缺少字段 {'、'.join(missing)}")
        elif not isinstance(row["question"], str) or not row["question"].strip():
            errors.append(f"第 {n} 行：question 须为非空字符串")
        elif not isinstance(row["id"], (str, int)) or isinstance(row["id"], bool):
            errors.append(f"第 {n} 行：id 须为字符串或整数")
        elif not isinstance(row["answers"], list) or not all(isinstance(a, str) for a in row["answers"]):
            errors.append(f"第 {n} 行：answers 须为字符串列表（文档无法回答的问题写 []）")
        elif "history" in row and _history(row["history"]) is None:
            errors.append(f"第 {n} 行：history 须为列表（这个追问之前的问题，先问的在前：字符串，"
                          f"或 /api/ask 的 {{\"question\": …}} 对象）")
        else:
            extra = {k: v for k, v in row.items() if k not in ("id", "question", "answers", "source")}
            if "history" in extra:
                extra["history"] = _history(extra["history"])
            questions.append(Question(str(row["id"]), str(row["question"]), row["answers"], row.get("source"), extra))
    return questions, errors


def _history(value) -> list[str] | None:
    """A question set's "history" as the earlier questions (strings, or /api/ask's turns {"question", "answer"?}); None
    when it is neither."""
    if not isinstance(value, list):
        return None
    asked = [h.get("question") if isinstance(h, dict) else h for h in value]
    return asked if all(isinstance(h, str) for h in asked) else None


def passage_hits(q: Question, passages: list[dict]) -> list[bool]:
    answers = [fold(a) for a in q.answers if fold(a)]
    return [(q.source is None or p["source"] == q.source) and any(a in fold(p["text"]) for a in answers)
            for p in passages]


def first_citation(d: dict) -> tuple[dict | None, str, str]:
    """(first citation, its quote, its bold focus) of a details record; (None, "", "") when it abstained."""
    if d.get("abstained") or not d.get("citations"):
        return None, "", ""
    c = d["citations"][0]
    quote = c.get("quote", "")
    fs, fe, start = c.get("focus_start", -1), c.get("focus_end", -1), c.get("start", 0)
    focus = quote[fs - start:fe - start] if 0 <= fs < fe else quote
    return c, quote, focus


def _holds(q: Question, citation: dict | None, text: str) -> bool:
    """The citation comes from the question's source (if given) and `text` holds an answer verbatim."""
    return (citation is not None and (q.source is None or citation.get("source") == q.source)
            and any(fold(a) in fold(text) for a in q.answers if fold(a)))


def evaluate(bot, questions: list[Question], progress=None) -> tuple[dict, list[dict]]:
    """(metrics, details): details has one record per question in `chatbot ask --json` shape."""
    details = []
    for q in questions:
        started = time.perf_counter()
        try:
            history = q.extra.get("history")   # a follow-up is asked after its earlier questions, as the page asks it
            result = to_dict(bot.ask(q.question, history) if history else bot.ask(q.question))
        except QuestionError as exc:  # a question the bot refuses (empty) still counts, as an abstention;
            # any other error (a damaged model file, a broken index) stops the evaluation instead of
            # being scored as one abstention per question
            result = {"answer": str(exc), "abstained": True, "citations": [], "passages": [], "error": str(exc)}
        result["latency_ms"] = round((time.perf_counter() - started) * 1000, 2)
        row = {"id": q.id, "question": q.question, "answers": q.answers, "source": q.source,
               **q.extra, **{k: v for k, v in result.items() if k != "question"}}
        if q.answers:  # the per-question verdicts behind first_citation_hit and focus_hit
            c, quote, focus = first_citation(row)
            row["first_citation_hit"], row["focus_hit"] = _holds(q, c, quote), _holds(q, c, focus)
        details.append(row)
        if progress:
            progress(1)
    return metrics(questions, details), details


def metrics(questions: list[Question], details: list[dict]) -> dict:
    """The metrics over whole set, and broken down by `kind` and `lang` when the questions have them."""
    out = _metrics(questions, details)
    for field in ("kind", "lang"):
        groups = sorted({str(q.extra[field]) for q in questions if field in q.extra})
        if groups:
            out[f"by_{field}"] = {g: _metrics(*zip(*[(q, d) for q, d in zip(questions, details)
                                                     if str(q.extra.get(field)) == g])) for g in groups}
    return out


def _metrics(questions, details) -> dict:
    answerable = [(q, d) for q, d in zip(questions, details) if q.answers]
    unanswerable = [d for q, d in zip(questions, details) if not q.answers]
    off_topic = [d for q, d in zip(questions, details) if not q.answers and q.extra.get("kind") == "off_topic"]
    near_miss = [d for q, d in zip(questions, details) if not q.answers and q.extra.get("kind") != "off_topic"]
    out = {"questions": len(questions), "answerable": len(answerable), "unanswerable": len(unanswerable)}
    if answerable:
        firsts = []
        for q, d in answerable:
            hits = passage_hits(q, d["passages"][:10])
            firsts.append(hits.index(True) + 1 if True in hits else None)
        for k in KS:
            out[f"hit@{k}"] = _mean([f is not None and f <= k for f in firsts])
        out["mrr@10"] = _mean([1 / f if f else 0.0 for f in firsts])
        answered = [(q, d) for q, d in answerable if not d["abstained"]]
        out["answer_hit"] = _mean([any(fold(a) in fold(" ".join(c["quote"] for c in d["citations"]))
                                       for a in q.answers if fold(a)) and not d["abstained"] for q, d in answerable])
        firsts_ = [(q, *first_citation(d)) for q, d in answerable]
        out["first_citation_hit"] = _mean([_holds(q, c, quote) for q, c, quote, _ in firsts_])
        out["focus_hit"] = _mean([_holds(q, c, focus) for q, c, _, focus in firsts_])
        out["mean_focus_chars"] = _mean([len(focus) for _, c, _, focus in firsts_ if c is not None])
        out["false_abstain"] = _mean([d["abstained"] for _, d in answerable])
        out["mean_answer_chars"] = _mean([sum(len(c["quote"]) for c in d["citations"]) for _, d in answered])
        out["mean_passage_chars"] = _mean([len(p["text"]) for _, d in answerable for p in d["passages"][:10]])
    if unanswerable:
        out["abstain_unanswerable"] = _mean([d["abstained"] for d in unanswerable])
    if near_miss:
        out["abstain_near_miss"] = _mean([d["abstained"] for d in near_miss])
    if off_topic:
        out["abstain_off_topic"] = _mean([d["abstained"] for d in off_topic])
    lat = [d["latency_ms"] for d in details]
    if lat:
        out["latency_p50_ms"] = round(float(np.percentile(lat, 50)), 1)
        out["latency_p95_ms"] = round(float(np.percentile(lat, 95)), 1)
    return out


def _mean(values) -> float:
    values = [float(v) for v in values]
    return round(sum(values) / len(values), 4) if values else 0.0
