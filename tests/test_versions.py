"""Versions of one document (versions.py) and wh-phrase nouns (signals.asked_nouns)."""
import pytest

from chatbot.bot import ChatBot
from chatbot.chunks import Chunk
from chatbot.retrieve import Hit
from chatbot.settings import Settings
from chatbot.signals import asked_nouns
from chatbot.versions import families, prefer_current, version_of


@pytest.mark.parametrize("name, expected", [
    ("费用报销管理制度（2024版） - 副本.txt", ("费用报销管理制度", (2024,))),
    ("费用报销管理制度（2022版）.txt", ("费用报销管理制度", (2022,))),
    ("员工手册v2.1.md", ("员工手册", (2, 1))),
    ("员工手册_V1.10.docx", ("员工手册", (1, 10))),
    ("安全规程 第3版.pdf", ("安全规程", (3,))),
    ("报销制度2023年修订版.txt", ("报销制度", (2023,))),
    ("XR-200产品说明.txt", None),          # a model number is not a version
    ("2023年度报告.pdf", None),
])
def test_version_markers(name, expected):
    assert version_of(name) == expected


def test_a_word_marker_ranks_a_file_against_the_same_name_unmarked():
    """versions.word_version (session 32's breaker: 「锦绣华庭业主服务手册（旧）.md」 beside the current handbook was
    quoted, 2.60 where the current file says 2.80)."""
    table = families(["业主手册（旧）.md", "业主手册.md", "报销制度.txt", "报销制度（修订）.txt", "handbook_old.md",
                      "renew.txt", "re.txt", "最新通知.txt", "通知.txt", "折旧.txt"])
    assert table["业主手册.md"][1] > table["业主手册（旧）.md"][1] and table["业主手册.md"][0] == table["业主手册（旧）.md"][0]
    assert table["报销制度（修订）.txt"][1] > table["报销制度.txt"][1]
    assert set(table) == {"业主手册（旧）.md", "业主手册.md", "报销制度.txt", "报销制度（修订）.txt"}   # no plain sibling, no family
    old = Hit(Chunk(0, "业主手册（旧）.md", "物业费", (), 0, 20, "| 高层住宅 | 2.60 |", kind="table"), 1, 1.0, 0.9, 1.0)
    new = Hit(Chunk(1, "业主手册.md", "物业费", (), 0, 20, "| 高层住宅 | 2.80 |", kind="table"), 2, 0.9, 0.8, 0.9)
    assert prefer_current("高层住宅物业费多少", [old, new], table) == [new]
    # a number in the question names no word version (the second breaker: 「出差1天…」 chose the unmarked file)
    plain = Hit(Chunk(2, "报销制度.txt", "补助", (), 0, 9, "伙食补助每天80元"), 1, 1.0, 0.9, 1.0)
    revised = Hit(Chunk(3, "报销制度（修订）.txt", "补助", (), 0, 9, "伙食补助每天100元"), 2, 0.9, 0.8, 0.9)
    for question in ("出差一天伙食补助多少钱", "出差1天伙食补助多少钱", "出差2天伙食补助多少钱"):
        assert prefer_current(question, [plain, revised], table) == [revised], question
    numbered = families(["制度v1.md", "制度v2.md"])
    assert prefer_current("v1的规定", [Hit(Chunk(0, "制度v1.md", "s", (), 0, 3, "旧规定"), 1, 1.0, 0.9, 1.0)], numbered)


def test_families_need_two_versions():
    table = families(["手册v1.md", "手册v2.md", "制度（2024版）.txt", "XR-100说明.txt"])
    assert set(table) == {"手册v1.md", "手册v2.md"}
    assert table["手册v2.md"][1] > table["手册v1.md"][1]


def _hit(source: str, rank: int) -> Hit:
    return Hit(Chunk(rank, source, "", (), 0, 1, "x"), rank, 0.0, 0.0, 0.0)


def test_superseded_versions_move_after_the_current_one():
    hits = [_hit("制度（2022版）.txt", 1), _hit("其他.txt", 2), _hit("制度（2024版）.txt", 3)]
    table = families(h.chunk.source for h in hits)
    assert [h.chunk.source for h in prefer_current("加班到几点可以报销?", hits, table)] == ["其他.txt", "制度（2024版）.txt"]
    # an old version stays (last) where the current one has no passage among the hits
    assert [h.chunk.source for h in prefer_current("加班到几点可以报销?", hits[:2], table)] == ["其他.txt", "制度（2022版）.txt"]
    # a question that names the old version gets it first
    assert [h.chunk.source for h in prefer_current("2022版里加班到几点可以报销?", hits, table)] == ["制度（2022版）.txt", "其他.txt"]
    # another version's passage that speaks of the named one keeps its place
    repeal = Hit(Chunk(3, "制度（2024版）.txt", "", (), 0, 1, "本制度施行后，2022版同时废止。"), 1, 0.0, 0.0, 0.0)
    assert [h.chunk.source for h in prefer_current("2022版什么时候废止的?", [repeal] + hits[:2], table)] == \
        ["制度（2024版）.txt", "制度（2022版）.txt", "其他.txt"]
    assert prefer_current("随便问问", hits, {}) == hits


def test_bot_quotes_the_current_version(tmp_path, embedder):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "存款制度（2022版）.txt").write_text("定期存款利率为百分之二，活期存款利率为百分之零点三。\n", encoding="utf-8")
    (corpus / "存款制度（2024版）.txt").write_text("定期存款利率为百分之一点五，活期存款利率为百分之零点二。\n", encoding="utf-8")
    bot = ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path / "index", min_score=0.5, min_coverage=0.3,
                           min_score_crosslingual=0.5, answerability="rules"), embedder)
    a = bot.ask("定期存款利率是多少?")
    assert not a.abstained and a.citations[0].source == "存款制度（2024版）.txt"
    assert "百分之一点五" in a.citations[0].quote
    old = bot.ask("2022版的定期存款利率是多少?")
    assert old.citations[0].source == "存款制度（2022版）.txt"


@pytest.mark.parametrize("question, nouns, asked", [
    ("办公设备管理规定由哪个部门负责解释?", {"办公设备", "规定", "部门"}, {"部门"}),
    ("办公设备管理规定从什么时候开始施行?", {"办公设备", "时候", "规定"}, {"时候"}),
    ("XR-300整机有多重?", {"xr", "300", "多重"}, {"多重"}),
    ("公司总部在哪里?", {"公司", "总部"}, set()),
    ("央行现在的存款准备金率是多少?", {"央行", "存款准备金率"}, set()),
])
def test_wh_phrase_nouns_need_not_occur(question, nouns, asked):
    assert asked_nouns(question, nouns) == asked
