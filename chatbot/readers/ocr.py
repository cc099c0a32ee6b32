"""OCR for PDF pages without a text layer (scans), with RapidOCR and the default models inside its wheel.

Consumes: an open pypdfium2 document and the 0-based indexes of its scanned pages. Produces: each
page's text as lines (`{index: [line, …]}`) and the pages it failed on (`{index: reason}`).
Engine: `rapidocr==3.10.0` on ONNX Runtime with its defaults, PP-OCRv6 small detection and
recognition (Chinese and English) and the PP-OCR mobile text-direction classifier; those three
files ship inside the wheel (rapidocr/models/), and the engine is built only when they are there, so
nothing is ever downloaded (tests/test_pdf.py runs it with the network cut). No other model is chosen.
Pages are rendered by PDFium at `SCALE` × 72 dpi; text boxes become lines top to bottom (a box joins
a line when its vertical centre lies within the line's height), left to right inside a line.
Results are cached per file content (sha256) in `cache_dir`, so re-reading an unchanged PDF (the
index's staleness check reads the corpus at every start) never repeats OCR. A progress bar (tqdm, on
a terminal only) counts the pages OCR'd.
Shortcuts: one column is assumed (the lines of a two-column scan interleave); tables on a scan come
out as lines of text; the engine is one per process, shared under a lock.
"""
from __future__ import annotations

import json
import logging
import re
import threading
from pathlib import Path

log = logging.getLogger(__name__)

SCALE = 2.0  # 144 dpi: 12-point text is ~24 px high, what the recogniser (48 px lines) reads well
MODELS = ("PP-OCRv6_det_small.onnx", "ch_ppocr_mobile_v2.0_cls_mobile.onnx", "PP-OCRv6_rec_small.onnx")  # 3.10.0's defaults
ENGINE = f"rapidocr 3.10.0 {'+'.join(MODELS)} scale {SCALE}"  # recorded in the cache: another engine or scale → OCR again
_LATIN = re.compile(r"[A-Za-z0-9]")
_engine = None
_lock = threading.Lock()


class OcrUnavailable(RuntimeError):
    """The OCR package or its bundled models are missing; the message says what to install."""


def engine():
    """The RapidOCR engine with its default models, built on first use (~2 s); OcrUnavailable if it cannot be."""
    global _engine
    with _lock:
        if _engine is None:
            try:
                import rapidocr
            except ImportError as exc:
                raise OcrUnavailable(f"the OCR package is not installed ({exc}): pip install rapidocr==3.10.0") from exc
            folder = Path(rapidocr.__file__).parent / "models"
            missing = [m for m in MODELS if not (folder / m).is_file()]
            if missing:  # rapidocr would download them: refuse instead
                raise OcrUnavailable(f"rapidocr's bundled models are missing ({', '.join(missing)}): "
                                     "reinstall rapidocr==3.10.0")
            _engine = rapidocr.RapidOCR(params={"Global.log_level": "warning"})
        return _engine


def order_lines(boxes, texts) -> list[str]:
    """OCR boxes (4 corner points each, pixels, y down) and their texts → lines of text in reading order.

    Example: order_lines([[[0, 0], [9, 0], [9, 9], [0, 9]], [[50, 1], [90, 1], [90, 10], [50, 10]]], ["甲", "乙"]) == ["甲 乙"]
    """
    items = []
    for box, text in zip(boxes if boxes is not None else (), texts or ()):
        text = " ".join(str(text).split())
        if text:
            xs, ys = [float(p[0]) for p in box], [float(p[1]) for p in box]
            items.append((min(ys), max(ys), min(xs), max(xs), text))
    lines: list[list] = []  # [top, bottom, [(x0, x1, text), …]]
    for top, bottom, x0, x1, text in sorted(items, key=lambda it: (it[0] + it[1]) / 2):
        centre = (top + bottom) / 2
        if lines and lines[-1][0] <= centre <= lines[-1][1]:
            lines[-1][2].append((x0, x1, text))
        else:
            lines.append([top, bottom, [(x0, x1, text)]])
    out = []
    for top, bottom, pieces in lines:
        pieces.sort()
        line = pieces[0][2]
        for (_, prev_x1, prev), (x0, _, text) in zip(pieces, pieces[1:]):
            apart = x0 - prev_x1 > 0.6 * (bottom - top) or (_LATIN.match(text[0]) and _LATIN.match(prev[-1]))
            line += (" " if apart else "") + text
        out.append(line)
    return out


def ocr_pages(pdf, indexes: list[int], name: str = "", cache_dir: Path | None = None,
              digest: str = "") -> tuple[dict[int, list[str]], dict[int, str]]:
    """OCR these pages of `pdf` (a pypdfium2 PdfDocument): ({index: lines}, {index: why it failed}).

    Raises OcrUnavailable (before any page) when the engine cannot be built.
    """
    cache = _load(cache_dir, digest)
    done = {i: cache[str(i + 1)] for i in indexes if str(i + 1) in cache}
    todo = [i for i in indexes if i not in done]
    failed: dict[int, str] = {}
    if not todo:
        return done, failed
    ocr = engine()
    from tqdm import tqdm

    with tqdm(total=len(todo), desc=f"OCR {name}".strip(), unit="page", disable=None) as bar:
        for i in todo:
            try:
                page = pdf[i]
                bitmap = page.render(scale=SCALE)
                result = ocr(bitmap.to_numpy())
                bitmap.close()
                page.close()
                done[i] = order_lines(result.boxes, result.txts)
                cache[str(i + 1)] = done[i]
            except Exception as exc:  # one bad page never stops the others
                failed[i] = f"{type(exc).__name__}: {str(exc)[:120]}"
            bar.update()
    _save(cache_dir, digest, cache)
    return done, failed


def _load(cache_dir: Path | None, digest: str) -> dict[str, list[str]]:
    if not (cache_dir and digest):
        return {}
    try:
        data = json.loads((Path(cache_dir) / f"{digest}.json").read_text(encoding="utf-8"))
        return data["pages"] if data.get("engine") == ENGINE else {}
    except (OSError, ValueError, KeyError, TypeError):
        return {}


def _save(cache_dir: Path | None, digest: str, pages: dict[str, list[str]]) -> None:
    if not (cache_dir and digest):
        return
    try:
        Path(cache_dir).mkdir(parents=True, exist_ok=True)
        tmp = Path(cache_dir) / f"{digest}.json.tmp"
        tmp.write_text(json.dumps({"engine": ENGINE, "pages": pages}, ensure_ascii=False), encoding="utf-8")
        tmp.replace(Path(cache_dir) / f"{digest}.json")
    except OSError as exc:  # a read-only index folder: OCR again next time
        log.warning("could not write the OCR cache in %s (%s)", cache_dir, exc)
