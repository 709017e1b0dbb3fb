// Intake screen: keyboard-first call logging. Every call is logged; an
// emergency becomes an incident and is dispatched at once.
"use strict";
(() => {
  const { t, el, api, debounce, showErrors } = Sigap;
  const $ = (id) => document.getElementById(id);
  const form = $("callform"), phone = $("phone"), desc = $("description"), category = $("category"),
    priority = $("priority"), kel = $("kelurahan"), address = $("address"), note = $("note"), map = $("citymap");
  let point = null, categoryTouched = false, priorityTouched = false, busy = false;

  const callType = () => form.querySelector('input[name="type"]:checked').value;

  function setType(value) {
    const r = form.querySelector('input[name="type"][value="' + value + '"]');
    if (!r) return;
    r.checked = true;
    const emergency = value === "emergency";
    $("emergency-fields").hidden = !emergency;
    $("note-field").hidden = emergency;
    $("send").textContent = emergency ? t("send") : t("log_call");
    (emergency ? desc : $("send")).focus();
  }

  // Alt+key picks the call type; Ctrl+Enter sends; Esc starts over.
  document.addEventListener("keydown", (e) => {
    if (e.altKey && !e.ctrlKey && e.key.length === 1) {
      const r = form.querySelector('input[name="type"][data-key="' + e.key.toUpperCase() + '"]');
      if (r) { e.preventDefault(); setType(r.value); }
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault(); submit();
    } else if (e.key === "Escape") {
      e.preventDefault(); reset();
    }
  });
  form.querySelectorAll('input[name="type"]').forEach((r) => r.addEventListener("change", () => setType(r.value)));
  form.addEventListener("submit", (e) => { e.preventDefault(); submit(); });
  $("newcall").addEventListener("click", reset);
  category.addEventListener("change", () => { categoryTouched = category.value !== ""; syncPriority(); preview(); });
  priority.addEventListener("change", () => { priorityTouched = priority.value !== ""; });

  function syncPriority() {
    if (priorityTouched) return;
    const opt = category.selectedOptions[0];
    priority.value = opt && opt.dataset.priority ? opt.dataset.priority : "";
  }

  // Caller history as soon as the number looks complete.
  const history = debounce(async () => {
    const digits = phone.value.replace(/\D/g, "");
    const box = $("history");
    if (digits.length < 8) { box.replaceChildren(); return; }
    const res = await api("GET", "/api/v1/callers/" + encodeURIComponent(phone.value.trim()));
    if (!res.ok) { box.replaceChildren(el("span", { class: "field-error", text: (res.data && res.data.error && res.data.error.message) || t("failed") })); return; }
    const calls = res.data.calls || [];
    if (!calls.length) { box.replaceChildren(el("span", { class: "muted", text: t("history_none") })); return; }
    const c = res.data.counts || {};
    const st = res.data.standing || {};
    const risky = (c.prank || 0) + (c.silent || 0) + (st.confirmed || 0);
    box.replaceChildren(
      st.watch ? el("div", { class: "tag-bad", text: t("watch_listed") }) : null,
      el("div", { class: risky ? "warn" : "", text: t("history_summary", calls.length, c.emergency || 0, c.prank || 0, c.silent || 0) }),
      el("div", { class: st.confirmed ? "warn" : "muted", text: t("history_standing", st.confirmed || 0, st.genuine || 0) }),
      el("ul", {}, calls.slice(0, 5).map((cl) => el("li", {}, Sigap.stamp(cl.at) + " · " + t("type_" + cl.type) +
        (cl.incident_code ? " · " + cl.incident_code + (cl.outcome ? " (" + t("outcome_" + cl.outcome) + ")" : "") : ""))))
    );
  }, 250);
  phone.addEventListener("input", history);

  // Map click → point; the server says which kelurahan and who would respond.
  map.addEventListener("click", (e) => {
    const pt = map.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
    const p = pt.matrixTransform(map.getScreenCTM().inverse());
    const d = map.dataset;
    const lat = parseFloat(d.maxlat) - p.y / parseFloat(d.k);
    const lon = parseFloat(d.minlon) + p.x / parseFloat(d.kx);
    setPoint(lat, lon, p.x, p.y);
    kel.value = "";
  });
  kel.addEventListener("change", () => {
    const o = kel.selectedOptions[0];
    if (!o || !o.dataset.lat) return;
    const lat = parseFloat(o.dataset.lat), lon = parseFloat(o.dataset.lon), d = map.dataset;
    setPoint(lat, lon, (lon - parseFloat(d.minlon)) * parseFloat(d.kx), (parseFloat(d.maxlat) - lat) * parseFloat(d.k));
  });

  function setPoint(lat, lon, x, y) {
    point = { lat: Math.round(lat * 1e6) / 1e6, lon: Math.round(lon * 1e6) / 1e6 };
    const pin = $("pin"); pin.setAttribute("cx", x); pin.setAttribute("cy", y);
    preview();
  }

  const cues = () => [...form.querySelectorAll('input[name="cue"]:checked')].map((c) => c.value);
  const credible = () => $("credible").checked;

  const preview = debounce(async () => {
    if (callType() !== "emergency") return;
    const res = await api("POST", "/api/v1/preview", { description: desc.value, category: categoryTouched ? category.value : "",
      location: point || undefined, caller_phone: phone.value.trim(), cues: cues(), credible: credible(), answers: SigapQuestions.answers() });
    if (!res.ok) return;
    showSuggestion(res.data.classification);
    showWhere(res.data);
    showHoax(res.data.hoax);
    showDuplicates(res.data.duplicates || []);
  }, 200);
  desc.addEventListener("input", preview);
  phone.addEventListener("change", preview);
  form.querySelectorAll('#cues input').forEach((c) => c.addEventListener("change", preview));

  // showHoax explains the hoax-risk score: every signal with its weight.
  function showHoax(h) {
    const box = $("hoax");
    if (!h) { box.replaceChildren(); return; }
    box.replaceChildren(el("div", { class: "hoax level-" + h.level, "data-level": h.level },
      el("strong", { text: t("hoax_score") + ": " + h.score + " · " + t("level_" + h.level) }),
      h.watch ? el("div", { class: "tag-bad", text: t("watch_listed") }) : null,
      el("ul", {}, (h.signals || []).map((s) => el("li", {}, (s.weight > 0 ? "+" : "") + s.weight + " " + (document.body.dataset.lang === "en" ? s.text_en : s.text))))));
  }

  // showDuplicates lists incidents this call may be about, each linkable in one click.
  function showDuplicates(list) {
    const box = $("duplicates");
    if (!list.length) { box.replaceChildren(); return; }
    box.replaceChildren(el("div", { class: "flash bad" }, el("strong", { text: t("duplicates_title") }),
      el("ul", {}, list.map((d) => el("li", { "data-dup": d.code },
        el("a", { href: "/incidents/" + d.incident_id, target: "_blank", text: d.code }), " " + (d.category_name || d.category) + " · " +
        t("dup_" + d.reason, d.distance_m, Math.round(d.age_minutes)) + " · " + t("callers_count", d.callers) + " ",
        el("button", { type: "button", class: "secondary", "data-link": d.incident_id, onclick: () => link(d), text: t("link") }))))));
  }

  async function link(d) {
    const res = await api("POST", "/api/v1/incidents/" + d.incident_id + "/callers", { caller_phone: phone.value.trim() || "withheld",
      description: desc.value, location: point || undefined, client_request_id: form.dataset.requestId });
    if (!res.ok) { $("flash").replaceChildren(el("div", { class: "flash bad", role: "alert", text: showErrors(form, res.data && res.data.error) })); return; }
    reset();
    $("flash").replaceChildren(el("div", { class: "flash ok", role: "status" }, t("linked", d.code) + " ", el("a", { href: "/incidents/" + d.incident_id, text: d.code })));
  }

  function showSuggestion(c) {
    const box = $("suggestion");
    SigapQuestions.show(desc.value.trim() ? c : null);
    // Not sure: the category is not pre-filled; the key questions come first.
    if (!categoryTouched && (!c || !c.category || c.needs_confirmation)) { category.value = ""; syncPriority(); }
    if (!c || !c.category) { box.replaceChildren(desc.value.trim() ? t("no_category") : ""); return; }
    if (!categoryTouched && !c.needs_confirmation) { category.value = c.category; syncPriority(); }
    box.replaceChildren(
      el("div", {}, t("suggested") + " ", el("strong", { text: category.selectedOptions[0] ? category.selectedOptions[0].textContent : c.category }),
        " · " + t("confidence") + " " + Math.round((c.confidence || 0) * 100) + "%"),
      el("div", { class: "chips" }, (c.agencies || []).map((a) => el("span", { class: "chip" + (a === c.lead ? " lead" : ""), text: a.toUpperCase() }))),
      el("div", { class: "chips" }, (c.reasons || []).map((r) => el("span", { class: "chip", title: r.means, text: "“" + r.word + "” → " + r.means })))
    );
  }

  function showWhere(p) {
    const where = $("where"), who = $("responders");
    map.querySelectorAll(".kel.selected").forEach((n) => n.classList.remove("selected"));
    if (!p.location) { where.replaceChildren(); who.replaceChildren(); return; }
    const loc = p.location;
    if (loc.kelurahan) {
      const path = map.querySelector('.kel[data-code="' + loc.kelurahan.code + '"]');
      if (path) path.classList.add("selected");
    }
    where.replaceChildren(loc.in_city
      ? el("div", {}, el("strong", { text: t("kelurahan") + " " + (loc.kelurahan ? loc.kelurahan.name : "?") }), " · " + t("kecamatan") + " " + (loc.kecamatan ? loc.kecamatan.name : "?"))
      : el("div", { class: "flash bad", text: t("outside_city", p.referral ? p.referral.name : "?") }));
    who.replaceChildren(el("ul", {}, (p.stations || []).map((s) => el("li", {},
      el("strong", { text: s.agency.toUpperCase() }), " → " + s.station_name + " (" + (s.distance_m / 1000).toFixed(1) + " km" +
      (s.by_geofence ? "" : ", " + t("nearest")) + ")"))));
  }

  async function submit() {
    if (busy) return;
    busy = true;
    const flash = $("flash");
    try {
      const type = callType();
      const res = type === "emergency"
        ? await api("POST", "/api/v1/incidents", {
            caller_phone: phone.value.trim() || "withheld", description: desc.value, address: address.value,
            location: point || undefined, category: categoryTouched ? category.value : undefined, cues: cues(), credible: credible(),
            priority: priority.value && priorityTouched ? parseInt(priority.value, 10) : undefined, answers: SigapQuestions.answers(),
            client_request_id: form.dataset.requestId })
        : await api("POST", "/api/v1/calls", { type, caller_phone: phone.value.trim() || "withheld", note: note.value, cues: cues() });
      if (!res.ok) {
        const msg = showErrors(form, res.data && res.data.error);
        flash.replaceChildren(el("div", { class: "flash bad", role: "alert", text: msg }));
        const first = form.querySelector(".field-error");
        if (first && first.previousElementSibling && first.previousElementSibling.focus) first.previousElementSibling.focus();
        return;
      }
      const done = type === "emergency"
        ? el("div", { class: "flash ok", role: "status" }, t("dispatched") + " ", el("a", { href: "/incidents/" + res.data.id, text: res.data.code }),
            " · " + (res.data.assignments || []).map((a) => a.agency.toUpperCase() + " → " + a.station_name).join(", ") +
            (res.data.referral ? " · " + t("outside_city", res.data.referral.name) : ""))
        : el("div", { class: "flash ok", role: "status", text: t("call_logged", t("type_" + type)) });
      reset();
      flash.replaceChildren(done);
    } finally {
      busy = false;
    }
  }

  function reset() {
    form.reset();
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    point = null; categoryTouched = false; priorityTouched = false; SigapQuestions.reset();
    $("pin").setAttribute("cx", -100); $("pin").setAttribute("cy", -100);
    ["history", "suggestion", "where", "responders", "flash", "hoax", "duplicates"].forEach((id) => $(id).replaceChildren());
    map.querySelectorAll(".kel.selected").forEach((n) => n.classList.remove("selected"));
    form.dataset.requestId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    setType("emergency");
    phone.focus();
  }

  form.dataset.requestId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
  if (phone.value) history();
})();
