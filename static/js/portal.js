/* Progressive enhancement only: folds the main navigation behind a toggle on narrow screens.
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
}());
