/* Highlight an organisation's ties without reloading: on focus or hover of a node, or by picking it in the
   select. Keyboard accessible (nodes are links; the select is a plain control); the result is announced
   in a polite live region. Works on every `.net-svg` of the page (the full network or an ego network). */
(function () {
  "use strict";
  function highlight(svg, node, status) {
    svg.classList.toggle("is-focused", Boolean(node));
    var nodes = svg.querySelectorAll(".net-node");
    var edges = svg.querySelectorAll(".net-edge");
    var labels = svg.querySelectorAll(".net-label[data-for]");  // drawn apart from the node links
    var target = null;
    nodes.forEach(function (el) {
      el.classList.remove("is-focus", "is-neighbour");
      if (el.dataset.node === node) { target = el; }
    });
    edges.forEach(function (el) { el.classList.remove("is-neighbour"); });
    labels.forEach(function (el) { el.classList.remove("is-focus", "is-neighbour"); });
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
    labels.forEach(function (el) {
      if (el.dataset.for === node) { el.classList.add("is-focus"); }
      else if (neighbours.indexOf(el.dataset.for) !== -1) { el.classList.add("is-neighbour"); }
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

/* Zoom and pan the network picture: buttons (+, −, whole picture), the keys + − 0 and the arrows when the
   picture has focus, a drag with the mouse or a finger, a pinch with two fingers (pointer events). The
   picture is made wider inside its frame, which scrolls: no transform, so links stay where they are drawn
   and the image's own labels switch from the phone set to the full set as it grows. Without JavaScript the
   buttons stay hidden and the picture fits the width (and links to itself, full size). */
(function () {
  "use strict";
  var MIN = 1, MAX = 8, STEP = 1.5;
  document.querySelectorAll(".network-zoom").forEach(function (box) {
    var content = box.querySelector(".network-svg, .network-img");
    var controls = box.parentNode.querySelector(".network-zoom__controls");
    if (!content || !controls) { return; }
    var level = controls.querySelector(".network-zoom__level");
    var scale = 1;
    function apply(next, px, py) {
      next = Math.min(MAX, Math.max(MIN, next));
      var rect = box.getBoundingClientRect();
      if (px === undefined) { px = rect.width / 2; py = rect.height / 2; }
      var x = (box.scrollLeft + px) / scale, y = (box.scrollTop + py) / scale;
      scale = next;
      content.style.width = (scale * 100) + "%";
      box.scrollLeft = x * scale - px;
      box.scrollTop = y * scale - py;
      box.classList.toggle("is-zoomed", scale > 1.01);
      box.classList.toggle("is-zoomed-in", scale >= 2);
      if (level) {
        level.textContent = (level.dataset.template || "{level} %").replace("{level}", String(Math.round(scale * 100)));
      }
    }
    controls.hidden = false;
    controls.addEventListener("click", function (event) {
      var button = event.target.closest("button[data-zoom]");
      if (!button) { return; }
      var action = button.dataset.zoom;
      apply(action === "in" ? scale * STEP : action === "out" ? scale / STEP : 1);
    });
    box.addEventListener("keydown", function (event) {
      if (event.target !== box) { return; }
      if (event.key === "+" || event.key === "=") { apply(scale * STEP); event.preventDefault(); }
      else if (event.key === "-" || event.key === "_") { apply(scale / STEP); event.preventDefault(); }
      else if (event.key === "0") { apply(1); event.preventDefault(); }
    });
    var pointers = {}, moved = false, pinch = null;
    function count() { return Object.keys(pointers).length; }
    box.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) { return; }
      pointers[event.pointerId] = {x: event.clientX, y: event.clientY};
      moved = false;
      if (count() === 2) {
        var p = Object.keys(pointers).map(function (id) { return pointers[id]; });
        pinch = {distance: Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y) || 1, scale: scale};
      }
    });
    box.addEventListener("pointermove", function (event) {
      var last = pointers[event.pointerId];
      if (!last) { return; }
      var dx = event.clientX - last.x, dy = event.clientY - last.y;
      pointers[event.pointerId] = {x: event.clientX, y: event.clientY};
      if (count() === 2 && pinch) {
        var p = Object.keys(pointers).map(function (id) { return pointers[id]; });
        var rect = box.getBoundingClientRect();
        var distance = Math.hypot(p[0].x - p[1].x, p[0].y - p[1].y);
        apply(pinch.scale * distance / pinch.distance, (p[0].x + p[1].x) / 2 - rect.left,
              (p[0].y + p[1].y) / 2 - rect.top);
        moved = true;
      } else if (count() === 1 && scale > 1.01) {
        if (Math.abs(dx) + Math.abs(dy) > 0) { moved = moved || Math.abs(dx) + Math.abs(dy) > 2; }
        box.scrollLeft -= dx;
        box.scrollTop -= dy;
      }
    });
    function release(event) {
      delete pointers[event.pointerId];
      if (count() < 2) { pinch = null; }
    }
    box.addEventListener("pointerup", release);
    box.addEventListener("pointercancel", release);
    box.addEventListener("click", function (event) {
      if (moved) { event.preventDefault(); event.stopPropagation(); moved = false; }
    }, true);
    box.addEventListener("dragstart", function (event) { event.preventDefault(); });
  });
})();
