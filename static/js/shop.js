/* Optional enhancements: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Variant picker: the links work on their own; with JS, swap in the new price and stock without a full reload.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".option-choices a");
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var info = document.querySelector(".product-info");
    if (!info || !window.fetch || !window.DOMParser) return;
    event.preventDefault();
    info.setAttribute("aria-busy", "true");
    fetch(link.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, "text/html");
        var fresh = doc.querySelector(".product-info");
        if (!fresh) throw new Error("no product");
        info.replaceWith(fresh);
        document.title = doc.title;
        history.replaceState(null, "", link.href);
        var same = fresh.querySelector('.option-choices a[href="' + link.getAttribute("href") + '"]');
        if (same) same.focus();
      })
      .catch(function () {
        window.location.href = link.href;
      });
  });
})();
