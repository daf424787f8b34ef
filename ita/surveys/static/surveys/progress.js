// A wave's progress bar takes its width from data-percent: the Content-Security-Policy refuses
// style="" in the markup, not a width set here. htmx swaps the bar every 15 seconds while open.
function fillBars(root) {
  root.querySelectorAll(".progress-bar[data-percent]").forEach((bar) => {
    bar.style.width = `${Number(bar.dataset.percent) || 0}%`;
  });
}
fillBars(document);
document.body.addEventListener("htmx:afterSettle", () => fillBars(document));
