// Sigap 112 report page: the print button (the CSP forbids inline scripts).
"use strict";
(() => {
  const btn = document.getElementById("print");
  if (btn) btn.addEventListener("click", () => window.print());
})();
