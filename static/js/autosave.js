/* Autosave of the answers of an input and of the national texts (htmx does the requests).
 *
 * Nothing typed may be lost: every keystroke is kept in localStorage until the
 * server acknowledges it; a failed save is retried (and again when the network
 * returns); leaving the page with unsaved text asks first. A save against a
 * version someone else changed comes back as 409 with both texts to merge.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}_]+(?:[-'’][\p{L}\p{N}_]+)*/gu;
  var retryDelays = {};

  function countWords(text) {
    var found = (text || "").match(WORD);
    return found ? found.length : 0;
  }

  function fields(form) {
    return {
      text: form.querySelector("[name=text]"),
      na: form.querySelector("[name=not_applicable]"),
      reason: form.querySelector("[name=not_applicable_reason]"),
      version: form.querySelector("[name=version]"),
      status: form.querySelector(".save-status"),
      count: form.querySelector(".word-count"),
    };
  }

  function key(form) {
    return "gcm-answer-" + form.dataset.answer;
  }

  function snapshot(form) {
    var f = fields(form);
    return {
      text: f.text.value,
      na: f.na ? f.na.checked : false,
      reason: f.reason ? f.reason.value : "",
      version: f.version.value,
    };
  }

  function keepDraft(form) {
    form.dataset.dirty = "1";
    try {
      localStorage.setItem(key(form), JSON.stringify(snapshot(form)));
    } catch (e) {
      /* storage full or disabled: the server copy is still the goal */
    }
  }

  function dropDraft(form) {
    delete form.dataset.dirty;
    try {
      localStorage.removeItem(key(form));
    } catch (e) {}
  }

  function updateCount(form) {
    var f = fields(form);
    if (!f.count) return;
    var guidance = parseInt(f.text.dataset.wordGuidance || "0", 10);
    var words = countWords(f.text.value);
    var label = f.count.dataset.template.replace("{words}", words).replace("{guidance}", guidance);
    if (guidance && words > guidance) {
      label += " — " + f.count.dataset.over;
      f.count.classList.add("over");
    } else {
      f.count.classList.remove("over");
    }
    f.count.textContent = label;
  }

  function setStatus(form, text, isError) {
    var status = fields(form).status;
    status.textContent = text;
    status.classList.toggle("text-danger", !!isError);
  }

  function scheduleRetry(form) {
    var delay = Math.min((retryDelays[form.dataset.answer] || 2500) * 2, 60000);
    retryDelays[form.dataset.answer] = delay;
    setTimeout(function () {
      if (form.dataset.dirty) htmx.trigger(form, "retry");
    }, delay);
  }

  function restoreDraft(form) {
    var raw;
    try {
      raw = localStorage.getItem(key(form));
    } catch (e) {
      return;
    }
    if (!raw) return;
    var draft = JSON.parse(raw);
    var f = fields(form);
    var now = snapshot(form);
    if (draft.text === now.text && draft.na === now.na && draft.reason === now.reason) {
      dropDraft(form);
      return;
    }
    // What was typed but never acknowledged goes back in, against the version it
    // was typed on: if someone saved since, the server answers with the merge view.
    f.text.value = draft.text;
    if (f.na) f.na.checked = draft.na;
    if (f.reason) f.reason.value = draft.reason;
    f.version.value = draft.version;
    form.dataset.dirty = "1";
    setStatus(form, document.body.dataset.restored || "…", false);
    htmx.trigger(form, "retry");
  }

  // On the first page load, and on every piece of page htmx swaps in.
  htmx.onLoad(function (root) {
    var forms = root.matches && root.matches("form.autosave") ? [root] : [];
    forms = forms.concat(Array.prototype.slice.call(root.querySelectorAll("form.autosave")));
    forms.forEach(function (form) {
      if (form.dataset.ready) return;
      form.dataset.ready = "1";
      updateCount(form);
      restoreDraft(form);
      form.addEventListener("input", function () {
        keepDraft(form);
        updateCount(form);
        setStatus(form, form.dataset.unsaved || document.body.dataset.unsaved || "…", false);
      });
      form.addEventListener("change", function () {
        keepDraft(form);
      });
    });
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (form.matches && form.matches("form.autosave")) {
      form.dataset.sending = JSON.stringify(snapshot(form));
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form.autosave")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 200 && event.detail.xhr.getResponseHeader("X-Inserted")) {
      // A passage was appended to what was sent; the new text is in the box.
      retryDelays[form.dataset.answer] = 0;
      dropDraft(form);
    } else if (status === 200) {
      retryDelays[form.dataset.answer] = 0;
      var sent = JSON.parse(form.dataset.sending || "{}");
      var now = snapshot(form);
      if (sent.text === now.text && sent.na === now.na && sent.reason === now.reason) {
        dropDraft(form);
      } else {
        keepDraft(form); // typed on while the save was on its way: the next save sends it
      }
    } else if (status === 409 || status === 422) {
      keepDraft(form);
    } else {
      keepDraft(form);
      setStatus(form, document.body.dataset.retrying, true);
      scheduleRetry(form);
    }
  });

  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-merge-answer]");
    if (!button) return;
    var form = document.querySelector('form.autosave[data-answer="' + button.dataset.mergeAnswer + '"]');
    var merged = document.getElementById("merge-" + button.dataset.mergeAnswer).value;
    fields(form).text.value = merged;
    document.getElementById("conflict-" + button.dataset.mergeAnswer).innerHTML = "";
    keepDraft(form);
    updateCount(form);
    htmx.trigger(form, "retry");
    fields(form).text.focus();
  });

  // "Insert into the national text": the passage travels in the editor's own
  // queue of saves, with what was typed so far and the version it was typed on.
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-insert-into]");
    if (!button) return;
    var form = document.querySelector('form.autosave[data-answer="' + button.dataset.insertInto + '"]');
    form.querySelector("[name=source]").value = button.dataset.source;
    htmx.trigger(form, "retry");
  });

  window.addEventListener("online", function () {
    document.querySelectorAll("form.autosave[data-dirty]").forEach(function (form) {
      htmx.trigger(form, "retry");
    });
  });

  window.addEventListener("beforeunload", function (event) {
    if (document.querySelector("form.autosave[data-dirty]")) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
