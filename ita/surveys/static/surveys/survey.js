// Progressive enhancement only: the form works without JavaScript. Shows how many questions are
// answered, and blocks a second tap on "send" while the first is on its way (the server ignores a
// repeat anyway: the form carries one client id).
(function () {
  const _ = window.gettext || ((text) => text);
  const form = document.getElementById("survey");
  if (!form) return;
  const names = [...new Set([...form.querySelectorAll("input[type=radio]")].map((i) => i.name))];
  const box = document.getElementById("answered");
  const count = document.getElementById("answered-count");
  const bar = document.getElementById("answered-bar");
  const update = () => {
    const done = names.filter((n) => form.querySelector(`input[name="${CSS.escape(n)}"]:checked`)).length;
    count.textContent = done;
    bar.style.width = `${(done * 100) / names.length}%`;
  };
  box.hidden = false;
  form.addEventListener("change", update);
  update();
  form.addEventListener("submit", (event) => {
    const send = document.getElementById("send");
    setTimeout(() => {
      if (event.defaultPrevented) return; // challenge.js holds the answer until it is solved
      send.disabled = true;
      send.textContent = _("กำลังส่ง…");
    }, 0);
  });
  const errors = document.getElementById("errors");
  if (errors) errors.focus();
})();
