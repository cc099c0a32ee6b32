"""Fit the run ranker (chatbot/runs.py) on tune data only: which candidate clause run holds the answer?

    python bench/train_run_ranker.py [--index-root /tmp/idx] [--out chatbot/data/run_ranker.json]

Examples: every candidate run of every answerable tune question whose candidates hold a gold answer
somewhere (corpora as in bench/train_answerability.py: the intranet set, the seed document, the CMRC
trial tune sample, the fresh set's tune half). Positive: the run holds a gold answer (from the
question's source, if given); with --label tight, only a run with no shorter holding candidate
inside it (the others left out; not shipped: see README "Quality"). Negative: it holds none.
Model: pairwise logistic regression (differences of a positive and a negative run's standardised
features, PAIRS sampled per question; every question weighs the same, every corpus the same), C by
5-fold cross-validation grouped by question, chosen for the share of questions whose top run holds
the answer (hit@1 of runs). `--loss listwise` fits a softmax over each question's runs instead
(`listwise_softmax`, session 19: tried with the blind sets' tune halves added, cross-validated run hit@1 0.840 →
0.853 on the same rows and folds, but on the blind tune halves a fit without them never read it did worse than the
pairwise one, and with a refit on its features the fourth blind set's test halves did not improve; not shipped, README
"Quality › Session 19"). The
shipped weights are the coefficients over raw features (coef / scale; the intercept does not change
a ranking). The second-quote margin is set so that a second quote is offered about as often as
under the rules (RULE_MARGIN) on the same tune questions. Writes the weights with a manifest (data
hashes, features, library versions, metrics: run hit@1 before and after, cross-validated).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import math
import random
import sys
from pathlib import Path

import click
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# the code whose change changes the candidate rows (their cache and the manifest's code hash are keyed on it)
ROW_CODE = ("runs.py", "retrieve.py", "lexical.py", "signals.py", "answertype.py", "ranges.py", "bot.py", "rerank.py",
            "data/reranker.json", "chunks.py", "sections.py", "documents.py", "index.py", "evaluate.py", "settings.py",
            "data/userdict.txt")
PAIRS = 40   # sampled (positive, negative) run pairs per question
sys.path.insert(0, str(ROOT))
from bench.train_answerability import corpora, made_by, rows_by_corpus  # noqa: E402


def question_rows(bot, questions):
    """[(features (n, len(RUN_FEATURES)), label (1 tightest holder, -1 other holder, 0 none), holds (bool),
    places [(chunk id, start, end)])] per question whose candidates hold a gold answer."""
    from chatbot.bot import clean_question
    from chatbot.evaluate import fold
    from chatbot.runs import run_matrix

    out = []
    for q in questions:
        t = clean_question(q.question, 500)[0]
        hits, v = bot.retrieve(t)   # as ChatBot.ask searches (an English question also by its Chinese rendering)
        cands, x = run_matrix(t, v, hits, bot.retriever)
        gold = [fold(a) for a in q.answers if fold(a)]
        holds = np.array([(q.source is None or h.chunk.source == q.source)
                          and any(g in fold(h.chunk.text[s - h.chunk.start:e - h.chunk.start]) for g in gold)
                          for h, s, e in cands], dtype=bool)
        if not holds.any():
            continue
        tight = holds.copy()
        for i, (h, s, e) in enumerate(cands):
            if holds[i]:
                tight[i] = not any(holds[j] and cands[j][0] is h and s <= cands[j][1] and cands[j][2] <= e
                                   and (cands[j][1], cands[j][2]) != (s, e) for j in range(len(cands)))
        label = np.where(tight, 1, np.where(holds, -1, 0))       # -1: holds it, not tightly (left out)
        place = [(h.chunk.id, s, e) for h, s, e in cands]
        out.append((x, label, holds, place))
    return out


def pairwise_logistic(diffs: list[tuple[np.ndarray, float]], c: float) -> np.ndarray:
    """The coefficients (n_features,) of a pairwise logistic regression (a RankNet-style linear ranker) over
    standardised features: `diffs` holds, per question, (positive − negative feature differences (m, n_features),
    the question's weight); each difference enters both ways round (label 1 and 0), and a question's differences
    share its weight, so a question weighs the same whatever its pair count. No intercept (it does not change a
    ranking); C as in scikit-learn."""
    from sklearn.linear_model import LogisticRegression

    xs, ys, ws = [], [], []
    for d, weight in diffs:
        xs += [d, -d]
        ys += [np.ones(len(d)), np.zeros(len(d))]
        ws += [np.full(2 * len(d), weight / len(d))]
    m = LogisticRegression(C=c, max_iter=3000, fit_intercept=False).fit(
        np.vstack(xs), np.concatenate(ys), sample_weight=np.concatenate(ws) * 1000)
    return m.coef_[0]


def listwise_softmax(lists: list[tuple[np.ndarray, np.ndarray, float]], alpha: float) -> np.ndarray:
    """The coefficients (n_features,) of a linear listwise ranker (a softmax over the list, fitted for its mass on the
    positives): `lists`
    holds, per question, (its candidates' standardised features (m, n_features), which are positives (m,) bool, the
    question's weight). Minimises the weighted mean of −log Σ_positives softmax(z @ w) plus alpha/2 · ‖w‖² (L-BFGS,
    exact gradient); a question whose candidates are all positive or all negative says nothing and is skipped."""
    from scipy.optimize import minimize

    lists = [(z, pos, weight) for z, pos, weight in lists if pos.any() and not pos.all()]
    if not lists:
        raise ValueError("no question has both a positive and a negative candidate")
    total = sum(weight for *_, weight in lists) or 1.0

    def loss(w):
        value, grad = 0.5 * alpha * w @ w, alpha * w
        for z, pos, weight in lists:
            s = z @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            held = p[pos].sum()
            value -= weight / total * math.log(max(held, 1e-300))
            grad = grad - weight / total * (p[pos] @ z[pos] / max(held, 1e-300) - p @ z)
        return value, grad

    return minimize(loss, np.zeros(lists[0][0].shape[1]), jac=True, method="L-BFGS-B").x


def corpus_mean(hit1, data: dict, keys, w) -> float:
    """The mean over corpora of `hit1(that corpus's rows among keys, w)`: every corpus weighs the same. `keys` are
    (corpus name, row index) pairs of `data` ({corpus: [question rows]})."""
    per = {}
    for name, i in keys:
        per.setdefault(name, []).append(data[name][i])
    return float(np.mean([hit1(g, w) for g in per.values()]))


def choose_c(cs, fit, hit1, data: dict, folds: dict, what: str) -> tuple[float, float]:
    """(cross-validated score, C) of the C in `cs` whose `fit(c, training keys)` weights score best on the held-out
    fold (`corpus_mean` of `hit1`), over the 5 folds of `folds` ({key: fold}); the first C wins a tie."""
    best = None
    for c in cs:
        cv = float(np.mean([corpus_mean(hit1, data, [k for k in folds if folds[k] == f],
                                        fit(c, [k for k in folds if folds[k] != f])) for f in range(5)]))
        click.echo(f"C={c}: cross-validated {what} (corpora weighted equally) {cv:.4f}", err=True)
        if best is None or cv > best[0]:
            best = (cv, c)
    return best


def echo_fit(metrics: dict, summary: str, features, standardised) -> None:
    """Print a fitted ranker's report (both ranker scripts): each corpus's metrics, the summary line, then the weights
    over standardised features, largest first."""
    for name, m in metrics.items():
        click.echo(f"  {name:>10}: {m}", err=True)
    click.echo(f"  {summary}", err=True)
    for f, k in sorted(zip(features, standardised), key=lambda t: -abs(t[1])):
        click.echo(f"    {f:>24} {k:+.3f} (standardised)", err=True)


def run_hit1(groups, w) -> float:
    """Share of questions whose best-scoring run holds a gold answer."""
    return float(np.mean([g[2][int(np.argmax(g[0] @ w))] for g in groups])) if groups else 0.0


def second_rate(groups, w, margin) -> float:
    """Share of questions with a run elsewhere (another passage, or not overlapping) within `margin` of the best."""
    n = 0
    for x, _, _, place in groups:
        s = x @ w
        b = int(np.argmax(s))
        cid, bs, be = place[b]
        n += any(s[k] >= s[b] - margin and (place[k][0] != cid or place[k][2] <= bs or place[k][1] >= be)
                 for k in range(len(s)) if k != b)
    return n / max(len(groups), 1)


@click.command()
@click.option("--index-root", type=click.Path(path_type=Path), default=ROOT / "index",
              help="Indexes of the corpora go under INDEX_ROOT/corpora/ (reused when current).")
@click.option("--out", type=click.Path(path_type=Path), default=ROOT / "chatbot" / "data" / "run_ranker.json")
@click.option("--work", type=click.Path(path_type=Path), default=Path("/tmp/run-ranker"),
              help="Candidate rows are cached here per corpus, keyed by the hash of the code that makes them.")
@click.option("--label", type=click.Choice(["holds", "tight"]), default="holds",
              help="holds: every run that holds a gold answer is a positive; tight: only the tightest (others left out).")
@click.option("--loss", type=click.Choice(["pairwise", "listwise"]), default="pairwise",
              help="pairwise: the logistic regression (shipped); listwise: a softmax over each question's runs.")
@click.option("--c", "cs", type=float, multiple=True, default=(), show_default=False,
              help="Regularisation values tried (the best by cross-validated run hit@1 is kept; one value fixes it): "
                   "alpha for listwise (default 0.0001 0.001 0.01 0.1), C for pairwise (default 0.01 0.1 1 10).")
def main(index_root, out, work, label, loss, cs):
    import sklearn

    from chatbot.embedding import SentenceEmbedder
    from chatbot.runs import FORMAT_VERSION, RULE_MARGIN, RULE_WEIGHTS, RUN_FEATURES
    from chatbot.settings import load_settings

    settings = load_settings()
    embedder = SentenceEmbedder.from_settings(settings)
    # rows of the corpora done so far are kept in work/, keyed by the code that makes them, the embedding model and the
    # settings that change the passages (a change makes them again)
    code = hashlib.sha256(b"".join((ROOT / "chatbot" / f).read_bytes() for f in ROW_CODE)
                          + Path(__file__).read_bytes() + made_by(embedder, settings)).hexdigest()[:16]
    data, hashes = rows_by_corpus(corpora(), index_root, embedder, question_rows, Path(work) / f"run-ranker-rows-{code}.pkl",
                                  "have a run that holds the answer")
    X = np.vstack([x for g in data.values() for x, *_ in g])
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0
    qid = [(name, i) for name, g in data.items() for i in range(len(g))]
    rng = random.Random(7)
    folds = {k: rng.randrange(5) for k in qid}

    def fit(c, keys):
        """The ranker's weights over raw features from the questions `keys`, every question weighing the same and every
        corpus the same: listwise (alpha = c) or pairwise (differences of a positive and a negative run's standardised
        features, PAIRS sampled per question, both ways round; C = c)."""
        rng, lists, diffs = random.Random(11), [], []
        for name, i in keys:
            x, lab, holds, _ = data[name][i]
            keep = lab != -1 if label == "tight" else np.ones(len(holds), dtype=bool)   # tight: looser holders out
            z, pos = (x[keep] - mean) / scale, (holds if label == "holds" else lab == 1)[keep]
            lists.append((z, pos, 1.0 / len(data[name])))
            p, n = np.flatnonzero(pos), np.flatnonzero(~holds[keep])
            if loss == "pairwise" and len(p) and len(n):
                pairs = [(rng.choice(list(p)), rng.choice(list(n))) for _ in range(PAIRS)]
                diffs.append((np.array([z[a] - z[b] for a, b in pairs]), 1.0 / len(data[name])))
        return (listwise_softmax(lists, c) if loss == "listwise" else pairwise_logistic(diffs, c)) / scale

    cs = cs or ((0.0001, 0.001, 0.01, 0.1) if loss == "listwise" else (0.01, 0.1, 1.0, 10.0))
    cv_hit, c = choose_c(cs, fit, run_hit1, data, folds, "run hit@1")
    w = fit(c, qid)
    rules_rate = np.mean([second_rate(g, RULE_WEIGHTS, RULE_MARGIN) for g in data.values()])
    grid = np.round(np.arange(0.05, 10.01, 0.05), 2)   # the largest when none reaches the rules' rate
    margin = min((m for m in grid if np.mean([second_rate(g, w, m) for g in data.values()]) >= rules_rate),
                 default=float(grid[-1]))
    metrics = {name: {"questions": len(g), "run_hit1_rules": round(run_hit1(g, RULE_WEIGHTS), 4),
                      "run_hit1_learned": round(run_hit1(g, w), 4)} for name, g in data.items()}
    echo_fit(metrics, f"{'alpha' if loss == 'listwise' else 'C'} {c}, cross-validated run hit@1 {cv_hit:.4f}; second-quote margin {margin} "
                      f"(second quotes offered on {rules_rate:.3f} of questions under the rules)", RUN_FEATURES, w * scale)
    from importlib.metadata import version
    doc = {"format_version": FORMAT_VERSION, "features": list(RUN_FEATURES),
           "weights": [round(float(v), 8) for v in w], "second_margin": float(margin),
           "manifest": {"embedding_model": embedder.model_id,
                        "trained": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "script": "bench/train_run_ranker.py", "code_hash": code, "data": hashes,
                        "libraries": {lib: version(lib) for lib in ("scikit-learn", "numpy", "jieba", "zhconv", "bm25s")},
                        "model": (f"listwise softmax ranker (alpha={c}, label {label})" if loss == "listwise" else
                                  f"pairwise LogisticRegression(C={c}, label {label})")
                                 + " over standardised features; weights = coef / scale",
                        "metrics": {"run_hit1_cv": round(cv_hit, 4), "corpora": metrics,
                                    "second_quote_rate_rules": round(float(rules_rate), 4)}}}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"wrote {out} (scikit-learn {sklearn.__version__})")


if __name__ == "__main__":
    main()
