"""Word's automatic numbering (readers/numbering.py): the labels Word shows but never writes into the text."""
import io

import docx
import pytest
from docx.oxml import parse_xml

from chatbot.readers import read
from chatbot.readers.numbering import chinese, formatted

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


@pytest.mark.parametrize("n, said", [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九"),
                                     (100, "一百"), (105, "一百零五"), (110, "一百一十"), (120, "一百二十")])
def test_chinese_counting(n, said):
    assert chinese(n) == said


def test_formats():
    assert [formatted(3, f) for f in ("decimal", "decimalZero", "chineseCounting", "ideographTraditional",
                                      "decimalEnclosedCircle", "lowerLetter", "upperRoman", "somethingNew")] == \
        ["3", "03", "三", "丙", "③", "c", "III", "3"]
    # found by a helper who tried to break it (session 27): Word's capital, digit-by-digit, full-width and bracketed counts
    assert [formatted(n, f) for n, f in ((1, "chineseLegalSimplified"), (11, "chineseLegalSimplified"),
                                         (10, "ideographDigital"), (12, "decimalFullWidth"), (1, "decimalEnclosedParen"),
                                         (2, "decimalEnclosedFullstop"))] == ["壹", "壹拾壹", "一〇", "１２", "⑴", "⒉"]


def numbered_docx() -> bytes:
    """A policy as Word numbers it: 第N条 at level 0 and （N） under it, from one list definition; a List Number list
    (the default template's); a bulleted list."""
    d = docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="90"><w:multiLevelType w:val="multilevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
        '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%2）"/></w:lvl>'
        '</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))

    def numbered(text, ilvl):
        p = d.add_paragraph(text)
        p._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="90"/></w:numPr>'))

    d.add_heading("差旅管理办法", 1)
    numbered("为规范出差行为，制定本办法。", 0)
    numbered("下列费用可以报销：", 0)
    numbered("往返车票；", 1)
    numbered("住宿费。", 1)
    numbered("报销时限为30天。", 0)
    numbered("逾期须说明原因。", 1)       # counts from 1 again under the third article
    d.add_paragraph("报销步骤：")
    for step in ("填写报销单；", "部门负责人审批；"):
        d.add_paragraph(step, style="List Number")
    d.add_paragraph("", style="List Number")        # an empty item: Word numbers it (3.) and counts on
    d.add_table(rows=1, cols=1).cell(0, 0).paragraphs[0].text = "出纳核对；"
    d.tables[-1].cell(0, 0).paragraphs[0].style = d.styles["List Number"]   # an item in a table cell: 4.
    d.add_paragraph("财务审核付款。", style="List Number")
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="91"><w:abstractNumId w:val="90"/></w:num>'))
    p = d.add_paragraph("另一处的条款。")                 # a second list on the same definition counts on: 第四条
    p._p.get_or_add_pPr().append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="0"/><w:numId w:val="91"/></w:numPr>'))
    for item in ("身份证", "工卡"):
        d.add_paragraph(item, style="List Bullet")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def test_word_numbering_is_written_before_the_paragraphs():
    """「List Number」 steps came out as 「- 填写报销单；」 and auto-numbered articles without 第N条 (session 27)."""
    text = read(numbered_docx(), ".docx").text
    for line in ("第一条 为规范出差行为，制定本办法。", "第二条 下列费用可以报销：", "（1）往返车票；", "（2）住宿费。",
                 "第三条 报销时限为30天。", "（1）逾期须说明原因。", "1. 填写报销单；", "2. 部门负责人审批；", "| 4. 出纳核对； |",
                 "5. 财务审核付款。", "第四条 另一处的条款。", "- 身份证", "- 工卡"):
        assert line in text.split("\n"), (line, text)


def test_a_docx_without_numbering_reads_as_before():
    d = docx.Document()
    d.add_paragraph("第一条 员工应遵守本制度。")
    out = io.BytesIO()
    d.save(out)
    assert read(out.getvalue(), ".docx").text == "第一条 员工应遵守本制度。"
