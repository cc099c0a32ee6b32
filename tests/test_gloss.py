"""An English question's Chinese rendering (Retriever.gloss) searched as a second dense query (retrieve.py),
with the keyword embedder: an English question carries no topic of its own, so only the rendering can find it."""
import dataclasses

from chatbot.bot import ChatBot
from chatbot.index import build_index
from chatbot.retrieve import Retriever


def _dense_only(settings, gloss_weight):
    # BM25 and the clause ranking off: what ranks the passages is the dense side alone
    return dataclasses.replace(settings, bm25_weight=0.0, clause_weight=0.0, gloss_weight=gloss_weight)


def test_gloss_renders_english_words_and_keeps_the_codes_the_corpus_writes(settings, embedder):
    retriever = Retriever(build_index(settings, embedder), settings)
    gloss, share = retriever.gloss("How do I reset my password?")
    assert "密码" in gloss.split() and "重置" in gloss.split() and share == 1.0
    assert retriever.gloss("忘记密码怎么办?") == ("", 0.0)              # no English words: no second query
    assert retriever.gloss("What is the weather like?") == ("", 0.0)    # nothing rendered that the corpus uses
    off = Retriever(build_index(settings, embedder), dataclasses.replace(settings, crosslingual_weight=0.0))
    assert off.gloss("How do I reset my password?") == ("", 0.0)        # cross-lingual terms off


def test_a_rendering_of_few_of_the_questions_words_weighs_less(settings, embedder):
    retriever = Retriever(build_index(settings, embedder), settings)
    # password renders (密码); weather, vacation and neighbour have no rendering the corpus uses
    gloss, share = retriever.gloss("password weather vacation neighbour")
    assert gloss == "密码" and share == 0.25


def test_the_rendering_moves_up_the_passage_the_english_question_alone_cannot_find(settings, embedder):
    question = "How do I reset my password?"

    def rank(gloss_weight):
        passages = ChatBot(_dense_only(settings, gloss_weight), embedder).ask(question).passages
        return next(i for i, h in enumerate(passages, 1) if "重置密码" in h.chunk.text)

    # the English vector alone ranks the passages with the fewest topic words first (the shared axis)
    assert rank(0.0) >= 5
    assert rank(1.0) <= 3 and rank(3.0) <= 2


def test_one_embedding_call_for_question_and_rendering(settings, embedder):
    bot = ChatBot(settings, embedder)
    bot.warm_up()
    calls = []
    real = embedder.encode_queries
    embedder.encode_queries = lambda texts: calls.append(list(texts)) or real(texts)
    answer = bot.ask("How do I reset my password?")
    assert len(calls) == 1 and calls[0][0] == "How do I reset my password?" and "密码" in calls[0][1]
    assert "重置密码" in answer.passages[0].chunk.text
    bot.ask("忘记密码怎么办?")
    assert calls[1] == ["忘记密码怎么办?"]                    # a Chinese question is embedded alone


def test_a_chinese_question_with_an_english_word_is_not_rendered(settings, embedder):
    retriever = Retriever(build_index(settings, embedder), settings)
    assert retriever.gloss("忘记了网银的password怎么重置?") == ("", 0.0)   # mostly Chinese: its own words find it
    assert "密码" in retriever.gloss("reset password 网银")[0]               # mostly English
