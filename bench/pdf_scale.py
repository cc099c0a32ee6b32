"""Indexing a long generated PDF: seconds, peak memory growth, and every page in the page map.

    python bench/pdf_scale.py [--pages 300] [--table-every 10] [--json]

Consumes: nothing; writes a PDF of --pages pages with reportlab into a temporary folder (a running
header, a page number, an outline heading and hard-wrapped paragraphs on every page, a ruled table
every --table-every pages). Produces, in this process: the seconds to read it (readers/pdf.py) and to
index it (documents → chunks → BM25 → vectors, with bench/fake_embed.py's random 384-d vectors, so
no model time is counted), the growth of the process's peak RSS (ru_maxrss) over a warm-up run on a
2-page PDF of the same kind (so imports, the jieba dictionary and pdfplumber are loaded before the
measure), the chunks, and the page numbers found in the page map; with --json, one JSON object,
including the last line the reading progress bar drew (stderr stands in for a terminal).
tests/test_pdf.py runs it as a child process and asserts on that JSON.
Shortcut: ru_maxrss is a high-water mark, so the figure is the peak growth, not what stays held.
"""
from __future__ import annotations

import io
import json
import resource
import sys
import tempfile
import time
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = "本行个人住房贷款的期限最长为三十年，首付比例不低于百分之二十，利率按人民银行公布的基准利率执行"


def write_pdf(path: Path, pages: int, table_every: int = 10) -> Path:
    """A long PDF: header 「某银行业务手册」, footer 「第N页」, heading 「第N节 …」, wrapped lines, tables."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for n in range(1, pages + 1):
        c.setFont("STSong-Light", 9)
        c.drawString(72, 800, "某银行业务手册")
        c.drawString(290, 30, f"第{n}页")
        c.setFont("STSong-Light", 12)
        c.drawString(72, 760, f"第{n}节 业务规则{n}")
        y = 736
        for k in range(12):
            c.drawString(72, y, f"{WORDS[k * 3 % 20:k * 3 % 20 + 28]}，编号{n}-{k}，")
            y -= 18
        c.drawString(72, y, f"本节规则自第{n}日起执行。")
        if table_every and n % table_every == 0:
            top = y - 30
            for r in range(4):
                c.drawString(80, top - 18 * r - 13, f"项目{n}-{r}")
                c.drawString(200, top - 18 * r - 13, f"{r * n}元")
            for r in range(5):
                c.line(72, top - 18 * r, 320, top - 18 * r)
            for x in (72, 190, 320):
                c.line(x, top, x, top - 72)
        c.showPage()
    c.save()
    return path


class _Terminal(io.StringIO):
    """Stands in for a terminal on stderr, so tqdm draws its bar here."""

    def isatty(self) -> bool:
        return True


def _index(folder: Path, index_dir: Path):
    from bench.fake_embed import FakeEmbedder
    from chatbot.documents import load_corpus
    from chatbot.index import build_index
    from chatbot.settings import Settings

    started = time.perf_counter()
    docs, skipped = load_corpus(folder)
    read_s = time.perf_counter() - started
    index = build_index(Settings(corpus_dir=folder, index_dir=index_dir), FakeEmbedder("fake-pdf-scale"), progress=True)
    return docs, skipped, index, read_s, time.perf_counter() - started - read_s


def measure(pages: int, table_every: int) -> dict:
    """Warm up on 2 pages, then index a `pages`-page PDF; the figures of the module docstring."""
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        (tmp / "warm").mkdir()
        write_pdf(tmp / "warm" / "短手册.pdf", 2, table_every=1)
        _index(tmp / "warm", tmp / "warm-index")
        (tmp / "long").mkdir()
        started = time.perf_counter()
        write_pdf(tmp / "long" / "长手册.pdf", pages, table_every)
        write_s = time.perf_counter() - started
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        stderr, sys.stderr = sys.stderr, _Terminal()
        try:
            docs, skipped, index, read_s, index_s = _index(tmp / "long", tmp / "long-index")
        finally:
            drawn, sys.stderr = sys.stderr.getvalue(), stderr
        after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        bars = [l.strip() for l in drawn.replace("\r", "\n").splitlines() if "page" in l]
        return {"pages": pages, "pdf_mb": round((tmp / "long" / "长手册.pdf").stat().st_size / 2**20, 2),
                "write_s": round(write_s, 2), "read_s": round(read_s, 2), "index_s": round(index_s, 2),
                "chunks": len(index.chunks), "tables": sum(b.kind == "table" for d in docs for b in d.blocks),
                "peak_rss_mb": round(after / 1024, 1), "rss_growth_mb": round((after - before) / 1024, 1),
                "pages_in_map": [p.page for d in docs for p in d.places], "skipped": [s.reason for s in skipped],
                "warnings": [d.warning for d in docs if d.warning], "progress": bars[-1] if bars else ""}


@click.command()
@click.option("--pages", default=300, show_default=True)
@click.option("--table-every", default=10, show_default=True, help="a ruled table every N pages (0 = none)")
@click.option("--json", "as_json", is_flag=True, help="one JSON object (for tests/test_pdf.py)")
def main(pages: int, table_every: int, as_json: bool) -> None:
    m = measure(pages, table_every)
    if as_json:
        print(json.dumps(m, ensure_ascii=False))
        return
    complete = m["pages_in_map"] == list(range(1, pages + 1))
    print(f"{pages} pages ({m['pdf_mb']} MB, {m['tables']} tables): read {m['read_s']} s "
          f"({1000 * m['read_s'] / pages:.1f} ms/page), indexed {m['index_s']} s ({m['chunks']} chunks, fake vectors); "
          f"peak RSS {m['peak_rss_mb']} MB, growth {m['rss_growth_mb']} MB over a 2-page warm-up; "
          f"page map {'complete' if complete else 'INCOMPLETE'}\nprogress bar: {m['progress']}")


if __name__ == "__main__":
    main()
