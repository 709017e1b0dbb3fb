// Incident detail: summary, assignments, a timeline people can read (who
// was texted, which station to which, by whom), and what a dispatcher or a
// supervisor can do (note, status on a responder's behalf, reassign, close,
// explain a breach, clear or watch a caller). Feedback appears next to the
// form that was used; a closed incident's forms are disabled.
"use strict";
(() => {
  const { t, el, api, clock, stamp, showErrors, live } = Sigap;
  const root = document.getElementById("incident");
  const id = root.dataset.id;
  const stations = JSON.parse(document.getElementById("stations").textContent) || {};
  const $ = (x) => document.getElementById(x);
  const list = (x) => (Array.isArray(x) ? x : []);
  const sup = root.dataset.supervisor === "true", canAct = root.dataset.dispatch === "true";
  const WORKING = ["en_route", "on_scene"];
  const TERMINAL = ["resolved", "false_report", "cancelled"];
  let current = null;

  // time formats a timestamp, nothing for a missing or zero time.
  const valid = (iso) => Date.parse(iso) > 946684800000;
  const hhmm = (iso) => (valid(iso) ? clock(iso) : "—");
  const agencyName = (a) => String(a || "?").toUpperCase();

  async function load() {
    const [inc, evs] = await Promise.all([api("GET", "/api/v1/incidents/" + id), api("GET", "/api/v1/incidents/" + id + "/events")]);
    if (!inc.ok || !inc.data) { $("title").textContent = (inc.data && inc.data.error && inc.data.error.message) || t("failed"); return; }
    current = inc.data;
    for (const [name, fn] of [["summary", render], ["corroboration", corroboration], ["caller", callerAdmin], ["forms", forms]]) {
      try { fn(inc.data); } catch (e) { console.error(name, e); }
    }
    try { timeline(evs.ok && evs.data ? list(evs.data.events) : []); } catch (e) {
      console.error("timeline", e);
      $("timeline").replaceChildren(el("li", { class: "field-error", text: t("failed") }));
    }
  }

  function render(inc) {
    $("title").textContent = inc.code + " · " + (inc.category_name || inc.category || "") + " · P" + inc.priority + " · " + t("inc_" + inc.status);
    const loc = inc.location || {};
    const where = loc.kelurahan ? loc.kelurahan.name + (loc.kecamatan ? ", " + loc.kecamatan.name : "") : t("outside_city", inc.referral ? inc.referral.name : "?");
    const kids = [
      el("p", { class: "desc", text: inc.description || "" }),
      el("p", {}, el("strong", { text: t("where") + ": " }), where + (inc.address ? " · " + inc.address : "") +
        (typeof loc.lat === "number" ? " (" + loc.lat + ", " + loc.lon + ")" : "")),
      el("p", {}, el("strong", { text: t("caller") + ": " }), inc.caller_phone || "—", " · " + t("received") + " " + stamp(inc.received_at)),
      inc.disposition ? el("p", {}, el("strong", { text: t("disposition") + ": " }), t("disp_" + inc.disposition) + (inc.close_note ? " — " + inc.close_note : "")) : null,
    ];
    $("summary").replaceChildren(...kids.filter(Boolean));
    const as = list(inc.assignments);
    $("assignments").replaceChildren(as.length ? el("table", {}, el("tbody", {}, as.map(assignmentRow))) :
      el("p", { class: "muted", text: inc.referral ? t("outside_city", inc.referral.name) : t("no_assignment") }));
  }

  function assignmentRow(a) {
    const dl = a.deadlines || {};
    const bad = a.status === "unreachable" || a.status === "undeliverable";
    const phone = a.station_phone ? el("a", { href: "tel:" + a.station_phone, class: "station-phone", text: a.station_phone }) : null;
    return el("tr", { "data-agency": a.agency },
      el("td", {}, el("strong", { text: agencyName(a.agency) }), el("div", { class: "muted", text: a.station_name || t("unknown_agency") }), phone ? el("div", {}, phone) : null),
      el("td", {}, el("span", { class: "status", "data-status": a.status, text: Sigap.dict["st_" + a.status] ? t("st_" + a.status) : a.status }), a.ack_by_name ? " " + who(a.ack_by_name) : "",
        bad ? el("div", { class: "needs-human" }, el("span", { class: "tag-bad", text: t("needs_human") }), " ", a.station_phone ? [t("call_station", "").trim() + " ", phone.cloneNode(true)] : t("call_station_none")) : null,
        a.sms_failing ? el("div", { class: "needs-human sms-failing" }, t("sms_failing", "").trim() + " ", a.station_phone ? phone.cloneNode(true) : t("call_station_none")) : null,
        a.problem ? el("div", { class: "field-error", text: a.problem }) : null,
        a.message ? el("div", { class: "flash bad", text: "SMS: " + a.message }) : null),
      el("td", { class: "muted" }, t("deadline_ack") + " " + hhmm(dl.acknowledge), el("br"), t("deadline_arrive") + " " + hhmm(dl.arrive),
        list(a.breaches).map((b) => breach(a, b))));
  }

  // breach shows a missed deadline and, for a supervisor, a form for its reason.
  function breach(a, b) {
    const ms = t("milestone_" + b.milestone);
    const box = el("div", { class: "breach", "data-breach": a.agency + ":" + b.milestone },
      el("div", { class: "field-error", text: t("breach") + " " + ms + (b.reason ? " — " + b.reason : "") + (b.reason_by ? " (" + who(b.reason_by) + ")" : "") }));
    if (sup && !b.reason) {
      const input = el("input", { type: "text", "data-field": "reason", "aria-label": t("breach_reason_label", ms), placeholder: t("breach_reason_label", ms) });
      const form = el("form", { class: "breach-form", novalidate: true }, input,
        el("button", { type: "submit", class: "secondary", text: t("breach_reason_save") }), el("div", { class: "form-flash", "aria-live": "polite" }));
      form.addEventListener("submit", (e) => {
        e.preventDefault();
        act(form, "/api/v1/incidents/" + id + "/assignments/" + encodeURIComponent(a.agency) + "/breaches/" + encodeURIComponent(b.milestone) + "/reason", { reason: input.value });
      });
      box.append(form);
    }
    return box;
  }

  // corroboration shows the hoax-risk score with its reasons, the linked
  // callers, and what a dispatcher or supervisor can say about it.
  function corroboration(inc) {
    const h = inc.hoax || { score: 0, level: "normal", signals: [] };
    const en = document.body.dataset.lang === "en";
    const others = list(inc.callers).filter((c) => !c.unlinked && (c.phone !== inc.caller_phone || c.phone === "withheld")).length;
    const box = $("corroboration");
    const kids = [
      el("div", { class: "hoax level-" + h.level, "data-level": h.level },
        el("strong", { text: t("hoax_score") + ": " + h.score + " · " + t("level_" + h.level) }),
        inc.credible ? el("div", { text: t("credible") }) : null,
        inc.false_confirmed ? el("div", { class: "tag-bad", text: t("false_confirmed") }) : null,
        el("ul", {}, list(h.signals).map((s) => el("li", {}, (s.weight > 0 ? "+" : "") + s.weight + " " + (en ? s.text_en : s.text))))),
      el("ul", {}, list(inc.callers).map((c) => el("li", { class: c.unlinked ? "muted" : "" },
        stamp(c.at) + " · " + c.phone + (c.description ? " · " + c.description : "") + (c.distance_m ? " · " + c.distance_m + " m" : "") + (c.unlinked ? " (" + t("unlinked") + ")" : ""),
        c.split_to ? el("strong", { class: "tag-bad", text: " " + t("split_to", c.split_to) }) : null,
        canAct && !c.unlinked ? el("button", { type: "button", class: "secondary", onclick: () => act(box, "/api/v1/incidents/" + id + "/callers/unlink", { caller_phone: c.phone }), text: t("unlink") }) : null))),
      canAct && !inc.credible ? el("button", { type: "button", class: "secondary", id: "credible-btn", onclick: () => act(box, "/api/v1/incidents/" + id + "/credible", {}), text: t("mark_credible") }) : null,
      sup && !inc.false_confirmed ? el("button", { type: "button", class: "danger", id: "confirm-false", onclick: () => act(box, "/api/v1/incidents/" + id + "/confirm-false", { note: "", reviewed_linked_callers: others > 0 }), text: others > 0 ? t("false_reviewed", others) : t("confirm_false") }) : null,
      keptFlash(box),
    ];
    box.replaceChildren(...kids.filter(Boolean));
  }

  // callerAdmin: a supervisor clears a number (appeal granted) or puts it
  // on or off the watch list.
  async function callerAdmin(inc) {
    const box = $("caller-admin");
    if (!box || !inc.caller_phone || !/\d{6}/.test(inc.caller_phone)) return;
    const res = await api("GET", "/api/v1/callers/" + encodeURIComponent(inc.caller_phone));
    if (!res.ok || !res.data) return;
    const st = res.data.standing || {};
    const note = el("input", { type: "text", id: "caller-note", "data-field": "note", placeholder: t("caller_note_hint"), "aria-label": t("caller_note_hint") });
    const path = "/api/v1/callers/" + encodeURIComponent(inc.caller_phone);
    box.hidden = false;
    box.replaceChildren(
      el("h2", { class: "muted", text: t("caller_admin_title", inc.caller_phone) }),
      el("p", { id: "caller-standing" }, t("history_standing", st.confirmed || 0, st.genuine || 0),
        st.watch ? el("span", { class: "tag-bad", text: " " + t("watch_listed") }) : null,
        st.cleared_at ? el("span", { class: "muted", text: " · " + t("caller_cleared_at", stamp(st.cleared_at)) }) : null),
      note,
      el("div", { class: "actions" },
        el("button", { type: "button", class: "secondary", id: "caller-clear", onclick: () => act(box, path + "/clear", { note: note.value }), text: t("caller_clear") }),
        el("button", { type: "button", class: "secondary", id: "caller-watch", onclick: () => act(box, path + "/watch", { on: !st.watch, note: note.value }), text: t(st.watch ? "caller_unwatch" : "caller_watch") })),
      keptFlash(box));
  }

  // keptFlash is box's confirmation or error line, kept when the box is
  // drawn again: an action reloads the incident, and a new empty line
  // would wipe the "saved" the supervisor has not read yet.
  function keptFlash(box) {
    return box.querySelector(".form-flash") || el("div", { class: "form-flash", "aria-live": "polite" });
  }

  function forms(inc) {
    if (!canAct) return;
    const closed = inc.status === "closed";
    const working = list(inc.assignments).filter((a) => !TERMINAL.includes(a.status));
    $("closed-banner").hidden = !closed;
    for (const f of ["noteform", "reassignform", "closeform"]) $(f).querySelector("fieldset").disabled = closed;
    // After closing, a crew left to finish can still be updated on its behalf.
    $("statusform").querySelector("fieldset").disabled = closed && !working.length;
    const stillWorking = list(inc.assignments).filter((a) => WORKING.includes(a.status));
    $("cl-working").hidden = closed || !stillWorking.length;
    $("cl-working-list").textContent = stillWorking.map((a) => agencyName(a.agency) + " (" + t("st_" + a.status) + ")").join(", ");
    const opts = (as) => as.map((a) => el("option", { value: a.agency, text: agencyName(a.agency) }));
    for (const [sel, as] of [[$("st-agency"), closed ? working : list(inc.assignments)], [$("ra-agency"), list(inc.assignments)]]) {
      const keep = sel.value;
      sel.replaceChildren(...opts(as));
      if (keep && as.some((a) => a.agency === keep)) sel.value = keep;
    }
    fillStations();
  }

  function fillStations() {
    const ag = $("ra-agency").value, cur = current && list(current.assignments).find((a) => a.agency === ag);
    $("ra-station").replaceChildren(...list(stations[ag]).filter((s) => !cur || s.id !== cur.station)
      .map((s) => el("option", { value: s.id, text: s.name })));
  }

  // ---- the timeline, in words ----
  function who(actor) {
    const a = String(actor || "");
    if (a.startsWith("user:")) return a.slice(5);
    if (a.startsWith("responder:")) return names.get(a.slice(10)) || a.slice(10);
    return Sigap.dict["actor_" + a] ? t("actor_" + a) : a;
  }
  const names = new Map(); // responder id → name, learnt from the log
  const people = (ns) => list(ns).map((n) => (n.name || n.responder || "?") + (n.phone ? " (" + n.phone + ")" : "")).join(", ") || "—";

  function sentence(ev, stationOf) {
    const ag = agencyName(ev.agency);
    const ms = ev.milestone ? t("milestone_" + ev.milestone) : "";
    switch (ev.type) {
      case "incident.received": return t("tl_received", ev.incident && ev.incident.caller_phone ? ev.incident.caller_phone : "—");
      case "incident.referred": return t("tl_referred", ev.referral ? ev.referral.name : "?");
      case "incident.closed": return t("tl_closed", t("disp_" + ev.disposition)) + (ev.keep_working ? " " + t("tl_closed_keep") : "");
      case "incident.assessed": return t("tl_assessed", ev.assessment ? ev.assessment.score : "?", ev.assessment ? t("level_" + ev.assessment.level) : "?");
      case "incident.caller_linked": return t("tl_caller_linked", ev.caller ? ev.caller.phone : "?");
      case "incident.caller_unlinked": return t("tl_caller_unlinked", ev.caller ? ev.caller.phone : "?");
      case "incident.priority_changed": return t("tl_priority", ev.priority);
      case "incident.rated": return t("tl_rated", ev.rating);
      case "assignment.queued": return t("tl_queued", ag, ev.assignment ? ev.assignment.station_name || ev.assignment.station : "?");
      case "assignment.notified": return t("tl_notified", ag, stationOf(ev.agency), people(ev.notified));
      case "assignment.escalated": {
        const key = "tl_escalated_" + ev.step;
        return Sigap.dict[key] ? t(key, ag, people(ev.notified)) : t("tl_escalated", ag, people(ev.notified), ev.step || "");
      }
      case "assignment.reassigned": return t("tl_reassigned", ag, stationOf(ev.agency), ev.assignment ? ev.assignment.station_name || ev.assignment.station : "?");
      case "assignment.delivered": case "assignment.delivery_failed": case "assignment.undeliverable": case "assignment.unreachable":
      case "assignment.acknowledged": case "assignment.en_route": case "assignment.on_scene": case "assignment.resolved":
      case "assignment.false_report": case "assignment.declined": case "assignment.message":
        return t("tl_" + ev.type.slice(11), ag, ev.responder ? names.get(ev.responder) || ev.responder : "");
      case "assignment.warning": case "assignment.breached": case "assignment.breach_explained":
        return t("tl_" + ev.type.slice(11), ag, ms);
    }
    return Sigap.dict["ev_" + ev.type] ? t("ev_" + ev.type) : t("tl_other");
  }

  function timeline(events) {
    const station = new Map(); // agency → current station name, as the log replays
    const stationOf = (ag) => station.get(ag) || "?";
    const items = [];
    for (const ev of events) {
      for (const n of list(ev.notified)) if (n.responder && n.name) names.set(n.responder, n.name);
      if (ev.incident) for (const a of list(ev.incident.assignments)) { station.set(a.agency, a.station_name || a.station); for (const n of list(a.notified)) if (n.responder && n.name) names.set(n.responder, n.name); }
      let text;
      try { text = sentence(ev, stationOf); } catch (e) { text = t("tl_other"); }
      if (ev.assignment && (ev.type === "assignment.queued" || ev.type === "assignment.reassigned")) station.set(ev.agency, ev.assignment.station_name || ev.assignment.station);
      const via = Sigap.dict["via_" + ev.channel] ? t("via_" + ev.channel) : "";
      items.push(el("li", { "data-type": ev.type },
        el("time", { text: stamp(ev.at) }), el("strong", { text: text }),
        el("span", { class: "muted", text: " · " + t("tl_by", who(ev.actor)) + (via ? " " + via : "") }),
        ev.note || ev.reason ? el("div", { class: "desc", text: ev.note || ev.reason }) : null));
    }
    $("timeline").replaceChildren(...items.reverse());
  }

  // act posts a change and shows the outcome right next to the form used.
  async function act(form, path, body) {
    const spot = form.querySelector(".form-flash") || $("flash");
    const res = await api("POST", path, body);
    if (!res.ok) {
      spot.replaceChildren(el("div", { class: "flash bad", role: "alert", text: showErrors(form, res.data && res.data.error) }));
      spot.scrollIntoView({ block: "nearest" });
      return false;
    }
    showErrors(form, null);
    spot.replaceChildren(el("div", { class: "flash ok", role: "status", text: t("saved") }));
    spot.scrollIntoView({ block: "nearest" });
    await load();
    return true;
  }

  if (canAct) {
    $("ra-agency").addEventListener("change", fillStations);
    $("noteform").addEventListener("submit", async (e) => { e.preventDefault(); if (await act(e.target, "/api/v1/incidents/" + id + "/notes", { text: $("notetext").value })) $("notetext").value = ""; });
    $("statusform").addEventListener("submit", (e) => { e.preventDefault(); act(e.target, "/api/v1/incidents/" + id + "/assignments/" + $("st-agency").value + "/status", { status: $("st-status").value, reason: $("st-reason").value }); });
    $("reassignform").addEventListener("submit", (e) => { e.preventDefault(); act(e.target, "/api/v1/incidents/" + id + "/assignments/" + $("ra-agency").value + "/reassign", { station: $("ra-station").value, reason: $("ra-reason").value }); });
    $("closeform").addEventListener("submit", (e) => {
      e.preventDefault();
      act(e.target, "/api/v1/incidents/" + id + "/close", { disposition: $("cl-disp").value, note: $("cl-note").value, cancel_unfinished: $("cl-cancel").checked });
    });
  }
  live((ch) => { if (ch.incident_id === id) load(); }, load, $("conn"));
  load();
})();
