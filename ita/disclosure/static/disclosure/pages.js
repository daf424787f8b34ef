// The OIT pages, without inline script or style (the Content-Security-Policy refuses both):
// a confirmation where a button asks, the copy button of the embed code, and the readiness
// bars' width from data-percent.
document.addEventListener("click", (event) => {
  const asking = event.target.closest("[data-confirm]");
  if (asking && !window.confirm(asking.dataset.confirm)) event.preventDefault();
  const copying = event.target.closest("[data-copy]");
  if (copying) navigator.clipboard.writeText(document.getElementById(copying.dataset.copy).value);
});
document.querySelectorAll(".progress-bar[data-percent]").forEach((bar) => {
  bar.style.width = `${Number(bar.dataset.percent) || 0}%`;
});
