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
  // "Add a row" buttons (data-add-row = the id of a <template> holding one row with the
  // placeholders __i__ for its index and __n__ for its number, data-rows = the id of the
  // table body) add a row in place. Without JavaScript the same button submits the form
  // with "more", and the server answers with more empty rows.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("[data-add-row]");
    if (!button) return;
    var template = document.getElementById(button.dataset.addRow);
    var rows = document.getElementById(button.dataset.rows);
    if (!(template instanceof HTMLTemplateElement) || !rows) return;
    event.preventDefault();
    var index = rows.querySelectorAll(":scope > tr").length;
    var fill = function (text) {
      return text.replace(/__i__/g, String(index)).replace(/__n__/g, String(index + 1));
    };
    var row = template.content.cloneNode(true);
    var walker = document.createTreeWalker(row, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === Node.TEXT_NODE) {
        node.nodeValue = fill(node.nodeValue);
      } else {
        Array.prototype.forEach.call(node.attributes, function (attr) {
          attr.value = fill(attr.value);
        });
      }
    }
    var first = row.querySelector("input, select, textarea");
    rows.appendChild(row);
    if (first) first.focus();
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
