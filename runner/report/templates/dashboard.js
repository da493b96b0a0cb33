// Filters: show the differences of one unit, outcome or kind. Only toggles `hidden` and reads
// data-* attributes; it never builds markup, so test data stays text.
(function () {
  const byId = (id) => document.getElementById(id);
  const form = byId("filters");
  if (!form) return;
  const fields = { unit: byId("f-unit"), outcome: byId("f-outcome"), kind: byId("f-kind") };
  const unexpectedOnly = byId("f-unexpected");

  function apply() {
    let shown = 0;
    document.querySelectorAll("tbody.diff").forEach((diff) => {
      const visible = Object.entries(fields).every(([key, field]) => !field.value || diff.dataset[key] === field.value)
        && (!unexpectedOnly.checked || diff.dataset.expected === "no");
      diff.hidden = !visible;
      shown += visible;
    });
    document.querySelectorAll("section.cluster").forEach((cluster) => {
      const count = cluster.querySelectorAll("tbody.diff:not([hidden])").length;
      cluster.hidden = count === 0;
      cluster.querySelector(".count").textContent = count;
    });
    document.querySelectorAll("tr.unit[data-unit]").forEach((row) => {
      row.classList.toggle("dim", Boolean(fields.unit.value) && row.dataset.unit !== fields.unit.value);
    });
    byId("shown").textContent = shown;
    const params = new URLSearchParams();
    Object.entries(fields).forEach(([key, field]) => field.value && params.set(key, field.value));
    if (unexpectedOnly.checked) params.set("unexpected", "1");
    history.replaceState(null, "", params.toString() ? "#" + params : location.pathname);
  }

  // Restore filters from the address (#unit=…&outcome=…), keeping only values offered.
  const wanted = new URLSearchParams(location.hash.slice(1));
  Object.entries(fields).forEach(([key, field]) => {
    const value = wanted.get(key);
    if (value && Array.from(field.options).some((o) => o.value === value)) field.value = value;
  });
  unexpectedOnly.checked = wanted.get("unexpected") === "1";

  form.addEventListener("change", apply);
  document.querySelectorAll("tr.unit[data-unit]").forEach((row) => {
    row.addEventListener("click", () => {
      const unit = row.dataset.unit;
      fields.unit.value = fields.unit.value === unit || !Array.from(fields.unit.options).some((o) => o.value === unit) ? "" : unit;
      apply();
    });
  });
  apply();
})();
