import json
from dataclasses import replace

import numpy as np
import pytest

from chatbot.errors import IndexUnavailable
from chatbot.index import FORMAT_VERSION, build_index, load_index, open_index


def test_save_load_round_trip(settings, embedder):
    built = build_index(settings, embedder)
    loaded = load_index(settings.index_dir)
    assert loaded.chunks == built.chunks
    assert loaded.store.ntotal == len(built.chunks)
    assert np.array_equal(loaded.store.vectors(range(len(built.chunks))),
                          embedder.encode_passages([c.embed_text for c in built.chunks]))
    m = loaded.manifest
    assert (m["format_version"], m["model"], m["dim"], m["chunks"]) == (FORMAT_VERSION, "fake-keywords-v1", 9, 8)
    assert m["chunker"] == settings.chunker() == {"chunk_max": settings.chunk_max, "chunk_min": settings.chunk_min,
                                                  "chunk_overlap": settings.chunk_overlap}
    assert set(m["files"]) == {"guide.md", "银行手册.txt"} and all(len(h) == 64 for h in m["files"].values())
    assert {"faiss-cpu", "numpy"} <= set(m["libraries"])


def test_faiss_top_k_equals_numpy_brute_force(settings, embedder):
    built = build_index(settings, embedder)
    vectors = built.store.vectors(range(built.store.ntotal))
    for q in ["定期存款利率", "住房贷款首付", "客服电话", "忘记密码"]:
        qv = embedder.encode_queries([q])
        scores, ids = built.store.search(qv, 3)
        brute = vectors @ qv[0]
        assert np.allclose(scores[0], np.sort(brute)[::-1][:3], atol=1e-6)
        assert set(ids[0][:1]) <= set(np.flatnonzero(np.isclose(brute, brute.max(), atol=1e-6)))


def test_open_index_reuses_then_rebuilds_when_a_file_changes(settings, embedder, corpus):
    first = open_index(settings, embedder)
    calls = embedder.calls
    again = open_index(settings, embedder)
    assert embedder.calls == calls and again.path == first.path
    (corpus / "银行手册.txt").write_text("存款业务\n定期存款年利率调整为3%,即日生效。\n", encoding="utf-8")
    rebuilt = open_index(settings, embedder)
    assert rebuilt.path != first.path and not first.path.exists()
    assert any("3%" in c.text for c in rebuilt.chunks)


def test_open_index_rebuilds_when_the_reading_code_changed(settings, embedder, monkeypatch, caplog):
    """documents.reader_version (session 21): an index records the version of the code that read its files into
    chunks; an index made by other reading code is rebuilt, saying why (a reader fix used to leave old chunks)."""
    from chatbot import documents

    first = open_index(settings, embedder)
    assert first.manifest["reader"] == documents.reader_version() and len(first.manifest["reader"]) == 16
    monkeypatch.setattr(documents, "reader_version", lambda: "0123456789abcdef")
    with caplog.at_level("WARNING"):
        rebuilt = open_index(settings, embedder)
    assert rebuilt.path != first.path and rebuilt.manifest["reader"] == "0123456789abcdef"
    assert "read by other code" in caplog.text


def test_the_reading_code_is_every_module_it_imports():
    """documents.READING_CODE (session 48): chunks.py packs lists with outline.py, which the reader version left out; every
    chatbot module the reading code imports is part of it (settings and errors aside: settings are compared by the index
    itself, errors read nothing)."""
    import ast
    from pathlib import Path

    from chatbot import documents

    root = Path(documents.__file__).parent
    listed = {p.relative_to(root).as_posix() for pattern in documents.READING_CODE for p in root.glob(pattern)}
    for name in sorted(listed):
        package = list(Path(name).parent.parts)
        for node in ast.walk(ast.parse((root / name).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:   # from .x import y, from .. import x
                base = package[:len(package) - (node.level - 1)] + (node.module.split(".") if node.module else [])
                for parts in [base] if node.module else [base + [a.name] for a in node.names]:
                    module = "/".join(parts)
                    if (root / f"{module}.py").exists() and module not in ("settings", "errors"):
                        assert f"{module}.py" in listed, f"{name} imports {module}.py, which READING_CODE lacks"


def test_open_index_rebuilds_for_another_model(settings, embedder):
    first = open_index(settings, embedder)
    embedder.model_id = "another-model"
    assert open_index(settings, embedder).manifest["model"] == "another-model"
    assert not first.path.exists()


@pytest.mark.parametrize("damage, message", [
    (lambda p: (p / "vectors.faiss").write_bytes(b"garbage"), "vector file .* is damaged"),
    (lambda p: (p / "chunks.jsonl").unlink(), "damaged"),
    (lambda p: (p / "chunks.jsonl").write_text('{"id": 0}\n'), "damaged"),
    (lambda p: (p / "manifest.json").write_text(json.dumps({"format_version": 99})), "format 99"),
    (lambda p: (p / "chunks.jsonl").write_text((p / "chunks.jsonl").read_text().split("\n", 1)[1]), "inconsistent"),
])
def test_damaged_index_is_refused_with_a_clear_message_then_rebuilt(settings, embedder, damage, message):
    built = build_index(settings, embedder)
    damage(built.path)
    with pytest.raises(IndexUnavailable, match=message) as err:
        load_index(settings.index_dir)
    assert "chatbot index" in str(err.value)
    assert open_index(settings, embedder).chunks == built.chunks


def test_missing_index_says_how_to_build(tmp_path):
    with pytest.raises(IndexUnavailable, match="no index .* run `chatbot index`") as err:
        load_index(tmp_path)
    assert err.value.reason == f"no index in {tmp_path}" and err.value.remedy == "run `chatbot index` to rebuild it"


def test_failed_build_leaves_the_previous_index_serving(settings, embedder, corpus, monkeypatch):
    built = build_index(settings, embedder)
    (corpus / "新文件.txt").write_text("新的内容需要嵌入。\n", encoding="utf-8")   # something the cache does not hold
    monkeypatch.setattr(embedder, "encode_passages", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
    with pytest.raises(KeyboardInterrupt):
        build_index(settings, embedder)
    assert load_index(settings.index_dir).path == built.path


def test_running_bot_switches_to_a_new_build(settings, embedder, corpus, monkeypatch):
    import chatbot.bot
    from chatbot.bot import ChatBot

    monkeypatch.setattr(chatbot.bot, "RELOAD_CHECK_SECONDS", 0.0)
    bot = ChatBot(settings, embedder)
    old = bot.retriever
    assert "2.5%" in bot.ask("定期存款的利率是多少?").answer
    (corpus / "银行手册.txt").write_text("存款业务\n定期存款的年利率调整为3.1%,即日生效。\n", encoding="utf-8")
    build_index(settings, embedder)  # as `chatbot index` would, beside the running bot
    assert "3.1%" in bot.ask("定期存款的利率是多少?").answer
    assert old.index.chunks != bot.retriever.index.chunks  # the old retriever object is untouched
    (settings.index_dir / "CURRENT").write_text("build-missing\n")  # a broken pointer
    assert "3.1%" in bot.ask("定期存款的利率是多少?").answer  # keeps serving what it has


def test_running_bot_keeps_its_index_when_a_new_build_is_for_another_model(settings, embedder, monkeypatch):
    import chatbot.bot
    from chatbot.bot import ChatBot
    from tests.conftest import KeywordEmbedder

    monkeypatch.setattr(chatbot.bot, "RELOAD_CHECK_SECONDS", 0.0)
    bot = ChatBot(settings, embedder)
    served = bot.retriever.index.path
    other = KeywordEmbedder()
    other.model_id = "fake-keywords-v1+onnx"  # e.g. `CHATBOT_EMBED_BACKEND=onnx chatbot index` beside the bot
    build_index(settings, other)
    assert bot.retriever.index.path == served and "2.5%" in bot.ask("定期存款的利率是多少?").answer


def test_a_rebuild_embeds_only_what_changed(settings, corpus):
    from conftest import KeywordEmbedder

    first = KeywordEmbedder()
    build_index(settings, first)
    assert first.calls > 0
    (corpus / "guide.md").write_text((corpus / "guide.md").read_text(encoding="utf-8") + "\n\n## 新增\n信用卡年费今年取消。\n",
                                     encoding="utf-8")
    again = KeywordEmbedder()
    rebuilt = build_index(settings, again)
    assert 0 < again.calls <= 4                                  # the new section's chunk and clauses only
    fresh = KeywordEmbedder()
    assert np.allclose(rebuilt.store.vectors(range(len(rebuilt.chunks))),
                       fresh.encode_passages([c.embed_text for c in rebuilt.chunks]))
    other = KeywordEmbedder()
    other.model_id = "another-model"
    build_index(settings, other)
    assert other.calls >= first.calls                             # another model: nothing reused


def test_bm25_side_is_stored_by_the_build_and_recomputed_when_the_dictionary_changes(settings, embedder, corpus,
                                                                                    monkeypatch):
    from chatbot.lexical import Lexicon, lexicon_for, lexicon_key
    from chatbot.retrieve import Retriever

    index = build_index(settings, embedder)
    user_dict = corpus / "userdict.txt"
    lexicon = lexicon_for(user_dict)
    stored = json.loads((index.path / "tokens.json").read_text(encoding="utf-8"))
    assert stored == [lexicon.tokenize(c.embed_text) or ["∅"] for c in index.chunks]
    assert index.manifest["lexicon"] == lexicon_key(user_dict) == lexicon.key
    assert (index.path / "bm25" / "params.index.json").is_file()       # bm25s's own format
    tokenized = []
    real = Lexicon.chunk_tokens
    monkeypatch.setattr(Lexicon, "chunk_tokens", lambda self, chunks: tokenized.append(len(chunks)) or real(self, chunks))
    from_file = Retriever(index, settings)
    assert tokenized == []                                        # opening the index tokenized nothing …
    assert isinstance(from_file.bm25.scores["data"], np.memmap)   # … and mapped the statistics instead of rebuilding them
    recomputed = Retriever(replace(index, manifest={**index.manifest, "lexicon": "old"}), settings)
    assert tokenized == [len(index.chunks)]
    for q in ["住房贷款首付", "客服热线电话", "信用卡年费"]:
        qv = embedder.encode_queries([q])[0]
        assert [(h.chunk.id, h.bm25) for h in from_file.search(q, qv)] == [(h.chunk.id, h.bm25) for h in recomputed.search(q, qv)]
        tokens = from_file.lexicon.tokenize(q)
        assert np.array_equal(from_file.bm25.get_scores(tokens), recomputed.bm25.get_scores(tokens))
    user_dict.write_text("测试专用词甲乙 5 n\n", encoding="utf-8")   # a corpus dictionary added after the build
    assert lexicon_key(user_dict) != index.manifest["lexicon"]
    Retriever(index, settings)
    assert tokenized == [len(index.chunks)] * 2
    (index.path / "tokens.json").write_text("[[", encoding="utf-8")  # damaged: recomputed, not an error
    user_dict.unlink()
    assert Retriever(index, settings).search("住房贷款首付", embedder.encode_queries(["住房贷款首付"])[0])
    assert tokenized == [len(index.chunks)] * 3


def test_a_build_without_stored_bm25_statistics_rebuilds_them_from_its_tokens(settings, embedder, monkeypatch):
    import shutil

    from chatbot.lexical import Lexicon
    from chatbot.retrieve import Retriever

    index = build_index(settings, embedder)
    mapped = Retriever(index, settings)
    shutil.rmtree(index.path / "bm25")                            # a build made before bm25/ was stored
    monkeypatch.setattr(Lexicon, "chunk_tokens", lambda *a: pytest.fail("re-tokenized"))
    rebuilt = Retriever(index, settings)
    tokens = rebuilt.lexicon.tokenize("住房贷款首付")
    assert not isinstance(rebuilt.bm25.scores["data"], np.memmap)
    assert np.array_equal(rebuilt.bm25.get_scores(tokens), mapped.bm25.get_scores(tokens))


def test_a_corpus_dictionary_stays_with_its_corpus(tmp_path):
    import jieba

    from chatbot.lexical import lexicon_for

    word = "甲乙丙丁戊己庚"
    user_dict = tmp_path / "userdict.txt"
    user_dict.write_text(f"{word} 50 n\n", encoding="utf-8")
    assert word in lexicon_for(user_dict).tokenize(f"关于{word}的规定")
    assert word in lexicon_for(user_dict).content_nouns(f"关于{word}的规定")
    assert word not in lexicon_for(None).tokenize(f"关于{word}的规定")       # another corpus does not see it
    assert word not in lexicon_for(tmp_path / "missing.txt").content_nouns(f"关于{word}的规定")
    assert lexicon_for(None) is lexicon_for(tmp_path / "missing.txt")        # no dictionary of its own: shared
    assert word not in jieba.dt.FREQ                                         # jieba's process-wide default is untouched
    import gc
    import weakref

    corpus_lexicon = weakref.ref(lexicon_for(user_dict))
    gc.collect()
    assert corpus_lexicon() is None and lexicon_for(None) is lexicon_for(None)  # a corpus lexicon goes when unused


@pytest.mark.parametrize("seed", range(5))
def test_top_rows_equals_full_stable_argsort(seed):
    from chatbot.retrieve import top_rows

    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 20, 500).astype(np.float32)  # many ties, as duplicated clauses give
    for n in (0, 1, 7, 400, 500, 600):
        assert top_rows(scores, n).tolist() == np.argsort(-scores, kind="stable")[:n].tolist()


def test_every_npy_header_read_holds_the_numpy_lock(settings, embedder, monkeypatch):
    """CPython 3.11's ast is not thread-safe (files.NUMPY_READS): a KB's indexing thread loads the previous build while
    a request thread loads the current one, so numpy's header parse must run under the lock."""
    import numpy.lib._format_impl as npy_format

    from chatbot.files import NUMPY_READS
    from chatbot.retrieve import Retriever

    index = build_index(settings, embedder)
    held, real = [], npy_format._read_array_header
    monkeypatch.setattr(npy_format, "_read_array_header",
                        lambda *a, **k: held.append(NUMPY_READS.locked()) or real(*a, **k))
    Retriever(load_index(settings.index_dir, settings), settings)
    assert len(held) >= 2 and all(held), held     # clauses.npz and bm25s's .npy files, each under the lock


def test_a_weekdays_spellings_are_one_search_token(tmp_path, embedder):
    """Session 31: 「礼拜六能办吗」 shares no BM25 token with 「周六上午受理」 unless 礼拜六 and 星期六 are read as 周六."""
    from chatbot.bot import ChatBot
    from chatbot.lexical import lexicon_for
    from chatbot.settings import Settings

    lexicon = lexicon_for(None)
    assert "周六" in lexicon.tokenize("礼拜六能办吗") and "周日" in lexicon.tokenize("星期天开门吗")
    assert "周日" in lexicon.tokenize("周日") and "周末" in lexicon.tokenize("周末")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "窗口.md").write_text("# 受理时间\n\n不动产登记窗口周六上午9:00—12:00照常受理。\n\n# 收费\n\n"
                                    "登记费每件80元，工本费每本10元。\n", encoding="utf-8")
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), embedder)
    hits = bot.retriever.search("礼拜六", bot.embedder.encode_queries(["礼拜六"])[0])
    assert hits[0].bm25 > 0 and "周六" in hits[0].chunk.text
    # the weekend is also its two days (session 32's breaker: 「银行周末开门吗」 missed 「周六、周日 9:30–16:00」)
    assert {"周末", "周六", "周日"} <= set(lexicon.tokenize("银行周末开门吗")) and "周六" in lexicon.tokenize("双休日")
    hits = bot.retriever.search("周末", bot.embedder.encode_queries(["周末"])[0])
    assert hits[0].bm25 > 0 and "周六" in hits[0].chunk.text


def test_a_question_word_glued_by_jiebas_hmm_is_searched_by_its_known_pieces(tmp_path, embedder):
    """lexical.backed_off (breaker BD, session 42): jieba's HMM cut 「打九价一针大概要多少钱啊」 into 打九价 | 一针 | …, a token
    no passage holds, so BM25 scored every passage 0 and the 九价HPV row was refused. A Han token of three characters or
    more the corpus never uses is also searched by its longest pieces the corpus uses."""
    from chatbot.bot import ChatBot
    from chatbot.lexical import backed_off
    from chatbot.settings import Settings

    assert backed_off(["打九价", "一针"], {"九价", "一针", "打"}) == ["打九价", "一针", "九价"]
    assert backed_off(["注册资本"], {"注册资本", "注册"}) == ["注册资本"]      # a word the corpus uses: as it is
    assert backed_off(["阿巴斯", "xr"], {"注册"}) == ["阿巴斯", "xr"]          # no piece known: nothing added
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "价格.md").write_text("# 疫苗价格\n\n九价HPV疫苗每剂1318元。\n\n# 预约\n\n接种须提前一天在公众号预约。\n",
                                    encoding="utf-8")
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index"), embedder)
    assert "打九价" in bot.retriever.lexicon.tokenize("打九价一针大概要多少钱啊")
    hits = bot.retriever.search("打九价一针大概要多少钱啊", bot.embedder.encode_queries(["打九价一针大概要多少钱啊"])[0])
    assert hits[0].bm25 > 0 and "九价" in hits[0].chunk.text
