// On a phone a table is shown as cards: each cell keeps the name of its column (data-label), taken
// from the table's header row. Without JavaScript the table keeps its columns and scrolls sideways.
(function () {
  "use strict";
  var tables = document.querySelectorAll("table.table");
  for (var t = 0; t < tables.length; t++) {
    var table = tables[t];
    var head = table.tHead && table.tHead.rows[0];
    if (!head) continue;
    var names = [];
    for (var h = 0; h < head.cells.length; h++) {
      var name = head.cells[h].textContent.trim();
      for (var span = head.cells[h].colSpan || 1; span > 0; span--) names.push(name);
    }
    for (var b = 0; b < table.tBodies.length; b++) {
      var rows = table.tBodies[b].rows;
      for (var r = 0; r < rows.length; r++) {
        var column = 0;
        for (var c = 0; c < rows[r].cells.length; c++) {
          var cell = rows[r].cells[c];
          if (names[column] && cell.colSpan === 1 && !cell.hasAttribute("data-label")) {
            cell.setAttribute("data-label", names[column]);
          }
          column += cell.colSpan || 1;
        }
      }
    }
    table.classList.add("labelled");
  }
})();
