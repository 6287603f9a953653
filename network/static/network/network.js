/* Highlight an organisation's ties without reloading: on focus or hover of a node, or by picking it in the
   select. Keyboard accessible (nodes are links; the select is a plain control); the result is announced
   in a polite live region. Works on every `.net-svg` of the page (the full network or an ego network). */
(function () {
  "use strict";
  function highlight(svg, node, status) {
    svg.classList.toggle("is-focused", Boolean(node));
    var nodes = svg.querySelectorAll(".net-node");
    var edges = svg.querySelectorAll(".net-edge");
    var target = null;
    nodes.forEach(function (el) {
      el.classList.remove("is-focus", "is-neighbour");
      if (el.dataset.node === node) { target = el; }
    });
    edges.forEach(function (el) { el.classList.remove("is-neighbour"); });
    if (!node || !target) { if (status) { status.textContent = ""; } return; }
    var neighbours = (target.dataset.neighbours || "").split(" ").filter(Boolean);
    target.classList.add("is-focus");
    var names = [];
    nodes.forEach(function (el) {
      if (neighbours.indexOf(el.dataset.node) !== -1) {
        el.classList.add("is-neighbour");
        var title = el.querySelector("title");
        names.push(title ? title.textContent.split(" (")[0] : el.dataset.node);
      }
    });
    edges.forEach(function (el) {
      if (el.dataset.a === node || el.dataset.b === node) { el.classList.add("is-neighbour"); }
    });
    if (status) {
      var own = target.querySelector("title");
      var template = status.dataset.template || "{name}: {count} ({names})";
      status.textContent = template.replace("{name}", own ? own.textContent.split(" (")[0] : node)
        .replace("{count}", String(neighbours.length)).replace("{names}", names.join(", "));
    }
  }
  document.querySelectorAll(".net-svg").forEach(function (svg) {
    var status = svg.id === "net-svg" ? document.getElementById("net-focus-status") : null;
    svg.querySelectorAll(".net-node").forEach(function (el) {
      el.addEventListener("focus", function () { highlight(svg, el.dataset.node, status); });
      el.addEventListener("mouseenter", function () { highlight(svg, el.dataset.node, status); });
    });
    svg.addEventListener("mouseleave", function () { highlight(svg, "", null); });
    svg.addEventListener("focusout", function (event) {
      if (!svg.contains(event.relatedTarget)) { highlight(svg, "", null); }
    });
  });
  var select = document.getElementById("net-focus");
  var main = document.getElementById("net-svg");
  if (select && main) {
    select.addEventListener("change", function () {
      highlight(main, select.value, document.getElementById("net-focus-status"));
    });
  }
})();
