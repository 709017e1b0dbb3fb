// Responder simulator (demo): replies as a responder's phone would, through
// the same signed Twilio webhook a real reply takes.
"use strict";
(() => {
  const { t, el, api, live } = Sigap;
  const box = document.getElementById("sim");
  const verbs = ["TERIMA", "OTW", "TIBA", "SELESAI", "PALSU"];

  async function load() {
    const res = await api("GET", "/api/v1/incidents?status=open&limit=100");
    if (!res.ok) return;
    const cards = [];
    const list = (x) => (Array.isArray(x) ? x : []);
    for (const inc of list(res.data && res.data.incidents)) {
      for (const a of list(inc && inc.assignments)) {
        try { // one bad record must not empty the simulator
        const people = [...new Map((a.notified || []).filter((n) => n.phone).map((n) => [n.phone, n])).values()];
        if (!people.length) continue;
        cards.push(el("div", { class: "card", "data-code": inc.code, "data-agency": a.agency },
          el("strong", { text: inc.code + " · " + String(a.agency).toUpperCase() + " · " + t("st_" + a.status) }),
          people.map((n) => el("div", {}, n.name + " (" + n.phone + "): ",
            verbs.map((v) => el("button", { type: "button", class: "secondary", "data-verb": v, "data-phone": n.phone,
              onclick: () => reply(n.phone, v + " " + inc.code + (v === "SELESAI" ? " selesai ditangani" : v === "PALSU" ? " tidak ada kejadian" : "")), text: v }), " ")))));
        } catch (e) { console.error("simulator", inc && inc.code, e); }
      }
    }
    box.replaceChildren(...(cards.length ? cards : [el("p", { class: "muted", text: t("sim_empty") })]));
  }

  async function reply(phone, body) {
    const res = await api("POST", "/simulator/reply", { phone, body });
    const flash = document.getElementById("flash");
    flash.replaceChildren(el("div", { class: "flash " + (res.ok ? "ok" : "bad"), role: "status",
      text: res.ok ? t("sim_sent", body) + " → " + (res.data.answer || "") : ((res.data && res.data.error && res.data.error.message) || t("failed")) }));
    load();
  }

  live(load, load, document.getElementById("conn"));
  load();
})();
