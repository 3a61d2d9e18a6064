/* Checkout without a round trip: a pickup day's times follow the day chosen. The page works without this file
   ("Show times" asks the server for them). */
(function () {
  "use strict";

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select.matches || !select.matches(".pickup-windows select")) return;
    var box = select.closest(".pickup-windows");
    var shown = box.querySelector(":scope > fieldset.window-times");
    var wanted = box.querySelector('template[data-day="' + select.value + '"]');
    if (!wanted) return;
    if (shown) {
      // Keep the day that was shown as a template, unchosen, so the shopper can come back to it.
      var keep = document.createElement("template");
      keep.setAttribute("data-day", shown.getAttribute("data-day"));
      shown.querySelectorAll("input:checked").forEach(function (input) {
        input.checked = false;
      });
      keep.content.appendChild(shown);
      box.appendChild(keep);
    }
    var times = wanted.content.firstElementChild;
    select.closest(".window-day").after(times);
    wanted.remove();
  });
})();
