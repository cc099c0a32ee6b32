"""Fit the passage reranker (chatbot/rerank.py) on tune data only: which of the top passages holds the answer?

    python bench/train_reranker.py [--index-root /tmp/idx] [--work /tmp/reranker] [--out chatbot/data/reranker.json]

Two weight vectors, each from its own questions (answerable, tune halves only, with their top_k passages in the
fused order: ChatBot.search with rerank off; the first rerank.depth of them, with a gold answer in some but not all):
  weights:        questions without a rendering (`chinese_sets`: a sample of 400 CMRC trial and 400 DRCD dev tune
                  questions, and the tune halves of the intranet set, the fresh set and the seed document);
  gloss_weights:  English questions the dictionary renders (`corpora`: the English set's tune halves, over the
                  intranet set, the fresh set, the seed document and its own documents, and the English questions of
                  those sets' own tune halves).
Positive: a passage from the question's source that holds a gold answer; negative: the others.
Model: pairwise logistic regression (differences of a positive and a negative passage's standardised features, every
pair both ways round; every question weighs the same, every corpus the same), C by 5-fold cross-validation grouped by
question, chosen for hit@1 over these questions. The shipped weights are the coefficients over raw features
(coef / scale). Writes them with a manifest (data hashes, features, library versions, metrics: hit@1 of the fused
order and of the ranker, cross-validated and in-sample, per corpus).
"""
from __future__ import annotations

import datetime
import hashlib
import json
import random
import sys
from functools import partial
from pathlib import Path

import click
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
# the code whose change changes the rows (their cache and the manifest's code hash are keyed on it)
ROW_CODE = ("rerank.py", "retrieve.py", "lexical.py", "answertype.py", "crosslingual.py", "cedict.py", "bot.py", "bm25.py",
            "chunks.py", "sections.py", "documents.py", "index.py", "evaluate.py", "settings.py", "data/userdict.txt")
sys.path.insert(0, str(ROOT))
from bench.train_answerability import made_by, rows_by_corpus  # noqa: E402
from bench.train_run_ranker import choose_c, corpus_mean, echo_fit, pairwise_logistic  # noqa: E402

ENGLISH = ROOT / "bench" / "sets" / "english"
BENCH = ROOT.parent / "shared" / "benchmarks"


def chinese_sets() -> dict:
    """name → (corpus folder, [question files], sample size or None): the questions without a rendering."""
    own = ROOT / "bench" / "sets"
    return {
        "cmrc": (BENCH / "cmrc2018-trial/corpus", [own / "cmrc2018-trial/tune.jsonl"], 400),
        "drcd": (BENCH / "drcd-dev/corpus", [own / "drcd-dev/tune.jsonl"], 400),
        "intranet": (own / "intranet/corpus", [own / "intranet/tune.jsonl"], None),
        "fresh": (own / "fresh/corpus", [own / "fresh/tune.jsonl"], None),
        "seed": (ROOT / "corpus", [ROOT / "corpus/questions/seed-realistic.tune.jsonl", ROOT / "corpus/questions/seed.jsonl"],
                 None),
    }


def english_sets() -> dict:
    """name → (corpus folder, [question files], sample size or None): the English set's tune halves."""
    return {
        "intranet": (ROOT / "bench/sets/intranet/corpus", [ENGLISH / "intranet/tune.jsonl"], None),
        "fresh": (ROOT / "bench/sets/fresh/corpus", [ENGLISH / "fresh/tune.jsonl"], None),
        "seed": (ROOT / "corpus", [ENGLISH / "seed/tune.jsonl"], None),
        "new": (ENGLISH / "new/corpus", [ENGLISH / "new/tune.jsonl"], None),
    }


def corpora() -> dict:
    """`english_sets`, with the tune halves of the sets over the same documents added (their English questions; a
    Chinese one has no rendering, so it makes no rows)."""
    own = {"intranet": [ROOT / "bench/sets/intranet/tune.jsonl"], "fresh": [ROOT / "bench/sets/fresh/tune.jsonl"],
           "seed": [ROOT / "corpus/questions/seed-realistic.tune.jsonl", ROOT / "corpus/questions/seed.jsonl"]}
    return {name: (folder, files + own.get(name, []), sample) for name, (folder, files, sample) in english_sets().items()}


def question_rows(bot, questions, rendered: bool) -> list[tuple[np.ndarray, np.ndarray]]:
    """[(features (k, len(RERANK_FEATURES)), holds (k,) bool)] per question with a rendering (`rendered`) or without
    one whose top k = rerank.depth passages (fused order) hold a gold answer in some but not all of them."""
    from chatbot.bot import clean_question
    from chatbot.evaluate import fold
    from chatbot.rerank import depth, passage_matrix

    out = []
    for q in questions:
        t = clean_question(q.question, 500)[0]
        hits, _, qv, gv = bot.search(t, rerank=False)
        if (gv is not None) != rendered:
            continue
        hits = hits[:depth(rendered)]   # the passages rerank.py reorders
        if len(hits) < 2:
            continue
        gold = [fold(a) for a in q.answers if fold(a)]
        holds = np.array([(q.source is None or h.chunk.source == q.source) and any(g in fold(h.chunk.text) for g in gold)
                          for h in hits], dtype=bool)
        if holds.any() and not holds.all():
            out.append((passage_matrix(t, qv, gv, hits, bot.retriever), holds))
    return out


def hit1(groups, w) -> float:
    """Share of questions whose best-scoring passage holds a gold answer (ties: the earlier, as rerank.py)."""
    return float(np.mean([holds[int(np.argmax(x @ w))] for x, holds in groups])) if groups else 0.0


@click.command()
@click.option("--index-root", type=click.Path(path_type=Path), default=ROOT / "index",
              help="Indexes of the corpora go under INDEX_ROOT/corpora/ (reused when current).")
@click.option("--out", type=click.Path(path_type=Path), default=ROOT / "chatbot" / "data" / "reranker.json")
@click.option("--work", type=click.Path(path_type=Path), default=Path("/tmp/reranker"),
              help="Rows are cached here per corpus, keyed by the hash of the code that makes them.")
@click.option("--c", "cs", type=float, multiple=True, default=(0.01, 0.1, 1.0, 10.0), show_default=True,
              help="Regularisation values tried (the best by cross-validated hit@1 is kept); one value fixes it.")
def main(index_root, out, work, cs):
    import sklearn

    from chatbot.embedding import SentenceEmbedder
    from chatbot.rerank import FORMAT_VERSION, RERANK_FEATURES
    from chatbot.settings import load_settings

    settings = load_settings()
    embedder = SentenceEmbedder.from_settings(settings)
    # rows are cached under --work by the code, the embedding model and the settings that make them
    code = hashlib.sha256(b"".join((ROOT / "chatbot" / f).read_bytes() for f in ROW_CODE)
                          + Path(__file__).read_bytes() + made_by(embedder, settings)).hexdigest()[:16]
    fitted, hashes, metrics = {}, {}, {}
    for key, groups, rendered in (("weights", chinese_sets(), False), ("gloss_weights", corpora(), True)):
        data, hashes[key] = rows_by_corpus(groups, index_root, embedder, partial(question_rows, rendered=rendered),
                                           Path(work) / f"reranker-rows-{code}-{key}.pkl",
                                           f"{'are' if rendered else 'are not'} rendered and have the answer in some "
                                           "but not all of their top passages")
        click.echo(f"{key}:", err=True)
        fitted[key], metrics[key] = fit_weights(data, cs, RERANK_FEATURES)
    from importlib.metadata import version
    doc = {"format_version": FORMAT_VERSION, "features": list(RERANK_FEATURES),
           **{key: [round(float(v), 8) for v in w] for key, w in fitted.items()},
           "manifest": {"embedding_model": embedder.model_id,
                        "trained": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
                        "script": "bench/train_reranker.py", "code_hash": code, "data": hashes,
                        "libraries": {lib: version(lib) for lib in ("scikit-learn", "numpy", "jieba", "zhconv", "bm25s")},
                        "model": "pairwise LogisticRegression over standardised features, one per weight vector; "
                                 "weights = coef / scale",
                        "metrics": metrics}}
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    click.echo(f"wrote {out} (scikit-learn {sklearn.__version__})")


def fit_weights(data: dict, cs, features) -> tuple[np.ndarray, dict]:
    """(weights over raw features, metrics) for {corpus: question rows}: C by 5-fold cross-validated hit@1 (corpora
    weighted equally), then refitted on every question."""
    keys = [(name, i) for name, g in data.items() for i in range(len(g))]
    X = np.vstack([x for g in data.values() for x, _ in g])
    mean, scale = X.mean(0), X.std(0)
    scale[scale < 1e-9] = 1.0
    rng = random.Random(7)
    folds = {k: rng.randrange(5) for k in keys}

    def fit(c, train):
        diffs = []
        for name, i in train:
            x, holds = data[name][i]
            z = (x - mean) / scale
            # every pair of a holding and a non-holding passage; every corpus weighs the same whatever its questions
            diffs.append((np.array([z[a] - z[b] for a in np.flatnonzero(holds) for b in np.flatnonzero(~holds)]),
                          1.0 / len(data[name])))
        return pairwise_logistic(diffs, c) / scale

    def score(w, part):
        return corpus_mean(hit1, data, part, w)

    fused = np.zeros(len(features))
    fused[features.index("recip_rank")] = 1.0   # the fused order itself
    click.echo(f"  fused order: hit@1 {score(fused, keys):.4f}", err=True)
    cv_hit, c = choose_c(cs, fit, hit1, data, folds, "hit@1")
    w = fit(c, keys)
    corpora_metrics = {name: {"questions": len(g), "hit1_fused": round(hit1(g, fused), 4),
                              "hit1_reranked": round(hit1(g, w), 4)} for name, g in data.items()}
    echo_fit(corpora_metrics, f"C {c}: cross-validated hit@1 {cv_hit:.4f}, fused order {score(fused, keys):.4f}, "
                              f"{len(keys)} questions", features, w * scale)
    return w, {"C": c, "hit1_cv": round(cv_hit, 4), "hit1_fused": round(score(fused, keys), 4), "questions": len(keys),
               "corpora": corpora_metrics}


if __name__ == "__main__":
    main()
