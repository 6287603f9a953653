/* The header menu is a <details> that works without JavaScript. This only adds what a script can:
   Escape closes the open menu and puts focus back on its button, a click elsewhere closes it, and an
   in-page link whose target is hidden at this width (the matrix's table on a phone) follows the
   target's data-alternate element instead. */
(function () {
  "use strict";
  var menu = document.querySelector("[data-site-menu]");
  if (menu) {
    var toggle = menu.querySelector("summary");
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open && toggle.offsetParent !== null) {
        menu.open = false;
        toggle.focus();
      }
    });
    document.addEventListener("click", function (event) {
      if (menu.open && toggle.offsetParent !== null && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest('a[href^="#"]') : null;
    if (!link || link.getAttribute("href").length < 2) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (target && target.getClientRects().length === 0 && target.dataset.alternate) {
      var alternate = document.getElementById(target.dataset.alternate);
      if (alternate) {
        event.preventDefault();
        alternate.scrollIntoView();
        alternate.focus({ preventScroll: true });
        history.replaceState(null, "", "#" + alternate.id);
      }
    }
  });
})();
