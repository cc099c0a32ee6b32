"""The command line: `chatbot index | ask | eval | serve` (also `python -m chatbot …`), each on the corpus
folder or, with --kb NAME, on a knowledge base (kb/); `chatbot index --watch` keeps indexes in step with folders.

Thin: flags map onto Settings, heavy imports (torch, faiss, gradio) happen inside the
commands so `--help` is instant, and typed errors become one-line messages.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

import click

from .errors import ChatbotError

_path = click.Path(path_type=Path)


def _settings(**kw):
    from .settings import load_settings

    return load_settings(**kw)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("-v", "--verbose", is_flag=True, help="Show debug logging.")
def main(verbose: bool) -> None:
    """Ask a folder of Chinese documents questions; answers are quoted and cited."""
    logging.basicConfig(level=logging.DEBUG if verbose else logging.WARNING, format="%(levelname)s %(message)s")
    for noisy in ("bm25s", "sentence_transformers", "transformers", "httpx", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)


def _corpus_settings(corpus_dir: Path | None = None, index_dir: Path | None = None, **kw):
    """Settings for --corpus/--index. A folder other than the configured corpus, given without --index, is indexed
    into its own folder under the configured index (settings.index_dir_for: index/corpora/<name>-<hash>), the one
    `index`, `ask` and `eval` all use for it: asking about another folder never rebuilds the default index for it."""
    from .settings import index_dir_for

    default = _settings(**kw)
    if corpus_dir is not None and index_dir is None \
            and Path(corpus_dir).resolve() != Path(default.corpus_dir).resolve():
        index_dir = index_dir_for(corpus_dir, default.index_dir)
    return _settings(corpus_dir=corpus_dir, index_dir=index_dir, **kw)


def _kb_settings(kb, corpus_dir: Path | None = None, index_dir: Path | None = None, **kw):
    """Settings for the knowledge base `kb` (None: the corpus folder, or --corpus/--index as `_corpus_settings`)."""
    if kb is None:
        return _corpus_settings(corpus_dir, index_dir, **kw)
    if corpus_dir or index_dir:
        raise click.UsageError("--kb names a knowledge base with its own folders: give --kb or --corpus/--index")
    from .kb import find_kb

    settings = _settings(**kw)
    return find_kb(settings, kb).settings(settings)


_kb_option = click.option("--kb", help="A knowledge base (see GET /api/kbs) [default: the corpus folder].")


def _run(fn):
    """Call fn, turning ChatbotError into a clean CLI error."""
    try:
        return fn()
    except ChatbotError as exc:
        raise click.ClickException(str(exc)) from None


@main.command()
@click.option("--corpus", "corpus_dir", type=_path,
              help="Folder of documents [default: corpus/]; another folder gets its own index under index/corpora/.")
@click.option("--index", "index_dir", type=_path, help="Where the index is written [default: index/, see --corpus].")
@click.option("--kb", "kbs", multiple=True, help="A knowledge base to index (repeatable) [default: the corpus folder].")
@click.option("--watch", is_flag=True, help="Keep running: re-index when files are added, changed or removed.")
def index(corpus_dir, index_dir, kbs, watch):
    """Build (or rebuild) the index of the corpus or of knowledge bases; --watch keeps them in step."""
    def go():
        from .embedding import SentenceEmbedder
        from .kb import find_kb
        from .kb.indexer import build_kb

        base = _corpus_settings(corpus_dir, index_dir)
        if kbs and (corpus_dir or index_dir):
            raise click.UsageError("--kb names a knowledge base with its own folders: give --kb or --corpus/--index")
        targets = [find_kb(base, name) for name in kbs or [None]]
        embedder = SentenceEmbedder.from_settings(base)
        if watch:
            from .kb.watch import watch as watch_folders

            return watch_folders(targets, base, embedder, echo=lambda line: click.echo(line, err=True))
        for kb in targets:
            _built(build_kb(kb.settings(base), embedder, progress=sys.stderr.isatty()), kb.name if kbs else "")
    _run(go)


def _built(built, name: str) -> None:
    """Report one build (a skipped file is logged once, while the corpus is read: 「跳过 空.txt：文件是空的」)."""
    m = built.manifest
    st = m["stores"]
    click.echo(f"{name + ': ' if name else ''}indexed {len(m['files'])} document(s), {m['chunks']} chunks, "
               f"model {m['model']} → {built.path}")
    click.echo(f"vectors: {st['vectors']['backend']} {st['vectors']['kind']} (chunks), "
               f"{st['clauses']['kind']} ({m['clauses']} clauses)")


@main.command()
@click.argument("question")
@click.option("--corpus", "corpus_dir", type=_path,
              help="Folder of documents [default: corpus/]; another folder is indexed into its own index, as `index --corpus` does.")
@click.option("--index", "index_dir", type=_path, help="Index folder to use [default: index/, see --corpus].")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object (fields: answer, abstained, citations, passages).")
@click.option("-k", "--top-k", type=int, help="Passages to return [default: 10].")
@click.option("--history", multiple=True, metavar="QUESTION",
              help="An earlier question of the conversation (repeat, oldest first): QUESTION is then a follow-up such as 「那经理呢？」.")
@_kb_option
def ask(question, corpus_dir, index_dir, as_json, top_k, history, kb):
    """Answer QUESTION with quotes from the corpus (or a knowledge base)."""
    def go():
        from .answer import cell_of, to_dict
        from .bot import ChatBot

        result = ChatBot(_kb_settings(kb, corpus_dir=corpus_dir, index_dir=index_dir, top_k=top_k)).ask(question, list(history))
        if as_json:
            click.echo(json.dumps(to_dict(result), ensure_ascii=False, indent=2))
            return
        if result.notice:
            click.echo(result.notice)
        click.echo(result.answer)
        for c in result.citations:
            where = next((f" · {h.chunk.location}" for h in result.passages if h.chunk.source == c.source
                          and h.chunk.start <= c.start < h.chunk.end and h.chunk.location), "")
            click.echo(f"[{c.n}] {c.source} › {c.section}{where} [{c.start}:{c.end}]")
            if c.columns:  # a table row: its header above it, so each value has its column's name
                click.echo(f"    表头：{' | '.join(c.columns)}\n    该行：{c.quote}")
                asked = cell_of(c)   # the cell the question names by its column (cells.cell_focus)
                if asked is not None:
                    click.echo(f"    所问：{c.columns[asked]}：{c.quote.split('|')[asked].strip()}")
        if result.abstained:
            for h in result.passages[:3]:
                click.echo(f"  {h.rank}. {h.chunk.source} › {h.chunk.section}: {h.chunk.text[:80]}…")
    _run(go)


@main.command("eval")
@click.argument("questions", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--corpus", "corpus_dir", type=_path, help="Evaluate against this folder (indexed into its own index).")
@click.option("--details", type=_path, help="Write one JSON line per question here.")
@click.option("--report", type=_path, help="Write report.md and chart.png (hit@k, by kind, failures) into this folder.")
@click.option("--json", "as_json", is_flag=True, help="Print the metrics as JSON.")
@click.option("--min", "floors", multiple=True, metavar="METRIC=VALUE",
              help="Fail (exit 1) when a metric is below VALUE, e.g. --min hit@5=0.9 (repeatable).")
@click.option("--max", "ceilings", multiple=True, metavar="METRIC=VALUE",
              help="Fail (exit 1) when a metric is above VALUE, e.g. --max false_abstain=0.05 (repeatable).")
@_kb_option
def evaluate_cmd(questions, corpus_dir, details, report, as_json, floors, ceilings, kb):
    """Measure retrieval and answers on a question set (JSON Lines)."""
    def go():
        from tqdm import tqdm

        from .bot import ChatBot
        from .evaluate import evaluate, load_questions
        settings = _kb_settings(kb, corpus_dir=corpus_dir)   # another folder: its own index, never the default one
        bot = ChatBot(settings)
        qs, errors = load_questions(questions)
        for e in errors:
            click.echo(f"{questions}: {e}", err=True)
        if not qs:
            raise click.ClickException(f"{questions}: no usable question (see the lines above)")
        bot.warm_up()
        with tqdm(total=len(qs), disable=not sys.stderr.isatty(), desc="eval") as bar:
            result, rows = evaluate(bot, qs, bar.update)
        if details:
            with open(details, "w", encoding="utf-8") as f:
                for row in rows:
                    f.write(json.dumps(row, ensure_ascii=False) + "\n")
        if report:
            from .report import write_report

            click.echo(f"report: {write_report(result, rows, report, f'Evaluation of {questions.name}')}", err=True)
        if as_json:
            click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        else:
            for key, value in result.items():
                if not key.startswith("by_"):
                    click.echo(f"{key:>22}: {value}")
        failed = []
        for bound, sign in [(b, "<") for b in floors] + [(b, ">") for b in ceilings]:
            name, _, value = bound.partition("=")
            if name not in result:
                raise click.ClickException(f"unknown metric {name!r}: one of {', '.join(k for k in result if '_' in k or '@' in k)}")
            if (result[name] < float(value)) if sign == "<" else (result[name] > float(value)):
                failed.append(f"{name} = {result[name]} {sign} {value}")
        if failed:
            raise click.ClickException("outside the bounds: " + "; ".join(failed))
    _run(go)


@main.command()
@click.option("--host", help="Bind address [default: 127.0.0.1].")
@click.option("--port", type=int, help="Port [default: 7860].")
@click.option("--root-path", default="", help="URL prefix when served behind a proxy, e.g. /qa.")
def serve(host, port, root_path):
    """Start the web chat and the API (same as `python ui.py`)."""
    def go():
        from .serve import launch

        launch(_settings(host=host, port=port), root_path.rstrip("/"))
    _run(go)


if __name__ == "__main__":  # pragma: no cover
    main()
