/* The ask matrix: an "all" and a "none" button on each institution's row, to tick
 * or untick its every objective at once. Without JavaScript each box is ticked by
 * hand and the page saves the same way.
 */
(function () {
  "use strict";

  var table = document.querySelector("[data-ask-matrix]");
  if (!table) return;

  // Named "all — Institution" for a screen reader: the visible word first.
  function button(text, name, row, checked) {
    var b = document.createElement("button");
    var hidden = document.createElement("span");
    b.type = "button";
    b.className = "btn btn-link btn-sm p-0 me-2";
    b.textContent = text;
    hidden.className = "visually-hidden";
    hidden.textContent = " — " + name;
    b.appendChild(hidden);
    b.addEventListener("click", function () {
      row.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = checked;
      });
    });
    return b;
  }

  table.querySelectorAll("tbody tr").forEach(function (row) {
    var head = row.querySelector("th[data-name]");
    if (!head) return;
    var name = head.getAttribute("data-name");
    var holder = document.createElement("span");
    holder.className = "d-block";
    holder.appendChild(button(table.dataset.all, name, row, true));
    holder.appendChild(button(table.dataset.none, name, row, false));
    head.appendChild(holder);
  });
})();
