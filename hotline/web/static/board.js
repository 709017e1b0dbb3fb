// Live board: every open incident with per-agency status and a countdown to
// the next charter deadline (green → amber at the warning → red at breach).
// Updates arrive by Server-Sent Events; no polling.
"use strict";
(() => {
  const { t, el, api, clock, mmss, live } = Sigap;
  const rows = document.getElementById("rows");
  const warningAt = parseFloat(document.getElementById("board").dataset.warning) || 0.8;
  const incidents = new Map();
  let skew = 0; // server time minus this workstation's time

  async function load() {
    const res = await api("GET", "/api/v1/incidents?status=open&limit=500");
    if (!res.ok) return;
    if (res.data.now) skew = Date.parse(res.data.now) - Date.now();
    incidents.clear();
    for (const inc of res.data.incidents) incidents.set(inc.id, inc);
    render();
  }

  async function refresh(id) {
    const res = await api("GET", "/api/v1/incidents/" + id);
    if (res.ok && res.data.status !== "closed") incidents.set(id, res.data);
    else incidents.delete(id);
    render();
  }

  const attention = (inc) => inc.assignments.some((a) => a.status === "unreachable" || a.status === "undeliverable");
  function rank(inc) { return attention(inc) ? 0 : inc.breached ? 1 : inc.status === "referred" ? 2 : 3; }

  function render() {
    const list = [...incidents.values()].sort((a, b) => rank(a) - rank(b) || (b.received_at > a.received_at ? 1 : -1));
    if (!list.length) { rows.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "muted", text: t("board_empty") }))); return; }
    rows.replaceChildren(...list.map(row));
    tick();
  }

  function row(inc) {
    const where = inc.location.kelurahan ? inc.location.kelurahan.name : (inc.referral ? t("outside_city", inc.referral.name) : "?");
    return el("tr", { "data-id": inc.id, "data-code": inc.code, class: (attention(inc) ? "attention " : "") + (inc.breached ? "breached" : "") },
      el("td", {}, el("a", { href: "/incidents/" + inc.id, text: inc.code }), " ", el("span", { class: "muted", text: "P" + inc.priority }),
        inc.hoax && inc.hoax.level !== "normal" && !inc.credible ? el("div", { class: "tag-bad hoax-badge", "data-level": inc.hoax.level, text: t("hoax_badge_" + inc.hoax.level) }) : null,
        inc.callers && inc.callers.length ? el("div", { class: "muted", text: t("callers_count", 1 + inc.callers.filter((c) => !c.unlinked).length) }) : null),
      el("td", {}, el("strong", { text: inc.category_name || inc.category }), el("div", { class: "muted desc", text: inc.description.slice(0, 120) })),
      el("td", { text: where }),
      el("td", { text: clock(inc.received_at) }),
      el("td", {}, inc.assignments.map(agencyCell), inc.status === "referred" ? el("span", { class: "tag-bad", text: t("referral") }) : null));
  }

  function agencyCell(a) {
    const ack = a.ack_by_name ? " · " + a.ack_by_name : "";
    const bad = a.status === "unreachable" || a.status === "undeliverable";
    return el("div", { "data-agency": a.agency },
      el("span", { class: "status", "data-status": a.status }, a.agency.toUpperCase() + ": " + t("st_" + a.status) + ack),
      bad ? el("span", { class: "tag-bad", text: t("needs_human") }) : null,
      el("span", { class: "clock", "data-clock": "" }));
  }

  // next returns the next charter deadline the assignment has not met.
  function next(a) {
    if (["resolved", "false_report", "cancelled"].includes(a.status)) return null;
    if (!a.acknowledged_at) return ["ack", a.deadlines.acknowledge];
    if (!a.on_scene_at) return ["arrive", a.deadlines.arrive];
    return ["resolve", a.deadlines.resolve];
  }

  function tick() {
    const now = Date.now() + skew;
    rows.querySelectorAll("tr[data-id]").forEach((tr) => {
      const inc = incidents.get(tr.dataset.id);
      if (!inc) return;
      tr.querySelectorAll("[data-agency]").forEach((cell) => {
        const a = inc.assignments.find((x) => x.agency === cell.dataset.agency);
        const c = cell.querySelector("[data-clock]");
        const n = a && next(a);
        if (!n) { c.textContent = ""; c.className = "clock"; return; }
        const due = Date.parse(n[1]), start = Date.parse(inc.received_at);
        const warn = start + (due - start) * warningAt;
        c.className = "clock " + (now >= due ? "red" : now >= warn ? "amber" : "green");
        c.textContent = t("clock_" + n[0]) + " " + mmss(due - now);
      });
    });
  }

  live((ch) => refresh(ch.incident_id), load, document.getElementById("conn"));
  load();
  setInterval(tick, 1000);
})();
