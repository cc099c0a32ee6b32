// The chat page's toasts in Chinese. Gradio's client writes some of them itself, in English, before
// our server can answer: a file over the upload limit (max_file_size) is refused in the browser with
// 'File(s) exceed the maximum allowed size of 1.0 Mb: "a.pdf"', and a refused upload shows the
// server's body raw ('HTTP 413: {"error": "…"}'). This script, loaded by page.py through Gradio's
// `head`, rewrites those known texts in place, and the toast titles (Error, Warning, Info); any
// other text is left as it is. Nothing is sent anywhere.
(() => {
  "use strict";
  const TITLES = { Error: "错误", Warning: "注意", Info: "提示" };
  const SIZE = /^File\(s\) exceed the maximum allowed size of ([\d.]+) ?([KMGT]?b): ([\s\S]+)$/;
  const TYPE = /^Invalid file types?: ([\s\S]+)\. Only ([\s\S]+) allowed\.$/;
  const SERVER = /^HTTP (\d{3}): ([\s\S]*)$/;

  function names(list) {  // '"a.pdf", "b.txt"' → 「a.pdf」、「b.txt」
    const quoted = list.match(/"[^"]*"/g);
    return (quoted || [list]).map((n) => "「" + n.replace(/^"|"$/g, "") + "」").join("、");
  }

  function chinese(text) {
    let m = SIZE.exec(text);
    if (m) {
      const limit = parseFloat(m[1]) + " " + m[2].toUpperCase();  // Gradio's "1.0 Mb" is 1 MiB
      return "文件" + names(m[3]) + "超过 " + limit + " 的上传上限，没有上传：请压缩或拆分后再试。";
    }
    m = TYPE.exec(text);
    if (m) return "不接受这种文件类型：" + m[1] + "。只能上传 " + m[2] + " 文件。";
    m = SERVER.exec(text);
    if (m) {
      try {
        const said = JSON.parse(m[2]).error;
        if (typeof said === "string" && said) return said;  // our server's own sentence (guard.py, api.py)
      } catch (e) { /* not our JSON: a proxy's page, say */ }
      return "上传失败（服务器返回 " + m[1] + "）：请稍后再试。";
    }
    return null;
  }

  function rewrite(element, text) {  // in place: the toast's nodes stay Gradio's
    const nodes = [...element.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE);
    if (nodes.length) {
      nodes[0].nodeValue = text;
      nodes.slice(1).forEach((n) => { n.nodeValue = ""; });
    } else {
      element.textContent = text;
    }
  }

  function translate() {
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
})();
