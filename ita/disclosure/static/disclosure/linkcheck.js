// The item page's link-check progress (issue 10: checks run in the background, never inside
// the request). While the newest run is queued or running, ask its progress endpoint every
// second, move the text and the bar (its width from data-percent: the Content-Security-Policy
// refuses style="" in the markup), and reload the page when the run ends so the verdicts show.
(function () {
  const box = document.querySelector("[data-testid=check-run]");
  if (!box) return;
  const text = box.querySelector("[data-testid=check-run-text]");
  const bar = box.querySelector(".progress-bar");
  const active = (status) => status === "queued" || status === "running";

  function show(run) {
    box.dataset.status = run.status;
    text.textContent = run.text;
    if (bar) {
      bar.dataset.percent = run.percent;
      bar.style.width = `${Number(run.percent) || 0}%`;
      bar.parentElement.setAttribute("aria-valuenow", run.done);
    }
  }

  async function poll() {
    try {
      const response = await fetch(box.dataset.progressUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const { run } = await response.json();
        if (run && !active(run.status)) {
          // the page as the server renders it now: the verdicts and the run's outcome
          window.location.reload();
          return;
        }
        if (run) show(run);
      }
    } catch (error) {
      // the network blinked: try again on the next tick
    }
    window.setTimeout(poll, 1000);
  }

  if (bar) bar.style.width = `${Number(bar.dataset.percent) || 0}%`;
  if (active(box.dataset.status)) window.setTimeout(poll, 1000);
})();
