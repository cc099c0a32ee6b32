"""Late chunking: span pooling by character offsets, checked against hand-computed means."""
import numpy as np
import pytest

from chatbot.chunks import Chunk
from chatbot.embedding.late import encode_with_clauses, pool_spans


def test_pool_spans_hand_computed():
    tokens = np.array([[9, 9], [1, 0], [0, 1], [3, 3], [9, 9]], dtype=np.float32)
    offsets = [(0, 0), (0, 2), (2, 3), (3, 6), (0, 0)]  # <s>, three real tokens, </s>
    out = pool_spans(tokens, offsets, [(0, 3), (1, 2), (2, 4), (5, 6), (6, 9)])
    assert np.allclose(out[:4], [[0.5, 0.5], [1, 0], [1.5, 2], [3, 3]])  # a straddling token counts for both
    assert np.isnan(out[4]).all()  # no token there: the caller embeds it on its own


class CharEmbedder:
    """One token per character of prompt + text; a token's vector is (is digit, is CJK, is other, position)."""

    dim = 4

    def prompt_prefix(self, prompt):
        return "passage: "

    def token_embeddings(self, texts, prompt):
        out = []
        for text in texts:
            full = self.prompt_prefix(prompt) + text
            vecs = [[c.isdigit(), "\u4e00" <= c <= "\u9fff", not c.isdigit() and not "\u4e00" <= c <= "\u9fff", i]
                    for i, c in enumerate(full)]
            out.append((np.array(vecs, dtype=np.float32), [(i, i + 1) for i in range(len(full))]))
        return out

    def encode_passages(self, texts, progress=False):
        raise AssertionError("every clause has tokens: nothing is embedded on its own")


def test_encode_with_clauses_pools_each_clause_inside_its_chunk():
    chunk = Chunk(id=7, source="a.txt", section="标题", path=("标题",), start=100, end=109,
                  text="利率12，期限三年", context="标题")
    spans = np.array([[7, 100, 105], [7, 105, 109]])  # "利率12，" and "期限三年" in document offsets
    chunk_vecs, clause_vecs = encode_with_clauses(CharEmbedder(), [chunk], spans)
    full = "passage: 标题\n利率12，期限三年"
    tokens = CharEmbedder().token_embeddings([chunk.embed_text], "passage")[0][0]
    start = full.index("利率")
    for row, (s, e) in enumerate([(start, start + 5), (start + 5, start + 9)]):
        expect = tokens[s:e].mean(axis=0)
        assert np.allclose(clause_vecs[row], expect / np.linalg.norm(expect), atol=1e-6)
    assert full[start:start + 5] == "利率12，"
    assert np.allclose(chunk_vecs[0], tokens.mean(0) / np.linalg.norm(tokens.mean(0)), atol=1e-6)
    assert clause_vecs.dtype == chunk_vecs.dtype == np.float32


def test_an_unknown_clause_vector_mode_is_refused_with_the_settings(settings):
    import dataclasses

    from chatbot.errors import SettingsError

    with pytest.raises(SettingsError, match="CHATBOT_CLAUSE_VECTORS.*separate, late"):
        dataclasses.replace(settings, clause_vectors="sideways")


def test_clause_vector_mode_change_makes_the_index_stale(settings, embedder):
    import dataclasses

    from chatbot.index import build_index, corpus_state, stale_reason

    built = build_index(settings, embedder)
    _, state = corpus_state(settings)
    assert stale_reason(built.manifest, settings, embedder.model_id, state) is None
    late = dataclasses.replace(settings, clause_vectors="late")
    assert "clause vectors" in stale_reason(built.manifest, late, embedder.model_id, state)
