"""Every tune set through the bot, in one process, and two such runs compared: what a change to answers does on tune.

    python bench/tune_probe.py run OUT.jsonl [--index-root /tmp/probe-idx] [--sets 'brkA?']
    python bench/tune_probe.py run OUT.jsonl --switch [...]
    python bench/tune_probe.py run OUT.jsonl --lang en [...]
    python bench/tune_probe.py compare BEFORE.jsonl AFTER.jsonl [--rows]
    python bench/tune_probe.py refusals PROBE.jsonl

`run` consumes the tune halves named in bench/sets/answerability_tune.tsv (name, question file with {half}, corpus,
`fitted` when bench/train_answerability.py fits on it) and the breakers' sets (bench/sets/breakers/*/tune.jsonl, tune
data only), builds one bot per corpus with its index under --index-root (a fresh folder gives fresh indexes: an index
updated in place answers differently, README "Quality", session 33) and writes evaluate's per-question rows (the
`chatbot eval --details` fields) with the set's name added. `compare` prints, per group of sets (fitted, unfitted,
cmrc, breakers), answerable questions answered, first citations and focus hits, and near-miss and off-topic questions
refused, before → after; `--rows` lists every question whose answer changed. `--switch` asks every question that has
no history of its own after the next question of its set that cites another file (its history: a chat that changes
topic), so `compare` of a plain run and a --switch run shows what a previous question on something else costs, and
of two --switch runs what a change to follow-ups does to questions that are none. `refusals` counts one probe's
abstentions by their `refused_by` (the learned decision, or the content rule that refused: chatbot/refusals.py). Never run on test halves.
Shortcut: a run takes about ten minutes on this 2-core machine (4,500 questions); the corpora's paths are relative to
the repository root, CMRC's to ../shared.
"""
from __future__ import annotations

import dataclasses
import fnmatch
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
SETS = ROOT / "bench" / "sets" / "answerability_tune.tsv"


def tune_sets() -> list[tuple[str, Path, Path, bool]]:
    """(name, question file, corpus folder, fitted) of every tune set probed."""
    out = []
    for line in SETS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, questions, corpus, *rest = line.split("\t")
            out.append((name, ROOT / questions.format(half="tune"), (ROOT / corpus).resolve(), rest == ["fitted"]))
    for folder in sorted((ROOT / "bench" / "sets" / "breakers").iterdir()):
        if (folder / "tune.jsonl").is_file():
            out.append((f"brk{folder.name}", folder / "tune.jsonl", folder / "corpus", False))
    return out


@click.group()
def main():
    """Probe the tune sets; compare two probes."""


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--index-root", type=click.Path(file_okay=False, path_type=Path), default=Path("/tmp/probe-idx"))
@click.option("--sets", "pattern", default="*", show_default=True, help="Only the sets whose name matches (fnmatch).")
@click.option("--switch", is_flag=True, help="Ask each question after another file's question (a topic switch).")
@click.option("--lang", default="", help="Only the questions of this `lang` (en: the English ones, not the mixed ones); "
              "compare then covers those only, and --switch picks the previous question among them.")
def run(out: Path, index_root: Path, pattern: str, switch: bool, lang: str):
    """Write every tune question's evaluation row to OUT (JSON Lines)."""
    sys.path.insert(0, str(ROOT))
    from chatbot.bot import ChatBot
    from chatbot.evaluate import evaluate, load_questions
    from chatbot.settings import load_settings

    bots = {}
    sets = [s for s in tune_sets() if fnmatch.fnmatchcase(s[0], pattern)]
    if not sets:
        raise click.UsageError(f"no tune set is named like {pattern!r}")
    asked = [[q for q in load_questions(s[1])[0] if not lang or q.extra.get("lang", "zh") == lang] for s in sets]
    sets, asked = [s for s, qs in zip(sets, asked) if qs], [qs for qs in asked if qs]
    last = {corpus: i for i, (_, _, corpus, _) in enumerate(sets)}   # a corpus's bot is released after its last set
    with out.open("w", encoding="utf-8") as f:
        for i, ((name, questions, corpus, _), qs) in enumerate(zip(sets, asked)):
            if corpus not in bots:
                index = index_root / hashlib.sha1(str(corpus).encode()).hexdigest()[:10]
                bots[corpus] = ChatBot(dataclasses.replace(load_settings(), corpus_dir=corpus, index_dir=index)).warm_up()
            qs = switched(qs) if switch else qs
            result, rows = evaluate(bots[corpus], qs)
            for row in rows:
                f.write(json.dumps({**row, "set": name}, ensure_ascii=False) + "\n")
            click.echo(f"{name}: {len(rows)} questions, first_citation_hit {result.get('first_citation_hit')}", err=True)
            if last[corpus] == i:
                del bots[corpus]
                release_memory()


def release_memory() -> None:
    """Free a released bot now and hand the freed heap back to the system. A ChatBot holds reference cycles (the
    retriever's clause cache is an lru_cache of its own bound method), so it waits for the cyclic collector; and glibc
    keeps freed arenas: without both, one process over the 52 brk[A-B] sets grew to 12.8 GB of resident memory and a
    run over every set was killed for memory (session 50). A census of Python objects by type after each corpus
    found none that grows (session 51): the growth was the heap's. malloc_trim is glibc's; elsewhere only the
    collection runs."""
    import ctypes
    import ctypes.util
    import gc

    gc.collect()
    name = ctypes.util.find_library("c")
    try:
        trim = ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):   # not glibc (musl, macOS): nothing to trim
        trim = None
    if trim is not None:
        trim(0)


def switched(questions: list) -> list:
    """`questions`, each without a history asked after the next one (cyclically) that has a source and another source
    than its own (an unanswerable one: than the next question's source); unchanged when none has."""
    out = []
    for i, q in enumerate(questions):
        rest = questions[i + 1:] + questions[:i]
        own = q.source or next((r.source for r in rest if r.source), None)
        prev = next((r for r in rest if r.source and r.source != own and not r.extra.get("history")), None)
        out.append(q if q.extra.get("history") or prev is None else
                   dataclasses.replace(q, extra={**q.extra, "history": [prev.question]}))
    return out


def _group(name: str, fitted: set[str]) -> str:
    return "cmrc" if name == "cmrc" else "breakers" if name.startswith("brk") else "fitted" if name in fitted else "unfitted"


def _kind(row: dict) -> str:
    if row["answers"]:
        return "answerable"
    return "near_miss" if row.get("kind") in ("near_miss", "nearmiss", "near-miss") else "off_topic"


@main.command()
@click.argument("before", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("after", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--rows", is_flag=True, help="List every question whose answer changed.")
def compare(before: Path, after: Path, rows: bool):
    """Group figures of two probes, over the questions both hold."""
    fitted = {name for name, _, _, fit in tune_sets() if fit}
    a, b = ({(d["set"], d["id"]): d for d in map(json.loads, p.open(encoding="utf-8"))} for p in (before, after))
    keys = sorted(set(a) & set(b))
    for group in ("fitted", "unfitted", "cmrc", "breakers"):
        counts = [defaultdict(int), defaultdict(int)]
        for key in (k for k in keys if _group(k[0], fitted) == group):
            for side, d in zip(counts, (a[key], b[key])):
                kind = _kind(d)
                side[kind] += 1
                if kind == "answerable":
                    side["answered"] += not d["abstained"]
                    side["first"] += bool(d.get("first_citation_hit"))
                    side["focus"] += bool(d.get("focus_hit"))
                else:
                    side[kind + " refused"] += d["abstained"]
        x, y = counts
        click.echo(f"{group}: {x['answerable']} answerable, answered {x['answered']} → {y['answered']}, first citation "
                   f"{x['first']} → {y['first']}, focus {x['focus']} → {y['focus']}; near misses refused "
                   f"{x['near_miss refused']} → {y['near_miss refused']} of {x['near_miss']}; off-topic refused "
                   f"{x['off_topic refused']} → {y['off_topic refused']} of {x['off_topic']}")
    for key in keys if rows else ():
        seen = [(d["abstained"], d.get("first_citation_hit"), d.get("focus_hit"),
                 d["citations"][0]["quote"][:40] if d["citations"] else "") for d in (a[key], b[key])]
        if seen[0] != seen[1]:
            click.echo(f"{key} {_kind(a[key])} {a[key]['question'][:40]}\n  before {seen[0]}\n  after  {seen[1]}")


@main.command()
@click.argument("probe", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def refusals(probe: Path):
    """Count a probe's abstentions by what they rest on (its rows' `refused_by`), per group and kind of question: which
    refusal rules cost answerable questions, which refuse near misses."""
    fitted = {name for name, _, _, fit in tune_sets() if fit}
    counts: dict = defaultdict(lambda: defaultdict(int))
    for d in map(json.loads, probe.open(encoding="utf-8")):
        if d["abstained"]:
            counts[_group(d["set"], fitted), _kind(d)][d.get("refused_by") or "?"] += 1
    for (group, kind), by in sorted(counts.items()):
        click.echo(f"{group} {kind}: {sum(by.values())} refused; " + ", ".join(f"{r} {n}" for r, n in
                                                                            sorted(by.items(), key=lambda x: -x[1])))


if __name__ == "__main__":
    main()
