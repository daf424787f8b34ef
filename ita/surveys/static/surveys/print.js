// The print buttons of the posters and slips, without an onclick="" the Content-Security-Policy
// refuses. The printed layout is in survey.css (a stylesheet, allowed), not in the markup.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) window.print();
});
