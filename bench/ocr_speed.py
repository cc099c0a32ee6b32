"""OCR seconds per scanned page on this machine (readers/ocr.py: RapidOCR, its default models, CPU).

    python bench/ocr_speed.py [--pages 3] [--lines 30] [--threads 0]

Consumes: a CJK font (fonts-wqy-microhei). Writes a PDF of --pages pages, each only an A4 image at
150 dpi of --lines lines of Chinese text (a dense page is ~30 lines of ~30 characters; a short notice
is 3), and reads it through the PDF reader, as indexing does. Produces: the engine's load seconds, the
OCR seconds of each page (render at 144 dpi + detection + classification + recognition), their mean,
and the share of the drawn characters found again in order (difflib ratio), so speed is never
bought with misreadings unnoticed. --threads sets ONNX Runtime's OMP/intra-op threads through
OMP_NUM_THREADS (0 = its default, all cores).
Shortcut: synthetic clean scans (no noise, skew or stamps): real scans read slower and worse.
"""
from __future__ import annotations

import difflib
import os
import sys
import tempfile
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

TEXT = ("本行个人住房贷款的期限最长为三十年，首付比例不低于百分之二十。申请人须提交身份证、户口本、收入证明和购房合同，"
        "审批时间一般为七个工作日。提前还款须提前三十日书面申请，违约金按剩余本金的百分之一收取。")


def page_lines(page: int, lines: int, width: int = 30) -> list[str]:
    """`lines` lines of `width` characters, different on every page."""
    start = page * 17
    return [(TEXT * 4)[(start + k * width) % len(TEXT):][:width] for k in range(lines)]


def write_scans(path: Path, font: str, pages: int, lines: int) -> list[list[str]]:
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path))
    drawn = []
    face = ImageFont.truetype(font, 30)
    for p in range(pages):
        image = Image.new("L", (1240, 1754), 255)
        draw = ImageDraw.Draw(image)
        drawn.append(page_lines(p, lines))
        for k, line in enumerate(drawn[-1]):
            draw.text((140, 150 + 48 * k), line, font=face, fill=0)
        c.drawImage(ImageReader(image), 0, 0, *c._pagesize)
        c.showPage()
    c.save()
    return drawn


@click.command()
@click.option("--pages", default=3, show_default=True)
@click.option("--lines", default=30, show_default=True, help="text lines per page")
@click.option("--threads", default=0, show_default=True, help="OMP_NUM_THREADS for ONNX Runtime (0 = default)")
def main(pages: int, lines: int, threads: int) -> None:
    if threads:
        os.environ["OMP_NUM_THREADS"] = str(threads)
    from zoo import cjk_font

    font = cjk_font()
    if font is None:
        raise click.ClickException("no CJK font: apt-get install fonts-wqy-microhei")
    import pypdfium2 as pdfium

    from chatbot.readers import ocr

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scans.pdf"
        drawn = write_scans(path, font, pages, lines)
        started = time.perf_counter()
        ocr.engine()
        load = time.perf_counter() - started
        pdf = pdfium.PdfDocument(path.read_bytes())
        seconds, ratios = [], []
        for i in range(pages):
            started = time.perf_counter()
            got, failed = ocr.ocr_pages(pdf, [i])
            seconds.append(time.perf_counter() - started)
            assert not failed, failed
            ratios.append(difflib.SequenceMatcher(None, "".join(drawn[i]), "".join(got[i]).replace(" ", "")).ratio())
        pdf.close()
    print(f"OCR on {os.cpu_count()} cores (OMP_NUM_THREADS={os.environ.get('OMP_NUM_THREADS', 'default')}), "
          f"{lines} lines/page: engine load {load:.1f} s; per page "
          + ", ".join(f"{s:.1f}" for s in seconds) + f" s; mean {sum(seconds) / pages:.1f} s/page; "
          f"characters read back {100 * sum(ratios) / pages:.1f}%")


if __name__ == "__main__":
    main()
