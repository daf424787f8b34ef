// The proof-of-work challenge of a public EIT link past its daily budget (ita/surveys/challenge.py):
// find n such that SHA-256("<token>:<n>") starts with `bits` zero bits. Solving starts when the
// page opens, while the respondent answers; a tap on "send" before it is done waits for it.
(function () {
  const _ = window.gettext || ((text) => text);
  const form = document.getElementById("survey");
  const field = form && form.querySelector("input[name=challenge]");
  if (!field) return;
  const bits = Number(field.dataset.bits);
  const out = form.querySelector("input[name=solution]");
  const status = document.getElementById("challenge-status");
  const encoder = new TextEncoder();
  const BATCH = 256;

  const zeroBits = (buffer) => {
    let zeros = 0;
    for (const byte of new Uint8Array(buffer)) {
      if (byte !== 0) return zeros + Math.clz32(byte) - 24;
      zeros += 8;
    }
    return zeros;
  };

  async function solve() {
    if (!(window.crypto && window.crypto.subtle)) {
      status.textContent = _("เบราว์เซอร์นี้คำนวณรหัสยืนยันไม่ได้ (ต้องเปิดผ่าน https) โปรดลองเบราว์เซอร์อื่น หรือกลับมาตอบในวันถัดไป");
      return null;
    }
    const prefix = `${field.value}:`;
    for (let start = 0; ; start += BATCH) {
      const tries = [];
      for (let i = 0; i < BATCH; i += 1) {
        tries.push(crypto.subtle.digest("SHA-256", encoder.encode(prefix + (start + i))));
      }
      const digests = await Promise.all(tries);
      const found = digests.findIndex((d) => zeroBits(d) >= bits);
      if (found >= 0) return String(start + found);
    }
  }

  const solved = solve().then((solution) => {
    if (solution === null) return null;
    out.value = solution;
    form.dataset.challenge = "solved";
    status.textContent = _("ยืนยันแล้ว กดส่งคำตอบได้");
    return solution;
  });

  form.addEventListener("submit", (event) => {
    if (out.value) return;
    event.preventDefault();
    status.textContent = _("กำลังคำนวณรหัสยืนยันก่อนส่ง กรุณารอสักครู่…");
    solved.then((solution) => {
      if (solution === null) return;
      if (form.requestSubmit) form.requestSubmit();
      else form.submit();
    });
  });
})();
