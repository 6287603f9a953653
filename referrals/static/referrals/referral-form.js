// Progressive enhancement of the new-referral form: choosing a pathway step asks the server for the
// organisation that leads it (the same "Suggest" button works without JavaScript).
(function () {
  "use strict";
  var form = document.getElementById("rf-new-referral");
  if (!form) { return; }
  var step = form.querySelector("select[name='pathway_step']");
  var suggest = document.getElementById("rf-suggest");
  if (!step || !suggest) { return; }
  step.addEventListener("change", function () {
    if (step.value) { suggest.click(); }
  });
}());
