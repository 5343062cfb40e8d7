// The manager dashboard's charts (Chart.js 2.9 from our own static files). The numbers come
// from the page's <script type="application/json" id="dashboard-data"> (Django's json_script:
// data, never executed), so nothing inline runs under the Content-Security-Policy. Every chart
// also has its numbers in a <details> table next to it, for screen readers and without JS.
(function () {
  "use strict";

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof window.Chart === "undefined") {
      return;
    }
    // Chart.js would add a <style> element, which the CSP refuses: its few rules are in
    // helpdesk.css instead.
    window.Chart.platform.disableCSSInjection = true;
    var data = JSON.parse(source.textContent);
    var lang = document.documentElement.lang || "en";
    var numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
    // As many day labels under a chart as fit its width (about 90 px each).
    function everyNth(width) {
      var step = Math.max(1, Math.ceil(data.labels.length / Math.max(2, Math.floor(width / 90))));
      return function (value, index) {
        return index % step === 0 ? value : null;
      };
    }

    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var datasets = data.charts[canvas.getAttribute("data-chart")] || [];
      var axis = canvas.getAttribute("data-axis");
      var isBar = datasets.length && datasets[0].type === "bar";
      var yAxis = { ticks: { callback: function (value) { return numberFormat.format(value); } } };
      if (axis === "percent") {
        yAxis.ticks.suggestedMin = 0;
        yAxis.ticks.suggestedMax = 100;
      } else if (axis === "score") {
        yAxis.ticks.suggestedMin = -100;
        yAxis.ticks.suggestedMax = 100;
      } else {
        yAxis.ticks.beginAtZero = true;
        if (axis === "count") {
          yAxis.ticks.precision = 0;
        }
      }
      yAxis.scaleLabel = { display: true, labelString: data.axis[axis] || "" };
      var chart = new window.Chart(canvas.getContext("2d"), {
        type: isBar ? "bar" : "line",
        data: {
          labels: data.labels,
          datasets: datasets.map(function (set) {
            return {
              label: set.label,
              data: set.data,
              borderColor: set.color,
              backgroundColor: isBar ? set.color : "transparent",
              pointBackgroundColor: set.color,
              borderWidth: 2,
              pointRadius: data.labels.length > 60 ? 0 : 2,
              spanGaps: true,
              fill: false,
              lineTension: 0.2
            };
          })
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: { duration: 0 },
          legend: { display: datasets.length > 1, position: "bottom" },
          tooltips: {
            mode: "index",
            intersect: false,
            callbacks: {
              label: function (item, chartData) {
                var set = chartData.datasets[item.datasetIndex];
                var value = item.yLabel === null || item.yLabel === undefined ? "—" : numberFormat.format(item.yLabel);
                return set.label + ": " + value;
              }
            }
          },
          scales: { xAxes: [{ ticks: { autoSkip: false, maxRotation: 0, callback: everyNth(canvas.parentNode.clientWidth) } }], yAxes: [yAxis] }
        }
      });
      canvas.setAttribute("data-drawn", String(chart.data.datasets.length));
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
