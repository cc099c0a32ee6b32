"""A quote that points to another document gives way to a quote from it (chatbot/pointers.py): 「有哪些预约渠道？」 quoted
「预约渠道和提前量详见《预约、等候与上门取送车服务指南》。」 over that guide's list (breaker EB, session 64)."""
from types import SimpleNamespace

import pytest

from chatbot.chunks import Chunk
from chatbot.pointers import _named, referenced
from chatbot.retrieve import Hit


def run(source, text, at=0, score=1.0):
    chunk = Chunk(at, source, "正文", (), 0, len(text), text, "", "text")
    return score, Hit(chunk, at + 1, 1.0, 0.8, 2.0), 0, len(text)


FAQ = run("净途常见问题FAQ.html", "洗车一般无需预约，高峰时段建议提前预约。预约渠道和提前量详见《预约、等候与上门取送车服务指南》。")
GUIDE = run("净途预约等候及取送车指南.md", "- 线上预约：微信小程序、美团、大众点评\n- 电话预约：400-626-8899", 1, 0.9)
OTHER = run("净途会员及储值卡管理办法.docx", "第三条 会员可通过小程序预约洗车。", 2, 0.8)


def test_a_pointer_gives_way_to_the_document_it_names():
    runs = [FAQ, OTHER, GUIDE]
    assert referenced("有哪些预约渠道？", runs) == [GUIDE, FAQ, OTHER]


@pytest.mark.parametrize("question", [
    "预约渠道的规定出自哪个文件？",   # asks for the source: the pointer answers
    "根据什么文件预约？",
    "洗车一般要预约吗",              # the clause the question is about points nowhere
])
def test_a_question_about_the_source_or_another_clause_keeps_the_order(question):
    runs = [FAQ, OTHER, GUIDE]
    assert referenced(question, runs) is runs


def test_a_pointer_to_a_document_no_run_is_from_keeps_the_order():
    runs = [FAQ, OTHER]
    assert referenced("有哪些预约渠道？", runs) is runs


@pytest.mark.parametrize("title, source, named", [
    ("预约、等候与上门取送车服务指南", "净途预约等候及取送车指南.md", True),   # shares most of its character pairs
    ("招生与学籍管理办法", "江州市老年大学招生与学籍管理办法.docx", True),       # held by the file's name
    ("江州市血液中心献血者健康检查与献血间隔规定（2025年版）", "献血者健康检查与献血间隔规定.pdf", True),
    ("服务收费标准", "净途会员及储值卡管理办法.docx", False),
    ("员工手册", "员工福利说明.docx", False),
])
def test_a_title_names_a_file(title, source, named):
    assert _named(title, source) is named


def test_a_basis_cited_beside_a_value_is_no_pointer():
    """The review: 「劳动合同试用期多长？」 over 「根据《劳动合同管理办法》，新员工试用期最长不超过6个月。」 moved an unrelated
    article of that file first, scored by the title's own words."""
    basis = run("员工手册.md", "根据《劳动合同管理办法》，新员工试用期最长不超过6个月。")
    article = run("劳动合同管理办法.docx", "第三条 劳动合同应当在入职之日起一个月内书面订立。", 1, 0.9)
    runs = [basis, article]
    assert referenced("劳动合同试用期多长？", runs) is runs
    value = run("说明.md", "试用期不超过6个月，详见《劳动合同管理办法》。")   # a value in the clause: it answers
    assert referenced("试用期多长？", [value, article]) == [value, article]


def test_the_run_moved_first_shares_a_word_of_the_question():
    pointer = run("常见问题.html", "团队订单按《团队预订与团建指南》办理。")
    unrelated = run("团队预订与团建指南.md", "团建活动可选择采茶、竹编和农家宴。", 1, 0.9)
    answer = run("团队预订与团建指南.md", "团队订单须至少提前14天预订，并支付30%定金。", 2, 0.8)
    assert referenced("团队订单要提前几天订？", [pointer, unrelated, answer]) == [answer, pointer, unrelated]
    assert referenced("团队订单要提前几天订？", [pointer, unrelated])[0] is pointer
