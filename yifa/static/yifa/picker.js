// Searchable pickers: a long drop-down (power items, laws, parties …) or a long list of checkboxes
// (officers) gets a search box above it that narrows the list as one types. Progressive
// enhancement: without JavaScript the plain <select> or checkbox list works as before, and the
// form submits exactly what it would have. Chosen entries always stay in view.
"use strict";

(() => {
  const MIN_OPTIONS = 8; // shorter lists are quick enough to scan
  const zh = !(document.documentElement.lang || "").startsWith("en");
  const words = zh
    ? { placeholder: "输入以筛选", filter: "筛选", shown: (n, all) => `显示 ${n} / ${all} 项`, ticked: (n) => `已选 ${n} 项` }
    : { placeholder: "Type to filter", filter: "Filter", shown: (n, all) => `${n} of ${all} shown`, ticked: (n) => `${n} chosen` };

  const norm = (text) => (text || "").toLowerCase().replace(/\s+/g, "");
  // People's names also match their pinyin: the server puts "zhangsan zs" in data-pinyin (yifa.lib.pickers).
  const pinyinHas = (el, q) => (el.dataset.pinyin || "").split(" ").some((part) => part && part.includes(q));
  const matches = (el, text, q) => norm(text).includes(q) || pinyinHas(el, q);

  function labelOf(control) {
    const row = control.closest(".form-row, label");
    const label = (control.id && document.querySelector(`label[for="${control.id}"]`)) ||
      (row && row.querySelector("label"));
    return label ? label.textContent.replace("*", "").trim() : "";
  }

  // The search box and the live count, placed before `control`.
  function searchBox(control, total) {
    const box = document.createElement("input");
    box.type = "search";
    box.className = "picker-search";
    box.placeholder = words.placeholder;
    box.autocomplete = "off";
    box.setAttribute("enterkeyhint", "search");
    box.setAttribute("aria-label", `${words.filter}：${labelOf(control)}`);
    box.setAttribute("data-picker-for", control.id || "");
    const count = document.createElement("span");
    count.className = "picker-count hint";
    count.setAttribute("role", "status");
    count.id = `${control.id || "picker"}-count`;
    box.setAttribute("aria-describedby", count.id);
    // Enter in the box must not submit the form half-filled.
    box.addEventListener("keydown", (event) => { if (event.key === "Enter") event.preventDefault(); });
    control.before(box);
    box.after(count);
    count.textContent = words.shown(total, total);
    return { box, count };
  }

  function enhanceSelect(select) {
    const all = Array.from(select.options);
    const { box, count } = searchBox(select, all.length);
    box.addEventListener("input", () => {
      const q = norm(box.value);
      const keep = all.filter((o) => !q || o.selected || !o.value || matches(o, o.text, q));
      select.replaceChildren(...keep);
      const shown = keep.filter((o) => o.value).length;
      count.textContent = words.shown(shown, all.filter((o) => o.value).length);
      // While filtering, show the matches as a list to tap (no second tap to open the drop-down).
      if (!select.multiple) select.size = q ? Math.min(Math.max(keep.length, 2), 8) : 0;
    });
  }

  function enhanceChecks(group) {
    const items = Array.from(group.children).filter((el) => el.querySelector("input[type=checkbox]"));
    // Who is ticked already (the signed-in officer, say) comes first, in view without scrolling.
    group.prepend(...items.filter((item) => item.querySelector("input").checked));
    const { box, count } = searchBox(group, items.length);
    const update = () => {
      const q = norm(box.value);
      let shown = 0;
      for (const item of items) {
        const match = !q || item.querySelector("input").checked ||
          matches(item.querySelector("input"), item.textContent, q);
        item.hidden = !match;
        shown += match ? 1 : 0;
      }
      const ticked = items.filter((item) => item.querySelector("input").checked).length;
      count.textContent = `${words.ticked(ticked)} · ${words.shown(shown, items.length)}`;
    };
    box.addEventListener("input", update);
    group.addEventListener("change", update);
    update();
  }

  function enhance(root) {
    for (const select of root.querySelectorAll("form select:not([data-submit-on-change])")) {
      if (!select.dataset.picker && !select.closest("form.filters") && !select.querySelector("optgroup") &&
          select.options.length > MIN_OPTIONS) {
        select.dataset.picker = "on";
        enhanceSelect(select);
      }
    }
    // Django's CheckboxSelectMultiple: <div id=…><div><label><input type=checkbox …>…</label></div>…</div>
    const groups = new Set();
    for (const input of root.querySelectorAll("form input[type=checkbox]")) {
      const group = input.closest("label")?.parentElement?.parentElement;
      if (group && group.id && !group.dataset.picker) groups.add(group);
    }
    for (const group of groups) {
      if (group.querySelectorAll("input[type=checkbox]").length > MIN_OPTIONS) {
        group.dataset.picker = "on";
        group.classList.add("picker-list");
        enhanceChecks(group);
      }
    }
  }

  document.addEventListener("DOMContentLoaded", () => enhance(document));
  // Forms swapped in by htmx get their pickers too.
  document.addEventListener("htmx:afterSwap", (event) => enhance(event.target));
})();
