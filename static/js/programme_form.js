/* The programme form: rows of its formsets added and removed in the page, the
 * statistics totals checked as one types, and the error summary focused on load.
 *
 * An existing programme is also saved automatically (autosave below): a few seconds
 * after the last change, and on leaving a field, the whole form is sent with
 * "X-Autosave: 1"; the answer gives the new version and the ids of the rows it
 * created, which are filled in so that the next save updates them.
 *
 * Without JavaScript the form still works: one empty row to fill, a "remove"
 * box per row, and every check made again by the server when saving.
 */
(function () {
  "use strict";

  function say(section, template, number) {
    var status = section.querySelector("[data-formset-status]");
    if (status) status.textContent = template.replace("{number}", number);
  }

  function rowNumber(section, row) {
    return Array.prototype.indexOf.call(section.querySelectorAll("[data-formset-row]"), row) + 1;
  }

  // The formset's DELETE box becomes a button: it ticks the box and hides the row,
  // which Django then deletes (a saved row) or ignores (a new one) on saving.
  function enhanceRemove(section, row) {
    var holder = row.querySelector("[data-formset-delete]");
    if (!holder || holder.hidden) return;
    var box = holder.querySelector("input[type=checkbox]");
    var label = holder.querySelector("label");
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-danger btn-sm";
    button.textContent = label.textContent.trim();
    holder.hidden = true;
    holder.parentNode.insertBefore(button, holder.nextSibling);
    button.addEventListener("click", function () {
      box.checked = true;
      box.dispatchEvent(new Event("change", { bubbles: true })); // for the autosave
      row.hidden = true;
      say(section, section.dataset.removed || "", rowNumber(section, row));
      section.querySelector("[data-formset-add]").focus();
    });
    if (box.checked) row.hidden = true; // removed before a save that failed
  }

  function number(row, name) {
    var input = row.querySelector("[name$='-" + name + "']");
    if (!input || input.value.trim() === "") return null;
    var value = Number(input.value);
    return Number.isInteger(value) ? value : null;
  }

  // The same rule as Statistic.clean: men and women both given make the total;
  // one of them alone only bounds it.
  function checkTotal(section, row) {
    var total = row.querySelector("[name$='-total']");
    var check = row.querySelector(".stat-check");
    if (!total || !check) return;
    var men = number(row, "men");
    var women = number(row, "women");
    var given = number(row, "total");
    var sum = (men || 0) + (women || 0);
    var message = "";
    var wrong = false;
    if (men !== null && women !== null && given === null) {
      message = section.dataset.sumFill;
    } else if (given !== null && sum > given) {
      message = section.dataset.sumSmaller;
      wrong = true;
    } else if (men !== null && women !== null && given !== sum) {
      message = section.dataset.sumDiffers;
      wrong = true;
    }
    check.textContent = message ? message.replace("{sum}", sum) : "";
    check.classList.toggle("text-danger", wrong);
    check.classList.toggle("text-body-secondary", !wrong);
    total.classList.toggle("is-invalid", wrong);
    if (wrong) total.setAttribute("aria-invalid", "true");
    else total.removeAttribute("aria-invalid");
  }

  function enhanceTotals(section, row) {
    if (!row.querySelector(".stat-check")) return;
    row.addEventListener("input", function (event) {
      if (!/-(men|women|total)$/.test(event.target.name || "")) return;
      // The server's message about these numbers no longer holds once they change.
      row.querySelectorAll("[data-stat=total] [data-server-error]").forEach(function (error) {
        var input = error.parentNode.querySelector("input");
        input.setAttribute("aria-describedby", input.id + "-check");
        error.remove();
      });
      checkTotal(section, row);
    });
    checkTotal(section, row);
  }

  function enhanceRow(section, row) {
    enhanceRemove(section, row);
    enhanceTotals(section, row);
  }

  function enhanceFormset(section) {
    var prefix = section.dataset.formset;
    var rows = section.querySelector("[data-formset-rows]");
    var template = section.querySelector("template[data-formset-template]");
    var totalForms = section.querySelector("[name='" + prefix + "-TOTAL_FORMS']");
    var add = section.querySelector("[data-formset-add]");
    if (!rows || !template || !totalForms || !add) return;
    rows.querySelectorAll("[data-formset-row]").forEach(function (row) {
      enhanceRow(section, row);
    });
    section.querySelectorAll("[data-formset-nojs]").forEach(function (hint) {
      hint.hidden = true;
    });
    add.hidden = false;
    add.addEventListener("click", function () {
      var index = Number(totalForms.value);
      var html = template.innerHTML
        .replace(/__prefix__/g, String(index))
        .replace(/__num__/g, String(index + 1));
      rows.insertAdjacentHTML("beforeend", html);
      totalForms.value = String(index + 1);
      var added = rows.lastElementChild;
      enhanceRow(section, added);
      say(section, section.dataset.added || "", index + 1);
      var first = added.querySelector("input:not([type=hidden]), textarea, select");
      if (first) first.focus();
    });
  }

  document.querySelectorAll("[data-formset]").forEach(enhanceFormset);

  /* Autosave of an existing programme (a new one is saved the first time by hand). */
  var DELAY = 3000;

  function idInput(row) {
    return row.querySelector("input[type=hidden][name$='-id']");
  }

  // After a save: each row sent gets the id the server gave it (none: not saved,
  // or deleted), then the rows are renumbered so that the saved ones come first,
  // as Django's formsets require (the first INITIAL_FORMS rows are the stored ones).
  // Only names and ids change: the rows stay where they are, and so does the focus.
  function applyIds(sent, ids) {
    document.querySelectorAll("[data-formset]").forEach(function (section) {
      var prefix = section.dataset.formset;
      var totalForms = section.querySelector("[name='" + prefix + "-TOTAL_FORMS']");
      var initialForms = section.querySelector("[name='" + prefix + "-INITIAL_FORMS']");
      var sentTotal = Number(sent.get(prefix + "-TOTAL_FORMS") || 0);
      var rows = Array.prototype.slice.call(section.querySelectorAll("[data-formset-row]"));
      var saved = [], unsaved = [];
      rows.forEach(function (row) {
        var input = idInput(row);
        if (!input) return;
        var rowPrefix = input.name.slice(0, -"-id".length);
        var index = Number(rowPrefix.slice(prefix.length + 1));
        if (index < sentTotal) input.value = ids[rowPrefix] ? String(ids[rowPrefix]) : "";
        (input.value ? saved : unsaved).push({ row: row, index: index });
      });
      var order = saved.concat(unsaved);
      var rename = function (row, from, to) {
        [row].concat(Array.prototype.slice.call(row.querySelectorAll("*"))).forEach(function (el) {
          ["name", "id", "for", "aria-describedby", "aria-labelledby"].forEach(function (attr) {
            var value = el.getAttribute(attr);
            if (value && value.indexOf(from) !== -1) el.setAttribute(attr, value.split(from).join(to));
          });
        });
      };
      // Two steps, so that no two rows share a name on the way.
      order.forEach(function (item, position) {
        if (item.index !== position) rename(item.row, prefix + "-" + item.index + "-", prefix + "-renumbering" + position + "-");
      });
      order.forEach(function (item, position) {
        if (item.index !== position) rename(item.row, prefix + "-renumbering" + position + "-", prefix + "-" + position + "-");
      });
      if (totalForms) totalForms.value = String(order.length);
      if (initialForms) initialForms.value = String(saved.length);
    });
  }

  function enhanceAutosave(form) {
    var template = document.querySelector("template[data-autosave-page-status]");
    if (!template) return;
    // The page's status bar (the answers' one), shown from the first change on.
    var bar = template.content.firstElementChild;
    var shown = false;
    var version = form.querySelector("[name=version]");
    var conflict = document.querySelector("[data-autosave-conflict]");
    var timer = null, inflight = false, again = false, dirty = false, stopped = false;

    function status(text, isError) {
      if (!shown) {
        shown = true;
        bar = document.body.appendChild(document.importNode(bar, true));
        document.body.style.paddingBottom = bar.offsetHeight + "px";
      }
      if (bar.textContent !== text) bar.textContent = text;
      bar.classList.toggle("text-danger", !!isError);
    }

    // The fields an autosave was refused for: marked as Save would mark them, each
    // with its reason read out, until a later autosave goes through.
    function markInvalid(problems) {
      form.querySelectorAll("[data-autosave-invalid]").forEach(function (field) {
        field.classList.remove("is-invalid");
        field.removeAttribute("aria-invalid");
        field.removeAttribute("data-autosave-invalid");
        var note = document.getElementById(field.id + "-autosave-error");
        if (note) note.remove();
        var kept = (field.getAttribute("aria-describedby") || "").split(" ").filter(function (id) {
          return id && id !== field.id + "-autosave-error";
        });
        if (kept.length) field.setAttribute("aria-describedby", kept.join(" "));
        else field.removeAttribute("aria-describedby");
      });
      problems.forEach(function (problem) {
        var field = document.getElementById(problem.target);
        if (!field) return;
        field.classList.add("is-invalid");
        field.setAttribute("aria-invalid", "true");
        field.setAttribute("data-autosave-invalid", "");
        var note = document.createElement("div");
        note.id = field.id + "-autosave-error";
        note.className = "invalid-feedback d-block";
        note.textContent = problem.message;
        field.insertAdjacentElement("afterend", note);
        var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (described.indexOf(note.id) < 0) described.push(note.id);
        field.setAttribute("aria-describedby", described.join(" "));
      });
    }

    function schedule(delay) {
      clearTimeout(timer);
      if (!stopped) timer = setTimeout(send, delay);
    }

    function send() {
      if (stopped || !dirty) return;
      if (inflight) {
        again = true;
        return;
      }
      inflight = true;
      dirty = false;
      status(bar.dataset.saving);
      var data = new FormData(form);
      data.delete("new_attachment"); // a document is only sent by "Save"
      fetch(form.action || window.location.href, {
        method: "POST",
        body: data,
        headers: { "X-Autosave": "1" },
        credentials: "same-origin",
      })
        .then(function (response) {
          return response.json().then(function (body) {
            if (response.ok) {
              markInvalid([]);
              version.value = String(body.version);
              applyIds(data, body.ids || {});
              status(bar.dataset.saved.replace("{time}", body.saved_at));
            } else if (response.status === 422) {
              var n = body.errors || 0;
              var problems = body.problems || [];
              var text = (n === 1 ? form.dataset.invalidOne : form.dataset.invalidMany).replace("{n}", n);
              markInvalid(problems);
              status(problems.length ? text + ". " + problems[0].message : text, true);
            } else if (response.status === 409) {
              stopped = true;
              status(form.dataset.conflict, true);
              if (conflict) conflict.hidden = false;
            } else if (response.status === 403) {
              stopped = true;
              status(form.dataset.locked, true);
            } else {
              throw new Error(String(response.status));
            }
          });
        })
        .catch(function () {
          dirty = true;
          status(bar.dataset.offline, true);
          schedule(DELAY * 3);
        })
        .finally(function () {
          inflight = false;
          if (submitting) {
            form.submit();
          } else if (again) {
            again = false;
            schedule(0);
          }
        });
    }

    function changed(event) {
      if (event.target.type === "file") return;
      dirty = true;
      if (!inflight) status(form.dataset.unsaved);
      schedule(DELAY);
    }
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("focusout", function () {
      if (dirty) schedule(0);
    });
    var submitting = false;
    form.addEventListener("submit", function (event) {
      stopped = true; // "Save" sends everything, the document included
      clearTimeout(timer);
      // ...with the version an autosave under way is about to return.
      if (inflight) {
        event.preventDefault();
        submitting = true;
      }
    });
    document.querySelectorAll("[data-autosave-reload]").forEach(function (button) {
      button.addEventListener("click", function () {
        window.location.reload();
      });
    });
  }

  var autosaved = document.querySelector("form[data-autosave]");
  if (autosaved) enhanceAutosave(autosaved);

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
