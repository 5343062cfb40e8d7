// Submit a form as soon as one of its selects marked data-autosubmit changes (the language
// switch). Wired here instead of an inline onchange: the Content-Security-Policy forbids those.
// Without JavaScript the form keeps its own submit button (in <noscript>).
(function () {
  "use strict";
  function wire(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () {
        if (select.form) {
          select.form.submit();
        }
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
})();
