// Pairs a quotation or number with its partner on hover and keyboard
// focus, and filters the page to the articles that need review. No network.
(function () {
  "use strict";
  var active = [];
  function clear() {
    active.forEach(function (element) { element.classList.remove("partner-active"); });
    active = [];
  }
  function highlight(element) {
    clear();
    if (!element) { return; }
    var key = element.getAttribute("data-partner");
    document.querySelectorAll("[data-partner]").forEach(function (candidate) {
      if (candidate.getAttribute("data-partner") === key) {
        candidate.classList.add("partner-active");
        active.push(candidate);
      }
    });
  }
  function paired(event) {
    return event.target.closest ? event.target.closest("[data-partner]") : null;
  }
  document.addEventListener("mouseover", function (event) { highlight(paired(event)); });
  document.addEventListener("focusin", function (event) { highlight(paired(event)); });
  document.addEventListener("focusout", clear);
  var filter = document.getElementById("only-review");
  var counter = document.getElementById("shown-count");
  function applyFilter() {
    document.body.classList.toggle("only-review", filter.checked);
    var shown = document.querySelectorAll(filter.checked ? "article[data-needs-review=true]" : "article").length;
    counter.textContent = shown + " of " + document.querySelectorAll("article").length + " articles shown";
  }
  filter.addEventListener("change", applyFilter);
  applyFilter();
  document.documentElement.setAttribute("data-review-ready", "yes");
})();
