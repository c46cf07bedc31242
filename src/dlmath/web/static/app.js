// dlmath's own script. Loaded from a file: the Content-Security-Policy allows no inline script.
"use strict";

(function () {
  // The CSRF token is read from its cookie on every request (the first page's token
  // may be newer than anything rendered into it).
  function csrfToken() {
    const m = document.cookie.match(/(?:^|;\s*)dlmath_csrf=([^;]+)/);
    return m ? m[1] : "";
  }
  window.dlmath = window.dlmath || {};
  window.dlmath.csrfToken = csrfToken;

  // Every htmx request carries the token.
  document.addEventListener("htmx:configRequest", function (event) {
    event.detail.headers["X-CSRF-Token"] = csrfToken();
  });

  // LaTeX in Markdown (prompts, hints, solutions) becomes MathML with Temml.
  function renderMath(root) {
    if (typeof temml === "undefined") return;
    root.querySelectorAll(".math:not([data-rendered])").forEach(function (el) {
      const source = el.textContent;
      const display = el.classList.contains("block");
      el.setAttribute("data-rendered", "1");
      try {
        temml.render(source, el, { displayMode: display, throwOnError: true });
      } catch (err) {
        el.textContent = source;
        el.classList.add("math-error");
        el.setAttribute("data-error", String(err && err.message ? err.message : err));
      }
    });
  }
  window.dlmath.renderMath = renderMath;
  document.addEventListener("DOMContentLoaded", function () { renderMath(document); });
  document.addEventListener("htmx:afterSettle", function (event) { renderMath(event.target); });
})();
