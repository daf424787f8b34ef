// The improvement forms, without inline script (the Content-Security-Policy refuses it):
// Bootstrap's look on the fields Django renders bare, and a confirmation where a button asks.
document.querySelectorAll(
  "main textarea, main select, main input:not([type=checkbox]):not([type=radio]):not([type=hidden]):not([type=submit])"
).forEach((field) => field.classList.add("form-control"));
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) event.preventDefault();
});
