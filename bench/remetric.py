"""Recompute `chatbot eval` metrics from saved --details files (after a metric was added).

    python bench/remetric.py QUESTIONS DETAILS [QUESTIONS DETAILS …]

Prints one JSON line of the headline metrics per pair (by_kind/by_lang left out, except English hit@1).
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
KEYS = ("hit@1", "hit@5", "answer_hit", "first_citation_hit", "focus_hit", "mean_focus_chars", "mean_answer_chars",
        "false_abstain", "abstain_near_miss", "abstain_off_topic", "latency_p50_ms")


def main(args: list[str]) -> None:
    from chatbot.evaluate import load_questions, metrics

    for qpath, dpath in zip(args[::2], args[1::2]):
        qs = load_questions(Path(qpath))[0]
        rows = {str(r["id"]): r for r in map(json.loads, Path(dpath).read_text(encoding="utf-8").splitlines())}
        m = metrics(qs, [rows[q.id] for q in qs])
        out = {k: m[k] for k in KEYS if k in m}
        en = m.get("by_kind", {}).get("english")
        if en:
            out["english_hit@1"] = en["hit@1"]
        print(Path(dpath).stem, json.dumps(out))


if __name__ == "__main__":
    main(sys.argv[1:])
