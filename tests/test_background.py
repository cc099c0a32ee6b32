"""The off-topic background (chatbot/background.py): the shipped file, the covered filter and the fit's leaving out."""
from __future__ import annotations

import json

import numpy as np
import pytest

import chatbot.background as bg


@pytest.fixture
def fresh_caches(monkeypatch):
    """Empty vector caches, so that a patched background is embedded again."""
    shipped = bg.background   # a test may patch it
    monkeypatch.setattr(bg, "_by_encoder", bg.weakref.WeakKeyDictionary())
    monkeypatch.setattr(bg, "_by_retriever", bg.weakref.WeakKeyDictionary())
    shipped.cache_clear()
    bg._sets_by_key.cache_clear()
    yield
    shipped.cache_clear()
    bg._sets_by_key.cache_clear()


def test_the_shipped_background_is_the_off_topic_tune_questions_and_copies_no_test_question():
    """chatbot/data/background.json is what bench/train_answerability.py writes from today's sets (so a new tune or test
    half needs a refit), holds only tune off-topic questions, and none of them is a test question (the blind sets judge
    the fit: a copy would score its test question as off topic by its own text)."""
    from bench.train_answerability import background_questions, held_out

    test = held_out()
    rows = json.loads(bg.BACKGROUND_FILE.read_text(encoding="utf-8"))["questions"]
    assert rows == background_questions(test)
    assert len(rows) >= 250
    assert not {bg.key(r["question"]) for r in rows} & test
    assert {r["set"] for r in rows} == {"offtopic", "blind/offtopic", "blind2/offtopic", "blind3/offtopic"}


def _bot(corpus, tmp_path, embedder):
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    return ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "idx"), embedder).warm_up()


def test_a_background_question_the_corpus_covers_is_left_out(monkeypatch, fresh_caches, corpus, tmp_path, embedder):
    """The fixture corpus answers deposit-rate questions: 「存款利率是多少」 in the background must not make a deposit
    question look off topic; 「客服电话」 (no passage near it under the keyword embedder) stays in."""
    monkeypatch.setattr(bg, "background", lambda: (("存款利率是多少", "明天天气怎么样"), ("a", "b")))
    (corpus / "存款.txt").write_text("定期存款利率为百分之二，活期存款利率为百分之零点三。", encoding="utf-8")
    bot = _bot(corpus, tmp_path, embedder)
    kept = bg.uncovered(bot.retriever)
    assert kept.shape == (1, embedder.dim)
    weather = embedder.encode_queries(["明天天气怎么样"])[0]
    deposit = embedder.encode_queries(["定期存款的利率"])[0]
    assert bg.background_max(weather, bot.retriever) == pytest.approx(1.0, abs=1e-5)
    assert bg.background_max(deposit, bot.retriever) < 0.5
    with bg.leaving_out({"b"}):   # a fit scoring set b's own question: nothing of b is left
        assert bg.background_max(weather, bot.retriever) == 0.0
    assert bg.background_max(weather, bot.retriever) == pytest.approx(1.0, abs=1e-5)   # only within the block


def test_a_latin_script_background_question_is_covered_at_its_own_level(monkeypatch, fresh_caches, corpus, tmp_path,
                                                                          embedder):
    """English questions score lower against Chinese passages (COVERED_LATIN): with that level at 0, every background
    question without a Chinese character counts as covered; the Chinese and the mixed one are left."""
    monkeypatch.setattr(bg, "background", lambda: (("明天天气怎么样", "weather tomorrow", "tell me a joke",
                                                    "Netflix 上有什么好看的 Korean drama"), ("a", "b", "b", "a")))
    monkeypatch.setattr(bg, "COVERED_LATIN", 0.0)
    bot = _bot(corpus, tmp_path, embedder)
    assert bg.uncovered(bot.retriever).shape == (2, embedder.dim)   # a mixed question is held to COVERED
    with bg.leaving_out({"a"}):
        assert bg.uncovered(bot.retriever).shape == (0, embedder.dim)


def test_sets_of_finds_a_question_by_its_normalised_text(monkeypatch, fresh_caches):
    monkeypatch.setattr(bg, "background", lambda: (("讲个笑话", "Tell me a joke.", "讲个笑话吧"), ("x", "y", "z")))
    assert bg.sets_of("讲个 笑话!") == {"x"}
    assert bg.sets_of("tell me a JOKE") == {"y"}
    assert bg.sets_of("公司地址") == frozenset()


def test_forget_drops_every_cache(fresh_caches, corpus, tmp_path, embedder):
    """After write_background rewrites the file, nothing of the old questions may be served."""
    bot = _bot(corpus, tmp_path, embedder)
    assert len(bg.uncovered(bot.retriever)) and bg._by_encoder and bg.sets_of(bg.background()[0][0])
    bg.forget()
    assert not bg._by_encoder and not bg._by_retriever
    assert bg.background.cache_info().currsize == 0 and bg._sets_by_key.cache_info().currsize == 0


def test_a_missing_background_file_fails_with_a_clear_error(monkeypatch, fresh_caches, tmp_path):
    monkeypatch.setattr(bg, "BACKGROUND_FILE", tmp_path / "none.json")
    with pytest.raises(bg.BackgroundError, match="missing or damaged"):
        bg.background()
    (tmp_path / "none.json").write_text('{"questions": [{"q": 1}]}', encoding="utf-8")
    bg.background.cache_clear()
    with pytest.raises(bg.BackgroundError, match="train_answerability"):
        bg.background()


def test_without_an_encoder_the_background_is_empty(fresh_caches, corpus, tmp_path, embedder):
    bot = _bot(corpus, tmp_path, embedder)
    bot.retriever.encode_queries = None
    bg._by_retriever.pop(bot.retriever, None)
    assert bg.uncovered(bot.retriever).shape[0] == 0
    assert bg.background_max(np.ones(embedder.dim, np.float32), bot.retriever) == 0.0


def test_a_released_encoder_and_its_embedder_are_freed(fresh_caches):
    """Neither the background's vector cache nor the embedder's encode thread keeps a model alive once nothing else
    holds it: a strong cache and an initializer bound to the embedder kept every ChatBot's model (750 MB each), and a
    probe of 30 corpora in one process ran out of memory."""
    import gc
    import weakref

    from chatbot.embedding.embedder import SentenceEmbedder

    class Encoder:
        def encode(self, texts):
            return np.ones((len(texts), 4), np.float32) / 2

    encoder, embedder = Encoder(), SentenceEmbedder()
    assert bg._vectors(encoder.encode).shape == (len(bg.background()[0]), 4)
    assert embedder._run(lambda: 7) == 7          # starts the embedder's encode thread
    gone = [weakref.ref(encoder), weakref.ref(embedder)]
    del encoder, embedder
    gc.collect()
    assert [r() for r in gone] == [None, None]
    assert len(bg._by_encoder) == 0
