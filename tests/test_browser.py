"""The chat page in Debian's Chromium, driven by Playwright; screenshots go to artifacts/."""
import contextlib
import shutil
import socket

import pytest

from chatbot.settings import ROOT
from conftest import playwright_started

pytestmark = [pytest.mark.integration, pytest.mark.browser]
CHROMIUM = shutil.which("chromium")
ARTIFACTS = ROOT / "artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(bot):
    """`bot`'s app (ui.create_app) served by uvicorn in a thread on a free port; yields its base URL."""
    import threading
    import time

    import uvicorn

    import ui

    srv = uvicorn.Server(uvicorn.Config(ui.create_app(bot), host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    try:
        while not srv.started:
            time.sleep(0.05)
        yield f"http://127.0.0.1:{srv.config.port}"
    finally:
        srv.should_exit = True
        thread.join(10)


@contextlib.contextmanager
def widget_host(page, bot, tmp_path, script: str):
    """Serve `bot`'s app and, on another origin, a host page whose <script src="…/SCRIPT" data-open="true">
    embeds the widget (`script` may close the src and add attributes); yield the widget's frame."""
    import functools
    import http.server
    import threading

    with served(bot) as base:
        (tmp_path / "host.html").write_text(f'<!doctype html><meta charset="utf-8"><p>host</p><script '
                                            f'src="{base}/{script}" data-open="true"></script>', encoding="utf-8")
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), functools.partial(
            http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            page.goto(f"http://127.0.0.1:{httpd.server_address[1]}/host.html")
            page.wait_for_timeout(500)
            frame = next(f for f in page.frames if "/embed" in f.url)
            frame.wait_for_selector("#q")
            yield frame
        finally:
            httpd.shutdown()


HOSTILE = "# 安全提示\n安全提示热线是12110<script>alert('doc')</script>,请勿点击[中奖链接](javascript:alert(3))。\n"
BUS = "# 园区班车\n| 线路 | <b>发车</b> | 终点 |\n|---|---|---|\n| 园区1号线 | 07:20 | 总部东门 |\n"  # a header cell that looks like HTML
# characters outside the Basic Multilingual Plane (two UTF-16 units each) before the answer
ASTRAL = "# 𠮷野家\n𠮷野家😀门店开在园区北门，门店的订餐热线是4008001234，营业时间为早上7点到晚上10点。\n"


@pytest.fixture(scope="module")
def browser_bot(product_embedder, tmp_path_factory):
    """The seed document plus a hostile one, with the real model."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "互联网金融行业发展趋势分析.txt").write_bytes((ROOT / "corpus" / "互联网金融行业发展趋势分析.txt").read_bytes())
    (corpus / "安全提示.txt").write_text(HOSTILE, encoding="utf-8")  # .txt keeps the tags as text (Markdown drops inline HTML)
    (corpus / "班车.txt").write_text(BUS, encoding="utf-8")
    (corpus / "𠮷野家.txt").write_text(ASTRAL, encoding="utf-8")
    return ChatBot(Settings(corpus_dir=corpus, index_dir=tmp_path_factory.mktemp("index"),
                            feedback_file=tmp_path_factory.mktemp("fb") / "feedback.jsonl"), product_embedder).warm_up()


@pytest.fixture(scope="module")
def server(browser_bot):
    """The whole app (page + API), as `python ui.py` serves it, on a free port."""
    with served(browser_bot) as base:
        yield base


@pytest.fixture
def page(server):
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: run `make setup`")

    with playwright_started() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        pg = browser.new_page(viewport={"width": 1280, "height": 1000})
        pg.requests, pg.dialogs = [], []
        pg.on("request", lambda r: pg.requests.append(r.url))
        pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
        pg.goto(server)
        pg.wait_for_selector("textarea")
        yield pg
        browser.close()


def ask(page, question, n):
    page.fill("textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('.cb-answer, .cb-notice').length >= n", arg=n,
                           timeout=60000)


def test_ask_answer_citation_and_highlight(page, server):
    ask(page, "网络小贷公司的注册资本门槛现在是多少?", 1)
    answer = page.locator(".cb-answer").last.inner_text()
    assert "注册资本门槛从1亿元提升至10亿元" in answer and "[1]" in answer
    source = page.locator(".cb-source").last.inner_text()
    assert "监管框架持续完善,合规成行业生存底线" in source
    assert page.locator(".cb-passage mark").last.inner_text() in answer
    assert page.evaluate("document.documentElement.lang") == "zh-CN"  # Gradio's template says "en" (pagehead.py)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "chat-answer.png"))
    ask(page, "京东白条有多少用户?", 2)
    assert "文档中没有找到" in page.locator(".cb-answer").last.inner_text()
    # Gradio's screen-reader region announces each finished event: in words, not its missing key (page.GRADIO_KEYS)
    page.wait_for_function("() => /Complete|完成/.test(document.body.innerText)", timeout=10000)
    assert "common." not in page.inner_text("body")
    page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
    foreign = {u for u in page.requests if not u.startswith(server) and not u.startswith("data:")}
    assert foreign == set()


def test_feedback_from_the_page_is_recorded(page, browser_bot):
    import json

    ask(page, "卫星遥感农业贷款的不良率是多少?", 1)
    page.get_by_role("button", name="Like").last.click()
    path = browser_bot.settings.feedback_file
    for _ in range(50):
        if path.exists() and path.read_text(encoding="utf-8").strip():
            break
        page.wait_for_timeout(100)
    row = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert row["rating"] == "up" and row["channel"] == "page" and row["question"] == "卫星遥感农业贷款的不良率是多少?"
    assert "3%" in row["citations"][0]["quote"]


def test_feedback_on_a_refusal_is_recorded(page, browser_bot):
    """A 👎 under a refusal (no question in 「？？？」) used to do nothing: the page kept no turn for it."""
    import json

    ask(page, "？？？", 1)
    assert "问题" in page.locator(".cb-notice").last.inner_text()
    path = browser_bot.settings.feedback_file
    before = len(path.read_text(encoding="utf-8").splitlines()) if path.exists() else 0
    page.get_by_role("button", name="Dislike").last.click()
    for _ in range(50):
        if path.exists() and len(path.read_text(encoding="utf-8").splitlines()) > before:
            break
        page.wait_for_timeout(100)
    row = json.loads(path.read_text(encoding="utf-8").splitlines()[-1])
    assert row["rating"] == "down" and row["question"] == "？？？" and row["citations"] == []
    assert row["answer"] == page.locator(".cb-notice").last.inner_text().strip()


def test_hostile_document_renders_as_text(page, server):
    ask(page, "安全提示热线是多少?", 1)
    page.wait_for_timeout(500)
    text = page.locator(".cb-passage").last.inner_text()
    assert "<script>alert('doc')</script>" in text and "javascript:alert(3)" in text
    assert page.dialogs == [] and page.locator(".cb-passage a:not(.cb-open)").count() == 0  # only 「打开原文」
    assert page.locator(".cb-passage a.cb-open").last.get_attribute("href").startswith("source/")
    embed = page.context.browser.new_page()
    embed.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    embed.goto(server + "/embed")
    embed.fill("#q", "安全提示热线是多少?")
    embed.press("#q", "Enter")
    embed.wait_for_selector(".bot .passage", timeout=60000)
    assert "<script>alert('doc')</script>" in embed.inner_text(".bot .passage")
    assert page.dialogs == [] and embed.locator(".bot a:not(.open), .bot script").count() == 0
    ask(page, "园区1号线几点发车?", 2)  # a table row: its header over it, as text, in the page and in the widget
    embed.fill("#q", "园区1号线几点发车?")
    embed.press("#q", "Enter")
    embed.wait_for_selector(".bot .row", timeout=60000)
    for rows in (page.locator(".cb-answer").last.locator("table.cb-row tr"), embed.locator(".bot table.row tr")):
        assert [rows.nth(i).locator("th, td").all_inner_texts() for i in range(2)] == \
            [["线路", "<b>发车</b>", "终点"], ["园区1号线", "07:20", "总部东门"]]


def test_widget_on_a_phone_screen(page, server, host_page):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(host_page)
    page.wait_for_function("() => document.querySelector('[data-doc-qa-widget]') !== null")
    page.mouse.click(375 - 48, 740 - 48)
    page.wait_for_timeout(500)
    frame = next(f for f in page.frames if f.url.startswith(server + "/embed"))
    frame.wait_for_selector("#q")
    box = frame.frame_element().bounding_box()
    assert box["width"] >= 370 and box["height"] >= 600  # full screen on a phone
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-phone.png"))


def test_follow_up_question_in_the_page(page):
    ask(page, "那个用卫星看庄稼放贷的项目覆盖了多少农户?", 1)
    assert "累计服务农户超500万户" in page.locator(".cb-answer").last.inner_text()
    ask(page, "不良率呢?", 2)
    assert "贷款不良率控制在3%以内" in page.locator(".cb-answer").last.inner_text()
    assert "普惠金融向纵深发展" in page.locator(".cb-source").last.inner_text()


def test_hostile_question_renders_as_text(page):
    ask(page, "<img src=x onerror=alert(1)> 注册资本<script>alert(2)</script>", 1)
    page.wait_for_timeout(500)
    assert page.dialogs == []
    body = page.locator("body").inner_text()
    assert "<img src=x onerror=alert(1)>" in body and "<script>alert(2)</script>" in body  # shown as text
    assert page.locator("img[src='x']").count() == 0


@pytest.fixture
def host_page(server, tmp_path):
    """examples/intranet.html, pointed at the test server, served from another origin (another port)."""
    import functools
    import http.server
    import threading

    html = (ROOT / "examples" / "intranet.html").read_text(encoding="utf-8").replace("http://127.0.0.1:7860", server)
    (tmp_path / "index.html").write_text(html, encoding="utf-8")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html"
    httpd.shutdown()


def test_widget_on_another_origin(page, server, host_page):
    page.goto(host_page)
    page.wait_for_function("() => document.querySelector('[data-doc-qa-widget]') !== null")
    # the widget's shadow root is closed (nothing of the host page reaches in): click where the bubble is drawn
    box = page.viewport_size
    page.mouse.click(box["width"] - 48, box["height"] - 48)
    page.wait_for_timeout(300)
    target = next(f for f in page.frames if f.url.startswith(server + "/embed"))
    target.wait_for_selector("#q")
    target.fill("#q", "网络小贷公司的注册资本门槛现在是多少?")
    target.press("#q", "Enter")
    target.wait_for_selector(".bot .quote", timeout=60000)
    assert "注册资本门槛从1亿元提升至10亿元" in target.inner_text(".bot .quote")
    assert "监管框架持续完善" in target.inner_text(".bot .src")
    assert target.inner_text("mark")
    target.fill("#q", "<img src=x onerror=alert(1)>")
    target.press("#q", "Enter")
    target.wait_for_function("() => document.querySelectorAll('.bot').length >= 2", timeout=60000)
    assert page.dialogs == [] and target.locator("img").count() == 0
    assert "问题是空的" in target.locator(".bot").last.inner_text()  # markup alone is no question
    assert "宿主页面自己的按钮" in page.inner_text("body")  # the host page is intact
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget.png"))
    foreign = {u for u in page.requests if not u.startswith((server, host_page.rsplit("/", 1)[0], "data:"))}
    assert foreign == set()


def test_behind_nginx_under_a_path_prefix(browser_bot, tmp_path, page):
    """`--root-path /qa` behind nginx as the README shows: the page, the API and /embed all work."""
    import subprocess
    import threading
    import time

    import uvicorn

    import ui

    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    app_port, proxy_port = free_port(), free_port()
    import dataclasses

    from chatbot.bot import ChatBot
    from chatbot.serve.app import server_config

    settings = dataclasses.replace(browser_bot.settings, trusted_proxies="127.0.0.1", api_token="t0ken-0123456789abcdef", port=app_port)
    bot = ChatBot(settings, browser_bot.embedder)
    bot._retriever = browser_bot.retriever  # same index, already loaded
    srv = uvicorn.Server(server_config(ui.create_app(bot, "/qa"), settings, "/qa"))  # as `launch` serves it
    threading.Thread(target=srv.run, daemon=True).start()
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{ access_log off; client_body_temp_path {tmp_path};
  server {{ listen 127.0.0.1:{proxy_port};
    location /qa/ {{ proxy_pass http://127.0.0.1:{app_port}/; proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade; proxy_set_header Connection "upgrade"; proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for; proxy_set_header X-Forwarded-Proto $scheme; }} }} }}
""")
    proxy = subprocess.Popen([nginx, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        while not srv.started:
            time.sleep(0.05)
        time.sleep(0.5)
        base = f"http://127.0.0.1:{proxy_port}/qa"
        errors, script = [], []
        page.on("response", lambda r: errors.append((r.status, r.url)) if r.status >= 400 else None)
        page.on("response", lambda r: script.append(r.status) if r.url == base + "/page-zh.js" else None)
        page.goto(base + "/?token=t0ken-0123456789abcdef")  # the cookie's path is the prefix
        page.wait_for_selector("textarea")
        ask(page, "卫星遥感农业贷款的不良率是多少?", 1)
        assert "3%" in page.locator(".cb-answer").last.inner_text()
        assert script == [200]  # the toasts' Chinese (page-zh.js) under the prefix too
        with page.context.expect_page() as opened:  # 「打开原文」: under the prefix, authorised by the cookie
            page.locator("a.cb-open").first.click()
        tab = opened.value
        tab.wait_for_load_state("load")
        assert tab.url.startswith(base + "/source/") and "3%" in tab.inner_text("mark#quote")
        tab.close()
        page.goto(base + "/embed?token=t0ken-0123456789abcdef")
        page.fill("#q", "卫星遥感农业贷款的不良率是多少?")
        page.press("#q", "Enter")
        page.wait_for_selector(".bot .quote", timeout=60000)
        assert "3%" in page.inner_text(".bot .quote")
        assert errors == []
    finally:
        proxy.terminate()
        srv.should_exit = True


def test_widget_with_an_access_token(browser_bot, page, tmp_path):
    """CHATBOT_API_TOKEN set: the widget on another origin passes the token from embed.js?token=… to its API calls."""
    import dataclasses

    from chatbot.bot import ChatBot

    bot = ChatBot(dataclasses.replace(browser_bot.settings, api_token="t0ken-0123456789abcdef"), browser_bot.embedder)
    bot._retriever = browser_bot.retriever  # same index, already loaded
    with widget_host(page, bot, tmp_path, "embed.js?token=t0ken-0123456789abcdef") as frame:
        frame.fill("#q", "卫星遥感农业贷款的不良率是多少?")
        frame.press("#q", "Enter")
        frame.wait_for_selector(".bot", timeout=60000)
        assert "3%" in frame.inner_text(".bot")


def test_widget_asks_its_knowledge_base(browser_bot, page, tmp_path):
    """data-kb on the widget's tag: its questions go to that knowledge base (a PDF uploaded through the
    API's Python side), cited with the PDF's page, and 「打开原文」 opens that KB's PDF at the cited page;
    the default KB does not hold that PDF."""
    import dataclasses
    import io

    from chatbot.bot import ChatBot
    from chatbot.kb import KnowledgeBases
    from zoo import _pdf

    settings = dataclasses.replace(browser_bot.settings, kb_root=tmp_path / "kbs")
    bot = ChatBot(settings, browser_bot.embedder)
    bot._retriever = browser_bot.retriever  # same default index, already loaded
    kbs = KnowledgeBases(settings, default_bot=bot)
    kbs.create("网点")
    _pdf(tmp_path / "营业时间.pdf")
    kbs.add_documents("网点", [("营业时间.pdf", io.BytesIO((tmp_path / "营业时间.pdf").read_bytes()))])
    assert kbs.wait("网点", 300) and kbs.status("网点")["state"] == "idle"
    with widget_host(page, bot, tmp_path, 'embed.js" data-kb="网点') as frame:
        assert "kb=%E7%BD%91%E7%82%B9" in frame.url
        frame.fill("#q", "周末营业时间是几点?")
        frame.press("#q", "Enter")
        frame.wait_for_selector(".bot .quote", timeout=60000)
        assert "周末营业时间为10点至16点" in frame.inner_text(".bot .quote")
        assert "营业时间.pdf" in frame.inner_text(".bot .src") and "第2页" in frame.inner_text(".bot .src")
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "widget-kb.png"))
        with page.context.expect_page() as opened:  # 「打开原文」 opens the PDF of that KB (the default has none)
            frame.locator(".bot a.open").first.click()
        tab = opened.value
        tab.wait_for_load_state("load")
        assert "/view?kb=%E7%BD%91%E7%82%B9&start=" in tab.url and "第2页 / 共2页" in tab.inner_text("header")
        assert "周末营业时间为10点至16点" in tab.inner_text(".cite")
        tab.wait_for_function("() => { const i = document.querySelector('.sheet img'); return i && i.complete && i.naturalWidth > 0 }")
        tab.close()
        default = bot.ask("周末营业时间是几点?")
        assert all(c.source != "营业时间.pdf" for c in default.citations)


def test_the_widget_marks_and_bolds_the_same_text_as_the_page_after_astral_characters(page, server):
    """The API's offsets count code points; the widget (JavaScript, UTF-16) must not shift them after 𠮷 or 😀."""
    ask(page, "𠮷野家门店的订餐热线是多少?", 1)
    mark, bold = page.locator(".cb-passage mark").last.inner_text(), page.locator(".cb-answer strong").last.inner_text()
    assert "4008001234" in mark and bold in mark
    embed = page.context.browser.new_page()
    embed.goto(server + "/embed")
    embed.fill("#q", "𠮷野家门店的订餐热线是多少?")
    embed.press("#q", "Enter")
    embed.wait_for_selector(".bot .passage", timeout=60000)
    assert embed.locator(".bot .passage mark").first.inner_text() == mark
    assert embed.locator(".bot .quote strong").first.inner_text() == bold
