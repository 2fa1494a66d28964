/* The programme form: rows of its formsets added and removed in the page, the
 * statistics totals checked as one types, and the error summary focused on load.
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

  var summary = document.querySelector("[data-error-summary]");
  if (summary) summary.focus();
})();
