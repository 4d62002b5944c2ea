/* The leaders' dashboard: fetch the JSON named by #dashboard[data-url] and draw it with ECharts (served
   from this installation). Every bar and point carries the URL of its case list; a click opens it.
   No inline script or style attribute: the page's CSP allows neither. Tooltips are drawn on the canvas
   (renderMode "richText") for the same reason. */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root || typeof echarts === "undefined") {
    return;
  }
  var charts = [];

  function open(params) {
    var link = params && params.data && params.data.link;
    if (link) {
      window.location.assign(link);
    }
  }

  function draw(id, option) {
    var el = document.getElementById(id);
    if (!el) {
      return null;
    }
    var chart = echarts.init(el, null, { renderer: "canvas" });
    option.animation = false;
    option.tooltip = Object.assign({ renderMode: "richText", confine: true }, option.tooltip || {});
    chart.setOption(option);
    chart.on("click", open);
    el.setAttribute("data-ready", "1");
    charts.push(chart);
    return chart;
  }

  function pct(v) {
    return v === null || v === undefined ? "—" : v + "%";
  }

  function rateBars(id, entries) {
    draw(id, {
      grid: { left: 48, right: 16, top: 30, bottom: 30 },
      tooltip: { trigger: "item", formatter: function (p) {
        var d = p.data;
        return d.name + "：" + pct(d.rate) + "（" + d.numerator + "/" + d.denominator + "）";
      } },
      xAxis: { type: "category", data: entries.map(function (e) { return e.label; }) },
      yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      series: [{
        type: "bar",
        barMaxWidth: 48,
        label: { show: true, position: "top", formatter: function (p) { return pct(p.data.rate); } },
        data: entries.map(function (e) {
          return { name: e.label, value: e.rate === null ? 0 : e.rate, rate: e.rate,
                   numerator: e.numerator, denominator: e.denominator, link: e.link };
        }),
        markLine: { symbol: "none", silent: true, data: [{ yAxis: 100, name: "目标 100%" }],
                    label: { formatter: "目标 100%", position: "insideEndTop" } }
      }]
    });
  }

  function rateTable(id, entries) {
    var table = document.getElementById(id);
    if (!table) {
      return;
    }
    var head = table.createTHead().insertRow();
    ["指标", "比率", "达标", "共计", "未达标"].forEach(function (t) {
      var th = document.createElement("th");
      th.scope = "col";
      th.textContent = t;
      head.appendChild(th);
    });
    var body = table.createTBody();
    entries.forEach(function (e) {
      var row = body.insertRow();
      var th = document.createElement("th");
      th.scope = "row";
      th.textContent = e.label;
      row.appendChild(th);
      row.insertCell().textContent = pct(e.rate);
      row.insertCell().textContent = String(e.numerator);
      var all = document.createElement("a");
      all.href = e.link;
      all.textContent = String(e.denominator);
      row.insertCell().appendChild(all);
      var miss = document.createElement("a");
      miss.href = e.miss_link;
      miss.textContent = String(e.denominator - e.numerator);
      row.insertCell().appendChild(miss);
    });
  }

  function trend(id, data) {
    var series = data.series.map(function (s) {
      var registered = s.kpi === "registered";
      return {
        name: s.label,
        type: registered ? "bar" : "line",
        yAxisIndex: registered ? 1 : 0,
        connectNulls: false,
        data: s.points.map(function (p) {
          return { value: p.rate, link: p.link, numerator: p.numerator, denominator: p.denominator };
        })
      };
    });
    draw(id, {
      legend: { top: 0 },
      grid: { left: 48, right: 48, top: 36, bottom: 30 },
      tooltip: { trigger: "item", formatter: function (p) {
        var d = p.data;
        return p.seriesName + " " + p.name + "：" + (p.seriesType === "bar" ? d.value + " 件"
          : pct(d.value) + "（" + d.numerator + "/" + d.denominator + "）");
      } },
      xAxis: { type: "category", data: data.labels },
      yAxis: [
        { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
        { type: "value", minInterval: 1, name: "受理件数" }
      ],
      series: series
    });
  }

  function volume(id, rows, horizontal) {
    var names = rows.map(function (r) { return r.label; });
    var cat = { type: "category", data: names, axisLabel: { interval: 0 } };
    var val = { type: "value", minInterval: 1 };
    draw(id, {
      grid: { left: horizontal ? 120 : 48, right: 24, top: 20, bottom: 30 },
      tooltip: { trigger: "item", formatter: "{b}：{c}" },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? Object.assign(cat, { inverse: true }) : val,
      series: [{
        type: "bar",
        barMaxWidth: 40,
        label: { show: true, position: horizontal ? "right" : "top" },
        data: rows.map(function (r) { return { name: r.label, value: r.value, link: r.link }; })
      }]
    });
  }

  function units(id, rows) {
    var names = rows.map(function (r) { return r.unit; });
    draw(id, {
      grid: { left: 140, right: 60, top: 20, bottom: 30 },
      tooltip: { trigger: "item", formatter: function (p) {
        var d = p.data;
        return d.name + "：" + pct(d.rate) + "（" + d.numerator + "/" + d.denominator + "）";
      } },
      xAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
      yAxis: { type: "category", data: names, inverse: true },
      series: [{
        type: "bar",
        barMaxWidth: 28,
        label: { show: true, position: "right", formatter: function (p) { return pct(p.data.rate); } },
        data: rows.map(function (r) {
          return { name: r.unit, value: r.rate === null ? 0 : r.rate, rate: r.rate,
                   numerator: r.numerator, denominator: r.denominator, link: r.link };
        })
      }]
    });
  }

  function render(data) {
    rateBars("chart-goals", data.goals);
    rateTable("table-goals", data.goals);
    rateBars("chart-hotline", data.hotline);
    rateTable("table-hotline", data.hotline);
    trend("chart-weeks", data.trend_weeks);
    trend("chart-months", data.trend_months);
    volume("chart-category", data.by_category, true);
    volume("chart-channel", data.by_channel, false);
    units("chart-units", data.units);
    volume("chart-levels", data.levels, false);
    root.setAttribute("data-ready", "1");
  }

  function fail(message) {
    var box = document.getElementById("dashboard-error");
    if (box) {
      box.textContent = message;
      box.hidden = false;
    }
  }

  fetch(root.getAttribute("data-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
    .then(function (response) {
      return response.json().then(function (body) {
        if (!response.ok) {
          throw new Error(body.error || "加载失败");
        }
        return body;
      });
    })
    .then(render)
    .catch(function (error) { fail("图表数据加载失败：" + error.message); });

  window.addEventListener("resize", function () {
    charts.forEach(function (c) { c.resize(); });
  });
})();
