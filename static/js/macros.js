// The macro picker on the ticket page (templates/tickets/partials/macro_picker.html).
// Choosing a macro fetches its text filled in for this ticket (the API's render endpoint) and
// puts it into the reply box: into an empty box as it is, otherwise at the cursor. The macro's
// id goes into the reply form's hidden "macro" field, so the server makes its changes (status,
// priority, tags, assignee) in the same transaction as the reply.
(function () {
  "use strict";

  function replyBody() {
    return document.querySelector("#reply-form textarea[name=body]");
  }

  function insert(textarea, text) {
    if (!textarea.value.trim()) {
      textarea.value = text;
    } else {
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      textarea.value = textarea.value.slice(0, start) + text + textarea.value.slice(end);
      textarea.selectionStart = textarea.selectionEnd = start + text.length;
    }
    // Lets the draft keeper (static/js/ticket_page.js) save it like typed text.
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
    textarea.focus();
  }

  function choose(button) {
    var picker = button.closest("[data-macro-picker]");
    var error = document.querySelector("[data-macro-error]");
    fetch(button.dataset.macroUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(response.status);
        }
        return response.json();
      })
      .then(function (data) {
        var textarea = replyBody();
        if (!textarea) {
          return;
        }
        if (error) {
          error.hidden = true;
        }
        insert(textarea, data.body);
        document.querySelector("[data-macro-field]").value = button.dataset.macroId;
        var chosen = document.querySelector("[data-macro-chosen]");
        var summary = chosen.querySelector("[data-macro-summary]");
        summary.textContent = data.name + (data.changes.length ? ": " + data.changes.join("; ") : "");
        chosen.hidden = !data.changes.length;
        if (picker) {
          picker.open = false;
        }
      })
      .catch(function () {
        if (error) {
          error.hidden = false;
        }
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-macro-insert]");
    if (button) {
      event.preventDefault();
      choose(button);
      return;
    }
    if (event.target.closest("[data-macro-clear]")) {
      document.querySelector("[data-macro-field]").value = "";
      document.querySelector("[data-macro-chosen]").hidden = true;
    }
  });

  document.addEventListener("input", function (event) {
    var filter = event.target.closest("[data-macro-filter]");
    if (!filter) {
      return;
    }
    var needle = filter.value.trim().toLowerCase();
    filter.closest("[data-macro-picker]").querySelectorAll("[data-macro-item]").forEach(function (item) {
      item.hidden = needle !== "" && item.dataset.macroName.indexOf(needle) === -1;
    });
  });

  // The list arrives by htmx: put the cursor in its search box.
  document.addEventListener("htmx:afterSwap", function (event) {
    var filter = event.target.querySelector && event.target.querySelector("[data-macro-filter]");
    if (filter) {
      filter.focus();
    }
  });
})();
