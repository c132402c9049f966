/* The clause search page (tim-kiem/): calls GET /api/search of
 * `python -m build_tools serve` and shows the hits.
 *
 * Same-origin file, no inline script (the site's Content-Security-Policy
 * allows none). Hits are built with DOM nodes and textContent only: no text
 * from the index is ever parsed as HTML. Snippets mark matches with [[ and ]],
 * turned into <mark> here. On a static host (no /api/search) the page says so
 * and hands the query to the theme's built-in search box.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;
  var API = "/api/search";
  var FILTERS = "/api/filters";
  var FIELDS = ["q", "type", "issuer", "province", "year_from", "year_to", "sort"];
  /* The page's own address keeps the query in ?tu-khoa=, not ?q=: the theme
   * opens its search box for ?q= (that is the no-JavaScript fallback). */
  function urlName(name) { return name === "q" ? "tu-khoa" : name; }

  function $(id) { return document.getElementById(id); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function controls() {
    return {
      q: $("tk-q"), type: $("tk-type"), issuer: $("tk-issuer"), province: $("tk-province"),
      year_from: $("tk-year-from"), year_to: $("tk-year-to"), sort: $("tk-sort")
    };
  }

  function status(text, cls) {
    var box = $("tk-status");
    box.className = "tk-status" + (cls ? " " + cls : "");
    box.textContent = text || "";
    return box;
  }

  /* "…nguồn vốn [[ủy thác]] qua…" -> text nodes and <mark> elements */
  function snippetNode(snippet) {
    var p = el("p", "tk-snippet");
    var parts = String(snippet || "").split(/(\[\[|\]\])/);
    var marked = false;
    parts.forEach(function (part) {
      if (part === "[[") { marked = true; return; }
      if (part === "]]") { marked = false; return; }
      if (!part) { return; }
      p.appendChild(marked ? el("mark", null, part) : document.createTextNode(part));
    });
    return p;
  }

  function siteUrl(path) {
    /* the API gives site paths (/van-ban/...); keep them on this origin */
    if (typeof path !== "string" || path.charAt(0) !== "/" || path.charAt(1) === "/") { return "#"; }
    return path;
  }

  function hitNode(hit) {
    var item = el("article", "tk-hit");
    var head = el("h3", "tk-hit__title");
    var link = el("a", null, hit.title || hit.citation || hit.document);
    link.href = siteUrl(hit.url);
    head.appendChild(link);
    item.appendChild(head);
    item.appendChild(el("p", "tk-hit__citation", hit.citation || ""));
    var where = hit.clause ? "Mục " + hit.clause : "Thông tin văn bản";
    if (hit.heading) { where += " · " + hit.heading; }
    item.appendChild(el("p", "tk-hit__where", where));
    item.appendChild(snippetNode(hit.snippet));
    var permalink = el("p", "tk-hit__permalink");
    var plink = el("a", null, window.location.origin + siteUrl(hit.url));
    plink.href = siteUrl(hit.url);
    permalink.appendChild(document.createTextNode("Đường dẫn: "));
    permalink.appendChild(plink);
    item.appendChild(permalink);
    return item;
  }

  function readParams() {
    var params = new URLSearchParams(window.location.search);
    var c = controls();
    FIELDS.forEach(function (name) {
      var value = params.get(urlName(name));
      if (value !== null && c[name]) { c[name].value = value; }
    });
    var page = parseInt(params.get("trang") || "1", 10);
    return isNaN(page) || page < 1 ? 1 : page;
  }

  function formValues() {
    var c = controls();
    var values = {};
    FIELDS.forEach(function (name) {
      var value = c[name] ? String(c[name].value || "").trim() : "";
      if (value && !(name === "sort" && value === "relevance")) { values[name] = value; }
    });
    return values;
  }

  function pageParams(values, page) {
    var params = new URLSearchParams();
    Object.keys(values).forEach(function (name) { params.set(urlName(name), values[name]); });
    if (page > 1) { params.set("trang", String(page)); }
    return params;
  }

  function fallback(query) {
    /* static host: the theme's own search box (titles and numbers, folded) */
    var box = status("", "tk-status--notice");
    box.appendChild(document.createTextNode(
      "Máy chủ tìm kiếm toàn văn không chạy ở địa chỉ này (trang được phục vụ như tệp tĩnh). " +
      "Từ khóa đã được chuyển sang ô tìm kiếm của giao diện, tìm theo tiêu đề và số hiệu văn bản. " +
      "Để tìm trong từng điều khoản, hãy chạy "));
    box.appendChild(el("code", null, "make serve"));
    box.appendChild(document.createTextNode("."));
    var toggle = document.querySelector("input[data-md-toggle='search']");
    var input = document.querySelector("input[data-md-component='search-query']") ||
                document.querySelector(".md-search__input");
    if (!input) { return; }
    if (toggle && !toggle.checked) { toggle.click(); }
    input.value = query;
    input.focus();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    input.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
  }

  function renderPages(page, count, total) {
    var nav = $("tk-pages");
    nav.textContent = "";
    if (page > 1) {
      var prev = el("button", "md-button", "‹ Trang trước");
      prev.type = "button";
      prev.addEventListener("click", function () { run(page - 1, true); });
      nav.appendChild(prev);
    }
    if (page * PAGE_SIZE < total && count === PAGE_SIZE) {
      var next = el("button", "md-button", "Trang sau ›");
      next.type = "button";
      next.addEventListener("click", function () { run(page + 1, true); });
      nav.appendChild(next);
    }
  }

  function suggestionNode(suggestion) {
    var p = el("p", "tk-suggestion");
    p.appendChild(document.createTextNode("Có phải bạn muốn tìm: "));
    var link = el("a", null, suggestion);
    link.href = "?tu-khoa=" + encodeURIComponent(suggestion);
    link.addEventListener("click", function (event) {
      event.preventDefault();
      controls().q.value = suggestion;
      run(1, true);
    });
    p.appendChild(link);
    return p;
  }

  var pending = null;

  function run(page, push) {
    var values = formValues();
    var query = values.q || "";
    if (!query) { status("Hãy nhập từ khóa."); return; }
    if (push) { window.history.pushState(null, "", "?" + pageParams(values, page).toString()); }
    var api = new URLSearchParams(values);
    api.set("limit", String(PAGE_SIZE));
    api.set("offset", String((page - 1) * PAGE_SIZE));
    if (pending) { pending.abort(); }
    pending = new AbortController();
    status("Đang tìm…");
    fetch(API + "?" + api.toString(), { signal: pending.signal, headers: { "Accept": "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { throw new Error("no-api"); }
        return response.json().then(function (body) { return { response: response, body: body }; });
      })
      .then(function (r) {
        var results = $("tk-results");
        results.textContent = "";
        $("tk-pages").textContent = "";
        if (!r.response.ok) {
          status((r.body && r.body.error) ? "Không tìm được: " + r.body.error : "Không tìm được.", "tk-status--error");
          return;
        }
        var total = parseInt(r.response.headers.get("X-Total-Count") || "0", 10) || r.body.length;
        var suggestion = r.response.headers.get("X-Suggestion");
        var ms = r.response.headers.get("X-Elapsed-Ms");
        var from = (page - 1) * PAGE_SIZE + 1;
        var summary = r.body.length
          ? total + " kết quả cho «" + query + "» — hiển thị " + from + "–" + (from + r.body.length - 1)
          : "Không có kết quả cho «" + query + "».";
        if (ms) { summary += " (" + Math.round(parseFloat(ms)) + " ms)"; }
        var box = status(summary);
        if (suggestion) { box.appendChild(suggestionNode(decodeURIComponent(suggestion))); }
        r.body.forEach(function (hit) { results.appendChild(hitNode(hit)); });
        renderPages(page, r.body.length, total);
      })
      .catch(function (error) {
        if (error && error.name === "AbortError") { return; }
        fallback(query);
      });
  }

  function fillSelect(select, values) {
    if (!select || !values) { return; }
    var current = select.value;
    Object.keys(values).sort(function (a, b) {
      return String(values[a]).localeCompare(String(values[b]), "vi");
    }).forEach(function (key) {
      var option = el("option", null, values[key]);
      option.value = key;
      select.appendChild(option);
    });
    select.value = current;
  }

  function loadFilters() {
    return fetch(FILTERS, { headers: { "Accept": "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        var c = controls();
        fillSelect(c.type, data.types);
        fillSelect(c.issuer, data.issuers);
        fillSelect(c.province, data.provinces);
      })
      .catch(function () { /* static host: the selects keep "Tất cả" only */ });
  }

  function start() {
    var form = $("tk-form");
    if (!form || form.getAttribute("data-ready")) { return; }
    form.setAttribute("data-ready", "1");
    var page = readParams();
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      run(1, true);
    });
    window.addEventListener("popstate", function () { var p = readParams(); if (controls().q.value) { run(p, false); } });
    loadFilters().then(function () {
      readParams();
      if (controls().q.value) { run(page, false); }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
  /* Material's instant navigation swaps pages without a reload */
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { start(); });
  }
}());
