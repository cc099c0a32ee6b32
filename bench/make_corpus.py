"""Write a large synthetic corpus for runtime benchmarks: the CMRC trial passages, repeated with perturbations.

    python bench/make_corpus.py /tmp/big-corpus --chunks 100000 [--source DIR] [--seed 0]

Consumes: a folder of .md/.txt documents (default: ../shared/benchmarks/cmrc2018-trial/corpus).
Produces: OUT/copy-NNNN/<name>.txt, copy after copy, until the product's chunker (settings
CHATBOT_CHUNK_MAX / MIN) yields at least --chunks chunks; prints the counts as JSON.
Copy 0 is the source as is; every later copy shuffles the sentences of each paragraph, replaces
every digit with a random one and swaps the two most frequent two-character words of the
document, so BM25 and duplicate-looking text do not collapse into identical chunks.
Deterministic: the same seed and source give the same files. For latency and throughput only:
the questions of the source set no longer have one right answer in it.
"""
from __future__ import annotations

import random
import re
import sys
from collections import Counter
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CMRC  # noqa: E402

SENTENCE = re.compile(r"[^。！？!?]+[。！？!?]*")
WORD2 = re.compile(r"[\u4e00-\u9fff]{2}")


def perturb(text: str, rnd: random.Random) -> str:
    """Shuffle sentences within each paragraph (headings kept), new digits, swap two frequent words."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("#") or len(line) < 20:
            lines.append(line)
            continue
        sentences = SENTENCE.findall(line)
        rnd.shuffle(sentences)
        lines.append("".join(sentences))
    out = re.sub(r"\d", lambda _: str(rnd.randrange(10)), "\n".join(lines))
    common = [w for w, _ in Counter(WORD2.findall(out)).most_common(2)]
    if len(common) == 2:
        a, b = common
        out = out.replace(a, "\0").replace(b, a).replace("\0", b)
    return out


@click.command()
@click.argument("out", type=click.Path(file_okay=False, path_type=Path))
@click.option("--chunks", "target", default=100_000, show_default=True, help="Stop once this many chunks are written.")
@click.option("--source", type=click.Path(exists=True, file_okay=False, path_type=Path), default=CMRC / "corpus")
@click.option("--seed", default=0, show_default=True)
def main(out: Path, target: int, source: Path, seed: int) -> None:
    import json

    from chatbot.documents import load_corpus
    from chatbot.index import build_chunks
    from chatbot.settings import load_settings

    settings = load_settings()
    docs, _ = load_corpus(source)
    if not docs:
        raise click.ClickException(f"no documents in {source}")
    if out.exists() and any(out.iterdir()):
        raise click.ClickException(f"{out} is not empty: give a new folder")
    rnd = random.Random(seed)
    chunks = files = copy = 0
    chars = 0
    while chunks < target:
        folder = out / f"copy-{copy:04d}"
        folder.mkdir(parents=True)
        written = []
        for doc in docs:
            text = doc.text if copy == 0 else perturb(doc.text, rnd)
            path = folder / (Path(doc.source).stem + ".txt")
            path.write_text(text, encoding="utf-8")
            written.append(path)
            chars += len(text)
        part, _ = load_corpus(folder)
        chunks += len(build_chunks(part, settings))
        files += len(written)
        copy += 1
    print(json.dumps({"folder": str(out), "copies": copy, "files": files, "chunks": chunks, "chars": chars}))


if __name__ == "__main__":
    main()
