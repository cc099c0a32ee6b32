"""Pooled chunk vectors (CHATBOT_CLAUSE_VECTORS=pooled): clause passes only, chunk vectors pooled from them.
Hand-computed means on a character embedder, the embedding cache across rebuilds, the paced progress of
the knowledge-base builds, and (real model) clause vectors identical to `separate`."""
import dataclasses

import numpy as np
from chatbot.chunks import Chunk
from chatbot.embedding.pooled import encode_pooled, pieces, stats_from_tokens


class CharEmbedder:
    """One token per character of prompt + text, plus <s> and </s> (offsets (0, 0)); a token's vector is
    (is digit, is CJK, is other, 1 + position in the text it was encoded with)."""

    dim = 4
    model_id = "char-v1"

    def __init__(self):
        self.encoded = []

    def prompt_prefix(self, prompt):
        return "passage: "

    def token_embeddings(self, texts, prompt="passage"):
        out = []
        for text in texts:
            full = self.prompt_prefix(prompt) + text
            vecs = [[0, 0, 0, 0]] + [[c.isdigit(), "\u4e00" <= c <= "\u9fff",
                                      not c.isdigit() and not "\u4e00" <= c <= "\u9fff", i + 1]
                                     for i, c in enumerate(full)] + [[0, 0, 0, 0]]
            offsets = [(0, 0)] + [(i, i + 1) for i in range(len(full))] + [(0, 0)]
            out.append((np.array(vecs, dtype=np.float32), offsets))
        return out

    def piece_stats(self, texts):
        self.encoded.extend(texts)
        return stats_from_tokens(self.token_embeddings(texts), len(self.prompt_prefix("passage")))

    def encode_passages(self, texts, progress=False):
        raise AssertionError("pooled mode encodes through piece_stats only")

    encode_queries = encode_passages


def unit(v):
    return v / np.linalg.norm(v)


CHUNK = Chunk(id=3, source="a.txt", section="休假", path=("休假",), start=50, end=62,
              text="年假5天，婚假13天。问：产假呢?", context="休假", doc="a.txt")


def test_clause_vectors_are_their_own_pass_and_the_chunk_vector_pools_text_tokens():
    emb = CharEmbedder()
    spans = np.array([[3, 50, 55], [3, 55, 61]])  # 「年假5天，」「婚假13天。」 (document offsets)
    chunk_vecs, clause_vecs = encode_pooled(emb, [CHUNK], spans)
    assert pieces(CHUNK) == ["a.txt\n休假", "年假5天，", "婚假13天。", "问：", "产假呢?"]
    for row, text in enumerate(["年假5天，", "婚假13天。"]):
        tokens = emb.token_embeddings([text])[0][0]
        assert np.allclose(clause_vecs[row], unit(tokens.mean(axis=0)), atol=1e-6)  # what `separate` gives
    text_tokens = [emb.token_embeddings([p])[0][0][1 + len("passage: "):-1] for p in pieces(CHUNK)]
    assert all(len(t) == len(p) for t, p in zip(text_tokens, pieces(CHUNK)))  # no prompt, no <s> </s>
    assert np.allclose(chunk_vecs[0], unit(np.concatenate(text_tokens).mean(axis=0)), atol=1e-6)
    assert chunk_vecs.dtype == clause_vecs.dtype == np.float32
    assert len(emb.encoded) == len(set(emb.encoded)) == 5  # a clause that is also a piece is encoded once


def test_cached_texts_are_not_encoded_again():
    emb = CharEmbedder()
    spans = np.array([[3, 50, 55]])
    chunk_cache, clause_cache = {}, {}
    first = encode_pooled(emb, [CHUNK], spans, chunk_cache, clause_cache)
    emb.encoded.clear()
    again = encode_pooled(emb, [CHUNK], spans, chunk_cache, clause_cache)
    assert emb.encoded == []
    assert all(np.array_equal(a, b) for a, b in zip(first, again))
    other = dataclasses.replace(CHUNK, id=4, text="年假5天，病假另计。", end=60)
    encode_pooled(emb, [CHUNK, other], np.array([[3, 50, 55], [4, 50, 55]]), chunk_cache, clause_cache)
    assert sorted(emb.encoded) == sorted(pieces(other))  # a new chunk's pieces only; its clause vector was known


def test_pooled_builds_reuse_the_previous_build_and_go_stale_under_another_mode(settings):
    from chatbot.index import build_index, corpus_state, stale_reason

    pooled = dataclasses.replace(settings, clause_vectors="pooled")
    emb = CharEmbedder()
    first = build_index(pooled, emb)
    assert first.manifest["clause_vectors"] == "pooled" and len(emb.encoded) > 0
    assert first.clause_store.ntotal == len(first.clause_spans)
    emb.encoded.clear()
    changed = next(p for p in sorted(settings.corpus_dir.iterdir()) if p.suffix == ".txt")
    changed.write_text(changed.read_text(encoding="utf-8") + "\n新增一句：周末营业到晚上八点。\n", encoding="utf-8")
    build_index(pooled, emb)
    assert 0 < len(emb.encoded) < 10 and any("周末营业" in t for t in emb.encoded)
    _, state = corpus_state(pooled)
    assert "clause vectors" in stale_reason(first.manifest, settings, emb.model_id, state)


def test_knowledge_base_builds_pace_piece_stats_and_report_progress():
    from chatbot.kb.indexer import Paced

    emb, reports = CharEmbedder(), []
    texts = ["长" * (i % 7 + 1) + str(i) for i in range(300)]
    means, sums, counts = Paced(emb, lambda done, total: reports.append((done, total))).piece_stats(texts)
    direct = emb.piece_stats(texts)
    assert np.allclose(means, direct[0]) and np.allclose(sums, direct[1]) and np.array_equal(counts, direct[2])
    assert reports[-1] == (300, 300) and [d for d, _ in reports] == sorted(d for d, _ in reports)


def test_real_model_pooled_clause_vectors_equal_separate_and_chunks_stay_close(real_embedder):
    from chatbot.chunks import quotable
    from chatbot.documents import load_corpus
    from chatbot.index import build_chunks
    from chatbot.settings import Settings

    s = Settings()
    chunks = build_chunks(load_corpus(s.corpus_dir)[0], s)[:12]
    spans = np.array([(c.id, a, b) for c in chunks for a, b in quotable(c)], dtype=np.int64)
    chunk_vecs, clause_vecs = encode_pooled(real_embedder, chunks, spans)
    position = {c.id: i for i, c in enumerate(chunks)}
    texts = [chunks[position[int(i)]].text[a - chunks[position[int(i)]].start:b - chunks[position[int(i)]].start]
             for i, a, b in spans]
    assert np.allclose(clause_vecs, real_embedder.encode_passages(texts), atol=2e-4)
    cos = (chunk_vecs * real_embedder.encode_passages([c.embed_text for c in chunks])).sum(axis=1)
    assert cos.min() > 0.9, cos
