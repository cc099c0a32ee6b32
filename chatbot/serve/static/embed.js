/* 文档问答 widget: <script src="http://HOST:PORT/embed.js" defer></script> adds a chat bubble that
 * opens the /embed chat in an iframe. Options as data-* attributes on the script tag:
 * data-title, data-position (bottom-right | bottom-left), data-color, data-width, data-height,
 * data-open ("true" opens it on load), data-kb (the knowledge base to ask; the default when absent). Everything lives in a shadow root: no global CSS or JS. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script || window.__docQaWidget) return;
  window.__docQaWidget = true;
  var base = script.src.replace(/\/embed\.js(\?.*)?$/, "");
  var token = (script.src.match(/[?&]token=([^&#]+)/) || [])[1];  // embed.js?token=… when the server requires one
  var d = script.dataset, left = d.position === "bottom-left";
  var color = /^#[0-9a-f]{3,8}$|^[a-z]+$/i.test(d.color || "") ? d.color : "#2563eb";
  var size = function (v, dflt) { return /^\d{2,4}(px|vh|vw|%)?$/.test(v || "") ? (/\d$/.test(v) ? v + "px" : v) : dflt; };
  var width = size(d.width, "380px"), height = size(d.height, "560px");
  var title = d.title || "文档问答";

  var host = document.createElement("div");
  host.setAttribute("data-doc-qa-widget", "");
  var root = host.attachShadow({ mode: "closed" });
  var side = left ? "left" : "right";
  var style = document.createElement("style");
  style.textContent =
    ":host{all:initial}" +
    ".bubble{position:fixed;bottom:20px;" + side + ":20px;z-index:2147483000;width:56px;height:56px;border-radius:50%;" +
    "border:0;background:" + color + ";color:#fff;font:600 22px/56px system-ui,sans-serif;cursor:pointer;" +
    "box-shadow:0 4px 14px rgba(0,0,0,.25)}" +
    ".panel{position:fixed;bottom:88px;" + side + ":20px;z-index:2147483000;width:" + width + ";height:" + height + ";" +
    "max-height:calc(100vh - 108px);display:none;flex-direction:column;border-radius:12px;overflow:hidden;" +
    "background:#fff;box-shadow:0 8px 30px rgba(0,0,0,.3)}" +
    ".panel.open{display:flex}" +
    ".head{display:flex;align-items:center;justify-content:space-between;padding:10px 14px;background:" + color + ";" +
    "color:#fff;font:600 15px/1.4 system-ui,'PingFang SC','Microsoft YaHei',sans-serif}" +
    ".head button{border:0;background:none;color:#fff;font-size:20px;cursor:pointer}" +
    "iframe{flex:1;border:0;width:100%}" +
    "@media (max-width:480px){.panel{left:0;right:0;bottom:0;width:100vw;height:100vh;max-height:none;border-radius:0}" +
    ".panel.open~.bubble{display:none}}";
  var panel = document.createElement("div");
  panel.className = "panel";
  panel.setAttribute("role", "dialog");
  var head = document.createElement("div");
  head.className = "head";
  var label = document.createElement("span");
  label.textContent = title;
  var close = document.createElement("button");
  close.setAttribute("aria-label", "关闭");
  close.textContent = "×";
  head.appendChild(label);
  head.appendChild(close);
  panel.appendChild(head);
  var frame = null;
  var bubble = document.createElement("button");
  bubble.className = "bubble";
  bubble.setAttribute("aria-label", title);
  bubble.textContent = "问";

  function toggle(open) {
    if (open && !frame) {  // the chat loads on first open only
      frame = document.createElement("iframe");
      var query = [];
      if (d.kb) query.push("kb=" + encodeURIComponent(d.kb));
      if (token) query.push("token=" + token);
      frame.src = base + "/embed" + (query.length ? "?" + query.join("&") : "");
      frame.title = title;
      panel.appendChild(frame);
    }
    panel.classList.toggle("open", open);
  }
  bubble.addEventListener("click", function () { toggle(!panel.classList.contains("open")); });
  close.addEventListener("click", function () { toggle(false); });
  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(bubble);
  (document.body || document.documentElement).appendChild(host);
  if (d.open === "true") toggle(true);
})();
