"""Split the public benchmarks' question sets into fixed tune / test halves.

    python bench/split_sets.py [--benchmarks ../shared/benchmarks]

Consumes: `<benchmark>/questions.jsonl` of cmrc2018-trial and drcd-dev. Produces
`bench/sets/<benchmark>/{tune,test}.jsonl` (the questions themselves, unchanged; CC BY-SA, see
the benchmark's SOURCE.md). A question goes to `tune` when the SHA-1 of its id is even, so the
split never depends on the file's order and a question never changes side. Constants and models
are fitted on `tune` only; CI and reports give `test`.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ("cmrc2018-trial", "drcd-dev")


def side(qid: str) -> str:
    """'tune' or 'test' for a question id. Example: side("TRIAL_800_QUERY_0") in ("tune", "test")"""
    return "tune" if int(hashlib.sha1(qid.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "test"


@click.command()
@click.option("--benchmarks", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=ROOT.parent / "shared" / "benchmarks")
def main(benchmarks: Path) -> None:
    for name in BENCHMARKS:
        lines = [l for l in (benchmarks / name / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
        out = ROOT / "bench" / "sets" / name
        out.mkdir(parents=True, exist_ok=True)
        parts = {"tune": [], "test": []}
        for line in lines:
            parts[side(str(json.loads(line)["id"]))].append(line)
        for part, rows in parts.items():
            (out / f"{part}.jsonl").write_text("\n".join(rows) + "\n", encoding="utf-8")
        click.echo(f"{name}: tune {len(parts['tune'])}, test {len(parts['test'])}")


if __name__ == "__main__":
    main()
