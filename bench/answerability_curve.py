"""Compare answerability models at equal false abstention, on the pipeline's own candidates, in seconds per model.

    python bench/answerability_curve.py probe [--sets bench/sets/answerability_tune.tsv] [--half tune] \
        [--index-root /tmp/idx] --out /tmp/rows.npz
    python bench/answerability_curve.py curve /tmp/rows.npz chatbot/data/answerability.json [OTHER.json …] \
        [--budget 42 --budget 50] [--subset unfitted]

Why: a refit moves its threshold, so `chatbot eval` before and after compares two false-abstention rates as much as two
models (session 25: three refits answered 3-16 fewer tune questions and abstained on more near misses; at the same
false abstention none beat the shipped model). The answer step picks its quote before the answerability decision, and
`decide` is max(threshold, the row's higher bar) over the model's probability (Model.bar), so one pass of the pipeline
that keeps each question's feature vector lets any model file with those features, at any threshold, be scored
without running the pipeline again.
`probe` consumes a sets file (tab-separated: name, question file with {half}, corpus folder, `fitted` when
bench/train_answerability.py fits on that set's tune half; paths from the repository root) and produces an .npz: per
question its set, id, kind (answerable, near miss or off-topic), whether `decide` was reached (a quote on another period,
or without the asked-for value, abstains before it: answer.py), the shipped decision, the feature vector and the two
flags of Latin-script questions (an unknown name, English rendered nowhere), each as decide computed it (the probe
keeps what answerability.features returns and what decide hands Model.bar); and a manifest (commit of the code, features,
sets file hash).
`curve` consumes that file and model files (answerability.json format, the probe's features) and prints,
per model: its figures at its own threshold (for the model file the probe ran with, these are `chatbot eval`'s: `curve`
checks that every row decides as the pipeline did, session 25: all 3,519), then the most
near-miss abstention (ties: off-topic) at each false-abstention budget over a threshold sweep (bars as fitted).
`--subset unfitted` keeps the sets no training row comes from (blind4, blind5, blind6, series22, siblings23): the
others' questions were fitted on, which flatters a model that memorises them (session 25: boosted trees).
Shortcut: the sweep moves the threshold only; the higher bars stay as each file has them.
"""
from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SETS = ROOT / "bench" / "sets" / "answerability_tune.tsv"
BUDGET_STEP = 0.0025   # threshold sweep step (probabilities)


def read_sets(path: Path) -> list[tuple[str, str, Path, bool]]:
    """(name, question file pattern, corpus folder, fitted) per non-comment line of a sets file."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            cells = line.split("\t")
            if len(cells) not in (3, 4) or "{half}" not in cells[1] or cells[3:] not in ([], ["fitted"]):
                raise click.ClickException(f"{path}, line {n}: expected name, questions with {{half}}, corpus and an "
                                           f"optional `fitted`, separated by tabs")
            out.append((cells[0], cells[1], (ROOT / cells[2]).resolve(), cells[3:] == ["fitted"]))
    return out


@click.group()
def cli():
    """Answerability models compared at equal false abstention."""


@cli.command()
@click.option("--sets", "sets_file", type=click.Path(path_type=Path, exists=True), default=SETS, show_default=True)
@click.option("--half", default="tune", show_default=True, help="The half to read ({half} in the sets file).")
@click.option("--index-root", type=click.Path(path_type=Path), default=ROOT / "index", show_default=True,
              help="Indexes go under INDEX_ROOT/corpora/ (settings.index_dir_for; built when missing).")
@click.option("--out", type=click.Path(path_type=Path), required=True)
def probe(sets_file, half, index_root, out):
    """Run every question of the sets' HALF through the bot once, keeping answerability's inputs."""
    import chatbot.answerability as ab
    from chatbot.bot import ChatBot
    from chatbot.errors import ChatbotError, QuestionError
    from chatbot.evaluate import load_questions
    from chatbot.settings import index_dir_for, load_settings

    if out.suffix != ".npz" or not out.parent.is_dir():   # np.savez adds .npz; fail before the slow part, not after
        raise click.ClickException(f"--out must name a .npz file in an existing folder, not {out}")
    sets = read_sets(sets_file)
    # what decide itself computes: the feature vector (answerability.features) and the flags it hands Model.bar
    seen = {}
    features, bar = ab.features, ab.Model.bar

    def kept_features(*args, **kwargs):
        seen["x"] = features(*args, **kwargs)
        return seen["x"]

    def kept_bar(model, x, unknown_name=False, absent_english=False, settings=None, threshold=None):
        seen["flags"] = (bool(unknown_name), bool(absent_english))
        return bar(model, x, unknown_name, absent_english, settings, threshold)

    ab.features, ab.Model.bar = kept_features, kept_bar
    rows, bots, embedder = [], {}, None
    for name, pattern, corpus, fitted in sets:
        path = ROOT / pattern.replace("{half}", half)
        if not path.exists():
            click.echo(f"{name}: no {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}, skipped", err=True)
            continue
        questions, errors = load_questions(path)
        if errors:
            raise click.ClickException(f"{path}: {'; '.join(errors[:3])}")
        if corpus not in bots:   # one embedder for all: each would hold the model in memory
            bots[corpus] = ChatBot(load_settings(corpus_dir=corpus, index_dir=index_dir_for(corpus, index_root)), embedder)
            embedder = bots[corpus].embedder
        for q in questions:
            seen.clear()
            try:
                abstained = bots[corpus].ask(q.question).abstained
            except QuestionError:   # an empty question: `chatbot eval` counts it abstained
                abstained = True
            except ChatbotError as exc:   # a missing corpus, an index that cannot be built: no row means anything
                raise click.ClickException(f"{name}: {exc}") from None
            kind = "answerable" if q.answers else "off_topic" if q.extra.get("kind") == "off_topic" else "near_miss"
            rows.append((name, q.id, kind, fitted, "x" in seen, abstained,
                         seen.get("x", np.full(len(ab.FEATURES), np.nan)), seen.get("flags", (False, False))))
        click.echo(f"{name}: {len(questions)} questions", err=True)
    if not rows:
        raise click.ClickException(f"no question file of {sets_file} exists for the half {half!r}")
    commit = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    manifest = {"script": "bench/answerability_curve.py", "commit": commit, "half": half, "features": list(ab.FEATURES),
                "sets": str(sets_file), "sets_sha256": hashlib.sha256(sets_file.read_bytes()).hexdigest()[:16],
                "model_file_sha256": hashlib.sha256(ab.MODEL_FILE.read_bytes()).hexdigest()[:16]}
    columns = list(zip(*rows))
    np.savez(out, names=np.array(columns[0]), ids=np.array(columns[1]), kinds=np.array(columns[2]),
             fitted=np.array(columns[3]), called=np.array(columns[4]), abstained=np.array(columns[5]),
             X=np.array(columns[6]), flags=np.array(columns[7]), manifest=json.dumps(manifest, ensure_ascii=False))
    click.echo(f"wrote {out}: {len(rows)} questions")


KINDS = ("answerable", "near_miss", "off_topic")
ROW_ARRAYS = ("names", "ids", "kinds", "fitted", "called", "abstained", "X", "flags", "manifest")


def read_rows(path: Path) -> dict:
    """A probe's rows: its arrays, with the manifest's `features`, `commit` and `model_file_sha256`; a
    ClickException naming what is wrong when the file is not one (another .npz, a damaged one, rows of unequal length)."""
    try:
        with np.load(path, allow_pickle=False) as z:   # an .npy file gives an array, without close() or files
            rows = {k: z[k] for k in ROW_ARRAYS}
        manifest = json.loads(str(rows.pop("manifest")))
        rows.update(features=list(manifest["features"]), commit=manifest["commit"], made_with=manifest["model_file_sha256"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, zipfile.BadZipFile) as exc:
        raise click.ClickException(f"{path} is not a file `probe` wrote ({exc})") from None
    n = len(rows["kinds"])
    if any(len(rows[k]) != n for k in ROW_ARRAYS[:-1]) or rows["X"].ndim != 2 or rows["X"].shape[1] != len(rows["features"]):
        raise click.ClickException(f"{path}: its arrays disagree in length or width")
    if not n or set(rows["kinds"]) - set(KINDS) or any(rows[k].dtype != bool for k in ("fitted", "called", "abstained", "flags")):
        raise click.ClickException(f"{path}: no rows, a kind other than {', '.join(KINDS)}, or flags that are not booleans")
    return rows


def scores(rows, path: Path) -> tuple[np.ndarray, np.ndarray, float]:
    """(probability, the row's higher bar (0.0 where none applies), the fitted threshold) of each probed row under the
    model file `path`; rows where decide was never reached get probability -1 (always abstained)."""
    from chatbot.answerability import AnswerabilityModelError, read_model

    features = rows["features"]
    try:
        with_features = json.loads(path.read_text(encoding="utf-8"))["features"]
        if with_features != features:
            raise click.ClickException(f"{path}: its features are not the probe's (probed at {rows['commit']}): "
                                       "probe with the code the model was fitted for")
        model = read_model(path, tuple(features))
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError, AnswerabilityModelError) as exc:
        raise click.ClickException(f"{path} is not an answerability model file ({exc})") from None
    X = rows["X"]
    p = np.full(len(X), -1.0)
    higher = np.zeros(len(X))
    for i in np.where(rows["called"])[0]:
        p[i] = model.probability(X[i])
        higher[i] = model.bar(X[i], *map(bool, rows["flags"][i]), threshold=0.0)
    return p, higher, model.threshold


@cli.command()
@click.argument("rows_file", type=click.Path(path_type=Path, exists=True))
@click.argument("models", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--budget", "budgets", multiple=True, type=int, help="False abstentions allowed (default: the first "
              "model's count at its own threshold, and that plus 3, 8).")
@click.option("--subset", type=click.Choice(["all", "unfitted"]), default="all", show_default=True)
def curve(rows_file, models, budgets, subset):
    """Each model's figures at its threshold, then its best near-miss abstention within each false-abstention budget."""
    rows = read_rows(rows_file)
    keep = ~rows["fitted"] if subset == "unfitted" else np.ones(len(rows["kinds"]), dtype=bool)
    kinds = rows["kinds"]
    groups = {k: keep & (kinds == k) for k in ("answerable", "near_miss", "off_topic")}

    def figures(answered) -> tuple[int, int, int]:
        return tuple(int((groups[k] & ~answered).sum()) for k in ("answerable", "near_miss", "off_topic"))

    sizes = {k: int(m.sum()) for k, m in groups.items()}
    click.echo(f"{rows_file} ({subset}): {sizes['answerable']} answerable, {sizes['near_miss']} near misses, "
               f"{sizes['off_topic']} off-topic")
    made_with = rows["made_with"]
    for path in models:
        p, higher, threshold = scores(rows, path)
        answered = p >= np.maximum(threshold, higher)
        if hashlib.sha256(path.read_bytes()).hexdigest()[:16] == made_with:   # the file the probe's bot answered with
            wrong = int((answered != ~rows["abstained"]).sum())
            if wrong:
                raise click.ClickException(f"{path} was the probe's model, but {wrong} rows decide otherwise here")
            click.echo(f"{path}: the probe's own model; every row decides as the pipeline did")
        fa, nm, ot = figures(answered)
        budgets = budgets or (fa, fa + 3, fa + 8)
        best = {}
        for t in np.arange(0.0, 1.0, BUDGET_STEP):
            f, n, o = figures(p >= np.maximum(t, higher))
            for b in budgets:
                if f <= b and (b not in best or (n, o) > best[b][:2]):
                    best[b] = (n, o, round(float(t), 4))
        click.echo(f"{path}: threshold {threshold}: false abstention {fa}, near misses abstained {nm}, off-topic {ot}")
        fewest = figures(p >= np.maximum(0.0, higher))[0]   # what abstains below every threshold
        click.echo("   " + "   ".join(f"false ≤ {b}: {best[b][0]} near misses, {best[b][1]} off-topic (threshold {best[b][2]})"
                                      if b in best else f"false ≤ {b}: no threshold (the fewest is {fewest})"
                                      for b in sorted(budgets)))


if __name__ == "__main__":
    cli()
