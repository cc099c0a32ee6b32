"""The fixture zoo: one small document per format and structure kind, written by the tests themselves
(reportlab, python-docx, python-pptx, openpyxl), each with a question, the text its answer must hold,
and the page/location its citation must carry. Words come from conftest.TOPICS, so the keyword
embedder ranks them."""
from __future__ import annotations

from pathlib import Path

# (file, question, answer substring, page, location)
QUESTIONS = [
    ("存款利率.xlsx", "定期存款的利率是多少?", "2.5%", None, "工作表 利率表 第3行"),
    ("贷款指南.docx", "申请住房贷款要提交哪些材料?", "收入证明", None, ""),
    ("信用卡介绍.pptx", "信用卡年费是多少?", "年费为200元", 2, "幻灯片2"),
    ("理财须知.html", "理财产品的风险等级分几级?", "风险等级分为五级", None, ""),
    ("密码问答.csv", "忘记密码怎么重置?", "携带身份证到网点重置", None, "第2行"),
    ("营业时间.pdf", "周末营业时间是几点?", "周末营业时间为10点至16点", 2, "第2页"),
    ("客服热线.md", "客服热线电话是多少?", "95566", None, ""),
    ("新员工手册.txt", "新员工手册的联系电话是多少?", "联系电话：8001", None, ""),
]


def write_zoo(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _xlsx(folder / "存款利率.xlsx")
    _docx(folder / "贷款指南.docx")
    _pptx(folder / "信用卡介绍.pptx")
    (folder / "理财须知.html").write_text(
        "<html><head><title>理财须知</title><script>var 理财 = 1;</script></head><body><nav>首页 | 理财</nav>"
        "<h1>理财须知</h1><p>理财产品的风险等级分为五级，请按自身情况选择。</p>"
        "<table><caption>表1 风险等级</caption><tr><th>等级</th><th>说明</th></tr><tr><td>R1</td><td>谨慎型</td></tr></table>"
        "<footer>版权所有</footer></body></html>", encoding="utf-8")
    (folder / "密码问答.csv").write_text("问题,答案\n忘记密码怎么办?,携带身份证到网点重置密码。\n", encoding="gbk")
    _pdf(folder / "营业时间.pdf")
    (folder / "客服热线.md").write_text(
        "# 客服热线\n\n联系方式如下：\n\n- 客服热线电话：95566\n- 信用卡热线：40066\n\n```\n# 不是标题\ncall 95566\n```\n\n"
        "| 渠道 | 时间 |\n| --- | --- |\n| 电话 | 全天 |\n", encoding="utf-8")
    (folder / "新员工手册.txt").write_text(
        "新员工手册\n\n一、发放\n发放部门：人力资源部\n联系电话：8001\n\n二、说明\n第一条 入职一周内须阅读全文，\n"
        "并签署确认书。\nQ：丢了怎么办？ A：到人力资源部补领。\n", encoding="gbk")
    return folder


def _xlsx(path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "利率表"
    for row in [("产品", "利率", "起存金额"), ("国债", "2.1%", "100元"), ("定期存款", "2.5%", "50元")]:
        ws.append(row)
    wb.save(path)


def _docx(path: Path) -> None:
    import docx

    d = docx.Document()
    d.core_properties.title = "贷款指南"
    d.add_heading("住房贷款", level=1)
    d.add_paragraph("申请住房贷款须提交以下材料：")
    for item in ("户口本", "收入证明", "购房合同"):
        d.add_paragraph(item, style="List Bullet")
    d.add_heading("期限", level=2)
    t = d.add_table(rows=2, cols=2)
    for i, (a, b) in enumerate([("项目", "要求"), ("审批时间", "7个工作日")]):
        t.cell(i, 0).text, t.cell(i, 1).text = a, b
    d.add_paragraph("本指南适用于个人客户。")
    d.save(path)


def _pptx(path: Path) -> None:
    from pptx import Presentation
    from pptx.util import Inches

    p = Presentation()
    for title, body in [("信用卡介绍", "本行发行多种信用卡。"), ("信用卡费用", "信用卡年费为200元，积分可兑换礼品。")]:
        slide = p.slides.add_slide(p.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    slide = p.slides.add_slide(p.slide_layouts[5])
    slide.shapes.title.text = "积分规则"
    rows = slide.shapes.add_table(2, 2, Inches(1), Inches(2), Inches(6), Inches(1)).table
    for i, (a, b) in enumerate([("消费", "积分"), ("每20元", "1分")]):
        rows.cell(i, 0).text, rows.cell(i, 1).text = a, b
    p.save(path)


def _pdf(path: Path) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    pages = [["一、工作日", "网点工作日营业时间为9点至17点，节假日另行", "通知。"], ["二、周末", "周末营业时间为10点至16点。"]]
    for n, lines in enumerate(pages, 1):
        c.setFont("STSong-Light", 9)
        c.drawString(72, 800, "某银行营业时间公告")
        c.drawString(290, 30, f"第{n}页")
        c.setFont("STSong-Light", 12)
        for k, line in enumerate(lines):
            c.drawString(72, 700 - 18 * k, line)
        c.showPage()
    c.save()


CJK_FONTS = ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
             "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")


def cjk_font() -> str | None:
    """A font file with Chinese glyphs (fonts-wqy-microhei, which `make browser` installs), or None."""
    import subprocess

    found = [f for f in CJK_FONTS if Path(f).is_file()]
    if not found:
        try:
            listed = subprocess.run(["fc-list", ":lang=zh", "file"], capture_output=True, text=True, timeout=30).stdout
            found = [l.split(":")[0].strip() for l in listed.splitlines() if l.strip()]
        except (OSError, subprocess.SubprocessError):
            pass
    return found[0] if found else None


# The scanned page of scanned_pdf(): its lines, drawn as an image (no text layer).
SCAN_LINES = ["三、密码重置", "忘记密码时，请携带身份证到任一网点重置。", "网上银行密码可在手机银行自助重置。"]


def scanned_pdf(path: Path, font: str) -> Path:
    """Page 1 with a text layer, page 2 only an image of Chinese text (a scan, 150 dpi) with its page number."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    image = Image.new("L", (1240, 1754), 255)
    draw = ImageDraw.Draw(image)
    big = ImageFont.truetype(font, 34)
    for k, line in enumerate(SCAN_LINES):
        draw.text((150, 200 + 70 * k), line, font=big, fill=0)
    draw.text((590, 1640), "第2页", font=ImageFont.truetype(font, 24), fill=0)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    c.setFont("STSong-Light", 12)
    c.drawString(72, 760, "一、营业时间")
    c.drawString(72, 740, "网点营业时间为每天9点至17点。")
    c.drawString(290, 30, "第1页")
    c.showPage()
    c.drawImage(ImageReader(image), 0, 0, *c._pagesize)
    c.showPage()
    c.save()
    return path


# The ruled table of table_pdf(): header row first.
TABLE_ROWS = [["存款种类", "期限", "年利率"], ["活期存款", "不限", "0.20%"], ["定期存款", "一年", "1.50%"],
              ["大额存单", "三年", "2.60%"]]


def table_pdf(path: Path) -> Path:
    """A heading, a paragraph, a ruled table (reportlab Table, GRID) of Chinese cells, and a paragraph after it."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("zh", fontName="STSong-Light", fontSize=12, leading=18, wordWrap="CJK")
    table = Table(TABLE_ROWS)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, "black"), ("FONTNAME", (0, 0), (-1, -1), "STSong-Light")]))
    SimpleDocTemplate(str(path)).build([
        Paragraph("一、人民币存款", style), Paragraph("本行人民币挂牌价格如下表所示，自2026年1月1日起执行。", style),
        Spacer(1, 8), table, Spacer(1, 8), Paragraph("如有调整，以网点公告为准。", style)])
    return path
