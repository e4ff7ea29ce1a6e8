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
})();
