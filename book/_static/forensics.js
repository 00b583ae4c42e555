// Coverage-forensics report: offline enhancements for the built book.
// Written by hand because both jobs are a few lines: draw each chart's interactive
// view from its embedded spec (vega-bundle.js, shipped locally, defines vegaEmbed),
// and make tables marked .fc-sortable sortable by clicking a column header.
(function () {
  "use strict";

  // Errors are recorded on <body data-fc-errors> so headless checks can read them from the DOM.
  function recordError(message) {
    var body = document.body;
    if (!body) { return; }
    var prior = body.getAttribute("data-fc-errors");
    body.setAttribute("data-fc-errors", (prior ? prior + " | " : "") + String(message).slice(0, 200));
  }
  window.addEventListener("error", function (e) { recordError(e.message || "script error"); });
  window.addEventListener("unhandledrejection", function (e) { recordError(e.reason || "rejected promise"); });

  function drawCharts() {
    if (typeof window.vegaEmbed !== "function") { return; }
    document.querySelectorAll(".fc-chart").forEach(function (box) {
      var specNode = box.querySelector("script.fc-chart-spec");
      var live = box.querySelector(".fc-chart-live");
      if (!specNode || !live || box.dataset.drawn) { return; }
      var spec;
      try { spec = JSON.parse(specNode.textContent); } catch (e) { recordError("chart spec " + box.id + ": " + e); return; }
      window.vegaEmbed(live, spec, { actions: false, renderer: "svg", tooltip: { theme: "light" } })
        .then(function () { box.dataset.drawn = "1"; box.classList.add("fc-chart-interactive"); })
        .catch(function (err) { recordError("chart " + box.id + ": " + err); });
    });
  }

  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) { return ""; }
    var text = (cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent).trim();
    var num = Number(text.replace(/[,%\u2009 ]/g, ""));
    return text !== "" && !isNaN(num) ? num : text.toLowerCase();
  }

  function makeSortable(table) {
    var head = table.tHead;
    if (!head || !table.tBodies.length) { return; }
    var headers = head.rows[head.rows.length - 1].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      th.classList.add("fc-sort-header");
      th.setAttribute("tabindex", "0");
      th.setAttribute("title", "Sort by this column");
      function sort() {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (r1, r2) {
          var a = cellValue(r1, index), b = cellValue(r2, index);
          var cmp = (typeof a === typeof b) ? (a < b ? -1 : a > b ? 1 : 0) : (typeof a === "number" ? -1 : 1);
          return ascending ? cmp : -cmp;
        });
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sort(); } });
    });
  }

  function ready() {
    drawCharts();
    document.querySelectorAll("table.fc-sortable").forEach(makeSortable);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", ready); } else { ready(); }
})();
