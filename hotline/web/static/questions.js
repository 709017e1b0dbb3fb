// Key questions on the intake screen (issue 11): the category's 2–4 key
// questions, answered with one key each (Y, T, ? or a number of people);
// the answers go with the preview and the incident and change who is sent.
// When the classifier is not sure (needs_confirmation) the category is not
// pre-filled and these questions come first; a "not an emergency?" doubt is
// shown with its reason, and the call-taker decides.
"use strict";
window.SigapQuestions = (() => {
  const { t, el } = Sigap;
  const $ = (id) => document.getElementById(id);
  let answers = {}, shownIds = "";

  const valid = (v) => /^(y|t|\?|[0-9]{1,3})$/i.test(v);

  function changed(input) {
    const v = input.value.trim().toLowerCase();
    input.classList.toggle("field-error-input", v !== "" && !valid(v));
    if (v === "" || !valid(v)) delete answers[input.dataset.question];
    else answers[input.dataset.question] = v;
    // The description's listener runs the preview with the answers.
    $("description").dispatchEvent(new Event("input"));
  }

  function render(qs, en) {
    const ids = qs.map((q) => q.id).join(",");
    const list = $("questions-list");
    if (ids === shownIds && list) return;
    shownIds = ids;
    for (const k of Object.keys(answers)) if (!qs.some((q) => q.id === k)) delete answers[k];
    $("questions").replaceChildren(
      el("div", { id: "questions-head" }),
      el("ol", { id: "questions-list", class: "questions" }, qs.map((q) => el("li", {},
        el("label", { for: "q-" + q.id, text: (en ? q.text_en : q.text) + " " }),
        el("input", { id: "q-" + q.id, "data-question": q.id, class: "answer", maxlength: "3", size: "3", autocomplete: "off",
          placeholder: q.count ? "Y/T/?/2" : "Y/T/?", value: answers[q.id] || "", oninput: (e) => changed(e.target) })))),
      el("div", { id: "questions-note", class: "muted" }));
  }

  // show renders the classification's questions, doubt and confirmation state.
  function show(c) {
    const box = $("questions");
    if (!box) return;
    const qs = (c && c.questions) || [];
    if (!qs.length && !(c && c.doubt)) { box.replaceChildren(); shownIds = ""; box.dataset.state = ""; return; }
    const en = document.body.dataset.lang === "en";
    render(qs, en);
    box.dataset.state = c.needs_confirmation ? "confirm" : "ok";
    const head = [];
    if (c.doubt) head.push(el("div", { class: "flash bad", "data-doubt": c.doubt.kind },
      el("strong", { text: t("not_emergency_q") + " " }), en ? c.doubt.reason_en : c.doubt.reason));
    if (c.needs_confirmation) head.push(el("div", { class: "flash bad", id: "needs-confirmation", text: t("needs_confirmation") }));
    head.push(el("strong", { text: t("key_questions") }));
    $("questions-head").replaceChildren(...head);
    $("questions-note").replaceChildren(c.answer_note ? t("answers_found") + " " + c.answer_note : "");
  }

  function reset() { answers = {}; shownIds = ""; const b = $("questions"); if (b) { b.replaceChildren(); b.dataset.state = ""; } }

  return { show, reset, answers: () => ({ ...answers }) };
})();
