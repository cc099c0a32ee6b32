import json
import re

import pytest
from click.testing import CliRunner

from chatbot.cli import main
from chatbot.evaluate import Question, load_questions, metrics


def q(id, answers, source=None, **extra):
    return Question(id, "?", answers, source, extra)


def d(passages, quote="", abstained=False, latency=10.0):
    return {"passages": [{"source": s, "text": t} for s, t in passages], "abstained": abstained,
            "citations": [{"quote": quote}] if quote else [], "latency_ms": latency}


def test_metrics_by_hand():
    questions = [q("a", ["10亿元"], "x.txt", kind="fact"), q("b", ["三 方 面"], kind="faq"),
                 q("c", ["绿色"], "x.txt", kind="fact"), q("u", [], kind="none")]
    details = [
        d([("x.txt", "门槛提升至10亿元"), ("y.txt", "10亿元")], quote="提升至10亿元", latency=10),
        d([("y.txt", "无关"), ("y.txt", "无关"), ("z.txt", "集中在\n三方面")], quote="无关", latency=20),  # rank 3
        d([("y.txt", "绿色"), ("y.txt", "绿色")], abstained=True, latency=30),  # wrong source: no hit
        d([("x.txt", "任何")], abstained=True, latency=40),
    ]
    m = metrics(questions, details)
    assert {k: m[k] for k in ("hit@1", "hit@3", "hit@5", "mrr@10", "answer_hit", "false_abstain",
                              "abstain_unanswerable", "mean_answer_chars")} == {
        "hit@1": round(1 / 3, 4), "hit@3": round(2 / 3, 4), "hit@5": round(2 / 3, 4),
        "mrr@10": round((1 + 1 / 3) / 3, 4), "answer_hit": round(1 / 3, 4), "false_abstain": round(1 / 3, 4),
        "abstain_unanswerable": 1.0, "mean_answer_chars": 4.5}
    assert m["latency_p50_ms"] == 25.0
    assert m["by_kind"]["fact"]["hit@1"] == 0.5 and m["by_kind"]["none"]["abstain_unanswerable"] == 1.0


def test_bad_lines_are_reported_with_line_numbers(tmp_path):
    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "question": "甲?", "answers": ["a"], "kind": "x"}\n'
                    "not json\n\n"
                    '{"id": 2, "question": "乙?"}\n'
                    '{"id": 3, "question": "丙?", "answers": "a"}\n'
                    '{"id": 4, "question": "丁?", "answers": []}\n', encoding="utf-8")
    questions, errors = load_questions(path)
    assert [x.id for x in questions] == ["1", "4"] and questions[0].extra == {"kind": "x"}
    assert errors == ["第 2 行：不是有效的 JSON（第 1 列）", "第 4 行：缺少字段 answers",
                      "第 5 行：answers 须为字符串列表（文档无法回答的问题写 []）"]


def test_cli_help_is_instant_and_lists_commands():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert all(cmd in result.output for cmd in ("index", "ask", "eval", "serve"))


def test_cli_eval_on_fixture(settings, embedder, corpus, tmp_path, monkeypatch):
    from chatbot.embedding import SentenceEmbedder

    monkeypatch.setattr(SentenceEmbedder, "from_settings", staticmethod(lambda settings: embedder))
    monkeypatch.setenv("CHATBOT_MIN_SCORE", "0.5")
    monkeypatch.setenv("CHATBOT_INDEX", str(tmp_path / "default-index"))
    qs = tmp_path / "q.jsonl"
    qs.write_text('{"id": "1", "question": "定期存款利率是多少?", "answers": ["2.5%"], "source": "银行手册.txt"}\n'
                  '{"id": "2", "question": "天气如何?", "answers": []}\nbroken\n', encoding="utf-8")
    details = tmp_path / "d.jsonl"
    result = CliRunner().invoke(main, ["eval", str(qs), "--corpus", str(corpus), "--json", "--details", str(details),
                                       "--min", "hit@1=1.0"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output[result.output.index("{"):])
    assert out["hit@1"] == 1.0 and out["answer_hit"] == 1.0 and out["abstain_unanswerable"] == 1.0
    assert "第 3 行：不是有效的 JSON" in result.output
    rows = [json.loads(l) for l in details.read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in rows] == ["1", "2"] and rows[1]["abstained"] is True
    (own,) = (tmp_path / "default-index" / "corpora").iterdir()
    assert own.name.startswith("corpus-") and (own / "CURRENT").exists()
    failing = CliRunner().invoke(main, ["eval", str(qs), "--corpus", str(corpus), "--min", "abstain_unanswerable=1.1",
                                        "--max", "false_abstain=-0.1"])
    assert failing.exit_code == 1 and "outside the bounds" in failing.output
    assert "abstain_unanswerable = 1.0 < 1.1" in failing.output and "false_abstain = 0.0 > -0.1" in failing.output


def test_ask_and_index_about_another_folder_never_touch_the_default_index(settings, embedder, corpus, tmp_path,
                                                                          monkeypatch):
    """`ask --corpus DIR` and `index --corpus DIR` use DIR's own index (the one `eval --corpus DIR` uses), not the
    default one; the configured corpus folder keeps the default index."""
    from chatbot.embedding import SentenceEmbedder
    from chatbot.settings import index_dir_for

    monkeypatch.setattr(SentenceEmbedder, "from_settings", staticmethod(lambda settings: embedder))
    default = tmp_path / "default-index"
    monkeypatch.setenv("CHATBOT_INDEX", str(default))
    monkeypatch.setenv("CHATBOT_CORPUS", str(tmp_path / "configured"))
    (tmp_path / "configured").mkdir()
    (tmp_path / "configured" / "其他.txt").write_text("第一章 总则\n本制度适用于全体员工。\n", encoding="utf-8")
    asked = CliRunner().invoke(main, ["ask", "--json", "--corpus", str(corpus), "定期存款利率是多少?"])
    assert asked.exit_code == 0, asked.output
    out = json.loads(asked.output[asked.output.index("{"):])
    assert out["citations"] and out["citations"][0]["source"] == "银行手册.txt"
    own = index_dir_for(corpus, default)
    assert (own / "CURRENT").exists() and not (default / "CURRENT").exists()
    built = CliRunner().invoke(main, ["index", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    assert str(own) in built.output and not (default / "CURRENT").exists()
    assert [p.name for p in (default / "corpora").iterdir()] == [own.name]
    # the configured folder, named or not, is the default index's
    for args in (["index"], ["index", "--corpus", str(tmp_path / "configured")]):
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        assert (default / "CURRENT").exists() and [p.name for p in (default / "corpora").iterdir()] == [own.name]
    # --index still wins
    chosen = tmp_path / "chosen"
    result = CliRunner().invoke(main, ["index", "--corpus", str(corpus), "--index", str(chosen)])
    assert result.exit_code == 0 and (chosen / "CURRENT").exists(), result.output


def test_report_lists_failures_and_draws_the_chart(tmp_path):
    from chatbot.report import write_report

    questions = [q("a", ["10亿元"], "x.txt", kind="fact"), q("u", [], kind="none")]
    details = [{"id": "a", "question": "门槛?", "answers": ["10亿元"], "source": "x.txt", "answer": "别的 [1]",
                **d([("x.txt", "门槛提升至10亿元")], quote="别的")},
               {"id": "u", "question": "天气?", "answers": [], "source": None, "answer": "晴 [1]",
                **d([("x.txt", "晴")], quote="晴")}]
    path = write_report(metrics(questions, details), details, tmp_path / "r")
    text = path.read_text(encoding="utf-8")
    assert "| hit@1 | 1.0 |" in text and "## Failed questions (2)" in text
    assert "quote misses the answer" in text and "answered an unanswerable question" in text
    assert (tmp_path / "r" / "chart.png").read_bytes()[:4] == b"\x89PNG"


def cited(source, quote, start, focus=None, abstained=False):
    """A details record whose first citation quotes `quote` at `start`, with `focus` (a substring) in bold."""
    fs = start + quote.index(focus) if focus else -1
    return {"passages": [{"source": source, "text": quote}], "abstained": abstained, "latency_ms": 1.0,
            "citations": [] if abstained else [{"source": source, "quote": quote, "start": start, "end": start + len(quote),
                                                "focus_start": fs, "focus_end": fs + len(focus) if focus else -1}]}


def test_first_citation_focus_and_abstention_kinds_by_hand():
    questions = [q("a", ["60日"], "x.txt"), q("b", ["200元"], "x.txt"), q("c", ["22:00"], "x.txt"),
                 q("d", ["5天"]), q("n1", [], kind="near_miss"), q("n2", [], kind="none"),
                 q("o1", [], kind="off_topic"), q("o2", [], kind="off_topic")]
    details = [
        cited("x.txt", "费用发生后60日内提交，逾期不予报销", 100, focus="费用发生后60日内提交"),  # quote ✓ focus ✓ (11 chars)
        cited("x.txt", "餐费标准为每人每餐不超过200元", 0, focus="餐费标准为"),               # quote ✓ focus ✗ (5 chars)
        cited("y.txt", "加班至22:00后可报销", 7, focus="加班至22:00后"),                    # wrong source: ✗ ✗ (9 chars)
        cited("z.txt", "", 0, abstained=True),                                              # abstained: ✗ ✗, no focus
        cited("x.txt", "", 0, abstained=True), cited("x.txt", "无关", 0),                   # near-miss 1 of 2 abstained
        cited("x.txt", "", 0, abstained=True), cited("x.txt", "", 0, abstained=True),       # off-topic 2 of 2
    ]
    m = metrics(questions, details)
    assert {k: m[k] for k in ("first_citation_hit", "focus_hit", "mean_focus_chars", "abstain_unanswerable",
                              "abstain_near_miss", "abstain_off_topic")} == {
        "first_citation_hit": 0.5, "focus_hit": 0.25, "mean_focus_chars": round((11 + 5 + 9) / 3, 4),
        "abstain_unanswerable": 0.75, "abstain_near_miss": 0.5, "abstain_off_topic": 1.0}
    # no bold focus: the focus is the whole quote
    (one,) = [q("e", ["5天"])]
    assert metrics([one], [cited("x.txt", "产假5天", 0)])["focus_hit"] == 1.0


def test_an_empty_question_counts_as_an_abstention_but_a_broken_bot_stops_the_evaluation():
    import pytest

    from chatbot.answerability import AnswerabilityModelError
    from chatbot.errors import QuestionError
    from chatbot.evaluate import evaluate

    class Refusing:
        def ask(self, question):
            raise QuestionError("问题是空的")

    _, details = evaluate(Refusing(), [q("a", ["x"])])
    assert details[0]["abstained"] and details[0]["error"] == "问题是空的"

    class Broken:
        def ask(self, question):
            raise AnswerabilityModelError("answerability.json has format 2")

    with pytest.raises(AnswerabilityModelError):   # not 100 % abstention scored as a result
        evaluate(Broken(), [q("a", ["x"])])


def test_a_follow_up_is_asked_with_its_history(tmp_path):
    """Session 31's breaker: `chatbot eval` asked 「那经理呢？」 alone, where the page and the API ask it after its earlier
    question; a question set's "history" (earlier questions, oldest first) is passed on, and a bad one is a line error."""
    from chatbot.answer import NOT_FOUND, Answer
    from chatbot.evaluate import evaluate

    path = tmp_path / "q.jsonl"
    path.write_text('{"id": 1, "question": "那经理呢？", "answers": ["950"], "history": ["上海住宿标准多少？"]}\n'
                    '{"id": 2, "question": "上海住宿标准多少？", "answers": ["650"]}\n'
                    '{"id": 3, "question": "那经理呢？", "answers": [], "history": "上海住宿标准多少？"}\n'
                    '{"id": 4, "question": "北京呢？", "answers": ["600"], "history": [{"question": "上海住宿标准多少？", '
                    '"answer": "650"}]}\n', encoding="utf-8")   # /api/ask's turns
    questions, errors = load_questions(path)
    assert [x.id for x in questions] == ["1", "2", "4"]
    assert len(errors) == 1 and errors[0].startswith("第 3 行：history 须为列表")

    class Recording:
        asked = []

        def ask(self, question, history=None):
            self.asked.append((question, history))
            return Answer(question, NOT_FOUND, True, [], [])

    evaluate(Recording(), questions)
    assert Recording.asked == [("那经理呢？", ["上海住宿标准多少？"]), ("上海住宿标准多少？", None),
                               ("北京呢？", ["上海住宿标准多少？"])]


def test_index_names_a_skipped_file_once(embedder, corpus, tmp_path, monkeypatch, caplog):
    """Session 31's breaker: `chatbot index` printed each skipped file twice, the log's 「跳过 …」 and its own line."""
    import logging

    from chatbot.embedding import SentenceEmbedder

    monkeypatch.setattr(SentenceEmbedder, "from_settings", staticmethod(lambda settings: embedder))
    monkeypatch.setenv("CHATBOT_INDEX", str(tmp_path / "default-index"))
    (corpus / "空.txt").write_bytes(b"")
    with caplog.at_level(logging.WARNING):
        built = CliRunner().invoke(main, ["index", "--corpus", str(corpus)])
    assert built.exit_code == 0, built.output
    said = [r.getMessage() for r in caplog.records if "空.txt" in r.getMessage()] + \
        [line for line in built.output.splitlines() if "空.txt" in line]
    assert said == ["跳过 空.txt：文件是空的（0 字节）"]


def test_the_pages_evaluation_shows_first_citation_focus_and_abstention_by_kind(settings, embedder, tmp_path):
    """The 检索测试 tab's table has the metrics `chatbot eval` prints for issue 15 (session 32's breaker: first citation,
    focus and near-miss / off-topic abstention were missing)."""
    from chatbot.bot import ChatBot
    from chatbot.serve.page import evaluate_upload

    rows = [{"id": "1", "question": "客服热线?", "answers": ["95588"]},
            {"id": "2", "question": "京东白条有多少用户?", "answers": [], "kind": "near_miss"},
            {"id": "3", "question": "明天北京天气怎么样?", "answers": [], "kind": "off_topic"},
            {"id": "4", "question": "客服热线?", "answers": [], "kind": "near_miss"},   # answered: two failures
            {"id": "5", "question": "客服热线?", "answers": ["不在文中的答案"]}]
    path = tmp_path / "set.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    html, image, failed = evaluate_upload(ChatBot(settings, embedder), str(path))
    reasons = {row[3] for row in failed}   # the failure table says why in Chinese (session 32's breaker saw English)
    assert len(reasons) == 2 and all(re.search(r"[\u4e00-\u9fff]", r) and not re.search(r"[A-Za-z]{3}", r) for r in reasons), reasons
    for label in ("首条引用命中率", "加粗部分命中率", "加粗部分平均字数", "近似问题（near_miss）拒答率", "无关问题（off_topic）拒答率"):
        assert f"<td>{label}</td>" in html, label
    assert image is not None and image.size[0] > 100


def test_the_pages_chart_is_titled_in_chinese_with_a_cjk_font(tmp_path, monkeypatch):
    """report.chart(chinese=True) (breaker H, session 33: the 检索测试 chart was all English); English without one."""
    import matplotlib.figure
    from matplotlib import font_manager

    from chatbot.report import CJK_FONTS, chart

    seen = []
    real = matplotlib.figure.Figure.savefig
    monkeypatch.setattr(matplotlib.figure.Figure, "savefig", lambda fig, *a, **k: (seen.append(
        ([ax.get_title() for ax in fig.axes], [t.get_text() for ax in fig.axes if ax.get_legend()
                                               for t in ax.get_legend().get_texts()])), real(fig, *a, **k))[1])
    metrics = {"hit@1": .8, "hit@3": .9, "hit@5": .95, "hit@10": .97,
               "by_kind": {"fact": {"hit@5": .9, "answer_hit": .8, "answerable": 10}, "near_miss": {"abstain_unanswerable": .3}}}
    chart(metrics, tmp_path / "en.png")
    assert seen[-1] == (["hit@k", "by kind"], ["hit@5", "answer_hit", "abstain"])
    has_font = any(_found(font_manager, name) for name in CJK_FONTS)
    chart(metrics, tmp_path / "zh.png", chinese=True)
    if not has_font:
        pytest.fail("no CJK font for matplotlib: `make test` installs fonts-wqy-microhei")
    assert seen[-1] == (["前 k 个段落的命中率（hit@k）", "按问题类型"], ["hit@5", "答案命中", "拒答"])


def _found(font_manager, name: str) -> bool:
    try:
        return bool(font_manager.findfont(name, fallback_to_default=False))
    except ValueError:
        return False


def test_a_failure_is_a_first_citation_without_the_answer_too():
    """report.failures lists a question first_citation_hit counts as missed (breaker H, session 33: a question answered
    only in the second citation was missing from the page's list of failures)."""
    from chatbot.report import WHY_ZH, failures

    passage = {"source": "a.txt", "text": "起付线减半，即500元。第一次1000元。", "section": "三"}
    second = {"id": "1", "question": "第二次住院起付线", "answers": ["即500元"], "abstained": False, "answer": "",
              "citations": [{"quote": "第一次1000元。"}, {"quote": "起付线减半，即500元。"}], "passages": [passage],
              "first_citation_hit": False}   # evaluate's verdict, which failures reads
    first = {**second, "id": "2", "citations": second["citations"][::-1], "first_citation_hit": True}
    assert [(d["id"], d["why"]) for d in failures([second, first])] == [("1", "first citation misses the answer")]
    assert WHY_ZH["first citation misses the answer"].startswith("第一条引文")
