// The compact chat of /embed: talks to POST api/ask (relative, so it works under --root-path), with the
// knowledge base of ?kb= (the widget's data-kb) when given.
// Every text from the user or the corpus is inserted with textContent, never as HTML.
// A quoted table row shows as a two-row table, its column names (the citation's `columns`) over its cells.
// Each citation shows its location and a link 「打开原文」 to source/{document}/view (a new tab; it
// carries the knowledge base, and the widget's ?token=, since a cross-site iframe gets no cookie).
(function () {
  "use strict";
  var log = document.getElementById("log"), form = document.getElementById("ask"), input = document.getElementById("q");
  var history = [];
  var params = new URLSearchParams(location.search);
  var token = params.get("token");  // when the server requires one
  var kb = params.get("kb");        // the knowledge base to ask (the widget's data-kb); the default when absent
  var headers = { "Content-Type": "application/json" };
  if (token) headers.Authorization = "Bearer " + token;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // the API's offsets count Unicode code points (Python's str); a JavaScript string counts UTF-16 units, so a
  // character outside the Basic Multilingual Plane (𠮷, an emoji) would shift every offset after it by one
  function cut(text, s, e) {
    var chars = Array.from(text);
    return [chars.slice(0, s).join(""), chars.slice(s, e).join(""), chars.slice(e).join("")];
  }

  function passage(p, cite) {
    var box = el("div", "passage"), parts = cut(p.text, cite.start - p.start, cite.end - p.start);
    box.appendChild(document.createTextNode(parts[0]));
    box.appendChild(el("mark", "", parts[1]));
    box.appendChild(document.createTextNode(parts[2]));
    return box;
  }

  function rowTable(c) {  // a quoted table row: its column names (c.columns) over its cells, as text
    var cells = c.quote.split("|").map(function (t) { return t.trim(); });
    if (!c.columns || !c.columns.length || cells.length !== c.columns.length) return null;
    var table = el("table", "row"), head = table.createTHead().insertRow(), row = table.createTBody().insertRow();
    c.columns.forEach(function (name) { head.appendChild(el("th", "", name)); });
    cells.forEach(function (cell) { row.appendChild(el("td", "", cell)); });
    return table;
  }

  function sourceLink(source, start, end) {
    var a = el("a", "open", "打开原文");
    a.href = "source/" + source.split("/").map(encodeURIComponent).join("/") + "/view?" +
      (kb ? "kb=" + encodeURIComponent(kb) + "&" : "") + "start=" + start + "&end=" + end +
      (token ? "&token=" + encodeURIComponent(token) : "") + "#quote";
    a.target = "_blank";
    a.rel = "noopener";
    return a;
  }

  function rate(card, data, rating) {
    fetch("api/feedback", { method: "POST", headers: headers,
      body: JSON.stringify({ rating: rating, question: data.question, answer: data.answer, citations: data.citations }) })
      .then(function (r) { if (r.ok) card.querySelector(".rate").textContent = "谢谢反馈！"; });
  }

  function rating(card, data) {
    var bar = el("div", "rate src");
    // text, not emoji: an intranet machine without an emoji font showed 「▯ 有用」 (newcomer, session 39)
    [["up", "有用"], ["down", "没用"]].forEach(function (pair) {
      var b = el("button", "thumb", pair[1]);
      b.type = "button";
      b.addEventListener("click", function () { rate(card, data, pair[0]); });
      bar.appendChild(b);
    });
    card.appendChild(bar);
  }

  function render(data) {
    var card = el("div", "msg bot" + (data.abstained ? " abstained" : ""));
    if (data.notice) card.appendChild(el("div", "src", data.notice));
    if (data.abstained) {
      card.appendChild(el("div", "quote", data.answer));
      data.passages.slice(0, 2).forEach(function (p) {
        var head = el("div", "src", p.source + " › " + p.section + (p.location ? " · " + p.location : ""));
        head.appendChild(sourceLink(p.source, p.start, p.end));
        card.appendChild(head);
        card.appendChild(el("div", "passage", p.text));
      });
      rating(card, data);
      return card;
    }
    data.citations.forEach(function (c, i) {
      // a later quote is another answer from another place: set apart under 「另见」
      var q = el("div", i ? "quote also" : "quote"), s = c.focus_start - c.start, e = c.focus_end - c.start, table = rowTable(c);
      var length = Array.from(c.quote).length;
      if (!(s >= 0 && s < e && e <= length)) { s = 0; e = length; }
      if (i) q.appendChild(el("span", "also-label", "另见"));
      if (table) q.appendChild(table);
      else {
        var parts = cut(c.quote, s, e);
        q.appendChild(document.createTextNode(parts[0]));  // the answering clauses in bold, their sentence around
        q.appendChild(el("strong", "", parts[1]));
        q.appendChild(document.createTextNode(parts[2]));
      }
      q.appendChild(el("span", "ref", " [" + c.n + "]"));
      card.appendChild(q);
    });
    data.citations.forEach(function (c) {
      var head = el("div", "src", "[" + c.n + "] " + c.source + " › " + c.section + (c.location ? " · " + c.location : ""));
      head.appendChild(sourceLink(c.source, c.start, c.end));
      card.appendChild(head);
      var p = data.passages.filter(function (p) { return p.source === c.source && p.start <= c.start && c.end <= p.end; })[0];
      if (p) card.appendChild(passage(p, c));
    });
    rating(card, data);
    return card;
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    log.appendChild(el("div", "msg user", question));
    input.value = "";
    form.querySelector("button").disabled = true;
    fetch("api/ask", { method: "POST", headers: headers,
                       body: JSON.stringify(kb ? { question: question, history: history.slice(-5), kb: kb }
                                                : { question: question, history: history.slice(-5) }) })
      .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
      .then(function (res) {
        if (!res.ok) throw new Error(res.body.error || "请求失败");
        history.push({ question: question, answer: res.body.answer });
        log.appendChild(render(res.body));
      })
      .catch(function (err) { log.appendChild(el("div", "msg bot abstained", "出错了：" + err.message)); })
      .then(function () { form.querySelector("button").disabled = false; log.scrollTop = log.scrollHeight; input.focus(); });
  });
})();
