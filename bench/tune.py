"""Sweep retrieval fusion settings on a question set, side by side in one run.

    python bench/tune.py corpus/questions/seed.jsonl
    python bench/tune.py ../shared/benchmarks/cmrc2018-trial/questions.jsonl --corpus ../shared/benchmarks/cmrc2018-trial/corpus

Questions are embedded once; each variant re-ranks and re-answers them. Prints one row per
variant: hit@1, hit@5, mrr@10, answer_hit, false_abstain, abstain_unanswerable.
"""
from __future__ import annotations

import itertools
import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


@click.command()
@click.argument("questions", type=click.Path(exists=True, path_type=Path))
@click.option("--corpus", type=click.Path(exists=True, path_type=Path))
@click.option("--index", "index_dir", type=click.Path(path_type=Path), help="Index folder (default: beside the corpus).")
@click.option("--chunk-max", type=int, help="Chunk length cap (rebuilds the index when it changes).")
@click.option("--rrf-k", "rrf_ks", default="60", help="Comma-separated values.")
@click.option("--bm25", "bm25s", default="0,0.5,1", help="Comma-separated BM25 weights.")
@click.option("--clause", "clauses", default="0,0.5,1", help="Comma-separated clause-ranking weights.")
def main(questions, corpus, index_dir, chunk_max, rrf_ks, bm25s, clauses):

    from chatbot.answer import answer, to_dict
    from chatbot.bot import ChatBot, clean_question
    from chatbot.evaluate import load_questions, metrics
    from chatbot.settings import load_settings

    from chatbot.settings import index_dir_for

    if index_dir is None and corpus:
        index_dir = index_dir_for(corpus, load_settings().index_dir)
    settings = load_settings(corpus_dir=corpus, index_dir=index_dir, chunk_max=chunk_max)
    bot = ChatBot(settings).warm_up()
    qs, errors = load_questions(questions)
    qs = [q for q in qs if q.question.strip()]  # an empty question is refused by the bot, not ranked
    texts = [clean_question(q.question, settings.max_question_chars)[0] for q in qs]
    vecs = bot.embedder.encode_queries(texts)
    r = bot.retriever
    print(f"{'rrf_k':>5} {'bm25':>5} {'clause':>6} | hit@1  hit@5  mrr@10 answer_hit false_abst abstain_un")
    for rrf_k, w_bm25, w_clause in itertools.product(*[[float(x) for x in v.split(",")] for v in (rrf_ks, bm25s, clauses)]):
        r.rrf_k, r.weights = rrf_k, (w_bm25, w_clause)
        details = []
        for q, text, vec in zip(qs, texts, vecs):
            hits = r.search(text, vec, k=settings.top_k, rerank=False)   # the fusion's own order: what is tuned here
            details.append({**to_dict(answer(text, vec, hits, r, settings)), "latency_ms": 0.0})
        m = metrics(qs, details)
        print(f"{rrf_k:>5g} {w_bm25:>5g} {w_clause:>6g} | {m.get('hit@1', 0):.3f}  {m.get('hit@5', 0):.3f}  "
              f"{m.get('mrr@10', 0):.3f}  {m.get('answer_hit', 0):.3f}      {m.get('false_abstain', 0):.3f}      "
              f"{m.get('abstain_unanswerable', float('nan')):.3f}", flush=True)


if __name__ == "__main__":
    main()
