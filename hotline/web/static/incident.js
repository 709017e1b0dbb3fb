// Incident detail: summary, assignments, timeline from the event log, and
// what a dispatcher can do (note, status on a responder's behalf, reassign, close).
"use strict";
(() => {
  const { t, el, api, clock, stamp, showErrors, live } = Sigap;
  const root = document.getElementById("incident");
  const id = root.dataset.id;
  const stations = JSON.parse(document.getElementById("stations").textContent);
  const $ = (x) => document.getElementById(x);
  let current = null;

  async function load() {
    const [inc, evs] = await Promise.all([api("GET", "/api/v1/incidents/" + id), api("GET", "/api/v1/incidents/" + id + "/events")]);
    if (!inc.ok) { $("title").textContent = (inc.data && inc.data.error && inc.data.error.message) || t("failed"); return; }
    current = inc.data;
    render(inc.data);
    if (evs.ok) timeline(evs.data.events);
  }

  function render(inc) {
    $("title").textContent = inc.code + " · " + (inc.category_name || inc.category) + " · P" + inc.priority + " · " + t("inc_" + inc.status);
    const loc = inc.location;
    $("summary").replaceChildren(
      el("p", { class: "desc", text: inc.description }),
      el("p", {}, el("strong", { text: t("where") + ": " }), (loc.kelurahan ? loc.kelurahan.name + ", " + loc.kecamatan.name : t("outside_city", inc.referral ? inc.referral.name : "?")) +
        (inc.address ? " · " + inc.address : "") + " (" + loc.lat + ", " + loc.lon + ")"),
      el("p", {}, el("strong", { text: t("caller") + ": " }), inc.caller_phone, " · " + t("received") + " " + stamp(inc.received_at)),
      inc.disposition ? el("p", {}, el("strong", { text: t("disposition") + ": " }), t("disp_" + inc.disposition) + (inc.close_note ? " — " + inc.close_note : "")) : null);
    $("assignments").replaceChildren(el("table", {}, el("tbody", {}, inc.assignments.map((a) => el("tr", { "data-agency": a.agency },
      el("td", {}, el("strong", { text: a.agency.toUpperCase() }), el("div", { class: "muted", text: a.station_name })),
      el("td", {}, el("span", { class: "status", "data-status": a.status, text: t("st_" + a.status) }), a.ack_by_name ? " " + a.ack_by_name : "",
        a.problem ? el("div", { class: "field-error", text: a.problem }) : null,
        a.message ? el("div", { class: "flash bad", text: "SMS: " + a.message }) : null),
      el("td", { class: "muted" }, t("deadline_ack") + " " + clock(a.deadlines.acknowledge), el("br"), t("deadline_arrive") + " " + clock(a.deadlines.arrive),
        (a.breaches || []).map((b) => el("div", { class: "field-error", text: t("breach") + " " + t("clock_" + (b.milestone === "acknowledge" ? "ack" : b.milestone)) + (b.reason ? " — " + b.reason : "") }))))))));
    corroboration(inc);
    fillSelects(inc);
  }

  // corroboration shows the hoax-risk score with its reasons, the linked
  // callers, and what a dispatcher or supervisor can say about it.
  function corroboration(inc) {
    const h = inc.hoax || { score: 0, level: "normal", signals: [] };
    const canAct = root.dataset.dispatch === "true", sup = root.dataset.supervisor === "true";
    const en = document.body.dataset.lang === "en";
    const others = (inc.callers || []).filter((c) => !c.unlinked && (c.phone !== inc.caller_phone || c.phone === "withheld")).length;
    $("corroboration").replaceChildren(
      el("div", { class: "hoax level-" + h.level, "data-level": h.level },
        el("strong", { text: t("hoax_score") + ": " + h.score + " · " + t("level_" + h.level) }),
        inc.credible ? el("div", { text: t("credible") }) : null,
        inc.false_confirmed ? el("div", { class: "tag-bad", text: t("false_confirmed") }) : null,
        el("ul", {}, (h.signals || []).map((s) => el("li", {}, (s.weight > 0 ? "+" : "") + s.weight + " " + (en ? s.text_en : s.text))))),
      el("ul", {}, (inc.callers || []).map((c) => el("li", { class: c.unlinked ? "muted" : "" },
        stamp(c.at) + " · " + c.phone + (c.description ? " · " + c.description : "") + (c.distance_m ? " · " + c.distance_m + " m" : "") + (c.unlinked ? " (" + t("unlinked") + ")" : ""),
        c.split_to ? el("strong", { class: "tag-bad", text: " " + t("split_to", c.split_to) }) : null,
        canAct && !c.unlinked ? el("button", { type: "button", class: "secondary", onclick: () => act($("corroboration"), "/api/v1/incidents/" + id + "/callers/unlink", { caller_phone: c.phone }), text: t("unlink") }) : null))),
      canAct && !inc.credible ? el("button", { type: "button", class: "secondary", id: "credible-btn", onclick: () => act($("corroboration"), "/api/v1/incidents/" + id + "/credible", {}), text: t("mark_credible") }) : null,
      sup && !inc.false_confirmed ? el("button", { type: "button", class: "danger", id: "confirm-false", onclick: () => act($("corroboration"), "/api/v1/incidents/" + id + "/confirm-false", { note: "", reviewed_linked_callers: others > 0 }), text: others > 0 ? t("false_reviewed", others) : t("confirm_false") }) : null);
  }

  function timeline(events) {
    $("timeline").replaceChildren(...events.slice().reverse().map((ev) => el("li", {},
      el("time", { text: stamp(ev.at) }), el("strong", { text: t("ev_" + ev.type) }),
      ev.agency ? " · " + ev.agency.toUpperCase() : "", ev.step ? " · " + ev.step : "",
      " · " + ev.actor + " (" + ev.channel + ")",
      ev.note || ev.reason ? el("div", { class: "desc", text: ev.note || ev.reason }) : null)));
  }

  function fillSelects(inc) {
    if (root.dataset.dispatch !== "true") return;
    for (const sel of [$("st-agency"), $("ra-agency")]) {
      const keep = sel.value;
      sel.replaceChildren(...inc.assignments.map((a) => el("option", { value: a.agency, text: a.agency.toUpperCase() })));
      if (keep) sel.value = keep;
    }
    fillStations();
  }

  function fillStations() {
    const ag = $("ra-agency").value, cur = current && current.assignments.find((a) => a.agency === ag);
    $("ra-station").replaceChildren(...(stations[ag] || []).filter((s) => !cur || s.id !== cur.station)
      .map((s) => el("option", { value: s.id, text: s.name })));
  }

  async function act(form, path, body) {
    const res = await api("POST", path, body);
    if (!res.ok) {
      $("flash").replaceChildren(el("div", { class: "flash bad", role: "alert", text: showErrors(form, res.data && res.data.error) }));
      return false;
    }
    showErrors(form, null);
    $("flash").replaceChildren(el("div", { class: "flash ok", role: "status", text: t("saved") }));
    await load();
    return true;
  }

  if (root.dataset.dispatch === "true") {
    $("ra-agency").addEventListener("change", fillStations);
    $("noteform").addEventListener("submit", async (e) => { e.preventDefault(); if (await act(e.target, "/api/v1/incidents/" + id + "/notes", { text: $("notetext").value })) $("notetext").value = ""; });
    $("statusform").addEventListener("submit", (e) => { e.preventDefault(); act(e.target, "/api/v1/incidents/" + id + "/assignments/" + $("st-agency").value + "/status", { status: $("st-status").value, reason: $("st-reason").value }); });
    $("reassignform").addEventListener("submit", (e) => { e.preventDefault(); act(e.target, "/api/v1/incidents/" + id + "/assignments/" + $("ra-agency").value + "/reassign", { station: $("ra-station").value, reason: $("ra-reason").value }); });
    $("closeform").addEventListener("submit", (e) => { e.preventDefault(); act(e.target, "/api/v1/incidents/" + id + "/close", { disposition: $("cl-disp").value, note: $("cl-note").value }); });
  }
  live((ch) => { if (ch.incident_id === id) load(); }, load, $("conn"));
  load();
})();
