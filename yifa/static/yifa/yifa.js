// Yifa's own behaviour, kept out of the pages so that the Content-Security-Policy can forbid
// every inline script and event handler (yifa/web/middleware.py).
"use strict";

// <select data-submit-on-change>: choosing a value submits its form (the list filters).
document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-submit-on-change") && target.form) {
    target.form.submit();
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
