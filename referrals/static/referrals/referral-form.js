// Progressive enhancement of the new-referral form (the page works the same without it):
// - after a refused submit, the error summary takes the focus, so a screen reader reads what to fix;
// - choosing a pathway step asks the server which organisation leads it and proposes it as the receiver,
//   without reloading the page and without moving the focus (WCAG 3.2.2); the "Propose" button does the
//   same with a click, and submits the form when there is no script.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
  var form = document.getElementById("rf-new-referral");
  if (!form || !window.fetch) { return; }
  var step = form.querySelector("select[name='pathway_step']");
  var receiver = form.querySelector("select[name='receiver']");
  var button = document.getElementById("rf-suggest");
  var region = document.getElementById("rf-suggestion");
  var url = form.getAttribute("data-proposal-url");
  if (!step || !receiver || !region || !url) { return; }
  var proposedValue = null;  // the receiver this script proposed last: replaced on a new step, a choice never is

  function propose() {
    fetch(url + "?pathway_step=" + encodeURIComponent(step.value), {
      credentials: "same-origin", headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    }).then(function (data) {
      region.innerHTML = data.html;
      if (data.receiver && (receiver.value === "" || receiver.value === proposedValue)) {
        receiver.value = String(data.receiver);
        proposedValue = receiver.value;
      }
    }).catch(function () {
      region.textContent = "";
    });
  }

  step.addEventListener("change", propose);
  if (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      propose();
    });
  }
}());
