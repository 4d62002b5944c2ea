// The suggestion panel of the registration page: after a pause in typing the business or the problem,
// fetch the panel's HTML (rendered and escaped on the server) and show it. Only the newest answer is shown.
(function () {
  "use strict";
  var panel = document.getElementById("suggest-panel");
  var results = document.getElementById("suggest-results");
  var business = document.getElementById("id_business");
  var problem = document.getElementById("id_problem");
  if (!panel || !results || !business || !problem) { return; }
  var timer = null;
  var asked = 0;
  var last = null;

  function refresh() {
    var query = new URLSearchParams({ business: business.value, problem: problem.value }).toString();
    if (query === last) { return; }
    last = query;
    var mine = ++asked;
    panel.setAttribute("aria-busy", "true");
    fetch(panel.dataset.url + "?" + query, { headers: { "X-Requested-With": "fetch" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : Promise.reject(response.status); })
      .then(function (html) { if (mine === asked) { results.innerHTML = html; } })
      .catch(function () { if (mine === asked) { results.textContent = "暂时无法获取建议"; } })
      .finally(function () { if (mine === asked) { panel.removeAttribute("aria-busy"); } });
  }

  function later() {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 400);
  }

  business.addEventListener("input", later);
  problem.addEventListener("input", later);
  if (business.value || problem.value) { refresh(); }
}());
