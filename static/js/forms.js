// A form's submit button is disabled once pressed, so a double click or an impatient second
// press does not send the form twice (the server refuses a repeat too: core.views.form_page).
// A static file, not an inline script, so the Content Security Policy stays strict.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    // Only forms that change something; htmx forms have already prevented the default.
    if (event.defaultPrevented || (form.method || "").toLowerCase() !== "post") return;
    var buttons = form.querySelectorAll("button:not([type=button]):not([type=reset]), input[type=submit]");
    // Disabled a moment later: a button disabled during the submit event would leave its own
    // name and value out of what the form sends.
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });

  function enable(root) {
    root.querySelectorAll("button[aria-disabled=true], input[aria-disabled=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-disabled");
    });
  }

  // htmx sends a form without leaving the page; when the answer is in, the buttons work again.
  document.addEventListener("htmx:afterRequest", function (event) { enable(event.target); });
  // Coming back with the Back button can show the page as it was left, buttons disabled.
  window.addEventListener("pageshow", function () { enable(document); });
})();
