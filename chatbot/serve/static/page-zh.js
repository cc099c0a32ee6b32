// The chat page's toasts in Chinese. Gradio's client writes some of them itself, in English, before
// our server can answer: a file over the upload limit (max_file_size) is refused in the browser with
// 'File(s) exceed the maximum allowed size of 1.0 Mb: "a.pdf"', and a refused upload shows the
// server's body raw ('HTTP 413: {"error": "…"}'). This script, loaded by page.py through Gradio's
// `head`, rewrites those known texts (and its connection-lost notices) whole, and the toast titles (Error, Warning, Info); any
// other text is left as it is; it also keeps <html lang="zh-CN">. Nothing is sent anywhere.
(() => {
  "use strict";
  const TITLES = { Error: "错误", Warning: "注意", Info: "提示" };
  const SIZE = /^File\(s\) exceed the maximum allowed size of ([\d.]+) ?([KMGT]?b): ([\s\S]+)$/;
  const TYPE = /^Invalid file types?: ([\s\S]+)\. Only ([\s\S]+) allowed\.$/;
  const SERVER = /^HTTP (\d{3}): ([\s\S]*)$/;

  const SAID = {  // Gradio's own sentences, whole
    "Connection to the server was lost. Attempting reconnection...": "与服务器的连接断开了，正在重新连接…",
    "Connection errored out.": "连接出错了：请检查网络后重试。",
  };

  function chinese(text) {
    if (SAID[text]) return SAID[text];
    let m = SIZE.exec(text);
    if (m) {  // Gradio refuses the whole selection, not only the file it names
      const limit = parseFloat(m[1]) + " " + m[2].toUpperCase();  // Gradio's "1.0 Mb" is 1 MiB
      const list = m[3].trim().slice(0, 200).replace(/^"([^"]*)"$/, "「$1」");  // one plain name in 「」, others as given
      return "文件 " + list + " 超过 " + limit + " 的上传上限，这次选择的文件都没有上传：请压缩或拆分后再试。";
    }
    m = TYPE.exec(text);
    if (m) return "不接受这种文件类型：" + m[1] + "。只能上传 " + m[2] + " 文件。";
    m = SERVER.exec(text);
    if (m) {
      try {
        const said = JSON.parse(m[2]).error;
        if (typeof said === "string" && said) return said;  // our server's own sentence (guard.py, api.py)
      } catch (e) { /* not our JSON: a proxy's page, say */ }
      if (m[1] === "413") return "文件太大，服务器（或它前面的代理）拒绝接收（413）：请换小一些的文件，或请管理员调高上限。";
      return "上传失败（服务器返回 " + m[1] + "）：请稍后再试。";
    }
    return null;
  }

  function rewrite(element, text) {  // the whole message: no element Gradio rendered from a file name or a proxy's page stays
    element.textContent = text;
  }

  // the upload box's words, which Gradio takes from the browser's language (an English browser: "Drop File Here
  // - or - Click to Upload", breaker G); the rest of the page is Chinese whatever the browser says
  const UPLOAD = { "Drop File Here": "将文件拖放到此处", "- or -": "或", "Click to Upload": "点击上传",
                   "Uploading...": "正在上传..." };

  function translate() {
    for (const box of document.querySelectorAll('[data-testid="upload-text"], [data-testid="upload-text"] .or')) {
      for (const node of box.childNodes) {
        const word = node.nodeType === Node.TEXT_NODE && node.nodeValue.trim();
        if (word && UPLOAD[word]) node.nodeValue = node.nodeValue.replace(word, UPLOAD[word]);
      }
    }
    for (const el of document.querySelectorAll(".toast-message-text")) {
      const said = chinese(el.textContent.trim());
      if (said && said !== el.textContent) rewrite(el, said);
    }
    for (const el of document.querySelectorAll(".toast-title")) {
      for (const node of el.childNodes) {
        const word = node.nodeType === Node.TEXT_NODE && node.nodeValue.trim();
        if (word && TITLES[word]) node.nodeValue = node.nodeValue.replace(word, TITLES[word]);
      }
    }
  }

  new MutationObserver(translate).observe(document.documentElement,
    { childList: true, subtree: true, characterData: true });

  // the page's language: Gradio sets <html lang> to the browser's locale ("en" in an English browser), but what the
  // page shows is Chinese, so screen readers and "translate this page?" should read it as Chinese (pagehead.py)
  const pin = () => { if (document.documentElement.lang !== "zh-CN") document.documentElement.lang = "zh-CN"; };
  new MutationObserver(pin).observe(document.documentElement, { attributes: true, attributeFilter: ["lang"] });
  pin();
})();
