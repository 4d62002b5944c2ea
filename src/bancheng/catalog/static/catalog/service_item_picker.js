// The registration form's service item picker: choosing an item fills 所办事项 with its name, unless the
// officer has typed something else there. No inline script (CSP); the select names its target field.
(function () {
  "use strict";
  function wire(select) {
    var target = document.getElementById(select.getAttribute("data-fills"));
    if (!target || select.dataset.wired) { return; }
    select.dataset.wired = "1";
    var filled = "";
    select.addEventListener("change", function () {
      var option = select.options[select.selectedIndex];
      var name = option ? option.getAttribute("data-name") || "" : "";
      if (target.value.trim() === "" || target.value === filled) {
        target.value = name;
        filled = name;
        target.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  }
  function init() {
    document.querySelectorAll("select[data-fills]").forEach(wire);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
