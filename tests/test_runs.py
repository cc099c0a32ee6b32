"""The run ranker (runs.py): its file is checked, it applies only to the model it was fitted on, and its
features describe what they claim."""
import numpy as np
import pytest
from conftest import damaged_copy

from chatbot.bot import ChatBot
from chatbot.runs import (RULE_WEIGHTS, RUN_FEATURES, RunRankerError, MODEL_FILE, rank_runs, ranker_for, read_ranker,
                          run_matrix)


def test_shipped_ranker_loads_with_a_manifest():
    model = read_ranker()
    assert model["weights"].shape == (len(RUN_FEATURES),) and np.isfinite(model["weights"]).all()
    m = model["manifest"]
    assert m["script"] == "bench/train_run_ranker.py" and m["data"] and m["libraries"]["scikit-learn"]
    assert model["second_margin"] > 0


@pytest.mark.parametrize("change", [
    lambda d: d.update(features=d["features"][:-1]),
    lambda d: d.update(format_version=99),
    lambda d: d.update(weights=[1.0, 2.0]),
    lambda d: d.update(weights=[float("nan")] * len(d["weights"])),
])
def test_a_ranker_file_for_other_code_fails_loudly(tmp_path, change):
    with pytest.raises(RunRankerError, match="ranker|weights"):
        read_ranker(damaged_copy(MODEL_FILE, change, tmp_path / "ranker.json"))
    with pytest.raises(RunRankerError, match="cannot read"):
        read_ranker(tmp_path / "missing.json")


def test_rules_apply_to_another_embedding_model(settings, embedder):
    bot = ChatBot(settings, embedder).warm_up()          # the keyword embedder: not the model the ranker was fitted on
    weights, margin = ranker_for(bot.retriever)
    assert np.array_equal(weights, RULE_WEIGHTS) and margin == pytest.approx(0.05)


def test_features_of_the_runs(settings, embedder):
    bot = ChatBot(settings, embedder).warm_up()
    q = "定期存款的利率是多少?"
    v = embedder.encode_queries([q])[0]
    hits = bot.retriever.search(q, v, k=5)
    cands, x = run_matrix(q, v, hits, bot.retriever)
    assert x.shape == (len(cands), len(RUN_FEATURES)) and len(cands) > 3
    col = {f: x[:, i] for i, f in enumerate(RUN_FEATURES)}
    for (hit, s, e), chars, digit in zip(cands, col["chars"], col["number_digit"]):
        text = hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start]
        assert chars == len(text) and digit == float(any(c.isdigit() for c in text))   # 多少 asks for a number
    assert (col["type_has"] + col["type_lacks"] == 1).all()                              # a typed question
    assert col["top_passage"].max() == 1 and (col["dense_gap"] <= 1e-9).all()
    # the best run under the rules holds the rate; a ranker that only likes length picks something else
    best = rank_runs(q, v, hits, bot.retriever)[0]
    assert "2.5%" in best[1].chunk.text[best[2] - best[1].chunk.start:best[3] - best[1].chunk.start]
    long_only = np.zeros(len(RUN_FEATURES))
    long_only[RUN_FEATURES.index("chars")] = 1.0
    longest = rank_runs(q, v, hits, bot.retriever, weights=long_only)[0]
    assert longest[3] - longest[2] == max(e - s for _, s, e in cands)


def test_a_passage_hands_over_its_clauses_fetched_once(settings, embedder, monkeypatch):
    bot = ChatBot(settings, embedder).warm_up()
    q = "定期存款的利率是多少?"
    hit = bot.retriever.search(q, embedder.encode_queries([q])[0], k=1)[0]
    index, calls = bot.retriever.index, []
    fetch = index.clause_store.vectors
    monkeypatch.setattr(index.clause_store, "vectors", lambda rows: calls.append(list(rows)) or fetch(rows))
    clauses = bot.retriever.clauses(hit)
    assert bot.retriever.clauses(hit) is clauses and len(calls) == 1   # one store round trip per passage
    n = len(clauses.rows)
    assert n > 1 and clauses.spans.shape == (n, 2) and clauses.vectors.shape == (n, index.clause_store.dim)
    assert np.array_equal(index.clause_spans[clauses.rows, 0], [hit.chunk.id] * n)     # the passage's own rows
    assert np.array_equal(index.clause_spans[clauses.rows, 1:], clauses.spans)
    assert clauses.texts == [hit.chunk.text[s - hit.chunk.start:e - hit.chunk.start] for s, e in clauses.spans]
    assert np.allclose(np.linalg.norm(clauses.vectors, axis=1), 1.0, atol=1e-5)


@pytest.mark.parametrize("question, heading, rest", [
    ("乍都节公园的面积有多大？", "乍都节公园", "的面积有多大？"),         # the subject every clause of the passage shares
    ("喬治公園的面積有多大？", "TRIAL_1 乔治公园", "的面積有多大？"),      # compared folded, returned as written
    ("年假有几天?", "员工手册 第三章 报销", ""),                          # nothing shared: nothing removed
    ("牡蒿是什么？", "牡蒿", ""),                                         # only question words would be left
    # found in review: a character NFKC folds into several (…, ㎡) still maps back to itself; a stretch never cuts a
    # Latin word; a summary question keeps its whole text
    ("嗯…差旅管理办法的住宿标准是多少?", "差旅管理办法", "嗯…的住宿标准是多少?"),
    ("100㎡的乍都节公园建于哪一年?", "乍都节公园", "100㎡的建于哪一年?"),
    ("How many days of annual leave do employees get?", "Employee Handbook", ""),
    ("XR-200手册的会议室部署建议部分主要讲什么?", "XR-200用户手册 会议室部署建议", ""),
])
def test_the_question_without_its_passages_subject(question, heading, rest):
    from chatbot.lexical import without_subject

    assert without_subject(question, heading) == rest


def test_runs_are_compared_with_the_question_without_the_passages_subject(settings, embedder):
    bot = ChatBot(settings, embedder).warm_up()
    q = "存款业务里定期的利率是多少?"        # 存款业务 is the passage's section: every clause of it is about that
    v = embedder.encode_queries([q])[0]
    hits = bot.retriever.search(q, v, k=3)
    top = hits[0]
    assert top.chunk.section == "存款业务"
    calls = embedder.calls
    free = bot.retriever.subject_free(q, hits)
    assert embedder.calls > calls
    assert np.allclose(free[0], embedder.encode_queries(["里定期的利率是多少?"])[0])
    calls = embedder.calls
    assert all(np.array_equal(a, b) for a, b in zip(bot.retriever.subject_free(q, hits)[:1], free[:1]))
    assert embedder.calls == calls                                            # kept: not embedded again
    cands, x = run_matrix(q, v, hits, bot.retriever)
    col = {f: x[:, i] for i, f in enumerate(RUN_FEATURES)}
    mine = np.array([hit.chunk.id == top.chunk.id for hit, _, _ in cands])
    assert not np.allclose(col["subject_free_cos"][mine], col["run_cos"][mine])
    # without an encoder (a retriever made outside ChatBot) the feature is the run's cosine to the whole question
    bot.retriever.encode_queries = None
    assert bot.retriever.subject_free(q, hits) == [None] * len(hits)
    _, x = run_matrix(q, v, hits, bot.retriever)
    assert np.allclose(x[:, RUN_FEATURES.index("subject_free_cos")], x[:, RUN_FEATURES.index("run_cos")])


def test_clause_level_features_follow_their_definitions(settings, embedder):
    """Each run's best clause (by cosine, to the whole question and to the question without the passage's subject),
    its share of the question's words, the words of the clause before it and whether it opens the passage."""
    from chatbot.lexical import subject_free_text
    from chatbot.runs import local_weights
    from chatbot.signals import bigrams

    bot = ChatBot(settings, embedder).warm_up()
    q = "存款业务里定期的利率是多少?"
    v = embedder.encode_queries([q])[0]
    hits = bot.retriever.search(q, v, k=3)
    cands, x = run_matrix(q, v, hits, bot.retriever)
    col = {f: x[:, i] for i, f in enumerate(RUN_FEATURES)}
    top = min(len(hits), 3)
    clauses = {h.chunk.id: bot.retriever.clauses(h) for h in hits[:top]}
    free = dict(zip([h.chunk.id for h in hits[:top]], bot.retriever.subject_free(q, hits[:top])))
    rest_text = {h.chunk.id: subject_free_text(q, h.chunk) for h in hits[:top]}
    assert rest_text[hits[0].chunk.id] == "里定期的利率是多少?"
    weight = local_weights(q, [t for c in clauses.values() for t in c.texts])
    total = sum(weight.values())
    best_free = max(float((c.vectors @ (v if free[i] is None else free[i])).max()) for i, c in clauses.items())
    checked = 0
    for k, (hit, s, e) in enumerate(cands):
        c = clauses[hit.chunk.id]
        members = [m for m, (a, b) in enumerate(c.spans.tolist()) if s <= a and b <= e]
        first = members[0]
        qf = v if free[hit.chunk.id] is None else free[hit.chunk.id]
        assert col["clause_cos_max"][k] == pytest.approx(max(float(c.vectors[m] @ v) for m in members), abs=1e-6)
        assert col["clause_free_max"][k] == pytest.approx(max(float(c.vectors[m] @ qf) for m in members), abs=1e-6)
        assert col["clause_free_gap"][k] == pytest.approx(col["clause_free_max"][k] - best_free, abs=1e-6)
        assert col["lead"][k] == float(first == 0)
        grams = [bigrams(t) & weight.keys() for t in c.texts]
        inside = set().union(*(grams[m] for m in members))
        prev = grams[first - 1] - inside if first else set()
        assert col["lexical_prev"][k] == pytest.approx(sum(weight[b] for b in prev) / total, abs=1e-9)
        assert col["clause_lexical_max"][k] == pytest.approx(
            max(sum(weight[b] for b in grams[m]) for m in members) / total, abs=1e-9)
        rest = bigrams(rest_text[hit.chunk.id]) & weight.keys() or set(weight)
        assert col["lexical_free"][k] == pytest.approx(
            sum(weight[b] for b in inside & rest) / sum(weight[b] for b in rest), abs=1e-9)
        checked += 1
    assert checked > 3 and col["lead"].max() == 1 and col["lexical_prev"].max() > 0
    # the subject (存款业务, the passage's section) does not count towards lexical_free: a clause that only repeats it
    # scores lower there than on the whole question's words
    mine = np.array([h.chunk.id == hits[0].chunk.id for h, _, _ in cands])
    assert (col["lexical_free"][mine] != col["lexical"][mine]).any()


def test_an_english_question_counts_its_words_through_their_chinese_rendering(settings, embedder):
    """A Latin-script question shares no bigram with a Chinese clause: its lexical features come from its CC-CEDICT
    rendering (Retriever.gloss), so the clause that says 利率 is the one that matches "interest rate"."""
    bot = ChatBot(settings, embedder).warm_up()
    q = "What is the interest rate of a fixed deposit?"
    rendering, _ = bot.retriever.gloss(q)
    assert "利率" in rendering
    v = embedder.encode_queries([q])[0]
    hits = bot.retriever.search(q, v, k=5)
    cands, x = run_matrix(q, v, hits, bot.retriever)
    lexical = x[:, RUN_FEATURES.index("lexical")]
    texts = [h.chunk.text[s - h.chunk.start:e - h.chunk.start] for h, s, e in cands]
    with_rate = [k for k, t in enumerate(texts) if "利率" in t]
    assert with_rate and lexical[with_rate].max() > 0
    assert lexical[with_rate].max() >= lexical.max() - 1e-9


def test_the_listwise_fit_ranks_a_positive_first():
    """bench/train_run_ranker.listwise_softmax (session 19): on lists where feature 0 marks the positives and feature 1
    is noise, the fitted weight of feature 0 dominates and every list's top candidate is a positive; a list with no
    negative is skipped; stronger L2 shrinks the weights."""
    from bench.train_run_ranker import listwise_softmax

    rng = np.random.default_rng(0)
    lists = []
    for _ in range(40):
        pos = np.zeros(6, dtype=bool)
        pos[rng.integers(6)] = True
        z = np.column_stack([pos + rng.normal(0, 0.3, 6), rng.normal(0, 1, 6)])
        lists.append((z, pos, 1.0))
    lists.append((np.ones((3, 2)), np.ones(3, dtype=bool), 1.0))          # all positive: says nothing
    w = listwise_softmax(lists, alpha=0.001)
    assert w[0] > 3 * abs(w[1])
    assert all(pos[int(np.argmax(z @ w))] for z, pos, _ in lists[:-1])
    assert np.linalg.norm(listwise_softmax(lists, alpha=1.0)) < np.linalg.norm(w)


def test_a_question_on_exceptions_gets_the_run_stating_them_first():
    """runs.by_negation (breaker AA, session 38): 「哪些情况下停电是不给补偿的？」 quoted the compensation standards (给予补偿)
    0.1 above 「…本公司不予补偿或赔偿：…」; a run stating exceptions moves first within NEGATION_MARGIN, only for a 哪些
    question asking what is not, and only over a best run that states none."""
    from chatbot.chunks import Chunk
    from chatbot.retrieve import Hit
    from chatbot.runs import NEGATION_MARGIN, by_negation

    texts = ["因本公司责任造成停电的，按以下标准给予补偿：", "有下列情形之一的，本公司不予补偿或赔偿：", "停电超过4小时的，每户补偿10元"]
    chunks = [Chunk(i, "停电.pdf", "补偿", (), 40 * i, 40 * i + len(t), t) for i, t in enumerate(texts)]
    runs = [(53.07 - i * 0.1, Hit(c, i + 1, 0.03, 0.9, 1.0), c.start, c.end) for i, c in enumerate(chunks)]
    assert by_negation("哪些情况下停电是不给补偿的？", runs)[0] is runs[1]
    assert by_negation("停电补偿有哪些标准？", runs) is runs                       # asks for no exception
    assert by_negation("停电不给补偿吗？", runs) is runs                            # no list asked
    far = [runs[0], (runs[0][0] - NEGATION_MARGIN - 0.1, *runs[1][1:])]
    assert by_negation("哪些情况下停电是不给补偿的？", far) == far                  # beyond the margin
