"""The 「知识库」 tab in Debian's Chromium (Playwright), with the real model: create a KB, upload a DOCX and a
PDF, watch the status reach 就绪, open the split preview, ask in the chat with that KB chosen and see the
page citation, delete the document and see its answer go. Screenshots of each step go to artifacts/."""

import pytest

from chatbot.settings import ROOT
from conftest import playwright_started
from test_browser import ARTIFACTS, CHROMIUM, served

pytestmark = [pytest.mark.integration, pytest.mark.browser]
QUESTION = "周末营业时间是几点?"
SAVED = "() => /已保存|索引完成/.test(document.querySelector('#kb-message').innerText)"  # the build may end first


@pytest.fixture(scope="module")
def server(product_embedder, tmp_path_factory):
    """The whole app (page + API) over the seed document, with an empty KB root, on a free port."""
    from chatbot.bot import ChatBot
    from chatbot.settings import Settings

    root = tmp_path_factory.mktemp("kbtab")
    (root / "corpus").mkdir()
    (root / "corpus" / "互联网金融行业发展趋势分析.txt").write_bytes((ROOT / "corpus" / "互联网金融行业发展趋势分析.txt").read_bytes())
    bot = ChatBot(Settings(corpus_dir=root / "corpus", index_dir=root / "index", kb_root=root / "kbs",
                           feedback_file=root / "feedback.jsonl"), product_embedder).warm_up()
    with served(bot) as base:
        yield base


@pytest.fixture
def files(tmp_path):
    from zoo import _docx, _pdf

    _docx(tmp_path / "贷款指南.docx")
    _pdf(tmp_path / "营业时间.pdf")
    return [str(tmp_path / "贷款指南.docx"), str(tmp_path / "营业时间.pdf")]


def shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"kbtab-{name}.png"), full_page=True)


def choose(page, elem_id, option):
    """Pick `option` in the gr.Dropdown with elem_id."""
    page.click(f"#{elem_id} input")
    page.locator("ul[role=listbox] li", has_text=option).first.click()


def ask(page, question, n):
    page.get_by_role("tab", name="问答").click()
    page.fill("textarea", question)
    page.keyboard.press("Enter")
    page.wait_for_function("n => document.querySelectorAll('[data-testid=bot] :is(.cb-answer, .cb-notice)').length >= n",
                           arg=n, timeout=60000)
    return page.locator("[data-testid=bot]").last  # the chat's own messages (检索测试 draws answers too)


def settled(page, timeout=120000):
    page.wait_for_function("() => { const s = document.querySelector('#kb-status'); return s && s.innerText.includes('就绪')"
                           " && !s.innerText.includes('正在索引') && !s.innerText.includes('排队'); }", timeout=timeout)


def test_manage_a_knowledge_base_in_the_page(server, files):
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: run `make setup`")

    with playwright_started() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu",
                                    "--disable-background-networking", "--disable-component-update", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 1000})
        dialogs, errors = [], []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("response", lambda r: errors.append((r.status, r.url)) if r.status >= 400 else None)
        page.goto(server)
        page.wait_for_selector("textarea")
        page.wait_for_function("() => document.querySelector('#kb-header').innerText.includes('当前知识库：default')")
        assert page.is_visible("#cb-examples") and "示例问题" in page.inner_text("#cb-examples")
        page.get_by_role("tab", name="知识库").click()
        # the upload box speaks Chinese in this English browser, as the page does (render.GRADIO_KEYS; breaker G)
        upload_box = page.inner_text("#kb-files")
        assert "将文件拖放到此处" in upload_box and "点击上传" in upload_box and "Drop File" not in upload_box

        page.fill("#kb-new textarea, #kb-new input", "网点")
        page.click("#kb-create")
        page.wait_for_selector("text=已新建知识库「网点」")
        assert "当前知识库：网点" in page.inner_text("#kb-header")

        page.set_input_files("#kb-files input[type=file]", files)
        page.wait_for_function("() => document.querySelector('#kb-files').innerText.includes('营业时间\\n.pdf')"
                               " && document.querySelector('#kb-files').innerText.includes('贷款指南\\n.docx')")
        page.wait_for_timeout(500)
        page.click("#kb-add")
        page.wait_for_function(SAVED, timeout=60000)
        shot(page, "1-uploaded")
        settled(page)
        page.wait_for_selector("#kb-message >> text=索引完成")
        status = page.inner_text("#kb-status")
        assert "2 个文档" in status
        rows = {r.split("\t")[0].strip(): r for r in page.inner_text("#kb-documents table tbody").splitlines()}
        assert "已索引" in rows["营业时间.pdf"] and "\tpdf\t2\t" in rows["营业时间.pdf"]  # format, pages
        shot(page, "2-indexed")

        choose(page, "kb-doc", "营业时间.pdf")
        page.wait_for_selector("#kb-preview .cb-chunk")
        preview = page.inner_text("#kb-preview")
        assert "二、周末" in preview and "第2页" in preview and "周末营业时间为10点至16点" in preview
        assert preview.index("一、工作日") < preview.index("二、周末")  # in order
        page.locator("#kb-preview").scroll_into_view_if_needed()
        shot(page, "3-preview")

        answer = ask(page, QUESTION, 1)
        assert "10点至16点" in answer.inner_text()
        assert not page.is_visible("#cb-examples")   # the default corpus's examples: not while 网点 answers
        source = answer.locator("summary.cb-source").last.inner_text()  # the citation
        assert "营业时间.pdf" in source and "第2页" in source
        shot(page, "4-answer")
        page.get_by_role("tab", name="检索测试").click()  # the retrieval test asks the chosen KB too
        page.fill("input[placeholder^='输入检索语句'], textarea[placeholder^='输入检索语句']", QUESTION)
        page.keyboard.press("Enter")
        page.wait_for_selector(".cb-table td", timeout=60000)
        assert "营业时间.pdf" in page.locator(".cb-table").first.inner_text()

        page.get_by_role("tab", name="知识库").click()
        page.click("#kb-drop-doc")
        page.wait_for_selector("text=删除文档「营业时间.pdf」")
        shot(page, "5-confirm")
        page.click("#kb-yes")
        page.wait_for_selector("text=已删除「营业时间.pdf」")
        settled(page)
        assert "营业时间.pdf" not in page.inner_text("#kb-documents") and "1 个文档" in page.inner_text("#kb-status")

        answer = ask(page, QUESTION, 2)
        assert "10点至16点" not in answer.inner_text()
        assert "营业时间.pdf" not in answer.inner_text()
        shot(page, "6-gone")

        page.get_by_role("tab", name="知识库").click()
        choose(page, "kb-pick", "default")
        page.wait_for_function("() => document.querySelector('#kb-header').innerText.includes('当前知识库：default')")
        page.wait_for_function("() => document.querySelectorAll('[data-testid=bot]').length === 0")  # a new conversation
        answer = ask(page, "网络小贷公司的注册资本门槛现在是多少?", 1)  # a new conversation, from the default KB
        assert "10亿元" in answer.inner_text()
        assert page.is_visible("#cb-examples")
        assert dialogs == [] and errors == []
        browser.close()


ADMIN = "admin-token-0123456789abcdef"
UPLOAD_STATUS = """async (size) => { const form = new FormData();
  form.append("files", new Blob([new Uint8Array(size)]), "probe.txt");
  return (await fetch("gradio_api/upload", {method: "POST", body: form})).status; }"""


@pytest.fixture
def admin_server(tmp_path):
    """The app with CHATBOT_ADMIN_TOKEN set, over the fixture corpus and the keyword embedder."""
    import shutil

    from chatbot.bot import ChatBot
    from chatbot.settings import Settings
    from conftest import FIXTURES, KeywordEmbedder

    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", kb_root=tmp_path / "kbs",
                        min_score=0.5, min_coverage=0.3, min_score_crosslingual=0.5, admin_token=ADMIN,
                        feedback_file=tmp_path / "feedback.jsonl")
    with served(ChatBot(settings, KeywordEmbedder()).warm_up()) as base:
        yield base + "/"


def test_the_admin_token_unlocks_management_and_large_uploads(admin_server, tmp_path):
    """Nothing to write with before the token; a wrong one is refused; the right one shows the controls and
    lets a 300 KB document through the page's upload (over CHATBOT_MAX_BODY_KB); every write checks it again."""
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: run `make setup`")

    big = tmp_path / "客服大全.txt"
    big.write_text("".join(f"第{i}条：客服热线电话是9558{i % 10}，周末营业时间照常。\n" for i in range(9000)), encoding="utf-8")
    assert big.stat().st_size > 300 * 1024
    with playwright_started() as p:
        browser, page = opened(p, admin_server, 1000)
        page.get_by_role("tab", name="知识库").click()
        assert page.is_visible("#kb-token") and not page.is_visible("#kb-add") and not page.is_visible("#kb-drop")
        assert page.evaluate(UPLOAD_STATUS, 300 * 1024) == 413  # a reader's upload stays small
        page.fill("#kb-token input", "wrong-token-0123456789")
        page.click("#kb-unlock")
        page.wait_for_selector("#kb-message >> text=需要管理员令牌")
        assert not page.is_visible("#kb-add")
        page.fill("#kb-token input", ADMIN)
        page.click("#kb-unlock")
        page.wait_for_selector("#kb-message >> text=管理已解锁")
        assert page.is_visible("#kb-add") and page.is_visible("#kb-drop")
        # the default knowledge base cannot be deleted: its button says so and cannot be pressed
        assert page.is_disabled("#kb-drop") and "默认库不可删除" in page.inner_text("#kb-drop")
        assert page.evaluate(UPLOAD_STATUS, 300 * 1024) == 200
        page.fill("#kb-new input, #kb-new textarea", "大文件")
        page.click("#kb-create")
        page.wait_for_selector("text=已新建知识库「大文件」")
        page.wait_for_function("() => !document.querySelector('#kb-drop').disabled")
        assert "删除这个知识库" in page.inner_text("#kb-drop")
        page.set_input_files("#kb-files input[type=file]", [str(big)])
        page.wait_for_function("() => document.querySelector('#kb-files').innerText.includes('客服大全')")
        page.wait_for_timeout(500)
        page.click("#kb-add")
        page.wait_for_function(SAVED, timeout=60000)
        settled(page)
        assert "客服大全.txt" in page.inner_text("#kb-documents")
        shot(page, "7-admin")
        page.fill("#kb-token input", "")
        page.click("#kb-drop")
        page.wait_for_selector("#kb-message >> text=需要管理员令牌")  # checked on the server at every write
        assert not page.is_visible("#kb-yes")
        browser.close()


@pytest.fixture
def small_server(tmp_path):
    """The app with an admin token and CHATBOT_MAX_FILE_MB=1 (the page's upload limit in the browser: 1 MB)."""
    import shutil

    from chatbot.bot import ChatBot
    from chatbot.settings import Settings
    from conftest import FIXTURES, KeywordEmbedder

    shutil.copytree(FIXTURES / "corpus", tmp_path / "corpus")
    settings = Settings(corpus_dir=tmp_path / "corpus", index_dir=tmp_path / "index", kb_root=tmp_path / "kbs",
                        min_score=0.5, min_coverage=0.3, min_score_crosslingual=0.5, admin_token=ADMIN,
                        max_file_mb=1, feedback_file=tmp_path / "feedback.jsonl")
    with served(ChatBot(settings, KeywordEmbedder()).warm_up()) as base:
        yield base + "/"


def opened(p, url: str, height: int):
    """(browser, page): Debian's Chromium on `url`, once the chat's textarea is there."""
    browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
    page = browser.new_page(viewport={"width": 1280, "height": height})
    page.goto(url)
    page.wait_for_selector("textarea")
    return browser, page


def toast(page, name) -> str:
    """The text of the error toast now shown (then closed), with its screenshot in artifacts/."""
    page.wait_for_selector(".toast-body.error", timeout=15000)
    page.wait_for_timeout(300)
    text = page.inner_text(".toast-body.error")
    shot(page, name)
    page.click(".toast-close")
    page.wait_for_selector(".toast-body", state="detached")
    return text


def test_an_oversize_upload_is_refused_in_chinese(small_server, tmp_path):
    """Gradio's own browser-side refusal (a file over max_file_size) and the guard's 413 for a reader's upload
    over CHATBOT_MAX_BODY_KB both read as one Chinese sentence in the toast (static/page-zh.js), titled 错误."""
    if not CHROMIUM:
        pytest.fail("Debian's chromium is not installed: run `make setup`")

    from test_messages_zh import assert_chinese

    big, mid = tmp_path / "大文件.txt", tmp_path / "问题集.jsonl"
    big.write_bytes("年".encode() * 700_000)      # 2.1 MB: over the 1 MB the browser checks
    mid.write_bytes(b'{"id": 1}\n' * 60_000)       # 600 KB: under it, over a reader's 256 KB
    with playwright_started() as p:
        browser, page = opened(p, small_server, 900)
        page.get_by_role("tab", name="检索测试").click()
        page.set_input_files("input[type=file]", [str(mid)])
        said = toast(page, "8-reader-413")
        assert "上传的文件超过 256 KB" in said and "「知识库」页签" in said and "HTTP" not in said
        page.set_input_files("input[type=file]", [str(big)])
        said = toast(page, "9-too-large")
        assert "文件 「大文件.txt」 超过 1 MB 的上传上限，这次选择的文件都没有上传" in said
        assert said.splitlines()[0].strip() == "错误"
        page.get_by_role("tab", name="知识库").click()
        page.fill("#kb-token input", ADMIN)
        page.click("#kb-unlock")
        page.wait_for_selector("#kb-message >> text=管理已解锁")
        page.set_input_files("#kb-files input[type=file]", [str(big)])
        said = toast(page, "10-admin-too-large")
        assert "文件 「大文件.txt」 超过 1 MB 的上传上限" in said
        for text in said.splitlines():
            if text.strip() not in ("", "×"):
                assert_chinese(text)
        # several files, one too large and named with markup: Gradio refuses them all, and no element of the name stays
        marked = tmp_path / "<b>粗 <img src=x>.txt"
        marked.write_bytes(big.read_bytes())
        page.set_input_files("#kb-files input[type=file]", [str(mid), str(marked)])
        said = toast(page, "11-admin-several")
        assert "这次选择的文件都没有上传" in said
        assert page.evaluate("() => [...document.querySelectorAll('.toast-message-text')].every(e => !e.children.length)")
        for text in said.splitlines():
            if text.strip() not in ("", "×"):
                assert_chinese(text)
        browser.close()
