/* Progressive enhancement only: folds the main navigation behind a toggle on narrow screens, and labels each
   table cell with its column's header (data-label) so that phones show rows as "label: value" cards.
   The site works fully without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var navs = document.querySelectorAll("[data-nav]");
  Array.prototype.forEach.call(navs, function (nav) {
    var toggle = nav.querySelector(".site-nav__toggle");
    if (!toggle) { return; }
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var open = nav.classList.toggle("is-open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    nav.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && nav.classList.contains("is-open")) {
        nav.classList.remove("is-open");
        toggle.setAttribute("aria-expanded", "false");
        toggle.focus();
      }
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll("table.table"), function (table) {
    var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
    if (!headRow) { return; }
    var labels = [];
    Array.prototype.forEach.call(headRow.cells, function (cell) {
      for (var span = 0; span < (cell.colSpan || 1); span += 1) { labels.push(cell.textContent.trim()); }
    });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var column = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (!cell.hasAttribute("data-label") && labels[column] && cell.colSpan === 1) {
            cell.setAttribute("data-label", labels[column]);
          }
          column += cell.colSpan || 1;
        });
      });
    });
  });
}());
