// The cockpit (一张图): each chart is drawn from the data table it belongs to, which stays
// the source (printable, copyable, read by screen readers). A chart box names its table
// (data-chart-for); the table's header cells with data-series are the series (bar or line,
// data-axis 1 on the right-hand axis, data-stack stacked, data-color a fixed colour); each
// body row is a category (its first cell's text), its cells' data-chart the numbers. The
// region's own row (data-total) is left out of the chart: the rows below it are compared.
// Apache ECharts draws with its SVG renderer; no inline script or style is needed, so the
// strict CSP holds.
(function () {
  "use strict";
  if (typeof window.echarts === "undefined") return;
  var charts = [];

  function number(cell) {
    var text = cell && cell.getAttribute("data-chart");
    if (text === null || text === undefined || text === "") return null;
    var n = Number(text);
    return isFinite(n) ? n : null;
  }

  function draw(box) {
    var table = document.getElementById(box.getAttribute("data-chart-for"));
    if (!table || !table.tHead || !table.tBodies.length) return;
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var rows = Array.prototype.filter.call(table.tBodies[0].rows, function (tr) {
      return !tr.hasAttribute("data-total");
    });
    if (!rows.length) {
      box.classList.add("dash-chart-empty");
      return;
    }
    var categories = rows.map(function (tr) {
      return tr.cells[0].textContent.trim();
    });
    var right = false;
    var series = [];
    heads.forEach(function (th, i) {
      var kind = th.getAttribute("data-series");
      if (!kind) return;
      var axis = th.getAttribute("data-axis") === "1" ? 1 : 0;
      if (axis === 1) right = true;
      var s = {
        name: th.textContent.trim(),
        type: kind === "line" ? "line" : "bar",
        yAxisIndex: axis,
        data: rows.map(function (tr) {
          return number(tr.cells[i]);
        }),
      };
      if (th.hasAttribute("data-stack")) s.stack = "total";
      if (th.getAttribute("data-color")) s.itemStyle = { color: th.getAttribute("data-color") };
      if (s.type === "line") s.connectNulls = true;
      series.push(s);
    });
    var axes = [{ type: "value" }];
    if (right) axes.push({ type: "value", splitLine: { show: false } });
    var chart = window.echarts.init(box, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      // The table beside the chart tells the figures; a tooltip would need inline styles.
      tooltip: { show: false },
      legend: { type: "scroll", top: 0 },
      grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
      xAxis: {
        type: "category",
        data: categories,
        axisLabel: { interval: 0, hideOverlap: true, rotate: categories.length > 6 ? 30 : 0 },
      },
      yAxis: axes,
      series: series,
    });
    charts.push(chart);
  }

  document.querySelectorAll("[data-chart-for]").forEach(draw);

  function resize() {
    charts.forEach(function (c) {
      c.resize();
    });
  }
  window.addEventListener("resize", resize);
  // The handout: charts take the printed page's width, and the screen's again after.
  window.addEventListener("beforeprint", resize);
  window.addEventListener("afterprint", resize);
})();
