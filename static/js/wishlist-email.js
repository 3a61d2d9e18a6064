/* One click from an email: the page a link opens submits its own form, so the person's click adds the item,
   while a mail scanner that only fetches the link (a GET) adds nothing. Without JavaScript the button does it. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-autosubmit]");
  if (!form || form.dataset.submitted) return;
  form.dataset.submitted = "1";
  form.submit();
})();
