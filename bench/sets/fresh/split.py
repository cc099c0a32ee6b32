"""Split the fresh set's questions into fixed tune / test halves, stratified by kind.

    /work/main/.venv/bin/python bench/sets/fresh/split.py

Consumes: bench/sets/fresh/all.jsonl (every question, one JSON object a line, in the format of
chatbot/evaluate.py). Produces: tune.jsonl and test.jsonl beside it, each in id order, the lines
copied unchanged.
Rule: within each `kind`, questions are ordered by the SHA-1 of their question text and dealt
alternately to the two halves; the first card of a kind goes to `tune` for the 1st, 3rd, … kind in
alphabetical order and to `test` for the others, so odd-sized kinds do not all favour one side.
The split depends only on the question texts and kinds, never on the file's order or on any
system output. Shortcut: none; the file is a few hundred lines and is read whole.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """(tune, test) of question rows, each in id order. Example: len(split(rows)[0]) + len(split(rows)[1]) == len(rows)"""
    sides: dict[str, str] = {}
    for k, kind in enumerate(sorted({r["kind"] for r in rows})):
        group = sorted((r for r in rows if r["kind"] == kind),
                       key=lambda r: hashlib.sha1(r["question"].encode("utf-8")).hexdigest())
        for n, r in enumerate(group):
            sides[r["id"]] = "tune" if (n + k) % 2 == 0 else "test"
    ordered = sorted(rows, key=lambda r: r["id"])
    return [r for r in ordered if sides[r["id"]] == "tune"], [r for r in ordered if sides[r["id"]] == "test"]


def read(path: Path) -> list[dict]:
    """The JSON objects of a JSON Lines file, blank lines skipped."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    tune, test = split(read(HERE / "all.jsonl"))
    for name, rows in (("tune", tune), ("test", test)):
        (HERE / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows),
                                           encoding="utf-8")
        print(f"{name}.jsonl: {len(rows)} questions")


if __name__ == "__main__":
    main()
