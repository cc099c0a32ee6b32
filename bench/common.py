"""Helpers shared by the runtime benchmarks (build.py, query.py, coldstart.py).

Consumes: `--variant NAME:VAR=VALUE,VAR=VALUE` strings and timing samples. Produces: child-process
environments per variant, percentiles and a plain-text table. Each variant runs in its own child
process with its CHATBOT_* variables set, so variants that change the embedding backend or the
index type (once those settings exist) are measured side by side in the same run.
"""
from __future__ import annotations

import json
import math
import os
import platform
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SEED_QUESTIONS = ROOT / "corpus" / "questions" / "seed.jsonl"
CMRC = ROOT.parent / "shared" / "benchmarks" / "cmrc2018-trial"


def parse_variant(spec: str) -> tuple[str, dict]:
    """Example: parse_variant("onnx:CHATBOT_EMBED_BACKEND=onnx-int8") == ("onnx", {"CHATBOT_EMBED_BACKEND": "onnx-int8"})"""
    name, _, assigns = spec.partition(":")
    env = {}
    for pair in filter(None, assigns.split(",")):
        key, eq, value = pair.partition("=")
        if not eq or not (key.startswith("CHATBOT_") or key == "PYTHONPATH"):
            raise SystemExit(f"bad --variant {spec!r}: expected NAME:CHATBOT_VAR=VALUE[,CHATBOT_VAR=VALUE]")
        env[key] = value
    return name or "default", env


def variants(specs: tuple[str, ...]) -> list[tuple[str, dict]]:
    return [parse_variant(s) for s in specs] or [("default", {})]


def child_env(extra: dict) -> dict:
    """The environment of a child run: ours, the variant's variables, and this worktree first on the path
    (or the checkout named by a variant's PYTHONPATH, to compare code versions: see child_root)."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join([str(child_root(extra)), *filter(None, [os.environ.get("PYTHONPATH")])])
    return env


def child_root(extra: dict) -> Path:
    """The checkout a child runs from (its working directory, which `python -m` puts first on sys.path)."""
    return Path(extra.get("PYTHONPATH", ROOT))


def run_json(args: list[str], extra_env: dict, timeout: float = 3600) -> dict:
    """Run a child python command and return the JSON object on its last stdout line."""
    done = subprocess.run([PYTHON, *args], env=child_env(extra_env), cwd=ROOT, capture_output=True,
                          text=True, timeout=timeout)
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"child {' '.join(args)} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def pct(values: list[float], q: float) -> float:
    """Nearest-rank percentile. Example: pct([1, 2, 3, 4], 50) == 2"""
    xs = sorted(values)
    return xs[max(0, min(len(xs), math.ceil(q / 100 * len(xs))) - 1)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def table(rows: list[dict], columns: list[str]) -> str:
    """A Markdown table of the given columns."""
    out = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    out += ["| " + " | ".join(str(r.get(c, "")) for c in columns) + " |" for r in rows]
    return "\n".join(out)


def machine() -> str:
    """One line naming the machine, printed above every result table."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    mem = next(int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
               if line.startswith("MemTotal"))
    return f"{os.cpu_count()} cores ({cpu}), {mem // 1024} GB RAM, Python {platform.python_version()}, load {os.getloadavg()[0]:.1f}"
