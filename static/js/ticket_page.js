// The agent's ticket page: drafts that survive a reload, and htmx swapping the properties
// form's 422 answer (its errors next to the fields). No inline script: the CSP forbids it.
(function () {
  "use strict";
  var PREFIX = "helpdesk:draft:";

  function storage() {
    try {
      return window.localStorage;
    } catch (error) {
      return null; // storage disabled: no drafts, the page still works
    }
  }

  function draftKey(form) {
    return PREFIX + form.getAttribute("data-draft-key");
  }

  function readDraft(store, key) {
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function wireDraft(form) {
    var store = storage();
    var body = form.querySelector("textarea[name=body]");
    var internal = form.querySelector("input[name=is_internal]");
    if (!store || !body) {
      return;
    }
    var key = draftKey(form);
    if (form.hasAttribute("data-draft-sent")) {
      // The server sent the reply and redirected here: the draft is done with.
      store.removeItem(key);
    } else {
      var draft = readDraft(store, key);
      if (draft && draft.body && !body.value) {
        body.value = draft.body;
        if (internal) {
          internal.checked = !!draft.internal;
        }
        var note = form.querySelector("[data-draft-note]");
        if (note) {
          note.hidden = false;
        }
      }
    }
    function save() {
      if (body.value) {
        store.setItem(key, JSON.stringify({ body: body.value, internal: !!(internal && internal.checked) }));
      } else {
        store.removeItem(key);
      }
    }
    body.addEventListener("input", save);
    if (internal) {
      internal.addEventListener("change", save);
    }
    if (body.value) {
      save(); // a draft the server gave back (a collision warning, an error) is kept too
    }
  }

  function init() {
    document.querySelectorAll("form[data-draft-key]").forEach(wireDraft);
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 422 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
