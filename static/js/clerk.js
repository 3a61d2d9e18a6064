/* Clerk console enhancements: every page works without this file.
   Adding or removing a wishlist item swaps in the new wishlist without a page load and keeps the focus in the
   SKU box, so a scanner can go straight on with the next item.
   The card reader's waiting page asks the server every few seconds whether the card has an answer (the same check as
   its "Check again" button), says so in its status region, and then opens the answer. */
(function () {
  "use strict";

  function wishlistSection() {
    return document.getElementById("wishlist");
  }

  function focusSku(section) {
    var input = section && section.querySelector("#id_code");
    if (!input) return;
    input.focus({ preventScroll: true });
    input.scrollIntoView({ block: "center" });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-clerk-wishlist]")) return;
    var section = wishlistSection();
    if (!section || !window.fetch || !window.DOMParser || form.dataset.busy) return;
    event.preventDefault();
    form.dataset.busy = "1";
    section.setAttribute("aria-busy", "true");
    fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
      .then(function (response) {
        // 400 is the page again with the reason next to the SKU box: show it like any other answer.
        if (!response.ok && response.status !== 400) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("wishlist");
        if (!fresh) throw new Error("no wishlist");
        section.replaceWith(fresh);
        focusSku(fresh);
      })
      .catch(function () {
        delete form.dataset.busy;
        form.submit();
      });
  });

  function pollCard(panel) {
    var status = document.getElementById("card-wait-status");
    var seconds = parseInt(panel.dataset.pollSeconds, 10) || 3;
    function ask() {
      fetch(panel.dataset.pollUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) throw new Error(response.status);
          return response.json();
        })
        .then(function (answer) {
          if (!answer.waiting) {
            status.textContent = panel.dataset.doneText;
            window.location.assign(panel.dataset.pollUrl.split("?")[0]);
            return;
          }
          if (status.textContent !== (answer.message || "")) status.textContent = answer.message || "";
          window.setTimeout(ask, seconds * 1000);
        })
        .catch(function () {
          window.setTimeout(ask, seconds * 1000);
        });
    }
    window.setTimeout(ask, seconds * 1000);
  }

  var cardWait = document.getElementById("card-wait");
  if (cardWait && cardWait.dataset.pollUrl && window.fetch) pollCard(cardWait);
})();
