"""Vector stores: FAISS index types agree with exact search, the choice is recorded and makes an index stale
when it changes, and the Milvus Lite backend ranks like FAISS flat and survives a rebuild."""
import dataclasses

import numpy as np
import pytest

from chatbot.errors import IndexUnavailable, SettingsError
from chatbot.index import build_index, load_index, open_index
from chatbot.settings import Settings, load_settings
from chatbot.retrieve import Retriever
from chatbot.vectors import choose_index_type
from chatbot.vectors.faiss_store import FaissStore

QUESTIONS = ["定期存款利率", "住房贷款首付", "客服电话", "忘记密码", "信用卡年费", "周末营业时间"]


def unit_rows(n, d=16, seed=0):
    x = np.random.default_rng(seed).standard_normal((n, d)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def ranked_ids(settings, embedder):
    retriever = Retriever(load_index(settings.index_dir, settings), settings)
    return [[h.chunk.id for h in retriever.search(q, embedder.encode_queries([q])[0], k=5)] for q in QUESTIONS]


@pytest.mark.parametrize("n, index_type, flat_max, expected", [
    (10, "auto", 100, "flat"), (101, "auto", 100, "hnsw"), (5, "hnsw", 100, "hnsw"),
    (5, "ivfpq", 100, "flat"),  # too few vectors to train product quantisation
    (200_000, "ivfpq", 100, "ivfpq"), (200_000, "flat", 100, "flat"),
])
def test_choose_index_type(n, index_type, flat_max, expected):
    assert choose_index_type(n, index_type, flat_max) == expected


def test_unknown_index_type_is_refused_clearly():
    with pytest.raises(SettingsError, match="unknown index type 'annoy'.*auto, flat, hnsw, ivfpq"):
        choose_index_type(10, "annoy")
    with pytest.raises(SettingsError, match="CHATBOT_INDEX_TYPE"):
        load_settings(index_type="annoy")


def test_hnsw_top_10_matches_exact_search_on_small_data(tmp_path):
    x, q = unit_rows(2000), unit_rows(50, seed=1)
    flat, hnsw = FaissStore.build(x, "flat"), FaissStore.build(x, "hnsw")
    _, exact = flat.search(q, 10)
    _, approx = hnsw.search(q, 10)
    assert np.mean([len(set(a) & set(b)) / 10 for a, b in zip(exact, approx)]) >= 0.95
    assert np.array_equal(hnsw.vectors([3, 1999]), x[[3, 1999]])
    hnsw.save(tmp_path / "v.faiss")
    again = FaissStore.load(tmp_path / "v.faiss", hnsw.describe())
    assert again.describe() == hnsw.describe() and np.array_equal(again.search(q, 10)[1], approx)


def test_flat_and_hnsw_give_the_same_ranking_on_the_fixture(settings, embedder):
    build_index(settings, embedder)
    flat = ranked_ids(settings, embedder)
    hnsw_settings = dataclasses.replace(settings, index_type="hnsw")
    built = build_index(hnsw_settings, embedder)
    assert built.manifest["stores"]["vectors"]["index_type"] == "IndexHNSWFlat"
    assert ranked_ids(hnsw_settings, embedder) == flat


def test_manifest_records_the_index_type_and_auto_switches_above_the_threshold(settings, embedder):
    small = build_index(settings, embedder).manifest
    assert small["index_type"] == "flat" and small["store"] == {"vector_store": "faiss", "index_type": "auto",
                                                                   "flat_max": settings.flat_max}
    assert small["stores"]["vectors"] == {"backend": "faiss", "requested": "auto", "kind": "flat",
                                          "index_type": "IndexFlatIP", "ntotal": 8, "dim": 9}
    tiny = dataclasses.replace(settings, flat_max=10)  # 8 chunks stay exact, their clauses (more than 10) go HNSW
    stores = open_index(tiny, embedder).manifest["stores"]  # the threshold change makes the clause store stale
    assert (stores["vectors"]["kind"], stores["clauses"]["kind"]) == ("flat", "hnsw")
    assert stores["clauses"]["ntotal"] > 10 and stores["clauses"]["ef_search"] > 0
    assert load_index(settings.index_dir).manifest["stores"] == stores


def test_changing_the_index_type_makes_the_index_stale(settings, embedder):
    first = open_index(settings, embedder)
    assert open_index(settings, embedder).path == first.path
    rebuilt = open_index(dataclasses.replace(settings, index_type="hnsw"), embedder)
    assert rebuilt.path != first.path and rebuilt.manifest["index_type"] == "hnsw"


def test_damaged_clause_vectors_are_refused(settings, embedder):
    built = build_index(settings, embedder)
    (built.path / "clauses.faiss").write_bytes(b"garbage")
    with pytest.raises(IndexUnavailable, match="vector file .*clauses.faiss is damaged.*chatbot index"):
        load_index(settings.index_dir)


def test_milvus_lite_ranks_like_faiss_flat_and_survives_a_rebuild(settings, embedder, corpus, tmp_path):
    pytest.importorskip("pymilvus")
    from chatbot.vectors.milvus_store import client

    build_index(settings, embedder)
    flat = ranked_ids(settings, embedder)
    lite = dataclasses.replace(settings, vector_store=str(tmp_path / "vectors.db"))
    first = open_index(lite, embedder)  # the backend change makes the FAISS index stale
    assert first.manifest["stores"]["vectors"]["backend"] == "milvus"
    assert not (first.path / "vectors.faiss").exists()
    assert ranked_ids(lite, embedder) == flat
    assert np.allclose(first.clause_store.vectors([0, 2]), embedder.encode_passages(
        [first.chunks[i].text[s - first.chunks[i].start:e - first.chunks[i].start] for i, s, e in first.clause_spans[[0, 2]]]))
    milvus = client(lite.vector_store)
    collections = {first.manifest["stores"][n]["collection"] for n in ("vectors", "clauses")}
    assert collections <= set(milvus.list_collections())

    (corpus / "银行手册.txt").write_text("存款业务\n定期存款的年利率调整为3.1%,即日生效。\n", encoding="utf-8")
    second = open_index(lite, embedder)
    assert second.path != first.path and first.path.exists()  # the previous build stays for replicas still on it
    assert collections <= set(milvus.list_collections())
    assert any("3.1%" in h.chunk.text for h in Retriever(load_index(lite.index_dir, lite), lite).search(
        "定期存款利率", embedder.encode_queries(["定期存款利率"])[0], k=3))
    (corpus / "guide.md").write_text((corpus / "guide.md").read_text(encoding="utf-8") + "\n补充。\n", encoding="utf-8")
    third = open_index(lite, embedder)
    assert not first.path.exists() and second.path.exists() and third.path.exists()
    left = set(milvus.list_collections())
    assert not collections & left  # the first build's collections were dropped with its folder
    assert {third.manifest["stores"][n]["collection"] for n in ("vectors", "clauses")} <= left


def test_milvus_lite_hnsw_collection_agrees_with_exact_search(tmp_path):
    pytest.importorskip("pymilvus")
    from chatbot.vectors.milvus_store import MilvusStore, connection

    x, q = unit_rows(300), unit_rows(20, seed=1)
    lite = MilvusStore.build(x, str(tmp_path / "v.db"), "build-t", "vectors", "hnsw")
    assert lite.describe()["kind"] == "hnsw" and lite.describe()["collection"] == "chatbot_build_t_vectors"
    scores, ids = lite.search(q, 5)
    exact = np.argsort(-(q @ x.T), axis=1)[:, :5]
    assert np.mean([len(set(a) & set(b)) / 5 for a, b in zip(ids, exact)]) >= 0.95
    assert np.allclose(scores, np.take_along_axis(q @ x.T, ids, 1), atol=1e-5)
    assert np.allclose(lite.vectors([7, 0]), x[[7, 0]], atol=1e-6)
    with pytest.raises(SettingsError, match="unknown vector store 'redis://x' .CHATBOT_VECTOR_STORE."):
        connection("redis://x")
    with pytest.raises(SettingsError, match="milvus://host:port"):
        dataclasses.replace(Settings(), vector_store="redis://x")
