/* Optional enhancements: every page works without this file. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Pages cached for every visitor carry no CSRF token: forms take the visitor's own from its cookie, which is
  // fetched once (/csrf-token/) when a page with such forms is shown to a visitor who has none yet.
  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }
  function fetchToken() {
    return fetch("/csrf-token/", { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    });
  }
  if (document.querySelector("input[data-csrf-slot]") && !csrfCookie() && window.fetch) {
    fetchToken().catch(function () {});
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var slot = form.querySelector && form.querySelector("input[data-csrf-slot]");
    if (!slot || slot.value) return;
    var token = csrfCookie();
    if (token || !window.fetch) {
      slot.value = token;
      return;
    }
    event.preventDefault();
    fetchToken()
      .then(function (data) {
        slot.value = data.token;
      })
      .catch(function () {})
      .then(function () {
        form.submit();
      });
  });

  // What Add to cart did sits beside its button: bring it into view and give it focus, so it is read out.
  var notice = document.getElementById("cart-added");
  if (notice && document.activeElement !== notice) {
    notice.focus({ preventScroll: true });
    notice.scrollIntoView({ block: "center" });
  }

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
