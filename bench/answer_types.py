"""How well the answer types (chatbot/answertype.py) find the asked-for value, from saved `chatbot eval --details` files.

    python bench/answer_types.py DETAILS [DETAILS …]

For each answerable question that `answer_type` types and whose retrieved passages hold a gold answer, the first such
passage is cut into clauses (at ，；：。！？、 and line breaks). Recall: the clauses that overlap the answer hold a value
of the asked kind (`has_type`). False-positive rate: the share of the passage's other clauses that hold one too (a
type that every clause has tells the answer's clause from none). Prints, per kind (every 'number:<unit>' pooled), the
questions, recall and false-positive rate, and how many questions are typed at all.
Shortcuts: the answer's clause is found by its first occurrence in the passage; questions whose passages hold no gold
answer are skipped (a retrieval miss says nothing about types).
"""
from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CLAUSE = re.compile(r"[^，,；;：:。！？!?\n、]+[，,；;：:。！？!?\n、]?")


def main(paths: list[str]) -> None:
    from chatbot.answertype import answer_type, has_type
    from chatbot.evaluate import fold as squeeze   # whitespace removed, as `chatbot eval` matches answers

    stats: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])   # questions, recalled, other clauses, typed ones
    answerable = 0
    for path in paths:
        for row in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines()):
            if not row.get("answers"):
                continue
            answerable += 1
            kind = answer_type(row["question"])
            gold = [a for a in row["answers"] if a.strip()]
            passage = next((p["text"] for p in row.get("passages", []) if any(squeeze(a) in squeeze(p["text"]) for a in gold)), None)
            if not kind or passage is None:
                continue
            answer = next((a for a in gold if a in passage), None)
            if answer is None:           # held only once spaces are removed: no offsets to cut at
                continue
            start = passage.find(answer)
            inside, outside = [], []
            for m in CLAUSE.finditer(passage):
                (inside if m.start() < start + len(answer) and m.end() > start else outside).append(m.group())
            s = stats["number:*" if kind.startswith("number:") else kind]
            s[0] += 1
            s[1] += has_type(kind, "".join(inside))
            s[2] += len(outside)
            s[3] += sum(has_type(kind, c) for c in outside)
    print(f"answerable questions {answerable}, typed with the answer in a passage {sum(s[0] for s in stats.values())}")
    for kind, (n, hit, other, typed) in sorted(stats.items()):
        print(f"{kind:10} questions {n:5d}  recall {hit / n:.3f}  false-positive rate {typed / max(other, 1):.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
