// Zhenxing page behaviour. No inline scripts anywhere (the CSP forbids them).
(function () {
  "use strict";
  // Forms with data-confirm ask before submitting (archiving, revoking).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    }
  }, true);
  // Elements with data-print print the page (reports, profiles).
  document.addEventListener("click", function (event) {
    var el = event.target;
    if (el instanceof Element && el.closest("[data-print]")) {
      window.print();
    }
  });
  // On a narrow screen the module menu scrolls sideways: keep the current module in view.
  var active = document.querySelector(".modules a.active");
  if (active && active.parentElement.scrollWidth > active.parentElement.clientWidth) {
    active.parentElement.scrollLeft = active.offsetLeft - 16;
  }
  // A compliance board wider than the screen opens on the current period: its first
  // in-progress cell (else its last one) scrolled into view beside the fixed region column.
  document.querySelectorAll(".table-wrap").forEach(function (wrap) {
    var table = wrap.querySelector("table.board");
    if (!table || wrap.scrollWidth <= wrap.clientWidth) return;
    var cells = table.querySelectorAll("td[data-status]");
    var target = table.querySelector('td[data-status="pending"]') || cells[cells.length - 1];
    if (!target) return;
    wrap.scrollLeft = Math.max(0, target.offsetLeft + target.offsetWidth - wrap.clientWidth);
  });
})();
