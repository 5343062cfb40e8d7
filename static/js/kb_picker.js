// The knowledge base picker of the reply editor (templates/kb/agent/partials/picker.html):
// a result's "Insert link" or "Insert text" puts its data-kb-insert text into the reply box,
// into an empty box as it is, otherwise at the cursor on a line of its own.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-kb-insert]");
    if (!button) {
      return;
    }
    var textarea = document.querySelector("#reply-form textarea[name=body]");
    if (!textarea) {
      return;
    }
    var text = button.dataset.kbInsert;
    if (!textarea.value.trim()) {
      textarea.value = text;
    } else {
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start), after = textarea.value.slice(end);
      var piece = (before && !before.endsWith("\n") ? "\n" : "") + text + "\n";
      textarea.value = before + piece + after;
      textarea.selectionStart = textarea.selectionEnd = start + piece.length;
    }
    // The draft keeper (static/js/ticket_page.js) saves it like typed text.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  });
})();
