"""The passage reranker (rerank.py), with the keyword embedder: weights are set by hand here (the shipped ones are fitted on the real model), so each test
checks what the code does with them, not what was fitted."""
import dataclasses

import numpy as np
import pytest
from conftest import damaged_copy

from chatbot import rerank as R
from chatbot.bot import ChatBot

ENGLISH = "How do I reset my password? what is the hotline phone number"


@pytest.fixture
def hand_set(monkeypatch):
    """Install a reranker with these weights (by feature name) for questions with a rendering (`gloss`) and without
    (`plain`), fitted, as it says, on the keyword embedder."""
    def install(model_id="fake-keywords-v1", gloss=None, plain=None):
        def vector(weights):
            return np.array([(weights or {}).get(f, 0.0) for f in R.RERANK_FEATURES])
        model = {"weights": vector(plain), "gloss_weights": vector(gloss), "embedding_model": model_id, "manifest": {}}
        monkeypatch.setattr(R, "shipped_reranker", lambda: model)
    return install


def test_the_features_of_each_passage(settings, embedder):
    bot = ChatBot(settings, embedder).warm_up()
    hits, _, qv, gv = bot.search(ENGLISH, rerank=False)
    assert gv is not None and len(hits) >= 3
    x = R.passage_matrix(ENGLISH, qv, gv, hits, bot.retriever)
    col = {f: x[:, i] for i, f in enumerate(R.RERANK_FEATURES)}
    assert x.shape == (len(hits), len(R.RERANK_FEATURES))
    assert np.allclose(col["recip_rank"], 1.0 / np.arange(1, len(hits) + 1))
    assert col["fused"][0] == 1.0 and (col["fused"] <= 1.0).all()
    stored = bot.retriever.index.store.vectors([h.chunk.id for h in hits])
    assert np.allclose(col["gloss_cos"], stored @ gv, atol=1e-6)
    assert np.allclose(col["dense"], [h.dense for h in hits]) and col["dense_gap"].max() == 0.0
    best_clause = [max(c @ gv for c in bot.retriever.clauses(h).vectors) for h in hits]
    assert np.allclose(col["gloss_clause_max"], best_clause, atol=1e-6)
    # the rendering's terms (密码, 重置, 热线, 电话 …): a passage that holds them covers more of them
    reset = [i for i, h in enumerate(hits) if "重置密码" in h.chunk.text]
    assert reset and col["term_cov"][reset[0]] > col["term_cov"].min()
    assert col["type_has"].max() == 0.0                       # "how do I": no kind of value asked
    assert ((col["latin_text"] >= 0) & (col["latin_text"] <= 1)).all()
    assert R.latin_share("XR-200主机") == 0.5 and R.latin_share("。") == 0.0
    # no Chinese subject to remove from an English question: its subject-free clause is its best clause
    assert np.allclose(col["subject_free_clause_max"], col["clause_max"])


def test_a_passage_is_compared_with_the_question_without_its_subject(settings, embedder):
    bot = ChatBot(settings, embedder).warm_up()
    q = "存款业务里定期的利率是多少?"        # 存款业务 is a section of the fixture corpus
    hits, _, qv, gv = bot.search(q, rerank=False)
    assert gv is None
    x = R.passage_matrix(q, qv, None, hits, bot.retriever)
    col = {f: x[:, i] for i, f in enumerate(R.RERANK_FEATURES)}
    assert (col["gloss_cos"] == 0).all() and (col["gloss_clause_max"] == 0).all() and (col["term_cov"] == 0).all()
    free = bot.retriever.subject_free(q, hits)
    for i, (hit, f) in enumerate(zip(hits, free)):
        v = qv if f is None else f
        assert col["subject_free_clause_max"][i] == pytest.approx(float((bot.retriever.clauses(hit).vectors @ v).max()))
    own = [i for i, h in enumerate(hits) if h.chunk.section == "存款业务"]
    assert own and any(free[i] is not None for i in own)           # its section's words were taken out
    idf, unseen = bot.retriever.idf()
    words = set(bot.retriever.lexicon.tokenize(q))
    text = hits[0].chunk.doc + " " + hits[0].chunk.context + " " + hits[0].chunk.section + " " + hits[0].chunk.text
    held = sum(idf.get(w, unseen) for w in words if w in text) / sum(idf.get(w, unseen) for w in words)
    assert col["idf_cov"][0] == pytest.approx(held)


def test_an_english_question_is_reordered_by_the_weights(settings, embedder, hand_set):
    bot = ChatBot(settings, embedder).warm_up()
    fused, _, qv, gv = bot.search(ENGLISH, rerank=False)
    hand_set(gloss={"gloss_cos": 1.0}, plain={"recip_rank": -1.0})
    hits, _, _, _ = bot.search(ENGLISH)
    cos = {h.chunk.id: float(c) for h, c in zip(fused, bot.retriever.index.store.vectors([h.chunk.id for h in fused]) @ gv)}
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert sorted(h.chunk.id for h in hits) == sorted(h.chunk.id for h in fused)       # the same passages
    got = [cos[h.chunk.id] for h in hits]
    assert got == sorted(got, reverse=True) and [h.chunk.id for h in hits] != [h.chunk.id for h in fused]
    score = {h.chunk.id: h.score for h in fused}
    assert all(h.score == score[h.chunk.id] for h in hits)                             # the fused score is kept
    hand_set(gloss={"recip_rank": -1.0})                                               # reverse the fused order
    assert [h.chunk.id for h in bot.search(ENGLISH)[0]] == [h.chunk.id for h in reversed(fused)]


def test_a_question_without_a_rendering_is_reordered_by_its_own_weights(settings, embedder, hand_set):
    bot = ChatBot(settings, embedder).warm_up()
    chinese = "忘记密码怎么重置?"
    fused = [h.chunk.id for h in bot.search(chinese, rerank=False)[0]]
    hand_set(gloss={"recip_rank": -1.0})                      # the English weights do not apply to it
    assert [h.chunk.id for h in bot.search(chinese)[0]] == fused
    hand_set(plain={"recip_rank": -1.0})
    assert len(fused) > R.RERANK_DEPTH                        # its top 5 are reordered, the rest keep their place
    assert [h.chunk.id for h in bot.search(chinese)[0]] == fused[:R.RERANK_DEPTH][::-1] + fused[R.RERANK_DEPTH:]


def test_the_fused_order_stands_without_a_fitting_model_or_the_setting(settings, embedder, hand_set):
    hand_set(gloss={"recip_rank": -1.0}, plain={"recip_rank": -1.0})
    bot = ChatBot(settings, embedder).warm_up()
    fused = [h.chunk.id for h in bot.search(ENGLISH, rerank=False)[0]]
    assert len(fused) > R.RERANK_DEPTH and [h.chunk.id for h in bot.search(ENGLISH)[0]] == fused[::-1]   # all 8, not 5
    off = ChatBot(dataclasses.replace(settings, rerank="off"), embedder).warm_up()
    assert [h.chunk.id for h in off.search(ENGLISH)[0]] == fused
    hand_set(model_id="intfloat/some-other-model", gloss={"recip_rank": -1.0}, plain={"recip_rank": -1.0})
    assert [h.chunk.id for h in bot.search(ENGLISH)[0]] == fused                        # fitted on another model


def test_shipped_reranker_loads_with_a_manifest():
    model = R.read_reranker()
    for key in ("weights", "gloss_weights"):
        assert model[key].shape == (len(R.RERANK_FEATURES),) and np.isfinite(model[key]).all()
        metrics = model["manifest"]["metrics"][key]
        assert metrics["hit1_cv"] > metrics["hit1_fused"]             # what it was shipped for, on tune
    m = model["manifest"]
    assert m["script"] == "bench/train_reranker.py" and m["data"] and m["libraries"]["scikit-learn"]


@pytest.mark.parametrize("change", [
    lambda d: d.update(features=d["features"][:-1]),
    lambda d: d.update(format_version=99),
    lambda d: d.update(weights=[1.0, 2.0]),
    lambda d: d.pop("gloss_weights"),
    lambda d: d.update(weights=[float("nan")] * len(d["weights"])),
    lambda d: d["manifest"].pop("embedding_model"),
])
def test_a_reranker_file_for_other_code_fails_loudly(tmp_path, change):
    with pytest.raises(R.RerankerError, match="refit it with bench/train_reranker.py"):
        R.read_reranker(damaged_copy(R.MODEL_FILE, change, tmp_path / "reranker.json"))


def test_a_damaged_reranker_file_stops_the_bot_at_warm_up(settings, embedder, monkeypatch, tmp_path):
    bad = damaged_copy(R.MODEL_FILE, lambda d: d.update(format_version=99), tmp_path / "reranker.json")
    monkeypatch.setattr(R, "shipped_reranker", lambda: R.read_reranker(bad))
    with pytest.raises(R.RerankerError, match="train_reranker.py"):
        ChatBot(settings, embedder).warm_up()
    ChatBot(dataclasses.replace(settings, rerank="off"), embedder).warm_up()   # off: the file is not read
