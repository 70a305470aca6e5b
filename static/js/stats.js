// Charts of /stats/ with Apache ECharts (served from node_modules, no CDN). The numbers come from
// the page's #stats-data, the same rows as the tables under the charts.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("stats-data").textContent);
  const green = ["#1f6f43", "#5a9e6f", "#9cc9a5", "#d4a437"];
  const font = {fontFamily: getComputedStyle(document.body).fontFamily};
  const charts = [];

  function init(el) {
    // SVG: crisp at any zoom and printable; the browser test can see the shapes.
    const chart = echarts.init(el, null, {renderer: "svg"});
    chart.on("finished", () => { el.dataset.rendered = "1"; });
    charts.push(chart);
    return chart;
  }

  function batches(el) {
    const d = data.batches;
    const kinds = d.columns.slice(2, -1);
    init(el).setOption({
      textStyle: font, color: green,
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      legend: {top: 0},
      grid: {left: 48, right: 16, top: 36, bottom: 32},
      xAxis: {type: "category", data: d.rows.map((r) => r[0])},
      yAxis: {type: "value"},
      series: kinds.map((kind, i) => ({
        name: kind, type: "bar", stack: "all", data: d.rows.map((r) => r[2 + i]),
      })),
    });
  }

  function bars(el, d) {
    if (!d.bars.length) {  // e.g. parks have no industry: say so instead of an empty axis
      el.style.height = "auto";
      const note = document.createElement("p");
      note.className = "text-secondary";
      note.textContent = el.dataset.empty;
      el.replaceChildren(note);
      el.dataset.rendered = "1";
      return;
    }
    const rows = d.bars.slice().reverse();  // largest at the top
    init(el).setOption({
      textStyle: font, color: [green[0]],
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      grid: {left: 8, right: 40, top: 8, bottom: 24, containLabel: true},
      xAxis: {type: "value"},
      yAxis: {type: "category", data: rows.map((r) => r[0]),
              axisLabel: {width: 180, overflow: "truncate"}},
      series: [{type: "bar", data: rows.map((r) => r[1]), label: {show: true, position: "right"}}],
    });
  }

  function map(el) {
    const d = data.authorities;
    fetch(el.dataset.geojson).then((response) => response.json()).then((geojson) => {
      echarts.registerMap("china", geojson);
      init(el).setOption({
        textStyle: font,
        tooltip: {trigger: "item", formatter: (p) => `${p.name}：${Number.isFinite(p.value) ? p.value : 0}`},
        visualMap: {min: 0, max: Math.max(d.max, 1), left: 8, bottom: 8, calculable: true,
                    text: ["多", "少"], inRange: {color: ["#eef6f0", "#9cc9a5", "#1f6f43"]}},
        series: [{type: "map", map: "china", roam: false, data: d.map,
                  label: {show: false}, emphasis: {label: {show: true}},
                  itemStyle: {areaColor: "#f3f5f4", borderColor: "#8a9a90"}}],
      });
    }).catch(() => {
      el.textContent = el.dataset.error || "地图数据加载失败，请查看下表。";
    });
  }

  document.querySelectorAll(".gl-chart").forEach((el) => {
    const kind = el.dataset.chart;
    if (kind === "batches") batches(el);
    else if (kind === "map") map(el);
    else bars(el, data[kind]);
  });
  window.addEventListener("resize", () => charts.forEach((chart) => chart.resize()));
})();
