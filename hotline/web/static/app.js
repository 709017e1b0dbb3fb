// Sigap 112 console: shared helpers. Plain JavaScript, no framework, no CDN.
"use strict";
const Sigap = (() => {
  const body = document.body;
  const dictEl = document.getElementById("i18n");
  const dict = dictEl ? JSON.parse(dictEl.textContent) : {};
  const tz = body.dataset.tz || "Asia/Jakarta";
  const zone = body.dataset.zone || "WIB";
  const clockFmt = new Intl.DateTimeFormat("id-ID", { timeZone: tz, hour: "2-digit", minute: "2-digit", hour12: false });
  const fullFmt = new Intl.DateTimeFormat("id-ID", { timeZone: tz, day: "2-digit", month: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false });

  function t(key, ...args) {
    let s = dict[key] || key;
    args.forEach((a, i) => { s = s.replace("{" + i + "}", a); });
    return s;
  }

  // el builds DOM nodes; text is always set with textContent (never innerHTML).
  function el(tag, attrs, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "class") n.className = v;
      else if (k === "text") n.textContent = v;
      else if (k.startsWith("on")) n.addEventListener(k.slice(2), v);
      else n.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children.flat()) {
      if (c === null || c === undefined || c === false) continue;
      n.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return n;
  }

  async function api(method, path, data) {
    const opts = { method, headers: { "Accept": "application/json", "Accept-Language": body.dataset.lang || "id" } };
    if (data !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.headers["X-CSRF-Token"] = body.dataset.csrf || "";
      opts.body = JSON.stringify(data);
    }
    let resp;
    try {
      resp = await fetch(path, opts);
    } catch (e) {
      return { ok: false, status: 0, data: { error: { code: "network", message: t("network_down") } } };
    }
    let payload = null;
    try { payload = await resp.json(); } catch (e) { payload = null; }
    if (resp.status === 401) { window.location = "/login?next=" + encodeURIComponent(location.pathname); }
    return { ok: resp.ok, status: resp.status, data: payload };
  }

  function clock(iso) { return iso ? clockFmt.format(new Date(iso)) + " " + zone : ""; }
  function stamp(iso) { return iso ? fullFmt.format(new Date(iso)) : ""; }

  // mmss formats a duration in ms as [-]m:ss (or h:mm:ss).
  function mmss(ms) {
    const neg = ms < 0; ms = Math.abs(ms);
    const s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    const p = (x) => String(x).padStart(2, "0");
    return (neg ? "+" : "") + (h ? h + ":" + p(m) : m) + ":" + p(r);
  }

  // showErrors puts field errors next to the fields (by data-field) and returns the summary message.
  function showErrors(form, err) {
    form.querySelectorAll(".field-error").forEach((n) => n.remove());
    const fields = (err && err.fields) || {};
    for (const [name, fe] of Object.entries(fields)) {
      const target = form.querySelector('[data-field="' + name.split(".")[0] + '"]');
      if (target) target.after(el("div", { class: "field-error", role: "alert", "data-error-for": name, text: fe.message }));
    }
    return (err && err.message) || t("failed");
  }

  function debounce(fn, ms) {
    let h;
    return (...a) => { clearTimeout(h); h = setTimeout(() => fn(...a), ms); };
  }

  // live subscribes to incident changes (Server-Sent Events). The browser
  // reconnects by itself; onReconnect lets the page reload what it may have missed.
  function live(onChange, onReconnect, indicator) {
    const es = new EventSource("/api/v1/stream");
    let wasDown = false;
    es.addEventListener("incident", (e) => onChange(JSON.parse(e.data)));
    es.onopen = () => {
      if (indicator) { indicator.textContent = t("live"); indicator.className = "conn live"; }
      if (wasDown && onReconnect) onReconnect();
      wasDown = false;
    };
    es.onerror = () => {
      wasDown = true;
      if (indicator) { indicator.textContent = t("reconnecting"); indicator.className = "conn down"; }
    };
    return es;
  }

  document.querySelectorAll("[data-setlang]").forEach((a) => a.addEventListener("click", (e) => {
    e.preventDefault();
    document.cookie = "lang=" + a.dataset.setlang + "; path=/; max-age=31536000; samesite=lax";
    location.reload();
  }));

  return { t, el, api, clock, stamp, mmss, showErrors, debounce, live, dict };
})();
