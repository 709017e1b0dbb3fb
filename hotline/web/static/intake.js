// Intake screen: keyboard-first call logging. Every call is logged; an
// emergency becomes an incident and is dispatched at once.
//
// Every field is reachable with Tab in the order a call goes: number,
// description, location, kelurahan, address, category, priority, cues.
// Blocks added later (key questions, …) register in Sigap.intakeBlocks with
// { collect(body), snapshot(), restore(state), reset() } and take part in
// sending, clearing and undo.
"use strict";
(() => {
  const { t, el, api, debounce, showErrors } = Sigap;
  const $ = (id) => document.getElementById(id);
  const form = $("callform"), phone = $("phone"), desc = $("description"), category = $("category"),
    priority = $("priority"), kel = $("kelurahan"), address = $("address"), note = $("note"), map = $("citymap"),
    loctext = $("loctext"), places = $("places"), root = $("intake");
  const blocks = (Sigap.intakeBlocks = Sigap.intakeBlocks || []);

  // loc is where the incident is: { lat, lon, precision, place_name, label }.
  let loc = null, categoryTouched = false, priorityTouched = false, busy = false;
  // answeredAt is when the call-taker started this call (server clock).
  const clockOffset = (parseInt(root.dataset.serverNow, 10) || Date.now()) - Date.now();
  const serverNow = () => new Date(Date.now() + clockOffset);
  let answeredAt = root.dataset.screenPop ? serverNow() : null;
  const callStarted = () => { if (!answeredAt) answeredAt = serverNow(); };

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

  // ---- Keyboard: Alt+key picks the call type or jumps to a field; Ctrl+Enter
  // sends; Esc closes the place list, else clears with a 10 s undo.
  const jumps = { L: () => loctext, K: () => kel };
  document.addEventListener("keydown", (e) => {
    if (e.altKey && !e.ctrlKey && e.key.length === 1) {
      const k = e.key.toUpperCase();
      const r = form.querySelector('input[name="type"][data-key="' + k + '"]');
      if (r) { e.preventDefault(); setType(r.value); return; }
      if (jumps[k] && callType() === "emergency") { e.preventDefault(); jumps[k]().focus(); }
    } else if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault(); submit();
    } else if (e.key === "Escape") {
      e.preventDefault();
      if (!places.hidden) { closePlaces(); return; }
      clearWithUndo();
    } else if ((e.key === "z" || e.key === "Z") && (e.ctrlKey || e.metaKey) && undoState && !isTextEdit(e.target)) {
      e.preventDefault(); undo();
    }
  });
  // Ctrl+Z in an empty field (the form was just cleared) still means undo.
  const isTextEdit = (n) => (n.tagName === "INPUT" || n.tagName === "TEXTAREA") && n.value !== "";
  form.querySelectorAll('input[name="type"]').forEach((r) => r.addEventListener("change", () => setType(r.value)));
  // Enter that picked a place must not also send the form (implicit submission).
  let pickedAt = 0;
  form.addEventListener("submit", (e) => { e.preventDefault(); if (Date.now() - pickedAt > 400) submit(); });
  form.addEventListener("input", callStarted);
  $("newcall").addEventListener("click", clearWithUndo);
  category.addEventListener("change", () => { categoryTouched = category.value !== ""; syncPriority(); preview(); });
  priority.addEventListener("change", () => { priorityTouched = priority.value !== ""; });

  // Focus never lost: a click on the map (or anything not focusable) puts
  // the caret back where the call-taker was typing.
  let lastField = null;
  form.addEventListener("focusin", (e) => { if (e.target.matches("input, textarea, select, button")) lastField = e.target; });
  map.addEventListener("mousedown", (e) => e.preventDefault()); // keep focus in the form
  const refocus = () => { const f = lastField && document.contains(lastField) && !lastField.closest("[hidden]") ? lastField : desc; f.focus(); };

  function syncPriority() {
    if (priorityTouched) return;
    const opt = category.selectedOptions[0];
    priority.value = opt && opt.dataset.priority ? opt.dataset.priority : "";
  }

  // ---- Caller history as soon as the number looks complete.
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
    box.replaceChildren(...[
      st.watch ? el("div", { class: "tag-bad", text: t("watch_listed") }) : null,
      el("div", { class: risky ? "warn" : "", text: t("history_summary", calls.length, c.emergency || 0, c.prank || 0, c.silent || 0) }),
      el("div", { class: st.confirmed ? "warn" : "muted", text: t("history_standing", st.confirmed || 0, st.genuine || 0) }),
      el("ul", {}, calls.slice(0, 5).map((cl) => el("li", {}, Sigap.stamp(cl.at) + " · " + t("type_" + cl.type) +
        (cl.incident_code ? " · " + cl.incident_code + (cl.outcome ? " (" + t("outcome_" + cl.outcome) + ")" : "") : ""))))
    ].filter(Boolean)); // replaceChildren would print a null as the text "null"
  }, 250);
  phone.addEventListener("input", history);

  // ---- Location: a map click, a kelurahan, a pasted link/coordinates, or a
  // street/landmark found by name. Each says how exact it is.
  const d = map.dataset;
  const toXY = (lat, lon) => [(lon - parseFloat(d.minlon)) * parseFloat(d.kx), (parseFloat(d.maxlat) - lat) * parseFloat(d.k)];

  map.addEventListener("click", (e) => {
    const pt = map.createSVGPoint(); pt.x = e.clientX; pt.y = e.clientY;
    const p = pt.matrixTransform(map.getScreenCTM().inverse());
    setLoc({ lat: parseFloat(d.maxlat) - p.y / parseFloat(d.k), lon: parseFloat(d.minlon) + p.x / parseFloat(d.kx),
      precision: "point", label: t("fmt_map") });
    kel.value = "";
    callStarted();
    refocus();
  });

  const kelOption = (name) => [...$("kel-list").options].find((o) => o.value.toLowerCase() === name.trim().toLowerCase());
  kel.addEventListener("input", () => {
    const o = kelOption(kel.value);
    if (!o) return;
    kel.value = o.value;
    // A kelurahan alone is only its centre: kept unless a better point is set.
    if (!loc || loc.precision === "kelurahan_centre") {
      setLoc({ lat: parseFloat(o.dataset.lat), lon: parseFloat(o.dataset.lon), precision: "kelurahan_centre", place_name: "", kelName: o.value });
    }
  });

  function setLoc(l) {
    l.lat = Math.round(l.lat * 1e6) / 1e6; l.lon = Math.round(l.lon * 1e6) / 1e6;
    loc = l;
    const [x, y] = toXY(l.lat, l.lon);
    const pin = $("pin"); pin.setAttribute("cx", x); pin.setAttribute("cy", y);
    pin.classList.toggle("approx", l.precision !== "point");
    showLocStatus();
    preview();
  }

  function showLocStatus(kelName) {
    const box = $("locstatus");
    if (!loc) { box.replaceChildren(); return; }
    const exact = loc.precision === "point";
    const name = loc.kelName || kelName || "";
    const what = exact ? t("prec_point")
      : loc.precision === "kelurahan_centre" ? t("prec_kelurahan", name)
      : t(loc.precision === "street" ? "prec_street" : "prec_landmark", loc.place_name);
    box.replaceChildren(el("span", { class: "precision " + (exact ? "exact" : "approx"), "data-precision": loc.precision, text: what }),
      " " + loc.lat.toFixed(5) + ", " + loc.lon.toFixed(5) + (loc.label ? " · " + loc.label : ""));
  }

  // Coordinates, links, geo: URIs and Plus Codes go to /locate; words to /places.
  const looksLikeLocation = (s) => /^\s*[-+(]?\d/.test(s) && /\d[\s,;°'"]+\S*\d/.test(s) || /https?:|www\.|maps\.|goo\.gl|geo:/i.test(s) ||
    /\b[23456789CFGHJMPQRVWX]{4,8}\+[23456789CFGHJMPQRVWX]{0,3}/i.test(s) || /^\s*(N|S|LU|LS)\s*\d+\s*[°º]/i.test(s);
  let placeResults = [], active = -1, locSeq = 0;

  const onLocText = debounce(async () => {
    const text = loctext.value.trim(), seq = ++locSeq;
    form.querySelectorAll('[data-error-for="location_text"]').forEach((n) => n.remove());
    if (text.length < 2) { closePlaces(); return; }
    if (looksLikeLocation(text)) {
      closePlaces();
      const res = await api("POST", "/api/v1/locate", { text });
      if (seq !== locSeq) return;
      if (!res.ok) { showErrors(form, res.data && res.data.error); return; }
      const r = res.data;
      setLoc({ lat: r.lat, lon: r.lon, precision: "point", label: t("fmt_" + r.format) + (r.swapped ? " " + t("fmt_swapped") : "") });
      kel.value = r.location && r.location.kelurahan ? r.location.kelurahan.name : "";
      return;
    }
    const code = (kelOption(kel.value) || { dataset: {} }).dataset.code || "";
    const res = await api("GET", "/api/v1/places?q=" + encodeURIComponent(text) + (code ? "&kelurahan=" + code : ""));
    if (seq !== locSeq || !res.ok) return;
    showPlaces(res.data.places || []);
  }, 150);
  loctext.addEventListener("input", onLocText);
  loctext.addEventListener("paste", () => setTimeout(onLocText, 0));

  function showPlaces(list) {
    placeResults = list; active = list.length ? 0 : -1;
    places.replaceChildren(...(list.length ? list.map((p, i) => el("li", { role: "option", id: "place-" + i, "data-place": p.name,
      "aria-selected": i === active ? "true" : "false", onmousedown: (e) => { e.preventDefault(); pickPlace(i); } },
      el("span", { text: p.name + (p.near_street ? " · " + t("place_near", p.near_street) : "") }),
      el("span", { class: "kind", text: (p.kelurahan ? p.kelurahan.name + " · " : "") + t("place_" + (p.kind === "history" ? "history" : p.kind)) })))
      : [el("li", { class: "muted", text: t("places_none") })]));
    places.hidden = false;
    loctext.setAttribute("aria-expanded", "true");
    loctext.setAttribute("aria-activedescendant", active >= 0 ? "place-" + active : "");
  }

  function closePlaces() {
    places.hidden = true; placeResults = []; active = -1;
    loctext.setAttribute("aria-expanded", "false");
    loctext.removeAttribute("aria-activedescendant");
  }

  loctext.addEventListener("keydown", (e) => {
    if (places.hidden || !placeResults.length) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      active = (active + (e.key === "ArrowDown" ? 1 : placeResults.length - 1)) % placeResults.length;
      places.querySelectorAll("li").forEach((li, i) => li.setAttribute("aria-selected", i === active ? "true" : "false"));
      loctext.setAttribute("aria-activedescendant", "place-" + active);
    } else if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && active >= 0) {
      e.preventDefault(); pickPlace(active);
    }
  });
  loctext.addEventListener("blur", () => setTimeout(closePlaces, 150));

  function pickPlace(i) {
    const p = placeResults[i];
    if (!p) return;
    pickedAt = Date.now();
    closePlaces();
    loctext.value = p.name;
    if (p.kelurahan) kel.value = p.kelurahan.name;
    if (p.kind === "history" && !address.value) address.value = p.name; // a learned address is the address
    setLoc({ lat: p.lat, lon: p.lon, precision: p.precision, place_name: p.kind === "kelurahan" ? "" : p.name,
      kelName: p.kelurahan ? p.kelurahan.name : "", label: t("place_" + (p.kind === "history" ? "history" : p.kind)) });
    loctext.focus();
  }

  const cues = () => [...form.querySelectorAll('input[name="cue"]:checked')].map((c) => c.value);
  const credible = () => $("credible").checked;
  const point = () => (loc ? { lat: loc.lat, lon: loc.lon } : undefined);

  const preview = debounce(async () => {
    if (callType() !== "emergency") return;
    const res = await api("POST", "/api/v1/preview", { description: desc.value, category: categoryTouched ? category.value : "",
      location: point(), caller_phone: phone.value.trim(), cues: cues(), credible: credible(), address: address.value,
      answers: window.SigapQuestions ? SigapQuestions.answers() : undefined });
    if (!res.ok) return;
    showSuggestion(res.data.classification);
    showWhere(res.data);
    showHoax(res.data.hoax);
    showDuplicates(res.data.duplicates || []);
  }, 200);
  desc.addEventListener("input", preview);
  phone.addEventListener("change", preview);
  form.querySelectorAll('#cues input').forEach((c) => c.addEventListener("change", preview));
  address.addEventListener("change", preview); // the street named is compared with the suggestions'

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
        d.needs_confirmation ? el("strong", { class: "dup-far", style: "font-size:1.4em", text: t(d.far ? "dup_far" : d.different_kind ? "dup_kind" : d.different_place ? "dup_place" : "dup_place_unverified", d.distance_m) + " " }) : null,
        el("div", { class: "muted", text: "“" + (d.description || "") + "” " + (d.address || d.kelurahan || "") }),
        el("button", { type: "button", class: "secondary", "data-link": d.incident_id, onclick: () => link(d), text: t(d.needs_confirmation ? "link_confirm" : "link") }))))));
  }

  async function link(d) {
    // A far or other-kind suggestion is linked only through its own labelled button: that click is the confirmation.
    const res = await api("POST", "/api/v1/incidents/" + d.incident_id + "/callers", { caller_phone: phone.value.trim() || "withheld",
      description: desc.value, address: address.value, location: point(), client_request_id: form.dataset.requestId,
      confirm_far: !!d.far, confirm_different_kind: !!d.different_kind, confirm_different_place: !!(d.different_place || d.place_unverified) });
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

  const referralText = (r) => t("referred_to", r.name) + (r.phone ? " · " + t("referred_phone", r.phone) : "");

  function showWhere(p) {
    const where = $("where"), who = $("responders");
    map.querySelectorAll(".kel.selected").forEach((n) => n.classList.remove("selected"));
    if (!p.location) { where.replaceChildren(); who.replaceChildren(); return; }
    const l = p.location;
    if (l.kelurahan) {
      const path = map.querySelector('.kel[data-code="' + l.kelurahan.code + '"]');
      if (path) path.classList.add("selected");
      if (loc && !loc.kelName) { loc.kelName = l.kelurahan.name; showLocStatus(); }
      if (document.activeElement !== kel) kel.value = l.kelurahan.name;
    }
    where.replaceChildren(l.in_city
      ? el("div", {}, el("strong", { text: t("kelurahan") + " " + (l.kelurahan ? l.kelurahan.name : "?") }), " · " + t("kecamatan") + " " + (l.kecamatan ? l.kecamatan.name : "?"))
      : el("div", { class: "flash bad", "data-referral": "1", text: referralText(p.referral || { name: "?" }) }));
    who.replaceChildren(el("ul", {}, (p.stations || []).map((s) => el("li", {},
      el("strong", { text: s.agency.toUpperCase() }), " → " + s.station_name + " (" + (s.distance_m / 1000).toFixed(1) + " km" +
      (s.by_geofence ? "" : ", " + t("nearest")) + ")"))));
  }

  // body collects the emergency report, with every registered block's fields.
  function body() {
    const b = { caller_phone: phone.value.trim() || "withheld", description: desc.value, address: address.value,
      location: point(), category: categoryTouched ? category.value : undefined, cues: cues(), credible: credible(),
      priority: priority.value && priorityTouched ? parseInt(priority.value, 10) : undefined,
      client_request_id: form.dataset.requestId };
    if (loc) { b.location_precision = loc.precision; b.place_name = loc.place_name || undefined; }
    else if (loctext.value.trim()) b.location_text = loctext.value.trim();
    if (answeredAt) b.answered_at = answeredAt.toISOString();
    if (window.SigapQuestions) b.answers = SigapQuestions.answers();
    blocks.forEach((bl) => bl.collect && bl.collect(b));
    return b;
  }

  async function submit() {
    if (busy) return;
    busy = true;
    const flash = $("flash");
    try {
      const type = callType();
      const res = type === "emergency"
        ? await api("POST", "/api/v1/incidents", body())
        : await api("POST", "/api/v1/calls", { type, caller_phone: phone.value.trim() || "withheld", note: note.value, cues: cues() });
      if (!res.ok) {
        const msg = showErrors(form, res.data && res.data.error);
        flash.replaceChildren(el("div", { class: "flash bad", role: "alert", text: msg }));
        const first = form.querySelector(".field-error");
        if (first && first.previousElementSibling && first.previousElementSibling.focus) first.previousElementSibling.focus();
        return;
      }
      reset();
      flash.replaceChildren(type === "emergency" ? doneMessage(res.data)
        : el("div", { class: "flash ok", role: "status", text: t("call_logged", t("type_" + type)) }));
    } finally {
      busy = false;
    }
  }

  // doneMessage: "Terkirim: TT-0427 · DAMKAR → Pos …", or for a call outside
  // the city "Dicatat dan dirujuk: TT-0428 · Dirujuk ke …" (nothing was sent).
  function doneMessage(inc) {
    const link = el("a", { href: "/incidents/" + inc.id, text: inc.code });
    if (inc.referral) {
      return el("div", { class: "flash ok", role: "status", "data-referral": "1" }, t("referred_done") + " ", link, " · " + referralText(inc.referral));
    }
    const sent = (inc.assignments || []).map((a) => a.agency.toUpperCase() + " → " + a.station_name).join(", ");
    return el("div", { class: "flash ok", role: "status" }, t("dispatched") + " ", link, sent ? " · " + sent : "");
  }

  // ---- Clearing: Esc clears at once (a call-taker may need the form for the
  // next call now) and offers Undo for 10 s.
  let undoState = null, undoTimer = null;

  function snapshot() {
    const fields = {};
    form.querySelectorAll("input, textarea, select").forEach((n) => {
      if (!n.id && !n.name) return;
      const key = n.id || n.name + ":" + n.value;
      fields[key] = n.type === "checkbox" || n.type === "radio" ? n.checked : n.value;
    });
    return { fields, loc, categoryTouched, priorityTouched, answeredAt, requestId: form.dataset.requestId,
      blocks: blocks.map((bl) => (bl.snapshot ? bl.snapshot() : null)) };
  }

  const isEmpty = () => !phone.value && !desc.value && !loc && !loctext.value && !address.value && !kel.value && !note.value;

  function clearWithUndo() {
    if (isEmpty()) { reset(); return; }
    undoState = snapshot();
    reset();
    clearTimeout(undoTimer);
    $("flash").replaceChildren(el("div", { class: "flash undo", role: "status", id: "undo-bar" }, t("cleared") + " ",
      el("button", { type: "button", class: "secondary", id: "undo", onclick: undo, text: t("undo") })));
    undoTimer = setTimeout(() => { undoState = null; const bar = $("undo-bar"); if (bar) bar.remove(); }, 10000);
  }

  function undo() {
    const s = undoState;
    if (!s) return;
    undoState = null; clearTimeout(undoTimer);
    form.querySelectorAll("input, textarea, select").forEach((n) => {
      const key = n.id || n.name + ":" + n.value;
      if (!(key in s.fields)) return;
      if (n.type === "checkbox" || n.type === "radio") n.checked = s.fields[key]; else n.value = s.fields[key];
    });
    categoryTouched = s.categoryTouched; priorityTouched = s.priorityTouched; answeredAt = s.answeredAt;
    form.dataset.requestId = s.requestId;
    blocks.forEach((bl, i) => bl.restore && bl.restore(s.blocks[i]));
    setType(callType());
    if (s.loc) setLoc(s.loc); else preview();
    history();
    $("flash").replaceChildren(el("div", { class: "flash ok", role: "status", text: t("restored") }));
    desc.focus();
  }

  function reset() {
    form.reset();
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    loc = null; categoryTouched = false; priorityTouched = false; answeredAt = null;
    if (window.SigapQuestions) SigapQuestions.reset();
    closePlaces();
    $("pin").setAttribute("cx", -100); $("pin").setAttribute("cy", -100);
    ["history", "suggestion", "where", "responders", "flash", "hoax", "duplicates", "locstatus"].forEach((id) => $(id).replaceChildren());
    map.querySelectorAll(".kel.selected").forEach((n) => n.classList.remove("selected"));
    blocks.forEach((bl) => bl.reset && bl.reset());
    form.dataset.requestId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    setType("emergency");
    phone.focus();
  }

  form.dataset.requestId = (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
  if (phone.value) history();
})();
