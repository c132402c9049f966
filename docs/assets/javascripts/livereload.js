/* Live reload for `python -m build_tools serve`: poll GET /api/build every
 * 1.5 s and reload the page when the build id changes (the site was rebuilt).
 *
 * On a static host /api/build does not exist (404 or an HTML page): the first
 * such answer stops the polling quietly. Same-origin file, no inline script.
 */
(function () {
  "use strict";

  var INTERVAL_MS = 1500;
  var current = null;
  var timer = null;
  var failures = 0;

  function stop() {
    if (timer !== null) { window.clearTimeout(timer); timer = null; }
  }

  function schedule() {
    stop();
    timer = window.setTimeout(poll, INTERVAL_MS);
  }

  function poll() {
    if (document.hidden) { schedule(); return; }
    fetch("/api/build", { cache: "no-store", headers: { "Accept": "application/json" } })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (!response.ok || type.indexOf("application/json") === -1) { throw new Error("static"); }
        return response.json();
      })
      .then(function (data) {
        failures = 0;
        if (!data || typeof data.build !== "string") { stop(); return; }
        if (current === null) {
          current = data.build;
        } else if (data.build !== current) {
          window.location.reload();
          return;
        }
        schedule();
      })
      .catch(function (error) {
        if (error && error.message === "static") { stop(); return; }   // no API here
        failures += 1;                        // server restarting: keep trying for a while
        if (failures < 40) { schedule(); } else { stop(); }
      });
  }

  poll();
}());
