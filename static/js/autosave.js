/* Autosave of the answers of an input and of the national texts (htmx does the requests).
 *
 * Nothing typed may be lost: every keystroke is kept in localStorage until the
 * server acknowledges it; a failed save is retried (and again when the network
 * returns); leaving the page with unsaved text asks first. A save against a
 * version saved since (by someone else, or in another tab) comes back as 409 with
 * who saved it, a word diff and the choices: keep mine, take theirs, or merge by
 * hand; nothing more is sent from that form until the person chooses.
 *
 * A status bar at the bottom of the viewport says how the whole page stands
 * (saved at, saving, connection lost, N unsaved changes), so it stays in view
 * while a long answer is typed; each field keeps its own status too.
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
    updatePage();
    try {
      localStorage.setItem(key(form), JSON.stringify(snapshot(form)));
    } catch (e) {
      /* storage full or disabled: the server copy is still the goal */
    }
  }

  function dropDraft(form) {
    delete form.dataset.dirty;
    updatePage();
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

  /* The page's status bar: one, whatever the number of forms. */
  var pageBar = null;
  var lastSaved = "";

  function allForms() {
    return Array.prototype.slice.call(document.querySelectorAll("form.autosave"));
  }

  function ensurePageBar() {
    if (pageBar) return pageBar;
    pageBar = document.getElementById("autosave-page-status");
    if (!pageBar) {
      var template = document.querySelector("template[data-autosave-page-status]");
      if (!template) return null;
      document.body.appendChild(template.content.cloneNode(true));
      pageBar = document.getElementById("autosave-page-status");
    }
    keepClearOfBar();
    window.addEventListener("resize", keepClearOfBar);
    return pageBar;
  }

  function keepClearOfBar() {
    // The end of the page can always be scrolled out from under the bar.
    if (pageBar) document.body.style.paddingBottom = pageBar.offsetHeight + "px";
  }

  function updatePage() {
    var bar = ensurePageBar();
    if (!bar) return;
    var forms = allForms();
    var count = function (flag) {
      return forms.filter(function (form) {
        return form.dataset[flag];
      }).length;
    };
    var text, isError = false;
    if (count("failing")) {
      text = bar.dataset.offline;
      isError = true;
    } else if (count("conflict")) {
      text = bar.dataset.conflict;
      isError = true;
    } else if (count("inflight")) {
      text = bar.dataset.saving;
    } else if (count("dirty")) {
      var n = count("dirty");
      text = (n === 1 ? bar.dataset.unsavedOne : bar.dataset.unsavedMany).replace("{n}", n);
    } else if (lastSaved) {
      text = bar.dataset.saved.replace("{time}", lastSaved);
    } else {
      return; // as rendered: all changes saved, none yet on this page
    }
    // Only a change of state is announced, not every keystroke.
    if (bar.textContent !== text) bar.textContent = text;
    bar.classList.toggle("text-danger", isError);
  }

  /* "Not applicable": the reason box is shown, and required, only when ticked. */
  function showReason(form) {
    var f = fields(form);
    if (!f.na || !f.reason) return;
    var box = f.reason.closest(".na-reason") || f.reason.parentNode;
    box.hidden = !f.na.checked;
    f.reason.required = f.na.checked;
    f.na.setAttribute("aria-expanded", f.na.checked ? "true" : "false");
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
      showReason(form);
      restoreDraft(form);
      form.addEventListener("input", function () {
        keepDraft(form);
        updateCount(form);
        // In a conflict, the field keeps saying so until the person chooses.
        if (!form.dataset.conflict) {
          setStatus(form, form.dataset.unsaved || document.body.dataset.unsaved || "…", false);
        }
      });
      form.addEventListener("change", function (event) {
        if (event.target === fields(form).na) showReason(form);
        keepDraft(form);
      });
    });
    updatePage();
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form.autosave")) return;
    if (form.dataset.conflict) {
      // A newer version is waiting for the person's choice: typing on must not
      // overwrite it. What is typed is kept (localStorage) and goes with the choice.
      event.preventDefault();
      return;
    }
    form.dataset.sending = JSON.stringify(snapshot(form));
    form.dataset.inflight = "1";
    updatePage();
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form.matches || !form.matches("form.autosave")) return;
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    delete form.dataset.inflight;
    if (status === 200 || status === 409 || status === 422) delete form.dataset.failing;
    if (status === 200) {
      var stamp = fields(form).status.querySelector("[data-saved-at]");
      if (stamp) lastSaved = stamp.dataset.savedAt;
      var merged = form.querySelector("[name=merged]");
      if (merged) merged.value = ""; // the merged text is saved: a version of its own
    }
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
    } else if (status === 409) {
      form.dataset.conflict = "1";
      keepDraft(form);
    } else if (status === 422) {
      keepDraft(form);
    } else {
      form.dataset.failing = "1";
      keepDraft(form);
      setStatus(form, document.body.dataset.retrying, true);
      scheduleRetry(form);
    }
    updatePage();
  });

  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-merge-answer]");
    if (!button) return;
    var form = document.querySelector('form.autosave[data-answer="' + button.dataset.mergeAnswer + '"]');
    var merged = document.getElementById("merge-" + button.dataset.mergeAnswer).value;
    fields(form).text.value = merged;
    resolve(form, button.dataset.mergeAnswer);
  });

  /* Keep mine: my text, saved on top of the newer version. */
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-conflict-keep]");
    if (!button) return;
    var form = document.querySelector('form.autosave[data-answer="' + button.dataset.conflictKeep + '"]');
    fields(form).version.value = button.dataset.version;
    resolve(form, button.dataset.conflictKeep);
  });

  /* Take theirs: the newer version in the box, and the form now edits it. */
  document.body.addEventListener("click", function (event) {
    var button = event.target.closest("[data-conflict-take]");
    if (!button) return;
    var form = document.querySelector('form.autosave[data-answer="' + button.dataset.conflictTake + '"]');
    var f = fields(form);
    f.text.value = button.dataset.text;
    f.version.value = button.dataset.version;
    if (f.na) f.na.checked = button.dataset.na === "1";
    if (f.reason) f.reason.value = button.dataset.reason;
    var applies = form.querySelector("[name=applies]");
    if (applies) applies.value = button.dataset.applies;
    showReason(form);
    resolve(form, button.dataset.conflictTake);
  });

  // The person chose: close the conflict box and save what the form now holds
  // (for "take theirs" the server finds nothing changed and confirms the version).
  function resolve(form, key) {
    delete form.dataset.conflict;
    // The next save settles a conflict: the server keeps it as a version of its own.
    var merged = form.querySelector("[name=merged]");
    if (!merged) {
      merged = document.createElement("input");
      merged.type = "hidden";
      merged.name = "merged";
      form.appendChild(merged);
    }
    merged.value = "1";
    var box = document.getElementById("conflict-" + key);
    var empty = document.createElement("div"); // no border, no region left behind
    empty.id = box.id;
    box.replaceWith(empty);
    keepDraft(form);
    updateCount(form);
    htmx.trigger(form, "retry");
    fields(form).text.focus();
  }

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
