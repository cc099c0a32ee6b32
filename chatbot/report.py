"""A readable evaluation report: Markdown with a PNG chart and the failed questions.

Consumes: the metrics and per-question details from evaluate.py. Produces: `DIR/report.md`
and `DIR/chart.png` (the hit@k curve, and hit@5 / answer_hit by kind when questions have one).
Shortcut: matplotlib's Agg backend, no interactive display.
"""
from __future__ import annotations

from pathlib import Path

from .evaluate import KS, fold

SUMMARY = ["questions", "answerable", "unanswerable", "hit@1", "hit@3", "hit@5", "hit@10", "mrr@10", "answer_hit",
           "mean_answer_chars", "mean_passage_chars", "abstain_unanswerable", "false_abstain",
           "latency_p50_ms", "latency_p95_ms"]


CJK_FONTS = ("WenQuanYi Micro Hei", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC")
WORDS_ZH = {"hit@k": "前 k 个段落的命中率（hit@k）", "by kind": "按问题类型", "answer_hit": "答案命中", "abstain": "拒答"}


def chart(metrics: dict, path: Path, chinese: bool = False) -> Path:
    """hit@k curve beside a per-kind bar chart; `chinese`: titles and legend in Chinese when matplotlib finds a CJK
    font (CJK_FONTS: fonts-wqy-microhei, which `make test` installs), else in English (the page's 检索测试 tab asks
    for Chinese; breaker H found its chart all English)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    font = None
    for name in CJK_FONTS if chinese else ():
        try:
            font = font_manager.findfont(name, fallback_to_default=False)
            break
        except ValueError:
            continue
    word = (lambda w: WORDS_ZH.get(w, w)) if font else (lambda w: w)
    family = [font_manager.FontProperties(fname=font).get_name()] if font else plt.rcParams["font.family"]
    with plt.rc_context({"font.family": family}):
        kinds = metrics.get("by_kind", {})
        fig, axes = plt.subplots(1, 2 if kinds else 1, figsize=(11 if kinds else 5.5, 4), squeeze=False)
        ax = axes[0][0]
        ax.plot(KS, [metrics.get(f"hit@{k}", 0) for k in KS], marker="o")
        ax.set(xlabel="k", ylabel="hit@k", ylim=(0, 1.02), xticks=KS, title=word("hit@k"))
        ax.grid(alpha=.3)
        if kinds:
            ax = axes[0][1]
            names = sorted(kinds)
            xs = range(len(names))
            ax.bar([x - .2 for x in xs], [kinds[n].get("hit@5", 0) for n in names], width=.4, label="hit@5")
            ax.bar([x + .2 for x in xs], [kinds[n].get("answer_hit", 0) for n in names], width=.4, label=word("answer_hit"))
            # a kind of unanswerable questions only (near_miss, off_topic) has no hit@5: its abstention rate instead
            ax.bar(list(xs), [kinds[n].get("abstain_unanswerable", 0) if not kinds[n].get("answerable") else 0 for n in names],
                   width=.4, label=word("abstain"), color="tab:gray")
            ax.set_xticks(list(xs), names, rotation=30, ha="right")
            ax.set(ylim=(0, 1.05), title=word("by kind"))
            ax.legend(loc="lower right")
        fig.tight_layout()
        fig.savefig(path, dpi=110)
        plt.close(fig)
    return path


WHY_ZH = {"answered an unanswerable question": "不可回答，却作答了", "abstained": "可回答，却拒答了",
          "no answer passage in the top 5": "前 5 个段落都不含答案", "quote misses the answer": "引文不含答案",
          "first citation misses the answer": "第一条引文不含答案（后面的引文才有）"}
"""The page's words for each `why` of `failures` (report.md keeps the English ones)."""


def failures(details: list[dict]) -> list[dict]:
    """Questions answered wrongly: answerable with no hit in the top 5 or a quote without the answer,
    or unanswerable but answered. Each gets a `why`, one of WHY_ZH's keys."""
    out = []
    for d in details:
        answers = [fold(a) for a in d["answers"] if fold(a)]
        quote = fold(" ".join(c["quote"] for c in d["citations"]))
        if not answers:
            if not d["abstained"]:
                out.append({**d, "why": "answered an unanswerable question"})
            continue
        in_top5 = any((d.get("source") in (None, p["source"])) and any(a in fold(p["text"]) for a in answers)
                      for p in d["passages"][:5])
        if d["abstained"]:
            out.append({**d, "why": "abstained"})
        elif not in_top5:
            out.append({**d, "why": "no answer passage in the top 5"})
        elif not any(a in quote for a in answers):
            out.append({**d, "why": "quote misses the answer"})
        elif d.get("first_citation_hit") is False:   # evaluate's verdict for this question (breaker H)
            out.append({**d, "why": "first citation misses the answer"})
    return out


def _cell(text: str) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_report(metrics: dict, details: list[dict], folder: Path, title: str = "Evaluation") -> Path:
    """Write report.md and chart.png into folder; return the report's path."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    chart(metrics, folder / "chart.png")
    lines = [f"# {title}", "", "| metric | value |", "|---|---|"]
    lines += [f"| {k} | {metrics[k]} |" for k in SUMMARY if k in metrics]
    lines += ["", "![hit@k and breakdown](chart.png)", ""]
    for field in ("by_kind", "by_lang"):
        if field in metrics:
            lines += [f"## {field.replace('_', ' ')}", "", "| group | n | hit@1 | hit@5 | answer_hit | abstain_unanswerable | false_abstain |",
                      "|---|---|---|---|---|---|---|"]
            for g, m in sorted(metrics[field].items()):
                lines.append(f"| {_cell(g)} | {m['questions']} | {m.get('hit@1', '')} | {m.get('hit@5', '')} | "
                             f"{m.get('answer_hit', '')} | {m.get('abstain_unanswerable', '')} | {m.get('false_abstain', '')} |")
            lines.append("")
    failed = failures(details)
    lines += [f"## Failed questions ({len(failed)})", "", "| id | question | expected | why | answer | top passage |",
              "|---|---|---|---|---|---|"]
    for d in failed:
        top = {"section": "", "text": "", **(d["passages"][0] if d["passages"] else {})}
        lines.append(f"| {_cell(d['id'])} | {_cell(d['question'])} | {_cell(' / '.join(d['answers']) or '(unanswerable)')} | "
                     f"{d['why']} | {_cell(d['answer'])} | {_cell(top['section'])}: {_cell(top['text'][:80])} |")
    path = folder / "report.md"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
