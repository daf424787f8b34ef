// charts.js labels the second indicator series "ปีก่อน" (last year); on a self-assessment page it
// holds the official scores, so the legend is renamed once the charts are drawn.
(function () {
  const _ = window.gettext || ((text) => text);
  const names = { [_("ปีนี้")]: _("ประเมินตนเอง"), [_("ปีก่อน")]: _("ผลทางการ ป.ป.ช.") };
  for (const id of ["chart-indicators"]) {
    const canvas = document.getElementById(id);
    if (!canvas || !canvas.chart) continue;
    for (const set of canvas.chart.data.datasets) set.label = names[set.label] || set.label;
    canvas.chart.update();
  }
})();
