// Draws the result charts from the JSON the page embeds (id="chart-data"); the same data
// functions feed the documents, so pages and reports agree.
(function () {
  const el = document.getElementById("chart-data");
  if (!el || typeof Chart === "undefined") return;
  const data = JSON.parse(el.textContent);
  // the page's language, from Django's JavaScript catalogue (/jsi18n/); Thai without it
  const _ = window.gettext || ((text) => text);
  const interpolate = window.interpolate || ((text, values) => text.replace("%s", values[0]));
  Chart.defaults.font.family = "Sarabun, sans-serif";
  Chart.defaults.font.size = 14;
  Chart.defaults.animation.duration = 250;
  const GREEN = "#198754", RED = "#dc3545", BLUE = "#0d6efd", GREY = "#adb5bd";
  const fmt = (v) => (v === null || v === undefined ? "–" : Number(v).toFixed(2));
  const pct = { min: 0, max: 100 };
  const draw = (id, config) => {
    const canvas = document.getElementById(id);
    if (canvas) canvas.chart = new Chart(canvas, config);
  };
  const tooltip = { callbacks: { label: (c) => `${c.dataset.label || ""} ${fmt(c.parsed.y ?? c.parsed.x ?? c.parsed)}` } };

  if (data.overall && document.getElementById("chart-overall")) {
    const t = data.overall.total;
    draw("chart-overall", {
      type: "doughnut",
      data: { labels: [_("คะแนนรวม"), _("ส่วนที่ขาด")], datasets: [{ data: [t, 100 - t], backgroundColor: [t >= data.overall.target ? GREEN : RED, "#e9ecef"], borderWidth: 0 }] },
      options: { maintainAspectRatio: false, circumference: 180, rotation: -90, cutout: "70%", plugins: { legend: { display: false }, tooltip } },
    });
  }
  if (data.tools && data.tools.values.length) {
    draw("chart-tools", {
      type: "bar",
      data: { labels: data.tools.codes, datasets: [{ label: _("คะแนน"), data: data.tools.values, backgroundColor: data.tools.values.map((v) => (v >= 85 ? GREEN : RED)) }] },
      options: { maintainAspectRatio: false, scales: { y: pct }, plugins: { legend: { display: false }, tooltip } },
    });
  }
  if (data.indicators && data.indicators.values.length) {
    const sets = [{ label: _("ปีนี้"), data: data.indicators.values, backgroundColor: data.indicators.strength.map((s) => (s ? GREEN : RED)) }];
    if (data.indicators.previous.some((v) => v !== null)) sets.push({ label: _("ปีก่อน"), data: data.indicators.previous, backgroundColor: GREY });
    draw("chart-indicators", {
      type: "bar",
      data: { labels: data.indicators.labels, datasets: sets },
      // a phone-wide chart names each indicator by its number only (the full names were cut at
      // the left edge); the table above and the tooltip keep the names
      options: { indexAxis: "y", maintainAspectRatio: false, plugins: { tooltip },
        scales: { x: pct, y: { ticks: { callback(value) {
          const label = this.getLabelForValue(value);
          return this.chart.width < 520 ? interpolate(_("ตัวชี้วัดที่ %s"), [label.split(" ")[0].replace(/\.$/, "")]) : label;
        } } } } },
    });
  }
  if (data.history && data.history.labels.length) {
    const colours = { IIT: "#6f42c1", EIT: "#fd7e14", OIT: "#20c997" };
    const sets = [{ label: _("คะแนนรวม"), data: data.history.total, borderColor: BLUE, backgroundColor: BLUE, borderWidth: 3, tension: 0.2 }];
    for (const [code, values] of Object.entries(data.history.tools)) sets.push({ label: code, data: values, borderColor: colours[code], backgroundColor: colours[code], borderDash: [4, 3], tension: 0.2 });
    draw("chart-history", {
      type: "line",
      data: { labels: data.history.labels.map((y) => interpolate(_("ปี %s"), [y])), datasets: sets },
      options: { maintainAspectRatio: false, scales: { y: pct }, plugins: { tooltip } },
    });
  }
})();
