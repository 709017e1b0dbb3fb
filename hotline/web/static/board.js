// Live board: every open incident, most urgent first (unreachable, then
// breached by lateness, then priority, then time left), with per-agency
// status, a countdown to the next charter deadline, a map, and alerts that
// ring until a supervisor acknowledges them. Updates arrive by Server-Sent
// Events. Each incident is rendered on its own: one bad record becomes an
// error row, never a blank board.
"use strict";
(() => {
  const { t, el, api, clock, mmss, live } = Sigap;
  const $ = (x) => document.getElementById(x);
  const root = $("board"), rows = $("rows");
  const warningAt = parseFloat(root.dataset.warning) || 0.8;
  const canNote = root.dataset.dispatch === "true";
  const PAGE = 100;
  const incidents = new Map();
  let skew = 0; // server time minus this workstation's time
  let page = 0;
  let loaded = false;

  const list = (x) => (Array.isArray(x) ? x : []);
  const asg = (inc) => list(inc && inc.assignments);
  const BAD = ["unreachable", "undeliverable"];
  const needsHuman = (a) => BAD.includes(a.status) || a.sms_failing === true;
  const attention = (inc) => asg(inc).some(needsHuman);
  const agencyName = (a) => String(a.agency || "?").toUpperCase();
  const now = () => Date.now() + skew;
  // validTime is a timestamp in ms, or 0 for a missing or zero time (Go's 0001-01-01).
  const validTime = (iso) => { const v = Date.parse(iso); return v > 946684800000 ? v : 0; };

  async function load() {
    const res = await api("GET", "/api/v1/incidents?status=open&all=true");
    if (!res.ok || !res.data) return;
    if (res.data.now) skew = Date.parse(res.data.now) - Date.now();
    incidents.clear();
    for (const inc of list(res.data.incidents)) if (inc && inc.id) incidents.set(inc.id, inc);
    loaded = true;
    render();
  }

  async function refresh(id) {
    const res = await api("GET", "/api/v1/incidents/" + id);
    if (res.ok && res.data && res.data.status !== "closed") incidents.set(id, res.data);
    else if (res.ok || res.status === 404) incidents.delete(id);
    render();
  }

  // next returns the next charter deadline the assignment has not met.
  function next(a) {
    if (["resolved", "false_report", "cancelled"].includes(a.status) || !a.deadlines) return null;
    if (!a.acknowledged_at) return ["ack", a.deadlines.acknowledge];
    if (!a.on_scene_at) return ["arrive", a.deadlines.arrive];
    return ["resolve", a.deadlines.resolve];
  }

  // urgency is the sort key: needs a human, breached (most late first),
  // priority, time left to the next deadline, newest.
  function urgency(inc) {
    const n = now();
    let late = 0, left = Infinity;
    for (const a of asg(inc)) {
      const x = next(a);
      const due = x && validTime(x[1]);
      if (!due) continue;
      if (n > due) late = Math.max(late, n - due);
      else left = Math.min(left, due - n);
    }
    const breached = inc.breached || late > 0;
    const as = asg(inc);
    const group = as.some((a) => BAD.includes(a.status)) ? 0 : as.some((a) => a.sms_failing === true) ? 1 : 2;
    return [group, breached ? 0 : 1, -late, Number(inc.priority) || 9, left, -(Date.parse(inc.received_at) || 0)];
  }

  function compare(a, b) {
    for (let i = 0; i < a.k.length; i++) {
      if (a.k[i] !== b.k[i]) return a.k[i] < b.k[i] ? -1 : 1;
    }
    return 0;
  }

  function matches(inc) {
    const ag = $("f-agency").value, pr = $("f-priority").value, kec = $("f-kecamatan").value;
    if (ag && !asg(inc).some((a) => a.agency === ag)) return false;
    if (pr && String(inc.priority) !== pr) return false;
    const loc = inc.location || {};
    if (kec === "_outside" && loc.kecamatan) return false;
    if (kec && kec !== "_outside" && !(loc.kecamatan && loc.kecamatan.code === kec)) return false;
    return true;
  }

  function render() {
    const all = [...incidents.values()].map((inc) => {
      try { return { inc, k: urgency(inc), show: matches(inc) }; } catch (e) { return { inc, k: [-1], show: true }; }
    });
    const shown = all.filter((x) => x.show).sort(compare);
    const pages = Math.max(1, Math.ceil(shown.length / PAGE));
    page = Math.min(page, pages - 1);
    const slice = shown.slice(page * PAGE, page * PAGE + PAGE);
    $("count").textContent = t("board_count", all.length) + (shown.length > PAGE ? " · " + t("board_shown", page * PAGE + 1, page * PAGE + slice.length, shown.length) : "") +
      (all.length > shown.length ? " " + t("board_filtered", all.length - shown.length) : "");
    if (!slice.length) rows.replaceChildren(el("tr", {}, el("td", { colspan: 5, class: "muted", text: t("board_empty") })));
    else rows.replaceChildren(...slice.map((x) => safeRow(x.inc)));
    pager(pages);
    marks(shown.map((x) => x.inc));
    alerts();
    tick();
  }

  function pager(pages) {
    const box = $("pager");
    if (pages <= 1) { box.replaceChildren(); return; }
    box.replaceChildren(
      el("button", { type: "button", class: "secondary", disabled: page === 0, onclick: () => { page--; render(); }, text: t("page_prev") }),
      " " + (page + 1) + " / " + pages + " ",
      el("button", { type: "button", class: "secondary", id: "page-next", disabled: page >= pages - 1, onclick: () => { page++; render(); }, text: t("page_next") }));
  }

  function safeRow(inc) {
    try { return row(inc); } catch (e) {
      console.error("board row", inc && inc.id, e);
      return el("tr", { "data-id": inc.id, "data-code": inc.code || "", class: "error-row attention" },
        el("td", { colspan: 5 }, el("a", { href: "/incidents/" + encodeURIComponent(inc.id), text: t("row_broken", inc.code || inc.id) })));
    }
  }

  function row(inc) {
    const loc = inc.location || {};
    const where = loc.kelurahan ? loc.kelurahan.name + (loc.kecamatan ? ", " + loc.kecamatan.name : "") : (inc.referral ? t("outside_city", inc.referral.name) : "?");
    const callers = list(inc.callers).filter((c) => !c.unlinked).length;
    const as = asg(inc);
    return el("tr", { "data-id": inc.id, "data-code": inc.code, "data-priority": inc.priority, class: (attention(inc) ? "attention " : "") + (inc.breached ? "breached" : "") },
      el("td", {}, el("a", { href: "/incidents/" + inc.id, text: inc.code }), " ", el("span", { class: "prio p" + inc.priority, text: "P" + inc.priority }),
        inc.hoax && inc.hoax.level && inc.hoax.level !== "normal" && !inc.credible ? el("div", { class: "tag-bad hoax-badge", "data-level": inc.hoax.level, text: t("hoax_badge_" + inc.hoax.level) }) : null,
        callers ? el("div", { class: "muted", text: t("callers_count", 1 + callers) }) : null),
      el("td", {}, el("strong", { text: inc.category_name || inc.category || "" }), el("div", { class: "muted desc", text: String(inc.description || "").slice(0, 120) })),
      el("td", { text: where }),
      el("td", { text: clock(inc.received_at) }),
      el("td", {}, as.map(agencyCell), !as.length && inc.status !== "referred" ? el("span", { class: "muted", text: t("no_assignment") }) : null,
        inc.status === "referred" ? el("span", { class: "tag-bad", text: t("referral") }) : null));
  }

  function phoneLink(p) { return p ? el("a", { href: "tel:" + p, class: "station-phone", text: p }) : null; }

  function agencyCell(a) {
    const ack = a.ack_by_name ? " · " + a.ack_by_name : "";
    const bad = BAD.includes(a.status);
    const known = !!Sigap.dict["st_" + a.status];
    return el("div", { "data-agency": a.agency, class: "agency-cell" },
      el("span", { class: "status", "data-status": a.status }, agencyName(a) + ": " + (known ? t("st_" + a.status) : (a.status || "?")) + ack),
      a.station_name ? el("span", { class: "muted", text: " " + a.station_name }) : el("span", { class: "muted", text: " " + t("unknown_agency") }),
      bad ? el("div", { class: "needs-human" }, el("span", { class: "tag-bad", text: t("needs_human") }), " ",
        a.station_phone ? [t("call_station", "").trim() + " ", phoneLink(a.station_phone)] : t("call_station_none")) : null,
      a.sms_failing ? el("div", { class: "needs-human sms-failing" }, el("span", { class: "tag-bad", text: t("needs_human") }), " ",
        a.station_phone ? [t("sms_failing", "").trim() + " ", phoneLink(a.station_phone)] : t("call_station_none")) : null,
      el("span", { class: "clock", "data-clock": "" }));
  }

  function tick() {
    const n = now();
    rows.querySelectorAll("tr[data-id]").forEach((tr) => {
      const inc = incidents.get(tr.dataset.id);
      if (!inc) return;
      tr.querySelectorAll("[data-agency]").forEach((cell) => {
        try {
          const a = asg(inc).find((x) => x.agency === cell.dataset.agency);
          const c = cell.querySelector("[data-clock]");
          const x = a && next(a);
          const due = x && validTime(x[1]), start = Date.parse(inc.received_at);
          if (!due) { c.textContent = ""; c.className = "clock"; return; }
          const warn = start + (due - start) * warningAt;
          c.className = "clock " + (n >= due ? "red" : n >= warn ? "amber" : "green");
          c.textContent = t("clock_" + x[0]) + " " + mmss(due - n);
        } catch (e) { /* one bad assignment must not stop the others' clocks */ }
      });
    });
  }

  // ---- map: open incidents by priority over the offline city map ----
  const svg = document.querySelector(".board-map svg");
  const layer = svg ? document.createElementNS("http://www.w3.org/2000/svg", "g") : null;
  if (svg) { layer.setAttribute("id", "incident-marks"); svg.appendChild(layer); }

  function marks(shown) {
    if (!svg) return;
    const d = svg.dataset, minlon = +d.minlon, maxlat = +d.maxlat, kx = +d.kx, k = +d.k;
    const ns = "http://www.w3.org/2000/svg";
    const nodes = [];
    // P3 first so that P1 is drawn on top.
    for (const inc of shown.slice().sort((a, b) => (b.priority || 9) - (a.priority || 9))) {
      const loc = inc.location || {};
      if (typeof loc.lat !== "number" || typeof loc.lon !== "number") continue;
      const g = document.createElementNS(ns, "a");
      g.setAttribute("href", "/incidents/" + inc.id);
      g.setAttribute("class", "incmark p" + inc.priority + (attention(inc) ? " attention" : "") + (inc.breached ? " breached" : ""));
      g.setAttribute("data-code", inc.code);
      const c = document.createElementNS(ns, "circle");
      c.setAttribute("cx", ((loc.lon - minlon) * kx).toFixed(1));
      c.setAttribute("cy", ((maxlat - loc.lat) * k).toFixed(1));
      c.setAttribute("r", inc.priority === 1 ? 13 : 10);
      const title = document.createElementNS(ns, "title");
      title.textContent = inc.code + " · P" + inc.priority + " · " + (inc.category_name || inc.category || "");
      c.appendChild(title);
      g.appendChild(c);
      nodes.push(g);
    }
    layer.replaceChildren(...nodes);
  }

  // ---- alerts: sound, desktop notification and tab title until acknowledged ----
  const baseTitle = document.title;
  const sound = $("alert-sound");
  const ACK_KEY = "sigap.board.acked";
  const acked = new Set(JSON.parse(localStorage.getItem(ACK_KEY) || "[]"));
  const notified = new Set();
  let current = [];
  let smsOutage = false;
  const complaintsDue = { soon: 0, overdue: 0, day: "" };
  let soundBlocked = false;
  const REPEAT_MS = window.__sigapRepeatMs || 30000; // tests shorten it
  let lastRing = 0;

  function collect() {
    const out = [];
    const n = now();
    for (const inc of incidents.values()) {
      try {
        const where = inc.location && inc.location.kelurahan ? inc.location.kelurahan.name : (inc.referral ? inc.referral.name : "?");
        if (inc.priority === 1 && n - Date.parse(inc.received_at) < 15 * 60000) {
          out.push({ id: inc.id + ":p1", inc, kind: "p1", text: t("alert_p1", inc.code, inc.category_name || inc.category, where) });
        }
        for (const a of asg(inc)) {
          const phone = a.station_phone || "—";
          if (BAD.includes(a.status)) out.push({ id: inc.id + ":" + a.agency + ":" + a.status, inc, kind: "unreachable", text: t("alert_unreachable", inc.code, agencyName(a), t("st_" + a.status), phone) });
          if (a.sms_failing) out.push({ id: inc.id + ":" + a.agency + ":sms", inc, kind: "sms", text: t("alert_sms", inc.code, agencyName(a), phone) });
          for (const b of list(a.breaches)) out.push({ id: inc.id + ":" + a.agency + ":breach:" + b.milestone, inc, kind: "breach", text: t("alert_breach", inc.code, agencyName(a), t("milestone_" + b.milestone)) });
        }
      } catch (e) { /* a bad record raises no alert, but still shows as an error row */ }
    }
    if (smsOutage) out.push({ id: "sms-outage", kind: "outage", text: t("alert_outage") });
    // Complaints from day 10 of the 14 the law allows: one alert per day and count.
    if (complaintsDue.soon + complaintsDue.overdue > 0) out.push({ id: "complaints:" + complaintsDue.day + ":" + complaintsDue.soon + ":" + complaintsDue.overdue,
      kind: "complaints", href: "/pengaduan", text: t("alert_complaints", complaintsDue.soon, complaintsDue.overdue) });
    const order = { outage: 0, unreachable: 1, sms: 2, breach: 3, p1: 4, complaints: 5 };
    return out.sort((a, b) => order[a.kind] - order[b.kind]);
  }

  function alerts() {
    const all = collect();
    const live = new Set(all.map((a) => a.id));
    if (loaded) for (const id of [...acked]) if (!live.has(id) && id !== "sms-outage") acked.delete(id); // forget what is gone
    if (!smsOutage) acked.delete("sms-outage"); // a new outage rings again
    localStorage.setItem(ACK_KEY, JSON.stringify([...acked]));
    const fresh = all.filter((a) => !acked.has(a.id));
    const isNew = fresh.some((a) => !notified.has(a.id));
    current = fresh;
    $("alerts").hidden = !fresh.length;
    $("alert-count").textContent = "(" + fresh.length + ")";
    $("alert-list").replaceChildren(...fresh.map((a) => el("li", { "data-alert": a.id, "data-kind": a.kind, class: "alert-" + a.kind },
      a.inc ? el("a", { href: "/incidents/" + a.inc.id, text: a.text }) : a.href ? el("a", { href: a.href, text: a.text }) : a.text, " ",
      el("button", { type: "button", class: "secondary", "data-ack": a.id, onclick: () => ack(a), text: t("alert_ack") }))));
    document.title = fresh.length ? "(" + fresh.length + ") ⚠ " + fresh[0].text + " · " + baseTitle : baseTitle;
    for (const a of fresh) {
      if (notified.has(a.id)) continue;
      notified.add(a.id);
      if ("Notification" in window && Notification.permission === "granted") {
        try { new Notification("Sigap 112", { body: a.text, tag: a.id, requireInteraction: true }); } catch (e) { /* not supported here */ }
      }
    }
    if (fresh.length && (isNew || Date.now() - lastRing >= REPEAT_MS)) ring();
  }

  function ring() {
    lastRing = Date.now();
    sound.dataset.played = String((parseInt(sound.dataset.played || "0", 10) || 0) + 1);
    try {
      sound.currentTime = 0;
      const p = sound.play();
      if (p && p.catch) p.then(() => setBlocked(false)).catch(() => setBlocked(true));
    } catch (e) { setBlocked(true); }
  }

  function setBlocked(b) {
    soundBlocked = b;
    const btn = $("alerts-enable");
    if (b) { btn.hidden = false; btn.textContent = t("alerts_blocked"); }
    else if ("Notification" in window && Notification.permission === "default") { btn.hidden = false; btn.textContent = t("alerts_enable"); }
    else { btn.textContent = t("alerts_on"); btn.className = "linkish"; }
  }

  async function ack(a) {
    acked.add(a.id);
    localStorage.setItem(ACK_KEY, JSON.stringify([...acked]));
    alerts();
    if (canNote && a.inc) await api("POST", "/api/v1/incidents/" + a.inc.id + "/notes", { text: t("alert_acked_note", a.text) });
  }

  $("alert-ack-all").addEventListener("click", async () => {
    const all = current.slice();
    for (const a of all) acked.add(a.id);
    localStorage.setItem(ACK_KEY, JSON.stringify([...acked]));
    alerts();
    for (const a of all) if (canNote && a.inc) await api("POST", "/api/v1/incidents/" + a.inc.id + "/notes", { text: t("alert_acked_note", a.text) });
  });

  $("alerts-enable").addEventListener("click", () => {
    if ("Notification" in window && Notification.permission === "default") Notification.requestPermission().then(() => setBlocked(soundBlocked));
    sound.muted = false;
    const p = sound.play();
    if (p && p.then) p.then(() => { if (!current.length) sound.pause(); setBlocked(false); }).catch(() => setBlocked(true));
  });

  // The SMS provider's health (reported by the server as ok / degraded).
  function degraded(x, key) {
    if (x === null || typeof x !== "object") return /sms|provider|twilio/i.test(key || "") && x === "degraded";
    if (/sms|provider|twilio/i.test(key || "") && (x.state === "degraded" || x.status === "degraded")) return true;
    return Object.entries(x).some(([k, v]) => degraded(v, k));
  }
  async function health() {
    const res = await api("GET", "/healthz?detail=1");
    const was = smsOutage;
    smsOutage = !!(res.ok && res.data && degraded(res.data, ""));
    if (was !== smsOutage) alerts();
  }

  // Supervisors: complaints close to or past the 14-day answer deadline
  // (received up to 60 days ago; older ones still open stay counted as overdue
  // on the Pengaduan page).
  async function complaints() {
    if (root.dataset.complaints !== "true") return;
    const ymd = (d) => d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    const to = new Date(now()), from = new Date(now() - 60 * 86400000);
    const res = await api("GET", "/api/v1/reports/complaints?from=" + ymd(from) + "&to=" + ymd(to));
    if (!res.ok || !res.data) return;
    const soon = res.data.due_soon || 0, overdue = res.data.overdue || 0;
    if (soon !== complaintsDue.soon || overdue !== complaintsDue.overdue) {
      Object.assign(complaintsDue, { soon, overdue, day: ymd(to) });
      alerts();
    }
  }

  $("filters").addEventListener("change", () => { page = 0; render(); });
  live((ch) => refresh(ch.incident_id), load, $("conn"));
  // Say loudly when the board is no longer live (server stopped, network down).
  new MutationObserver(() => { $("conn-lost").hidden = !$("conn").classList.contains("down"); }).observe($("conn"), { attributes: true });
  load();
  health();
  setInterval(tick, 1000);
  setInterval(() => { if (loaded) alerts(); }, 5000);
  setInterval(health, 30000);
  complaints();
  setInterval(complaints, 300000);
  setBlocked(false);
})();
