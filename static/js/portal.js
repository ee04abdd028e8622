/* Progressive enhancement only: folds the main navigation behind a toggle on narrow screens, folds a long filter
   form to its first field on phones, and labels each table cell with its column's header (data-label) so that
   phones show rows as "label: value" cards.
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
  var phone = window.matchMedia && window.matchMedia("(max-width: 640px)").matches;
  Array.prototype.forEach.call(document.querySelectorAll("form.filter-form"), function (form, index) {
    var toggle = form.querySelector(".filter-form__more");
    var box = form.querySelector(".filter-form__fields");
    var fields = box ? box.querySelectorAll(":scope > .field") : [];
    // Four fields or more, and nothing to correct: a form with an error stays open on its error.
    if (!phone || !toggle || fields.length < 4 || form.querySelector(".field--error, .errorlist")) { return; }
    var chosen = 0;
    Array.prototype.slice.call(fields, 1).forEach(function (field) {
      var set = Array.prototype.some.call(field.querySelectorAll("input, select, textarea"), function (input) {
        if (input.type === "checkbox" || input.type === "radio") { return input.checked; }
        if (input.tagName === "SELECT") { return input.selectedIndex > 0; }  // the first option is 全部 / 未知
        return input.type !== "hidden" && input.value !== "";
      });
      if (set) { chosen += 1; }
    });
    var folded = chosen ? toggle.getAttribute("data-chosen").replace("{n}", chosen) : toggle.getAttribute("data-more");
    box.id = box.id || "filter-fields-" + index;
    toggle.setAttribute("aria-controls", box.id);
    form.classList.add("filter-form--folded");
    toggle.textContent = folded;
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var nowFolded = form.classList.toggle("filter-form--folded");
      toggle.setAttribute("aria-expanded", nowFolded ? "false" : "true");
      toggle.textContent = nowFolded ? folded : toggle.getAttribute("data-less");
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
