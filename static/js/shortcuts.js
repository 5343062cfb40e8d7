// Keyboard shortcuts on the agent's pages: j/k next/previous ticket, Enter open (in a list),
// r reply, n internal note, a assign to me, s status, / search, ? this help. They never fire
// while typing in a field, nor with Ctrl, Alt or Meta held.
(function () {
  "use strict";

  function typing(target) {
    if (!target || !target.tagName) {
      return false;
    }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  function listRows() {
    // The queue: each row that links to a ticket.
    return Array.prototype.filter.call(
      document.querySelectorAll("[data-shortcut-list] [data-shortcut-item], table.tickets tbody tr"),
      function (row) { return row.querySelector("a[href*='/agent/tickets/']"); }
    );
  }

  var current = -1;

  function select(rows, index) {
    if (!rows.length) {
      return;
    }
    current = Math.max(0, Math.min(rows.length - 1, index));
    rows.forEach(function (row, i) { row.classList.toggle("shortcut-current", i === current); });
    var link = rows[current].querySelector("a[href*='/agent/tickets/']");
    link.focus();
    rows[current].scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var target = document.querySelector(step > 0 ? "[data-shortcut-next]" : "[data-shortcut-prev]");
    if (target) {
      window.location.href = target.href;
      return true;
    }
    var rows = listRows();
    if (!rows.length) {
      return false;
    }
    select(rows, current < 0 ? 0 : current + step);
    return true;
  }

  function focusReply(internal) {
    var form = document.getElementById("reply-form");
    if (!form) {
      return false;
    }
    var box = form.querySelector("input[name=is_internal]");
    if (box) {
      box.checked = internal;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }
    var body = form.querySelector("textarea[name=body]");
    body.scrollIntoView({ block: "center" });
    body.focus();
    return true;
  }

  function focusField(selector) {
    var field = document.querySelector(selector);
    if (!field) {
      return false;
    }
    field.focus();
    return true;
  }

  function take() {
    var form = document.querySelector(".ticket-head form.take-form, form[data-shortcut-take]");
    if (!form) {
      return false;
    }
    form.requestSubmit();
    return true;
  }

  function toggleHelp() {
    var dialog = document.getElementById("shortcuts-help");
    if (!dialog) {
      return false;
    }
    if (dialog.open) {
      dialog.close();
    } else {
      dialog.showModal();
    }
    return true;
  }

  var actions = {
    j: function () { return move(1); },
    k: function () { return move(-1); },
    r: function () { return focusReply(false); },
    n: function () { return focusReply(true); },
    a: take,
    s: function () { return focusField("#id_properties_status"); },
    "/": function () { return focusField("#agent-search"); },
    "?": toggleHelp
  };

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (typing(event.target) || event.isComposing) {
      return;
    }
    var dialog = document.getElementById("shortcuts-help");
    if (dialog && dialog.open && event.key !== "?") {
      return; // the help is modal: Escape closes it
    }
    var action = actions[event.key];
    if (action && action()) {
      event.preventDefault();
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target.closest && event.target.closest("[data-shortcuts-help-open]");
    if (opener) {
      toggleHelp();
    }
  });
})();
