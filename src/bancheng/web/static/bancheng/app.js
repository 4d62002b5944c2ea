// 办成 workspace behaviour that plain HTML cannot give: a form is sent once (a double click or an impatient
// second press does not post it twice), and the print button prints.
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.dataset.sent === "1") {
    event.preventDefault();
    return;
  }
  if (form.method.toLowerCase() === "post" && !form.hasAttribute("hx-post")) {
    form.dataset.sent = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); b.classList.add("sending"); });
  }
});
window.addEventListener("pageshow", function () {
  document.querySelectorAll("form[data-sent]").forEach(function (f) { delete f.dataset.sent; });
  document.querySelectorAll("button.sending").forEach(function (b) { b.classList.remove("sending"); b.removeAttribute("aria-disabled"); });
});
document.addEventListener("click", function (event) {
  var target = event.target.closest("[data-print]");
  if (target) { event.preventDefault(); window.print(); }
});
