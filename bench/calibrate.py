"""Choose the abstention thresholds from measurements.

    python bench/calibrate.py --cmrc ../shared/benchmarks/cmrc2018-trial

Two corpora, each with its own questions (answerable: the bot should answer) and the other
corpus's questions (unanswerable there: the bot should abstain):
  seed corpus:  seed questions (answerable ones, and its own unanswerable ones) + all CMRC questions
  CMRC corpus:  CMRC questions + all seed questions
For every threshold triple (min_score, min_coverage, min_score_crosslingual) it prints the
abstention rate on unanswerable questions and the false-abstention rate on answerable ones,
and the best triple whose false abstention stays within --max-false on both corpora.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def features(bot, questions):
    """(top cosine, coverage — 0 when a word of 3+ characters is not in the corpus —, is_latin) per question."""
    from chatbot.signals import coverage, is_latin, missing_terms
    from chatbot.bot import clean_question

    texts = [clean_question(q.question, 500)[0] for q in questions]
    vecs = bot.embedder.encode_queries(texts)
    rows = []
    for t, v in zip(texts, vecs):
        hits = bot.retriever.search(t, v, k=10, rerank=False)   # the fused order the rules were calibrated on
        cov = coverage(t, hits, bot.retriever) if not missing_terms(t, bot.retriever, 3) else 0.0
        rows.append((max(h.dense for h in hits), cov, is_latin(t)))
    return np.array(rows, dtype=np.float64)


def answered(f, t_s, t_c, t_x):
    return np.where(f[:, 2] > 0, f[:, 0] >= t_x, (f[:, 0] >= t_s) & (f[:, 1] >= t_c))


@click.command()
@click.option("--cmrc", type=click.Path(exists=True, path_type=Path), required=True)
@click.option("--max-false", default=0.05, help="Largest false-abstention rate allowed on either corpus.")
def main(cmrc, max_false):
    from chatbot.bot import ChatBot
    from chatbot.evaluate import load_questions
    from chatbot.settings import load_settings

    seed_q = [q for q in load_questions(ROOT / "corpus" / "questions" / "seed.jsonl")[0] if q.question.strip()]
    cmrc_q = [q for q in load_questions(cmrc / "questions.jsonl")[0] if q.question.strip()]
    seed_bot = ChatBot(load_settings()).warm_up()
    from chatbot.settings import index_dir_for

    cmrc_dir = index_dir_for(cmrc / "corpus", seed_bot.settings.index_dir)
    cmrc_bot = ChatBot(load_settings(corpus_dir=cmrc / "corpus", index_dir=cmrc_dir), seed_bot.embedder).warm_up()
    sets = {
        "seed: answerable": (features(seed_bot, [q for q in seed_q if q.answers]), True),
        "seed: unanswerable": (features(seed_bot, [q for q in seed_q if not q.answers]), False),
        "seed: CMRC questions": (features(seed_bot, cmrc_q), False),
        "cmrc: answerable": (features(cmrc_bot, cmrc_q), True),
        "cmrc: seed questions": (features(cmrc_bot, seed_q), False),
    }
    grid = itertools.product(np.arange(0.80, 0.90, 0.005), [0.0, 0.2, 0.25, 0.3, 0.34, 0.4, 0.5],
                             np.arange(0.70, 0.86, 0.01))
    results = []
    for t_s, t_c, t_x in grid:
        rates = {name: float(answered(f, t_s, t_c, t_x).mean()) for name, (f, _) in sets.items()}
        false = max(1 - rates["seed: answerable"], 1 - rates["cmrc: answerable"])
        abstain = min(1 - rates[n] for n, (_, ok) in sets.items() if not ok)
        results.append((false <= max_false, abstain, -false, t_s, t_c, t_x, rates))
    results.sort(key=lambda r: r[:3], reverse=True)
    print(f"{'min_score':>9} {'min_cov':>7} {'min_x':>6} | " + " | ".join(f"{n} ({len(sets[n][0])})" for n in sets))
    for ok, abstain, neg_false, t_s, t_c, t_x, rates in results[:10]:
        print(f"{t_s:9.3f} {t_c:7.2f} {t_x:6.2f} | " + " | ".join(
            f"{'answered' if sets[n][1] else 'abstained'} {rates[n] if sets[n][1] else 1 - rates[n]:.3f}" for n in sets))


if __name__ == "__main__":
    main()
