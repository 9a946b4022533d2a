// Yifa's own behaviour, kept out of the pages so that the Content-Security-Policy can forbid
// every inline script and event handler (yifa/web/middleware.py).
"use strict";

// The menu button on phones: <button aria-expanded aria-controls="main-nav"> opens and closes
// the menu (the CSS shows .nav after a button whose aria-expanded is "true").
document.addEventListener("click", (event) => {
  const button = event.target instanceof Element ? event.target.closest("button.nav-button[aria-controls]") : null;
  if (button) {
    button.setAttribute("aria-expanded", button.getAttribute("aria-expanded") === "true" ? "false" : "true");
  }
});

// Live search (htmx swaps #results): the persistent status line #results-status (role="status")
// announces the new count ("共 N 条") to screen readers, copied from the swapped-in [data-count].
document.addEventListener("htmx:afterSettle", () => {
  const count = document.querySelector("#results [data-count]");
  const status = document.getElementById("results-status");
  if (count && status) {
    status.textContent = count.textContent;
  }
});

// A link to a step's form (#step-review, from the to-do list) opens that form on arrival.
function openTargetedStep() {
  const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target instanceof HTMLDetailsElement) {
    target.open = true;
    target.scrollIntoView();
  }
}
window.addEventListener("hashchange", openTargetedStep);
document.addEventListener("DOMContentLoaded", openTargetedStep);
