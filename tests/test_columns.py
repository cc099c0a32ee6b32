"""A citation of a table row carries its column names (issue 15 §3): answer.table_columns, the JSON, the
CLI text, the page's two-row table; the quote itself (text, offsets) stays what it was."""
import dataclasses
import json

import pytest
from click.testing import CliRunner

from chatbot.answer import Citation, to_dict
from chatbot.columns import table_columns
from chatbot.bot import ChatBot
from chatbot.chunks import Chunk
from chatbot.documents import load_corpus
from chatbot.serve.render import answer_html, row_table

TABLE_MD = """# 网点服务

| 服务 | 办理渠道 | 所需材料 |
|---|---|---|
| 密码重置 | 任意网点柜台 | 身份证原件 |
| 理财签约 | 手机银行 | 风险等级测评 |
"""


@pytest.fixture
def bot(settings, embedder, corpus):
    (corpus / "网点服务.md").write_text(TABLE_MD, encoding="utf-8")
    return ChatBot(settings, embedder)


def alone(settings, tmp_path, name: str, content: str) -> dict:
    """Settings for a corpus holding only `name`."""
    folder = tmp_path / "alone"
    folder.mkdir()
    (folder / name).write_text(content, encoding="utf-8")
    return dataclasses.replace(settings, corpus_dir=folder, index_dir=tmp_path / "alone-index")


def test_a_markdown_table_row_is_cited_with_its_column_names(bot, corpus):
    a = bot.ask("理财签约在哪里办理?")
    (c,) = a.citations
    text = next(d.text for d in load_corpus(corpus)[0] if d.source == "网点服务.md")  # the extracted text
    assert c.source == "网点服务.md" and text[c.start:c.end] == c.quote == "理财签约 | 手机银行 | 风险等级测评"
    assert c.columns == ("服务", "办理渠道", "所需材料")
    assert dict(zip(c.columns, (t.strip() for t in c.quote.split("|")))) == \
        {"服务": "理财签约", "办理渠道": "手机银行", "所需材料": "风险等级测评"}


def test_the_quote_of_a_table_row_is_unchanged(bot, corpus):
    """The column names are added beside the quote: the answer and the quote's text and offsets are what
    they were before (the row without its outer pipes, verbatim)."""
    a = bot.ask("信用卡有年费吗?")
    c = a.citations[0]
    text = (corpus / "银行手册.txt").read_text(encoding="utf-8")
    row = "| 信用卡 | 免年费,积分可兑换礼品 |"
    assert (c.start, c.end) == (text.index(row) + 2, text.index(row) + len(row) - 2)
    assert c.quote == "信用卡 | 免年费,积分可兑换礼品" and a.answer == f"{c.quote} [1]"
    assert c.columns == ("业务", "特点")


def test_a_quote_that_is_no_table_row_has_no_columns(bot):
    (c,) = bot.ask("定期存款的利率是多少?").citations
    assert "2.5%" in c.quote and c.columns == ()
    assert bot.ask("今天的天气怎么样?").citations == []


def test_a_csv_row_already_names_its_columns(settings, embedder, tmp_path):
    """A sheet row is a record 「列：值；列：值」 (readers/sheets.py): its quote names the columns itself."""
    s = alone(settings, tmp_path, "网点.csv", "网点,营业时间,客服电话\n东城网点,周末10点开门,95588\n")
    (c,) = ChatBot(s, embedder).ask("东城网点周末几点开门?").citations
    assert c.quote == "网点：东城网点；营业时间：周末10点开门；客服电话：95588" and c.columns == ()


def chunk(row: str, context: str, start: int = 100) -> Chunk:
    return Chunk(0, "a.md", "价格", ("价格",), start, start + len(row), row, context, "table")


@pytest.mark.parametrize("row, quote, columns", [
    ("| 保温杯 | 350ml | 89元 |", "保温杯 | 350ml | 89元", ("品名", "容量", "价格")),
    ("|  | 350ml | 89元 |", "350ml | 89元", ("容量", "价格")),          # an empty first cell: not in the quote
    ("| 保温杯 | 350ml |  |", "保温杯 | 350ml", ("品名", "容量")),         # an empty last cell
    ("| 保温杯 |  | 89元 |", "保温杯 |  | 89元", ("品名", "容量", "价格")),  # an empty cell inside
    ("| 保温杯 | 350ml | 89元 |", "保温杯 | 350", ()),                      # a cell cut off: no whole row
    ("| 保温杯 | 89元 |", "保温杯 | 89元", ()),                               # the header has 3 cells, the row 2
])
def test_table_columns(row, quote, columns):
    c = chunk(row, "价格 › 杯子\n表1 价目\n| 品名 | 容量 | 价格 |")
    s = c.start + row.index(quote)
    assert c.text[s - c.start:s - c.start + len(quote)] == quote
    assert table_columns(c, s, s + len(quote)) == columns
    if columns:
        assert len(columns) == len(quote.split("|"))


def test_table_columns_needs_a_header_row_in_a_table_chunk():
    row = "| 保温杯 | 350ml | 89元 |"
    assert table_columns(chunk(row, "价格"), 102, 119) == ()                      # a table without a header row
    assert table_columns(dataclasses.replace(chunk(row, "| 品名 | 容量 | 价格 |"), kind="text"), 102, 119) == ()
    two = chunk(row, "价格\n| 商品信息 | 商品信息 | 售价 |\n| 品名 | 容量 | 价格 |")   # two header rows: the last
    assert table_columns(two, 102, 119) == ("品名", "容量", "价格")


def test_json_shape_adds_columns(bot):
    d = to_dict(bot.ask("理财签约在哪里办理?"))
    c = d["citations"][0]
    assert set(c) == {"n", "source", "section", "start", "end", "quote", "focus_start", "focus_end", "page",
                      "location", "columns"}
    assert c["columns"] == ["服务", "办理渠道", "所需材料"] and c["quote"] == "理财签约 | 手机银行 | 风险等级测评"
    assert json.loads(json.dumps(d, ensure_ascii=False))["citations"][0]["columns"] == c["columns"]
    assert to_dict(bot.ask("定期存款的利率是多少?"))["citations"][0]["columns"] == []


def test_the_api_returns_columns(bot):
    from test_server import api

    body = api(bot).post("/api/ask", json={"question": "理财签约在哪里办理?"}).json()
    assert body["citations"][0]["columns"] == ["服务", "办理渠道", "所需材料"]


def test_the_page_shows_the_header_over_the_row_escaped(settings, embedder, tmp_path):
    s = alone(settings, tmp_path, "年费.txt", "| 业务 | <b>x</b> |\n|---|---|\n| 信用卡 | 年费<i>全免</i> |\n")
    a = ChatBot(s, embedder).ask("信用卡有年费吗?")
    (c,) = a.citations
    assert c.quote == "信用卡 | 年费<i>全免</i>" and c.columns == ("业务", "<b>x</b>")
    html = answer_html(a)
    assert ('<table class="cb-row"><thead><tr><th>业务</th><th>&lt;b&gt;x&lt;/b&gt;</th></tr></thead>'
            '<tbody><tr><td>信用卡</td><td>年费&lt;i&gt;全免&lt;/i&gt;</td></tr></tbody></table>') in html
    assert "<b>" not in html and "<i>" not in html
    # the cited passage shows the row without its outer pipes, which stood outside the highlight (breaker H, session 33)
    assert '<div class="cb-text"><mark>信用卡 | 年费&lt;i&gt;全免&lt;/i&gt;</mark></div>' in html


def test_row_table_falls_back_to_the_quote_when_cells_do_not_match():
    c = Citation(1, "a.md", "价格", 0, 9, "杯 | 89元 | 现货", columns=("品名", "价格"))
    assert row_table(c) == "杯 | 89元 | 现货" and "<table" not in answer_html_of(c)
    assert "<table" not in answer_html_of(dataclasses.replace(c, columns=()))


def answer_html_of(c: Citation) -> str:
    from chatbot.answer import Answer

    return answer_html(Answer("q", f"{c.quote} [1]", False, [c], []))


def test_cli_text_shows_the_header_above_the_row(bot, settings, monkeypatch):
    from chatbot.embedding import SentenceEmbedder
    from conftest import KeywordEmbedder

    monkeypatch.setattr(SentenceEmbedder, "from_settings", classmethod(lambda cls, s: KeywordEmbedder()))
    for name in ("corpus_dir", "index_dir"):
        monkeypatch.setenv(f"CHATBOT_{name.upper().removesuffix('_DIR')}", str(getattr(settings, name)))
    monkeypatch.setenv("CHATBOT_MIN_SCORE", "0.5")
    monkeypatch.setenv("CHATBOT_MIN_SCORE_CROSSLINGUAL", "0.5")
    from chatbot.cli import main

    out = CliRunner().invoke(main, ["ask", "理财签约在哪里办理?"]).output.splitlines()
    assert out[0] == "理财签约 | 手机银行 | 风险等级测评 [1]"
    at = next(i for i, line in enumerate(out) if line.startswith("[1] 网点服务.md › 网点服务"))
    assert out[at + 1:at + 4] == ["    表头：服务 | 办理渠道 | 所需材料", "    该行：理财签约 | 手机银行 | 风险等级测评",
                                  "    所问：办理渠道：手机银行"]   # 办理 names the column (cells.cell_focus)
    out = CliRunner().invoke(main, ["ask", "定期存款的利率是多少?"]).output
    assert "表头" not in out


def test_cli_ask_takes_the_conversations_earlier_questions(bot, settings, monkeypatch):
    """`chatbot ask --history` (session 42's newcomer: a follow-up such as 「三室的呢？」 could be asked only through the
    API): each --history is an earlier question, oldest first, handed to ChatBot.ask as the page and the API do."""
    from chatbot.answer import Answer
    from chatbot.bot import ChatBot
    from chatbot.cli import main

    for name in ("corpus_dir", "index_dir"):
        monkeypatch.setenv(f"CHATBOT_{name.upper().removesuffix('_DIR')}", str(getattr(settings, name)))
    seen = []
    monkeypatch.setattr(ChatBot, "ask", lambda self, q, history=None: seen.append((q, history)) or Answer(q, "答 [1]", False, [], []))
    out = CliRunner().invoke(main, ["ask", "三室的呢？", "--history", "一室一厅多少钱？", "--history", "两室呢？"])
    assert out.exit_code == 0 and seen == [("三室的呢？", ["一室一厅多少钱？", "两室呢？"])]
    CliRunner().invoke(main, ["ask", "一室一厅多少钱？"])
    assert seen[-1] == ("一室一厅多少钱？", [])


def test_the_cell_the_focus_is_is_bold_under_its_highlighted_name():
    """answer.cell_of and row_table (session 28): 「上海经理住宿标准多少」's focus is the 950 cell."""
    from chatbot.answer import cell_of

    quote = "上海 | 650 | 950 | 100"
    c = Citation(1, "a.md", "住宿", 10, 10 + len(quote), quote, 10 + quote.index("950"), 10 + quote.index("950") + 3,
                 columns=("城市", "普通", "经理", "伙食"))
    assert cell_of(c) == 2
    assert ('<th class="cb-asked">经理</th>' in row_table(c) and "<td><strong>950</strong></td>" in row_table(c)
            and row_table(c).count("<strong>") == 1)
    whole = dataclasses.replace(c, focus_start=c.start, focus_end=c.end)
    assert cell_of(whole) is None and "<strong>" not in row_table(whole) and "cb-asked" not in row_table(whole)
    assert cell_of(dataclasses.replace(c, focus_end=c.focus_end - 1)) is None   # part of a cell
    assert cell_of(dataclasses.replace(c, columns=())) is None
