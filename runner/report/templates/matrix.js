// The gallery matrix: a unit's row opens its tests; "differs under any target" hides the tests
// every target runs as CPython does. Only toggles `hidden` and classes; it never builds markup.
(function () {
  const differsOnly = document.getElementById("f-differs");
  const shown = document.getElementById("shown");

  function apply() {
    let count = 0;
    document.querySelectorAll("tbody.tests").forEach((tests) => {
      tests.querySelectorAll("tr.test").forEach((row) => {
        row.hidden = differsOnly.checked && row.dataset.differs === "no";
        count += !tests.hidden && !row.hidden;
      });
    });
    document.querySelectorAll("tr.unit-row").forEach((row) => {
      row.classList.toggle("dim", differsOnly.checked && row.dataset.differs === "no");
    });
    shown.textContent = count;
  }

  function toggle(unit, open) {
    const tests = document.querySelector(`tbody.tests[data-unit="${CSS.escape(unit)}"]`);
    const row = document.querySelector(`tr.unit-row[data-unit="${CSS.escape(unit)}"]`);
    tests.hidden = open === undefined ? !tests.hidden : !open;
    row.classList.toggle("open", !tests.hidden);
  }

  document.querySelectorAll("tr.unit-row").forEach((row) => {
    row.addEventListener("click", () => { toggle(row.dataset.unit); apply(); });
  });
  document.getElementById("expand").addEventListener("click", () => {
    document.querySelectorAll("tr.unit-row").forEach((row) => toggle(row.dataset.unit, true));
    apply();
  });
  // Hover text: a reason listed once in #why, set as text (a title attribute), never as markup.
  const why = document.getElementById("why").children;
  document.querySelectorAll("td[data-why]").forEach((cell) => { cell.title = why[cell.dataset.why].textContent; });
  differsOnly.addEventListener("change", apply);
  apply();
})();
