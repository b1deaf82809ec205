/* Orion — filters of a table's rows (the schools of a formation by région
 * or département). Without JavaScript the filter stays hidden and every row
 * is shown; with it, the selects keep the rows whose data-* keys match.
 */
(function () {
  'use strict';
  document.querySelectorAll('.table-filtre').forEach(function (box) {
    var wrap = box.nextElementSibling;
    var table = wrap && wrap.querySelector('table');
    if (!table) { return; }
    var selects = box.querySelectorAll('select[data-filtre]');
    var count = box.querySelector('.filtre-compte');
    var rows = table.tBodies[0].rows;
    function apply() {
      var shown = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = true;
        selects.forEach(function (s) {
          if (s.value && rows[i].getAttribute('data-' + s.dataset.filtre) !== s.value) { ok = false; }
        });
        rows[i].hidden = !ok;
        if (ok) { shown++; }
      }
      if (count) {
        count.textContent = shown === rows.length ? rows.length + ' ligne(s), toutes affichées.' :
          shown + ' ligne(s) affichée(s) sur ' + rows.length + '.';
      }
    }
    selects.forEach(function (s) { s.addEventListener('change', apply); });
    box.hidden = false;
    apply();
  });
})();
