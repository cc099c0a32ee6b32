"""「打开原文」 in Debian's Chromium: a question about a PDF, its citation's link, the cited page with the
quote marked; the same from the widget. The keyword embedder answers (no model needed); the server
requires a token, so the page's cookie (and the widget's ?token=) must authorise the new tab.
Screenshots go to artifacts/."""
import shutil
from pathlib import Path

import pytest

from chatbot.settings import ROOT
from conftest import playwright_started

pytestmark = [pytest.mark.integration, pytest.mark.browser]
CHROMIUM = shutil.which("chromium")
ARTIFACTS = ROOT / "artifacts"
TOKEN = "t0ken-0123456789abcdef"
PAGES = [("网点服务指南", ["一、开户", "个人客户凭本人有效身份证件到任一网点开立账户，", "开户时须设置六位数字交易密码。",
                         "二、存款", "活期存款随存随取，定期存款的起存金额为50元。"]),
         ("", ["三、营业时间", "网点工作日营业时间为9点至17点，午间不休息。", "周末营业时间为10点至16点，节假日另行通知。",
               "网点营业时间内提供现金和非现金业务。", "四、客服热线", "客服热线电话为95566，全天24小时服务。"]),
         ("", ["五、其他", "本指南自发布之日起施行，由本行负责解释。"])]


def guide_pdf(path: Path) -> None:
    """Three A4 pages of a bank's service guide; the answer to 「周末营业时间是几点?」 is on page 2."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for n, (title, lines) in enumerate(PAGES, 1):
        c.setFont("STSong-Light", 9)
        c.drawString(72, 800, "某银行网点服务指南")
        c.drawString(285, 30, f"第{n}页")
        y = 740
        if title:
            c.setFont("STSong-Light", 20)
            c.drawString(72, y, title)
            y -= 44
        for line in lines:
            heading = line[1:2] == "、"
            c.setFont("STSong-Light", 15 if heading else 12)
            y -= 10 if heading else 0
            c.drawString(72, y, line)
            y -= 24
        c.showPage()
    c.save()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings
    from conftest import KeywordEmbedder
    from test_browser import served
    from zoo import _docx

    corpus = tmp_path_factory.mktemp("corpus")
    guide_pdf(corpus / "网点服务指南.pdf")
    _docx(corpus / "贷款指南.docx")
    settings = Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"), min_score=0.3, min_coverage=0.2,
                        min_score_crosslingual=0.3, min_term_chars=0, api_token=TOKEN,
                        feedback_file=tmp_path_factory.mktemp("fb") / "feedback.jsonl")
    bot = ChatBot(settings, KeywordEmbedder()).warm_up()
    with served(bot) as base:
        yield base


@pytest.fixture
def browser():
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: run `make setup`")

    with playwright_started() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                                              "--disable-background-networking", "--disable-sync"])
        yield b
        b.close()


def opened(context, click):
    """The tab that `click()` opens, loaded, with the status of its main response."""
    with context.expect_page() as info:
        click()
    tab = info.value
    tab.wait_for_load_state("load")
    return tab


def test_a_pdf_citation_opens_its_page_with_the_quote_marked(server, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    requests, failed = [], []
    context.on("request", lambda r: requests.append(r.url))
    context.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.goto(server + f"/?token={TOKEN}")  # sets the token cookie; the new tab sends it
    page.wait_for_selector("textarea")
    page.fill("textarea", "周末营业时间是几点?")
    page.keyboard.press("Enter")
    page.wait_for_selector(".cb-answer", timeout=60000)
    assert "周末营业时间为10点至16点" in page.locator(".cb-answer").last.inner_text()
    summary = page.locator(".cb-source").first.inner_text()
    assert "网点服务指南.pdf" in summary and "第2页" in summary and "打开原文" in summary
    link = page.locator("a.cb-open").first
    assert link.get_attribute("target") == "_blank"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-chat.png"))
    tab = opened(context, link.click)
    assert "/source/" in tab.url and "/view?start=" in tab.url and tab.url.endswith("#quote")
    tab.wait_for_function("() => { const i = document.querySelector('.sheet img'); return i && i.complete && i.naturalWidth > 0 }")
    assert tab.evaluate("document.querySelector('.sheet img').naturalWidth") == 1191
    assert "第2页 / 共3页" in tab.inner_text("header")
    assert "周末营业时间为10点至16点" in tab.inner_text(".cite")
    tab.screenshot(path=str(ARTIFACTS / "source-pdf.png"))
    shutil.copy(ARTIFACTS / "source-pdf.png", "/tmp/source-shot.png")
    assert failed == []
    assert {u for u in requests if not u.startswith(server)} == set()  # nothing from anywhere else
    context.close()


def test_a_widget_citation_opens_the_text_view(server, browser):
    context = browser.new_context(viewport={"width": 900, "height": 800})
    page = context.new_page()
    page.goto(server + f"/embed?token={TOKEN}")
    page.fill("#q", "申请住房贷款要提交哪些材料?")
    page.press("#q", "Enter")
    page.wait_for_selector(".bot a.open", timeout=60000)
    assert "贷款指南.docx" in page.inner_text(".bot .src")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "source-widget.png"))
    tab = opened(context, page.locator(".bot a.open").first.click)
    assert f"token={TOKEN}" in tab.url  # a cross-site iframe has no cookie: the link carries the widget's token
    mark = tab.inner_text("mark#quote")
    assert "收入证明" in mark and "申请住房贷款须提交以下材料" in mark
    assert tab.locator("header a").inner_text() == "下载原文件"
    tab.screenshot(path=str(ARTIFACTS / "source-docx.png"))
    context.close()
