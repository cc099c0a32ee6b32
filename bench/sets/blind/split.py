"""Split each blind set of all/ into tune.jsonl and test.jsonl halves in <name>/ (fixed; rerunning writes the same).

    python bench/sets/blind/split.py [--root bench/sets/blind2] intranet fresh seed new offtopic

Stratified by (kind, lang): each stratum's questions are ordered by the SHA-256 of their id and dealt to tune and
test in turn; a stratum of odd size gives its extra question to tune and to test alternately, so the halves have
the same size.
"""
from __future__ import annotations

import collections
import hashlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def split(rows: list[dict]) -> dict[str, list[dict]]:
    """{"tune": [...], "test": [...]}, each ordered by id."""
    strata = collections.defaultdict(list)
    for r in rows:
        strata[(r["kind"], r["lang"])].append(r)
    halves: dict[str, list[dict]] = {"tune": [], "test": []}
    flip = 0
    for _, group in sorted(strata.items()):
        group.sort(key=lambda r: hashlib.sha256(r["id"].encode()).hexdigest())
        for i, r in enumerate(group):
            halves["tune" if (i + flip) % 2 == 0 else "test"].append(r)
        flip ^= len(group) % 2
    return {h: sorted(rs, key=lambda r: r["id"]) for h, rs in halves.items()}


if __name__ == "__main__":
    args = sys.argv[1:]
    root = Path(args[1]) if args[:1] == ["--root"] else HERE   # the set's folder (blind2: the second round)
    for name in args[2:] if args[:1] == ["--root"] else args:
        rows = [json.loads(line) for line in (root / "all" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
                if line.strip()]
        (root / name).mkdir(exist_ok=True)
        for half, chosen in split(rows).items():
            (root / name / f"{half}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen),
                                                      encoding="utf-8")
            print(name, half, len(chosen), "answerable", sum(bool(r["answers"]) for r in chosen))
