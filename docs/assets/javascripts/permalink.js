/* Copy buttons for clause permalinks (same-origin file: the site's
 * Content-Security-Policy allows no inline script).
 *
 * Every clause carries <a class="vb-permalink" href="#muc-…">¶</a>; this adds
 * a small button beside it that copies the clause's full address, so an
 * official can paste it into a letter. Without JavaScript the ¶ link still
 * works: open it and copy the address bar.
 */
(function () {
  "use strict";

  function absolute(hash) {
    return window.location.origin + window.location.pathname + hash;
  }

  function fallbackCopy(text) {
    var field = document.createElement("textarea");
    field.value = text;
    field.setAttribute("readonly", "");
    field.style.position = "absolute";
    field.style.left = "-9999px";
    document.body.appendChild(field);
    field.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(field);
    return ok ? Promise.resolve() : Promise.reject(new Error("copy failed"));
  }

  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return fallbackCopy(text); });
    }
    return fallbackCopy(text);
  }

  function addButton(link) {
    if (link.nextElementSibling && link.nextElementSibling.classList.contains("vb-copy")) {
      return;
    }
    var hash = link.getAttribute("href");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "vb-copy";
    button.textContent = "Sao chép";
    button.setAttribute("aria-label", "Sao chép liên kết đến " + (link.getAttribute("aria-label") || "mục này").replace(/^Liên kết đến /, ""));
    button.addEventListener("click", function () {
      copy(absolute(hash)).then(function () {
        button.textContent = "Đã sao chép";
        button.classList.add("vb-copy--done");
      }, function () {
        button.textContent = "Không sao chép được";
      });
      window.setTimeout(function () {
        button.textContent = "Sao chép";
        button.classList.remove("vb-copy--done");
      }, 2000);
    });
    link.insertAdjacentElement("afterend", button);
  }

  function init() {
    var links = document.querySelectorAll("a.vb-permalink");
    for (var i = 0; i < links.length; i++) {
      addButton(links[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
